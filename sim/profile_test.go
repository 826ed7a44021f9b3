package sim_test

import (
	"testing"

	"hourglass/sim"
)

// Toy worlds for groups and couriers as agents (issue #12), one mechanism
// each, and the two balances every run keeps.

// checkPeople asserts the balances of couriers and money (the "at start"
// terms: what a warm-up leaves):
//
//	hired + active at start = active + arrested + retired
//	income + cash at start = payments + cash
func checkPeople(t *testing.T, o *sim.Outcome) {
	t.Helper()
	if o.CouriersHired+o.CouriersActiveAtStart != o.CouriersActive+o.CourierArrests+o.CouriersRetired {
		t.Errorf("seed %d rep %d: couriers hired %d + active at the start %d != active %d + arrested %d + retired %d",
			o.Seed, o.Replication, o.CouriersHired, o.CouriersActiveAtStart, o.CouriersActive, o.CourierArrests, o.CouriersRetired)
	}
	if o.GroupIncome+o.GroupCashAtStart != o.GroupPayments+o.GroupCash {
		t.Errorf("seed %d rep %d: group income %d cents + cash at the start %d != payments %d + cash %d",
			o.Seed, o.Replication, o.GroupIncome, o.GroupCashAtStart, o.GroupPayments, o.GroupCash)
	}
}

func TestPeopleBalanceBaseline(t *testing.T) {
	sc := loadBaseline(t)
	for rep := uint64(0); rep < 4; rep++ {
		o, err := sim.Run(sc.World, &sc.Params, 7, rep)
		if err != nil {
			t.Fatal(err)
		}
		checkPeople(t, &o)
		if o.CouriersHired == 0 || o.CareerTrips == 0 || o.CareerTrips == o.Trips {
			t.Errorf("rep %d: %d couriers hired, %d of %d loads by retained couriers: the baseline mixes both",
				rep, o.CouriersHired, o.CareerTrips, o.Trips)
		}
	}
}

// talkWorld: a line through a post that searches every load and finds it,
// whose couriers always talk and lead to an organiser unless the group is
// cohesive, and never escape.
func talkWorld(organisers int) (*sim.World, sim.Params) {
	w := line(certain, sim.Opiates, sim.Truck)
	w.Populations[0].CourierLoyalty = 0
	w.Populations[0].Organisers = organisers
	w.Populations[0].Cash = 0
	p := toyParams()
	p.Adaptation.OrganiserLink = 1
	p.Modes[sim.Truck].EscapeProb = 0
	p.Bribes.ExtortionRate = 0
	return w, p
}

// TestLastOrganiserArrestedDissolvesAndTheNicheRefills: with one organiser
// the first arrest dissolves the group; nothing leaves the lab until a new
// group fills the niche refill_days later, and then it trades again.
func TestLastOrganiserArrestedDissolvesAndTheNicheRefills(t *testing.T) {
	w, p := talkWorld(1)
	p.Groups.RefillDays = 60
	for _, o := range runToy(t, w, p, 3) {
		checkPeople(t, &o)
		if o.GroupsDissolved < 2 || o.GroupsReplaced < o.GroupsDissolved-1 || o.GroupsDisrupted != 0 {
			t.Errorf("one organiser: %d dissolved, %d replaced, %d disrupted; want each arrest to dissolve and each niche to refill",
				o.GroupsDissolved, o.GroupsReplaced, o.GroupsDisrupted)
		}
		if o.OrganiserArrests != o.GroupsDissolved {
			t.Errorf("%d organisers arrested, %d groups dissolved: an arrest in a dissolved group", o.OrganiserArrests, o.GroupsDissolved)
		}
		// Seizures come in bursts (the loads already on the road), and a
		// new burst starts no sooner than refill_days after the last.
		last := -1000
		for _, s := range o.Seizures {
			if gap := s.Day - last; gap > 5 && gap < p.Groups.RefillDays {
				t.Errorf("a seizure on day %d, %d days after the one before: the dissolved group traded before its niche refilled", s.Day, gap)
			}
			last = s.Day
		}
	}
}

