package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// group is one trafficking group during a run.
type group struct {
	pop            int // index into World.Groups
	stock          [NumCommodities]Grams
	belief         []float64 // believed loss probability of each of the population's routes
	lastRoute      int       // route used last, -1 before the first trip
	pendingRoute   int       // route of the load being gathered, -1 when none
	pendingGrams   Grams     // size of the load being gathered
	pendingGood    Commodity // commodity of the load being gathered
	disruptedUntil int       // no dispatch before this day (an organiser was arrested)
	informant      int       // 1 + the index of the agency whose informant is in the group; 0: none
	arrangements   []int32   // places whose unit the group has a standing arrangement with
	organisers     int       // organisers left (profile.go)
	dissolved      bool      // all organisers arrested: the niche waits for a new group
	idleCouriers   []float64 // experience of the retained couriers waiting for a load
	onRoad         int       // retained couriers on the road
	cash           int64     // cents: income from loads sold or handed on, less payments
}

// labStock is one lab area's stocks during a run.
type labStock struct {
	heroin    Grams // northern-route heroin not yet released
	precursor Grams
}

// routeRun is what route choice needs of one route in one run: constant
// through the run, so computed once (route choice is the hot path).
type routeRun struct {
	mode   Mode
	months Months                  // months the route is open (routeMonths)
	cost   float64                 // transport cost of one trip (tripCost)
	mean   [NumCommodities]float64 // the load the group expects to send, kg (meanLoad)
	final  [NumCommodities]bool    // the destination ends the chain for this commodity
}

// model is everything that changes during one replication.
type model struct {
	world  *World
	params *Params
	day    int

	units     []unit
	groups    []group
	labs      []labStock
	receivers [][NumCommodities][]int // per place, the groups picking up each commodity

	trips          []trip
	utility        []float64                 // route utilities, reused
	routeRuns      [][]routeRun              // per population and route: what route choice needs, computed once
	downstreamRisk [][NumCommodities]float64 // per place: the risk down the chain from there, as its groups believe it (chain.go)
	markets        [][NumCommodities]market  // per place and commodity: price and experienced loss (market.go)

	shipRNG, encounterRNG, beliefRNG, intelRNG, corruptionRNG *RNG

	firstDay    int     // the engine's first day: the day of the year the start month begins
	laterEpochs []Epoch // epochs still to come (epoch.go)
	seed        uint64
	replication uint64
	mo          *MonthOutcome // this month's record in out.Months

	out Outcome
}

// Run simulates one replication of world w with parameters p. The seed and
// replication index fix every random draw: the same (seed, replication) gives
// the same Outcome, bit for bit. w must have been prepared (World.Prepare).
func Run(w *World, p *Params, seed, replication uint64) (Outcome, error) {
	return RunEpochs([]Epoch{{From: p.Start, World: w, Params: p}}, seed, replication)
}

// RunContext is Run that stops within a day's step once ctx is done,
// returning ctx's error and no outcome.
func RunContext(ctx context.Context, w *World, p *Params, seed, replication uint64) (Outcome, error) {
	return RunEpochsContext(ctx, []Epoch{{From: p.Start, World: w, Params: p}}, seed, replication)
}

// run simulates one replication of w with p, entering each of the later
// epochs at the start of its month. It gives up, with ctx's error, at the
// first day that begins after ctx is done.
func run(ctx context.Context, w *World, p *Params, later []Epoch, seed, replication uint64) (Outcome, error) {
	if w.PlaceCountry == nil || w.Routes == nil {
		return Outcome{}, errors.New("sim: world not prepared (call World.Prepare)")
	}
	if p.Days <= 0 {
		return Outcome{}, fmt.Errorf("sim: days must be positive, got %d", p.Days)
	}
	if p.Start.Month < 1 || p.Start.Month > 12 {
		return Outcome{}, fmt.Errorf("sim: start month must be 1-12, got %d", p.Start.Month)
	}
	m := newModel(w, p, seed, replication)
	m.laterEpochs = later
	done := ctx.Done() // nil for context.Background: never done
	for m.day = m.firstDay; m.day < m.firstDay+p.Days; m.day++ {
		if done != nil {
			select {
			case <-done:
				return Outcome{}, ctx.Err()
			default:
			}
		}
		m.step()
	}
	m.finish()
	return m.out, nil
}

