package sim

import "math"

// dispatch lets group gi send up to its number of couriers off with loads
// today. For each load the group picks a route by expected profit and a load
// size for the route's mode, then gathers stock until the load is complete;
// a load being gathered keeps its route and size until it leaves.
func (m *model) dispatch(gi int, month int) {
	g := &m.groups[gi]
	if m.day < g.disruptedUntil || g.dissolved {
		return
	}
	pop := &m.world.Groups[g.pop]
	for k := 0; k < pop.Couriers; k++ {
		// Security costs efficiency: a cohesive group, with fewer contacts,
		// lets some chances to send a load pass (slower handovers).
		if pop.Cohesion > 0 && m.shipRNG.Float64() < m.params.Groups.SecurityCost*pop.Cohesion {
			continue
		}
		if g.pendingRoute < 0 {
			c, ok := m.largestStock(g)
			if !ok {
				return
			}
			r := m.chooseRoute(gi, c, month)
			if r < 0 {
				return
			}
			g.pendingRoute, g.pendingGood = r, c
			g.pendingGrams = m.loadSize(pop, m.world.Routes[g.pop][r].Mode, c)
		}
		r, c := g.pendingRoute, g.pendingGood
		if g.stock[c] < g.pendingGrams || !m.routeOpen(g.pop, r, c, month) {
			return
		}
		grams := g.pendingGrams
		g.stock[c] -= grams
		g.lastRoute = r
		g.pendingRoute = -1
		m.startTrip(gi, r, c, grams)
	}
}

// largestStock returns the commodity the group holds most of, if any.
func (m *model) largestStock(g *group) (Commodity, bool) {
	best, bestG := Commodity(0), Grams(0)
	for c := Commodity(0); c < NumCommodities; c++ {
		if g.stock[c] > bestG {
			best, bestG = c, g.stock[c]
		}
	}
	return best, bestG > 0
}

// loadSize draws the size of a load by mode m for group population pop.
// Opiate loads are uniform on the load range; precursor loads are uniform
// within ±50% of the mode's typical precursor load (loadRange).
func (m *model) loadSize(pop *Group, mode Mode, c Commodity) Grams {
	lo, hi := m.loadRange(pop, mode, c)
	return max(KgToGrams(lo+(hi-lo)*m.shipRNG.Float64()), 1)
}

// meanLoad is the load a group expects to send by mode m.
func (m *model) meanLoad(pop *Group, mode Mode, c Commodity) float64 {
	lo, hi := m.loadRange(pop, mode, c)
	return (lo + hi) / 2
}

// loadRange is the range of load sizes, kg, of a group sending c by mode m:
// the mode's opiate range [min, max] or precursor range [0.5, 1.5]·typical,
// capped by the group's largest load when it has one (cap < max: the range
// becomes [min(min, cap/2), cap]).
func (m *model) loadRange(pop *Group, mode Mode, c Commodity) (lo, hi float64) {
	mp := &m.params.Modes[mode]
	lo, hi = mp.MinLoadKg, mp.MaxLoadKg
	if c == Precursor {
		lo, hi = 0.5*mp.PrecursorLoadKg, 1.5*mp.PrecursorLoadKg
	}
	if pop.MaxLoadKg > 0 && pop.MaxLoadKg < hi {
		hi = pop.MaxLoadKg
		lo = math.Min(lo, hi/2)
	}
	return lo, hi
}

// routeOpen reports whether route ri of population pop can be used for a
// load of c in this month: its mode can carry c and the route is open then
// (routeMonths).
func (m *model) routeOpen(pop, ri int, c Commodity, month int) bool {
	r := &m.routeRuns[pop][ri]
	return r.months.Has(month) && m.params.Modes[r.mode].CanCarry(c)
}

// routeMonths is the set of months in which route r can be used: its mode
// is in season, every segment is passable, and no post on it is out of
// season. It never changes during a run, so newModel computes it once.
func (m *model) routeMonths(r *Route) Months {
	var open Months
	for month := 1; month <= 12; month++ {
		ok := m.params.Modes[r.Mode].Months.Has(month)
		for _, si := range r.Segs {
			ok = ok && m.world.Segments[si].OpenMonths.Has(month)
		}
		for _, p := range r.Path {
			switch m.world.Places[p].Traits.Schedule {
			case Kulma:
				ok = ok && month >= 5 && month <= 11
			case Closed: // only on a route an event opens later (UnionRoutes)
				ok = false
			}
		}
		if ok {
			open |= 1 << (month - 1)
		}
	}
	if open == 0 {
		return noMonths
	}
	return open
}

