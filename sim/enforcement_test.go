package sim_test

import (
	"testing"

	"hourglass/sim"
)

// Toy worlds for the enforcement agents (issue #11), one mechanism each.

// run runs world w for a year with parameters p over seeds 1..n and
// returns the outcomes, checking mass balance.
func runToy(t *testing.T, w *sim.World, p sim.Params, n int) []sim.Outcome {
	t.Helper()
	prepare(t, w)
	var out []sim.Outcome
	for seed := uint64(1); seed <= uint64(n); seed++ {
		o, err := sim.Run(w, &p, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, &o)
		out = append(out, o)
	}
	return out
}

// TestMobileOfficersFollowTheFlow: two posts of one agency on two routes;
// the groups can only drive the route through b (the road through a takes no
// trucks), so seizures happen at b, and the agency moves its mobile officers
// there month by month.
func TestMobileOfficersFollowTheFlow(t *testing.T) {
	post := sim.Traits{InspectionRate: 0.3, SearchThoroughness: 0.6, Staff: 4}
	w := fork(post)
	w.Places[2].Roles, w.Places[2].Traits = sim.Checkpoint, post
	w.Segments[0].Modes = sim.ModeSet(0).With(sim.Car) // no trucks through a
	w.Agencies = []sim.Agency{{ID: "police", Country: "TJ", MobileStaff: 20}}
	w.Places[0].Agency, w.Places[3].Agency = -1, -1
	w.Places[1].Agency, w.Places[2].Agency = 0, 0
	p := toyParams()
	var a, b, aStart, bStart float64
	for _, o := range runToy(t, w, p, 5) {
		aStart += float64(o.MobileAt[1][0])
		bStart += float64(o.MobileAt[2][0])
		a += float64(o.MobileAt[1][11])
		b += float64(o.MobileAt[2][11])
		if o.Moved(2, 0, sim.Heroin) == 0 || o.Moved(0, 0, sim.Heroin) != 0 {
			t.Fatal("the flow does not go through b alone")
		}
	}
	if aStart != bStart {
		t.Errorf("mobile officers start unevenly: a %v, b %v", aStart, bStart)
	}
	if b < 2*a {
		t.Errorf("in December the agency keeps %.1f mobile officers at a (no flow) and %.1f at b (all the flow): it did not follow the flow", a/5, b/5)
	}
}

// intelWorld is a line through one post of an agency with informant money,
// with every knob of intelligence at certainty where the test wants it.
func intelWorld(follow, corruption float64) (*sim.World, sim.Params) {
	w := line(sim.Traits{Staff: 4, Corruption: corruption}, sim.Opiates, sim.Truck)
	w.Agencies = []sim.Agency{{ID: "dca", Country: "TJ", InformantUSD: 1e6, Follow: follow}}
	w.Places[0].Agency, w.Places[2].Agency, w.Places[1].Agency = -1, -1, 0
	w.Populations[0].Cash = 0 // no ad-hoc bribes
	p := toyParams()
	p.Enforcement.Recruit, p.Enforcement.InformantTip, p.Enforcement.InformantLoss = 1, 1, 0
	p.Enforcement.FollowSuccess = 1
	p.Interdiction.TipDetection = 1
	p.Bribes.ExtortionRate = 0
	return w, p
}

func TestTipsLeadToSeizures(t *testing.T) {
	w, p := intelWorld(0, 0)
	for _, o := range runToy(t, w, p, 3) {
		intel := 0
		for _, s := range o.Seizures {
			if s.Method == sim.Intelligence && w.Places[s.Place].ID == "post" {
				intel++
			}
		}
		if o.TipsActed == 0 || intel == 0 || o.Delivered[sim.Heroin] != 0 {
			t.Errorf("tips received %d, acted %d, intelligence seizures %d, heroin delivered %v kg: every tipped load should be seized at the post",
				o.TipsReceived, o.TipsActed, intel, o.Delivered[sim.Heroin].Kg())
		}
	}
}

func TestControlledDeliveryArrestsOrganisers(t *testing.T) {
	w, p := intelWorld(1, 0)
	for _, o := range runToy(t, w, p, 3) {
		atPost := 0
		for _, s := range o.Seizures {
			if w.Places[s.Place].ID == "post" {
				atPost++
			}
		}
		if o.Followed == 0 || o.FollowArrests == 0 || atPost != 0 {
			t.Errorf("controlled deliveries %d, organisers arrested at their end %d, seizures at the post %d: followed loads go to their receivers",
				o.Followed, o.FollowArrests, atPost)
		}
		if o.OrganiserArrests < o.FollowArrests {
			t.Errorf("organiser arrests %d below those of controlled deliveries %d", o.OrganiserArrests, o.FollowArrests)
		}
	}
}

func TestLeakWarnsTheGroup(t *testing.T) {
	w, p := intelWorld(0, 1)
	p.Enforcement.Leak = 1
	for _, o := range runToy(t, w, p, 3) {
		if o.TipsLeaked == 0 || o.TipsActed != 0 {
			t.Errorf("a fully corrupt unit: tips leaked %d, acted %d; want every tip leaked", o.TipsLeaked, o.TipsActed)
		}
	}
}

