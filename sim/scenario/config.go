// Package scenario reads scenario and network TOML files into a sim.World and
// sim.Params: strict decoding (unknown keys are errors), `extends` and
// `network` includes, and validation that reports every problem at once as
// file:line: key: problem (allowed: ...).
package scenario

import "hourglass/sim"

// file is the TOML form of a scenario or network file. A scenario names its
// network file; a file may extend another, overriding anything by id.
type file struct {
	Name            string               `toml:"name"`
	Description     string               `toml:"description"`
	Period          string               `toml:"period"`
	Extends         string               `toml:"extends"`
	Network         string               `toml:"network"`
	Params          paramsConfig         `toml:"params"`
	Place           []placeConfig        `toml:"place"`
	PostDefault     []postDefaultConfig  `toml:"post_default"`
	Agency          []agencyConfig       `toml:"agency"`
	Segment         []segmentConf        `toml:"segment"`
	Lab             []labConfig          `toml:"lab"`
	PrecursorSource []sourceConfig       `toml:"precursor_source"`
	Group           []groupConfig        `toml:"group"`
	Intervention    []interventionConfig `toml:"intervention"`
	Drivers         driversConfig        `toml:"drivers"`
	Costs           costsConfig          `toml:"costs"`
	Uncertain       []uncertainConfig    `toml:"uncertain"`
	Switch          []switchConfig       `toml:"switch"`
	Event           []eventConfig        `toml:"event"`
	provenance
}

// uncertainConfig declares a parameter uncertain for hourglass sensitivity:
// a path as a sweep takes it. Its range is the one declared beside the
// value (ranges = ...); low and high give one to a value no file sets
// alone (a driver, a path with [*]).
type uncertainConfig struct {
	Name string   `toml:"name"`
	Low  *float64 `toml:"low"`
	High *float64 `toml:"high"`
	Note string   `toml:"note"`
	provenance
}

// switchConfig declares a contested fact (brief §7): the alternatives the
// sources give, each the values it sets, by the paths an event sets.
type switchConfig struct {
	Name         string              `toml:"name"`
	Note         string              `toml:"note"`
	Alternatives []alternativeConfig `toml:"alternatives"`
	provenance
}

// alternativeConfig is one alternative of a [[switch]].
type alternativeConfig struct {
	Name string              `toml:"name"`
	Set  map[string]setValue `toml:"set"`
}

// driversConfig are exogenous trends a scenario can switch on (brief §5-§7).
type driversConfig struct {
	// Professionalization, when set, is every group's professionalization.
	Professionalization *float64 `toml:"professionalization"`
	// Profile sets one dimension of the professionalization profile for
	// every group (after professionalization): a sweep varies one alone.
	Profile profileDriver `toml:"profile"`
	// BothProducts merges, at every hub, the precursor groups into the opiate
	// groups (the INCB view: the same groups move both).
	BothProducts bool `toml:"both_products"`
	// XinjiangMarket opens an eastbound opiate market: groups at Osh may ship
	// to Kashgar, groups at Almaty to Urumqi.
	XinjiangMarket bool `toml:"xinjiang_market"`
	// KZRailMajority is the 2008 cable's view of a conflict between the
	// sources (brief §7): a majority of narcotics cross Kazakhstan by rail.
	// Every opiate group starting in Kazakhstan loads railcars instead of
	// trucks. Off, the 2005 view holds: traffickers rarely use trains there.
	KZRailMajority bool `toml:"kz_rail_majority"`
	// TrafficGrowth multiplies the legitimate traffic at places (e.g. Khorgos
	// with its free-trade zone and railway).
	TrafficGrowth map[string]float64 `toml:"traffic_growth"`
	// AfghanOutput multiplies what the Afghan labs take in and can make: the
	// opium they release, the acetic anhydride reaching them by other routes,
	// and their capacity (1: the period's own; a history sets it by year).
	AfghanOutput *float64 `toml:"afghan_output"`
	provenance
}

// profileDriver sets dimensions of every group's profile (sim.Profile), under
// the keys of sim.Profile's fields, which a group's keys repeat
// (TestProfileKeys; validate.go walks sim.Profile).
type profileDriver struct {
	Cohesion           *float64 `toml:"cohesion"`
	Retention          *float64 `toml:"retention"`
	CounterIntel       *float64 `toml:"counter_intelligence"`
	Planning           *float64 `toml:"planning"`
	Specialisation     *float64 `toml:"specialisation"`
	Concealment        *float64 `toml:"concealment"`
	StandingCorruption *float64 `toml:"standing_corruption"`
	Organisers         *int     `toml:"organisers"`
}

