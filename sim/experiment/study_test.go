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

func TestCostRates(t *testing.T) {
	extra := 500_000.0
	metrics := make(experiment.MetricSummaries, experiment.NumMetrics)
	metrics[experiment.OpiatesSeized].VsBaseline = &experiment.Diff{N: 10, Mean: 100, Lo: 50, Hi: 150}
	metrics[experiment.OrganiserArrests].VsBaseline = &experiment.Diff{N: 10, Mean: 2, Lo: -1, Hi: 5}
	s := &experiment.Summary{Kind: "compare", Scenarios: []experiment.ScenarioSummary{
		{Name: "baseline", Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)},
		{Name: "program", Metrics: metrics, ExtraCostUSD: &extra},
	}}
	rates := experiment.CostRates(s, []experiment.RateOf{{experiment.OpiatesSeized, 1_000}, {experiment.OrganiserArrests, 1_000_000}})
	if len(rates) != 2 {
		t.Fatalf("%d rates, want 2", len(rates))
	}
	if r := rates[0]; r.Program != "program" || r.Metric != experiment.OpiatesSeized || r.ExtraCostUSD != extra || r.PerUnit.Mean != 0.2 || r.PerUnit.Lo != 0.1 || r.PerUnit.Hi != 0.3 {
		t.Errorf("opiates: %+v", r)
	}
	if r := rates[1]; r.PerUnit.Mean != 4 || r.PerUnit.Lo != -2 || r.PerUnit.Hi != 10 {
		t.Errorf("organisers: %+v", r)
	}
}