func newModel(w *World, p *Params, seed, rep uint64) *model {
	s := &model{
		world:         w,
		params:        p,
		shipRNG:       NewRNG(seed, rep, StreamShipments, 0),
		encounterRNG:  NewRNG(seed, rep, StreamEncounter, 0),
		beliefRNG:     NewRNG(seed, rep, StreamBeliefs, 0),
		intelRNG:      NewRNG(seed, rep, StreamIntel, 0),
		corruptionRNG: NewRNG(seed, rep, StreamCorruption, 0),
		firstDay:      monthStart[p.Start.Month-1],
		seed:          seed,
		replication:   rep,
	}
	s.out = Outcome{
		Seed: seed, Replication: rep, Days: p.Days,
		SegmentFlow: make([][2][NumModes][NumCommodities]Grams, len(w.Segments)),
		Entered:     make([][NumCommodities]Grams, len(w.Countries)),
		RetainedIn:  make([][NumCommodities]Grams, len(w.Countries)),
		DeliveredAt: make([][NumCommodities]Grams, len(w.Places)),
		ArrivedAt:   make([][NumCommodities]Grams, len(w.Places)),
		LostTo:      make([][NumCommodities]Grams, len(w.Places)),
		SoldIn:      make([][NumCommodities]Grams, len(w.Countries)),
		SoldUSDIn:   make([][NumCommodities]float64, len(w.Countries)),
		MobileAt:    make([][12]float32, len(w.Places)),
		Months:      make([]MonthOutcome, 0, MonthsIn(p.Start, p.Days)),
	}
	s.units = make([]unit, len(w.Places))
	for i := range w.Places {
		s.units[i] = drawUnit(&w.Places[i], &p.Interdiction, seed, rep)
	}
	for a := range w.Agencies {
		ag := &w.Agencies[a]
		for _, pl := range ag.Units {
			u := &s.units[pl]
			u.mobile = ag.MobileStaff / float64(len(ag.Units))
			u.capacity = (float64(w.Places[pl].Traits.Staff) + u.mobile) * p.Interdiction.InspectionsPerStaffDay
		}
	}
	s.receivers = make([][NumCommodities][]int, len(w.Places))
	maxRoutes := 0
	for pi := range w.Groups {
		g := &w.Groups[pi]
		if n := len(w.Routes[pi]); n > maxRoutes {
			maxRoutes = n
		}
		for k := 0; k < g.Count; k++ {
			gs := group{pop: pi, lastRoute: -1, pendingRoute: -1, belief: make([]float64, len(w.Routes[pi])),
				arrangements: make([]int32, 0, 4), organisers: max(1, g.Organisers), idleCouriers: make([]float64, 0, g.Couriers)}
			for r := range gs.belief {
				gs.belief[r] = p.Adaptation.PriorRisk
			}
			idx := len(s.groups)
			s.groups = append(s.groups, gs)
			for c := Commodity(0); c < NumCommodities; c++ {
				if g.Product.Carries(c) {
					s.receivers[g.Origin][c] = append(s.receivers[g.Origin][c], idx)
				}
			}
		}
	}
	s.utility = make([]float64, maxRoutes)
	s.measureRoutes()
	s.labs = make([]labStock, len(w.Labs))
	for i, l := range w.Labs {
		s.labs[i] = labStock{heroin: KgToGrams(l.StartHeroinKg), precursor: KgToGrams(l.StartPrecursorKg)}
	}
	s.trips = make([]trip, 0, 256)
	s.initMarkets()
	s.downstreamRisk = make([][NumCommodities]float64, len(w.Places))
	return s
}

// step advances the world by one day: labs produce, sources release, groups
// dispatch loads, and loads on the road move until the day ends.
func (m *model) step() {
	month := Month(m.day)
	if m.day == m.firstDay || month != Month(m.day-1) {
		m.monthStart(month)
	}
	m.spend()
	m.refill()
	m.produce()
	m.release()
	for gi := range m.groups {
		m.dispatch(gi, month)
	}
	m.advanceTrips(month)
}

