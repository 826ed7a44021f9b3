package experiment_test

import (
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// TestAdjust checks Holm and Benjamini–Hochberg against p-values adjusted
// by hand. p = (0.01, 0.04, 0.03, 0.005), m = 4, sorted 0.005 < 0.01 <
// 0.03 < 0.04:
//
//	Holm: 4·0.005 = 0.02; max(0.02, 3·0.01) = 0.03; max(0.03, 2·0.03) = 0.06; max(0.06, 1·0.04) = 0.06
//	BH:   from the top, min(4·0.04/4, ·) = 0.04; min(0.04, 4·0.03/3) = 0.04; min(0.04, 4·0.01/2) = 0.02; min(0.02, 4·0.005/1) = 0.02
func TestAdjust(t *testing.T) {
	for _, tt := range []struct {
		name     string
		p        []float64
		holm, bh []float64
	}{
		{"hand", []float64{0.01, 0.04, 0.03, 0.005}, []float64{0.03, 0.06, 0.06, 0.02}, []float64{0.02, 0.04, 0.04, 0.02}},
		// capped at 1; a NaN counts as 1
		{"cap and NaN", []float64{0.5, math.NaN(), 0.2}, []float64{1, 1, 0.6}, []float64{0.75, 1, 0.6}},
		{"one", []float64{0.03}, []float64{0.03}, []float64{0.03}},
		{"none", nil, []float64{}, []float64{}},
	} {
		for _, f := range []struct {
			name string
			fn   func([]float64) []float64
			want []float64
		}{{"Holm", experiment.Holm, tt.holm}, {"BH", experiment.BenjaminiHochberg, tt.bh}} {
			got := f.fn(tt.p)
			if len(got) != len(f.want) {
				t.Fatalf("%s %s: %v, want %v", tt.name, f.name, got, f.want)
			}
			for i := range got {
				if math.Abs(got[i]-f.want[i]) > 1e-12 {
					t.Errorf("%s %s: %v, want %v", tt.name, f.name, got, f.want)
					break
				}
			}
		}
	}
}

// TestTTest: a t statistic at the 97.5th percentile of Student's t gives
// p = 0.05 (so a cell is raw-clear exactly when its CI excludes 0); no
// variance means certainty.
func TestTTest(t *testing.T) {
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 9}.Quantile(0.975)
	for _, tt := range []struct {
		name     string
		n        int
		mean, sd float64
		want     float64
	}{
		{"at the CI's edge", 10, q * 2 / math.Sqrt(10), 2, 0.05},
		{"negative", 10, -q * 2 / math.Sqrt(10), 2, 0.05},
		{"no change", 10, 0, 2, 1},
		{"certain", 10, 3, 0, 0},
		{"nothing", 10, 0, 0, 1},
		{"one replication", 1, 3, 1, 1},
	} {
		if got := experiment.TTest(tt.n, tt.mean, tt.sd); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: p = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestReplicationsToSeparate: ((1.959964 + 0.841621) · 10 / 1)² = 784.9,
// so 785 pairs.
func TestReplicationsToSeparate(t *testing.T) {
	if got := experiment.ReplicationsToSeparate(1, 10, 0.05, 0.8); got != 785 {
		t.Errorf("%v pairs, want 785", got)
	}
	if got := experiment.ReplicationsToSeparate(0, 10, 0.05, 0.8); !math.IsInf(got, 1) {
		t.Errorf("a zero difference: %v, want +Inf", got)
	}
}

// diffOf is a paired difference of n replications with its 95% CI.
func diffOf(n int, mean, sd float64) *experiment.Diff {
	h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975) * sd / math.Sqrt(float64(n))
	return &experiment.Diff{N: n, Mean: mean, SD: sd, Lo: mean - h, Hi: mean + h, Relative: math.NaN(), ExcludesZero: mean-h > 0 || mean+h < 0}
}

// pairSummary is a comparison of a baseline with alternatives whose
// changes in heroin delivered are given (n, mean, sd), at the given extra
// costs, and the paired difference of the first two alternatives.
func pairSummary(costs []float64, changes [][3]float64, pair [3]float64) *experiment.Summary {
	sum := &experiment.Summary{Kind: "compare"}
	sum.Scenarios = append(sum.Scenarios, experiment.ScenarioSummary{Name: "baseline", Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)})
	for i, c := range changes {
		ss := experiment.ScenarioSummary{Name: string(rune('A' + i)), EffectDiscount: 1, Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)}
		cost := costs[i]
		ss.ExtraRunCostUSD = &cost
		for m := range ss.Metrics {
			ss.Metrics[m].VsBaseline = diffOf(int(c[0]), 0, 1)
		}
		ss.Metrics[experiment.HeroinDelivered].VsBaseline = diffOf(int(c[0]), c[1], c[2])
		sum.Scenarios = append(sum.Scenarios, ss)
	}
	if pair[0] > 0 {
		sum.Pairwise = []experiment.PairDiff{{A: 1, B: 2, Metric: experiment.HeroinDelivered, Diff: *diffOf(int(pair[0]), pair[1], pair[2])}}
	}
	return sum
}