// TestOrganisersLeftKeepTheGroup: with three organisers the first two
// arrests only disrupt the group.
func TestOrganisersLeftKeepTheGroup(t *testing.T) {
	w, p := talkWorld(3)
	for _, o := range runToy(t, w, p, 3) {
		if o.GroupsDisrupted < 2*o.GroupsDissolved || o.GroupsDissolved == 0 {
			t.Errorf("three organisers: %d disruptions, %d dissolutions; want two disruptions before each dissolution",
				o.GroupsDisrupted, o.GroupsDissolved)
		}
	}
}

// TestCohesionCutsInformantsFromTalk: an agency with no money for
// informants still gains them from couriers who talk; cohesion cuts that
// recruitment by recruitCohesion, as it cuts the agencies' own attempts
// (intelligence.go), so a fully cohesive group keeps informants out only
// where the cut is total.
func TestCohesionCutsInformantsFromTalk(t *testing.T) {
	tips := func(cohesion, cut float64) int {
		w, p := talkWorld(1)
		w.Places[1].Traits = sim.Traits{InspectionRate: 0.3, SearchThoroughness: 1, Staff: 10}
		w.Agencies = []sim.Agency{{ID: "dca", Country: "TJ"}}
		w.Places[0].Agency, w.Places[2].Agency, w.Places[1].Agency = -1, -1, 0
		w.Populations[0].Cohesion = cohesion
		p.Adaptation.OrganiserLink = 0 // keep the group alive
		p.Groups.TalkInformer = 1
		p.Enforcement.InformantTip, p.Enforcement.InformantLoss = 1, 0
		p.Enforcement.RecruitCohesion = cut
		n := 0
		for _, o := range runToy(t, w, p, 10) {
			n += o.TipsReceived
		}
		return n
	}
	cut := sim.DefaultParams().Enforcement.RecruitCohesion
	loose, tight, sealed := tips(0, cut), tips(1, cut), tips(1, 1)
	t.Logf("tips: %d loose, %d cohesive (cut %v), %d cohesive with a total cut", loose, tight, cut, sealed)
	if loose == 0 || tight == 0 || sealed != 0 {
		t.Errorf("tips from informants who were talking couriers: loose group %d, cohesive group %d, cohesive with a total cut %d; want some, some, none", loose, tight, sealed)
	}
}

// busyLine is line with small loads and a large stock: each group sends a
// load whenever it has a courier free.
func busyLine(traits sim.Traits) *sim.World {
	w := line(traits, sim.Opiates, sim.Truck)
	w.Populations[0].MaxLoadKg = 20
	w.Labs[0].StartHeroinKg = 1e5
	return w
}

// TestRetainedCouriersLearn: across a patrolled border stretch, a group that
// keeps its couriers loses a smaller share of its loads than one that hires
// a stranger for each: they learn the patrols' patterns.
func TestRetainedCouriersLearn(t *testing.T) {
	run := func(retention float64) (seizedShare, career float64) {
		w := busyLine(sim.Traits{PatrolCoverage: 0.5, GuardMobility: 0.5, Communications: 0.5})
		w.Places[1].Roles = sim.BorderSection
		w.Populations[0].Retention = retention
		w.Populations[0].Concealment = 0.3
		w.Populations[0].Cash = 0
		p := toyParams()
		p.Groups.Retire = 0
		var seized, shipped, trips, careers float64
		for _, o := range runToy(t, w, p, 20) {
			checkPeople(t, &o)
			seized += o.Seized[sim.Heroin].Kg() + o.Seized[sim.Opium].Kg()
			shipped += o.Shipped[sim.Heroin].Kg() + o.Shipped[sim.Opium].Kg()
			trips += float64(o.Trips)
			careers += float64(o.CareerTrips)
		}
		return seized / shipped, careers / trips
	}
	sFresh, cFresh := run(0)
	sCareer, cCareer := run(1)
	t.Logf("seized share %.3f with strangers, %.3f with career couriers", sFresh, sCareer)
	if cFresh != 0 || cCareer < 0.9 {
		t.Fatalf("career share %.2f with retention 0, %.2f with retention 1", cFresh, cCareer)
	}
	if sCareer >= 0.85*sFresh {
		t.Errorf("seized share %.3f with career couriers, %.3f with strangers: experience did not help", sCareer, sFresh)
	}
}

