package scenario

import "hourglass/sim"

// bounds checks the documented maxima of limits.go on the decoded file,
// before drivers and interventions change it (so a value is reported as the
// file wrote it): every price and amount of money, every quantity that
// enters a sum over the run, and the totals that bound a run's memory and
// time. The lower bounds (not negative, a probability...) are checked with
// the rest of the validation.
func (v *validator) bounds(f *file) {
	for i := range f.Place {
		pc := &f.Place[i]
		for _, p := range []struct {
			key string
			x   float64
		}{{"price.heroin", pc.Price.Heroin}, {"price.opium", pc.Price.Opium}, {"price.precursor", pc.Price.Precursor}} {
			v.atMost("place", pc.ID, p.key, p.x, MaxUSD)
		}
		v.traitBounds("place", pc.ID, &pc.Traits)
		if i == MaxPlaces {
			v.addf("place", pc.ID, "", "place %d of %d (allowed: at most %d places in all)", i+1, len(f.Place), MaxPlaces)
		}
	}
	for i := range f.PostDefault {
		pd := &f.PostDefault[i]
		v.traitBounds("post_default", pd.Country+"|"+pd.Kind.String(), &pd.Traits)
	}
	for i := range f.Segment {
		sc := &f.Segment[i]
		id := segmentID(sc.From, sc.To)
		v.atMost("segment", id, "km", sc.Km, MaxKm)
		v.atMost("segment", id, "hours", sc.Hours, MaxHours)
		v.above("segment", id, "winter_slowdown", sc.WinterSlowdown, 1, MaxMultiplier)
		if i == MaxSegments {
			v.addf("segment", id, "", "segment %d of %d (allowed: at most %d segments in all)", i+1, len(f.Segment), MaxSegments)
		}
	}
	v.massBounds(f)
	v.groupTotals(f)
	for i := range f.Intervention {
		ic := &f.Intervention[i]
		if ic.InformantUSD != nil {
			id := interventionID(map[string]any{"id": ic.ID, "type": ic.Type.String(), "place": ic.Place, "places": anyList(ic.Places)})
			v.atMost("intervention", id, "informant_usd", *ic.InformantUSD, MaxUSD)
		}
	}
	d := &f.Drivers
	for _, id := range sortedKeys(d.TrafficGrowth) {
		v.atMost("drivers", "", "traffic_growth."+id, d.TrafficGrowth[id], MaxMultiplier)
	}
	if d.AfghanOutput != nil {
		v.atMost("drivers", "", "afghan_output", *d.AfghanOutput, MaxMultiplier)
	}
	if l := f.Costs.LifetimeYears; l > 0 && l < MinLifetimeYears {
		v.addf("costs", "", "lifetime_years", "%v is out of range (allowed: >= %g years: capital is renewed every lifetime)", l, MinLifetimeYears)
	}
	v.paramBounds(&f.Params)
}

// atMost reports x above max as out of range (the lower bound, 0, is
// checked with the rest).
func (v *validator) atMost(section, id, key string, x, limit float64) {
	v.above(section, id, key, x, 0, limit)
}

// above reports x above hi as out of range of lo..hi (a value below lo is
// reported by the check of the lower bound).
func (v *validator) above(section, id, key string, x, lo, hi float64) {
	if x > hi {
		v.addf(section, id, key, "%v is out of range (allowed: %g..%g)", x, lo, hi)
	}
}

// traitBounds checks the traits that are not probabilities or counts.
func (v *validator) traitBounds(section, id string, t *sim.Traits) {
	v.atMost(section, id, "traits.traffic_per_day", t.TrafficPerDay, MaxTrafficPerDay)
	v.atMost(section, id, "traits.altitude_m", t.AltitudeM, MaxAltitudeM)
}

// massBounds checks what the labs and precursor sources release: each kg a
// day and stock, and their totals over all labs and sources.
func (v *validator) massBounds(f *file) {
	perDay, stock := 0.0, 0.0
	total := func(section, id, key string, x float64, sum *float64, limit float64, what string) {
		if x > limit {
			v.addf(section, id, key, "%v is out of range (allowed: 0..%g)", x, limit)
			return
		}
		if x > 0 && *sum <= limit && *sum+x > limit {
			v.addf(section, id, key, "%v brings the %s of all labs and precursor sources to %v (allowed: at most %g in all)", x, what, *sum+x, limit)
		}
		*sum += max(x, 0)
	}
	for i := range f.Lab {
		lc := &f.Lab[i]
		total("lab", lc.Place, "capacity_kg_per_day", lc.CapacityKgPerDay, &perDay, MaxKgPerDay, "kg a day")
		total("lab", lc.Place, "opium_kg_per_day", lc.OpiumKgPerDay, &perDay, MaxKgPerDay, "kg a day")
		total("lab", lc.Place, "external_precursor_kg_per_day", lc.ExternalPrecursorPerDay, &perDay, MaxKgPerDay, "kg a day")
		total("lab", lc.Place, "start_heroin_kg", lc.StartHeroinKg, &stock, MaxStockKg, "stocks")
		total("lab", lc.Place, "start_precursor_kg", lc.StartPrecursorKg, &stock, MaxStockKg, "stocks")
	}
	for i := range f.PrecursorSource {
		sc := &f.PrecursorSource[i]
		total("precursor_source", sc.Place, "kg_per_day", sc.KgPerDay, &perDay, MaxKgPerDay, "kg a day")
	}
}

