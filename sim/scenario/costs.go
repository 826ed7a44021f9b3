package scenario

import "math"

// DaysPerYear turns a run's days into years for costing (the model's years
// have 365 days: sim/season.go).
const DaysPerYear = 365

// Defaults of the [costs] table (assumptions, docs/MODEL.md §3.4).
const (
	// DefaultLifetimeYears is how long an intervention's capital lasts.
	DefaultLifetimeYears = 10
	// DefaultDiscountRate discounts costs (and effects) a year (assumption:
	// 5%, between the 3-3.5% of health cost-effectiveness guides and the
	// higher rates development banks apply to projects in poorer countries;
	// the domain brief gives none).
	DefaultDiscountRate = 0.05
)

// Costing is the [costs] table: how an intervention's capital and annual
// costs become the cost of a run.
type Costing struct {
	// LifetimeYears is how long capital lasts: a run is charged the share of
	// it that falls within the run, and capital is renewed when it is used up.
	// 0 charges capital in full when the intervention comes into force.
	LifetimeYears float64
	// DiscountRate r discounts a cost paid t years after the run starts by
	// 1/(1+r)^t. 0 does not discount.
	DiscountRate float64
}

// PresentValue is what c costs over a run of runYears years when it comes
// into force startYear years after the run starts (0: from the start),
// discounted to the run's start at k.DiscountRate r a year. With s the
// start, T the run's length and L the capital's lifetime, in years:
//
//	PV = Σ_{j ≥ 0, s+jL < T} capital · min(1, (T − s − jL)/L) / (1+r)^(s+jL)
//	   + Σ_{i ≥ 0, s+i < T}  annual  · min(1, T − s − i)       / (1+r)^(s+i)
//
// Capital is paid when the intervention comes into force, and again each
// time a lifetime is used up; a run is charged only the share of a lifetime
// that falls within it (straight-line), so a run that stops before the
// equipment is worn out pays for the years it used, not for the years after.
// Annual costs are paid at the start of each year in force, a partial last
// year pro rata. A one-year run from the start so costs capital/L + annual,
// the year's share of AnnualCost, whatever r.
func (c Cost) PresentValue(startYear, runYears float64, k Costing) float64 {
	span := runYears - startYear
	if !(span > 0) { // also NaN
		return 0
	}
	r := k.DiscountRate
	pv := c.AnnualUSD * discountedYears(startYear, runYears, r)
	if c.CapitalUSD == 0 {
		return pv
	}
	if !(k.LifetimeYears > 0) {
		return pv + c.CapitalUSD*discount(startYear, r)
	}
	lifetimes := span / k.LifetimeYears
	whole := math.Floor(lifetimes)
	pv += c.CapitalUSD * payments(startYear, k.LifetimeYears, whole, r)
	pv += c.CapitalUSD * (lifetimes - whole) * discount(startYear+whole*k.LifetimeYears, r)
	return pv
}

// discountedYears is the present value at year 0 of 1 a year paid at the
// start of every year from start to end, a partial last year pro rata, at
// rate r:
//
//	Σ_{i ≥ 0, start+i < end} min(1, end − start − i) / (1+r)^(start+i)
//
// It is end − start when r is 0.
func discountedYears(start, end, r float64) float64 {
	span := end - start
	if !(span > 0) {
		return 0
	}
	whole := math.Floor(span)
	return payments(start, 1, whole, r) + (span-whole)*discount(start+whole, r)
}

// payments is the present value at year 0 of n payments of 1, the first at
// year first and then every `every` years, at rate r:
//
//	Σ_{j < n} (1+r)^−(first + j·every) = (1+r)^−first · (1 − q^n)/(1 − q),  q = (1+r)^−every
//
// (n when r is 0), in closed form so that a short lifetime and a long run
// cost no time.
func payments(first, every, n, r float64) float64 {
	if n <= 0 {
		return 0
	}
	q := discount(every, r)
	if q == 1 {
		return n * discount(first, r)
	}
	return discount(first, r) * (1 - math.Pow(q, n)) / (1 - q)
}

// discount is what 1 paid t years after the run starts is worth at its
// start: 1/(1+r)^t.
func discount(t, r float64) float64 {
	if r == 0 {
		return 1
	}
	return math.Pow(1+r, -t)
}

// RunYears is the run's length in years, Params.Days / DaysPerYear.
func (s *Scenario) RunYears() float64 { return float64(s.Params.Days) / DaysPerYear }

// RunCost is what the scenario's interventions cost over the run, each from
// the year it comes into force, discounted to the run's start (PresentValue):
//
//	Σ_i PresentValue_i(start_i, min(T, end_i), costs)
//
// (end_i: when an event removes it). For a one-year run it equals AnnualCost.
func (s *Scenario) RunCost() float64 {
	total := 0.0
	for _, c := range s.Costs {
		end := s.RunYears()
		if c.EndYear > 0 {
			end = min(end, c.EndYear)
		}
		total += c.PresentValue(c.StartYear, end, s.Costing)
	}
	return total
}

// EffectDiscount is what a kg seized (or averted) over the run is worth at
// the run's start, on average, when effects come evenly over the run and are
// discounted like annual costs, year by year:
//
//	w = (1/T) Σ_{i ≥ 0, i < T} min(1, T − i) / (1+r)^i
//
// Cost per kg is RunCost over the run's kg times w: with costs and effects
// discounted alike, a programme with only annual costs costs the same per kg
// over a run of any length. w is 1 for a one-year run or r = 0.
func (s *Scenario) EffectDiscount() float64 {
	t := s.RunYears()
	if !(t > 0) {
		return 1
	}
	return discountedYears(0, t, s.DiscountRate) / t
}
