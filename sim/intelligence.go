package sim

import "math"

// Intelligence as a flow (issue #11; brief §8: informants matter more as
// groups professionalise, agencies protect sources badly, tips leak):
// agencies recruit informants inside groups with their informant money; an
// informant reports some of the loads his group sends; the tip reaches a
// unit on the load's route, which seizes the load there, or follows it to
// its receivers (a controlled delivery, as the Kazakh agencies report:
// brief §4, §8); a corrupt unit may leak the tip instead, and the informant
// is burnt.

// recruit runs at the start of every month. Each agency with informant money
// makes attempts = money/12/contactUSD recruitment attempts a month, spread
// evenly over the groups within its reach (a route of theirs passes through
// its country: the Afghan suppliers who cross into Tajikistan are within the
// Tajik agencies' reach); a group with no informant gets one with
//
//	P = 1 - (1 - recruit·(1 - recruitCohesion·cohesion))^attempts_per_group
//
// and an informant stops reporting with informantLoss a month. Cohesion
// makes a group harder to infiltrate, but not impossible: the sources see
// informants' value rising as groups professionalise ("the value of
// informants rises and therefore their handling by law enforcement is more
// crucial", Townsend, brief §8), which a group no informant could ever join
// would contradict (recruitCohesion < 1, assumption). Drug agencies recruit
// only in groups that carry opiates (assumption; brief §3: "precursor
// detection is not a priority").
func (m *model) recruit() {
	ep := &m.params.Enforcement
	for gi := range m.groups {
		g := &m.groups[gi]
		if g.informant > 0 && m.intelRNG.Float64() < ep.InformantLoss {
			g.informant = 0
		}
	}
	for a := range m.world.Agencies {
		ag := &m.world.Agencies[a]
		if ag.InformantUSD <= 0 || ep.ContactUSD <= 0 {
			continue
		}
		k := m.world.CountryIndex(ag.Country)
		n := 0
		for gi := range m.groups {
			if m.reaches(k, m.groups[gi].pop) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		attempts := ag.InformantUSD / 12 / ep.ContactUSD / float64(n)
		for gi := range m.groups {
			g := &m.groups[gi]
			pop := &m.world.Populations[g.pop]
			if g.informant > 0 || g.dissolved || !m.reaches(k, g.pop) {
				continue
			}
			p := 1 - math.Pow(1-ep.Recruit*(1-ep.RecruitCohesion*pop.Cohesion), attempts)
			if m.intelRNG.Float64() < p {
				g.informant = a + 1
			}
		}
	}
}

// reaches reports whether the agencies of country k can recruit in group
// population pop: it carries opiates and one of its routes passes through k
// (its origin, its destinations and every place between).
func (m *model) reaches(k, pop int) bool {
	if !m.world.Populations[pop].Product.CarriesOpiates() {
		return false
	}
	for ri := range m.world.Routes[pop] {
		for _, p := range m.world.Routes[pop][ri].Path {
			if m.world.PlaceCountry[p] == k {
				return true
			}
		}
	}
	return false
}

// tipOff runs when group gi sends a load: its informant, if it has one,
// reports the load with
//
//	P(report) = informantTip · (1 - tipCohesion·cohesion)
//
// (Townsend, brief §8: "collecting intelligence on the timing of their
// contact with opiate shipments is becoming more difficult"). The tip goes to the first unit on the
// route of the informant's agency (or, where the agency shares
// intelligence, of any agency that shares it: CARICC among its members,
// brief §8). A corrupt unit leaks it with leak·c_eff: the group is
// warned and the informant burnt. Otherwise the unit acts: it follows the
// load to its receivers with the agency's follow chance, or waits for it to
// seize it there.
func (m *model) tipOff(tr *trip, route *Route) {
	g := &m.groups[tr.group]
	if g.informant == 0 {
		return
	}
	ep := &m.params.Enforcement
	if m.intelRNG.Float64() >= ep.InformantTip*(1-ep.TipCohesion*m.world.Populations[g.pop].Cohesion) {
		return
	}
	m.ledger.tipReceived()
	a := g.informant - 1
	ag := &m.world.Agencies[a]
	at := -1
	for _, p := range route.Path[1:] {
		u := &m.units[p]
		if m.world.Places[p].Roles&(Crossing|Checkpoint|BorderSection|Stash) == 0 {
			continue
		}
		if u.agency == a || (ag.SharesIntel && u.agency >= 0 && m.world.Agencies[u.agency].SharesIntel) {
			at = p
			break
		}
	}
	if at < 0 {
		return // no unit of the agency on the route: the tip is of no use
	}
	if m.intelRNG.Float64() < m.params.Enforcement.Leak*m.units[at].corruptionEff {
		m.ledger.tipLeaked()
		g.informant = 0
		return
	}
	m.ledger.tipActed()
	if m.intelRNG.Float64() < ag.Follow {
		tr.followedBy = int8(a + 1)
		m.ledger.followed(m.world.CountryIndex(ag.Country))
		return
	}
	tr.tipAt = int32(at)
}

// followed resolves a controlled delivery when the load reaches its
// destination p: with followSuccess·(1 - intelCohesion·counter-intelligence) the load is
// seized there, its courier arrested, and an organiser of the sending group
// and of a receiving group arrested (group.go: each group is disrupted, or
// dissolved if it has no organiser left); otherwise the surveillance is
// spotted or lost and the load goes through. Counter-intelligence is a
// dimension of the group's profile (brief §6: organisers of professional
// groups are harder to identify). Pressure from a group with an arrangement
// with a unit of the following agency may halt it (halted): the load then
// goes through, or the receiving organiser is not arrested. It reports
// whether the load was seized.
func (m *model) followed(tr *trip, p int, mode Mode) bool {
	pop := &m.world.Populations[m.groups[tr.group].pop]
	if m.intelRNG.Float64() >= m.params.Enforcement.FollowSuccess*(1-m.params.Enforcement.IntelCohesion*pop.CounterIntel) {
		return false
	}
	a := int(tr.followedBy) - 1
	if m.halted(tr.group, a) {
		return false // called off under pressure: the load goes through
	}
	m.seize(tr, p, mode, Intelligence, EffortInformants, false, true)
	if m.arrestOrganiser(tr.group, EffortInformants) {
		m.ledger.followArrest()
	}
	if rs := m.receivers[p][tr.commodity]; len(rs) > 0 {
		r := rs[int(m.intelRNG.Uint64n(uint64(len(rs))))]
		if !m.halted(r, a) && m.arrestOrganiser(r, EffortInformants) {
			m.ledger.followArrest()
		}
	}
	return true
}