func TestNoInformantsNoTips(t *testing.T) {
	w, p := intelWorld(0, 0)
	w.Agencies[0].InformantUSD = 0 // and the post's community informants trait is 0
	for _, o := range runToy(t, w, p, 3) {
		for _, s := range o.Seizures {
			if s.Method == sim.Intelligence {
				t.Fatalf("an intelligence seizure without informants: %+v", s)
			}
		}
		if o.TipsReceived != 0 {
			t.Errorf("%d tips without informants", o.TipsReceived)
		}
	}
}

// arrangementWorld sends heroin from one lab and opium from another through
// the same corrupt post to one exit; only the heroin group seeks standing
// arrangements. Concealment 0 for both, so a search finds either alike.
func arrangementWorld() (*sim.World, sim.Params) {
	price := [sim.NumCommodities]float64{1000, 1000, 1}
	truck := sim.ModeSet(0).With(sim.Truck)
	w := &sim.World{
		Places: []sim.Place{
			{ID: "lab1", Country: "AF", Roles: sim.Source, Price: price, Agency: -1},
			{ID: "lab2", Country: "AF", Roles: sim.Source, Price: price, Agency: -1},
			{ID: "post", Country: "TJ", Roles: sim.Checkpoint, Price: price, Agency: -1,
				Traits: sim.Traits{InspectionRate: 0.3, SearchThoroughness: 1, Staff: 100, Corruption: 1}},
			{ID: "exit", Country: "RU", Roles: sim.Exit, Price: [sim.NumCommodities]float64{20000, 20000, 50}, Agency: -1},
		},
		Segments: []sim.Segment{
			{From: 0, To: 2, Modes: truck, Km: 10, Hours: 1, Condition: 1},
			{From: 1, To: 2, Modes: truck, Km: 10, Hours: 1, Condition: 1},
			{From: 2, To: 3, Modes: truck, Km: 10, Hours: 1, Condition: 1},
		},
		Labs: []sim.Lab{
			{Place: 0, StartHeroinKg: 30000, NorthernShare: 1},
			{Place: 1, OpiumKgPerDay: 10},
		},
		Populations: []sim.Population{
			{ID: "heroin", Product: sim.HeroinOnly, Origin: 0, Destinations: []int{3}, Modes: truck, Count: 1, Couriers: 1, CourierLoyalty: 1, Profile: sim.Profile{StandingCorruption: 1}},
			{ID: "opium", Product: sim.Opiates, Origin: 1, Destinations: []int{3}, Modes: truck, Count: 1, Couriers: 1, CourierLoyalty: 1},
		},
	}
	p := toyParams()
	p.Enforcement.FormRate, p.Enforcement.Shield, p.Enforcement.Rotation = 1, 1, 0
	p.Bribes.ExtortionRate = 0
	p.Interdiction.ProfessionalEvasion = 0
	return w, p
}

func TestArrangementShieldsThatGroupOnly(t *testing.T) {
	w, p := arrangementWorld()
	var heroinSeized, heroinShipped, opiumSeized, opiumShipped float64
	for _, o := range runToy(t, w, p, 3) {
		if o.Arrangements == 0 || o.ArrangementMonths == 0 {
			t.Fatal("no arrangement formed")
		}
		heroinSeized += o.Seized[sim.Heroin].Kg()
		heroinShipped += o.Shipped[sim.Heroin].Kg()
		opiumSeized += o.Seized[sim.Opium].Kg()
		opiumShipped += o.Shipped[sim.Opium].Kg()
	}
	hr, or := heroinSeized/heroinShipped, opiumSeized/opiumShipped
	if or < 0.02 || hr > or/4 {
		t.Errorf("seized share: heroin group (arrangement) %.3f, opium group (none) %.3f; want the arrangement to shield its group alone", hr, or)
	}
}

func TestInvestigationBreaksArrangements(t *testing.T) {
	w, p := arrangementWorld()
	p.Enforcement.FormRate = 0.1
	quiet := runToy(t, w, p, 5)
	w, p = arrangementWorld()
	p.Enforcement.FormRate = 0.1
	w.Places[2].Traits.AntiCorruption = 0.5 // arrangements still form (c_eff 0.5), and break
	p.Enforcement.Investigation = 1
	investigated := runToy(t, w, p, 5)
	var qm, im, qs, is, broken int
	for i := range quiet {
		qm += quiet[i].ArrangementMonths
		im += investigated[i].ArrangementMonths
		qs += int(quiet[i].Seized[sim.Heroin])
		is += int(investigated[i].Seized[sim.Heroin])
		broken += investigated[i].ArrangementsBroken
	}
	if broken == 0 || im >= qm {
		t.Errorf("investigators broke %d arrangements; arrangement-months %d with them, %d without", broken, im, qm)
	}
	if is <= qs {
		t.Errorf("heroin seized with investigators %d g, without %d g: breaking arrangements should expose the group", is, qs)
	}
}
