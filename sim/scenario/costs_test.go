package scenario_test

import (
	"math"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

func TestPresentValue(t *testing.T) {
	t.Parallel()
	const r = 0.05
	tests := []struct {
		name                 string
		capital, annual      float64
		start, run, lifetime float64
		rate                 float64
		want                 float64
	}{
		{name: "the issue's example: capital used up within the run", capital: 100, annual: 10, run: 3, lifetime: 3, rate: r,
			want: 100 + 10 + 10/1.05 + 10/(1.05*1.05)},
		{name: "capital outlives the run: its share of the lifetime", capital: 100, annual: 10, run: 3, lifetime: 10, rate: r,
			want: 100*3.0/10 + 10 + 10/1.05 + 10/(1.05*1.05)},
		{name: "one year: capital/lifetime + annual, not discounted", capital: 100, annual: 10, run: 1, lifetime: 10, rate: r,
			want: 10 + 10},
		{name: "one year at r = 0", capital: 100, annual: 10, run: 1, lifetime: 10, want: 20},
		{name: "three years at r = 0", capital: 100, annual: 10, run: 3, lifetime: 10, want: 30 + 30},
		{name: "a partial last year pro rata", annual: 10, run: 1.5, lifetime: 10, rate: r,
			want: 10 + 0.5*10/1.05},
		{name: "in force from half a year in", capital: 100, annual: 10, start: 0.5, run: 2, lifetime: 10, rate: r,
			want: 100*1.5/10/math.Sqrt(1.05) + 10/math.Sqrt(1.05) + 0.5*10/math.Pow(1.05, 1.5)},
		{name: "capital renewed when used up", capital: 100, run: 5, lifetime: 2, rate: r,
			want: 100 + 100/math.Pow(1.05, 2) + 0.5*100/math.Pow(1.05, 4)},
		{name: "no lifetime: capital in full at the start", capital: 100, run: 3, rate: r, want: 100},
		{name: "comes into force after the run", capital: 100, annual: 10, start: 2, run: 1, lifetime: 10, rate: r, want: 0},
		{name: "no run", capital: 100, annual: 10, lifetime: 10, rate: r, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scenario.Cost{CapitalUSD: tt.capital, AnnualUSD: tt.annual}
			got := c.PresentValue(tt.start, tt.run, scenario.Costing{LifetimeYears: tt.lifetime, DiscountRate: tt.rate})
			if math.Abs(got-tt.want) > 1e-9*math.Max(1, tt.want) {
				t.Errorf("PresentValue = %.12g, want %.12g", got, tt.want)
			}
		})
	}
}

// TestRunCostOfOneYearIsAnnualCost: the cost of a one-year run (the default,
// 365 days) is today's annual figure, annual + capital/lifetime, whatever
// the discount rate, so results of one-year runs keep their meaning; and a
// two-year run costs two years of annual costs, the second discounted.
func TestRunCostOfOneYearIsAnnualCost(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sary-tash-post.toml", "kz-scanners.toml", "informant-program.toml", "russian-border-guards.toml"} {
		sc, err := scenario.Load(scenarios.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Params.Days != 365 || sc.DiscountRate != scenario.DefaultDiscountRate {
			t.Fatalf("%s: %d days, discount rate %v", name, sc.Params.Days, sc.DiscountRate)
		}
		for _, r := range []float64{0, 0.05, 0.5} {
			sc.DiscountRate = r
			if got, want := sc.RunCost(), sc.AnnualCost(); math.Abs(got-want) > 1e-6 {
				t.Errorf("%s, r = %v: one-year run costs %v, annual cost %v", name, r, got, want)
			}
			if w := sc.EffectDiscount(); w != 1 {
				t.Errorf("%s, r = %v: one-year effect discount %v, want 1", name, r, w)
			}
		}
	}
	sc, err := scenario.Load(scenarios.FS, "sary-tash-post.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Params.Days = 2 * scenario.DaysPerYear
	// checkpoint defaults: $250,000 capital over 10 years, $150,000 a year
	want := 250_000*2.0/10 + 150_000 + 150_000/1.05
	if got := sc.RunCost(); math.Abs(got-want) > 1e-6 {
		t.Errorf("two-year run costs %v, want %v", got, want)
	}
	if got, want := sc.EffectDiscount(), (1+1/1.05)/2; math.Abs(got-want) > 1e-12 {
		t.Errorf("two-year effect discount %v, want %v", got, want)
	}
}
