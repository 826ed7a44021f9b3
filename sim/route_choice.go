package sim

import "math"

// Route choice, the hot path of a run: a group with a load to send weighs
// each of its candidate routes by the profit it expects (chooseRoute), from
// what it knows of each route (routeRun, computed once per epoch), its
// beliefs of the route's risk (group.belief, learnt in group.go) and, as far
// as its planning reaches, the risk further down the handover chain
// (chainRisks).

// routeRun is what route choice needs of one route in one run: constant
// through an epoch, so computed once (measureRoutes).
type routeRun struct {
	mode   Mode
	months Months                  // months the route is open (routeMonths)
	cost   float64                 // transport cost of one trip (tripCost)
	mean   [NumCommodities]float64 // the load the group expects to send, kg (meanLoad)
	final  [NumCommodities]bool    // the destination ends the chain for this commodity
}

// measureRoutes works out, for every route, what route choice needs of it
// under the world and parameters in force.
func (m *model) measureRoutes() {
	w := m.world
	if m.routeRuns == nil {
		m.routeRuns = make([][]routeRun, len(w.Populations))
		for pi := range w.Populations {
			m.routeRuns[pi] = make([]routeRun, len(w.Routes[pi]))
		}
	}
	for pi := range w.Populations {
		for ri := range w.Routes[pi] {
			r := &w.Routes[pi][ri]
			rr := routeRun{mode: r.Mode, months: m.routeMonths(r), cost: m.tripCost(r)}
			for c := Commodity(0); c < NumCommodities; c++ {
				rr.mean[c] = m.meanLoad(&w.Populations[pi], r.Mode, c)
				rr.final[c] = w.isFinal(r.Dest, c)
			}
			m.routeRuns[pi][ri] = rr
		}
	}
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
// season. It never changes within an epoch, so measureRoutes computes it once.
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
	pop := &m.world.Populations[g.pop]
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

// Route choice that sees the chain (issue #12): a group weighs, beyond its
// own leg, the risk its load bears further down the handover chain, as far
// as its planning reaches, from what the groups it hands over to believe of
// their own routes.

// chainRisks runs at the start of every month. For each place p and
// commodity c, the risk a load handed over at p bears until it leaves the
// chain, as the groups receiving it there believe:
//
//	r_{p,c} = mean over the active groups g receiving c at p of 1 - (1 - b_g)·(1 - r_{d_g,c})
//
// where b_g is g's believed loss on its preferred route (the one it used
// last, else its least risky), and d_g that route's destination (r = 0
// where the chain ends). The chain is acyclic and short: ten passes settle it.
func (m *model) chainRisks() {
	for pass := 0; pass < 10; pass++ {
		for p := range m.receivers {
			for c := Commodity(0); c < NumCommodities; c++ {
				rs := m.receivers[p][c]
				if len(rs) == 0 {
					continue
				}
				sum, n := 0.0, 0
				for _, gi := range rs {
					g := &m.groups[gi]
					if g.dissolved {
						continue
					}
					ri := g.lastRoute
					if ri < 0 {
						ri = m.leastRisky(gi, c)
					}
					if ri < 0 {
						continue
					}
					r := &m.world.Routes[g.pop][ri]
					down := 0.0
					if !m.routeRuns[g.pop][ri].final[c] {
						down = m.downstreamRisk[r.Dest][c]
					}
					sum += 1 - (1-g.belief[ri])*(1-down)
					n++
				}
				if n > 0 {
					m.downstreamRisk[p][c] = sum / float64(n)
				}
			}
		}
	}
}

// leastRisky returns the route of group gi for commodity c it believes
// safest, or -1.
func (m *model) leastRisky(gi int, c Commodity) int {
	g := &m.groups[gi]
	best := -1
	for ri := range m.world.Routes[g.pop] {
		if !m.world.Routes[g.pop][ri].For.Carries(c) || m.routeRuns[g.pop][ri].months == noMonths {
			continue
		}
		if best < 0 || g.belief[ri] < g.belief[best] {
			best = ri
		}
	}
	return best
}

// believedLoss is group g's believed loss on route ri for a load of c: its
// own belief of the leg and, as far as its planning reaches, the risk down
// the chain beyond the destination:
//
//	b' = 1 - (1 - b_r)·(1 - planning·r_{dest,c})
func (m *model) believedLoss(g *group, pop *Population, ri int, c Commodity) float64 {
	b := g.belief[ri]
	if pop.Planning <= 0 || m.routeRuns[g.pop][ri].final[c] {
		return b
	}
	return 1 - (1-b)*(1-pop.Planning*m.downstreamRisk[m.world.Routes[g.pop][ri].Dest][c])
}
