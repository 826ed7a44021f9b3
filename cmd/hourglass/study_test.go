package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStudyIntelligence runs a small study (about 0.5 s: not skipped with -short).
func TestStudyIntelligence(t *testing.T) {
	withFigures(t)
	dir := filepath.Join(t.TempDir(), "study")
	var out, errb bytes.Buffer
	if code := realMain([]string{"study", "intelligence", "-n", "6", "--levels", "0:1:2", "--quiet", "--out", dir}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	f, err := os.Open(filepath.Join(dir, "study.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := "level,program,metric,diff_mean,ci_low,ci_high,extra_cost_usd,per_unit,per_unit_ci_low,per_unit_ci_high"; strings.Join(rows[0], ",") != want {
		t.Errorf("header %v, want %s", rows[0], want)
	}
	if got := len(rows) - 1; got != 2*2*3 {
		t.Errorf("%d rows, want 2 levels × 2 programs × 3 metrics = 12", got)
	}
	for _, r := range rows[1:] {
		if r[6] != "610000" {
			t.Errorf("%s at %s: extra cost %s, want the programs' 610000", r[1], r[0], r[6])
		}
	}
	for _, name := range []string{"report.html", "study.json", "sources.csv", "figures/study-opiates_seized_kg.svg", "figures/study-organiser_arrests.png"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "results: "+dir) {
		t.Errorf("study does not say where the results are:\n%s", out.String())
	}
}

func TestStudyBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"study", "intelligence", "--levels", "1:0:1"}, `--levels "1:0:1": want FROM:TO:STEPS with 0 <= FROM < TO <= 1`},
		{[]string{"study", "intelligence", "--levels", "0:2:3"}, `--levels "0:2:3"`},
		{[]string{"study", "intelligence", "--levels", "0:1"}, `--levels "0:1"`},
		{[]string{"study", "intelligence", "-n", "1"}, "-n 1: paired confidence intervals need at least 2 replications"},
		{[]string{"study", "intelligance"}, `unknown study "intelligance" (available: intelligence)`},
		{[]string{"study"}, "which study? (available: intelligence)"},
		{[]string{"study", "intelligence", "baseline", "sary-tash-post"}, "takes at most one base scenario"},
		{[]string{"study", "intelligence", "--bogus"}, "flag provided but not defined: -bogus"},
	} {
		out := filepath.Join(t.TempDir(), "never")
		var stdout, stderr bytes.Buffer
		code := realMain(append(tc.args, "--out", out), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: status %d, stderr:\n%s\nwant status 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", tc.args, out)
		}
	}
}
