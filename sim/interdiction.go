package sim

// The probabilities of interdiction: what a unit (unit.go) does with a load
// it meets (encounter.go), as functions of its drawn rates, its place's
// traits and the load.

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
