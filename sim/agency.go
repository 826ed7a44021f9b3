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

// effortAtStart returns the shares of a unit's effort at the start of a run,
// from its traits: each method the unit has gets a fixed weight (assumption:
// search 1, profiling 0.3, dogs 0.3 per team up to 0.6, precursor checks
// 0.1, informants 0.1, patrol 1, raids 1), normalised to sum to 1. A
// method's rate is multiplied by w/w0, its share now over its share at the
// start, so the model starts where the traits say and moves as units adapt.
func effortAtStart(p *Place) (w [NumEfforts]float64) {
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

// seizureValue is what a kg of commodity c seized is worth to the unit at place p:
// heroin 1, opium 0.5 (less pure: assumption), acetic anhydride the
// precursor weight, cut by the heroin-only bonus penalty where bonuses reward
// heroin alone (trait heroin_bonus; brief §3, §6: bonuses tied to heroin
// seizures starve precursor work).
func (m *model) seizureValue(p int, c Commodity) float64 {
	switch c {
	case Heroin:
		return 1
	case Opium:
		return 0.5
	}
	v := m.params.Enforcement.PrecursorWeight
	if m.world.Places[p].Traits.HeroinBonus {
		v *= 1 - m.params.Interdiction.HeroinBonusPenalty
	}
	return v
}

// credit records a seizure of g grams of c made by effort e at unit p, for
// the unit's and its agency's adaptation.
func (m *model) credit(p int, e Effort, c Commodity, g Grams) {
	u := &m.units[p]
	v := m.seizureValue(p, c) * g.Kg()
	u.seizedValue[e] += v
	u.monthSeizedValue += v
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
func (m *model) review() {
	ep := &m.params.Enforcement
	lam, iota := ep.Memory, ep.Inertia
	for p := range m.units {
		u := &m.units[p]
		var target [NumEfforts]float64
		total := 0.0
		for e := range u.effort {
			if u.startEffort[e] == 0 {
				continue
			}
			u.yield[e] = (1-lam)*u.yield[e] + lam*u.seizedValue[e]/u.effort[e]
			target[e] = u.effort[e] * (1 + u.yield[e])
			total += target[e]
		}
		if total == 0 {
			continue // a unit with no method
		}
		sum := 0.0
		for e := range u.effort {
			if u.startEffort[e] == 0 {
				continue
			}
			u.effort[e] = math.Max(ep.EffortFloor*u.startEffort[e], (1-iota)*u.effort[e]+iota*target[e]/total)
			sum += u.effort[e]
		}
		for e := range u.effort {
			if u.startEffort[e] > 0 {
				u.effort[e] /= sum
				u.lift[e] = math.Min(ep.MaxLift, math.Sqrt(u.effort[e]/u.startEffort[e]))
			}
		}
		u.seizedValue = [NumEfforts]float64{}
	}
	for a := range m.world.Agencies {
		ag := &m.world.Agencies[a]
		if ag.MobileStaff <= 0 || len(ag.Units) == 0 {
			continue
		}
		total := 0.0
		for _, p := range ag.Units {
			u := &m.units[p]
			u.agencyScore = (1-lam)*u.agencyScore + lam*u.monthSeizedValue
			total += 1 + u.agencyScore
		}
		for _, p := range ag.Units {
			u := &m.units[p]
			u.mobile = (1-iota)*u.mobile + iota*ag.MobileStaff*(1+u.agencyScore)/total
		}
	}
	for p := range m.units {
		u := &m.units[p]
		u.monthSeizedValue = 0
		u.capacity = (float64(m.world.Places[p].Traits.Staff) + u.mobile) * m.params.Interdiction.InspectionsPerStaffDay
	}
}

// spend adds a day of each unit's money to the money spent per effort:
// officers (staff and mobile) at officerUSD a year shared by effort, dog
// teams at dogTeamUSD, and each agency's informant money.
func (m *model) spend() {
	ep := &m.params.Enforcement
	for p := range m.units {
		u := &m.units[p]
		t := &m.world.Places[p].Traits
		staff := (float64(t.Staff) + u.mobile) * ep.OfficerUSD / 365
		for e, w := range u.effort {
			m.out.EffortUSD[e] += staff * w
		}
		m.out.EffortUSD[EffortDogs] += float64(t.Dogs) * ep.DogTeamUSD / 365
	}
	for a := range m.world.Agencies {
		m.out.EffortUSD[EffortInformants] += m.world.Agencies[a].InformantUSD / 365
	}
}
