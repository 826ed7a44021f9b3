package experiment_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"hourglass/sim/experiment"
)

// CheckFinite finds a value that is not finite wherever a summary file
// would hold it, and names its scenario and what it is; the NaNs that stand
// for "none" (written as empty cells) pass.
func TestCheckFinite(t *testing.T) {
	e := &experiment.Experiment{Kind: "compare", Scenarios: load(t, "baseline", "sary-tash-post"), Seed: 3, N: 4}
	fresh := func() *experiment.Summary {
		res, _ := run(t, e)
		return res.Summary
	}
	if err := fresh().CheckFinite(); err != nil {
		t.Fatalf("a summary of the shipped scenarios: %v", err)
	}
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		name   string
		poison func(*experiment.Summary)
		want   string // "" when the summary must pass
	}{
		{"a metric's p95", func(s *experiment.Summary) { s.Scenarios[0].Metrics[experiment.CourierArrests].P95 = inf },
			`scenario "baseline": metric courier_arrests: p95 is +Inf`},
		{"a paired difference's sd", func(s *experiment.Summary) { s.Scenarios[1].Metrics[experiment.Bribes].VsBaseline.SD = nan },
			`scenario "sary-tash-post": metric bribes_usd: diff_sd is NaN`},
		{"an infinite relative change", func(s *experiment.Summary) {
			s.Scenarios[1].Metrics[experiment.OpiatesSeized].VsBaseline.Relative = inf
		}, `scenario "sary-tash-post": metric opiates_seized_kg: relative_change is +Inf`},
		{"no relative change (baseline mean 0)", func(s *experiment.Summary) {
			s.Scenarios[1].Metrics[experiment.OpiatesSeized].VsBaseline.Relative = nan
		}, ""},
		{"displacement", func(s *experiment.Summary) { s.Scenarios[1].Displacement.Hi = nan },
			`scenario "sary-tash-post": displacement_share ci_high is NaN`},
		{"an effort", func(s *experiment.Summary) { s.Scenarios[0].Efforts[2].KgPer1000USD = -inf },
			`scenario "baseline": enforcement dogs: opiates_kg_per_1000_usd is -Inf`},
		{"a breakdown", func(s *experiment.Summary) { s.Scenarios[0].Breakdown[0].Kg = nan }, `scenario "baseline": seizures by `},
		{"a month with replications", func(s *experiment.Summary) { s.Scenarios[1].Monthly[0].Hi = inf }, `scenario "sary-tash-post": monthly `},
		{"a month with none (a price where nothing sold)", func(s *experiment.Summary) {
			s.Scenarios[1].Monthly[0].N, s.Scenarios[1].Monthly[0].Mean = 0, nan
		}, ""},
		{"a cost per kg", func(s *experiment.Summary) { v := inf; s.Scenarios[1].CostPerExtraKgSeized = &v },
			`scenario "sary-tash-post": cost_per_extra_kg_seized is +Inf`},
		{"a cost per unit of the decision table", func(s *experiment.Summary) {
			// a clear gain so small that the cost per unit overflows (sd 0:
			// certain, so clear after the table's adjustment too)
			cost := 1e300
			s.Scenarios[1].ExtraRunCostUSD = &cost
			d := s.Scenarios[1].Metrics[experiment.OpiatesSeized].VsBaseline
			d.Mean, d.Lo, d.Hi, d.SD, d.ExcludesZero = 1e-300, 1e-301, 1e-299, 0, true
		}, `scenario "sary-tash-post": decision table opiates_seized_kg: cost per unit`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := fresh()
			tt.poison(s)
			err := s.CheckFinite()
			if tt.want == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			var nf *experiment.NonFiniteError
			if !errors.As(err, &nf) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
