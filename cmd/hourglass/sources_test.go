package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckSources(t *testing.T) {
	parallel(t)
	file := filepath.Join("testdata", "unsourced-post.toml")
	tests := []struct {
		args    []string
		code    int
		want    []string // lines of stderr
		wantNot []string
		wantOut string
	}{
		{[]string{"check", file}, 0, nil, []string{"no source"}, "unsourced-post.toml: ok"},
		{[]string{"check", "--sources", file}, 1,
			[]string{"testdata/unsourced-post.toml:11: place[sary-tash]: no source or assumption"},
			[]string{"unsourced-post.toml:6:"}, ""},
		// A parameter block needs its own note; the file's does not cover it.
		{[]string{"check", "--sources", filepath.Join("testdata", "unsourced-param.toml")}, 1,
			[]string{"testdata/unsourced-param.toml:6: params.interdiction.tip_rate: no source or assumption"}, nil, ""},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		if code := realMain(tt.args, &out, &errb); code != tt.code {
			t.Errorf("%v: status %d, want %d\n%s", tt.args, code, tt.code, errb.String())
		}
		lines := strings.Split(errb.String(), "\n")
		for _, w := range tt.want {
			if !contains(lines, w) {
				t.Errorf("%v: stderr lacks the line %q:\n%s", tt.args, w, errb.String())
			}
		}
		for _, w := range tt.wantNot {
			if strings.Contains(errb.String(), w) {
				t.Errorf("%v: stderr has %q:\n%s", tt.args, w, errb.String())
			}
		}
		if !strings.Contains(out.String(), tt.wantOut) {
			t.Errorf("%v: stdout lacks %q:\n%s", tt.args, tt.wantOut, out.String())
		}
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// TestShippedFilesCheck runs check --sources, as make check does, over
// every shipped file (the scenarios, the network, the calibration targets
// and the candidates of optimise): each must load, build at both ends of
// every plausible range, and name a source or assumption for every entry.
func TestShippedFilesCheck(t *testing.T) {
	parallel(t)
	var files []string
	for _, glob := range []string{"../../scenarios/*.toml", "../../scenarios/candidates/*.toml"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 15 {
		t.Fatalf("only %d shipped files: %v", len(files), files)
	}
	var out, errb bytes.Buffer
	code := realMain(append([]string{"check", "--sources"}, files...), &out, &errb)
	for _, line := range strings.Split(errb.String(), "\n") {
		if line != "" && !strings.HasPrefix(line, "hourglass check: ") {
			t.Error(line)
		}
	}
	if code != 0 || strings.Count(out.String(), ": ok (") != len(files) {
		t.Errorf("check --sources of %d shipped files: status %d\n%s%s", len(files), code, out.String(), errb.String())
	}
}

func TestSourcesCommand(t *testing.T) {
	parallel(t)
	file := filepath.Join("testdata", "unsourced-post.toml")
	var out, errb bytes.Buffer
	if code := realMain([]string{"sources", "--csv", file}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range rows {
		got[r[0]+" "+r[1]] = r
	}
	tests := []struct {
		key  string
		want []string
	}{
		{"entry field", []string{"entry", "field", "value", "range", "source_or_assumption"}},
		{"intervention[checkpoint@sosnovka] type", []string{"intervention[checkpoint@sosnovka]", "type", "checkpoint", "",
			"source: brief §5: a semi-permanent post with random inspections at Sosnovka"}},
		// the file's own note covers the place field it sets without one
		{"place[sary-tash] traits.staff", []string{"place[sary-tash]", "traits.staff", "6", "", "source: test file"}},
		{"params modes.truck.max_load_kg", []string{"params", "modes.truck.max_load_kg", "500", "",
			"source: brief §3: a 537 kg truck seizure is on record, which bounds truck loads"}},
		// a default's plausible range (sim.ParamNotes), and a place's (network.toml)
		{"params interdiction.tip_rate", []string{"params", "interdiction.tip_rate", "0.3", "[0.1, 1]",
			"assumption: scales every place's informant rate: 0.3 (calibrated on Tajik seizures, docs/MODEL.md §4: with dogs that screen and the legal crossing, the places' own rates gave three times the brief's Tajik figure; uncertain: 0.1-1)"}},
		{"place[almaty] traits.raid_rate", []string{"place[almaty]", "traits.raid_rate", "0.015", "[0.005, 0.06]",
			"assumption: rates assumed (no source gives a figure)"}},
	}
	for _, tt := range tests {
		if r := got[tt.key]; strings.Join(r, "|") != strings.Join(tt.want, "|") {
			t.Errorf("row %s = %q, want %q", tt.key, r, tt.want)
		}
	}
	out.Reset()
	if code := realMain([]string{"sources", file}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "source or assumption") || !strings.Contains(out.String(), "place[sary-tash]") ||
		!strings.Contains(out.String(), "switch product-overlap: specialised groups | the same groups") ||
		!strings.Contains(out.String(), "23 values with a plausible range, 5 switches;") {
		t.Errorf("text table:\n%.500s", out.String())
	}
}

func TestResultsHaveSources(t *testing.T) {
	parallel(t)
	dir := filepath.Join(t.TempDir(), "out")
	var out, errb bytes.Buffer
	if code := realMain([]string{"run", "-n", "2", "--quiet", "--out", dir, "sary-tash-post"}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "sources.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "scenario,entry,field,value,source_or_assumption" {
		t.Errorf("sources.csv header %q", got)
	}
	found := false
	for _, r := range rows {
		if r[0] == "sary-tash-post" && r[1] == "intervention[checkpoint@sary-tash]" && r[2] == "inspection_rate" {
			found = true
			if r[3] != "0.25" || !strings.HasPrefix(r[4], "source: brief §5: a (semi-)permanent post with random inspections at Sary-Tash") {
				t.Errorf("sources.csv row %q", r)
			}
		}
	}
	if !found {
		t.Error("sources.csv has no row for the Sary-Tash post's inspection_rate")
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `Where the numbers come from: <a href="sources.csv">sources.csv</a>, or <code>hourglass sources sary-tash-post</code>.`; !strings.Contains(string(html), want) {
		t.Errorf("report.html lacks %q", want)
	}
}
