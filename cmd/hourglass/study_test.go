package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStudyIntelligence runs a small study (about 0.5 s: not skipped with
// -short): it is a comparison across professionalization of the baseline
// and the two programs, each program paired with the baseline at its own
// level, and its report has no empty map section, includes heroin
// delivered, and says every level in words.
func TestStudyIntelligence(t *testing.T) {
	withFigures(t)
	dir := filepath.Join(t.TempDir(), "study")
	var out, errb bytes.Buffer
	if code := realMain([]string{"study", "intelligence", "-n", "6", "--levels", "0:1:3", "--quiet", "--out", dir}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	rows := readTable(t, dir, "across.csv")
	if want := "scenario,drivers.professionalization,alternative,baseline,outcome"; !strings.HasPrefix(strings.Join(rows[0], ","), want) {
		t.Errorf("header %v, want it to start %s", rows[0], want)
	}
	if got, want := len(rows)-1, 3*2*8; got != want {
		t.Errorf("%d rows, want 3 levels × 2 programs × 8 outcomes = %d", got, want)
	}
	for _, r := range rows[1:] {
		level, base := r[1], r[3]
		if want := "baseline[drivers.professionalization=" + level + "]"; base != want {
			t.Errorf("%s at %s paired with %s, want %s", r[2], level, base, want)
		}
		if r[14] != "610000" {
			t.Errorf("%s at %s: extra cost %s, want the programs' 610000", r[2], level, r[14])
		}
	}
	for _, name := range []string{"across_ratios.csv", "sources.csv", "figures/across-effect-opiates_seized_kg.svg", "figures/across-effect-heroin_delivered_kg.png"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"what is intelligence worth against random checks", "Heroin reaching the final markets a year", " at 0.5"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(string(page), "Route maps") {
		t.Error("report.html has a Route maps heading and no maps")
	}
	if !strings.Contains(out.String(), "results: "+dir) {
		t.Errorf("study does not say where the results are:\n%s", out.String())
	}
}

func TestStudyBadInput(t *testing.T) {
	parallel(t)
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
