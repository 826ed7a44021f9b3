package sim

import "math"

// A courier's trip: a group hires a courier (retained or contracted), puts
// a load on the road, and the load moves place by place, meeting the units
// on its way (encounter.go), until it is seized or arrives, where it is sold
// on, retailed or delivered.

// courier is the person moving one load. Couriers are contracted per
// delivery; professional groups rehire the same people, so their couriers
// know the patrols better and are dearer to turn.
type courier struct {
	concealment float64 // 0..1: how well the load is hidden or mis-declared
	armed       bool
	cash        float64 // USD on hand for bribes
	knowledge   float64 // 0..1: of patrol patterns
	loyalty     float64 // 0..1: chance of not talking after an arrest
}

// trip is a load on the road.
type trip struct {
	group      int // index of the sending group in model.groups
	route      int // index of its route among its population's
	commodity  Commodity
	grams      Grams
	reached    int     // index in the route's path of the last place reached
	hour       float64 // hour at which the load reaches Path[reached+1]
	valueUSD   float64 // USD value at origin
	escorted   bool    // under convoy escort from a crossing to the next post
	tipAt      int32   // place whose unit was tipped off and waits to seize the load; -1: none
	followedBy int8    // 1 + the agency following the load to its receivers; 0: none
	retained   bool    // carried by one of the group's retained couriers (else contracted for this load)
	experience float64 // the courier's experience (0..1) when he set out
	courier    courier
}

// startTrip hires a courier (hire: retained or contracted) and puts a load
// on the road. A group's concealment effort grows with purity and distance,
// and a retained courier adds what he has learnt (assumption):
//
//	concealment = investment · purity · (0.5 + 0.5·min(1, km/1000)) + 0.2·experience
//
// with purity 1 for heroin and the precursor (forged papers), 0.5 for opium.
// Patrol knowledge is the larger of his experience and a uniform draw on
// [0, professionalization]; loyalty rises from the population's base toward
// 1 by the larger of his experience and half the professionalization (a
// career courier is dearer to turn). The group pays the trip's cost and the
// courier's fee, which rises with his experience (careerFee). An informant
// in the group may report the load (tipOff); an air courier is checked at
// the departure airport.
func (m *model) startTrip(gi, r int, c Commodity, g Grams) {
	gs := &m.groups[gi]
	pop := &m.world.Populations[gs.pop]
	route := &m.world.Routes[gs.pop][r]
	purity := 1.0
	if c == Opium {
		purity = 0.5
	}
	value := g.Kg() * m.price(pop.Origin, c)
	retained, exp := m.hire(gi)
	tr := trip{ // the draws in this order
		group:      gi,
		route:      r,
		commodity:  c,
		grams:      g,
		tipAt:      -1,
		retained:   retained,
		experience: exp,
		hour:       float64(m.day*24) + 6 + 12*m.shipRNG.Float64(), // departs between 06:00 and 18:00
		valueUSD:   value,
		courier: courier{
			concealment: clamp(pop.Concealment*purity*(0.5+0.5*math.Min(1, route.Km/1000))+0.2*exp, 0, 1),
			armed:       m.shipRNG.Float64() < pop.Armed,
			cash:        pop.Cash * value,
			knowledge:   math.Max(exp, pop.Professionalization*m.shipRNG.Float64()),
			loyalty:     pop.CourierLoyalty + (1-pop.CourierLoyalty)*math.Max(exp, 0.5*pop.Professionalization),
		},
	}
	// The group pays the trip: transport and the courier's fee, dearer for
	// an experienced retained courier.
	fee := m.routeRuns[gs.pop][r].cost + m.params.Groups.CareerFee*exp*m.params.Modes[route.Mode].CostPerTrip
	m.pay(gi, cents(fee))
	m.ledger.dispatched(retained)
	m.tipOff(&tr, route)
	if route.Mode == Air && m.airportCheck(&tr, pop.Origin) {
		m.tally(&tr, true)
		return
	}
	tr.hour += m.legHours(route, 0)
	m.trips = append(m.trips, tr)
}

// legHours is the travel time over the route's segment i this month: the
// segment's hours, multiplied by its winter slowdown December–March.
func (m *model) legHours(r *Route, i int) float64 {
	seg := &m.world.Segments[r.Segs[i]]
	h := seg.Hours
	if seg.WinterSlowdown > 1 && isWinter(Month(m.day)) {
		h *= seg.WinterSlowdown
	}
	return h
}

// advanceTrips moves every load on the road up to the end of the day, in the
// order the loads were dispatched, resolving each place it reaches.
func (m *model) advanceTrips(month int) {
	end := float64((m.day + 1) * 24)
	kept := m.trips[:0]
	for i := range m.trips {
		tr := m.trips[i]
		if m.move(&tr, month, end) {
			kept = append(kept, tr)
		}
	}
	m.trips = kept
}

