package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoubleDashEndsFlags: after "--" every argument is a scenario, even
// one shaped like a flag: hourglass run -- baseline --cpuprofile=FILE is two
// scenarios (refused: run takes one), and FILE is not written. Before, the
// arguments after the first positional one were parsed as flags again, so
// the profile was written.
func TestDoubleDashEndsFlags(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	prof := filepath.Join(dir, "prof")
	var stdout, stderr bytes.Buffer
	code := realMain([]string{"run", "-n", "1", "--quiet", "--out", filepath.Join(dir, "res"), "--", "baseline", "--cpuprofile=" + prof}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "run takes one scenario") {
		t.Errorf("exit status %d, stderr %q; want 2 and run takes one scenario", code, stderr.String())
	}
	if _, err := os.Stat(prof); err == nil {
		t.Errorf("%s written: a scenario after -- was read as a flag", prof)
	}
}

// TestSourcesCSVNeutralisesFormulas: hourglass sources --csv writes its
// cells as sources.csv does (results.CSVWriter): a value from a scenario
// file that a spreadsheet would run as a formula gets a quote before it.
// Before, the command wrote its CSV itself, raw.
func TestSourcesCSVNeutralisesFormulas(t *testing.T) {
	parallel(t)
	file := filepath.Join(t.TempDir(), "inj.toml")
	os.WriteFile(file, []byte("name = \"inj\"\nextends = \"baseline.toml\"\nsource = \"test\"\n\n[[place]]\nid = \"sary-tash\"\nname = \"=HYPERLINK(\\\"http://x\\\")\"\n"), 0o644)
	var out, errb bytes.Buffer
	if code := realMain([]string{"sources", "--csv", file}, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == "place[sary-tash]" && r[1] == "name" {
			if r[2] != `'=HYPERLINK("http://x")` {
				t.Errorf("name cell %q, want it quoted", r[2])
			}
			return
		}
	}
	t.Error("no row for the place's name")
}
