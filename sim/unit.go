package sim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// unit is the guard unit of one place during a run: the effective rates it
// works with, drawn around the place's trait means (epistemic uncertainty:
// we do not know Irkeshtam's true inspection rate, so every run draws one),
// and, as an agent, how it shares its effort between its methods and the
// mobile officers its agency has sent it. What happens when a load meets it
// is in encounter.go; the probabilities are in interdiction.go.
type unit struct {
	inspectRate        float64 // random inspection rate of vehicles at low traffic
	railRate           float64 // railcar inspection rate
	thoroughness       float64 // manual search success on unconcealed narcotics
	corruption         float64 // propensity of its officers to take a bribe
	corruptionEff      float64 // corruption as it acts, after anti-corruption investigators (effectiveCorruption)
	precursorKnowledge float64 // ability to recognise a mis-declared precursor
	informants         float64 // chance of a tip on a load of a non-cohesive group
	foreignIntel       float64 // foreign intelligence on precursor loads
	airportScreening   float64 // chance a body-cavity courier is caught at this airport
	raidRate           float64 // stash hubs: chance an arriving load is caught in a police operation
	spotRate           float64 // border sections: chance a patrol sights a crossing
	profiling          float64 // chance profiling picks out a poorly hidden load
	capacity           float64 // searches per day its officers can do (setCapacity)

	agency int // index of the agency that runs it, -1: none

	// Its effort (reviewEffort): the share of its officers' time on each
	// method now and at the start of the run, what each yielded lately
	// (smoothed) and this month, and how far each method's rate is lifted
	// by the effort moved to it.
	startEffort, effort, yield, seizedValue [NumEfforts]float64
	lift                                    [NumEfforts]float64

	mobile           float64 // mobile officers its agency has sent here (agency.go)
	monthSeizedValue float64 // value of this month's seizures, for its agency
	agencyScore      float64 // its agency's smoothed view of what it seizes
}

// drawBeta draws from a Beta distribution with the given mean and
// concentration κ (α = mean·κ, β = (1-mean)·κ). Means of exactly 0 or 1 are
// returned as they are: a trait that is certain stays certain.
func drawBeta(mean, kappa float64, src *RNG) float64 {
	if mean <= 0 || mean >= 1 || kappa <= 0 {
		return clamp(mean, 0, 1)
	}
	return distuv.Beta{Alpha: mean * kappa, Beta: (1 - mean) * kappa, Src: src}.Rand()
}

// drawUnit draws the effective rates of the unit at place p for one run.
// Each place draws from its own stream, keyed by its id, so adding a place
// to a scenario leaves every other place's draws unchanged.
//
// A border section's sighting probability has mean
//
//	spot = coverage · (0.5 + 0.5·mobility) · (0.5 + 0.5·communications)
//
// (assumption: poor mobility or communications halve, not zero, what coverage buys).
func drawUnit(p *Place, ip *InterdictionParams, seed, rep uint64) unit {
	t := &p.Traits
	r := NewRNG(seed, rep, StreamTraits, HashID(p.ID))
	k := ip.Concentration
	u := unit{ // the draws in this order
		inspectRate:        drawBeta(t.InspectionRate, k, r),
		railRate:           drawBeta(t.RailInspection, k, r),
		thoroughness:       drawBeta(t.SearchThoroughness, k, r),
		corruption:         drawBeta(t.Corruption, k, r),
		precursorKnowledge: drawBeta(t.PrecursorKnowledge, k, r),
		informants:         drawBeta(t.Informants, k, r),
		foreignIntel:       drawBeta(t.ForeignIntel, k, r),
		airportScreening:   drawBeta(t.AirportScreening, k, r),
		raidRate:           drawBeta(t.RaidRate, k, r),
		spotRate:           drawBeta(t.PatrolCoverage*(0.5+0.5*t.GuardMobility)*(0.5+0.5*t.Communications), k, r),
		profiling:          drawBeta(t.Profiling, k, r),
		agency:             p.Agency,
	}
	u.corruptionEff = effectiveCorruption(u.corruption, t)
	u.setCapacity(t, ip)
	u.startEffort = effortAtStart(p)
	u.effort = u.startEffort
	for e := range u.lift {
		u.lift[e] = 1
	}
	return u
}

// redraw draws the unit again for place p, whose traits or agency an epoch
// changed (from the same stream as at the start, so a change of a trait
// moves its draw, common random numbers kept). It keeps the mobile officers
// sent here and what it and its agency learnt of its yields, and, where its
// methods are the same, its effort.
func (u *unit) redraw(p *Place, ip *InterdictionParams, seed, rep uint64) {
	nu := drawUnit(p, ip, seed, rep)
	nu.mobile, nu.yield, nu.monthSeizedValue, nu.agencyScore = u.mobile, u.yield, u.monthSeizedValue, u.agencyScore
	if nu.startEffort == u.startEffort {
		nu.effort, nu.lift = u.effort, u.lift
	}
	nu.setCapacity(&p.Traits, ip)
	*u = nu
}

// officers is the unit's officers: the place's staff and the mobile
// officers sent here.
func (u *unit) officers(t *Traits) float64 { return float64(t.Staff) + u.mobile }

// setCapacity works out the searches a day the unit's officers can do
// (after its mobile officers change):
//
//	capacity = (staff + mobile) · inspectionsPerStaffDay
func (u *unit) setCapacity(t *Traits, ip *InterdictionParams) {
	u.capacity = u.officers(t) * ip.InspectionsPerStaffDay
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
// search 1, profiling 0.3, dogs 0.3 per team up to 0.6, scanner 0.2,
// precursor checks 0.1, informants 0.1, patrol 1, raids 1), normalised to sum to 1. A
// method's rate is multiplied by its lift, which grows with its share now
// over its share at the start (reviewEffort), so the model starts where the
// traits say and moves as units adapt.
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

// seizureValue is what a kg of commodity c seized is worth to the unit at
// place p: heroin 1, opium 0.5 (less pure: assumption), acetic anhydride the
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

// reviewEffort runs at the start of every month but the first: each unit
// moves effort toward the methods that seized most per share of effort
// lately. With w_m the share of effort on method m (w0_m at the start),
// value_m what it seized last month, memory λ, inertia ι and ε = 1
// kg-equivalent:
//
//	score_m ← (1-λ)·score_m + λ·value_m / w_m
//	target_m = w_m·(ε + score_m) / Σ_j w_j·(ε + score_j)
//	w_m ← max(floor·w0_m, (1-ι)·w_m + ι·target_m), renormalised
//	lift_m = min(maxLift, √(w_m / w0_m))
//
// (the square root: returns to effort diminish, an assumption). Its agency
// moves its mobile officers next (moveMobileOfficers).
func (m *model) reviewEffort() {
	ep := &m.params.Enforcement
	for p := range m.units {
		m.units[p].reviewEffort(ep)
	}
}

// reviewEffort is reviewEffort for one unit.
func (u *unit) reviewEffort(ep *EnforcementParams) {
	lam, iota := ep.Memory, ep.Inertia
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
		return // a unit with no method
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
