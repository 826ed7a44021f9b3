package sim

// encounter resolves a load reaching place p: a patrol on a border section, a
// search at a post, or a police operation at the destination hub. It reports
// whether the load was seized. The probabilities are in interdiction.go.
func (s *state) encounter(tr *trip, p int, route *Route, month int) bool {
	place := &s.w.Places[p]
	switch {
	case place.Roles.Has(BorderSection):
		return s.patrol(tr, p, month)
	case place.Roles.IsPost():
		return s.inspect(tr, p, route.Mode, month)
	case p == route.Dest && place.Roles.Has(Stash) && tr.commodity.IsOpiate():
		return s.raid(tr, p, route.Mode)
	}
	return false
}

func (s *state) cohesion(tr *trip) float64 {
	return s.w.Groups[s.groups[tr.group].pop].Professionalization
}

// patrol: a border section. A sighted courier is always parted from the load;
// with the mode's escape probability (higher when armed: assumption +0.1) he
// gets away, on a river by dumping the load: a seizure without an arrest.
func (s *state) patrol(tr *trip, p int, month int) bool {
	u := &s.units[p]
	ip := &s.p.Interdiction
	s.out.Encounters++
	tipped := s.enc.Float64() < tipProb(u, ip, tr.commodity, s.cohesion(tr))
	if s.enc.Float64() >= spotProb(u, ip, tr.courier.knowledge, tipped) {
		return false
	}
	m := s.w.Routes[s.groups[tr.group].pop][tr.route].Mode
	escape := s.p.Modes[m].EscapeProb
	if tr.courier.armed {
		escape += 0.1
	}
	arrested := s.enc.Float64() >= escape
	s.seize(tr, p, m, Patrol, arrested)
	return true
}

// inspect: an official crossing or an internal checkpoint. In order: a tip
// (search, and no bribe works); roadside extortion; a standing arrangement
// that waves the load through; the scanner every vehicle passes; a random
// search with dogs, manual search, or for precursors recognition and test
// kits; and finally a bribe once something is found. A crossing with convoy
// escort sends that share of trucks under escort to the next post (the
// inland terminal: brief, Torugart-Naryn), where they are searched for certain
// and no standing arrangement applies (assumption).
func (s *state) inspect(tr *trip, p int, m Mode, month int) bool {
	place := &s.w.Places[p]
	t := &place.Traits
	u := &s.units[p]
	ip := &s.p.Interdiction
	bp := &s.p.Bribes
	pop := &s.w.Groups[s.groups[tr.group].pop]
	c := tr.commodity
	s.out.Encounters++

	if s.enc.Float64() < tipProb(u, ip, c, pop.Professionalization) {
		if s.enc.Float64() < ip.TipDetection {
			s.seize(tr, p, m, Intelligence, s.enc.Float64() >= s.p.Modes[m].EscapeProb)
			return true
		}
		return false
	}
	// A truck escorted from a crossing is cleared here under escort: searched,
	// with no chance to arrange a wave-through on the way.
	escorted := tr.escorted
	tr.escorted = m == Truck && t.ConvoyEscort > 0 && place.Roles.Has(Crossing) && s.enc.Float64() < t.ConvoyEscort
	if m.IsVehicle() && s.enc.Float64() < u.corruption*bp.ExtortionRate {
		s.pay(bp.ExtortionUSD)
	}
	if !escorted && pop.StandingCorruption > 0 && s.enc.Float64() < pop.StandingCorruption*u.corruption {
		s.pay(bp.StandingFeeUSD)
		return false
	}

	method, found := Method(0), false
	if sp := scanProb(t.Scanner, ip, c, m, tr.grams, tr.courier.concealment); sp > 0 && s.enc.Float64() < sp {
		method, found = Scanner, true
	} else if escorted || s.enc.Float64() < inspectProb(u, t, ip, m, month, pop.Professionalization) {
		method, found = s.search(tr, p, m, month)
	}
	if !found {
		return false
	}
	bribe := min(tr.courier.cash, bp.ShareOfValue*tr.value)
	if s.enc.Float64() < bribeProb(u, t, bp, bribe) {
		s.pay(bribe)
		return false
	}
	s.seize(tr, p, m, method, s.enc.Float64() >= s.p.Modes[m].EscapeProb)
	return true
}

// search is a random search of a load; it returns how the load was found.
func (s *state) search(tr *trip, p int, m Mode, month int) (Method, bool) {
	t := &s.w.Places[p].Traits
	u := &s.units[p]
	ip := &s.p.Interdiction
	conceal := tr.courier.concealment
	if tr.commodity == Precursor {
		recognise, kit := precursorProbs(u, t, ip, conceal)
		if s.enc.Float64() < kit {
			return TestKit, true
		}
		if s.enc.Float64() < recognise {
			return Manual, true
		}
		return 0, false
	}
	if s.enc.Float64() < dogProb(t, ip, tr.commodity, m, month, conceal) {
		return Dogs, true
	}
	if s.enc.Float64() < manualProb(u, ip, conceal) {
		return Manual, true
	}
	return 0, false
}

// raid: a police operation at the destination hub, fed by informants
// (opiates only: assumption, inland drug police pursue narcotics):
//
//	P(raid) = raidRate · (1 - cohesion)
func (s *state) raid(tr *trip, p int, m Mode) bool {
	u := &s.units[p]
	if u.raid <= 0 {
		return false
	}
	s.out.Encounters++
	if s.enc.Float64() >= u.raid*(1-s.cohesion(tr)) {
		return false
	}
	s.seize(tr, p, m, Raid, true)
	return true
}

// airportCheck: an air courier is profiled at the departure airport. It
// reports whether the load was seized.
func (s *state) airportCheck(tr *trip, p int) bool {
	u := &s.units[p]
	if u.airport <= 0 {
		return false
	}
	s.out.Encounters++
	if s.enc.Float64() >= u.airport*(1-s.p.Interdiction.ProfessionalEvasion*s.cohesion(tr)) {
		return false
	}
	s.seize(tr, p, Air, Manual, true)
	return true
}

func (s *state) pay(usd float64) {
	s.out.BribesUSD += usd
	s.out.Bribes++
}

// seize records a seizure. An arrested courier talks unless loyal; talk leads
// to an organiser with a chance falling with the group's cohesion:
//
//	P(organiser) = (1 - loyalty) · organiserLink · (1 - cohesion)
//
// and the group stops dispatching for the disruption period (node dependence).
func (s *state) seize(tr *trip, p int, m Mode, method Method, arrested bool) {
	s.out.Seized[tr.commodity] += tr.grams
	s.out.Seizures = append(s.out.Seizures, Seizure{
		Day: s.day, Place: p, Commodity: tr.commodity, Mode: m, Method: method, Grams: tr.grams, Arrest: arrested,
	})
	if !arrested {
		return
	}
	s.out.CourierArrests++
	ap := &s.p.Adaptation
	if s.enc.Float64() < (1-tr.courier.loyalty)*ap.OrganiserLink*(1-s.cohesion(tr)) {
		s.out.OrganiserArrests++
		s.groups[tr.group].disruptedUntil = s.day + ap.DisruptionDays
	}
}
