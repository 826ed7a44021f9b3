package experiment

import (
	"math"
	"sort"
)

// DecisionOutcomes are the outcomes a decision table reports for every
// alternative, in column order: what reaches the markets and the labs, what
// is seized, by commodity, and who is arrested. Their Info says which
// direction is better.
var DecisionOutcomes = []Metric{HeroinDelivered, OpiatesDelivered, PrecursorToLabs,
	OpiatesSeized, HeroinSeized, PrecursorSeized, OrganiserArrests, CourierArrests}

// DefaultObjective is what a decision table is sorted by unless the user
// chooses: heroin delivered to the final markets, averted per dollar.
const DefaultObjective = HeroinDelivered

// Effect is what one alternative does to one outcome against the baseline.
type Effect struct {
	Metric Metric
	// Diff is the paired change over the run, alternative less baseline,
	// with its 95% CI (Student t over the replications' differences).
	Diff Diff
	// Gain is the change in the better direction (Diff for outcomes where
	// more is better, −Diff where less is), with its 95% CI.
	Gain Interval
	// P is the two-sided p-value of the paired t test of the change
	// (PValue), and PAdjusted the same after Holm's adjustment over the
	// decision table's family: every alternative × every headline metric
	// (see Decide).
	P, PAdjusted float64
	// RawClear: the change's own 95% CI excludes 0 (a test of this cell
	// alone, at 5%).
	RawClear bool
	// Clear: the change is clear after the adjustment: RawClear, and
	// PAdjusted below Alpha. A cell that is RawClear but not Clear is a
	// change one would expect by chance among so many cells.
	Clear bool
	// CostPerUnit is the extra cost over the run per unit of gain, both
	// discounted alike (ScenarioSummary.EffectDiscount), with its 95%
	// interval; nil where the gain is not clear (after the adjustment) or
	// the alternative costs no more than the baseline (see Dominant).
	CostPerUnit *Interval
	// Dominant: a clear gain (after the adjustment) at no extra cost.
	Dominant bool
}

// Worse reports whether the effect is a clear change for the worse (after
// the adjustment) in a metric with a better direction.
func (e Effect) Worse() bool {
	return e.Clear && e.Metric.Info().Good != Neutral && e.Gain.Mean < 0
}

// Alternative is one row of a decision table.
type Alternative struct {
	Name         string
	Index        int     // in the summary's scenarios
	ExtraCostUSD float64 // over the run, discounted; 0 when the summary has none
	Effects      []Effect
	Displacement *Interval // share of the baseline's opiate flow moved elsewhere
	// Ranked: the alternative has a clear gain in the objective (after the
	// adjustment), so the table gives it a rank; the others are listed
	// after the ranked ones, apart.
	Ranked bool
	// SideEffects are the clear changes for the worse (after the
	// adjustment) in every headline metric with a better direction but
	// the objective, largest relative change first.
	SideEffects []Effect
	// Next is the paired test of this alternative against the next ranked
	// one (nil for the last ranked, the unranked, and summaries without
	// pairwise differences).
	Next *RankTest
}

// RankTest is the paired test of one ranked alternative against the next:
// is the better rank distinguishable from chance?
type RankTest struct {
	Next string // the next alternative's name
	// Key is what the two are ranked by, and so what is compared: "gain"
	// (two clear gains at no extra cost), "gain per dollar" (two costs per
	// unit: the gain per dollar is its reciprocal) or "cost" (a free gain
	// above a costly one: distinct by its cost, which is fixed, so there is
	// no test).
	Key string
	// N, Mean and SD describe the per-replication difference in the key,
	// this alternative less the next, in the objective's better direction
	// (gain per dollar: gain · w / C, w the effect discount, C the extra
	// cost).
	N        int
	Mean, SD float64
	// P is the two-sided paired t test's p-value, PAdjusted the same after
	// Holm's adjustment over the table's rank tests.
	P, PAdjusted float64
	// Distinct: PAdjusted is below Alpha (or Key is "cost").
	Distinct bool
	// Replications is, where the two are not distinct, an estimate of how
	// many paired replications would separate them (ReplicationsToSeparate
	// at level Alpha divided by the number of rank tests, power Power).
	Replications float64
}

