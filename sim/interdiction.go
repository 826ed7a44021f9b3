package sim

import "math"

// The probabilities of interdiction: what a unit (unit.go) does with a load
// it meets (encounter.go), as functions of its drawn rates, its place's
// traits and the load.

// effectiveCorruption is a unit's corruption as it acts, after the
// unannounced investigators of an anti-corruption programme (brief §5):
//
//	c_eff = corruption · (1 - antiCorruption)
//
// Every channel of corruption uses it: officers' reluctance to inspect and
// to study papers, bribes, roadside extortion, tips leaked, arrangements
// formed and investigations halted; so an anti-corruption programme acts
// through all of them (brief §9: it "acts through inspection rates and
// investigations, not only through bribe sums").
func effectiveCorruption(corruption float64, t *Traits) float64 {
	return corruption * (1 - t.AntiCorruption)
}

// reluctance is the share of a unit's inspections, declarations read and
// scans referred that its corruption leaves undone (brief §9, the UN report:
// corruption "reduces further the incentive that officials have to inspect
// goods or scrutinize Customs declarations. In essence, they are being paid
// not to concern themselves with the content of trucks and carriages";
// "Officials are less inclined to inspect and less inclined to study
// declarations"):
//
//	willing = 1 - corruptInspection · c_eff
func willing(u *unit, ip *InterdictionParams) float64 {
	return 1 - ip.CorruptInspection*u.corruptionEff
}

// localTipProb is the chance that officers already know of an opiate load
// from the community around it, lifted by the unit's informant effort:
//
//	P(tip) = informants · tipRate · (1 - intelCohesion·cohesion) · lift_informants
//
// where cohesion is the group's (smaller, tighter groups leak less: brief §8,
// "professional groups reduce the surrounding community's knowledge"), cut
// by intelCohesion, not to zero (brief §9: "the need for intelligence
// collection and analysis grows relative to the effectiveness of random
// checks"). Local informants report narcotics only (assumption; brief §3:
// "precursor knowledge is low everywhere and precursor detection is not a
// priority"): intelligence on a precursor load comes from a partner service
// (foreignFlag).
func localTipProb(u *unit, ip *InterdictionParams, ep *EnforcementParams, c Commodity, cohesion float64) float64 {
	if !c.IsOpiate() {
		return 0
	}
	return clamp(u.informants*ip.TipRate*(1-ep.IntelCohesion*cohesion)*u.lift[EffortInformants], 0, 1)
}

// foreignFlag is the chance a partner service flags a precursor load
// crossing the unit's post: the intervention's foreign_intel, as given (a
// partner's flag rate does not rise because local officers move their
// effort; brief §3, §6: intelligence from China "is not shared", the
// missing input).
func foreignFlag(u *unit, c Commodity) float64 {
	if c != Precursor {
		return 0
	}
	return u.foreignIntel
}

// inspectProb is the chance a load is searched without a tip:
//
//	P(inspect) = base · intel · physical · C/(C + traffic) · (1 - evasion·professionalization) · willing · displaced
//
// base is the drawn inspection rate (the railcar rate for rail); intel is the
// intel-only factor where inspection is intelligence-led, else 1; physical is
// the share of searches still done in the cold at altitude; C is the searches
// the staff can do per day, so heavy legitimate traffic hides a load
// (C/(C+traffic) is 1 where there is no traffic); willing is what corruption
// leaves of the officers' will to inspect; displaced is 1 - scannerDisplaces
// for a truck at a post with a scanner (brief §9: the Khorgos equipment
// "seems to contribute to the rarity of physical inspection of loads"), else 1.
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
	displaced := 1.0
	if t.Scanner != NoScanner && m == Truck {
		displaced = 1 - ip.ScannerDisplaces
	}
	return clamp(base*physicalFactor(ip, t, month)*traffic*(1-ip.ProfessionalEvasion*prof)*willing(u, ip)*displaced, 0, 1)
}

// scanProb is the chance a post's scanner finds a load: the truck is
// scanned, its image shows the load, the reader calls a physical search and
// the search, told where to look, finds it (brief §9, the UN report on
// Khorgos: "Customs compare the scan with the declaration and then
// recommend further inspection ... It is rare for them to recommend this").
// Only trucks are scanned (the truck X-ray and the Khorgos TC scanner both
// work on trucks); no scanner sees a liquid ("liquids in general are
// invisible to it"):
//
//	scanned  = min(1, S/T) + (1 - min(1, S/T))·profiling·(1 - concealment)
//	           S = min(24, scannerHours·lift_scanner)·60/scanMinutes scans a day,
//	           T = traffic·truckShare trucks a day
//	visible  = truck X-ray: scannerTruck·(1 - 0.3·concealment)
//	           TC: (1 - metalShare)·scannerTC, for a load of 50 kg or more (a hidden
//	           compartment; it "cannot differentiate between organic and inorganic
//	           matter" and shows hidden containers only if the outer ones are not metal)
//
// Effort moved to the scanner lengthens its working day (lift_scanner, up to
// the whole day), never the share of trucks beyond what it can scan in it.
// Assumptions: the 0.3 (concealment hides a load from the X-ray image less
// than from a hand search, 0.5: the image sees through panels but a
// sophisticated concealment still blurs it; no source gives a figure) and
// the 50 kg (the brief's "large hidden compartments" the TC scanner shows,
// taken as a truck load's smallest, the truck's min_load_kg).
//
//	referred = referral(kind) · willing
//	P(scan)  = scanned · visible · referred · guidedSearch
//
// A unit that profiles scans the trucks it picks out first (assumption);
// one that does not scans at random.
func scanProb(u *unit, t *Traits, ip *InterdictionParams, c Commodity, m Mode, g Grams, conceal, lift float64) float64 {
	if t.Scanner == NoScanner || c == Precursor || m != Truck {
		return 0
	}
	var visible, referral float64
	switch t.Scanner {
	case TCScanner:
		if g < 50_000 {
			return 0
		}
		visible, referral = (1-ip.MetalShare)*ip.ScannerTC, ip.ReferralTC
	case TruckXRay:
		visible, referral = ip.ScannerTruck*(1-0.3*conceal), ip.ReferralTruck
	}
	return scannedShare(u, t, ip, conceal, lift) * visible * referral * willing(u, ip) * ip.GuidedSearch
}