// move advances one load until the day ends, it is seized, or it arrives:
// it waits at a closed gate, crosses each segment, meets the unit at each
// place (encounter), and at its destination may be seized at the end of a
// controlled delivery (followed) before it arrives. Its group learns how the
// trip ended. It reports whether the load is still on the road.
func (m *model) move(tr *trip, month int, end float64) bool {
	gs := &m.groups[tr.group]
	route := &m.world.Routes[gs.pop][tr.route]
	for tr.hour < end {
		from, at := route.Path[tr.reached], route.Path[tr.reached+1]
		place := &m.world.Places[at]
		if place.Roles.IsPost() && place.Traits.Schedule != Always {
			outbound := tr.reached+2 < len(route.Path) && m.world.Places[route.Path[tr.reached+2]].Country == place.Border
			open := NextOpen(place.Traits.Schedule, tr.hour, outbound)
			if open > tr.hour {
				tr.hour = open // wait at the gate
				continue
			}
		}
		m.traverse(route.Segs[tr.reached], from, at, route.Mode, tr)
		if m.encounter(tr, at, route, month) {
			m.tally(tr, true)
			m.learn(tr.group, tr.route, true)
			return false
		}
		tr.reached++
		if at == route.Dest {
			if tr.followedBy > 0 && m.followed(tr, at, route.Mode) {
				m.tally(tr, true)
				m.learn(tr.group, tr.route, true)
				return false
			}
			m.tally(tr, false)
			m.arrive(tr, at)
			m.learn(tr.group, tr.route, false)
			return false
		}
		tr.hour += m.legHours(route, tr.reached)
	}
	return true
}

// traverse records the load of tr moving by mode over segment si from place
// a to place b.
func (m *model) traverse(si, a, b int, mode Mode, tr *trip) {
	dir := 0
	if m.world.Segments[si].From != a {
		dir = 1
	}
	m.ledger.traversed(si, dir, mode, tr.commodity, tr.grams, m.world.PlaceCountry[a], m.world.PlaceCountry[b])
}

// arrive ends a trip at its destination, where the load is sold at the
// month's price: a share of opiates goes to the local retail market (a
// share that answers price, retailShare), the rest leaves the chain (exit,
// final market, lab) or is handed to the next group. At final markets the
// delivered quantity does not answer price (assumption, docs/MODEL.md §3.3.10).
func (m *model) arrive(tr *trip, p int) {
	c, g := tr.commodity, tr.grams
	place := &m.world.Places[p]
	m.courierBack(tr, true)
	m.earn(tr.group, cents(g.Kg()*m.price(p, c)))
	m.ledger.arrived(p, c, g)
	m.sold(p, c, g)
	if c.IsOpiate() && place.RetailShare > 0 && !m.world.isFinal(p, c) {
		kept := Grams(math.Round(float64(g) * m.retailShare(p, c)))
		m.ledger.retained(m.world.PlaceCountry[p], c, kept)
		g -= kept
	}
	if g <= 0 {
		return
	}
	if m.world.isFinal(p, c) {
		m.ledger.delivered(p, c, g)
		if c == Precursor {
			m.deliverPrecursor(p, g)
		}
		return
	}
	m.handOver(p, c, g)
}

// A retained courier is a career courier (brief §3: couriers treat
// smuggling as a career and are contracted repeatedly): he learns with every
// load he delivers, and grows loyal and dear to turn. A group keeps the
// experience of those waiting for a load (group.idleCouriers); one on the
// road carries his experience with the trip.

// hire picks the courier for a load of group gi: with the group's retention
// a retained courier (one waiting for a load, else a new recruit while its
// retained couriers are fewer than its courier slots), otherwise one
// contracted for this delivery alone. It reports whether he is retained and
// his experience.
func (m *model) hire(gi int) (retained bool, exp float64) {
	g := &m.groups[gi]
	pop := &m.world.Populations[g.pop]
	if m.shipRNG.Float64() >= pop.Retention {
		m.ledger.hired()
		return false, 0
	}
	if n := len(g.idleCouriers); n > 0 {
		exp = g.idleCouriers[n-1]
		g.idleCouriers = g.idleCouriers[:n-1]
		g.onRoad++
		return true, exp
	}
	m.ledger.hired()
	if g.onRoad < pop.Couriers {
		g.onRoad++
		return true, 0
	}
	return false, 0
}

// courierBack ends a courier's trip: a retained courier goes back to wait
// for a load, having learnt if the load arrived,
//
//	exp ← exp + learn·(1 - exp)
//
// and one contracted per delivery leaves the trade.
func (m *model) courierBack(tr *trip, delivered bool) {
	if !tr.retained {
		m.ledger.couriersLeft(1)
		return
	}
	g := &m.groups[tr.group]
	g.onRoad--
	exp := tr.experience
	if delivered {
		exp += m.params.Groups.Learn * (1 - exp)
	}
	g.idleCouriers = append(g.idleCouriers, exp)
}

// courierArrested takes an arrested courier off his group's books.
func (m *model) courierArrested(tr *trip) {
	if tr.retained {
		m.groups[tr.group].onRoad--
	}
}

// retire runs monthly: retained couriers waiting for a load leave the trade
// with the retire rate.
func (m *model) retire() {
	for gi := range m.groups {
		g := &m.groups[gi]
		kept := g.idleCouriers[:0]
		for _, exp := range g.idleCouriers {
			if m.shipRNG.Float64() < m.params.Groups.Retire {
				m.ledger.couriersLeft(1)
				continue
			}
			kept = append(kept, exp)
		}
		g.idleCouriers = kept
	}
}
