package sim_test

import (
	"math"
	"testing"

	"hourglass/sim"
)

// Toy worlds for the instruments as the sources describe them (issue #21,
// brief §9), one mechanism each.

// seizedBy sums the kg of opiates seized by method at place p over outcomes.
func seizedBy(w *sim.World, outs []sim.Outcome, p string, method sim.Method) float64 {
	kg := 0.0
	for i := range outs {
		for _, s := range outs[i].Seizures {
			if w.Places[s.Place].ID == p && s.Commodity.IsOpiate() && s.Method == method {
				kg += s.Grams.Kg()
			}
		}
	}
	return kg
}

// TestCorruptPostSeizesLess: the same post, once staffed by clean
// officers and once by fully corrupt ones who take no bribes (the loads carry
// no cash): the corrupt post searches, and so seizes, corruptInspection less
// (brief §9: officials "are being paid not to concern themselves with the
// content"), and an anti-corruption programme restores it.
func TestCorruptPostSeizesLess(t *testing.T) {
	post := sim.Traits{InspectionRate: 0.2, SearchThoroughness: 1, Staff: 100}
	run := func(corruption, anti float64) float64 {
		tr := post
		tr.Corruption, tr.AntiCorruption = corruption, anti
		w := line(tr, sim.Opiates, sim.Truck)
		w.Populations[0].Cash = 0 // no bribes: only the will to inspect differs
		p := toyParams()
		p.Interdiction.Concentration = 0 // the traits as they are
		p.Bribes.ExtortionRate = 0
		outs := runToy(t, w, p, 20)
		return seizedBy(w, outs, "post", sim.Manual)
	}
	clean, corrupt, cleaned := run(0, 0), run(1, 0), run(1, 1)
	want := 1 - sim.DefaultParams().Interdiction.CorruptInspection
	if r := corrupt / clean; math.Abs(r-want) > 0.15 {
		t.Errorf("a fully corrupt post seizes %.2f of what a clean one does, want about %.2f", r, want)
	}
	if r := cleaned / clean; math.Abs(r-1) > 0.15 {
		t.Errorf("with full anti-corruption the corrupt post seizes %.2f of what a clean one does, want about 1", r)
	}
}

// TestDogsFindWhatNoSearchLooksAt: a post that never searches at random but
// has dog teams still finds loads, by the dogs' own screening (brief §9:
// dogs "crucial to Tajik counter-narcotics efforts"); without dogs it finds
// nothing.
func TestDogsFindWhatNoSearchLooksAt(t *testing.T) {
	p := toyParams()
	p.Bribes.ExtortionRate = 0
	dogs := line(sim.Traits{Dogs: 2, Staff: 5, TrafficPerDay: 200}, sim.Opiates, sim.Car)
	dogs.Populations[0].Cash = 0
	none := line(sim.Traits{Staff: 5, TrafficPerDay: 200}, sim.Opiates, sim.Car)
	none.Populations[0].Cash = 0
	withDogs := seizedBy(dogs, runToy(t, dogs, p, 5), "post", sim.Dogs)
	outs := runToy(t, none, p, 5)
	if withDogs == 0 {
		t.Error("dog teams at a post that never searches found nothing")
	}
	for i := range outs {
		if outs[i].Seized[sim.Heroin]+outs[i].Seized[sim.Opium] != 0 {
			t.Fatalf("a post with neither searches nor dogs seized %v kg", outs[i].Seized[sim.Heroin].Kg())
		}
	}
}

// raidWorld: a lab ships heroin by truck through a corrupt checkpoint of the
// police agency to a stash hub of the same agency, where raids catch loads.
// The group seeks standing arrangements, so it forms one at the checkpoint.
func raidWorld(halt float64) (*sim.World, sim.Params) {
	price := [sim.NumCommodities]float64{1000, 1000, 1}
	truck := sim.ModeSet(0).With(sim.Truck)
	w := &sim.World{
		Places: []sim.Place{
			{ID: "lab", Country: "AF", Roles: sim.Source, Price: price, Agency: -1},
			{ID: "post", Country: "TJ", Roles: sim.Checkpoint, Price: price, Agency: 0,
				Traits: sim.Traits{InspectionRate: 0.01, SearchThoroughness: 1, Staff: 100, Corruption: 1}},
			{ID: "hub", Country: "TJ", Roles: sim.Stash | sim.Market, Price: [sim.NumCommodities]float64{20000, 20000, 50}, Agency: 0,
				Traits: sim.Traits{RaidRate: 0.5}},
		},
		Segments: []sim.Segment{
			{From: 0, To: 1, Modes: truck, Km: 10, Hours: 1, Condition: 1},
			{From: 1, To: 2, Modes: truck, Km: 10, Hours: 1, Condition: 1},
		},
		Agencies: []sim.Agency{{ID: "police", Country: "TJ"}},
		Labs:     []sim.Lab{{Place: 0, StartHeroinKg: 30000, NorthernShare: 1}},
		Populations: []sim.Population{{ID: "g", Product: sim.HeroinOnly, Origin: 0, Destinations: []int{2}, Modes: truck,
			Count: 1, Couriers: 1, CourierLoyalty: 1, Profile: sim.Profile{StandingCorruption: 1}}},
	}
	p := toyParams()
	p.Interdiction.Concentration = 0
	p.Enforcement.FormRate, p.Enforcement.Rotation, p.Enforcement.Halt = 1, 0, halt
	p.Bribes.ExtortionRate = 0
	return w, p
}