// Effect returns the alternative's effect on m, and false when the table
// does not report m.
func (a *Alternative) Effect(m Metric) (Effect, bool) {
	for _, e := range a.Effects {
		if e.Metric == m {
			return e, true
		}
	}
	return Effect{}, false
}

// CostPerUnit is the extra cost per unit of a gain and its 95% interval:
//
//	cost per unit = C / (g · w),   interval [C / (g_hi · w), C / (g_lo · w)]
//
// with C the extra cost over the run (discounted), g the mean gain with its
// 95% CI [g_lo, g_hi], and w the discount applied to the run's effects.
// This is Fieller's interval for a ratio whose numerator has no sampling
// variance (the cost is fixed by the scenario): the set of ratios ρ for
// which C − ρ·g·w is consistent with 0, i.e. the gain's t-interval
// inverted. It is bounded only when g_lo > 0; otherwise the gain is not
// clear and there is no cost per unit (ok false).
func CostPerUnit(cost float64, gain Interval, w float64) (Interval, bool) {
	if !(cost > 0) || !(gain.Lo > 0) || !(w > 0) || math.IsInf(cost, 0) {
		return Interval{}, false
	}
	return Interval{N: gain.N, Mean: cost / (gain.Mean * w), Lo: cost / (gain.Hi * w), Hi: cost / (gain.Lo * w)}, true
}

// Decide builds the decision table of a comparison: one row per
// alternative (every scenario after the first), each outcome of
// DecisionOutcomes as a paired change with its CI and a cost per unit of
// gain with its interval, sorted by objective (see Rank), each ranked
// alternative tested against the next (RankTest).
//
// Multiplicity: every cell's paired t test is one of a family, every
// alternative × every headline metric (the decision outcomes, the side
// effects, and the quantities with no better direction the report shows),
// and a change is clear only after Holm's step-down adjustment over the
// family (family-wise error rate Alpha under any dependence between the
// cells; see MODEL.md §3.5). The rank tests are a second family, adjusted
// alike.
func Decide(sum *Summary, objective Metric) []Alternative {
	if sum == nil || len(sum.Scenarios) < 2 {
		return nil
	}
	adjusted := familyP(sum)
	var out []Alternative
	for i := 1; i < len(sum.Scenarios); i++ {
		ss := &sum.Scenarios[i]
		alt := Alternative{Name: ss.Name, Index: i, Displacement: ss.Displacement}
		if ss.ExtraRunCostUSD != nil {
			alt.ExtraCostUSD = *ss.ExtraRunCostUSD
		}
		w := ss.EffectDiscount
		if w == 0 {
			w = 1
		}
		for _, m := range DecisionOutcomes {
			if e, ok := effectOf(ss, m, adjusted[i]); ok {
				if c, ok := CostPerUnit(alt.ExtraCostUSD, e.Gain, w); ok && e.Clear {
					e.CostPerUnit = &c
				}
				e.Dominant = e.Clear && e.Gain.Lo > 0 && alt.ExtraCostUSD <= 0
				alt.Effects = append(alt.Effects, e)
			}
		}
		for m := range Metric(NumMetrics) {
			if m == objective || m.Info().Good == Neutral {
				continue
			}
			if e, ok := effectOf(ss, m, adjusted[i]); ok && e.Worse() {
				alt.SideEffects = append(alt.SideEffects, e)
			}
		}
		sort.SliceStable(alt.SideEffects, func(a, b int) bool {
			x, y := alt.SideEffects[a].Diff.Relative, alt.SideEffects[b].Diff.Relative
			if math.IsNaN(x) || math.IsNaN(y) {
				return !math.IsNaN(x) && math.IsNaN(y)
			}
			return math.Abs(x) > math.Abs(y)
		})
		out = append(out, alt)
	}
	Rank(out, objective)
	for i := range out {
		out[i].Ranked = rankClass(&out[i], objective) <= 1
	}
	rankTests(sum, out, objective)
	return out
}

