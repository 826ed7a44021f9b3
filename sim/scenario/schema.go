package scenario

import "hourglass/sim"

// KindInfo describes an intervention kind for whoever builds a scenario
// without reading docs/MODEL.md (the workbench's form): what it does, its
// default costs per target and the settings a file may give it, with their
// ranges and defaults as the loader applies them (applyTo, kindDefaults).
type KindInfo struct {
	Name string // as a file's type = "..." takes it
	Doc  string
	// CapitalUSD and AnnualUSD are the default costs per target place (per
	// agency for an informant program); capital_usd and annual_usd replace
	// them for all the intervention's targets.
	CapitalUSD, AnnualUSD float64
	// Target says what the intervention acts on: "place" (any place),
	// "post" (an official crossing or checkpoint), "border-section", or
	// "agency" (an informant program's agency = "...").
	Target   string
	Settings []Setting
}

// Setting is one key of an [[intervention]] entry.
type Setting struct {
	Key     string
	Doc     string
	Min     float64
	Max     float64
	Integer bool
	// Choices, when not nil, are the names the setting takes (Min and Max
	// are then unused).
	Choices []string
	// Default is what the loader uses when the key is absent, as text; ""
	// when absent means the place keeps its own level.
	Default string
}

func probability(key, doc, def string) Setting {
	return Setting{Key: key, Doc: doc, Min: 0, Max: 1, Default: def}
}

func count(key, doc, def string) Setting {
	return Setting{Key: key, Doc: doc, Min: 0, Max: MaxStaff, Integer: true, Default: def}
}

// Kinds describes every intervention kind, in the order of their constants.
// A setting raises the trait of each target to its level (never lowers it).
func Kinds() []KindInfo {
	target := func(k Kind) string {
		switch {
		case k == InformantProgram || k == RegionalCentre:
			return "agency"
		case kindDefaults[k].needs == sim.BorderSection:
			return "border-section"
		case kindDefaults[k].needs != 0:
			return "post"
		}
		return "place"
	}
	scanner := Setting{Key: "scanner", Doc: "scanner kind", Choices: sim.Names("scanner")}
	settings := [NumKinds][]Setting{
		NewCheckpoint: {
			probability("inspection_rate", "share of traffic inspected (random inspections)", "0.25"),
			probability("search_thoroughness", "how thorough a search is", "0.6"),
			count("staff", "officers at the post", "12"),
			count("dogs", "detection dogs", "1"),
			probability("informants", "informant coverage", ""),
			scanner,
			probability("corruption", "its officers' corruption (default: the staffing agency's, else the country's new-post default)", ""),
		},
		Scanner:           {withDefault(scanner, "truck-xray")},
		DogTeam:           {count("dogs", "dogs added", "2")},
		PrecursorTraining: {probability("precursor_knowledge", "officers' knowledge of precursors", "0.5")},
		AntiCorruption:    {probability("anti_corruption", "strength of unannounced observation", "0.5")},
		IntelligenceSharing: {
			probability("foreign_intel", "intelligence from abroad", "0.3"),
			probability("informants", "informant coverage", ""),
		},
		MobileUnits: {
			probability("precursor_knowledge", "officers' knowledge of precursors", "0.4"),
			probability("inspection_rate", "share of traffic inspected (default: the post's plus 0.05)", ""),
			probability("patrol_coverage", "share of the section patrolled", ""),
			{Key: "mobile_staff", Doc: "mobile officers added to the place's agency", Min: 0, Max: MaxStaff, Default: "20"},
		},
		BorderReinforcement: {
			probability("patrol_coverage", "share of the section patrolled", "0.12"),
			probability("guard_mobility", "how fast guards reach a crossing point", "0.8"),
			probability("communications", "guards' communications", "0.8"),
			probability("informants", "informant coverage", ""),
		},
		RailcarInspection: {probability("rail_inspection", "share of railcars inspected", "0.15")},
		PrecursorBonus:    nil,
		InformantProgram: {
			{Key: "informant_usd", Doc: "informant money a year per agency", Min: 0, Max: MaxUSD, Default: "250000"},
		},
		RegionalCentre: nil,
	}
	docs := [NumKinds]string{
		NewCheckpoint:       "new or upgraded (semi-)permanent post with random inspections",
		Scanner:             "X-ray scanner at a post",
		DogTeam:             "dog teams and a heated kennel",
		PrecursorTraining:   "precursor training and test kits",
		AntiCorruption:      "special border-post investigators (unannounced observers)",
		IntelligenceSharing: "intelligence sharing with China (SCO) on precursor shipments at the posts",
		MobileUnits:         "mobile units refocused on traffic heading into Afghanistan",
		BorderReinforcement: "reinforcement of a border section",
		RailcarInspection:   "railcar inspection capacity that does not delay trains",
		PrecursorBonus:      "bonus scheme that also rewards precursor seizures",
		InformantProgram:    "money for informant handling in an agency",
		RegionalCentre:      "a regional coordination centre (CARICC): member agencies share what they know of groups along a load's route",
	}
	out := make([]KindInfo, NumKinds)
	for k := range NumKinds {
		d := kindDefaults[k]
		out[k] = KindInfo{Name: k.String(), Doc: docs[k], CapitalUSD: d.capital, AnnualUSD: d.annual, Target: target(k), Settings: settings[k]}
	}
	return out
}

func withDefault(s Setting, def string) Setting {
	s.Default = def
	return s
}
