package sim

// A load meets a guard unit (unit.go): a patrol on a border section, a
// search at a post, a raid at a stash hub, a check at the departure airport.
// The probabilities are in interdiction.go; every rate is lifted by the
// effort the unit has moved to its method (unit.go, reviewEffort).

// encounter resolves a load reaching place p by mode: a patrol on a border
// section, a search at a post, or a police operation at the destination hub.
// It reports whether the load was seized. A load followed in a controlled
// delivery passes the units of the agency that follows it.
func (m *model) encounter(tr *trip, p int, route *Route, month int) bool {
	place := &m.world.Places[p]
	if tr.followedBy > 0 && m.units[p].agency == int(tr.followedBy-1) {
		return false
	}
	switch {
	case place.Roles.Has(BorderSection):
		return m.patrol(tr, p, route.Mode)
	case place.Roles.IsPost():
		return m.inspect(tr, p, route.Mode, month)
	case place.Roles.Has(Stash):
		return m.atHub(tr, p, route)
	}
	return false
}

// atHub: a load passes or reaches the stash hub p. Police waiting on an
// informant's tip act on it (tippedRaid); at the load's destination its
// opiates may be raided (raid). A load that goes through gives its group,
// if it seeks standing corruption, the chance to arrange with the hub's
// police as at a post (mayArrange; brief §9, Townsend: "the nodes of
// trafficking networks are protected by surrounding webs of corruption").
func (m *model) atHub(tr *trip, p int, route *Route) bool {
	seized := false
	switch {
	case waitingTip(tr, p):
		seized = m.tippedRaid(tr, p, route.Mode)
	case p == route.Dest && tr.commodity.IsOpiate():
		seized = m.raid(tr, p, route.Mode)
	}
	if !seized {
		m.mayArrange(tr.group, p)
	}
	return seized
}

// tippedRaid: an informant's tip sent the police of the hub p to wait for
// the load (tipOff: the first unit of the informant's agency on the route
// may be a hub, as every Tajik drug control unit is); they act on it as any
// unit acting on a tip (actOnTip), unless pressure from a group with an
// arrangement with their agency halts the operation (halted).
func (m *model) tippedRaid(tr *trip, p int, mode Mode) bool {
	m.ledger.encountered()
	if m.halted(tr.group, m.units[p].agency) {
		return false
	}
	return m.actOnTip(tr, p, mode, false)
}

// cohesion is the cohesion of the group whose load tr is.
func (m *model) cohesion(tr *trip) float64 {
	return m.world.Populations[m.groups[tr.group].pop].Cohesion
}

// waitingTip reports whether the unit at p is the one an informant's tip
// sent to wait for this load (tipOff), and spends the tip.
func waitingTip(tr *trip, p int) bool {
	if tr.tipAt != int32(p) {
		return false
	}
	tr.tipAt = -1
	return true
}

// actOnTip resolves a load the unit at p knows of, from an informant's tip
// or from its own intelligence: officers search it and find it with
// tipDetection, and no bribe works (brief §3: "nothing works if officers
// already know of the shipment"). A found load is seized by intelligence;
// its courier gets away with escapeChance. A unit the group holds a standing
// arrangement with sits on the tip with the arrangement's shield (brief §9:
// its officers are "paid not to concern themselves with the content"). It
// reports whether the load was seized.
func (m *model) actOnTip(tr *trip, p int, mode Mode, greenBorder bool) bool {
	if m.groups[tr.group].hasArrangement(p) && m.encounterRNG.Float64() < m.params.Enforcement.Shield {
		return false
	}
	if m.encounterRNG.Float64() >= m.params.Interdiction.TipDetection {
		return false
	}
	m.seize(tr, p, mode, Intelligence, EffortInformants, m.escapes(tr, mode, greenBorder), false)
	return true
}

