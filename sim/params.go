package sim

// Params are the model's behavioural parameters, grouped by concern. The
// defaults (DefaultParams) and the reasons for each value are in
// docs/MODEL.md; a scenario's [params] table overrides any of them.
type Params struct {
	Days int `toml:"days"` // length of a run in daily ticks
	// Start is the calendar month the measured period begins with (on its
	// first day): its month sets the season, its year dates the monthly
	// series and the events.
	Start YearMonth `toml:"-"`
	// WarmupMonths is the warm-up: a run starts this many months before
	// Start and discards them, so that it measures a chain that has settled
	// from its empty start (stocks, beliefs, prices, arrangements, careers;
	// warmup.go). The measured period, Days long, begins at Start.
	WarmupMonths int                  `toml:"warmup_months"`
	Modes        [NumModes]ModeParams `toml:"-"`
	Interdiction InterdictionParams   `toml:"interdiction"`
	Bribes       BribeParams          `toml:"bribes"`
	Adaptation   AdaptationParams     `toml:"adaptation"`
	Enforcement  EnforcementParams    `toml:"enforcement"`
	Groups       GroupParams          `toml:"groups"`
	Markets      MarketParams         `toml:"markets"`
	// PrecursorPerKgHeroin is kg of acetic anhydride used per kg of heroin
	// (assumption: the UN report's figure is missing from the text).
	PrecursorPerKgHeroin float64 `toml:"precursor_per_kg_heroin"`
}

// ModeParams describe loads, costs and seasons of one transport mode.
type ModeParams struct {
	MinLoadKg       float64 `toml:"min_load_kg"`       // smallest opiate load worth a trip
	MaxLoadKg       float64 `toml:"max_load_kg"`       // largest opiate load
	PrecursorLoadKg float64 `toml:"precursor_load_kg"` // precursor load (barrels); 0: mode cannot carry precursors
	CostPerTrip     float64 `toml:"cost_per_trip"`     // courier fee and fixed costs, USD
	CostPerKm       float64 `toml:"cost_per_km"`       // running cost, USD per km
	Months          Months  `toml:"months"`            // months the mode is usable (empty: all year)
	EscapeProb      float64 `toml:"escape_prob"`       // chance a spotted courier escapes (dumping the load on a river)
	// HeroinOnly: the mode carries heroin and nothing else (air: body-cavity
	// loads are small amounts of high-purity heroin, brief §2-§3).
	HeroinOnly bool `toml:"heroin_only"`
}

// CanCarry reports whether a load of c can travel by a mode with these
// parameters: precursor barrels need a precursor load size, and a heroin-only
// mode takes nothing else.
func (mp *ModeParams) CanCarry(c Commodity) bool {
	switch {
	case c == Precursor:
		return mp.PrecursorLoadKg > 0
	case mp.HeroinOnly:
		return c == Heroin
	}
	return true
}