// familyP is the Holm-adjusted p-value of every alternative's change in
// every headline metric, [scenario][metric] (the first scenario's row is
// empty): the decision table's family.
func familyP(sum *Summary) [][]float64 {
	var raw []float64
	for i := 1; i < len(sum.Scenarios); i++ {
		for m := range Metric(NumMetrics) {
			if int(m) < len(sum.Scenarios[i].Metrics) && sum.Scenarios[i].Metrics[m].VsBaseline != nil {
				raw = append(raw, PValue(*sum.Scenarios[i].Metrics[m].VsBaseline))
			}
		}
	}
	adj := Holm(raw)
	out := make([][]float64, len(sum.Scenarios))
	k := 0
	for i := 1; i < len(sum.Scenarios); i++ {
		out[i] = make([]float64, NumMetrics)
		for m := range Metric(NumMetrics) {
			out[i][m] = 1
			if int(m) < len(sum.Scenarios[i].Metrics) && sum.Scenarios[i].Metrics[m].VsBaseline != nil {
				out[i][m] = adj[k]
				k++
			}
		}
	}
	return out
}

// effectOf is scenario ss's change in m with its gain, raw and adjusted
// p-values and clearness; false where ss has no paired change in m.
func effectOf(ss *ScenarioSummary, m Metric, adjusted []float64) (Effect, bool) {
	if int(m) >= len(ss.Metrics) || ss.Metrics[m].VsBaseline == nil {
		return Effect{}, false
	}
	d := ss.Metrics[m].VsBaseline
	e := Effect{Metric: m, Diff: *d, RawClear: d.ExcludesZero, P: PValue(*d), PAdjusted: adjusted[m]}
	e.Clear = e.RawClear && e.PAdjusted < Alpha
	e.Gain = Interval{N: d.N, Mean: d.Mean, Lo: d.Lo, Hi: d.Hi}
	if m.Info().Good == Down {
		e.Gain = Interval{N: d.N, Mean: -d.Mean, Lo: -d.Hi, Hi: -d.Lo}
	}
	return e, true
}

// rankTests sets Next of every ranked alternative of alts (in rank order)
// but the last: the paired test of its ranking key against the next one's,
// Holm-adjusted over the table's rank tests.
func rankTests(sum *Summary, alts []Alternative, objective Metric) {
	var tests []*RankTest
	for i := 0; i+1 < len(alts) && alts[i+1].Ranked; i++ {
		if t := rankTest(sum, &alts[i], &alts[i+1], objective); t != nil {
			alts[i].Next = t
			tests = append(tests, t)
		}
	}
	var raw []float64
	for _, t := range tests {
		if t.Key != "cost" {
			raw = append(raw, t.P)
		}
	}
	adj := Holm(raw)
	k := 0
	for _, t := range tests {
		if t.Key == "cost" {
			continue
		}
		t.PAdjusted = adj[k]
		k++
		t.Distinct = t.PAdjusted < Alpha && t.Mean > 0
		if !t.Distinct {
			t.Replications = ReplicationsToSeparate(t.Mean, t.SD, Alpha/float64(len(raw)), Power)
		}
	}
}

// rankTest compares alternative a with the next ranked one, b, by what
// ranks them. With d_a = x_a − x_0 the paired change of a (x the
// objective, 0 the baseline), s = ±1 its better direction, and the
// ranking key's coefficients α = s (a gain) or α = s · w_a / C_a (a gain
// per dollar), likewise β for b, the per-replication difference is
//
//	D = α d_a − β d_b,   mean(D) = α mean(d_a) − β mean(d_b)
//	var(D) = α² var(d_a) + β² var(d_b) − 2αβ cov(d_a, d_b)
//	cov(d_a, d_b) = (var(d_a) + var(d_b) − var(x_a − x_b)) / 2
//
// (an identity of sample moments: d_a − d_b = x_a − x_b), which needs the
// paired difference of the two alternatives (Summary.Between) beside each
// one's against the baseline. nil where the summary lacks them.
func rankTest(sum *Summary, a, b *Alternative, objective Metric) *RankTest {
	ea, okA := a.Effect(objective)
	eb, okB := b.Effect(objective)
	if !okA || !okB {
		return nil
	}
	t := &RankTest{Next: b.Name, N: ea.Diff.N}
	if ea.Dominant && !eb.Dominant {
		t.Key, t.Distinct = "cost", true
		return t
	}
	ab, ok := sum.Between(a.Index, b.Index, objective)
	if !ok {
		return nil
	}
	s := 1.0
	if objective.Info().Good == Down {
		s = -1
	}
	alpha, beta := s, s
	t.Key = "gain"
	if !ea.Dominant {
		t.Key = "gain per dollar"
		alpha = s * discountOf(sum, a.Index) / a.ExtraCostUSD
		beta = s * discountOf(sum, b.Index) / b.ExtraCostUSD
	}
	va, vb, vab := ea.Diff.SD*ea.Diff.SD, eb.Diff.SD*eb.Diff.SD, ab.SD*ab.SD
	cov := (va + vb - vab) / 2
	t.Mean = alpha*ea.Diff.Mean - beta*eb.Diff.Mean
	t.SD = math.Sqrt(math.Max(0, alpha*alpha*va+beta*beta*vb-2*alpha*beta*cov))
	t.P = TTest(t.N, t.Mean, t.SD)
	return t
}