// TestRankVsNext builds two alternatives that both keep heroin from the
// markets, A for $1,000 (gain 100 kg, sd 50) and B for $2,000 (gain 150
// kg, sd 50), over 10 pairs; A − B has sd 90. By hand, with gains per
// dollar α = −1/1000 and β = −1/2000 (less heroin is better):
//
//	mean D = 0.1 − 0.075 = 0.025
//	cov(d_A, d_B) = (50² + 50² − 90²) / 2 = −1550
//	var D = 50²/1000² + 50²/2000² + 2·(1/1000)(1/2000)·1550 = 0.004675, sd 0.068374
//	t = 0.025 / (0.068374/√10) = 1.156, p = 0.277 with 9 df: not distinct
//	pairs to separate: ((1.959964 + 0.841621) · 0.068374 / 0.025)² = 58.7, so 59
//
// With 1,000 pairs instead (same means and sds) the same difference is
// distinct. A free gain above a costly one is distinct by its cost.
func TestRankVsNext(t *testing.T) {
	sum := pairSummary([]float64{1000, 2000}, [][3]float64{{10, -100, 50}, {10, -150, 50}}, [3]float64{10, 50, 90})
	alts := experiment.Decide(sum, experiment.HeroinDelivered)
	if len(alts) != 2 || alts[0].Name != "A" || !alts[0].Ranked || !alts[1].Ranked {
		t.Fatalf("ranked %+v", alts)
	}
	nt := alts[0].Next
	if nt == nil {
		t.Fatal("no test of rank 1 against rank 2")
	}
	wantSD := math.Sqrt(0.004675)
	wantP := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 9}.Survival(0.025/(wantSD/math.Sqrt(10)))
	if nt.Key != "gain per dollar" || nt.Next != "B" || math.Abs(nt.Mean-0.025) > 1e-12 || math.Abs(nt.SD-wantSD) > 1e-9 ||
		math.Abs(nt.P-wantP) > 1e-9 || math.Abs(nt.P-0.277) > 0.001 || nt.Distinct || nt.Replications != 59 {
		t.Errorf("rank test %+v, want gain per dollar, mean 0.025, sd %.6f, p %.4f, not distinct, 59 pairs", *nt, wantSD, wantP)
	}
	if alts[1].Next != nil {
		t.Errorf("the last ranked alternative has a test against a next one: %+v", *alts[1].Next)
	}

	sum = pairSummary([]float64{1000, 2000}, [][3]float64{{1000, -100, 50}, {1000, -150, 50}}, [3]float64{1000, 50, 90})
	if nt := experiment.Decide(sum, experiment.HeroinDelivered)[0].Next; nt == nil || !nt.Distinct || nt.P > 1e-20 {
		t.Errorf("at 1,000 pairs: %+v, want distinct", nt)
	}

	sum = pairSummary([]float64{0, 2000}, [][3]float64{{10, -100, 50}, {10, -150, 50}}, [3]float64{10, 50, 90})
	if nt := experiment.Decide(sum, experiment.HeroinDelivered)[0].Next; nt == nil || nt.Key != "cost" || !nt.Distinct {
		t.Errorf("a free gain above a costly one: %+v, want distinct by cost", nt)
	}
}

