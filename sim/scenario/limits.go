package scenario

import "fmt"

// Limits on input, checked before and after decoding so that no file can make
// the loader or a run take unbounded memory or time (README, "Bad input").
const (
	// MaxFileBytes is the largest scenario or network file read: the shipped
	// network is about 100 KB.
	MaxFileBytes = 4 << 20
	// MaxNesting is the deepest nesting of arrays and inline tables (and of
	// the dotted parts of a key or table header) a file may have; the shipped
	// files nest 3 deep. It is checked on the text, before the TOML decoder
	// (which recurses without bound) sees it.
	MaxNesting = 32
	// MaxKeyWeight bounds the sum of the depths of a file's keys (see
	// keyWeight), checked on the text with the nesting: the decoder's
	// memory grows with it (about 150 bytes a unit). The shipped network
	// weighs about 8,800; a network of the largest size the totals allow,
	// in one file under 4 MB, about 1.05 million; 4 MB of keys nested 32
	// deep weighed 16 million and took the decoder 2.4 GB.
	MaxKeyWeight = 2_000_000
	// MaxUnknownKeys is how many unknown keys of one file are reported one
	// by one; the rest are counted.
	MaxUnknownKeys = 50

	// MaxDays is the longest run: 100 years, as params.years allows.
	MaxDays = 36_500
	// MaxGroupCount is the most populations of one [[group]], MaxCouriers
	// the most couriers of each, and MaxGroupCouriers bounds their product
	// (every courier holds memory in every replication): the shipped groups
	// have at most 8 populations of 2 couriers.
	MaxGroupCount    = 10_000
	MaxCouriers      = 10_000
	MaxGroupCouriers = 1_000_000
	// MaxOrganisers is the most organisers of a group.
	MaxOrganisers = 10_000
	// MaxStaff bounds the whole-number traits of a guard unit (staff, dogs)
	// and an intervention's staff and dogs; it also bounds the officers of a
	// mobile unit.
	MaxStaff = 100_000
	// MaxUSD bounds every price (USD per kg of place[].price), cost
	// (capital_usd, annual_usd, the modes' cost_per_trip and cost_per_km),
	// fee, bribe and budget in US dollars: 10^13, a hundred times the
	// region's yearly GDP. A load's value is then at most 10^13 x MaxLoadKg
	// = 10^18 USD, and the money of a run (at most MaxTotalCouriers x
	// MaxDays trips) at most about 10^34 USD: finite, where a price of
	// 10^308 made +Inf and a summary.json that cannot be written.
	MaxUSD = 1e13

	// MaxKgPerDay bounds what all labs and precursor sources together
	// release a day (capacity_kg_per_day + opium_kg_per_day +
	// external_precursor_kg_per_day of every lab, kg_per_day of every
	// source), and so each of them: 100 tonnes a day, five times the world's
	// opium production (about 7,000 t a year). Times drivers.afghan_output
	// (at most MaxMultiplier) over the longest run, that is 3.65e14 g, and a
	// load's grams may be counted again at every place of its route
	// (MaxPlaces): the sums of whole grams (int64, up to 9.2e18) stay exact.
	MaxKgPerDay = 1e5
	// MaxStockKg bounds the labs' start_heroin_kg and start_precursor_kg,
	// each and in all: 10,000 tonnes.
	MaxStockKg = 1e7
	// MaxLoadKg bounds a load: the modes' min_load_kg, max_load_kg and
	// precursor_load_kg and a group's max_load_kg, 100 tonnes (the shipped
	// rail precursor load is 10 t).
	MaxLoadKg = 1e5
	// MaxPrecursorPerKg and MinPrecursorPerKg bound
	// params.precursor_per_kg_heroin (0: heroin needs no precursor): the
	// labs divide their precursor stock by it, and below 0.01 the quotient
	// of the largest stock leaves the range of whole grams.
	MinPrecursorPerKg = 0.01
	MaxPrecursorPerKg = 100.0

	// MaxKm and MaxHours bound a segment's km and hours: 10^5 km is more
	// than twice around the Earth, 10^5 hours eleven years. Routes add them
	// over at most MaxSegments segments.
	MaxKm    = 1e5
	MaxHours = 1e5
	// MaxTrafficPerDay bounds traits.traffic_per_day: a million vehicles a
	// day (the busiest crossings see tens of thousands).
	MaxTrafficPerDay = 1e6
	// MaxAltitudeM bounds traits.altitude_m: higher than any place on Earth.
	MaxAltitudeM = 9_000
	// MaxMultiplier bounds the values that multiply others and have no
	// bound of their own: drivers.traffic_growth and drivers.afghan_output,
	// a segment's winter_slowdown, params.enforcement.max_lift,
	// params.groups.career_fee and params.interdiction.tip_rate (shipped:
	// at most 3).
	MaxMultiplier = 100
	// MaxUtility bounds params.adaptation.stickiness (either sign) and
	// params.groups.stick, bonuses added to a route's utility, a profit
	// scaled to at most 1: beyond it they would decide alone, and their sum
	// could overflow.
	MaxUtility = 100.0
	// MaxConcentration bounds params.interdiction.concentration, the
	// Beta draws' kappa (20 shipped; a million is already a point mass).
	MaxConcentration = 1e6
	// MaxInspectionsPerStaffDay bounds
	// params.interdiction.inspections_per_staff_day: 10,000 is one search
	// every nine seconds around the clock.
	MaxInspectionsPerStaffDay = 1e4
	// MinLifetimeYears is the shortest costs.lifetime_years: capital is
	// renewed each lifetime, and a run of 100 years then renews it at most
	// 10,000 times (a lifetime of 10^-300 years made its cost +Inf).
	MinLifetimeYears = 0.01

	// Totals that bound a run's memory and time, whatever each entry says.
	// MaxPlaces and MaxSegments bound the network (routes are searched over
	// it; the shipped one has 65 places and 89 segments; a network of 10,000
	// places and 20,000 segments loads in about a second).
	MaxPlaces   = 20_000
	MaxSegments = 50_000
	// MaxPopulations bounds the [[group]] entries, MaxGroups the groups of
	// all of them (the sum of their count) and MaxTotalCouriers their
	// couriers (the sum of count x couriers): every group and courier holds
	// memory in every replication, and every courier may send a load a day.
	MaxPopulations   = 1_000
	MaxGroups        = 100_000
	MaxTotalCouriers = 1_000_000
	// MaxRouteSearches bounds the route searches (the sum over populations
	// of destinations x modes, each a search for sim.RoutesPerDestination
	// shortest paths), and MaxGroupRoutes the routes all groups weigh (the
	// sum of count x destinations x modes x sim.RoutesPerDestination): each
	// group keeps a belief about each of its routes.
	MaxRouteSearches = 10_000
	MaxGroupRoutes   = 10_000_000
	// MaxEpochs bounds the months at which events and interventions change
	// a scenario's world (each builds a world of its own, held in memory for
	// the whole run: about 0.8 MB for the shipped network, whose history has
	// 8), and MaxEpochElements the places and segments of all those worlds
	// together, so that a large network has few. The route searches of all of
	// a scenario's worlds together expand at most sim.MaxRouteExpansions
	// nodes.
	MaxEpochs        = 240
	MaxEpochElements = 150_000
)

// checkDuplicates reports entries of one file's arrays of tables that share
// an identity (two [[place]] with id "osh"): merging would fold the second
// into the first without a word. Across files, the same identity is how a
// file overrides what it extends; within one file it is a mistake. Events
// are left out: a file may date several events to one month.
func checkDuplicates(name string, l *loaded, problems *ErrorList) {
	for _, section := range sortedKeys(l.raw) {
		elems, ok := l.raw[section].([]map[string]any)
		if !ok || section == "event" {
			continue
		}
		first := map[string]int{}
		for i, e := range elems {
			id := identity(section, e)
			if id == "" || id == "|" {
				continue
			}
			j, seen := first[id]
			if !seen {
				first[id] = i
				continue
			}
			problems.add(name, l.loc.line(fmt.Sprintf("%s[%d]", section, i)), fmt.Sprintf("%s[%s]", section, id),
				"duplicate of the entry at line %d (allowed: one entry per id in a file: merge them)",
				l.loc.line(fmt.Sprintf("%s[%d]", section, j)))
		}
	}
}
