package sim

// Corruption as a relationship (issue #11; brief §3, §6: professional
// groups invest in corruption as a standing arrangement instead of ad-hoc
// bribes): a group may hold an arrangement with a unit, paid monthly, under
// which the unit searches that group's loads far less; arrangements form
// when the group's loads pass a corrupt unit, and break with a rotation of
// officers, an anti-corruption investigation, or a seizure the unit cannot
// hide. Ad-hoc bribes at an inspection are in guard.go.

// hasArrangement reports whether group gi holds an arrangement with the unit
// at place p.
func (m *model) hasArrangement(gi, p int) bool {
	for _, a := range m.groups[gi].arrangements {
		if int(a) == p {
			return true
		}
	}
	return false
}

// mayArrange lets group gi form an arrangement with the unit at post p after
// one of its loads passed, with
//
//	P(form) = formRate · standingCorruption(group) · corruption(unit)
func (m *model) mayArrange(gi, p int) {
	pop := &m.world.Groups[m.groups[gi].pop]
	if pop.StandingCorruption <= 0 || m.hasArrangement(gi, p) {
		return
	}
	if m.corruptionRNG.Float64() < m.params.Enforcement.FormRate*pop.StandingCorruption*m.units[p].corruption {
		g := &m.groups[gi]
		g.arrangements = append(g.arrangements, int32(p))
		m.out.Arrangements++
	}
}

// breakArrangement ends group gi's arrangement with the unit at p, if any.
func (m *model) breakArrangement(gi, p int) {
	g := &m.groups[gi]
	for i, a := range g.arrangements {
		if int(a) == p {
			g.arrangements = append(g.arrangements[:i], g.arrangements[i+1:]...)
			m.out.ArrangementsBroken++
			return
		}
	}
}

// keepArrangements runs at the start of every month: every arrangement is
// paid its monthly fee, and ends with
//
//	P(break) = rotation + investigation · antiCorruption(unit)
//
// (unannounced investigators, brief §5, act on the arrangements).
func (m *model) keepArrangements() {
	ep := &m.params.Enforcement
	for gi := range m.groups {
		g := &m.groups[gi]
		kept := g.arrangements[:0]
		for _, a := range g.arrangements {
			t := &m.world.Places[a].Traits
			if m.corruptionRNG.Float64() < ep.Rotation+ep.Investigation*t.AntiCorruption {
				m.out.ArrangementsBroken++
				continue
			}
			kept = append(kept, a)
			m.payStanding(gi, m.params.Bribes.StandingFeeUSD)
			m.out.ArrangementMonths++
		}
		g.arrangements = kept
	}
}

func (m *model) payStanding(gi int, usd float64) {
	m.out.BribesUSD += usd
	m.mo.BribesUSD += usd
	m.out.StandingUSD += usd
	m.out.Bribes++
	m.pay(gi, cents(usd))
}