// TestSideEffects: a clear rise in bribes (a metric where less is better)
// is a side effect; a clear change in a price (no better direction) is not;
// a change the cell's own CI calls clear but the table's adjustment does
// not is not; and a worse objective is the objective, not a side effect.
func TestSideEffects(t *testing.T) {
	sum := pairSummary([]float64{1000}, [][3]float64{{200, -100, 50}}, [3]float64{})
	alt := &sum.Scenarios[1]
	price := experiment.Metric(experiment.NumMetrics - 1)
	alt.Metrics[experiment.Bribes].VsBaseline = diffOf(200, 315000, 20000)
	alt.Metrics[price].VsBaseline = diffOf(200, 900, 100)
	// t = 2.1: p ≈ 0.037 alone, far above 0.05 after Holm over the family
	alt.Metrics[experiment.CourierArrests].VsBaseline = diffOf(200, -2.1*10/math.Sqrt(200), 10)
	alts := experiment.Decide(sum, experiment.HeroinDelivered)
	var got []experiment.Metric
	for _, e := range alts[0].SideEffects {
		got = append(got, e.Metric)
	}
	if len(got) != 1 || got[0] != experiment.Bribes {
		t.Errorf("side effects %v, want only %v", got, experiment.Bribes)
	}
	for _, c := range experiment.Cells(sum)[1] {
		if c.Metric == experiment.CourierArrests && (!c.RawClear || c.Clear || c.P > 0.05 || c.PAdjusted < 0.05) {
			t.Errorf("courier arrests: raw clear %v (p %.3f), adjusted clear %v (p %.3f): want clear alone, not after adjustment", c.RawClear, c.P, c.Clear, c.PAdjusted)
		}
	}
	// a worse objective is not its own side effect, but a side effect
	// under another objective
	alt.Metrics[experiment.HeroinDelivered].VsBaseline = diffOf(200, 100, 50)
	for _, e := range experiment.Decide(sum, experiment.HeroinDelivered)[0].SideEffects {
		if e.Metric == experiment.HeroinDelivered {
			t.Error("the objective is listed as its own side effect")
		}
	}
	found := false
	for _, e := range experiment.Decide(sum, experiment.OpiatesSeized)[0].SideEffects {
		found = found || e.Metric == experiment.HeroinDelivered
	}
	if !found {
		t.Error("more heroin delivered is not a side effect of an alternative ranked by seizures")
	}
}

// TestBetween: the paired difference of two alternatives is the
// difference of their changes against the baseline (d_a − d_b = x_a − x_b),
// replication by replication, with its own spread; reversed, it changes
// sign.
func TestBetween(t *testing.T) {
	res, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: load(t, "baseline", "sary-tash-post", "kz-scanners"), Seed: 4, N: 6, Workers: 2})
	sum := res.Summary
	for _, m := range experiment.DecisionOutcomes {
		d, ok := sum.Between(1, 2, m)
		if !ok {
			t.Fatalf("no pairwise difference in %s", m)
		}
		want := sum.Scenarios[1].Metrics[m].VsBaseline.Mean - sum.Scenarios[2].Metrics[m].VsBaseline.Mean
		if math.Abs(d.Mean-want) > 1e-9*(1+math.Abs(want)) || d.N != 6 {
			t.Errorf("%s: mean %v over %d, want %v over 6", m, d.Mean, d.N, want)
		}
		r, _ := sum.Between(2, 1, m)
		if r.Mean != -d.Mean || r.SD != d.SD || r.Lo != -d.Hi {
			t.Errorf("%s: reversed %+v, want the negation of %+v", m, r, d)
		}
	}
	if _, ok := sum.Between(0, 1, experiment.HeroinDelivered); ok {
		t.Error("a pairwise difference with the baseline (that is VsBaseline)")
	}
}

// TestBetweenBeyondSample: past SampleCap replications the pairwise
// difference comes from running moments, and still equals the difference
// of the two changes against the baseline.
func TestBetweenBeyondSample(t *testing.T) {
	if testing.Short() {
		t.Skip("2,100 replications of three scenarios")
	}
	var scs []experiment.Scenario
	for _, f := range []string{"tiny.toml", "tiny.toml", "tiny-event.toml"} {
		sc, err := scenario.Load(os.DirFS("../testdata"), f)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, experiment.Scenario{Name: f + string(rune('0'+len(scs))), World: sc.World, Params: &sc.Params, Epochs: sc.Epochs})
	}
	const n = experiment.SampleCap + 52
	res, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 2, N: n, Workers: 2})
	sum := res.Summary
	for _, m := range experiment.DecisionOutcomes {
		d, ok := sum.Between(1, 2, m)
		want := sum.Scenarios[1].Metrics[m].VsBaseline.Mean - sum.Scenarios[2].Metrics[m].VsBaseline.Mean
		if !ok || d.N != n || math.Abs(d.Mean-want) > 1e-9*(1+math.Abs(want)) {
			t.Errorf("%s: %+v, want mean %v over %d", m, d, want, n)
		}
		// the first alternative is the baseline itself: its difference
		// with the second is the second's change, negated
		if v := sum.Scenarios[2].Metrics[m].VsBaseline; math.Abs(d.SD-v.SD) > 1e-9*(1+v.SD) {
			t.Errorf("%s: sd %v, want the second's %v", m, d.SD, v.SD)
		}
	}
}