// InterdictionParams turn traits into probabilities (see interdiction.go).
type InterdictionParams struct {
	Concentration          float64 `toml:"concentration"`             // κ of the per-run Beta draws around each trait mean
	InspectionsPerStaffDay float64 `toml:"inspections_per_staff_day"` // searches one officer can do in a day
	IntelOnlyFactor        float64 `toml:"intel_only_factor"`         // random inspection rate multiplier at intelligence-led posts
	ProfessionalEvasion    float64 `toml:"professional_evasion"`      // share of random inspections a fully professional group avoids
	KnowledgeEvasion       float64 `toml:"knowledge_evasion"`         // share of patrol sightings a courier who knows the patrols avoids
	TipDetection           float64 `toml:"tip_detection"`             // chance a tip-led search finds the load
	DogEfficacy            float64 `toml:"dog_efficacy"`              // chance a working dog finds the opiates of a vehicle it screens, before concealment
	ScannerTC              float64 `toml:"scanner_tc"`                // chance a TC scanner's image shows a large hidden compartment in a truck whose outer containers are not metal
	ScannerTruck           float64 `toml:"scanner_truck"`             // chance a truck X-ray's image shows an unconcealed opiate load
	ScannerHours           float64 `toml:"scanner_hours"`             // hours a day a scanner runs (0..24)
	ScanMinutes            float64 `toml:"scan_minutes"`              // minutes one truck takes at the scanner, positioning and reading included (> 0)
	TruckShare             float64 `toml:"truck_share"`               // share of a post's traffic that is trucks, where the place does not say
	MetalShare             float64 `toml:"metal_share"`               // share of trucks whose outer containers are metal: a TC image shows nothing inside them
	ReferralTC             float64 `toml:"referral_tc"`               // chance the reader of a TC image that shows an anomaly calls a physical search
	ReferralTruck          float64 `toml:"referral_truck"`            // chance the reader of a truck X-ray image that shows a load calls a physical search
	GuidedSearch           float64 `toml:"guided_search"`             // chance a physical search the scanner's image points to finds the load
	ScannerDisplaces       float64 `toml:"scanner_displaces"`         // share of random physical searches of trucks a post drops once it has a scanner
	WatchedBribeCut        float64 `toml:"watched_bribe_cut"`         // share of ad-hoc bribes refused at a post logged and watched from the capital
	CorruptInspection      float64 `toml:"corrupt_inspection"`        // how far a fully corrupt unit cuts its inspections, papers read and scans referred
	DogHours               float64 `toml:"dog_hours"`                 // hours a day a dog team screens (0..24)
	DogChecksPerHour       float64 `toml:"dog_checks_per_hour"`       // vehicles or people one dog team screens an hour
	TestKitEfficacy        float64 `toml:"test_kit_efficacy"`         // chance a trained officer with a kit confirms a precursor
	ConcealmentShield      float64 `toml:"concealment_shield"`        // how far full concealment cuts a manual search's detection
	DogConcealmentShield   float64 `toml:"dog_concealment_shield"`    // how far full concealment cuts a dog's detection (scent masking; 0..1)
	WinterPenalty          float64 `toml:"winter_penalty"`            // share of searches dropped in the coldest month at 4,500 m
	HeroinBonusPenalty     float64 `toml:"heroin_bonus_penalty"`      // share of precursor effort lost where bonuses reward heroin only
	TipRate                float64 `toml:"tip_rate"`                  // scales every place's informant rate
	PrecursorVisibility    float64 `toml:"precursor_visibility"`      // chance a manual search notices barrels worth questioning
}

// BribeParams govern ad-hoc bribes, roadside extortion and standing arrangements.
type BribeParams struct {
	HalfSuccessUSD float64 `toml:"half_success_usd"` // bribe at which a corrupt officer accepts half the time
	ShareOfValue   float64 `toml:"share_of_value"`   // bribe offered on inspection as a share of the load's value
	Seriousness    float64 `toml:"seriousness"`      // how much an actual find lowers acceptance (0..1)
	ExtortionUSD   float64 `toml:"extortion_usd"`    // routine roadside payment
	ExtortionRate  float64 `toml:"extortion_rate"`   // chance a corrupt post extorts a passing vehicle
	StandingFeeUSD float64 `toml:"standing_fee_usd"` // monthly fee of a standing arrangement (corruption.go)
}

// AdaptationParams govern route beliefs and choice.
type AdaptationParams struct {
	PriorRisk      float64 `toml:"prior_risk"`      // initial believed loss probability of every route
	OthersWeight   float64 `toml:"others_weight"`   // weight of another group's loss relative to one's own
	Temperature    float64 `toml:"temperature"`     // logit choice temperature on profit margins
	Stickiness     float64 `toml:"stickiness"`      // utility bonus of the route used last (route stickiness)
	DisruptionDays int     `toml:"disruption_days"` // days a group stops after an organiser's arrest
	OrganiserLink  float64 `toml:"organiser_link"`  // chance a talking courier leads to an organiser, for a group of no cohesion
}

