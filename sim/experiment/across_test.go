package experiment_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// TestAcrossPairsWithOwnBaseline runs two comparisons as one experiment,
// each alternative naming its own baseline, and as two: every alternative's
// paired statistics must be those of its own comparison, bit for bit, and
// no pair of alternatives spans the two.
func TestAcrossPairsWithOwnBaseline(t *testing.T) {
	first, second := load(t, "baseline", "sary-tash-post"), load(t, "driver-professionalization", "informant-program")
	both := append(append([]experiment.Scenario{}, first...), second...)
	both[2].Baseline, both[3].Baseline = 2, 2
	const n = 4
	joint, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: both, Seed: 7, N: n, Workers: 2})
	a, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: first, Seed: 7, N: n, Workers: 2})
	b, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: second, Seed: 7, N: n, Workers: 2})
	for i, want := range []experiment.ScenarioSummary{a.Summary.Scenarios[0], a.Summary.Scenarios[1], b.Summary.Scenarios[0], b.Summary.Scenarios[1]} {
		got := joint.Summary.Scenarios[i]
		if i >= 2 && got.Baseline != 2 { // the second comparison's baseline is scenario 2
			t.Errorf("scenario %d: baseline %d, want 2", i, got.Baseline)
		}
		got.Baseline = 0
		if g, w := summaryJSON(t, &experiment.Summary{Scenarios: []experiment.ScenarioSummary{got}}), summaryJSON(t, &experiment.Summary{Scenarios: []experiment.ScenarioSummary{want}}); g != w {
			t.Errorf("scenario %d (%s) differs from its own comparison's:\n%s\nwant\n%s", i, got.Name, g, w)
		}
		if fmt.Sprint(got.SegmentDiffs) != fmt.Sprint(want.SegmentDiffs) { // NaN is not DeepEqual to itself
			t.Errorf("scenario %d (%s): segment changes differ from its own comparison's", i, got.Name)
		}
	}
	for _, p := range joint.Summary.Pairwise {
		t.Errorf("pair %d-%d: alternatives of different baselines compared with each other", p.A, p.B)
	}
	levels := experiment.Levels(joint.Summary)
	if want := []experiment.Level{{Baseline: 0, Alternatives: []int{1}}, {Baseline: 2, Alternatives: []int{3}}}; !reflect.DeepEqual(levels, want) {
		t.Errorf("levels %v, want %v", levels, want)
	}
	bad := append([]experiment.Scenario{}, both...)
	bad[3].Baseline = 1 // an alternative, not a baseline
	if _, err := (&experiment.Experiment{Kind: "compare", Scenarios: bad, Seed: 7, N: n}).Run(t.Context(), experiment.Discard); err == nil {
		t.Error("an alternative paired with another alternative ran")
	}
}

// ratioSummary is a comparison of two alternatives with a baseline whose
// replications of metric m are base, x and y.
func ratioSummary(m experiment.Metric, base, x, y []float64, costX, costY float64) *experiment.Summary {
	sum := &experiment.Summary{Kind: "compare"}
	for i, vals := range [][]float64{base, x, y} {
		ss := experiment.ScenarioSummary{Name: []string{"base", "x", "y"}[i], Metrics: make(experiment.MetricSummaries, experiment.NumMetrics), EffectDiscount: 1}
		ss.Metrics[m].Stats = experiment.Summarize(vals)
		if i > 0 {
			d := experiment.PairedDiff(base, vals)
			ss.Metrics[m].VsBaseline = &d
			c := []float64{0, costX, costY}[i]
			ss.ExtraRunCostUSD = &c
		}
		sum.Scenarios = append(sum.Scenarios, ss)
	}
	sum.Pairwise = []experiment.PairDiff{{A: 1, B: 2, Metric: m, Diff: experiment.PairedDiff(y, x)}}
	return sum
}

// TestRatioFieller checks the ratio of two paired gains against its
// definition (the ends solve (a − ρb)² = t²·var(a − ρb)), its scaling per
// dollar, an unbounded interval where the denominator's gain is not clear,
// and its coverage: over 2,000 simulated comparisons of 30 pairs whose
// true ratio is 2, the 95% interval holds 2 in 93% to 97% of them.
func TestRatioFieller(t *testing.T) {
	m := experiment.OpiatesSeized
	rng := sim.NewRNG(1, 0, sim.StreamBootstrap, 0)
	norm := distuv.Normal{Mu: 0, Sigma: 1, Src: rng}
	draw := func(n int, meanX, meanY float64) (base, x, y []float64) {
		for range n {
			b, common := 100+10*norm.Rand(), 3*norm.Rand() // the alternatives share noise: correlated gains
			base = append(base, b)
			x = append(x, b+meanX+common+2*norm.Rand())
			y = append(y, b+meanY+common+2*norm.Rand())
		}
		return base, x, y
	}
	base, x, y := draw(30, 20, 10)
	r := experiment.RatioOf(ratioSummary(m, base, x, y, 0, 0), 1, 2, m)
	if !r.Bounded || r.PerDollar || !(r.Lo < r.Estimate && r.Estimate < r.Hi) {
		t.Fatalf("ratio %+v: want a bounded interval around the estimate, not per dollar", r)
	}
	dx, dy := experiment.PairedDiff(base, x), experiment.PairedDiff(base, y)
	between := experiment.PairedDiff(y, x)
	va, vb := dx.SD*dx.SD, dy.SD*dy.SD
	c := (va + vb - between.SD*between.SD) / 2
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 29}.Quantile(0.975)
	for _, rho := range []float64{r.Lo, r.Hi} {
		lhs := math.Pow(dx.Mean-rho*dy.Mean, 2)
		rhs := tq * tq * (va - 2*rho*c + rho*rho*vb) / 30
		if math.Abs(lhs-rhs) > 1e-9*math.Max(1, rhs) {
			t.Errorf("end %g: (a − ρb)² = %g, t²·var = %g", rho, lhs, rhs)
		}
	}
	if got, want := r.Estimate, dx.Mean/dy.Mean; math.Abs(got-want) > 1e-12 {
		t.Errorf("estimate %g, want %g", got, want)
	}
	// per dollar: x costs twice y, so its gain per dollar is half
	pd := experiment.RatioOf(ratioSummary(m, base, x, y, 2000, 1000), 1, 2, m)
	if !pd.PerDollar || math.Abs(pd.Estimate-r.Estimate/2) > 1e-12 || math.Abs(pd.Lo-r.Lo/2) > 1e-12 || math.Abs(pd.Hi-r.Hi/2) > 1e-12 {
		t.Errorf("per dollar %+v, want half of %+v", pd, r)
	}
	base, x, y = draw(30, 20, 0) // y's gain is 0: no bounded ratio
	if u := experiment.RatioOf(ratioSummary(m, base, x, y, 0, 0), 1, 2, m); u.Bounded || !math.IsInf(u.Lo, -1) || !math.IsInf(u.Hi, 1) {
		t.Errorf("over a gain of 0: %+v, want an unbounded interval", u)
	}
	const trials = 2000
	held := 0
	for range trials {
		base, x, y := draw(30, 20, 10)
		r := experiment.RatioOf(ratioSummary(m, base, x, y, 0, 0), 1, 2, m)
		if r.Bounded && r.Lo <= 2 && 2 <= r.Hi {
			held++
		}
	}
	if c := float64(held) / trials; c < 0.93 || c > 0.97 {
		t.Errorf("Fieller's 95%% interval held the true ratio in %.1f%% of %d trials", 100*c, trials)
	}
}
