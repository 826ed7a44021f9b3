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
func (s *state) hire(gi int) (retained bool, exp float64) {
	g := &s.groups[gi]
	pop := &s.w.Groups[g.pop]
	if s.ship.Float64() >= pop.Retention {
		s.out.CouriersHired++
		return false, 0
	}
	if n := len(g.pool); n > 0 {
		exp = g.pool[n-1]
		g.pool = g.pool[:n-1]
		g.onRoad++
		return true, exp
	}
	s.out.CouriersHired++
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
func (s *state) courierBack(tr *trip, delivered bool) {
	if !tr.retained {
		s.out.CouriersRetired++
		return
	}
	g := &s.groups[tr.group]
	g.onRoad--
	exp := tr.exp
	if delivered {
		exp += s.p.Groups.Learn * (1 - exp)
	}
	g.pool = append(g.pool, exp)
}

// courierArrested takes an arrested courier off his group's books.
func (s *state) courierArrested(tr *trip) {
	if tr.retained {
		s.groups[tr.group].onRoad--
	}
}

// retire runs monthly: retained couriers waiting for a load leave the trade
// with the retire rate.
func (s *state) retire() {
	for gi := range s.groups {
		g := &s.groups[gi]
		kept := g.pool[:0]
		for _, exp := range g.pool {
			if s.ship.Float64() < s.p.Groups.Retire {
				s.out.CouriersRetired++
				continue
			}
			kept = append(kept, exp)
		}
		g.pool = kept
	}
}

// arrestOrganiser arrests an organiser of group gi, found by effort, and
// reports whether there was one (a dissolved group has none left).
func (s *state) arrestOrganiser(gi int, effort Effort) bool {
	if s.groups[gi].dissolved {
		return false
	}
	s.out.OrganiserArrests++
	s.mo.OrganiserArrests++
	s.out.EffortOrganisers[effort]++
	s.organiserArrested(gi)
	return true
}

// organiserArrested removes an organiser from group gi: the group stops for
// the disruption period; with no organiser left it dissolves, and its niche
// is filled by a new group after refillDays (DTO resilience: Manzi &
// Calderoni's MADTOR; node dependence: brief §6). Its stock waits for the
// new group; its couriers and arrangements go.
func (s *state) organiserArrested(gi int) {
	g := &s.groups[gi]
	g.organisers--
	if g.organisers > 0 {
		g.disruptedUntil = s.day + s.p.Adaptation.DisruptionDays
		s.out.GroupsDisrupted++
		return
	}
	s.out.GroupsDissolved++
	g.disruptedUntil = s.day + s.p.Groups.RefillDays
	g.dissolved = true
	s.out.CouriersRetired += len(g.pool)
	g.pool = g.pool[:0]
	g.onRoad = 0
	for i := range s.trips { // couriers on the road finish as contract couriers
		if s.trips[i].group == gi {
			s.trips[i].retained = false
		}
	}
	g.informant = 0
	g.arrangements = g.arrangements[:0]
}

// refill brings dissolved groups back as new groups when their niche's
// delay has passed: new organisers, beliefs from the population's prior, no
// informant, no arrangements.
func (s *state) refill() {
	for gi := range s.groups {
		g := &s.groups[gi]
		if !g.dissolved || s.day < g.disruptedUntil {
			continue
		}
		pop := &s.w.Groups[g.pop]
		g.dissolved = false
		g.organisers = max(1, pop.Organisers)
		for r := range g.belief {
			g.belief[r] = s.p.Adaptation.PriorRisk
		}
		g.last = -1
		s.out.GroupsReplaced++
	}
}