// actOnFlag resolves a load a partner service flagged (foreignFlag): the
// officers must still choose to search it, and a corrupt officer is "less
// inclined to inspect" (brief §9, the UN report on exactly these posts:
// officials "are being paid not to concern themselves with the content of
// trucks and carriages"), so the flag is acted on with willing (inspectProb);
// then as a tip (actOnTip).
func (m *model) actOnFlag(tr *trip, p int, mode Mode) bool {
	if m.encounterRNG.Float64() >= willing(&m.units[p], &m.params.Interdiction) {
		return false
	}
	return m.actOnTip(tr, p, mode, false)
}

// escapeChance is the chance a courier whose load is found gets away: the
// mode's escape probability, and, where he meets a patrol on a green border
// (a border section), 0.1 more when he is armed (assumption; brief §3: "At
// the Afghan border they are armed and gunfights with guards are frequent";
// inland "they rarely carry arms and try a bribe first"). At a post the
// mode's escape probability alone applies.
func (m *model) escapeChance(tr *trip, mode Mode, greenBorder bool) float64 {
	escape := m.params.Modes[mode].EscapeProb
	if greenBorder && tr.courier.armed {
		escape += 0.1
	}
	return escape
}

// escapes draws whether the courier of tr gets away (escapeChance).
func (m *model) escapes(tr *trip, mode Mode, greenBorder bool) bool {
	return m.encounterRNG.Float64() < m.escapeChance(tr, mode, greenBorder)
}

// patrol: a border section. A patrol waiting on a tip acts on it; otherwise
// the unit may know of the load from its informants, which lets its patrol
// sight it at least with tipDetection. A sighted courier is always parted
// from the load; he gets away with escapeChance (armed, more often), on a
// river by dumping the load: a seizure without an arrest. An untipped
// sighting chance is lifted by patrol effort and by mobile officers
// (assumption: ten mobile officers double a stretch's patrols):
//
//	spot' = spot · lift_patrol · (1 + mobile/10)
func (m *model) patrol(tr *trip, p int, mode Mode) bool {
	u := &m.units[p]
	ip := &m.params.Interdiction
	m.ledger.encountered()
	if waitingTip(tr, p) {
		return m.actOnTip(tr, p, mode, true)
	}
	tipped := m.encounterRNG.Float64() < localTipProb(u, ip, &m.params.Enforcement, tr.commodity, m.cohesion(tr))+foreignFlag(u, tr.commodity)
	spot := spotProb(u, ip, tr.courier.knowledge, tipped)
	if !tipped {
		spot *= u.lift[EffortPatrol] * (1 + u.mobile/10)
	}
	if m.encounterRNG.Float64() >= spot {
		return false
	}
	effort := EffortPatrol
	if tipped {
		effort = EffortInformants
	}
	m.seize(tr, p, mode, Patrol, effort, m.escapes(tr, mode, true), false)
	return true
}

