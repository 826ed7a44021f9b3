package sim

import "math"

// Professionalization as a profile (issue #12; brief §3, §6: groups become
// smaller, more cohesive and more professional, harder to infiltrate, with
// fewer contacts to observe; they invest in standing corruption instead of
// ad-hoc bribes, contract couriers repeatedly, and their flows drop when
// particular professionals are arrested). Each dimension is a field of
// Group that a scenario can set and a sweep can vary; Profile maps the single
// number professionalization onto them.

// Profile is the professionalization profile of a group population.
type Profile struct {
	Cohesion           float64
	Retention          float64
	CounterIntel       float64
	Planning           float64
	Specialisation     float64
	Concealment        float64
	StandingCorruption float64
	Organisers         int
}

// ProfileOf returns the profile that professionalization p implies
// (assumption: the sources describe directions, not functions, so the
// simplest monotone ones):
//
//	cohesion = retention = counter-intelligence = planning = specialisation = p
//	concealment = 0.2 + 0.6·p
//	standing corruption = p
//	organisers = 1 + round(2·(1 - p))      (3 in a loose group, 1 in a tight one)
func ProfileOf(p float64) Profile {
	return Profile{Cohesion: p, Retention: p, CounterIntel: p, Planning: p, Specialisation: p,
		Concealment: 0.2 + 0.6*p, StandingCorruption: p, Organisers: 1 + int(math.Round(2*(1-p)))}
}

// A retained courier is a career courier (brief §3: couriers treat
// smuggling as a career and are contracted repeatedly): he learns with every
// load he delivers, and grows loyal and dear to turn. A group keeps the
// experience of those waiting for a load in its pool; one on the road
// carries his experience with the trip.

// hire picks the courier for a load of group gi: with the group's retention
// a retained courier (one waiting in its pool, else a new recruit while its
// retained couriers are fewer than its courier slots), otherwise one
// contracted for this delivery alone. It reports whether he is retained and
// his experience.
func (m *model) hire(gi int) (retained bool, exp float64) {
	g := &m.groups[gi]
	pop := &m.world.Groups[g.pop]
	if m.shipRNG.Float64() >= pop.Retention {
		m.out.CouriersHired++
		return false, 0
	}
	if n := len(g.idleCouriers); n > 0 {
		exp = g.idleCouriers[n-1]
		g.idleCouriers = g.idleCouriers[:n-1]
		g.onRoad++
		return true, exp
	}
	m.out.CouriersHired++
	if g.onRoad < pop.Couriers {
		g.onRoad++
		return true, 0
	}
	return false, 0
}

// courierBack ends a courier's trip: a retained courier returns to the pool,
// having learnt if the load arrived,
//
//	exp ← exp + learn·(1 - exp)
//
// and one contracted per delivery leaves the group.
func (m *model) courierBack(tr *trip, delivered bool) {
	if !tr.retained {
		m.out.CouriersRetired++
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
				m.out.CouriersRetired++
				continue
			}
			kept = append(kept, exp)
		}
		g.idleCouriers = kept
	}
}

// arrestOrganiser arrests an organiser of group gi, found by effort, and
// reports whether there was one (a dissolved group has none left).
func (m *model) arrestOrganiser(gi int, effort Effort) bool {
	if m.groups[gi].dissolved {
		return false
	}
	m.out.OrganiserArrests++
	m.mo.OrganiserArrests++
	m.out.EffortOrganisers[effort]++
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
		m.out.GroupsDisrupted++
		return
	}
	m.out.GroupsDissolved++
	g.disruptedUntil = m.day + m.params.Groups.RefillDays
	g.dissolved = true
	m.out.CouriersRetired += len(g.idleCouriers)
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
// delay has passed: new organisers, beliefs from the population's prior, no
// informant, no arrangements.
func (m *model) refill() {
	for gi := range m.groups {
		g := &m.groups[gi]
		if !g.dissolved || m.day < g.disruptedUntil {
			continue
		}
		pop := &m.world.Groups[g.pop]
		g.dissolved = false
		g.organisers = max(1, pop.Organisers)
		for r := range g.belief {
			g.belief[r] = m.params.Adaptation.PriorRisk
		}
		g.lastRoute = -1
		m.out.GroupsReplaced++
	}
}
