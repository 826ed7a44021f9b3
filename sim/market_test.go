package sim_test

import (
	"math"
	"testing"

	"hourglass/sim"
)

// marketWorld: a lab, a post with the given traits, a market that sells
// part of each load to retail and hands the rest to a second group, and an
// exit. Nothing is lost at the baseline (reference losses 0), so the
// anchor holds prices at their inputs while no load is seized.
func marketWorld(post sim.Traits) *sim.World {
	modes := sim.ModeSet(0).With(sim.Truck)
	w := &sim.World{
		Places: []sim.Place{
			{ID: "lab", Country: "AF", Roles: sim.Source, Price: [sim.NumCommodities]float64{1000, 100, 1}},
			{ID: "post", Country: "TJ", Border: "AF", Roles: sim.Crossing, Traits: post, Price: [sim.NumCommodities]float64{1000, 100, 1}},
			{ID: "market", Country: "TJ", Roles: sim.Market, RetailShare: 0.2, Price: [sim.NumCommodities]float64{5000, 300, 1}},
			{ID: "exit", Country: "RU", Roles: sim.Exit, Price: [sim.NumCommodities]float64{20000, 2000, 50}},
		},
		Segments: []sim.Segment{
			{From: 0, To: 1, Modes: modes, Km: 10, Hours: 1, Condition: 1},
			{From: 1, To: 2, Modes: modes, Km: 10, Hours: 1, Condition: 1},
			{From: 2, To: 3, Modes: modes, Km: 10, Hours: 1, Condition: 1},
		},
		Labs: []sim.Lab{{Place: 0, StartHeroinKg: 1e5, NorthernShare: 1}},
		Populations: []sim.Population{
			{ID: "south", Product: sim.Opiates, Origin: 0, Destinations: []int{2}, Modes: modes, Count: 1, Couriers: 1, CourierLoyalty: 1, MaxLoadKg: 20},
			{ID: "north", Product: sim.Opiates, Origin: 2, Destinations: []int{3}, Modes: modes, Count: 1, Couriers: 3, CourierLoyalty: 1},
		},
	}
	return w
}

// TestNoSeizuresKeepPricesAtInputs: with no post and no loss at the
// baseline, every price stays at its input every month, and the share
// retained at the market is the input share.
func TestNoSeizuresKeepPricesAtInputs(t *testing.T) {
	w := marketWorld(sim.Traits{})
	p := toyParams()
	for _, o := range runToy(t, w, p, 5) {
		checkPeople(t, &o)
		if len(o.Seizures) != 0 {
			t.Fatalf("seed %d: %d seizures with no post", o.Seed, len(o.Seizures))
		}
		for pi := range w.Places {
			for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
				if o.Price[pi][c] != w.Places[pi].Price[c] {
					t.Errorf("seed %d: %s at %s ends at %v, want its input %v", o.Seed, c, w.Places[pi].ID, o.Price[pi][c], w.Places[pi].Price[c])
				}
			}
		}
		tj := w.CountryIndex("TJ")
		for _, m := range o.Months {
			if got := m.PriceIn(tj, sim.Heroin); got != 0 && math.Abs(got-5000) > 1e-6 {
				t.Errorf("seed %d %v: heroin sold in TJ at %v, want 5000", o.Seed, m.Month, got)
			}
		}
		arrived := o.ArrivedAt[2][sim.Heroin]
		if got := float64(o.Retained[sim.Heroin]) / float64(arrived); math.Abs(got-0.2) > 1e-3 {
			t.Errorf("seed %d: retained %.4f of the heroin reaching the market, want 0.2", o.Seed, got)
		}
	}
}

// TestRiskRaisesThePriceDownstream: a post that seizes loads on the only
// route to the market raises the market's price above its input (and the
// exit's, through the upstream price), and less of each load is retained
// there (elasticity -0.5). Mass and money still balance.
func TestRiskRaisesThePriceDownstream(t *testing.T) {
	risky := sim.Traits{InspectionRate: 0.3, SearchThoroughness: 1, Staff: 50}
	w := marketWorld(risky)
	p := toyParams()
	var priceSum, retainedShare float64
	outs := runToy(t, w, p, 10)
	for _, o := range outs {
		checkPeople(t, &o)
		if o.LostTo[2][sim.Heroin] == 0 {
			t.Fatalf("seed %d: the post seized nothing heading to the market", o.Seed)
		}
		priceSum += o.Price[2][sim.Heroin]
		retainedShare += float64(o.Retained[sim.Heroin]) / float64(o.ArrivedAt[2][sim.Heroin])
		if o.Price[3][sim.Heroin] <= 20000 {
			t.Errorf("seed %d: the exit's heroin price %v did not rise with the market's", o.Seed, o.Price[3][sim.Heroin])
		}
	}
	n := float64(len(outs))
	loss := 0.0
	for _, o := range outs {
		l := float64(o.LostTo[2][sim.Heroin])
		loss += l / (l + float64(o.ArrivedAt[2][sim.Heroin])) / n
	}
	// The price settles near P⁰/(1-L): the seizure loss is what it covers.
	if got, want := priceSum/n, 5000/(1-loss); got < 5000*1.05 || math.Abs(got-want) > 0.25*want {
		t.Errorf("market heroin price %.0f, want above 5,250 and near 5000/(1-%.2f) = %.0f", got, loss, want)
	}
	t.Logf("loss %.3f, market price %.0f, retained share %.4f", loss, priceSum/n, retainedShare/n)
	if got := retainedShare / n; got >= 0.2*0.99 {
		t.Errorf("retained share %.4f, want below the input 0.2 as the price rose", got)
	}
}

// TestHeldPricesIgnoreRisk: inertia 0 holds every price at its input,
// whatever the losses (the calibration run of the reference losses).
func TestHeldPricesIgnoreRisk(t *testing.T) {
	w := marketWorld(sim.Traits{InspectionRate: 0.3, SearchThoroughness: 1, Staff: 50})
	p := toyParams()
	p.Markets.Inertia = 0
	for _, o := range runToy(t, w, p, 3) {
		if len(o.Seizures) == 0 {
			t.Fatalf("seed %d: nothing seized", o.Seed)
		}
		if o.Price[2][sim.Heroin] != 5000 {
			t.Errorf("seed %d: price %v with inertia 0, want 5000", o.Seed, o.Price[2][sim.Heroin])
		}
	}
}
