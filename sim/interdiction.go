package sim

import (
	"gonum.org/v1/gonum/stat/distuv"
)

// unit holds one replication's effective probabilities at one place, drawn
// around the place's trait means (epistemic uncertainty: we do not know
// Irkeshtam's true inspection rate, so every run draws one).
type unit struct {
	inspectRate        float64 // random inspection rate of vehicles at low traffic
	railRate           float64 // railcar inspection rate
	thoroughness       float64 // manual search success on unconcealed narcotics
	corruption         float64
	precursorKnowledge float64 // precursor knowledge
	informants         float64
	foreignIntel       float64 // foreign intelligence on precursor loads
	airportScreening   float64
	raidRate           float64
	spotRate           float64 // border sections: chance a patrol sights a crossing
	capacity           float64 // searches per day the staff (and mobile officers) can do
	profiling          float64 // chance profiling picks out a poorly hidden load

	// The unit as an agent (agency.go): its agency (-1: none), its effort
	// shares now and at the start, what each yields, and how far each
	// method's rate is lifted (w/w0) by the effort moved to it.
	agency                                  int
	startEffort, effort, yield, seizedValue [NumEfforts]float64
	lift                                    [NumEfforts]float64
	mobile                                  float64 // mobile officers its agency has sent here
	monthSeizedValue, agencyScore           float64
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

// drawUnit draws the effective probabilities of a place for one run. Each
// place draws from its own stream, keyed by its id, so adding a place to a
// scenario leaves every other place's draws unchanged.
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
	u := unit{
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
		capacity:           float64(t.Staff) * ip.InspectionsPerStaffDay,
		profiling:          drawBeta(t.Profiling, k, r),
		agency:             p.Agency,
	}
	u.startEffort = effortAtStart(p)
	u.effort = u.startEffort
	for e := range u.lift {
		u.lift[e] = 1
	}
	return u
}

// tipProb is the chance that officers already know of this load:
//
//	P(tip) = 1 - (1 - informants·tipRate·(1 - cohesion)) · (1 - foreign·[precursor])
//
// where cohesion is the group's professionalization (smaller, tighter groups
// leak less) and foreign intelligence (China sharing) covers precursors only.
func tipProb(u *unit, ip *InterdictionParams, c Commodity, cohesion float64) float64 {
	local := clamp(u.informants*ip.TipRate*(1-cohesion), 0, 1)
	foreign := 0.0
	if c == Precursor {
		foreign = u.foreignIntel
	}
	return 1 - (1-local)*(1-foreign)
}

// inspectProb is the chance a load is searched without a tip:
//
//	P(inspect) = base · intel · physical · C/(C + traffic) · (1 - evasion·professionalization)
//
// base is the drawn inspection rate (the railcar rate for rail); intel is the
// intel-only factor where inspection is intelligence-led, else 1; physical is
// the share of searches still done in the cold at altitude; C is the searches
// the staff can do per day, so heavy legitimate traffic hides a load
// (C/(C+traffic) is 1 where there is no traffic).
func inspectProb(u *unit, t *Traits, ip *InterdictionParams, m Mode, month int, prof float64) float64 {
	base := u.inspectRate
	if m == Rail {
		base = u.railRate
	}
	if t.IntelligenceLed {
		base *= ip.IntelOnlyFactor
	}
	traffic := 1.0
	if t.TrafficPerDay > 0 {
		traffic = u.capacity / (u.capacity + t.TrafficPerDay)
	}
	return clamp(base*physicalFactor(ip, t, month)*traffic*(1-ip.ProfessionalEvasion*prof), 0, 1)
}

// scanProb is the chance a scanner that every vehicle passes through flags the
// load. A scanner never sees a liquid precursor. The TC scanner sees only large
// hidden compartments (loads of 50 kg or more); the truck X-ray works on trucks:
//
//	TC:    scannerTC    · (1 - 0.5·concealment),  load ≥ 50 kg, car or truck
//	truck: scannerTruck · (1 - 0.3·concealment),  trucks
func scanProb(kind ScannerKind, ip *InterdictionParams, c Commodity, m Mode, g Grams, conceal float64) float64 {
	if c == Precursor || !m.IsVehicle() {
		return 0
	}
	switch kind {
	case TCScanner:
		if g >= 50_000 {
			return ip.ScannerTC * (1 - 0.5*conceal)
		}
	case TruckXRay:
		if m == Truck {
			return ip.ScannerTruck * (1 - 0.3*conceal)
		}
	}
	return 0
}

// dogProb is the chance a dog team finds an opiate load during a search:
//
//	P(dogs) = dogEfficacy · work(month, altitude) · (1 - shield·concealment)
//
// zero without dogs, for precursors (dogs are trained on narcotics:
// assumption) and for air couriers (body cavity).
func dogProb(t *Traits, ip *InterdictionParams, c Commodity, m Mode, month int, conceal float64) float64 {
	if t.Dogs == 0 || !c.IsOpiate() || m == Air {
		return 0
	}
	return ip.DogEfficacy * dogWork(t, month) * (1 - ip.ConcealmentShield*conceal)
}

// manualProb is the chance a manual search finds an opiate load:
//
//	P(manual) = thoroughness · (1 - shield·concealment)
func manualProb(u *unit, ip *InterdictionParams, conceal float64) float64 {
	return u.thoroughness * (1 - ip.ConcealmentShield*conceal)
}

// precursorProbs are the chances a search exposes a mis-declared precursor
// load, by recognition and by test kit. Officers must first notice the barrels
// as worth questioning, then either read the papers and recognise the chemical,
// or confirm it with a kit:
//
//	notice    = visibility · (1 - 0.5·concealment) · (1 - bonusPenalty·[heroin bonus])
//	recognise = notice · knowledge · (1 - languageBarrier)
//	kit       = notice · knowledge · kitEfficacy · [test kits]
func precursorProbs(u *unit, t *Traits, ip *InterdictionParams, conceal float64) (recognise, kit float64) {
	notice := ip.PrecursorVisibility * (1 - 0.5*conceal)
	if t.HeroinBonus {
		notice *= 1 - ip.HeroinBonusPenalty
	}
	recognise = notice * u.precursorKnowledge * (1 - t.LanguageBarrier)
	if t.TestKits {
		kit = notice * u.precursorKnowledge * ip.TestKitEfficacy
	}
	return recognise, kit
}

// bribeProb is the chance an officer takes a bribe of b dollars once a load is
// found without a tip (with a tip, nothing works):
//
//	P(bribe) = corruption · b/(b + halfSuccess) · (1 - seriousness) · (1 - antiCorruption)
func bribeProb(u *unit, t *Traits, bp *BribeParams, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return clamp(u.corruption*b/(b+bp.HalfSuccessUSD)*(1-bp.Seriousness)*(1-t.AntiCorruption), 0, 1)
}

// spotProb is the chance a patrol sights a load crossing a border section:
//
//	P(spot) = spot · (1 - knowledgeEvasion·patrolKnowledge)
//
// raised to at least tipDetection when the patrol was tipped off.
func spotProb(u *unit, ip *InterdictionParams, knowledge float64, tipped bool) float64 {
	p := u.spotRate * (1 - ip.KnowledgeEvasion*knowledge)
	if tipped && p < ip.TipDetection {
		p = ip.TipDetection
	}
	return p
}