// EnforcementParams govern the guard units and agencies as agents: how they
// move effort between methods and places, handle informants, follow loads,
// and keep or lose standing arrangements (unit.go, agency.go, intelligence.go,
// corruption.go).
type EnforcementParams struct {
	Memory          float64 `toml:"memory"`           // weight of the last month in a unit's view of what each method yields (0..1)
	Inertia         float64 `toml:"inertia"`          // share of the way effort moves toward its target each month (0..1)
	EffortFloor     float64 `toml:"effort_floor"`     // no method falls below this share of its starting effort (0..1)
	MaxLift         float64 `toml:"max_lift"`         // the most a method's rate can rise over its start as effort moves to it (≥ 1)
	PrecursorWeight float64 `toml:"precursor_weight"` // what a kg of precursor is worth to a unit against a kg of heroin where bonuses reward precursors too (0..1)
	OfficerUSD      float64 `toml:"officer_usd"`      // yearly cost of one officer, USD (for money spent per method)
	DogTeamUSD      float64 `toml:"dog_team_usd"`     // yearly cost of one dog team, USD
	ContactUSD      float64 `toml:"contact_usd"`      // informant handling money that buys one recruitment attempt a month, USD
	Recruit         float64 `toml:"recruit"`          // chance one attempt recruits an informant in a group of no cohesion (0..1)
	InformantLoss   float64 `toml:"informant_loss"`   // chance a month that an informant stops reporting (0..1)
	InformantTip    float64 `toml:"informant_tip"`    // chance an informant reports a load his group sends (0..1)
	Leak            float64 `toml:"leak"`             // chance a corrupt unit (corruption 1) leaks a tip to the group (0..1)
	FollowSuccess   float64 `toml:"follow_success"`   // chance a controlled delivery ends in seizure and organiser arrests, against no counter-intelligence (0..1)
	FormRate        float64 `toml:"form_rate"`        // chance a passing load of a group seeking arrangements forms one with a corrupt unit (corruption 1) (0..1)
	Shield          float64 `toml:"shield"`           // share of random searches an arrangement spares the group's loads (0..1)
	Rotation        float64 `toml:"rotation"`         // chance a month that an arrangement ends by rotation of officers (0..1)
	Investigation   float64 `toml:"investigation"`    // chance a month that unannounced investigators (anti-corruption 1) break an arrangement (0..1)
	Halt            float64 `toml:"halt"`             // chance pressure halts an investigation of a group that holds an arrangement with a fully corrupt unit of the investigating agency (0..1)
	RecruitCohesion float64 `toml:"recruit_cohesion"` // how far cohesion 1 cuts an informant recruitment attempt's chance (0..1)
	TipCohesion     float64 `toml:"tip_cohesion"`     // how far cohesion 1 cuts an informant's chance to report a load (0..1)
	IntelCohesion   float64 `toml:"intel_cohesion"`   // how far cohesion 1 (or counter-intelligence 1) cuts the other intelligence channels: community tips, raids, the courier-to-organiser link, a controlled delivery's success (0..1)
}

// GroupParams govern groups with members and couriers as agents (issue
// #12, group.go, trip.go): what security costs, how couriers learn, and how niches
// refill.
type GroupParams struct {
	SecurityCost float64 `toml:"security_cost"` // share of dispatch chances a fully cohesive group forgoes (fewer contacts, slower handovers) (0..1)
	CareerFee    float64 `toml:"career_fee"`    // a retained courier's fee rises by this share of the mode's per-trip cost per unit of experience (≥ 0)
	Learn        float64 `toml:"learn"`         // share of the way to full experience a retained courier moves per delivered load (0..1)
	Retire       float64 `toml:"retire"`        // chance a month that a retained courier leaves the trade (0..1)
	RefillDays   int     `toml:"refill_days"`   // days before a dissolved group's niche is filled by a new group (≥ 0)
	TalkInformer float64 `toml:"talk_informer"` // chance a courier who talks becomes the seizing agency's informant in a group of no cohesion (0..1)
	Stick        float64 `toml:"stick"`         // route stickiness a fully specialised group adds to the route it used last (≥ 0, in units of the logit\'s utility)
}

// MarketParams govern prices that answer risk and retail demand that
// answers price (issue #13, market.go).
type MarketParams struct {
	Inertia    float64 `toml:"inertia"`    // share of the way a price moves toward its risk-covering level each month (0..1; 0 holds prices at their inputs)
	Memory     float64 `toml:"memory"`     // weight of the last month in the smoothed loss and upstream price a market sees (0..1)
	Elasticity float64 `toml:"elasticity"` // price elasticity of retail demand: the retail share scales with (P/P⁰)^elasticity (-3..0)
}

