package sim

// encounter resolves a load reaching place p: a patrol on a border section, a
// search at a post, or a police operation at the destination hub. It reports
// whether the load was seized. The probabilities are in interdiction.go;
// every rate is lifted by the effort the unit has moved to its method
// (agency.go). A load followed in a controlled delivery passes the units of
// the agency that follows it.
func (s *state) encounter(tr *trip, p int, route *Route, month int) bool {
	place := &s.w.Places[p]
	if tr.follow > 0 && s.units[p].agency == int(tr.follow-1) {
		return false
	}
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
	return s.w.Groups[s.groups[tr.group].pop].Cohesion
}

// patrol: a border section. A sighted courier is always parted from the load;
// with the mode's escape probability (higher when armed: assumption +0.1) he
// gets away, on a river by dumping the load: a seizure without an arrest.
// The sighting chance is lifted by patrol effort and by mobile officers
// (assumption: ten mobile officers double a stretch's patrols):
//
//	spot' = spot · lift_patrol · (1 + mobile/10)
func (s *state) patrol(tr *trip, p int, month int) bool {
	u := &s.units[p]
	ip := &s.p.Interdiction
	s.out.Encounters++
	if tr.tipAt == int32(p) {
		tr.tipAt = -1
		if s.enc.Float64() < ip.TipDetection {
			s.seizeBy(tr, p, s.routeMode(tr), Intelligence, EffortInformants, s.escapes(tr), false)
			return true
		}
		return false
	}
	tipped := s.enc.Float64() < tipProb(u, ip, tr.commodity, s.cohesion(tr))*u.lift[EffortInformants]
	spot := spotProb(u, ip, tr.courier.knowledge, tipped)
	if !tipped {
		spot *= u.lift[EffortPatrol] * (1 + u.mobile/10)
	}
	if s.enc.Float64() >= spot {
		return false
	}
	effort := EffortPatrol
	if tipped {
		effort = EffortInformants
	}
	s.seizeBy(tr, p, s.routeMode(tr), Patrol, effort, s.escapes(tr), false)
	return true
}

func (s *state) routeMode(tr *trip) Mode {
	return s.w.Routes[s.groups[tr.group].pop][tr.route].Mode
}

// escapes draws whether a spotted courier of tr gets away: the mode's escape
// probability, +0.1 when armed (assumption).
func (s *state) escapes(tr *trip) bool {
	escape := s.p.Modes[s.routeMode(tr)].EscapeProb
	if tr.courier.armed {
		escape += 0.1
	}
	return s.enc.Float64() < escape
}

// inspect: an official crossing or an internal checkpoint. In order: a tip
// (search, and no bribe works); roadside extortion; the scanner every
// vehicle passes; a random search with dogs, manual search, or for
// precursors recognition and test kits, or a search steered by profiling;
// and finally a bribe once something is found. A group with a standing
// arrangement here has its loads searched with probability cut by the
// shield; a seizure of its load breaks the arrangement (one the unit cannot
// hide). A crossing with convoy escort sends that share of trucks under
// escort to the next post (the inland terminal: brief, Torugart-Naryn),
// where they are searched for certain and no arrangement applies
// (assumption).
func (s *state) inspect(tr *trip, p int, m Mode, month int) bool {
	place := &s.w.Places[p]
	t := &place.Traits
	u := &s.units[p]
	ip := &s.p.Interdiction
	bp := &s.p.Bribes
	pop := &s.w.Groups[s.groups[tr.group].pop]
	c := tr.commodity
	s.out.Encounters++

	if tr.tipAt == int32(p) {
		tr.tipAt = -1
		if s.enc.Float64() < ip.TipDetection {
			s.seizeBy(tr, p, m, Intelligence, EffortInformants, s.enc.Float64() < s.p.Modes[m].EscapeProb, false)
			return true
		}
		return false
	}
	if s.enc.Float64() < tipProb(u, ip, c, pop.Cohesion)*u.lift[EffortInformants] {
		if s.enc.Float64() < ip.TipDetection {
			s.seizeBy(tr, p, m, Intelligence, EffortInformants, s.enc.Float64() < s.p.Modes[m].EscapeProb, false)
			return true
		}
		return false
	}
	// A truck escorted from a crossing is cleared here under escort: searched,
	// with no chance to arrange a wave-through on the way.
	escorted := tr.escorted
	tr.escorted = m == Truck && t.ConvoyEscort > 0 && place.Roles.Has(Crossing) && s.enc.Float64() < t.ConvoyEscort
	if m.IsVehicle() && s.enc.Float64() < u.corruption*bp.ExtortionRate {
		s.payAdHoc(tr.group, bp.ExtortionUSD)
	}
	shield := 1.0
	if !escorted && s.hasArrangement(tr.group, p) {
		shield = 1 - s.p.Enforcement.Shield
	}

	method, effort, found := Method(0), Effort(0), false
	if sp := scanProb(t.Scanner, ip, c, m, tr.grams, tr.courier.concealment) * u.lift[EffortScanner]; sp > 0 && s.enc.Float64() < sp {
		method, effort, found = Scanner, EffortScanner, true
	} else if escorted || s.enc.Float64() < inspectProb(u, t, ip, m, month, pop.Professionalization)*u.lift[EffortSearch]*shield {
		method, effort, found = s.search(tr, p, m, month)
	} else if u.profiling > 0 && s.enc.Float64() < u.profiling*u.lift[EffortProfiling]*(1-tr.courier.concealment)*shield {
		method, _, found = s.search(tr, p, m, month)
		effort = EffortProfiling
	}
	if !found {
		if m.IsVehicle() {
			s.mayArrange(tr.group, p)
		}
		return false
	}
	bribe := min(tr.courier.cash, bp.ShareOfValue*tr.value)
	if s.enc.Float64() < bribeProb(u, t, bp, bribe) {
		s.payAdHoc(tr.group, bribe)
		return false
	}
	s.seizeBy(tr, p, m, method, effort, s.enc.Float64() < s.p.Modes[m].EscapeProb, false)
	return true
}

