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
func (s *state) hasArrangement(gi, p int) bool {
	for _, a := range s.groups[gi].arrangements {
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
func (s *state) mayArrange(gi, p int) {
	pop := &s.w.Groups[s.groups[gi].pop]
	if pop.StandingCorruption <= 0 || s.hasArrangement(gi, p) {
		return
	}
	if s.corr.Float64() < s.p.Enforcement.FormRate*pop.StandingCorruption*s.units[p].corruption {
		g := &s.groups[gi]
		g.arrangements = append(g.arrangements, int32(p))
		s.out.Arrangements++
	}
}

// breakArrangement ends group gi's arrangement with the unit at p, if any.
func (s *state) breakArrangement(gi, p int) {
	g := &s.groups[gi]
	for i, a := range g.arrangements {
		if int(a) == p {
			g.arrangements = append(g.arrangements[:i], g.arrangements[i+1:]...)
			s.out.ArrangementsBroken++
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
func (s *state) keepArrangements() {
	ep := &s.p.Enforcement
	for gi := range s.groups {
		g := &s.groups[gi]
		kept := g.arrangements[:0]
		for _, a := range g.arrangements {
			t := &s.w.Places[a].Traits
			if s.corr.Float64() < ep.Rotation+ep.Investigation*t.AntiCorruption {
				s.out.ArrangementsBroken++
				continue
			}
			kept = append(kept, a)
			s.payStanding(gi, s.p.Bribes.StandingFeeUSD)
			s.out.ArrangementMonths++
		}
		g.arrangements = kept
	}
}

func (s *state) payStanding(gi int, usd float64) {
	s.out.BribesUSD += usd
	s.mo.BribesUSD += usd
	s.out.StandingUSD += usd
	s.out.Bribes++
	s.pay(gi, cents(usd))
}
