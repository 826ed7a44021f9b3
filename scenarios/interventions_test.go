package scenarios_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// preregistered is, for every shipped intervention, the one outcome its
// mechanism predicts and the direction (docs/MODEL.md, the mechanism cards),
// fixed before the 1,000-pair comparisons that judge them were run (issue
// #21): an intervention passes only if that outcome's 95% CI excludes 0 in
// that direction. (Before, a test passed if any of some 30 metrics moved,
// which one will by chance.) The rule (docs/MODEL.md §3.6): each version of
// the model's mechanisms judges all nine candidate interventions once, with
// these outcomes, at 1,000 pairs and seed 1; those that pass are shipped,
// the others are examples in scenarios/examples/. On the current model
// (after the review of issue 21 and the second review's dogs), the five
// shipped pass; mobile-units-afghanistan (acetic anhydride seized +68 kg,
// 95% CI -14 to +150), sosnovka-post (opiates seized +98 kg, -22 to +218),
// anti-corruption (+68 kg, -4 to +139) and railcar-inspection (+49 kg, -101
// to +200, in the 2008 world) do not and are examples. mobile-units-
// afghanistan has now failed, passed, failed, passed and failed on
// successive versions of the model: its effect sits at the edge of what
// 1,000 pairs detect. A test is not rerun on the same model until it passes.
var preregistered = map[string]struct {
	metric experiment.Metric
	up     bool
}{
	"sary-tash-post":        {experiment.OpiatesSeized, true},    // random inspections and dogs on the Pamir Highway
	"kz-scanners":           {experiment.HeroinSeized, true},     // truck scanners and dogs at the Kazakh checkpoints
	"china-intel-sharing":   {experiment.PrecursorSeized, true},  // Chinese intelligence flags precursor loads at the China posts
	"russian-border-guards": {seizedInTJ(), true},                // patrols on the Panj stretches
	"informant-program":     {experiment.OrganiserArrests, true}, // informants lead to organisers
}

func seizedInTJ() experiment.Metric {
	m, _ := experiment.SeizedIn("TJ")
	return m
}

// TestEveryShippedInterventionMeetsItsPrediction runs every shipped
// intervention (a scenario with interventions, not a driver) against the
// baseline it extends (baseline or baseline-2008) at 1,000 paired
// replications and requires its preregistered outcome to move in the
// predicted direction with a 95% CI that excludes 0. It takes about a
// minute of CPU: CI runs it (HOURGLASS_TEST_FULL=1), make test alone skips
// it (the skip is not cached: go test records the variable it read).
func TestEveryShippedInterventionMeetsItsPrediction(t *testing.T) {
	if testing.Short() || os.Getenv("HOURGLASS_TEST_FULL") != "1" {
		t.Skip("1,000 replications of every shipped intervention (about a minute of CPU): runs with HOURGLASS_TEST_FULL=1 (CI), not with -short")
	}
	entries, err := scenarios.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, baseName := range []string{"baseline.toml", "baseline-2008.toml"} {
		base, err := scenario.Load(scenarios.FS, baseName)
		if err != nil {
			t.Fatal(err)
		}
		e := &experiment.Experiment{Kind: "compare", Seed: 1, N: 1000,
			Scenarios: []experiment.Scenario{{Name: base.Name, World: base.World, Params: &base.Params, Epochs: base.Epochs}}}
		for _, entry := range entries {
			sc, err := scenario.Load(scenarios.FS, entry.Name())
			if err != nil || len(sc.Costs) == 0 || strings.HasPrefix(sc.Name, "driver-") || !extends(sc, baseName) ||
				dated(sc) || sc.Params.Days != base.Params.Days {
				continue // the network, the baselines, drivers, targets, the other period, histories
			}
			if _, ok := preregistered[sc.Name]; !ok {
				if sc.Name != "inspection-program" { // the study's comparator, not a shipped policy
					t.Errorf("%s: a shipped intervention with no preregistered outcome (add it to preregistered and to its mechanism card in docs/MODEL.md)", sc.Name)
				}
				continue
			}
			found[sc.Name] = true
			e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs,
				AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost(), EffectDiscount: sc.EffectDiscount()})
		}
		if len(e.Scenarios) == 1 {
			continue
		}
		res, err := e.Run(context.Background(), experiment.Discard)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range res.Summary.Scenarios[1:] {
			want := preregistered[s.Name]
			d := s.Metrics[want.metric].VsBaseline
			if d == nil {
				t.Fatalf("%s: no paired difference for %s", s.Name, want.metric)
			}
			ok := d.ExcludesZero && (d.Mean > 0) == want.up
			dir := "up"
			if !want.up {
				dir = "down"
			}
			if !ok {
				t.Errorf("%s: %s predicted %s, got %+.4g (95%% CI %+.4g to %+.4g) at 1,000 pairs", s.Name, want.metric, dir, d.Mean, d.Lo, d.Hi)
			} else {
				t.Logf("%s: %s %+.4g (95%% CI %+.4g to %+.4g), as predicted", s.Name, want.metric, d.Mean, d.Lo, d.Hi)
			}
		}
	}
	for name := range preregistered {
		if !found[name] {
			t.Errorf("%s is preregistered but was not run (not shipped any more? remove it with the reason in docs/MODEL.md)", name)
		}
	}
}

// dated reports whether sc's world changes after the measured start (a
// history's events; the warm-up's world, without the interventions, is
// not such a change).
func dated(sc *scenario.Scenario) bool {
	for _, e := range sc.Epochs {
		if e.From.Sub(sc.Params.Start) > 0 {
			return true
		}
	}
	return false
}

// extends reports whether base is the last baseline in sc's chain of files
// (baseline-2008 itself extends baseline).
func extends(sc *scenario.Scenario, base string) bool {
	last := ""
	for _, f := range sc.Files {
		if f.Path == "baseline.toml" || f.Path == "baseline-2008.toml" {
			last = f.Path
		}
	}
	return last == base
}

// TestExamplesLoad: the example scenarios (interventions that missed their
// preregistered outcome, kept to show how to write one) still load from disk
// as a user's file does, extending the shipped baselines.
func TestExamplesLoad(t *testing.T) {
	entries, err := os.ReadDir("examples")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		fsys, name, err := scenarios.Resolve("examples/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenario.Load(fsys, name); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
		if _, shipped := preregistered[strings.TrimSuffix(e.Name(), ".toml")]; shipped {
			t.Errorf("%s is both an example and a shipped policy", e.Name())
		}
		n++
	}
	if n < 4 {
		t.Errorf("%d example scenarios, want the four that missed their prediction", n)
	}
}
