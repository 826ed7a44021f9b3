package experiment_test

import (
	"math"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// TestCostPerKgOfTwoYearRun: over a two-year run a policy costs two years of
// annual costs (the second discounted) and two years' share of its capital,
// and its cost per extra kg seized divides that by the extra kg, discounted
// alike (evenly over the two years).
func TestCostPerKgOfTwoYearRun(t *testing.T) {
	var scs []experiment.Scenario
	var policy *scenario.Scenario
	for _, name := range []string{"baseline", "sary-tash-post"} {
		ov := []scenario.Override{{Path: "params.days", Value: 2 * scenario.DaysPerYear}}
		if name != "baseline" { // a post that searches every load, so that its extra seizures are clear in a few pairs
			ov = append(ov, scenario.Override{Path: "place[sary-tash].traits.inspection_rate", Value: 1},
				scenario.Override{Path: "place[sary-tash].traits.search_thoroughness", Value: 1},
				scenario.Override{Path: "place[sary-tash].traits.traffic_per_day", Value: 0})
		}
		sc, err := scenario.LoadWith(scenarios.FS, name+".toml", ov...)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs,
			AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost(), EffectDiscount: sc.EffectDiscount()})
		policy = sc
	}
	const r = scenario.DefaultDiscountRate
	want := 0.0 // Σ 2 · capital/lifetime + annual · (1 + 1/(1+r))
	for _, c := range policy.Costs {
		want += 2*c.CapitalUSD/policy.LifetimeYears + c.AnnualUSD*(1+1/(1+r))
	}
	if want <= policy.AnnualCost() {
		t.Fatalf("two years cost %v, one %v", want, policy.AnnualCost())
	}
	res, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 1, N: 20, Workers: 2})
	ss := &res.Summary.Scenarios[1]
	if math.Abs(ss.RunCostUSD-want) > 1e-6 || ss.ExtraRunCostUSD == nil || math.Abs(*ss.ExtraRunCostUSD-want) > 1e-6 {
		t.Errorf("run cost %v (extra %v), want %v", ss.RunCostUSD, ss.ExtraRunCostUSD, want)
	}
	if *ss.ExtraAnnualCostUSD != policy.AnnualCost() {
		t.Errorf("extra annual cost %v, want %v", *ss.ExtraAnnualCostUSD, policy.AnnualCost())
	}
	d := ss.Metric(experiment.OpiatesSeized).VsBaseline
	if ss.CostPerExtraKgSeized == nil {
		t.Fatalf("no cost per kg: the post's extra seizures %+v", d)
	}
	w := (1 + 1/(1+r)) / 2 // kg of each year weighed as that year's annual cost
	if got, want := *ss.CostPerExtraKgSeized, want/(d.Mean*w); math.Abs(got-want) > 1e-9*want {
		t.Errorf("cost per extra kg seized %v, want %v", got, want)
	}
}