// TestRetainedCouriersCostMore: the same loads cost the group more when
// carried by experienced couriers (transport and loads bought are the same;
// only the courier's fee differs).
func TestRetainedCouriersCostMore(t *testing.T) {
	fee := func(careerFee float64) float64 {
		w := line(sim.Traits{}, sim.Opiates, sim.Truck)
		w.Populations[0].Retention = 1
		p := toyParams()
		p.Groups.CareerFee = careerFee
		var paid, trips float64
		for _, o := range runToy(t, w, p, 2) {
			paid += float64(o.GroupPayments)
			trips += float64(o.Trips)
		}
		return paid / trips
	}
	free, dear := fee(0), fee(1)
	t.Logf("paid per load %.0f cents without a career fee, %.0f with", free, dear)
	if dear <= free {
		t.Errorf("paid per load: %.0f cents without a career fee, %.0f with one", free, dear)
	}
}

// chainWorld: lab -> {h1, h2} -> exit. The first group chooses between two
// equal legs to two depots; from each depot a group of its own carries on to
// the exit, through a post that seizes every load beyond h1 and an open road
// beyond h2. Only a group that plans sees the post.
func chainWorld(planning float64) *sim.World {
	price := [sim.NumCommodities]float64{1000, 100, 1}
	depot := [sim.NumCommodities]float64{3000, 300, 1}
	truck := sim.ModeSet(0).With(sim.Truck)
	return &sim.World{
		Places: []sim.Place{
			{ID: "lab", Country: "AF", Roles: sim.Source, Price: price, Agency: -1},
			{ID: "h1", Country: "TJ", Roles: sim.Stash, Price: depot, Agency: -1},
			{ID: "h2", Country: "TJ", Roles: sim.Stash, Price: depot, Agency: -1},
			{ID: "post", Country: "KG", Roles: sim.Checkpoint, Traits: certain, Price: depot, Agency: -1},
			{ID: "exit", Country: "RU", Roles: sim.Exit, Price: [sim.NumCommodities]float64{20000, 2000, 50}, Agency: -1},
		},
		Segments: []sim.Segment{
			{From: 0, To: 1, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 0, To: 2, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 1, To: 3, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 3, To: 4, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 2, To: 4, Modes: truck, Km: 200, Hours: 4, Condition: 1},
		},
		Labs: []sim.Lab{{Place: 0, StartHeroinKg: 1, NorthernShare: 1, CapacityKgPerDay: 100, StartPrecursorKg: 1e6}},
		Populations: []sim.Population{
			{ID: "first", Product: sim.Opiates, Origin: 0, Destinations: []int{1, 2}, Modes: truck, Count: 2, Couriers: 2,
				AdaptationSpeed: 0.3, CourierLoyalty: 1, Profile: sim.Profile{Planning: planning, Organisers: 1}},
			{ID: "d1", Product: sim.Opiates, Origin: 1, Destinations: []int{4}, Modes: truck, Count: 1, Couriers: 3,
				AdaptationSpeed: 0.3, CourierLoyalty: 1, Profile: sim.Profile{Organisers: 1}},
			{ID: "d2", Product: sim.Opiates, Origin: 2, Destinations: []int{4}, Modes: truck, Count: 1, Couriers: 3,
				AdaptationSpeed: 0.3, CourierLoyalty: 1, Profile: sim.Profile{Organisers: 1}},
		},
	}
}