type costsConfig struct {
	// LifetimeYears spreads capital costs when annualising them.
	LifetimeYears float64 `toml:"lifetime_years"`
	// DiscountRate discounts costs and effects over the run, per year.
	DiscountRate float64 `toml:"discount_rate"`
	provenance
}

type paramsConfig struct {
	Days int `toml:"days"`
	// Years, when set, is the run's length in years of 365 days (days is
	// then left alone).
	Years *int `toml:"years"`
	// Start is the measured period's first month, "YYYY-MM".
	Start string `toml:"start"`
	// WarmupMonths is the warm-up before Start, simulated and discarded
	// (sim.Params.WarmupMonths; events.go).
	WarmupMonths         int                `toml:"warmup_months"`
	PrecursorPerKgHeroin float64            `toml:"precursor_per_kg_heroin"`
	Interdiction         interdictionConfig `toml:"interdiction"`
	Bribes               bribesConfig       `toml:"bribes"`
	Adaptation           adaptationConfig   `toml:"adaptation"`
	Enforcement          enforcementConfig  `toml:"enforcement"`
	Groups               groupsConfig       `toml:"groups"`
	Markets              marketsConfig      `toml:"markets"`
	Modes                modesConfig        `toml:"modes"`
	provenance
}

// The parameter groups of sim.Params, each with room for its provenance: the
// embedded structs' fields are keys of the same TOML table.
type (
	interdictionConfig struct {
		sim.InterdictionParams
		provenance
	}
	bribesConfig struct {
		sim.BribeParams
		provenance
	}
	adaptationConfig struct {
		sim.AdaptationParams
		provenance
	}
	enforcementConfig struct {
		sim.EnforcementParams
		provenance
	}
	groupsConfig struct {
		sim.GroupParams
		provenance
	}
	marketsConfig struct {
		sim.MarketParams
		provenance
	}
	modeConfig struct {
		sim.ModeParams
		provenance
	}
)

// modesConfig names each mode's parameters, so a scenario overrides one
// field of one mode and keeps the rest.
type modesConfig struct {
	Swim  modeConfig `toml:"swim"`
	Boat  modeConfig `toml:"boat"`
	Foot  modeConfig `toml:"foot"`
	Pack  modeConfig `toml:"pack"`
	Car   modeConfig `toml:"car"`
	Truck modeConfig `toml:"truck"`
	Rail  modeConfig `toml:"rail"`
	Air   modeConfig `toml:"air"`
	provenance
}

func (m *modesConfig) ptrs() [sim.NumModes]*sim.ModeParams {
	return [sim.NumModes]*sim.ModeParams{&m.Swim.ModeParams, &m.Boat.ModeParams, &m.Foot.ModeParams, &m.Pack.ModeParams,
		&m.Car.ModeParams, &m.Truck.ModeParams, &m.Rail.ModeParams, &m.Air.ModeParams}
}

func defaultParamsConfig() paramsConfig {
	d := sim.DefaultParams()
	c := paramsConfig{
		Days:                 d.Days,
		Start:                d.Start.String(),
		WarmupMonths:         d.WarmupMonths,
		PrecursorPerKgHeroin: d.PrecursorPerKgHeroin,
		Interdiction:         interdictionConfig{InterdictionParams: d.Interdiction},
		Bribes:               bribesConfig{BribeParams: d.Bribes},
		Adaptation:           adaptationConfig{AdaptationParams: d.Adaptation},
		Enforcement:          enforcementConfig{EnforcementParams: d.Enforcement},
		Groups:               groupsConfig{GroupParams: d.Groups},
		Markets:              marketsConfig{MarketParams: d.Markets},
	}
	for i, p := range c.Modes.ptrs() {
		*p = d.Modes[i]
	}
	return c
}

func (c *paramsConfig) params() sim.Params {
	p := sim.Params{
		Days:                 c.Days,
		WarmupMonths:         c.WarmupMonths,
		PrecursorPerKgHeroin: c.PrecursorPerKgHeroin,
		Interdiction:         c.Interdiction.InterdictionParams,
		Bribes:               c.Bribes.BribeParams,
		Adaptation:           c.Adaptation.AdaptationParams,
		Enforcement:          c.Enforcement.EnforcementParams,
		Groups:               c.Groups.GroupParams,
		Markets:              c.Markets.MarketParams,
	}
	for i, mp := range c.Modes.ptrs() {
		p.Modes[i] = *mp
	}
	if c.Years != nil && *c.Years >= 1 && *c.Years <= 100 { // else validator.runLength reports it
		p.Days = 365 * *c.Years
	}
	p.Start, _ = sim.ParseYearMonth(c.Start) // checked by validator.params
	return p
}

