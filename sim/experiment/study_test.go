package experiment_test

import (
	"math"
	"testing"

	"hourglass/sim/experiment"
)

func TestPerDollar(t *testing.T) {
	d := experiment.Diff{N: 100, Mean: 1200, Lo: 600, Hi: 1800} // kg
	for _, tc := range []struct {
		name          string
		usd, per      float64
		mean, lo, hi  float64
		wantUndefined bool
	}{
		{name: "kg per USD 1,000", usd: 600_000, per: 1_000, mean: 2, lo: 1, hi: 3},
		{name: "per USD 1 million", usd: 600_000, per: 1_000_000, mean: 2000, lo: 1000, hi: 3000},
		{name: "a saving swaps the ends", usd: -600_000, per: 1_000, mean: -2, lo: -3, hi: -1},
		{name: "no cost", usd: 0, per: 1_000, wantUndefined: true},
		{name: "unknown cost", usd: math.NaN(), per: 1_000, wantUndefined: true},
	} {
		got := experiment.PerDollar(d, tc.usd, tc.per)
		if got.N != d.N {
			t.Errorf("%s: N %d, want %d", tc.name, got.N, d.N)
		}
		if tc.wantUndefined {
			if !math.IsNaN(got.Mean) || !math.IsNaN(got.Lo) || !math.IsNaN(got.Hi) {
				t.Errorf("%s: %+v, want NaN", tc.name, got)
			}
			continue
		}
		const eps = 1e-12
		if math.Abs(got.Mean-tc.mean) > eps*math.Abs(tc.mean) || math.Abs(got.Lo-tc.lo) > eps*math.Abs(tc.lo) || math.Abs(got.Hi-tc.hi) > eps*math.Abs(tc.hi) {
			t.Errorf("%s: %+v, want %g [%g, %g]", tc.name, got, tc.mean, tc.lo, tc.hi)
		}
	}
}

// TestCostRates: a rate is the paired difference, discounted like the cost
// (EffectDiscount w; 0 counts as 1), per money over the run.
func TestCostRates(t *testing.T) {
	extra := 500_000.0
	metrics := make(experiment.MetricSummaries, experiment.NumMetrics)
	metrics[experiment.OpiatesSeized].VsBaseline = &experiment.Diff{N: 10, Mean: 100, Lo: 50, Hi: 150}
	metrics[experiment.OrganiserArrests].VsBaseline = &experiment.Diff{N: 10, Mean: 2, Lo: -1, Hi: 5}
	for _, tc := range []struct {
		w, scale float64
	}{{w: 0, scale: 1}, {w: 1, scale: 1}, {w: 0.5, scale: 0.5}} {
		s := &experiment.Summary{Kind: "compare", Scenarios: []experiment.ScenarioSummary{
			{Name: "baseline", Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)},
			{Name: "program", Metrics: metrics, ExtraRunCostUSD: &extra, EffectDiscount: tc.w},
		}}
		rates := experiment.CostRates(s, []experiment.RateOf{{experiment.OpiatesSeized, 1_000}, {experiment.OrganiserArrests, 1_000_000}})
		if len(rates) != 2 {
			t.Fatalf("w %v: %d rates, want 2", tc.w, len(rates))
		}
		const eps = 1e-12
		near := func(got, want float64) bool { return math.Abs(got-want*tc.scale) <= eps*math.Abs(want) }
		if r := rates[0]; r.Program != "program" || r.Metric != experiment.OpiatesSeized || r.ExtraCostUSD != extra || !near(r.PerUnit.Mean, 0.2) || !near(r.PerUnit.Lo, 0.1) || !near(r.PerUnit.Hi, 0.3) {
			t.Errorf("w %v: opiates: %+v", tc.w, r)
		}
		if r := rates[1]; !near(r.PerUnit.Mean, 4) || !near(r.PerUnit.Lo, -2) || !near(r.PerUnit.Hi, 10) {
			t.Errorf("w %v: organisers: %+v", tc.w, r)
		}
	}
}