// discountOf is scenario i's effect discount (1 where unset).
func discountOf(sum *Summary, i int) float64 {
	if w := sum.Scenarios[i].EffectDiscount; w > 0 {
		return w
	}
	return 1
}

// Rank sorts a decision table by objective, best first: alternatives with a
// clear gain at no extra cost (largest gain first), then those with a clear
// gain by cost per unit (cheapest first), then those with no clear gain
// that cost more (a mean gain by gain per dollar, largest first, then a mean
// loss by the loss, smallest first, and the cost, cheapest first: a loss per
// dollar would rank the dearer of two equal losses first), then those with
// no clear gain that cost nothing more (by mean gain), ties by name.
func Rank(alts []Alternative, objective Metric) {
	type key struct {
		class      int
		value, tie float64
	}
	keyOf := func(a *Alternative) key {
		e, ok := a.Effect(objective)
		switch c := rankClass(a, objective); {
		case c == 4:
			return key{4, 0, 0}
		case c == 0:
			return key{0, -e.Gain.Mean, 0}
		case c == 1:
			return key{1, e.CostPerUnit.Mean, 0}
		case ok && a.ExtraCostUSD > 0 && e.Gain.Mean > 0:
			return key{2, -e.Gain.Mean / a.ExtraCostUSD, 0}
		case a.ExtraCostUSD > 0:
			return key{2, -e.Gain.Mean, a.ExtraCostUSD}
		default:
			return key{3, -e.Gain.Mean, 0}
		}
	}
	sort.SliceStable(alts, func(i, j int) bool {
		ki, kj := keyOf(&alts[i]), keyOf(&alts[j])
		// a NaN (no number) ranks last in its class: it compares unequal
		// to everything, which made the order depend on the input's
		for _, k := range []*key{&ki, &kj} {
			if math.IsNaN(k.value) {
				k.value = math.Inf(1)
			}
		}
		if ki.class != kj.class {
			return ki.class < kj.class
		}
		if ki.value != kj.value {
			return ki.value < kj.value
		}
		if ki.tie != kj.tie {
			return ki.tie < kj.tie
		}
		return alts[i].Name < alts[j].Name
	})
}

// rankClass is the class Rank puts a in: 0 a clear gain in the objective
// at no extra cost, 1 a clear gain with a cost per unit, 2 no clear gain at
// an extra cost, 3 no clear gain at no extra cost, 4 no objective. The
// first two are ranked; the others are listed apart.
func rankClass(a *Alternative, objective Metric) int {
	e, ok := a.Effect(objective)
	switch {
	case !ok:
		return 4
	case e.Dominant:
		return 0
	case e.CostPerUnit != nil:
		return 1
	case a.ExtraCostUSD > 0:
		return 2
	}
	return 3
}

// Cells returns every scenario's change in every headline metric it has
// one in, [scenario][k] in metric order (the first scenario's is empty),
// with its raw and Holm-adjusted p-values and clearness over the decision
// table's family (as Decide). Costs per unit are left out.
func Cells(sum *Summary) [][]Effect {
	if sum == nil || len(sum.Scenarios) < 2 {
		return nil
	}
	adjusted := familyP(sum)
	out := make([][]Effect, len(sum.Scenarios))
	for i := 1; i < len(sum.Scenarios); i++ {
		for m := range Metric(NumMetrics) {
			if e, ok := effectOf(&sum.Scenarios[i], m, adjusted[i]); ok {
				out[i] = append(out[i], e)
			}
		}
	}
	return out
}