type priceConfig struct {
	Heroin    float64 `toml:"heroin"`
	Opium     float64 `toml:"opium"`
	Precursor float64 `toml:"precursor"`
}

type placeConfig struct {
	ID          string      `toml:"id"`
	Name        string      `toml:"name"`
	Country     string      `toml:"country"`
	Border      string      `toml:"border"`
	Roles       []sim.Role  `toml:"roles"`
	Lat         float64     `toml:"lat"`
	Lon         float64     `toml:"lon"`
	Price       priceConfig `toml:"price"`
	RetailShare float64     `toml:"retail_share"`
	// ReferenceLoss is the baseline's loss on loads heading here, per
	// commodity: the loss at which the price stays at Price (sim/market.go).
	ReferenceLoss priceConfig `toml:"reference_loss"`
	Traits        sim.Traits  `toml:"traits"`
	// Agency names the agency whose unit works here; "" takes the first
	// agency of the place's country whose roles include one of the place's.
	Agency string `toml:"agency"`
	provenance
}

// agencyConfig is one [[agency]]: a law-enforcement body of one country.
type agencyConfig struct {
	ID           string     `toml:"id"`
	Country      string     `toml:"country"`
	Roles        []sim.Role `toml:"roles"` // the roles of the places whose units it runs by default
	MobileStaff  float64    `toml:"mobile_staff"`
	InformantUSD float64    `toml:"informant_usd"`
	Follow       float64    `toml:"follow"`
	SharesIntel  bool       `toml:"shares_intel"`
	// Corruption is the corruption of the officers it posts to a new
	// checkpoint (a checkpoint intervention staffed by it); unset: its
	// country's [[post_default]].
	Corruption *float64 `toml:"corruption"`
	provenance
}

// postDefaultConfig is the guard unit a new post starts from when an
// intervention puts a checkpoint at a place that has none: the documented
// defaults of its country and kind of post (corruption, traffic, staffing).
type postDefaultConfig struct {
	Country string     `toml:"country"`
	Kind    sim.Role   `toml:"kind"` // checkpoint or crossing
	Traits  sim.Traits `toml:"traits"`
	provenance
}

type segmentConf struct {
	From           string     `toml:"from"`
	To             string     `toml:"to"`
	Modes          []sim.Mode `toml:"modes"`
	Km             float64    `toml:"km"`
	Hours          float64    `toml:"hours"`
	Condition      float64    `toml:"condition"`
	OpenMonths     sim.Months `toml:"open_months"`
	WinterSlowdown float64    `toml:"winter_slowdown"`
	provenance
}

type labConfig struct {
	Place                   string  `toml:"place"`
	CapacityKgPerDay        float64 `toml:"capacity_kg_per_day"`
	StartHeroinKg           float64 `toml:"start_heroin_kg"`
	StartPrecursorKg        float64 `toml:"start_precursor_kg"`
	ExternalPrecursorPerDay float64 `toml:"external_precursor_kg_per_day"`
	NorthernShare           float64 `toml:"northern_share"`
	OpiumKgPerDay           float64 `toml:"opium_kg_per_day"`
	provenance
}

type sourceConfig struct {
	Place    string  `toml:"place"`
	KgPerDay float64 `toml:"kg_per_day"`
	provenance
}

type groupConfig struct {
	ID                  string      `toml:"id"`
	Product             sim.Product `toml:"product"`
	Origin              string      `toml:"origin"`
	Destinations        []string    `toml:"destinations"`
	Modes               []sim.Mode  `toml:"modes"`
	Count               int         `toml:"count"`
	Couriers            int         `toml:"couriers"`
	Professionalization float64     `toml:"professionalization"`
	Concealment         float64     `toml:"concealment"`
	StandingCorruption  float64     `toml:"standing_corruption"`
	CourierLoyalty      float64     `toml:"courier_loyalty"`
	AdaptationSpeed     float64     `toml:"adaptation_speed"`
	Armed               float64     `toml:"armed"`
	Cash                float64     `toml:"cash"`
	MaxLoadKg           float64     `toml:"max_load_kg"`
	// The rest of the professionalization profile (sim.Profile); unset,
	// each follows the group's professionalization (sim.ProfileOf).
	Cohesion       *float64 `toml:"cohesion"`
	Retention      *float64 `toml:"retention"`
	CounterIntel   *float64 `toml:"counter_intelligence"`
	Planning       *float64 `toml:"planning"`
	Specialisation *float64 `toml:"specialisation"`
	Organisers     *int     `toml:"organisers"`
	provenance
}