// inspect: an official crossing or an internal checkpoint. In order: a tip
// (an informant's, or the unit's own intelligence: actOnTip); roadside
// extortion of vehicles; then the unit's methods, each on its own: the
// scanner (trucks it scans, images its reader refers), the dog teams
// (vehicles and people they screen), a random search (manual, or for
// precursors papers and test kits), or a search steered by profiling; and
// finally a bribe once something is found. A group with a standing
// arrangement here has its loads spared by every method of the unit with
// the arrangement's shield (brief §9: "paid not to concern themselves with
// the content"); a seizure of its load breaks the arrangement (one the unit
// cannot hide). A crossing with convoy escort sends that share of trucks
// under escort to the next post (the inland terminal: brief, Torugart-Naryn),
// where they are searched for certain and no arrangement applies
// (assumption).
func (m *model) inspect(tr *trip, p int, mode Mode, month int) bool {
	place := &m.world.Places[p]
	t := &place.Traits
	u := &m.units[p]
	ip := &m.params.Interdiction
	bp := &m.params.Bribes
	pop := &m.world.Populations[m.groups[tr.group].pop]
	c := tr.commodity
	conceal := tr.courier.concealment
	m.ledger.encountered()

	if waitingTip(tr, p) {
		return m.actOnTip(tr, p, mode, false)
	}
	local, flag := localTipProb(u, ip, &m.params.Enforcement, c, pop.Cohesion), foreignFlag(u, c)
	if r := m.encounterRNG.Float64(); r < local {
		return m.actOnTip(tr, p, mode, false)
	} else if r < local+flag {
		return m.actOnFlag(tr, p, mode)
	}
	// A truck escorted from a crossing is cleared here under escort: searched,
	// with no chance to arrange a wave-through on the way.
	escorted := tr.escorted
	tr.escorted = mode == Truck && t.ConvoyEscort > 0 && place.Roles.Has(Crossing) && m.encounterRNG.Float64() < t.ConvoyEscort
	if mode.IsVehicle() && m.encounterRNG.Float64() < u.corruptionEff*bp.ExtortionRate {
		m.bribe(tr.group, bp.ExtortionUSD)
	}
	shield := 1.0
	if !escorted && m.groups[tr.group].hasArrangement(p) {
		shield = 1 - m.params.Enforcement.Shield
	}

	method, effort, found := Method(0), Effort(0), false
	if sp := scanProb(u, t, ip, c, mode, tr.grams, conceal, u.lift[EffortScanner]) * shield; sp > 0 && m.encounterRNG.Float64() < sp {
		method, effort, found = Scanner, EffortScanner, true
	} else if dp := dogProb(t, ip, c, mode, month, conceal, u.lift[EffortDogs]) * shield; dp > 0 && m.encounterRNG.Float64() < dp {
		method, effort, found = Dogs, EffortDogs, true
	} else if escorted || m.encounterRNG.Float64() < inspectProb(u, t, ip, mode, month, pop.Professionalization)*u.lift[EffortSearch]*shield {
		method, effort, found = m.search(tr, p)
	} else if u.profiling > 0 && m.encounterRNG.Float64() < u.profiling*u.lift[EffortProfiling]*(1-conceal)*shield {
		method, _, found = m.search(tr, p)
		effort = EffortProfiling
	}
	if !found {
		if mode.IsVehicle() {
			m.mayArrange(tr.group, p)
		}
		return false
	}
	bribe := min(tr.courier.cash, bp.ShareOfValue*tr.valueUSD)
	if m.encounterRNG.Float64() < bribeProb(u, t, ip, bp, bribe) {
		m.bribe(tr.group, bribe)
		return false
	}
	m.seize(tr, p, mode, method, effort, m.escapes(tr, mode, false), false)
	return true
}

// search is a physical search of a load by the unit at p: for opiates a
// manual search, for precursors the papers and, where the unit has them,
// test kits. It returns how the load was found and the effort credited.
// Precursor checks are lifted by the effort the unit gives them. (Dogs
// screen on their own: dogProb.)
func (m *model) search(tr *trip, p int) (Method, Effort, bool) {
	t := &m.world.Places[p].Traits
	u := &m.units[p]
	ip := &m.params.Interdiction
	conceal := tr.courier.concealment
	if tr.commodity == Precursor {
		recognise, kit := precursorProbs(u, t, ip, conceal)
		lift := u.lift[EffortPrecursor]
		if m.encounterRNG.Float64() < kit*lift {
			return TestKit, EffortPrecursor, true
		}
		if m.encounterRNG.Float64() < recognise*lift {
			return Manual, EffortPrecursor, true
		}
		return 0, 0, false
	}
	if m.encounterRNG.Float64() < manualProb(u, ip, conceal) {
		return Manual, EffortSearch, true
	}
	return 0, 0, false
}

