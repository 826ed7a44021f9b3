package sim

// Corruption as a relationship (issue #11; brief §3, §6: professional
// groups invest in corruption as a standing arrangement instead of ad-hoc
// bribes): a group may hold an arrangement with a unit, paid monthly, under
// which the unit searches that group's loads far less; arrangements form
// when the group's loads pass a corrupt unit, and break with a rotation of
// officers, an anti-corruption investigation, or a seizure the unit cannot
// hide. Ad-hoc bribes at an inspection are in encounter.go.

// hasArrangement reports whether the group holds an arrangement with the
// unit at place p.
func (g *group) hasArrangement(p int) bool {
	for _, a := range g.arrangements {
		if int(a) == p {
			return true
		}
	}
	return false
}

// mayArrange lets group gi form an arrangement with the unit at post p after
// one of its loads passed, with
//
//	P(form) = formRate · standingCorruption(group) · c_eff(unit)
func (m *model) mayArrange(gi, p int) {
	pop := &m.world.Populations[m.groups[gi].pop]
	if pop.StandingCorruption <= 0 || m.groups[gi].hasArrangement(p) {
		return
	}
	if m.corruptionRNG.Float64() < m.params.Enforcement.FormRate*pop.StandingCorruption*m.units[p].corruptionEff {
		g := &m.groups[gi]
		g.arrangements = append(g.arrangements, int32(p))
		m.ledger.arranged()
	}
}

// breakArrangement ends group gi's arrangement with the unit at p, if any.
func (m *model) breakArrangement(gi, p int) {
	g := &m.groups[gi]
	for i, a := range g.arrangements {
		if int(a) == p {
			g.arrangements = append(g.arrangements[:i], g.arrangements[i+1:]...)
			m.ledger.arrangementBroken()
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
				m.ledger.arrangementBroken()
				continue
			}
			kept = append(kept, a)
			fee := m.params.Bribes.StandingFeeUSD
			m.ledger.arrangementKept(fee)
			m.pay(gi, cents(fee))
		}
		g.arrangements = kept
	}
}

// halted reports whether pressure halts an investigation of group gi by
// agency a: a raid on its load, the arrests that end a controlled delivery,
// an organiser named by a courier who talks (brief §9, Townsend:
// operational officers report "pressure to halt an investigation"; "the
// nodes of trafficking networks are protected by surrounding webs of
// corruption"). Only a group that holds a standing arrangement with a unit
// of that agency can bring the pressure (assumption), with
//
//	P(halt) = halt · max over its arrangements with units of agency a of c_eff(unit)
//
// so anti-corruption, which lowers c_eff and breaks arrangements, also
// frees investigations.
func (m *model) halted(gi, a int) bool {
	if a < 0 {
		return false
	}
	worst := 0.0
	for _, p := range m.groups[gi].arrangements {
		if u := &m.units[p]; u.agency == a && u.corruptionEff > worst {
			worst = u.corruptionEff
		}
	}
	if worst == 0 || m.corruptionRNG.Float64() >= m.params.Enforcement.Halt*worst {
		return false
	}
	m.ledger.halted()
	return true
}
