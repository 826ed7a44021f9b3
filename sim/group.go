package sim

import "math"

// group is one trafficking group during a run: an agent of its population
// (World.Populations), with its stock, its beliefs of its routes, the load it is
// gathering, its organisers, its retained couriers, informants and standing
// arrangements, and its cash. How it chooses a route is in route_choice.go;
// its couriers' trips in trip.go.
type group struct {
	pop            int // index into World.Populations
	stock          [NumCommodities]Grams
	belief         []float64 // believed loss probability of each of the population's routes
	lastRoute      int       // route used last, -1 before the first trip
	pendingRoute   int       // route of the load being gathered, -1 when none
	pendingGrams   Grams     // size of the load being gathered
	pendingGood    Commodity // commodity of the load being gathered
	disruptedUntil int       // no dispatch before this day (an organiser was arrested)
	informant      int       // 1 + the index of the agency whose informant is in the group; 0: none
	arrangements   []int32   // places whose unit the group has a standing arrangement with (corruption.go)
	organisers     int       // organisers left
	dissolved      bool      // all organisers arrested: the niche waits for a new group
	idleCouriers   []float64 // experience of the retained couriers waiting for a load (trip.go)
	onRoad         int       // retained couriers on the road
	cash           int64     // cents: income from loads sold or handed on, less payments
}

// newGroup starts a group of population pi, which has routes candidate
// routes, believing each loses priorRisk of its loads.
func newGroup(pi int, pop *Population, routes int, priorRisk float64) group {
	g := group{pop: pi, lastRoute: -1, pendingRoute: -1, belief: make([]float64, routes),
		arrangements: make([]int32, 0, 4), organisers: max(1, pop.Organisers), idleCouriers: make([]float64, 0, pop.Couriers)}
	for r := range g.belief {
		g.belief[r] = priorRisk
	}
	return g
}

