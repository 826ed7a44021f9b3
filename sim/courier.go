package sim

import "math"

// courier is the person contracted to move one load. Couriers are
// contracted per delivery; professional groups rehire the same people, so
// their couriers know the patrols better and are dearer to turn.
type courier struct {
	concealment float64 // 0..1: how well the load is hidden or mis-declared
	armed       bool
	cash        float64 // USD on hand for bribes
	knowledge   float64 // 0..1: of patrol patterns
	loyalty     float64 // 0..1: chance of not talking after an arrest
}

// trip is a load on the road.
type trip struct {
	group     int
	route     int
	commodity Commodity
	grams     Grams
	pos       int     // index in the route's path of the last place reached
	t         float64 // hour at which the load reaches Path[pos+1]
	value     float64 // USD value at origin
	escorted  bool    // under convoy escort from a crossing to the next post
	tipAt     int32   // place whose unit was tipped off and waits to seize the load; -1: none
	follow    int8    // 1 + the agency following the load to its receivers; 0: none
	retained  bool    // carried by one of the group's retained couriers (else contracted for this load)
	exp       float64 // the courier's experience (0..1) when he set out
	courier   courier
}

// startTrip hires a courier (profile.go: retained or contracted) and puts a
// load on the road. A group's concealment effort grows with purity and
// distance, and a retained courier adds what he has learnt (assumption):
//
//	concealment = investment · purity · (0.5 + 0.5·min(1, km/1000)) + 0.2·experience
//
// with purity 1 for heroin and the precursor (forged papers), 0.5 for opium.
// Patrol knowledge is the larger of his experience and a uniform draw on
// [0, professionalization]; loyalty rises from the population's base toward
// 1 by the larger of his experience and half the professionalization (a
// career courier is dearer to turn). The group pays the trip's cost and the
// courier's fee, which rises with his experience (careerFee).
func (s *state) startTrip(gi, r int, c Commodity, g Grams) {
	gs := &s.groups[gi]
	pop := &s.w.Groups[gs.pop]
	route := &s.w.Routes[gs.pop][r]
	purity := 1.0
	if c == Opium {
		purity = 0.5
	}
	value := g.Kg() * s.price(pop.Origin, c)
	retained, exp := s.hire(gi)
	if retained {
		s.out.CareerTrips++
	}
	tr := trip{
		group:     gi,
		route:     r,
		commodity: c,
		grams:     g,
		tipAt:     -1,
		retained:  retained,
		exp:       exp,
		t:         float64(s.day*24) + 6 + 12*s.ship.Float64(), // departs between 06:00 and 18:00
		value:     value,
		courier: courier{
			concealment: clamp(pop.Concealment*purity*(0.5+0.5*math.Min(1, route.Km/1000))+0.2*exp, 0, 1),
			armed:       s.ship.Float64() < pop.Armed,
			cash:        pop.Cash * value,
			knowledge:   math.Max(exp, pop.Professionalization*s.ship.Float64()),
			loyalty:     pop.CourierLoyalty + (1-pop.CourierLoyalty)*math.Max(exp, 0.5*pop.Professionalization),
		},
	}
	// The group pays the trip: transport and the courier's fee, dearer for
	// an experienced retained courier.
	fee := s.routes[gs.pop][r].cost + s.p.Groups.CareerFee*exp*s.p.Modes[route.Mode].CostPerTrip
	s.pay(gi, cents(fee))
	s.out.Trips++
	s.tipOff(&tr, route)
	if route.Mode == Air && s.airportCheck(&tr, pop.Origin) {
		s.tally(&tr, true)
		return
	}
	tr.t += s.legHours(route, 0)
	s.trips = append(s.trips, tr)
}

// legHours is the travel time over the route's segment i this month: the
// segment's hours, multiplied by its winter slowdown December–March.
func (s *state) legHours(r *Route, i int) float64 {
	seg := &s.w.Segments[r.Segs[i]]
	h := seg.Hours
	if seg.WinterSlowdown > 1 && isWinter(Month(s.day)) {
		h *= seg.WinterSlowdown
	}
	return h
}

