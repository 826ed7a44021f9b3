package sim

import "math"

// model is everything that changes during one replication: the agents
// (guard units, groups, lab stocks, markets, the loads on the road), what
// route choice knows, the random streams, and the ledger that records the
// Outcome. The world and the parameters are those of the epoch in force.
// Its daily and monthly schedule is in schedule.go.
type model struct {
	world  *World
	params *Params
	day    int // the engine's clock: day of the year, counting on through the years

	units     []unit                   // per place: its guard unit (unit.go)
	groups    []group                  // every trafficking group, population by population (group.go)
	labs      []labStock               // per lab area: its stocks (lab.go)
	markets   [][NumCommodities]market // per place and commodity: price and experienced loss (market.go)
	trips     []trip                   // the loads on the road, in the order they set out (trip.go)
	receivers [][NumCommodities][]int  // per place and commodity: the groups picking it up there

	routeRuns      [][]routeRun              // per population and route: what route choice needs, computed once (route_choice.go)
	downstreamRisk [][NumCommodities]float64 // per place: the risk down the chain from there, as its groups believe it (route_choice.go)
	utility        []float64                 // route utilities, reused by every route choice

	// The random streams (rng.go): each purpose draws from its own.
	shipRNG, encounterRNG, beliefRNG, intelRNG, corruptionRNG generator

	startDay    int     // the engine's first day: the day of the year the run's first month (the warm-up's, if any) begins
	firstDay    int     // the first measured day: Params.Start's first day, after the warm-up (warmup.go)
	laterEpochs []Epoch // epochs still to come (epoch.go)
	seed        uint64
	replication uint64

	ledger ledger // the Outcome, written by the ledger alone (ledger.go)
}

// newModel sets up replication rep of w with p, at the start of the run
// (of its warm-up, when p has one): units drawn around their places'
// traits, with their agency's mobile officers shared evenly; every group of
// every population with the prior belief of each route; the labs' starting
// stocks; markets at their input prices. Its ledger records the warm-up, if
// any (measure then opens the measured period's), else the run.
func newModel(w *World, p *Params, seed, rep uint64) *model {
	first := p.Start.Add(-p.WarmupMonths)
	warmDays := daysIn(first, p.WarmupMonths)
	m := &model{
		world:         w,
		params:        p,
		shipRNG:       newGenerator(seed, rep, StreamShipments, 0),
		encounterRNG:  newGenerator(seed, rep, StreamEncounter, 0),
		beliefRNG:     newGenerator(seed, rep, StreamBeliefs, 0),
		intelRNG:      newGenerator(seed, rep, StreamIntel, 0),
		corruptionRNG: newGenerator(seed, rep, StreamCorruption, 0),
		startDay:      monthStart[first.Month-1],
		seed:          seed,
		replication:   rep,
	}
	m.day, m.firstDay = m.startDay, m.startDay+warmDays
	if warmDays > 0 {
		m.ledger = newLedger(w, seed, rep, first, warmDays)
	} else {
		m.ledger = newLedger(w, seed, rep, p.Start, p.Days)
	}
	m.units = make([]unit, len(w.Places))
	for i := range w.Places {
		m.units[i] = drawUnit(&w.Places[i], &p.Interdiction, seed, rep)
	}
	for a := range w.Agencies {
		ag := &w.Agencies[a]
		for _, pl := range ag.Units {
			u := &m.units[pl]
			u.mobile = ag.MobileStaff / float64(len(ag.Units))
			u.setCapacity(&w.Places[pl].Traits, &p.Interdiction)
		}
	}
	m.receivers = make([][NumCommodities][]int, len(w.Places))
	maxRoutes := 0
	for pi := range w.Populations {
		pop := &w.Populations[pi]
		if n := len(w.Routes[pi]); n > maxRoutes {
			maxRoutes = n
		}
		for k := 0; k < pop.Count; k++ {
			idx := len(m.groups)
			m.groups = append(m.groups, newGroup(pi, pop, len(w.Routes[pi]), p.Adaptation.PriorRisk))
			for c := Commodity(0); c < NumCommodities; c++ {
				if pop.Product.Carries(c) {
					m.receivers[pop.Origin][c] = append(m.receivers[pop.Origin][c], idx)
				}
			}
		}
	}
	m.utility = make([]float64, maxRoutes)
	m.measureRoutes()
	m.labs = make([]labStock, len(w.Labs))
	for i, l := range w.Labs {
		m.labs[i] = labStock{heroin: KgToGrams(l.StartHeroinKg), precursor: KgToGrams(l.StartPrecursorKg)}
	}
	m.trips = make([]trip, 0, 256)
	m.initMarkets()
	m.downstreamRisk = make([][NumCommodities]float64, len(w.Places))
	return m
}

// cents converts US dollars to whole cents.
func cents(usd float64) int64 { return int64(math.Round(usd * 100)) }