// noMonths is a set that has no month (the zero Months means every month).
const noMonths Months = 1 << 15

// chooseRoute picks a route for a load of c by multinomial logit over the
// expected profit of the load the group could send now, at this month's
// prices (market.go). For each open route r
// to a destination where c is worth more than here, with q_r kg the smaller
// of the mode's mean load and the stock, and b_r the believed loss probability:
//
//	E_r = q_r·(price_dest - price_origin) - cost_r - b_r·q_r·price_dest
//	cost_r = costPerTrip + costPerKm·km / condition
//	u_r = E_r / max_r q_r·price_dest + stickiness·[r was used last]
//	P(r) = exp(u_r/τ) / Σ exp(u_j/τ)
//
// With little stock this compares profit per kg; with plenty, per trip.
//
// It returns -1 when no route is open.
func (m *model) chooseRoute(gi int, c Commodity, month int) int {
	g := &m.groups[gi]
	pop := &m.world.Groups[g.pop]
	routes := m.world.Routes[g.pop]
	origin := pop.Origin
	pOrigin := m.price(origin, c)
	ap := &m.params.Adaptation
	u := m.utility[:len(routes)]
	scale := 0.0
	found := false
	stock := g.stock[c].Kg()
	run := m.routeRuns[g.pop]
	for ri := range routes {
		r := &routes[ri]
		u[ri] = math.Inf(-1)
		pDest := m.price(r.Dest, c)
		if !r.For.Carries(c) || pDest <= pOrigin || !m.routeOpen(g.pop, ri, c, month) {
			continue
		}
		q := run[ri].mean[c]
		if stock < q {
			q = stock
		}
		u[ri] = q*(pDest-pOrigin) - run[ri].cost - m.believedLoss(g, pop, ri, c)*q*pDest
		if v := q * pDest; v > scale {
			scale = v
		}
		found = true
	}
	if !found {
		return -1
	}
	maxU := math.Inf(-1)
	for ri := range u {
		if math.IsInf(u[ri], -1) {
			continue
		}
		u[ri] /= scale
		if ri == g.lastRoute {
			u[ri] += ap.Stickiness + m.params.Groups.Stick*pop.Specialisation
		}
		if u[ri] > maxU {
			maxU = u[ri]
		}
	}
	total := 0.0
	for ri := range u {
		if math.IsInf(u[ri], -1) {
			u[ri] = 0
			continue
		}
		u[ri] = math.Exp((u[ri] - maxU) / ap.Temperature)
		total += u[ri]
	}
	x := m.shipRNG.Float64() * total
	last := -1
	for ri := range u {
		if u[ri] == 0 {
			continue
		}
		last = ri
		x -= u[ri]
		if x < 0 {
			return ri
		}
	}
	return last
}

// tripCost is the transport cost of one trip on r:
//
//	cost = costPerTrip + costPerKm · Σ km_s / condition_s
//
// (condition floored at 0.2: a track costs at most five times a good road).
func (m *model) tripCost(r *Route) float64 {
	mp := &m.params.Modes[r.Mode]
	cost := mp.CostPerTrip
	for _, si := range r.Segs {
		seg := &m.world.Segments[si]
		cost += mp.CostPerKm * seg.Km / math.Max(seg.Condition, 0.2)
	}
	return cost
}

// learn updates the groups' beliefs after a trip on route r of group gi ended
// (lost = seized). The group itself moves its belief toward the outcome at
// its adaptation speed α:
//
//	b_r ← b_r + α·(lost - b_r)
//
// Every other group of the same population hears of a loss with probability
// othersWeight and then moves its belief toward 1 at the same speed.
func (m *model) learn(gi, r int, lost bool) {
	g := &m.groups[gi]
	pop := &m.world.Groups[g.pop]
	alpha := pop.AdaptationSpeed
	x := 0.0
	if lost {
		x = 1
	}
	g.belief[r] += alpha * (x - g.belief[r])
	if !lost {
		return
	}
	w := m.params.Adaptation.OthersWeight
	for oi := range m.groups {
		o := &m.groups[oi]
		if oi == gi || o.pop != g.pop {
			continue
		}
		if m.beliefRNG.Float64() < w {
			o.belief[r] += alpha * (1 - o.belief[r])
		}
	}
}