// TestArrangementStopsARaid: a group with a standing arrangement with a unit
// of the police agency has the agency's raids on its loads halted (brief §9:
// "the nodes of trafficking networks are protected by surrounding webs of
// corruption"); with halt 0 the same raids seize its loads.
func TestArrangementStopsARaid(t *testing.T) {
	w, p := raidWorld(1)
	protected := runToy(t, w, p, 5)
	w0, p0 := raidWorld(0)
	exposed := runToy(t, w0, p0, 5)
	halted := 0
	for i := range protected {
		if protected[i].Arrangements == 0 {
			t.Fatal("no arrangement formed at the corrupt checkpoint")
		}
		halted += protected[i].InvestigationsHalted
	}
	raidedP, raidedE := seizedBy(w, protected, "hub", sim.Raid), seizedBy(w0, exposed, "hub", sim.Raid)
	if halted == 0 || raidedE == 0 || raidedP > raidedE/5 {
		t.Errorf("raids at the hub: %.0f kg seized from a group with an arrangement (halted %d), %.0f kg with halt 0: the arrangement should stop the raids",
			raidedP, halted, raidedE)
	}
}

// legalWorld: suppliers at "afg" cross to "dushanbe" either by swimming a
// river stretch (a border section with a patrol) to a depot that hands on,
// or by car through a legal crossing (a post that searches three loads in
// ten) straight to the hub; both legs of the river way have groups.
// riverCoverage is the patrol's coverage.
func legalWorld(riverCoverage float64) *sim.World {
	price := func(h float64) [sim.NumCommodities]float64 { return [sim.NumCommodities]float64{h, h / 15, 1} }
	swim := sim.ModeSet(0).With(sim.Swim)
	car := sim.ModeSet(0).With(sim.Car)
	return &sim.World{
		Places: []sim.Place{
			{ID: "afg", Country: "AF", Roles: sim.Source, Price: price(2000), Agency: -1},
			{ID: "river", Country: "TJ", Border: "AF", Roles: sim.BorderSection, Price: price(2900), Agency: -1,
				Traits: sim.Traits{PatrolCoverage: riverCoverage, GuardMobility: 1, Communications: 1}},
			{ID: "ferry", Country: "TJ", Border: "AF", Roles: sim.Crossing, Price: price(3000), Agency: -1,
				Traits: sim.Traits{InspectionRate: 0.3, SearchThoroughness: 1, Staff: 100}},
			{ID: "dushanbe", Country: "TJ", Roles: sim.Stash, Price: price(3100), Agency: -1},
			{ID: "exit", Country: "RU", Roles: sim.Exit, Price: price(30000), Agency: -1},
		},
		Segments: []sim.Segment{
			{From: 0, To: 1, Modes: swim, Km: 5, Hours: 3, Condition: 0.3},
			{From: 1, To: 3, Modes: car, Km: 200, Hours: 5, Condition: 0.6},
			{From: 0, To: 2, Modes: car, Km: 60, Hours: 2, Condition: 0.5},
			{From: 2, To: 3, Modes: car, Km: 190, Hours: 4, Condition: 0.6},
			{From: 3, To: 4, Modes: car, Km: 2000, Hours: 40, Condition: 0.7},
		},
		Labs: []sim.Lab{{Place: 0, StartHeroinKg: 1, CapacityKgPerDay: 60, StartPrecursorKg: 1e7, NorthernShare: 1}},
		Populations: []sim.Population{
			{ID: "suppliers", Product: sim.Opiates, Origin: 0, Destinations: []int{1, 3}, Modes: swim.With(sim.Car),
				Count: 4, Couriers: 2, AdaptationSpeed: 0.3, CourierLoyalty: 1, MaxLoadKg: 15},
			{ID: "depots", Product: sim.Opiates, Origin: 1, Destinations: []int{3}, Modes: car, Count: 2, Couriers: 2, CourierLoyalty: 1},
			{ID: "hub", Product: sim.Opiates, Origin: 3, Destinations: []int{4}, Modes: car, Count: 2, Couriers: 2, CourierLoyalty: 1},
		},
	}
}

