package experiment_test

import (
	"math"
	"testing"

	"hourglass/sim/experiment"
)

func TestCostPerUnit(t *testing.T) {
	for _, tt := range []struct {
		name         string
		cost         float64
		gain         experiment.Interval
		w            float64
		ok           bool
		mean, lo, hi float64
	}{
		// 10,000 USD for 20 kg (CI 10 to 40): 500 per kg, interval 250 to 1,000
		{"clear gain", 10000, experiment.Interval{Mean: 20, Lo: 10, Hi: 40}, 1, true, 500, 250, 1000},
		// a two-year run whose kg are discounted to 0.5 of their sum
		{"discounted effects", 10000, experiment.Interval{Mean: 20, Lo: 10, Hi: 40}, 0.5, true, 1000, 500, 2000},
		{"CI includes 0", 10000, experiment.Interval{Mean: 20, Lo: -1, Hi: 40}, 1, false, 0, 0, 0},
		{"a loss", 10000, experiment.Interval{Mean: -20, Lo: -40, Hi: -10}, 1, false, 0, 0, 0},
		{"free", 0, experiment.Interval{Mean: 20, Lo: 10, Hi: 40}, 1, false, 0, 0, 0},
		{"cheaper", -5, experiment.Interval{Mean: 20, Lo: 10, Hi: 40}, 1, false, 0, 0, 0},
		{"NaN cost", math.NaN(), experiment.Interval{Mean: 20, Lo: 10, Hi: 40}, 1, false, 0, 0, 0},
	} {
		got, ok := experiment.CostPerUnit(tt.cost, tt.gain, tt.w)
		if ok != tt.ok || ok && (math.Abs(got.Mean-tt.mean) > 1e-9 || math.Abs(got.Lo-tt.lo) > 1e-9 || math.Abs(got.Hi-tt.hi) > 1e-9) {
			t.Errorf("%s: %+v %v, want %v %v–%v %v", tt.name, got, ok, tt.mean, tt.lo, tt.hi, tt.ok)
		}
	}
}

// summaryOf builds a comparison summary whose alternatives change the given
// metrics by the given paired differences (mean, lo, hi) at the given cost.
func summaryOf(alts ...struct {
	name  string
	cost  float64
	diffs map[experiment.Metric][3]float64
}) *experiment.Summary {
	sum := &experiment.Summary{Kind: "compare"}
	sum.Scenarios = append(sum.Scenarios, experiment.ScenarioSummary{Name: "baseline", Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)})
	for _, a := range alts {
		ss := experiment.ScenarioSummary{Name: a.name, EffectDiscount: 1, Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)}
		cost := a.cost
		ss.ExtraRunCostUSD = &cost
		for m := range ss.Metrics {
			d := experiment.Diff{N: 100}
			if v, ok := a.diffs[experiment.Metric(m)]; ok {
				d.Mean, d.Lo, d.Hi = v[0], v[1], v[2]
			}
			d.ExcludesZero = d.Lo > 0 || d.Hi < 0
			ss.Metrics[m].VsBaseline = &d
		}
		sum.Scenarios = append(sum.Scenarios, ss)
	}
	return sum
}

type alt = struct {
	name  string
	cost  float64
	diffs map[experiment.Metric][3]float64
}

// A precursor policy is judged by its precursor outcomes: a clear rise in
// acetic anhydride seized gets a cost per kg with its interval, while its
// unclear opiate change gets none.
func TestDecidePrecursorPolicy(t *testing.T) {
	sum := summaryOf(alt{"china-intel-sharing", 1e6, map[experiment.Metric][3]float64{
		experiment.PrecursorSeized: {16300, 12000, 20000},
		experiment.PrecursorToLabs: {-5000, -8000, -2000},
		experiment.OpiatesSeized:   {10, -50, 70},
	}})
	rows := experiment.Decide(sum, experiment.DefaultObjective)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	e, _ := rows[0].Effect(experiment.PrecursorSeized)
	if !e.Clear || e.CostPerUnit == nil || math.Abs(e.CostPerUnit.Mean-1e6/16300) > 1e-9 ||
		math.Abs(e.CostPerUnit.Lo-50) > 1e-9 || math.Abs(e.CostPerUnit.Hi-1e6/12000) > 1e-9 {
		t.Errorf("precursor seized: %+v", e)
	}
	e, _ = rows[0].Effect(experiment.PrecursorToLabs)
	if !e.Clear || e.Gain.Mean != 5000 || e.Gain.Lo != 2000 || e.Gain.Hi != 8000 || e.CostPerUnit == nil || e.CostPerUnit.Mean != 200 {
		t.Errorf("precursor to labs (less is better): %+v", e)
	}
	e, _ = rows[0].Effect(experiment.OpiatesSeized)
	if e.Clear || e.CostPerUnit != nil {
		t.Errorf("an unclear opiate change got a cost per kg: %+v", e)
	}
}

// Rank: clear gains at no extra cost first, then cost per unit of the
// objective, cheapest first, then unclear ones by gain per dollar.
func TestRank(t *testing.T) {
	h := experiment.HeroinDelivered
	sum := summaryOf(
		alt{"unclear-cheap", 1000, map[experiment.Metric][3]float64{h: {-10, -30, 10}}},
		alt{"dear", 1e6, map[experiment.Metric][3]float64{h: {-100, -150, -50}}},      // 10,000 per kg
		alt{"cheap", 1e5, map[experiment.Metric][3]float64{h: {-50, -80, -20}}},       // 2,000 per kg
		alt{"free-win", 0, map[experiment.Metric][3]float64{h: {-5, -8, -2}}},         // dominant
		alt{"unclear-dear", 1e6, map[experiment.Metric][3]float64{h: {-10, -30, 10}}}, // 1e-5 kg per USD
		alt{"seizes-more", 1e5, map[experiment.Metric][3]float64{experiment.OpiatesSeized: {50, 20, 80}}},
	)
	var got []string
	for _, a := range experiment.Decide(sum, h) {
		got = append(got, a.Name)
	}
	want := []string{"free-win", "cheap", "dear", "unclear-cheap", "unclear-dear", "seizes-more"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ranked %v, want %v", got, want)
		}
	}
	// by opiates seized, the one that seizes more leads the costed ones
	rows := experiment.Decide(sum, experiment.OpiatesSeized)
	if rows[0].Name != "seizes-more" {
		t.Errorf("by opiates seized, first is %s", rows[0].Name)
	}
}