// DefaultParams returns the calibrated baseline parameters. Each value and its
// reason is listed in docs/MODEL.md.
func DefaultParams() Params {
	all := Months(0)
	swim := monthsOf(4, 5, 6, 7, 8, 9) // assumption: the Panj is swimmable April–September
	p := Params{
		Days:                 365,
		Start:                YearMonth{Year: 2005, Month: 1}, // assumption: the 2004-05 baseline's year, from January
		WarmupMonths:         60,                              // assumption: every series that settles has by then (docs/warmup.svg)
		PrecursorPerKgHeroin: 2.0,
		Interdiction: InterdictionParams{
			Concentration:          20,
			InspectionsPerStaffDay: 8,
			IntelOnlyFactor:        0.05,
			ProfessionalEvasion:    0.65,
			KnowledgeEvasion:       0.5,
			TipDetection:           0.9,
			DogEfficacy:            0.5,
			ScannerTC:              0.3,
			ScannerTruck:           0.7,
			ScannerHours:           10,
			ScanMinutes:            10,
			TruckShare:             0.25,
			MetalShare:             0.5,
			ReferralTC:             0.1,
			ReferralTruck:          0.5,
			GuidedSearch:           0.8,
			ScannerDisplaces:       0.5,
			WatchedBribeCut:        0.5,
			CorruptInspection:      0.6,
			DogHours:               4,
			DogChecksPerHour:       1.8,
			TestKitEfficacy:        0.9,
			ConcealmentShield:      0.5,
			DogConcealmentShield:   0.25,
			WinterPenalty:          0.6,
			HeroinBonusPenalty:     0.5,
			TipRate:                0.3,
			PrecursorVisibility:    0.5,
		},
		Bribes: BribeParams{
			HalfSuccessUSD: 2000,
			ShareOfValue:   0.05,
			Seriousness:    0.5,
			ExtortionUSD:   20,
			ExtortionRate:  0.5,
			StandingFeeUSD: 500,
		},
		Enforcement: EnforcementParams{
			Memory:          0.3,
			Inertia:         0.3,
			EffortFloor:     0.3,
			MaxLift:         2,
			PrecursorWeight: 1,
			OfficerUSD:      2400,
			DogTeamUSD:      6000,
			ContactUSD:      2000,
			Recruit:         0.1,
			InformantLoss:   0.1,
			InformantTip:    0.3,
			Leak:            0.3,
			FollowSuccess:   0.5,
			FormRate:        0.05,
			Shield:          0.8,
			Rotation:        0.03,
			Investigation:   0.3,
			Halt:            0.5,
			RecruitCohesion: 0.3,
			TipCohesion:     0.2,
			IntelCohesion:   0.5,
		},
		Groups: GroupParams{
			SecurityCost: 0.3,
			CareerFee:    1,
			Learn:        0.2,
			Retire:       0.03,
			RefillDays:   90,
			TalkInformer: 0.3,
			Stick:        0.05,
		},
		Markets: MarketParams{
			Inertia:    0.3,
			Memory:     0.3,
			Elasticity: -0.5,
		},
		Adaptation: AdaptationParams{
			PriorRisk:      0.05,
			OthersWeight:   0.25,
			Temperature:    0.08,
			Stickiness:     0.0,
			DisruptionDays: 30,
			OrganiserLink:  0.3,
		},
	}
	p.Modes = [NumModes]ModeParams{
		Swim:  {MinLoadKg: 3, MaxLoadKg: 15, CostPerTrip: 300, CostPerKm: 0, Months: swim, EscapeProb: 0.7},
		Boat:  {MinLoadKg: 10, MaxLoadKg: 80, PrecursorLoadKg: 300, CostPerTrip: 600, Months: all, EscapeProb: 0.6},
		Foot:  {MinLoadKg: 3, MaxLoadKg: 25, CostPerTrip: 200, CostPerKm: 2, Months: all, EscapeProb: 0.4},
		Pack:  {MinLoadKg: 20, MaxLoadKg: 100, CostPerTrip: 400, CostPerKm: 3, Months: all, EscapeProb: 0.3},
		Car:   {MinLoadKg: 10, MaxLoadKg: 120, PrecursorLoadKg: 300, CostPerTrip: 500, CostPerKm: 0.5, Months: all, EscapeProb: 0.05},
		Truck: {MinLoadKg: 50, MaxLoadKg: 500, PrecursorLoadKg: 3000, CostPerTrip: 1500, CostPerKm: 1.2, Months: all, EscapeProb: 0.02},
		Rail:  {MinLoadKg: 50, MaxLoadKg: 400, PrecursorLoadKg: 10000, CostPerTrip: 2000, CostPerKm: 0.3, Months: all, EscapeProb: 0},
		Air:   {MinLoadKg: 0.5, MaxLoadKg: 1.2, CostPerTrip: 1500, Months: all, EscapeProb: 0, HeroinOnly: true},
	}
	return p
}

func monthsOf(ms ...int) Months {
	var m Months
	for _, x := range ms {
		m |= 1 << (x - 1)
	}
	return m
}

// MonthsOf returns the set of the given months (1–12).
func MonthsOf(ms ...int) Months { return monthsOf(ms...) }