// TestPatrolPressureShiftsLoadsToTheLegalCrossing: as the river patrols
// improve, suppliers send more of their loads through the legal crossing
// (brief §9, Townsend: "as the abilities of Tajikistan's border guards
// improve ... traffickers are likely to increase their use of legal border
// crossings and decrease their reliance on river crossings").
func TestPatrolPressureShiftsLoadsToTheLegalCrossing(t *testing.T) {
	p := toyParams()
	legalShare := func(coverage float64) float64 {
		w := legalWorld(coverage)
		var river, legal float64
		for _, o := range runToy(t, w, p, 6) {
			river += o.Moved(0, 0, sim.Heroin).Kg()
			legal += o.Moved(2, 0, sim.Heroin).Kg()
		}
		return legal / (river + legal)
	}
	weak, strong := legalShare(0.01), legalShare(0.5)
	t.Logf("share through the legal crossing: %.2f with weak river patrols, %.2f with strong ones", weak, strong)
	if strong < weak+0.15 {
		t.Errorf("share of loads through the legal crossing: %.2f with weak river patrols, %.2f with strong ones; want a clear shift to the crossing", weak, strong)
	}
}

// TestIntelligenceGainsOnRandomChecksAsGroupsProfessionalise: on one route
// through one post, what informant money buys (an agency funds informants)
// against what random inspection buys (the post's random search rate
// raised), both in opiates seized over a year, at professionalization 0, 0.5
// and 1 (the whole profile, sim.ProfileOf). The ratio of the two rises with
// professionalization, even if both fall (brief §9, Townsend: "the need for
// intelligence collection and analysis grows relative to the effectiveness
// of random checks").
func TestIntelligenceGainsOnRandomChecksAsGroupsProfessionalise(t *testing.T) {
	base := sim.Traits{InspectionRate: 0.05, SearchThoroughness: 0.6, Staff: 20, TrafficPerDay: 300, Corruption: 0.3}
	world := func(prof float64, informantUSD, inspection float64) *sim.World {
		tr := base
		tr.InspectionRate = inspection
		w := line(tr, sim.Opiates, sim.Car)
		w.Agencies = []sim.Agency{{ID: "dca", Country: "TJ", InformantUSD: informantUSD}}
		w.Places[0].Agency, w.Places[2].Agency, w.Places[1].Agency = -1, -1, 0
		pr := sim.ProfileOf(prof)
		pop := &w.Populations[0]
		pop.Profile, pop.Professionalization, pop.Count, pop.Couriers = pr, prof, 4, 1
		pop.CourierLoyalty = 0.5
		return w
	}
	p := toyParams()
	p.Interdiction.Concentration = 0
	seized := func(w *sim.World) float64 {
		total := 0.0
		for _, o := range runToy(t, w, p, 30) {
			total += o.Seized[sim.Heroin].Kg() + o.Seized[sim.Opium].Kg()
		}
		return total
	}
	var ratios []float64
	for _, prof := range []float64{0, 0.5, 1} {
		none := seized(world(prof, 0, 0.05))
		intel := seized(world(prof, 200_000, 0.05)) - none
		random := seized(world(prof, 0, 0.25)) - none
		if random <= 0 {
			t.Fatalf("professionalization %v: random inspection bought nothing (%.0f kg)", prof, random)
		}
		ratios = append(ratios, intel/random)
		t.Logf("professionalization %.1f: intelligence +%.0f kg, random inspection +%.0f kg, ratio %.2f", prof, intel, random, intel/random)
	}
	if !(ratios[0] < ratios[1] && ratios[1] < ratios[2]) {
		t.Errorf("the ratio of what intelligence buys to what random checks buy does not rise with professionalization: %.2f, %.2f, %.2f", ratios[0], ratios[1], ratios[2])
	}
}

// TestTipAtAHubIsActedOn: an informant's tip goes to the first unit of his
// agency on the load's route; where that unit is a hub's police (as every
// Tajik drug control unit is), they act on it there (a raid led by the tip),
// though the hub itself never raids.
func TestTipAtAHubIsActedOn(t *testing.T) {
	run := func(informantUSD float64) float64 {
		w := line(sim.Traits{}, sim.Opiates, sim.Car)
		w.Places[1].Roles = sim.Stash // the hub the loads pass, no raids of its own
		w.Agencies = []sim.Agency{{ID: "dca", Country: "TJ", InformantUSD: informantUSD}}
		w.Places[0].Agency, w.Places[2].Agency, w.Places[1].Agency = -1, -1, 0
		w.Populations[0].Cash = 0
		p := toyParams()
		p.Enforcement.Recruit, p.Enforcement.InformantTip, p.Enforcement.InformantLoss = 1, 1, 0
		p.Interdiction.TipDetection = 1
		return seizedBy(w, runToy(t, w, p, 3), "post", sim.Intelligence)
	}
	if tipped, none := run(1e6), run(0); tipped == 0 || none != 0 {
		t.Errorf("opiates seized on tips at the hub: %.0f kg with informant money, %.0f without; want some, and none", tipped, none)
	}
}