// dispatch lets group gi send up to its number of couriers off with loads
// today. For each load the group picks a route by expected profit
// (chooseRoute) and a load size for the route's mode, then gathers stock
// until the load is complete; a load being gathered keeps its route and size
// until it leaves.
func (m *model) dispatch(gi int, month int) {
	g := &m.groups[gi]
	if m.day < g.disruptedUntil || g.dissolved {
		return
	}
	pop := &m.world.Populations[g.pop]
	for k := 0; k < pop.Couriers; k++ {
		// Security costs efficiency: a cohesive group, with fewer contacts,
		// lets some chances to send a load pass (slower handovers).
		if pop.Cohesion > 0 && m.shipRNG.Float64() < m.params.Groups.SecurityCost*pop.Cohesion {
			continue
		}
		if g.pendingRoute < 0 {
			c, ok := g.largestStock()
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
func (g *group) largestStock() (Commodity, bool) {
	best, bestG := Commodity(0), Grams(0)
	for c := Commodity(0); c < NumCommodities; c++ {
		if g.stock[c] > bestG {
			best, bestG = c, g.stock[c]
		}
	}
	return best, bestG > 0
}

// loadSize draws the size of a load by mode for group population pop.
// Opiate loads are uniform on the load range; precursor loads are uniform
// within ±50% of the mode's typical precursor load (loadRange).
func (m *model) loadSize(pop *Population, mode Mode, c Commodity) Grams {
	lo, hi := m.loadRange(pop, mode, c)
	return max(KgToGrams(lo+(hi-lo)*m.shipRNG.Float64()), 1)
}

// meanLoad is the load a group expects to send by mode.
func (m *model) meanLoad(pop *Population, mode Mode, c Commodity) float64 {
	lo, hi := m.loadRange(pop, mode, c)
	return (lo + hi) / 2
}

// loadRange is the range of load sizes, kg, of a group sending c by mode:
// the mode's opiate range [min, max] or precursor range [0.5, 1.5]·typical,
// capped by the group's largest load when it has one (cap < max: the range
// becomes [min(min, cap/2), cap]).
func (m *model) loadRange(pop *Population, mode Mode, c Commodity) (lo, hi float64) {
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

// handOver gives a load of g grams of c arriving at place p to the groups
// that receive c there: first to those still gathering a load of c, each
// as much as completes its load, in order (so loads complete and leave);
// the rest to the active group holding least of c (a dissolved group's
// niche takes it only when every group there is dissolved). Each group pays
// the current price at p for what it takes. (A group gathering a small load,
// such as the air couriers' kilogram, takes what it needs, not a whole truck
// load it could never send on.)
func (m *model) handOver(p int, c Commodity, g Grams) {
	rs := m.receivers[p][c]
	price := m.price(p, c)
	least := -1
	for _, r := range rs {
		gs := &m.groups[r]
		if gs.dissolved {
			continue
		}
		if gs.pendingRoute >= 0 && gs.pendingGood == c && gs.stock[c] < gs.pendingGrams && g > 0 {
			take := min(g, gs.pendingGrams-gs.stock[c])
			m.receive(r, c, take, price)
			g -= take
		}
		if least < 0 || gs.stock[c] < m.groups[least].stock[c] {
			least = r
		}
	}
	if g <= 0 {
		return
	}
	if least < 0 {
		least = rs[0]
	}
	m.receive(least, c, g, price)
}

// receive adds g grams of c to group gi's stock, bought at price USD per kg.
func (m *model) receive(gi int, c Commodity, g Grams, price float64) {
	m.groups[gi].stock[c] += g
	m.pay(gi, cents(g.Kg()*price))
}

// pay takes a payment of c cents from group gi's cash.
func (m *model) pay(gi int, c int64) {
	m.groups[gi].cash -= c
	m.ledger.paid(c)
}

// earn adds income of c cents to group gi's cash.
func (m *model) earn(gi int, c int64) {
	m.groups[gi].cash += c
	m.ledger.earned(c)
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
	pop := &m.world.Populations[g.pop]
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

// arrestOrganiser arrests an organiser of group gi, found by effort, and
// reports whether there was one (a dissolved group has none left).
func (m *model) arrestOrganiser(gi int, effort Effort) bool {
	if m.groups[gi].dissolved {
		return false
	}
	m.ledger.organiserArrested(effort)
	m.organiserArrested(gi)
	return true
}

// organiserArrested removes an organiser from group gi: the group stops for
// the disruption period; with no organiser left it dissolves, and its niche
// is filled by a new group after refillDays (DTO resilience: Manzi &
// Calderoni's MADTOR; node dependence: brief §6). Its stock waits for the
// new group; its couriers and arrangements go.
func (m *model) organiserArrested(gi int) {
	g := &m.groups[gi]
	g.organisers--
	if g.organisers > 0 {
		g.disruptedUntil = m.day + m.params.Adaptation.DisruptionDays
		m.ledger.disrupted()
		return
	}
	m.ledger.dissolved()
	g.disruptedUntil = m.day + m.params.Groups.RefillDays
	g.dissolved = true
	m.ledger.couriersLeft(len(g.idleCouriers))
	g.idleCouriers = g.idleCouriers[:0]
	g.onRoad = 0
	for i := range m.trips { // couriers on the road finish as contract couriers
		if m.trips[i].group == gi {
			m.trips[i].retained = false
		}
	}
	g.informant = 0
	g.arrangements = g.arrangements[:0]
}

// refill brings dissolved groups back as new groups when their niche's
// delay has passed: new organisers, the milieu's beliefs (milieuBeliefs), no
// informant, no arrangements.
func (m *model) refill() {
	for gi := range m.groups {
		g := &m.groups[gi]
		if !g.dissolved || m.day < g.disruptedUntil {
			continue
		}
		pop := &m.world.Populations[g.pop]
		g.dissolved = false
		g.organisers = max(1, pop.Organisers)
		m.milieuBeliefs(gi)
		g.lastRoute = -1
		m.ledger.replaced()
	}
}

// milieuBeliefs gives a new group filling group gi's niche the beliefs of
// the milieu it joins: for each route, the mean belief of the population's
// other active groups, or the prior where none is left (assumption: the
// people who fill a niche know which routes have been losing loads; a new
// group does not have to learn the dangerous crossings by losing its own).
func (m *model) milieuBeliefs(gi int) {
	g := &m.groups[gi]
	n := 0
	for r := range g.belief {
		g.belief[r] = 0
	}
	for oi := range m.groups {
		o := &m.groups[oi]
		if oi == gi || o.pop != g.pop || o.dissolved {
			continue
		}
		n++
		for r := range g.belief {
			g.belief[r] += o.belief[r]
		}
	}
	for r := range g.belief {
		if n == 0 {
			g.belief[r] = m.params.Adaptation.PriorRisk
		} else {
			g.belief[r] /= float64(n)
		}
	}
}