// TestPlanningSeesTheChain: a post downstream of h1 turns a planning group's
// loads toward h2; a group that does not plan splits them evenly.
func TestPlanningSeesTheChain(t *testing.T) {
	toH1 := func(planning float64) float64 {
		w := chainWorld(planning)
		p := toyParams()
		var h1, h2 float64
		for _, o := range runToy(t, w, p, 5) {
			h1 += o.Moved(0, 0, sim.Heroin).Kg()
			h2 += o.Moved(1, 0, sim.Heroin).Kg()
		}
		return h1 / (h1 + h2)
	}
	blind, planned := toH1(0), toH1(1)
	t.Logf("share of loads to h1: %.2f without planning, %.2f with", blind, planned)
	if blind < 0.35 || blind > 0.65 {
		t.Errorf("without planning %.0f%% of the loads go to h1; its own legs are equal", 100*blind)
	}
	if planned > blind-0.2 {
		t.Errorf("share of loads to h1, whose onward road has a post: %.0f%% planning, %.0f%% not", 100*planned, 100*blind)
	}
}

// TestSecurityCostsEfficiency: a cohesive group lets dispatch chances pass,
// so it sends fewer loads from the same stock.
func TestSecurityCostsEfficiency(t *testing.T) {
	trips := func(cohesion float64) float64 {
		w := busyLine(sim.Traits{})
		w.Populations[0].Cohesion = cohesion
		n := 0.0
		for _, o := range runToy(t, w, toyParams(), 3) {
			n += float64(o.Trips)
		}
		return n
	}
	loose, tight := trips(0), trips(1)
	t.Logf("trips: %.0f loose, %.0f cohesive", loose, tight)
	if tight >= 0.9*loose {
		t.Errorf("trips: %.0f by loose groups, %.0f by cohesive ones; security did not cost efficiency", loose, tight)
	}
}

// TestStandingCorruptionReplacesAdHocBribes: groups that seek standing
// arrangements pay monthly fees instead of bribes at the post.
func TestStandingCorruptionReplacesAdHocBribes(t *testing.T) {
	pay := func(standing float64) (adhoc, fees float64) {
		w := busyLine(sim.Traits{InspectionRate: 0.5, SearchThoroughness: 0.8, Staff: 10, Corruption: 1})
		w.Populations[0].Cash = 0.05
		w.Populations[0].StandingCorruption = standing
		p := toyParams()
		for _, o := range runToy(t, w, p, 3) {
			adhoc += o.AdHocUSD
			fees += o.StandingUSD
		}
		return adhoc, fees
	}
	a0, f0 := pay(0)
	a1, f1 := pay(1)
	t.Logf("standing 0: ad hoc %.0f, fees %.0f; standing 1: ad hoc %.0f, fees %.0f", a0, f0, a1, f1)
	if f0 != 0 || f1 == 0 || a1 >= a0 {
		t.Errorf("standing corruption 0: ad hoc %.0f, fees %.0f USD; 1: ad hoc %.0f, fees %.0f USD; want fees to replace bribes", a0, f0, a1, f1)
	}
}

// TestCareerCouriersAreDearerToTurn: arrested career couriers talk less
// (their loyalty grows with their experience), so fewer of their arrests
// lead to an organiser.
func TestCareerCouriersAreDearerToTurn(t *testing.T) {
	perArrest := func(retention float64) float64 {
		w, p := talkWorld(1000) // organisers enough never to dissolve
		w.Places[1].Traits = sim.Traits{InspectionRate: 0.5, SearchThoroughness: 0.5, Staff: 10}
		w.Populations[0].MaxLoadKg = 20
		w.Labs[0].StartHeroinKg = 1e5
		w.Populations[0].Retention = retention
		p.Groups.Retire = 0
		p.Adaptation.DisruptionDays = 0
		var organisers, couriers float64
		for _, o := range runToy(t, w, p, 5) {
			checkPeople(t, &o)
			organisers += float64(o.OrganiserArrests)
			couriers += float64(o.CourierArrests)
		}
		return organisers / couriers
	}
	strangers, careers := perArrest(0), perArrest(1)
	t.Logf("organisers arrested per courier arrested: %.2f strangers, %.2f career couriers", strangers, careers)
	if strangers < 0.9 || careers > 0.75*strangers {
		t.Errorf("organisers per courier arrest: %.2f with strangers (loyalty 0), %.2f with career couriers; want experience to buy silence", strangers, careers)
	}
}