// groupTotals checks each group's largest load, and the totals over all
// group populations: populations, groups, couriers and the route searches
// and candidate routes they ask for. A group whose own count or couriers
// are out of range is reported by validator.group, and left out.
func (v *validator) groupTotals(f *file) {
	groups, couriers, searches, routes := 0, 0, 0, 0
	for i := range f.Group {
		gc := &f.Group[i]
		v.atMost("group", gc.ID, "max_load_kg", gc.MaxLoadKg, MaxLoadKg)
		if i == MaxPopulations {
			v.addf("group", gc.ID, "", "group population %d of %d (allowed: at most %d [[group]] entries in all)", i+1, len(f.Group), MaxPopulations)
		}
		if gc.Count < 1 || gc.Count > MaxGroupCount || gc.Couriers < 1 || gc.Couriers > MaxCouriers || gc.Count*gc.Couriers > MaxGroupCouriers {
			continue
		}
		n := len(gc.Destinations) * max(1, len(gc.Modes))
		exceeds := func(sum *int, add, limit int) bool {
			before := *sum
			*sum += add
			return before <= limit && *sum > limit
		}
		if exceeds(&groups, gc.Count, MaxGroups) {
			v.addf("group", gc.ID, "count", "%d groups bring the groups of all populations to %d (allowed: at most %d in all)", gc.Count, groups, MaxGroups)
		}
		if exceeds(&couriers, gc.Count*gc.Couriers, MaxTotalCouriers) {
			v.addf("group", gc.ID, "couriers", "%d couriers in each of %d groups bring the couriers of all populations to %d (allowed: at most %d in all)",
				gc.Couriers, gc.Count, couriers, MaxTotalCouriers)
		}
		if exceeds(&searches, n, MaxRouteSearches) {
			v.addf("group", gc.ID, "destinations", "%d destinations by %d modes bring the route searches to %d (allowed: at most %d destinations x modes in all)",
				len(gc.Destinations), len(gc.Modes), searches, MaxRouteSearches)
		}
		if exceeds(&routes, gc.Count*n*sim.RoutesPerDestination, MaxGroupRoutes) {
			v.addf("group", gc.ID, "count", "%d groups weighing up to %d routes each bring the routes all groups weigh to %d (allowed: at most %d in all)",
				gc.Count, n*sim.RoutesPerDestination, routes, MaxGroupRoutes)
		}
	}
}

// paramBounds checks the parameters' maxima: money, loads, and the values
// that scale others without a bound of their own.
func (v *validator) paramBounds(c *paramsConfig) {
	modes := c.Modes.ptrs()
	for m := sim.Mode(0); m < sim.NumModes; m++ {
		mp := modes[m]
		key := "modes." + m.String() + "."
		v.atMost("params", "", key+"min_load_kg", mp.MinLoadKg, MaxLoadKg)
		v.atMost("params", "", key+"max_load_kg", mp.MaxLoadKg, MaxLoadKg)
		v.atMost("params", "", key+"precursor_load_kg", mp.PrecursorLoadKg, MaxLoadKg)
		v.money("params", key+"cost_per_trip", mp.CostPerTrip)
		v.money("params", key+"cost_per_km", mp.CostPerKm)
	}
	b := &c.Bribes
	v.above("params", "", "bribes.half_success_usd", b.HalfSuccessUSD, 0, MaxUSD)
	v.money("params", "bribes.extortion_usd", b.ExtortionUSD)
	v.money("params", "bribes.standing_fee_usd", b.StandingFeeUSD)
	e := &c.Enforcement
	v.atMost("params", "", "enforcement.officer_usd", e.OfficerUSD, MaxUSD)
	v.atMost("params", "", "enforcement.dog_team_usd", e.DogTeamUSD, MaxUSD)
	v.atMost("params", "", "enforcement.contact_usd", e.ContactUSD, MaxUSD)
	v.above("params", "", "enforcement.max_lift", e.MaxLift, 1, MaxMultiplier)
	v.atMost("params", "", "groups.career_fee", c.Groups.CareerFee, MaxMultiplier)
	v.atMost("params", "", "groups.stick", c.Groups.Stick, MaxUtility)
	if s := c.Adaptation.Stickiness; !(s >= -MaxUtility && s <= MaxUtility) {
		v.addf("params", "", "adaptation.stickiness", "%v is out of range (allowed: %g..%g)", s, -MaxUtility, MaxUtility)
	}
	v.atMost("params", "", "interdiction.concentration", c.Interdiction.Concentration, MaxConcentration)
	v.atMost("params", "", "interdiction.inspections_per_staff_day", c.Interdiction.InspectionsPerStaffDay, MaxInspectionsPerStaffDay)
	v.atMost("params", "", "interdiction.tip_rate", c.Interdiction.TipRate, MaxMultiplier)
	if r := c.PrecursorPerKgHeroin; r > 0 && r < MinPrecursorPerKg || r > MaxPrecursorPerKg {
		v.addf("params", "", "precursor_per_kg_heroin", "%v is out of range (allowed: 0, or %g..%g kg of precursor per kg of heroin)", r, MinPrecursorPerKg, MaxPrecursorPerKg)
	}
}

// money checks an amount in US dollars that no other check covers: 0..MaxUSD.
func (v *validator) money(section, key string, x float64) {
	if !(x >= 0 && x <= MaxUSD) {
		v.addf(section, "", key, "%v is out of range (allowed: 0..%g)", x, MaxUSD)
	}
}