// advanceTrips moves every load on the road up to the end of the day, in the
// order the loads were dispatched, resolving each place it reaches.
func (s *state) advanceTrips(month int) {
	end := float64((s.day + 1) * 24)
	kept := s.trips[:0]
	for i := range s.trips {
		tr := s.trips[i]
		if s.move(&tr, month, end) {
			kept = append(kept, tr)
		}
	}
	s.trips = kept
}

// move advances one load until the day ends, it is seized, or it arrives.
// It reports whether the load is still on the road.
func (s *state) move(tr *trip, month int, end float64) bool {
	gs := &s.groups[tr.group]
	route := &s.w.Routes[gs.pop][tr.route]
	for tr.t < end {
		from, at := route.Path[tr.pos], route.Path[tr.pos+1]
		place := &s.w.Places[at]
		if place.Roles.IsPost() && place.Traits.Schedule != Always {
			outbound := tr.pos+2 < len(route.Path) && s.w.Places[route.Path[tr.pos+2]].Country == place.Border
			open := NextOpen(place.Traits.Schedule, tr.t, outbound)
			if open > tr.t {
				tr.t = open // wait at the gate
				continue
			}
		}
		s.traverse(route.Segs[tr.pos], from, at, route.Mode, tr)
		if s.encounter(tr, at, route, month) {
			s.tally(tr, true)
			s.learn(tr.group, tr.route, true)
			return false
		}
		tr.pos++
		if at == route.Dest {
			if tr.follow > 0 && s.followed(tr, at, route.Mode) {
				s.tally(tr, true)
				s.learn(tr.group, tr.route, true)
				return false
			}
			s.tally(tr, false)
			s.arrive(tr, at)
			s.learn(tr.group, tr.route, false)
			return false
		}
		tr.t += s.legHours(route, tr.pos)
	}
	return true
}

// traverse records a load moving by mode m over segment si from place a to place b.
func (s *state) traverse(si, a, b int, m Mode, tr *trip) {
	d := 0
	if s.w.Segments[si].From != a {
		d = 1
	}
	s.out.SegmentFlow[si][d][m][tr.commodity] += tr.grams
	if ka, kb := s.w.PlaceCountry[a], s.w.PlaceCountry[b]; ka != kb {
		s.out.Entered[kb][tr.commodity] += tr.grams
		s.mo.EnteredIn[kb][tr.commodity] += tr.grams
	}
}

// arrive ends a trip at its destination, where the load is sold at the
// month's price: a share of opiates goes to the local retail market (a
// share that answers price, retailShare), the rest leaves the chain (exit,
// final market, lab) or is handed to the next group. At final markets the
// delivered quantity does not answer price (assumption, docs/MODEL.md §3.12).
func (s *state) arrive(tr *trip, p int) {
	c, g := tr.commodity, tr.grams
	place := &s.w.Places[p]
	s.courierBack(tr, true)
	s.earn(tr.group, cents(g.Kg()*s.price(p, c)))
	s.out.ArrivedAt[p][c] += g
	s.sold(p, c, g)
	if c.IsOpiate() && place.RetailShare > 0 && !s.w.isFinal(p, c) {
		kept := Grams(math.Round(float64(g) * s.retailShare(p, c)))
		s.out.Retained[c] += kept
		s.mo.Retained[c] += kept
		s.out.RetainedIn[s.w.PlaceCountry[p]][c] += kept
		g -= kept
	}
	if g <= 0 {
		return
	}
	if s.w.isFinal(p, c) {
		s.out.Delivered[c] += g
		s.mo.Delivered[c] += g
		s.out.DeliveredAt[p][c] += g
		if c == Precursor {
			s.deliverPrecursor(p, g)
		}
		return
	}
	s.handOver(p, c, g)
}
