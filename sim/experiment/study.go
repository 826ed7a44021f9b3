package experiment

import "math"

// PerDollar is a paired difference per amount of money: the change a program
// buys for every per USD of its extra cost usd,
//
//	d.Mean · per / usd,  95% CI [d.Lo · per / usd, d.Hi · per / usd]
//
// The cost is fixed (not drawn), so the interval of the difference scales
// with it. A negative cost (a programme that saves money) swaps the ends so
// that Lo <= Hi. With no cost (usd 0, or not finite) there is no rate: every
// field but N is NaN.
func PerDollar(d Diff, usd, per float64) Interval {
	if usd == 0 || math.IsNaN(usd) || math.IsInf(usd, 0) {
		return Interval{N: d.N, Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	k := per / usd
	lo, hi := d.Lo*k, d.Hi*k
	if lo > hi {
		lo, hi = hi, lo
	}
	return Interval{N: d.N, Mean: d.Mean * k, Lo: lo, Hi: hi}
}

// CostRate is what one alternative of a comparison buys of one metric: its
// paired difference against the baseline and that difference, discounted
// like the cost, per Per USD of its extra cost over the run.
type CostRate struct {
	Program      string
	Metric       Metric
	Diff         Diff
	ExtraCostUSD float64  // over the run, discounted; NaN when the summary has no cost for it
	Per          float64  // the rate is per this many USD
	PerUnit      Interval // Diff · EffectDiscount per Per USD (PerDollar)
}

// RateOf is a metric and the money its rate is counted per (1,000 for kg
// per USD 1,000, 1,000,000 for arrests per USD 1 million).
type RateOf struct {
	Metric Metric
	Per    float64
}

// CostRates returns, for every alternative of a comparison (every scenario
// after the first) and every metric of rates, its paired difference against
// the baseline and PerDollar of it, discounted like the extra cost over the
// run:
//
//	rate = d · w · per / extra run cost,  w = the alternative's EffectDiscount
//
// (w is 1 for a one-year run). An alternative with no extra cost gets NaN
// rates; a summary without paired differences (not a comparison) gives none.
func CostRates(s *Summary, rates []RateOf) []CostRate {
	var out []CostRate
	for i := 1; i < len(s.Scenarios); i++ {
		sc := &s.Scenarios[i]
		cost := math.NaN()
		if sc.ExtraRunCostUSD != nil {
			cost = *sc.ExtraRunCostUSD
		}
		w := sc.EffectDiscount
		if w == 0 {
			w = 1 // a summary made without it: effects not discounted
		}
		for _, r := range rates {
			d := sc.Metric(r.Metric).VsBaseline
			if d == nil {
				continue
			}
			// d·w per cost is d per cost/w
			out = append(out, CostRate{Program: sc.Name, Metric: r.Metric, Diff: *d,
				ExtraCostUSD: cost, Per: r.Per, PerUnit: PerDollar(*d, cost/w, r.Per)})
		}
	}
	return out
}