// monthStart runs the monthly decisions of law enforcement and of the
// groups' standing arrangements: units and agencies review their effort
// (not on the first day: nothing has happened yet), agencies recruit
// informants, arrangements are paid or broken. It records where the mobile
// officers are in the first year.
func (m *model) monthStart(month int) {
	m.newMonth()
	if len(m.laterEpochs) > 0 && m.laterEpochs[0].From == m.mo.Month {
		m.enter(m.laterEpochs[0])
		m.laterEpochs = m.laterEpochs[1:]
	}
	if m.day > m.firstDay {
		m.review()
	}
	m.reprice()
	m.mo.MarketPrice = make([][NumCommodities]float64, len(m.world.Markets))
	for i, p := range m.world.Markets {
		for c := Commodity(0); c < NumCommodities; c++ {
			m.mo.MarketPrice[i][c] = m.price(p, c)
		}
	}
	m.recruit()
	m.keepArrangements()
	m.retire()
	m.chainRisks()
	if m.day-m.firstDay < 365 {
		for p := range m.units {
			m.out.MobileAt[p][month-1] = float32(m.units[p].mobile)
		}
	}
}

// measureRoutes works out, for every route, what route choice needs of it under
// the world and parameters in force.
func (m *model) measureRoutes() {
	w := m.world
	if m.routeRuns == nil {
		m.routeRuns = make([][]routeRun, len(w.Groups))
		for pi := range w.Groups {
			m.routeRuns[pi] = make([]routeRun, len(w.Routes[pi]))
		}
	}
	for pi := range w.Groups {
		for ri := range w.Routes[pi] {
			r := &w.Routes[pi][ri]
			rr := routeRun{mode: r.Mode, months: m.routeMonths(r), cost: m.tripCost(r)}
			for c := Commodity(0); c < NumCommodities; c++ {
				rr.mean[c] = m.meanLoad(&w.Groups[pi], r.Mode, c)
				rr.final[c] = w.isFinal(r.Dest, c)
			}
			m.routeRuns[pi][ri] = rr
		}
	}
}

// newMonth opens the record of the next calendar month.
func (m *model) newMonth() {
	m.out.Months = append(m.out.Months, MonthOutcome{Month: m.params.Start.Add(len(m.out.Months)),
		SeizedIn:  make([][NumCommodities]Grams, len(m.world.Countries)),
		EnteredIn: make([][NumCommodities]Grams, len(m.world.Countries)),
		SoldIn:    make([][NumCommodities]Grams, len(m.world.Countries)),
		SoldUSDIn: make([][NumCommodities]float64, len(m.world.Countries))})
	m.mo = &m.out.Months[len(m.out.Months)-1]
}

// finish counts what is still in the chain when the run ends.
func (m *model) finish() {
	for gi := range m.groups {
		for c := Commodity(0); c < NumCommodities; c++ {
			m.out.InTransit[c] += m.groups[gi].stock[c]
		}
	}
	for i := range m.trips {
		m.out.InTransit[m.trips[i].commodity] += m.trips[i].grams
		m.out.CouriersActive++ // every load on the road has its courier
	}
	m.out.Price = make([][NumCommodities]float64, len(m.markets))
	for p := range m.markets {
		for c := Commodity(0); c < NumCommodities; c++ {
			m.out.Price[p][c] = m.markets[p][c].price
		}
	}
	for gi := range m.groups {
		m.out.CouriersActive += len(m.groups[gi].idleCouriers)
		m.out.GroupCash += m.groups[gi].cash
	}
}

// handOver gives a load arriving at place p to the first receiving group
// still gathering a load of c (so loads complete and leave); failing that, to
// the active group holding least of c (a dissolved group's niche takes it
// only when every group there is dissolved). The receiving group pays the
// current price at p for it.
func (m *model) handOver(p int, c Commodity, g Grams) {
	rs := m.receivers[p][c]
	best := -1
	for _, r := range rs {
		gs := &m.groups[r]
		if gs.dissolved {
			continue
		}
		if gs.pendingRoute >= 0 && gs.pendingGood == c && gs.stock[c] < gs.pendingGrams {
			best = r
			break
		}
		if best < 0 || gs.stock[c] < m.groups[best].stock[c] {
			best = r
		}
	}
	if best < 0 {
		best = rs[0]
	}
	m.groups[best].stock[c] += g
	m.pay(best, cents(g.Kg()*m.price(p, c)))
}

// cents converts US dollars to whole cents.
func cents(usd float64) int64 { return int64(math.Round(usd * 100)) }

// pay takes a payment from group gi's cash.
func (m *model) pay(gi int, c int64) {
	m.groups[gi].cash -= c
	m.out.GroupPayments += c
}

// earn adds income to group gi's cash.
func (m *model) earn(gi int, c int64) {
	m.groups[gi].cash += c
	m.out.GroupIncome += c
}
