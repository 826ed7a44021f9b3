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
	// Clear: the 95% CI of the change excludes 0 (either direction).
	Clear bool
	// CostPerUnit is the extra cost over the run per unit of gain, both
	// discounted alike (ScenarioSummary.EffectDiscount), with its 95%
	// interval; nil where the gain is not clearly above 0 or the
	// alternative costs no more than the baseline (see Dominant).
	CostPerUnit *Interval
	// Dominant: a clear gain at no extra cost.
	Dominant bool
}

// Alternative is one row of a decision table.
type Alternative struct {
	Name         string
	Index        int     // in the summary's scenarios
	ExtraCostUSD float64 // over the run, discounted; 0 when the summary has none
	Effects      []Effect
	Displacement *Interval // share of the baseline's opiate flow moved elsewhere
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
// gain with its interval, sorted by objective (see Rank).
func Decide(sum *Summary, objective Metric) []Alternative {
	if sum == nil || len(sum.Scenarios) < 2 {
		return nil
	}
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
			d := ss.Metrics[m].VsBaseline
			if d == nil {
				continue
			}
			e := Effect{Metric: m, Diff: *d, Clear: d.ExcludesZero}
			e.Gain = Interval{N: d.N, Mean: d.Mean, Lo: d.Lo, Hi: d.Hi}
			if m.Info().Good == Down {
				e.Gain = Interval{N: d.N, Mean: -d.Mean, Lo: -d.Hi, Hi: -d.Lo}
			}
			if c, ok := CostPerUnit(alt.ExtraCostUSD, e.Gain, w); ok {
				e.CostPerUnit = &c
			}
			e.Dominant = e.Gain.Lo > 0 && alt.ExtraCostUSD <= 0
			alt.Effects = append(alt.Effects, e)
		}
		out = append(out, alt)
	}
	Rank(out, objective)
	return out
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
		switch {
		case !ok:
			return key{4, 0, 0}
		case e.Dominant:
			return key{0, -e.Gain.Mean, 0}
		case e.CostPerUnit != nil:
			return key{1, e.CostPerUnit.Mean, 0}
		case a.ExtraCostUSD > 0 && e.Gain.Mean > 0:
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
