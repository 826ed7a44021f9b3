package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/job"
	"hourglass/sim/targets"
)

// TestValidateBaselinePasses guards the calibration: both shipped periods,
// the 2004-05 baseline and baseline-2008, meet every target of the shipped
// targets file. A target passes when its simulated mean lies in its
// accepted range. The README's claim is at 200 replications (validate -n
// 200), which CI checks (HOURGLASS_TEST_FULL=1): every target passes and the
// command says so. make test runs 20, where a mean's 95% CI is some ±30%
// wide (Tajik seizures: about 1,600 kg against an accepted 243-1,699), so
// there it requires only that no target is clearly missed: every CI meets
// the accepted range, and each verdict agrees with its mean.
func TestValidateBaselinePasses(t *testing.T) {
	parallel(t)
	tf, err := targets.Load(scenarios.FS, "targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(tf.Target) == 0 {
		t.Fatal("the shipped targets file has no target")
	}
	full := os.Getenv("HOURGLASS_TEST_FULL") == "1"
	n := 20
	if full {
		n = 200
	}
	for _, sc := range []string{"baseline", "baseline-2008"} {
		v, err := job.Validate(context.Background(), job.ValidateSpec{Scenario: sc, N: n, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		own := tf.For(sc + ".toml")
		if len(own.Target) == 0 || len(v.Results) != len(own.Target) {
			t.Errorf("%s: %d results for the %d targets of the period", sc, len(v.Results), len(own.Target))
		}
		for _, r := range v.Results {
			in := r.Mean >= r.AcceptLo && r.Mean <= r.AcceptHi
			clearlyOut := r.Lo > r.AcceptHi || r.Hi < r.AcceptLo
			if r.Pass != in || clearlyOut || full && !r.Pass {
				t.Errorf("%s at %d replications: target %q: mean %g [%g, %g], accepted %g..%g, pass %v", sc, n, r.Target.Name, r.Mean, r.Lo, r.Hi, r.AcceptLo, r.AcceptHi, r.Pass)
			}
		}
		if !full {
			continue
		}
		out := hourglass(t, "validate", "-n", "200", "--seed", "1", sc)
		if want := fmt.Sprintf("all %d targets pass", len(own.Target)); !strings.Contains(out, want) || strings.Count(out, "PASS") != len(own.Target) {
			t.Errorf("validate %s: want %q and one PASS per target:\n%s", sc, want, out)
		}
	}
}

func TestValidateFailsOnMissedTarget(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "t.toml")
	os.WriteFile(f, []byte(`scenario = "baseline.toml"
[[target]]
name = "impossible retention"
metric = "opiates_retained_share_in_KZ"
min = 0.5
max = 0.6
informative = true
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

// TestBenchOutput: what hourglass bench prints, on a tiny measurement:
// each figure with its unit, and last, key=value for scripts.
func TestBenchOutput(t *testing.T) {
	parallel(t)
	s, err := job.Bench(job.BenchSpec{Scenario: "baseline", N: 1, Events: 1000, Draws: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s.WriteText(&out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i, re := range []string{
		`^hourglass bench: baseline, 1 replications per measurement, \d+ cores, \w+/\w+, go`,
		`^replications per second: +[\d.]+ on 1 core, [\d.]+ on \d+ cores$`,
		`^encounters per replication: +\d+$`,
		`^encounter events per second/core: \d+ \(whole model\) ; hot loop alone [\d.]+ ns/event, [\d.]+ allocs/event$`,
		`^one random draw: +[\d.]+ ns$`,
		`^scaling 1 -> \d+ cores: +[\d.]+x$`,
		`^peak memory \(VmHWM\): +[\d.]+ MB$`,
		`^events_per_sec_per_core=\d+ event_cost_in_draws=[\d.]+ scaling=[\d.]+ peak_rss_mb=[\d.]+$`,
	} {
		if i >= len(lines) || !regexp.MustCompile(re).MatchString(lines[i]) {
			t.Errorf("line %d does not match %s:\n%s", i+1, re, out.String())
		}
	}
	if len(lines) != 8 {
		t.Errorf("%d lines, want 8:\n%s", len(lines), out.String())
	}
}

func TestSensitivityWritesResults(t *testing.T) {
	skipShort(t)
	withFigures(t)
	dir := filepath.Join(t.TempDir(), "sens")
	out := hourglass(t, "sensitivity", "-r", "3", "-N", "4", "--reps", "1", "--quiet", "--out", dir, tinyUncertain(t))
	if !strings.Contains(out, "results: "+dir) {
		t.Errorf("output: %s", out)
	}
	for _, f := range []string{"sensitivity.csv", "sensitivity.json", "report.html", "figures/sobol-opiates_delivered_kg.svg", "figures/morris-bribes_usd.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "sensitivity.csv"))
	// 2 parameters × every metric × (mu_star, sigma, S1, ST) + header
	if got := strings.Count(string(data), "\n"); got != 1+2*experiment.NumMetrics*4 {
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
	parallel(t)
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

// check reads a candidates file as optimise reads it (issue 25: "validated
// like scenarios"): the shipped one checks out, and a bad one's problems
// come with their lines.
func TestCheckCandidatesFile(t *testing.T) {
	parallel(t)
	var out, errb bytes.Buffer
	if code := realMain([]string{"check", "--sources", "../../scenarios/candidates/two-million.toml"}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "ok (optimise candidates: 16, on baseline)") {
		t.Fatalf("check two-million.toml: exit %d\n%s%s", code, out.String(), errb.String())
	}
	f := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(f, []byte("base = \"baseline\"\n[[candidate]]\nscenario = \"kz-scaners\"\n[[post]]\ntype = \"checkpoint\"\nplaces = [\"nosuch\"]\nassumption = \"defaults\"\n"), 0o644)
	out.Reset()
	errb.Reset()
	code := realMain([]string{"check", f}, &out, &errb)
	for _, want := range []string{"c.toml:3: candidate[kz-scaners].scenario: no scenario file kz-scaners", `c.toml:6: post[checkpoint].places: unknown place "nosuch"`} {
		if code != 1 || !strings.Contains(errb.String(), want) {
			t.Errorf("check of a bad candidates file: exit %d, stderr lacks %q:\n%s", code, want, errb.String())
		}
	}
}
