package sim

import (
	"fmt"
	"math"
)

// Agency is a law-enforcement body of one country (brief §3: border guards,
// customs, drug control agencies, interior ministries, the Kazakh drug
// combat units): it runs the units of its places, moves mobile staff among
// them, and handles informants.
type Agency struct {
	ID           string
	Country      string
	MobileStaff  float64 // officers it moves between its units month by month
	InformantUSD float64 // informant handling money a year
	Follow       float64 // chance it follows a tipped load to its receivers (controlled delivery) instead of seizing at once
	SharesIntel  bool    // its tips reach any unit on the load's route, of any agency (CARICC, SCO)
	Units        []int   // places whose unit it runs (set by World.Prepare)
}

// Effort is what a unit spends its officers' time (and money) on. Every
// seizure is credited to the effort that made it.
type Effort uint8

// The kinds of effort.
const (
	EffortSearch     Effort = iota // random search of vehicles and goods
	EffortProfiling                // searches steered by risk indicators
	EffortDogs                     // dog teams
	EffortScanner                  // running an X-ray scanner
	EffortPrecursor                // precursor checks: papers, test kits
	EffortInformants               // informant handling, tips acted on
	EffortPatrol                   // patrols of a green border
	EffortRaid                     // raids on stash hubs
	NumEfforts
)

var effortNames = [NumEfforts]string{"search", "profiling", "dogs", "scanner", "precursor", "informants", "patrol", "raid"}

func (e Effort) String() string {
	if e < NumEfforts {
		return effortNames[e]
	}
	return fmt.Sprintf("effort(%d)", e)
}

// startEffort returns the shares of a unit's effort at the start of a run,
// from its traits: each method the unit has gets a fixed weight (assumption:
// search 1, profiling 0.3, dogs 0.3 per team up to 0.6, precursor checks
// 0.1, informants 0.1, patrol 1, raids 1), normalised to sum to 1. A
// method's rate is multiplied by w/w0, its share now over its share at the
// start, so the model starts where the traits say and moves as units adapt.
func startEffort(p *Place) (w [NumEfforts]float64) {
	t := &p.Traits
	if p.Roles.IsPost() {
		if t.InspectionRate > 0 || t.RailInspection > 0 {
			w[EffortSearch] = 1
		}
		if t.Profiling > 0 {
			w[EffortProfiling] = 0.3
		}
		if t.Dogs > 0 {
			w[EffortDogs] = math.Min(0.6, 0.3*float64(t.Dogs))
		}
		if t.Scanner != NoScanner {
			w[EffortScanner] = 0.2
		}
		if t.PrecursorKnowledge > 0 || t.TestKits {
			w[EffortPrecursor] = 0.1
		}
	}
	if p.Roles.Has(BorderSection) && t.PatrolCoverage > 0 {
		w[EffortPatrol] = 1
	}
	if t.RaidRate > 0 {
		w[EffortRaid] = 1
	}
	if t.Informants > 0 {
		w[EffortInformants] = 0.1
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	if total > 0 {
		for e := range w {
			w[e] /= total
		}
	}
	return w
}

// value is what a kg of commodity c seized is worth to the unit at place p:
// heroin 1, opium 0.5 (less pure: assumption), acetic anhydride the
// precursor weight, cut by the heroin-only bonus penalty where bonuses reward
// heroin alone (trait heroin_bonus; brief §3, §6: bonuses tied to heroin
// seizures starve precursor work).
func (s *state) value(p int, c Commodity) float64 {
	switch c {
	case Heroin:
		return 1
	case Opium:
		return 0.5
	}
	v := s.p.Enforcement.PrecursorWeight
	if s.w.Places[p].Traits.HeroinBonus {
		v *= 1 - s.p.Interdiction.HeroinBonusPenalty
	}
	return v
}

// credit records a seizure of g grams of c made by effort e at unit p, for
// the unit's and its agency's adaptation.
func (s *state) credit(p int, e Effort, c Commodity, g Grams) {
	u := &s.units[p]
	v := s.value(p, c) * g.Kg()
	u.value[e] += v
	u.monthValue += v
}

// review runs at the start of every month: each unit moves effort toward
// the methods that seized most per share of effort lately, and each agency
// moves its mobile staff toward the units that seized most. With memory λ,
// inertia ι and ε = 1 kg-equivalent:
//
//	score_m ← (1-λ)·score_m + λ·value_m / w_m
//	target_m = w_m·(ε + score_m) / Σ_j w_j·(ε + score_j)
//	w_m ← max(floor·w0_m, (1-ι)·w_m + ι·target_m), renormalised
//	lift_m = min(maxLift, √(w_m / w0_m))
//
// (the square root: returns to effort diminish, an assumption)
//
// and for the units u of an agency with M mobile officers:
//
//	score_u ← (1-λ)·score_u + λ·value_u
//	mobile_u ← (1-ι)·mobile_u + ι·M·(ε + score_u) / Σ_v (ε + score_v)
func (s *state) review() {
	ep := &s.p.Enforcement
	lam, iota := ep.Memory, ep.Inertia
	for p := range s.units {
		u := &s.units[p]
		var target [NumEfforts]float64
		total := 0.0
		for e := range u.w {
			if u.w0[e] == 0 {
				continue
			}
			u.score[e] = (1-lam)*u.score[e] + lam*u.value[e]/u.w[e]
			target[e] = u.w[e] * (1 + u.score[e])
			total += target[e]
		}
		if total == 0 {
			continue // a unit with no method
		}
		sum := 0.0
		for e := range u.w {
			if u.w0[e] == 0 {
				continue
			}
			u.w[e] = math.Max(ep.EffortFloor*u.w0[e], (1-iota)*u.w[e]+iota*target[e]/total)
			sum += u.w[e]
		}
		for e := range u.w {
			if u.w0[e] > 0 {
				u.w[e] /= sum
				u.lift[e] = math.Min(ep.MaxLift, math.Sqrt(u.w[e]/u.w0[e]))
			}
		}
		u.value = [NumEfforts]float64{}
	}
	for a := range s.w.Agencies {
		ag := &s.w.Agencies[a]
		if ag.MobileStaff <= 0 || len(ag.Units) == 0 {
			continue
		}
		total := 0.0
		for _, p := range ag.Units {
			u := &s.units[p]
			u.agencyScore = (1-lam)*u.agencyScore + lam*u.monthValue
			total += 1 + u.agencyScore
		}
		for _, p := range ag.Units {
			u := &s.units[p]
			u.mobile = (1-iota)*u.mobile + iota*ag.MobileStaff*(1+u.agencyScore)/total
		}
	}
	for p := range s.units {
		u := &s.units[p]
		u.monthValue = 0
		u.capacity = (float64(s.w.Places[p].Traits.Staff) + u.mobile) * s.p.Interdiction.InspectionsPerStaffDay
	}
}

// spend adds a day of each unit's money to the money spent per effort:
// officers (staff and mobile) at officerUSD a year shared by effort, dog
// teams at dogTeamUSD, and each agency's informant money.
func (s *state) spend() {
	ep := &s.p.Enforcement
	for p := range s.units {
		u := &s.units[p]
		t := &s.w.Places[p].Traits
		staff := (float64(t.Staff) + u.mobile) * ep.OfficerUSD / 365
		for e, w := range u.w {
			s.out.EffortUSD[e] += staff * w
		}
		s.out.EffortUSD[EffortDogs] += float64(t.Dogs) * ep.DogTeamUSD / 365
	}
	for a := range s.w.Agencies {
		s.out.EffortUSD[EffortInformants] += s.w.Agencies[a].InformantUSD / 365
	}
}
