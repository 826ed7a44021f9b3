package sim

import (
	"fmt"
	"math"
)

// Grams is a mass in whole grams. Every flow is counted in integer grams so
// that mass balance holds exactly, not to within rounding.
type Grams int64

// KgToGrams converts kilograms to whole grams, rounding to nearest.
func KgToGrams(kg float64) Grams { return Grams(math.Round(kg * 1000)) }

// Kg returns the mass in kilograms.
func (g Grams) Kg() float64 { return float64(g) / 1000 }

// Traits are what a place's guard unit is like. They are means: each
// replication draws the effective probabilities around them (see drawUnit).
type Traits struct {
	// Official posts and checkpoints.
	InspectionRate     float64     `toml:"inspection_rate"`      // share of vehicles searched without a tip, at low traffic
	IntelligenceLed    bool        `toml:"intelligence_led"`     // inspections only on intelligence: the random rate collapses
	SearchThoroughness float64     `toml:"search_thoroughness"`  // chance a manual search finds unconcealed narcotics
	Staff              int         `toml:"staff"`                // inspecting officers on shift
	Dogs               int         `toml:"dogs"`                 // working dog teams
	DogColdPenalty     float64     `toml:"dog_cold_penalty"`     // share of dog working time lost in the coldest month
	DogAltitudePenalty float64     `toml:"dog_altitude_penalty"` // share of dog working time lost per 1,000 m of altitude
	Scanner            ScannerKind `toml:"scanner"`              // X-ray scanner, if any
	TestKits           bool        `toml:"test_kits"`            // precursor test kits on hand
	PrecursorKnowledge float64     `toml:"precursor_knowledge"`  // staff ability to recognise a mis-declared precursor
	Corruption         float64     `toml:"corruption"`           // propensity of officers to take a bribe
	AntiCorruption     float64     `toml:"anti_corruption"`      // unannounced investigators: cut the unit's effective corruption (effectiveCorruption)
	TrafficPerDay      float64     `toml:"traffic_per_day"`      // legitimate vehicles (or people, at a foot crossing) per day: the camouflage a load hides in
	TruckShare         float64     `toml:"truck_share"`          // share of the traffic that is trucks (0: params.interdiction.truck_share)
	Watched            bool        `toml:"watched"`              // logged and watched from the capital (cameras, online link): large bribes are harder
	AltitudeM          float64     `toml:"altitude_m"`           // metres above sea level
	Schedule           Schedule    `toml:"schedule"`             // opening schedule
	LanguageBarrier    float64     `toml:"language_barrier"`     // share of declarations officers cannot read
	ConvoyEscort       float64     `toml:"convoy_escort"`        // share of trucks escorted to the inland terminal
	Informants         float64     `toml:"informants"`           // chance of a tip on a load of a non-cohesive group
	ForeignIntel       float64     `toml:"foreign_intel"`        // chance a precursor load from China is flagged by a partner service
	HeroinBonus        bool        `toml:"heroin_bonus"`         // bonuses reward heroin seizures only: precursor work starves
	RailInspection     float64     `toml:"rail_inspection"`      // share of railcars inspected
	AirportScreening   float64     `toml:"airport_screening"`    // chance a body-cavity courier is profiled and caught at this airport
	RaidRate           float64     `toml:"raid_rate"`            // stash hubs: chance an arriving load is caught in a police operation
	Profiling          float64     `toml:"profiling"`            // chance officers trained in risk indicators pick out a poorly hidden load

	// Unofficial border sections.
	PatrolCoverage float64 `toml:"patrol_coverage"` // share of the stretch under patrol
	GuardMobility  float64 `toml:"guard_mobility"`  // vehicles, boats and fuel to reach a sighting
	Communications float64 `toml:"communications"`  // radios and coordination between posts
}

// Place is a node of the route graph.
type Place struct {
	ID      string
	Name    string
	Country string // country whose unit works here (the first of "KG/CN")
	Border  string // the other side, for crossings and border sections
	Roles   Role
	Lat     float64
	Lon     float64
	Traits  Traits
	// Price is the wholesale price of each commodity here, USD per kg.
	Price [NumCommodities]float64
	// RetailShare is the share of each opiate load arriving here that is
	// sold into the local retail market instead of handed on.
	RetailShare float64
	// ReferenceLoss is, for each commodity, the share of the grams heading
	// here that the baseline's groups lose on the way: the loss at which the
	// price stays at Price (market.go).
	ReferenceLoss [NumCommodities]float64
	// Agency is the index in World.Agencies of the agency whose unit works
	// here, or -1.
	Agency int
}

