package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOptimise runs hourglass optimise on the toy world of sim/job's tests
// (about a second): it answers, says where the results are, and writes the
// report with its frontier chart and siting map.
func TestOptimise(t *testing.T) {
	withFigures(t)
	dir := filepath.Join(t.TempDir(), "opt")
	var out, errb bytes.Buffer
	args := []string{"optimise", "--budget", "200000", "--candidates", "../../sim/job/testdata/toy/posts.toml", "--objective", "opiates_seized_kg", "-n", "10", "--out", dir}
	if code := realMain(args, &out, &errb); code != 0 {
		t.Fatalf("status %d: %s", code, errb.String())
	}
	for _, want := range []string{"Buy checkpoint@a1 + checkpoint@b1", "Frontier", "results: " + dir} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output does not say %q:\n%s", want, out.String())
		}
	}
	for _, name := range []string{"report.html", "optimise.json", "frontier.csv", "figures/frontier.svg", "figures/siting.png", "comparison/report.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	report, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, want := range []string{`id="answer"`, `id="frontier-table"`, `src="figures/siting.svg"`} {
		if !bytes.Contains(report, []byte(want)) {
			t.Errorf("report.html lacks %s", want)
		}
	}
}

// TestOptimiseBadInput: a bad budget or flag is a usage error (status 2),
// said in words.
func TestOptimiseBadInput(t *testing.T) {
	parallel(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"optimise", "--budget", "lots", "--candidates", "two-million"}, "--budget \"lots\": want a positive number"},
		{[]string{"optimise", "--budget", "2000000"}, "optimise needs --candidates FILE"},
		{[]string{"optimise", "--candidates", "two-million"}, "optimise needs --budget USD"},
		{[]string{"optimise", "--budget", "2e6", "--candidates", "two-million", "--procedure", "rinott"}, "--procedure \"rinott\""},
	} {
		var out, errb bytes.Buffer
		if code := realMain(c.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: status %d, %q; want 2 and %q", c.args, code, errb.String(), c.want)
		}
	}
}