// raid: a police operation at the destination hub, fed by informants
// (opiates only: assumption, inland drug police pursue narcotics), lifted by
// the raid effort:
//
//	P(raid) = raidRate · lift_raid · (1 - intelCohesion·cohesion)
//
// (cohesion cuts what the community tells the police, not to zero:
// localTipProb).
// A raid is an investigation: pressure from a group that holds an
// arrangement with the hub's agency may halt it (halted).
func (m *model) raid(tr *trip, p int, mode Mode) bool {
	u := &m.units[p]
	if u.raidRate <= 0 {
		return false
	}
	m.ledger.encountered()
	if m.encounterRNG.Float64() >= u.raidRate*u.lift[EffortRaid]*(1-m.params.Enforcement.IntelCohesion*m.cohesion(tr)) {
		return false
	}
	if m.halted(tr.group, u.agency) {
		return false
	}
	m.seize(tr, p, mode, Raid, EffortRaid, false, false)
	return true
}

// airportCheck: an air courier is profiled at the departure airport p:
//
//	P(caught) = airportScreening · (1 - professionalEvasion·cohesion)
//
// It reports whether the load was seized.
func (m *model) airportCheck(tr *trip, p int) bool {
	u := &m.units[p]
	if u.airportScreening <= 0 {
		return false
	}
	m.ledger.encountered()
	if m.encounterRNG.Float64() >= u.airportScreening*(1-m.params.Interdiction.ProfessionalEvasion*m.cohesion(tr)) {
		return false
	}
	m.seize(tr, p, Air, Manual, EffortProfiling, false, false)
	return true
}

// bribe: group gi pays an ad-hoc bribe or a roadside extortion of usd.
func (m *model) bribe(gi int, usd float64) {
	m.ledger.bribed(usd)
	m.pay(gi, cents(usd))
}

// seize records a seizure made by method with effort at place p. The
// courier escapes (a retained one returns to his group) or is arrested. An
// arrested courier talks unless loyal; in a cohesive group he knows little of
// those above him, so talk leads to an organiser with
//
//	P(organiser) = (1 - loyalty) · organiserLink · (1 - intelCohesion·cohesion)
//
// (the organiser's arrest disrupts the group, and dissolves it when none is
// left: group.go; pressure may halt the investigation: halted), and a
// talking courier may become the seizing agency's
// informant in his group, with talkInformer·(1 - recruitCohesion·cohesion)
// (a recruitment, cut by cohesion as the agencies' attempts are,
// intelligence.go; in a group that
// carries opiates: drug agencies run informants in narcotics groups,
// intelligence.go). followed marks
// the end of a controlled delivery (its organiser arrests are counted there).
// A seizure of a load whose group has an arrangement with this unit breaks
// it: the unit could not hide it.
func (m *model) seize(tr *trip, p int, mode Mode, method Method, effort Effort, escaped, followed bool) {
	arrested := !escaped
	g := &m.groups[tr.group]
	m.ledger.seized(Seizure{Day: m.day - m.firstDay, Place: p, Commodity: tr.commodity, Mode: mode, Method: method, Grams: tr.grams, Arrest: arrested},
		m.world.PlaceCountry[p], m.world.Routes[g.pop][tr.route].Dest, effort)
	m.credit(p, effort, tr.commodity, tr.grams)
	if g.hasArrangement(p) {
		m.breakArrangement(tr.group, p)
	}
	if !arrested {
		m.courierBack(tr, false)
		return
	}
	m.courierArrested(tr)
	m.ledger.arrested(effort)
	if followed {
		return
	}
	ap := &m.params.Adaptation
	talks := m.encounterRNG.Float64() < 1-tr.courier.loyalty
	if !talks {
		return
	}
	cohesion := m.cohesion(tr)
	ep := &m.params.Enforcement
	if m.encounterRNG.Float64() < ap.OrganiserLink*(1-ep.IntelCohesion*cohesion) && !m.halted(tr.group, m.units[p].agency) {
		m.arrestOrganiser(tr.group, effort)
	}
	if a := m.units[p].agency; g.informant == 0 && !g.dissolved && a >= 0 && a < len(m.world.Agencies) &&
		m.world.Populations[g.pop].Product.CarriesOpiates() && m.intelRNG.Float64() < m.params.Groups.TalkInformer*(1-ep.RecruitCohesion*cohesion) {
		g.informant = a + 1
	}
}