// IsBorder reports whether a seizure here counts as at the border.
func (p *Place) IsBorder() bool { return p.Roles&(Crossing|BorderSection) != 0 }

// Segment is an undirected edge of the route graph.
type Segment struct {
	From, To       int     // place indices
	Modes          ModeSet // modes that can use it
	Km             float64 // length
	Hours          float64 // travel time in good conditions
	Condition      float64 // 0 (track) to 1 (good road): cost rises as it falls
	OpenMonths     Months  // when it is passable; zero means all year
	WinterSlowdown float64 // travel-time multiplier December to March (1 = none)
}

// Other returns the end of s that is not p.
func (s *Segment) Other(p int) int {
	if s.From == p {
		return s.To
	}
	return s.From
}

// Months is a set of months, bit m-1 for month m.
type Months uint16

// Has reports whether month (1–12) is in the set; the empty set means all year.
func (m Months) Has(month int) bool { return m == 0 || m&(1<<(month-1)) != 0 }

// Population describes a population of identical trafficking groups working one leg of the
// handover chain: they hold stock at Origin and ship it to one of Destinations.
type Population struct {
	ID           string
	Product      Product
	Origin       int
	Destinations []int
	Modes        ModeSet
	Count        int // identical groups in this population

	// Professionalization (0..1) is the couriers' skill: patrol knowledge,
	// evasion of random inspection, loyalty. The rest of how professional
	// its groups are is their Profile (profile.go), which a scenario derives
	// from it (ProfileOf) unless it sets a dimension.
	Professionalization float64
	Profile

	CourierLoyalty  float64 // 0..1: chance an arrested courier does not give up the organisers
	AdaptationSpeed float64 // 0..1: weight of a new loss in the group's risk beliefs
	Couriers        int     // loads the group can dispatch per day
	Armed           float64 // share of couriers carrying arms
	Cash            float64 // bribe money a courier carries, as a share of the load's value at origin
	MaxLoadKg       float64 // largest load the group sends, kg; 0: the mode's largest
}

// Lab is an Afghan lab area that turns opium into heroin as far as acetic
// anhydride allows, and releases opiates onto the northern route.
type Lab struct {
	Place                   int
	CapacityKgPerDay        float64 // heroin the labs can make per day with enough precursor
	StartHeroinKg           float64 // heroin already in stock on day 0
	StartPrecursorKg        float64 // acetic anhydride already in stock on day 0
	ExternalPrecursorPerDay float64 // acetic anhydride arriving by routes outside the model (Pakistan, Iran), kg/day
	NorthernShare           float64 // share of the labs' heroin that takes the northern route
	OpiumKgPerDay           float64 // raw opium released north per day
}

// PrecursorSource releases acetic anhydride into the trafficking chain.
type PrecursorSource struct {
	Place    int
	KgPerDay float64
}

// Route is one candidate path a group can send a load along.
type Route struct {
	Dest  int   // destination place
	Mode  Mode  // the mode used on every segment
	Path  []int // place indices, origin first
	Segs  []int // segment indices, Segs[i] joins Path[i] and Path[i+1]
	Km    float64
	Hours float64
	For   Product // the product whose chain the route follows
}

// World is the static description of a scenario: the network and its agents'
// populations. It never changes during a run.
type World struct {
	Places           []Place
	Segments         []Segment
	Populations      []Population
	Agencies         []Agency
	Labs             []Lab
	PrecursorSources []PrecursorSource
	// Routes[g] are the candidate routes of group population g.
	Routes [][]Route

	// Derived by Prepare.
	Countries    []string // distinct country codes, in order of first appearance
	PlaceCountry []int    // index into Countries of each place
	Markets      []int    // the places with retail demand (role market), in place order
}

// Prepare derives the country table and the candidate routes, and checks
// that every load has somewhere to go. Call it once after building a World.
func (w *World) Prepare() error { return w.PrepareSpending(nil) }

// PrepareSpending is Prepare with the route searches spending budget, the
// node expansions left to the worlds that share it (the epochs of one
// scenario): it fails once they are spent (ErrRouteWork). nil: a budget of
// MaxRouteExpansions of its own.
func (w *World) PrepareSpending(budget *int) error {
	w.derive()
	if err := w.buildRoutes(budget); err != nil {
		return err
	}
	return w.checkChain()
}