// scannedShare is the share of a post's trucks its scanner scans (scanProb).
func scannedShare(u *unit, t *Traits, ip *InterdictionParams, conceal, lift float64) float64 {
	share := t.TruckShare
	if share <= 0 {
		share = ip.TruckShare
	}
	s := 1.0
	if trucks := t.TrafficPerDay * share; trucks > 0 && ip.ScanMinutes > 0 {
		s = math.Min(1, math.Min(24, ip.ScannerHours*lift)*60/ip.ScanMinutes/trucks)
	}
	return s + (1-s)*u.profiling*(1-conceal)
}

// dogProb is the chance a post's dog teams find a load, screening
// vehicles and people on their own schedule, not only within a search
// (brief §9, Townsend: "the common use of drug-sniffing dogs" is "now
// crucial to Tajik counter-narcotics efforts"; dogs check vehicles, their
// use limited by kennel conditions and altitude):
//
//	D         = dogs · min(24, dogHours·lift_dogs) · dogChecksPerHour · work(month, altitude)   screenings a day
//	screened  = min(1, D / traffic)     (1 where there is no traffic)
//	P(dogs)   = screened · dogEfficacy · (1 - dogConcealmentShield·concealment)
//
// Concealment shields a load from a dog less than from a hand search
// (dogConcealmentShield 0.25 against concealmentShield 0.5): dogs are
// "effective against car-panel and engine concealment" (brief §3), which
// hides a load from the eye, not from the nose, but heroin "packed as
// branded coffee or cat food" (brief §3) masks its scent; and as
// "concealment techniques become more sophisticated", "the use of sniffer
// dogs" would still "raise the risk" (§9, Townsend). Assumption: the 0.25,
// half the hand search's shield; the scent masking is our reading, not the
// sources', which lean to a small shield (0, in its plausible 0-0.3, is their
// strongest reading). What limits dogs most is their working time and the
// traffic they must screen. P(dogs) is zero without dogs, for precursors
// (dogs are trained on narcotics: assumption) and for air couriers (body
// cavity).
//
// Effort moved to the dogs lengthens their working day (lift_dogs), never
// beyond what they can screen.
func dogProb(t *Traits, ip *InterdictionParams, c Commodity, m Mode, month int, conceal, lift float64) float64 {
	if t.Dogs == 0 || !c.IsOpiate() || m == Air {
		return 0
	}
	screened := 1.0
	if t.TrafficPerDay > 0 {
		screened = math.Min(1, float64(t.Dogs)*math.Min(24, ip.DogHours*lift)*ip.DogChecksPerHour*dogWork(t, month)/t.TrafficPerDay)
	}
	return screened * ip.DogEfficacy * (1 - ip.DogConcealmentShield*conceal)
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
//	notice    = visibility · (1 - 0.5·concealment) · (1 - bonusPenalty·[heroin bonus]) · willing
//	recognise = notice · knowledge · (1 - languageBarrier)
//	kit       = notice · knowledge · kitEfficacy · [test kits]
//
// willing: a corrupt officer is "less inclined to study declarations" (inspectProb).
func precursorProbs(u *unit, t *Traits, ip *InterdictionParams, conceal float64) (recognise, kit float64) {
	notice := ip.PrecursorVisibility * (1 - 0.5*conceal) * willing(u, ip)
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
//	P(bribe) = c_eff · b/(b + halfSuccess) · (1 - seriousness) · (1 - watchedBribeCut·[watched])
//
// A post logged and watched from the capital is "not an easy place for a
// large bribe" (brief §9: Khorgos is linked online to Astana, with cameras
// feeding live to Customs there); the cut is an assumption.
func bribeProb(u *unit, t *Traits, ip *InterdictionParams, bp *BribeParams, b float64) float64 {
	if b <= 0 {
		return 0
	}
	watched := 1.0
	if t.Watched {
		watched = 1 - ip.WatchedBribeCut
	}
	return clamp(u.corruptionEff*b/(b+bp.HalfSuccessUSD)*(1-bp.Seriousness)*watched, 0, 1)
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