// search is a search of a load; it returns how the load was found and the
// effort credited. Dogs and precursor checks are lifted by the effort the
// unit gives them.
func (s *state) search(tr *trip, p int, m Mode, month int) (Method, Effort, bool) {
	t := &s.w.Places[p].Traits
	u := &s.units[p]
	ip := &s.p.Interdiction
	conceal := tr.courier.concealment
	if tr.commodity == Precursor {
		recognise, kit := precursorProbs(u, t, ip, conceal)
		lift := u.lift[EffortPrecursor]
		if s.enc.Float64() < kit*lift {
			return TestKit, EffortPrecursor, true
		}
		if s.enc.Float64() < recognise*lift {
			return Manual, EffortPrecursor, true
		}
		return 0, 0, false
	}
	if s.enc.Float64() < dogProb(t, ip, tr.commodity, m, month, conceal)*u.lift[EffortDogs] {
		return Dogs, EffortDogs, true
	}
	if s.enc.Float64() < manualProb(u, ip, conceal) {
		return Manual, EffortSearch, true
	}
	return 0, 0, false
}

// raid: a police operation at the destination hub, fed by informants
// (opiates only: assumption, inland drug police pursue narcotics), lifted by
// the raid effort:
//
//	P(raid) = raidRate · lift_raid · (1 - cohesion)
func (s *state) raid(tr *trip, p int, m Mode) bool {
	u := &s.units[p]
	if u.raid <= 0 {
		return false
	}
	s.out.Encounters++
	if s.enc.Float64() >= u.raid*u.lift[EffortRaid]*(1-s.cohesion(tr)) {
		return false
	}
	s.seizeBy(tr, p, m, Raid, EffortRaid, false, false)
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
	s.seizeBy(tr, p, Air, Manual, EffortProfiling, false, false)
	return true
}

func (s *state) payAdHoc(gi int, usd float64) {
	s.out.BribesUSD += usd
	s.mo.BribesUSD += usd
	s.out.AdHocUSD += usd
	s.out.Bribes++
	s.pay(gi, cents(usd))
}

// seizeBy records a seizure made by method with effort at place p. The
// courier escapes (a retained one returns to his group) or is arrested. An
// arrested courier talks unless loyal; in a cohesive group he knows little of
// those above him, so talk leads to an organiser with
//
//	P(organiser) = (1 - loyalty) · organiserLink · (1 - cohesion)
//
// (the organiser's arrest disrupts the group, and dissolves it when none is
// left: profile.go), and a talking courier may become the seizing agency's
// informant in his group, with talkInformer·(1 - cohesion). followed marks
// the end of a controlled delivery (its organiser arrests are counted there).
// A seizure of a load whose group has an arrangement with this unit breaks
// it: the unit could not hide it.
func (s *state) seizeBy(tr *trip, p int, m Mode, method Method, effort Effort, escaped, followed bool) {
	arrested := !escaped
	s.out.Seized[tr.commodity] += tr.grams
	s.mo.Seized[tr.commodity] += tr.grams
	s.mo.SeizedIn[s.w.PlaceCountry[p]][tr.commodity] += tr.grams
	s.out.EffortSeized[effort][tr.commodity] += tr.grams
	s.out.Seizures = append(s.out.Seizures, Seizure{
		Day: s.day - s.start, Place: p, Commodity: tr.commodity, Mode: m, Method: method, Grams: tr.grams, Arrest: arrested,
	})
	s.credit(p, effort, tr.commodity, tr.grams)
	if s.hasArrangement(tr.group, p) {
		s.breakArrangement(tr.group, p)
	}
	if !arrested {
		s.courierBack(tr, false)
		return
	}
	s.courierArrested(tr)
	s.out.CourierArrests++
	s.mo.CourierArrests++
	s.out.EffortCouriers[effort]++
	if followed {
		return
	}
	ap := &s.p.Adaptation
	talks := s.enc.Float64() < 1-tr.courier.loyalty
	if !talks {
		return
	}
	cohesion := s.cohesion(tr)
	if s.enc.Float64() < ap.OrganiserLink*(1-cohesion) {
		s.arrestOrganiser(tr.group, effort)
	}
	g := &s.groups[tr.group]
	if a := s.units[p].agency; g.informant == 0 && !g.dissolved && a >= 0 && a < len(s.w.Agencies) &&
		s.intel.Float64() < s.p.Groups.TalkInformer*(1-cohesion) {
		g.informant = a + 1
	}
}