// derive fills the tables Prepare derives besides the routes: countries,
// markets and each agency's units.
func (w *World) derive() {
	w.Countries = w.Countries[:0]
	w.PlaceCountry = make([]int, len(w.Places))
	for i := range w.Places {
		k := w.CountryIndex(w.Places[i].Country)
		if k < 0 {
			k = len(w.Countries)
			w.Countries = append(w.Countries, w.Places[i].Country)
		}
		w.PlaceCountry[i] = k
	}
	w.Markets = w.Markets[:0]
	for i := range w.Places {
		if w.Places[i].Roles.Has(Market) {
			w.Markets = append(w.Markets, i)
		}
	}
	for a := range w.Agencies {
		w.Agencies[a].Units = w.Agencies[a].Units[:0]
	}
	for p := range w.Places {
		if a := w.Places[p].Agency; a >= 0 && a < len(w.Agencies) {
			w.Agencies[a].Units = append(w.Agencies[a].Units, p)
		}
	}
}

// CountryIndex returns the index of a country code in Countries, or -1.
func (w *World) CountryIndex(code string) int {
	for i, c := range w.Countries {
		if c == code {
			return i
		}
	}
	return -1
}

// receives reports whether some group population picks up commodity c at place p.
func (w *World) receives(p int, c Commodity) bool {
	for i := range w.Populations {
		if w.Populations[i].Origin == p && w.Populations[i].Product.Carries(c) {
			return true
		}
	}
	return false
}

// isFinal reports whether a load of c arriving at p leaves the chain there:
// an exit, a market no group ships on from, or (precursor) a lab.
func (w *World) isFinal(p int, c Commodity) bool {
	pl := &w.Places[p]
	if c == Precursor {
		for i := range w.Labs {
			if w.Labs[i].Place == p {
				return true
			}
		}
		return pl.Roles.Has(Exit)
	}
	return pl.Roles.Has(Exit) || (pl.Roles.Has(Market) && !w.receives(p, c))
}

// checkChain makes sure every source hands its output to a group and every
// destination either ends the chain or hands on to another group.
func (w *World) checkChain() error {
	for _, g := range w.Populations {
		if g.Count < 1 || g.Couriers < 1 {
			return &GroupError{Group: g.ID, Key: "count", Msg: "needs at least one group and one courier"}
		}
	}
	for _, l := range w.Labs {
		for _, c := range []Commodity{Heroin, Opium} {
			releases := l.OpiumKgPerDay > 0
			if c == Heroin {
				releases = l.NorthernShare > 0 && (l.StartHeroinKg > 0 || l.CapacityKgPerDay > 0)
			}
			if releases && !w.receives(l.Place, c) {
				return fmt.Errorf("lab at %s: no group picks up %s there", w.Places[l.Place].ID, c)
			}
		}
	}
	for _, s := range w.PrecursorSources {
		if !w.receives(s.Place, Precursor) {
			return fmt.Errorf("precursor source at %s: no group picks up precursor there", w.Places[s.Place].ID)
		}
	}
	for _, g := range w.Populations {
		for _, d := range g.Destinations {
			for c := Commodity(0); c < NumCommodities; c++ {
				worthIt := w.Places[d].Price[c] > w.Places[g.Origin].Price[c] // else never sent there
				if g.Product.Carries(c) && worthIt && !w.isFinal(d, c) && !w.receives(d, c) {
					return &GroupError{Group: g.ID, Key: "destinations", Msg: fmt.Sprintf(
						"%s reaching %s has nowhere to go (no group picks it up, and it is not a market, exit or lab)", c, w.Places[d].ID)}
				}
			}
		}
	}
	return nil
}

// PlaceIndex returns the index of the place with the given id, or -1.
func (w *World) PlaceIndex(id string) int {
	for i := range w.Places {
		if w.Places[i].ID == id {
			return i
		}
	}
	return -1
}

// SegmentBetween returns the index of the segment joining a and b, or -1.
func (w *World) SegmentBetween(a, b int) int {
	for i := range w.Segments {
		s := &w.Segments[i]
		if (s.From == a && s.To == b) || (s.From == b && s.To == a) {
			return i
		}
	}
	return -1
}

func (w *World) String() string {
	return fmt.Sprintf("world: %d places, %d segments, %d group populations", len(w.Places), len(w.Segments), len(w.Populations))
}

// UnmarshalTOML reads a set of months from a TOML array of month numbers.
func (m *Months) UnmarshalTOML(v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("%v is not a list of months (allowed: month numbers 1-12, e.g. [5, 6, 7])", v)
	}
	var out Months
	for _, x := range list {
		n, ok := x.(int64)
		if !ok || n < 1 || n > 12 {
			return fmt.Errorf("month %v is not a month number (allowed: 1-12)", x)
		}
		out |= 1 << (n - 1)
	}
	*m = out
	return nil
}
