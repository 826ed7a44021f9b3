package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/scenario"
)

func TestCheckReportsProblemsAndExitStatus(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("extends = \"baseline.toml\"\n[[place]]\nid = \"sosnovka\"\ntraits = { corruption = 2 }\n"), 0o644)
	var out, errb bytes.Buffer
	code := realMain([]string{"check", bad}, &out, &errb)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(errb.String(), "bad.toml:4: place[sosnovka].traits.corruption: 2 is not a probability (allowed: 0..1)") {
		t.Errorf("stderr:\n%s", errb.String())
	}
	out.Reset()
	if code := realMain([]string{"check", "baseline"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "ok") {
		t.Errorf("baseline check: status %d, %s", code, out.String())
	}
}

func TestRunWritesResults(t *testing.T) {
	parallel(t)
	dir := filepath.Join(t.TempDir(), "out")
	var out, errb bytes.Buffer
	if code := realMain([]string{"run", "-n", "3", "--seed", "5", "--out", dir}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	for _, f := range []string{"runs.csv", "summary.csv", "breakdown.csv", "segment_flows.csv", "summary.json", "manifest.json", "sources.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(filepath.Join(dir, f)); st.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", f, st.Mode().Perm())
		}
		if lines := strings.Count(string(data), "\n"); lines < 2 {
			t.Errorf("%s has %d lines", f, lines)
		}
	}
	if !strings.Contains(out.String(), "results: "+dir) {
		t.Errorf("run does not say where the results are:\n%s", out.String())
	}
}

func TestBadInvalidScenarioTouchesNoResults(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("extends = \"baseline.toml\"\nbogus = 1\n"), 0o644)
	outDir := filepath.Join(dir, "res")
	var out, errb bytes.Buffer
	if code := realMain([]string{"run", "--out", outDir, bad}, &out, &errb); code == 0 {
		t.Fatal("invalid scenario ran")
	}
	if _, err := os.Stat(outDir); !os.IsNotExist(err) {
		t.Errorf("results directory created for an invalid scenario")
	}
	if !strings.Contains(errb.String(), "bad.toml:2: bogus: unknown key") {
		t.Errorf("stderr:\n%s", errb.String())
	}
}

func TestListCommand(t *testing.T) {
	parallel(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "places"}, "sosnovka"},
		{[]string{"list", "places", "baseline-2008"}, "kz-ru-west"},
		{[]string{"list", "scenarios"}, "baseline-2008"},
		{[]string{"list", "keys"}, "place[ID].traits.inspection_rate"},
		{[]string{"list", "metrics"}, "heroin_delivered_kg"},
	} {
		if out := hourglass(t, tt.args...); !strings.Contains(out, tt.want) {
			t.Errorf("%v: want %q in\n%s", tt.args, tt.want, out)
		}
	}
	var out, errb bytes.Buffer
	if code := realMain([]string{"list", "roads"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "allowed: places, scenarios, keys, metrics") {
		t.Errorf("list roads: exit %d, %q", code, errb.String())
	}
}

// skipShort skips an end-to-end test under go test -short (a quick check
// while editing); make test and CI run them all.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: runs without -short (make test, CI)")
	}
}

// TestShippedInterventionsMatchMakefile: every name in the Makefile's
// INTERVENTIONS (what make run compares, and the browser test's report)
// is a shipped policy scenario of the baseline's world, each once.
func TestShippedInterventionsMatchMakefile(t *testing.T) {
	parallel(t)
	data, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\\\n", " "), "\n") {
		if rest, ok := strings.CutPrefix(line, "INTERVENTIONS = "); ok {
			names = strings.Fields(rest)
		}
	}
	if len(names) < 2 {
		t.Fatalf("the Makefile's INTERVENTIONS: %v", names)
	}
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] || strings.HasPrefix(name, "driver-") || name+".toml" == scenarios.Baseline {
			t.Errorf("INTERVENTIONS names %s twice, or a driver or the baseline", name)
		}
		seen[name] = true
		if _, err := fs.Stat(scenarios.FS, name+".toml"); err != nil {
			t.Errorf("INTERVENTIONS names %s, which is not a shipped scenario: %v", name, err)
			continue
		}
		sc, err := job.Load(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.ContainsFunc(sc.Files, func(f scenario.FileInfo) bool { return f.Path == scenarios.Baseline }) {
			t.Errorf("INTERVENTIONS names %s, which does not extend the baseline (its files: %v)", name, sc.Files)
		}
	}
}
