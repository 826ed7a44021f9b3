package main

import (
	"bytes"
	"fmt"
	"hourglass/sim/experiment"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateBaselinePasses guards the calibration: both shipped periods,
// the 2004-05 baseline and baseline-2008, must meet the shipped targets at a
// small replication count.
func TestValidateBaselinePasses(t *testing.T) {
	for _, sc := range []string{"baseline", "baseline-2008"} {
		out := hourglass(t, "validate", "-n", "20", "--seed", "1", sc)
		if !strings.Contains(out, "all 9 targets pass") {
			t.Errorf("validate %s:\n%s", sc, out)
		}
	}
}

func TestValidateFailsOnMissedTarget(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "t.toml")
	os.WriteFile(f, []byte(`scenario = "baseline.toml"
[[target]]
name = "impossible retention"
metric = "opiates_retained_share_in_KZ"
min = 0.5
max = 0.6
source = "test"
`), 0o644)
	var out, errb bytes.Buffer
	code := realMain([]string{"validate", "-n", "5", "--targets", f}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "FAIL") || !strings.Contains(errb.String(), "1 of 1 targets failed") {
		t.Errorf("status %d\n%s%s", code, out.String(), errb.String())
	}
	os.WriteFile(f, []byte("[[target]]\nname = \"x\"\nmetric = \"no_such\"\nobserved = 1\nwhat = 2\n"), 0o644)
	out.Reset()
	errb.Reset()
	code = realMain([]string{"validate", "-n", "5", "--targets", f}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), `unknown metric "no_such"`) || !strings.Contains(errb.String(), "target.what: unknown key") {
		t.Errorf("bad targets file: status %d\n%s", code, errb.String())
	}
}

func TestBenchLastLine(t *testing.T) {
	skipShort(t)
	if testing.Short() {
		t.Skip("measures speed")
	}
	out := hourglass(t, "bench", "-n", "4")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	var events, draws, scaling, rss float64
	if _, err := fmt.Sscanf(last, "events_per_sec_per_core=%g event_cost_in_draws=%g scaling=%g peak_rss_mb=%g", &events, &draws, &scaling, &rss); err != nil {
		t.Fatalf("last line %q: %v", last, err)
	}
	if events <= 0 || draws <= 0 || scaling <= 0 || rss <= 0 {
		t.Errorf("implausible figures: %q", last)
	}
}

func TestSensitivityWritesResults(t *testing.T) {
	skipShort(t)
	dir := filepath.Join(t.TempDir(), "sens")
	out := hourglass(t, "sensitivity", "-r", "3", "-N", "4", "--reps", "1", "--quiet", "--out", dir)
	if !strings.Contains(out, "results: "+dir) {
		t.Errorf("output: %s", out)
	}
	for _, f := range []string{"sensitivity.csv", "sensitivity.json", "report.html", "figures/sobol-opiates_delivered_kg.svg", "figures/morris-bribes_usd.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "sensitivity.csv"))
	// 7 parameters × every metric × (mu_star, sigma, S1, ST) + header
	if got := strings.Count(string(data), "\n"); got != 1+7*experiment.NumMetrics*4 {
		t.Errorf("sensitivity.csv has %d lines", got)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if !strings.Contains(string(html), "the most influential uncertain input is") {
		t.Error("sensitivity report lacks its summary")
	}
}

// check accepts a targets file (scenarios/*.toml includes targets.toml) and
// refuses a target without a source.
func TestCheckTargetsFile(t *testing.T) {
	var out, errb bytes.Buffer
	if code := realMain([]string{"check", "--sources", "../../scenarios/targets.toml"}, &out, &errb); code != 0 {
		t.Fatalf("check targets.toml: exit %d\n%s%s", code, out.String(), errb.String())
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "t.toml")
	os.WriteFile(f, []byte(`scenario = "baseline.toml"
[[target]]
name = "unsourced"
metric = "opiates_retained_share_in_KZ"
min = 0.1
max = 0.15
`), 0o644)
	out.Reset()
	errb.Reset()
	code := realMain([]string{"check", f}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), `target[0] "unsourced": no source`) {
		t.Errorf("check of an unsourced target: exit %d, stderr %q", code, errb.String())
	}
}
