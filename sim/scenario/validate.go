package scenario

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"

	"hourglass/sim"
)

// validator checks a merged scenario and builds the world, collecting every
// problem with the file and line that set the offending value.
type validator struct {
	chain         []*loaded
	problems      ErrorList
	costs         []Cost
	touched       []Touched
	agencyEffects []agencyEffect
	usedDefaults  map[string]*postDefaultConfig // place id -> the defaults a new post there started from
	overrides     []Override                    // to blame an override, not a file, for the values it set
	agencyConfigs []agencyConfig                // the [[agency]] entries, for the staffing of new checkpoints
	prepare       func(*sim.World) error        // prepares the world built; nil: World.Prepare
}

// where finds the last file of the chain that sets key of the element of
// section with identity id (or of the top-level table when id is ""), and its line.
func (v *validator) where(section, id, key string) (string, int) {
	for i := len(v.chain) - 1; i >= 0; i-- {
		l := v.chain[i]
		prefix := section
		if id != "" {
			idx := l.elementIndex(section, id)
			if idx < 0 {
				continue
			}
			prefix = fmt.Sprintf("%s[%d]", section, idx)
		}
		if n, ok := l.loc.lines[join(prefix, key)]; ok || key == "" {
			return l.path, n
		}
		if i == 0 || id == "" {
			return l.path, l.loc.line(join(prefix, key))
		}
	}
	last := v.chain[len(v.chain)-1]
	return last.path, last.loc.line(section)
}

// elementIndex returns the index of the first element of section in l's
// own tables with identity id, or -1. Each section is indexed once, so
// reporting a problem at every one of many entries stays linear.
func (l *loaded) elementIndex(section, id string) int {
	l.indexMu.Lock()
	defer l.indexMu.Unlock()
	if l.index == nil {
		l.index = map[string]map[string]int{}
	}
	ids, ok := l.index[section]
	if !ok {
		elems, _ := l.raw[section].([]map[string]any)
		ids = make(map[string]int, len(elems))
		for i := len(elems) - 1; i >= 0; i-- {
			ids[identity(section, elems[i])] = i
		}
		l.index[section] = ids
	}
	if i, ok := ids[id]; ok {
		return i
	}
	return -1
}

func (v *validator) addf(section, id, key, format string, args ...any) {
	label := section
	if id != "" {
		label = fmt.Sprintf("%s[%s]", section, id)
	}
	if i, ok := v.overrideAt(join(label, key)); ok {
		v.addOverride(i, format, args...)
		return
	}
	f, line := v.where(section, id, key)
	v.problems.add(f, line, join(label, key), format, args...)
}

// probability checks that x is in [0, 1].
func (v *validator) probability(section, id, key string, x float64) {
	if math.IsNaN(x) || x < 0 || x > 1 {
		v.addf(section, id, key, "%v is not a probability (allowed: 0..1)", x)
	}
}

func (v *validator) nonNegative(section, id, key string, x float64) {
	if math.IsNaN(x) || x < 0 {
		v.addf(section, id, key, "%v is negative (allowed: >= 0)", x)
	}
}

func (v *validator) positive(section, id, key string, x float64) {
	if math.IsNaN(x) || x <= 0 {
		v.addf(section, id, key, "%v must be positive (allowed: > 0)", x)
	}
}

// count checks that a whole number is in lo..hi (limits.go: the maxima
// bound a run's memory and time), and reports whether it is.
func (v *validator) count(section, id, key string, n, lo, hi int) bool {
	if n < lo || n > hi {
		v.addf(section, id, key, "%d is out of range (allowed: %d..%d)", n, lo, hi)
		return false
	}
	return true
}

// inRange checks that x is in lo..hi.
func (v *validator) inRange(section, id, key string, x, lo, hi float64) {
	if !(x >= lo && x <= hi) {
		v.addf(section, id, key, "%v is out of range (allowed: %g..%g)", x, lo, hi)
	}
}

// nonProbabilityTraits are the float traits that are not probabilities.
var nonProbabilityTraits = map[string]bool{"altitude_m": true, "traffic_per_day": true}

func (v *validator) build(f *file) (*sim.World, sim.Params) {
	v.bounds(f)
	v.drivers(f)
	v.interventions(f)
	if f.Costs.LifetimeYears <= 0 {
		v.addf("costs", "", "lifetime_years", "%v must be positive (allowed: > 0)", f.Costs.LifetimeYears)
	}
	if r := f.Costs.DiscountRate; math.IsNaN(r) || r < 0 || r >= 1 {
		v.addf("costs", "", "discount_rate", "%v is not a yearly discount rate (allowed: 0 <= rate < 1)", r)
	}
	w := &sim.World{Places: make([]sim.Place, 0, len(f.Place))}
	ids := map[string]int{}
	var placeIDs []string
	for _, pc := range f.Place {
		if pc.ID == "" {
			v.addf("place", "", "id", "a place has no id")
			continue
		}
		placeIDs = append(placeIDs, pc.ID)
		ids[pc.ID] = len(w.Places)
		w.Places = append(w.Places, v.place(&pc))
	}
	v.agencies(f, w)
	lookup := func(section, id, key, ref string) int {
		i, ok := ids[ref]
		if !ok {
			v.addf(section, id, key, "unknown place %q%s", ref, suggest(ref, placeIDs))
			return -1
		}
		return i
	}
	seen := map[string]bool{}
	for _, sc := range f.Segment {
		id := segmentID(sc.From, sc.To)
		a, b := lookup("segment", id, "from", sc.From), lookup("segment", id, "to", sc.To)
		if seen[id] {
			v.addf("segment", id, "", "duplicate segment between %s and %s", sc.From, sc.To)
		}
		seen[id] = true
		if len(sc.Modes) == 0 {
			v.addf("segment", id, "modes", "no modes (allowed: %s)", strings.Join(sim.Names("mode"), ", "))
		}
		v.positive("segment", id, "km", sc.Km)
		v.positive("segment", id, "hours", sc.Hours)
		v.probability("segment", id, "condition", sc.Condition)
		if sc.WinterSlowdown != 0 && sc.WinterSlowdown < 1 {
			v.addf("segment", id, "winter_slowdown", "%v would speed travel up in winter (allowed: >= 1)", sc.WinterSlowdown)
		}
		if a < 0 || b < 0 {
			continue
		}
		var modes sim.ModeSet
		for _, m := range sc.Modes {
			modes = modes.With(m)
		}
		w.Segments = append(w.Segments, sim.Segment{From: a, To: b, Modes: modes, Km: sc.Km, Hours: sc.Hours,
			Condition: sc.Condition, OpenMonths: sc.OpenMonths, WinterSlowdown: math.Max(1, sc.WinterSlowdown)})
	}
	for _, lc := range f.Lab {
		p := lookup("lab", lc.Place, "place", lc.Place)
		for key, x := range map[string]float64{"capacity_kg_per_day": lc.CapacityKgPerDay, "start_heroin_kg": lc.StartHeroinKg,
			"start_precursor_kg": lc.StartPrecursorKg, "external_precursor_kg_per_day": lc.ExternalPrecursorPerDay, "opium_kg_per_day": lc.OpiumKgPerDay} {
			v.nonNegative("lab", lc.Place, key, x)
		}
		v.probability("lab", lc.Place, "northern_share", lc.NorthernShare)
		if p >= 0 {
			w.Labs = append(w.Labs, sim.Lab{Place: p, CapacityKgPerDay: lc.CapacityKgPerDay, StartHeroinKg: lc.StartHeroinKg,
				StartPrecursorKg: lc.StartPrecursorKg, ExternalPrecursorPerDay: lc.ExternalPrecursorPerDay,
				NorthernShare: lc.NorthernShare, OpiumKgPerDay: lc.OpiumKgPerDay})
		}
	}
	for _, sc := range f.PrecursorSource {
		p := lookup("precursor_source", sc.Place, "place", sc.Place)
		v.nonNegative("precursor_source", sc.Place, "kg_per_day", sc.KgPerDay)
		if p >= 0 {
			w.PrecursorSources = append(w.PrecursorSources, sim.PrecursorSource{Place: p, KgPerDay: sc.KgPerDay})
		}
	}
	params := f.Params.params()
	v.params(&params)
	v.runLength(&f.Params)
	for _, gc := range f.Group {
		if g, ok := v.group(&gc, lookup, &params); ok {
			w.Populations = append(w.Populations, g)
		}
	}
	if len(v.problems) > 0 {
		return nil, params
	}
	prepare := (*sim.World).Prepare
	if v.prepare != nil {
		prepare = v.prepare
	}
	if err := prepare(w); err != nil {
		var ge *sim.GroupError
		if errors.As(err, &ge) {
			v.addf("group", ge.Group, ge.Key, "%s", ge.Msg)
		} else {
			v.addf("", "", "", "%v", err)
		}
	}
	return w, params
}

func (v *validator) place(pc *placeConfig) sim.Place {
	p := sim.Place{ID: pc.ID, Name: pc.Name, Country: pc.Country, Border: pc.Border, Lat: pc.Lat, Lon: pc.Lon,
		Traits: pc.Traits, RetailShare: pc.RetailShare}
	p.Price = [sim.NumCommodities]float64{pc.Price.Heroin, pc.Price.Opium, pc.Price.Precursor}
	p.ReferenceLoss = [sim.NumCommodities]float64{pc.ReferenceLoss.Heroin, pc.ReferenceLoss.Opium, pc.ReferenceLoss.Precursor}
	for _, r := range pc.Roles {
		p.Roles |= r
	}
	if pc.Country == "" {
		v.addf("place", pc.ID, "country", "missing (a country code such as TJ, KG, KZ)")
	}
	if !(pc.Lat >= -90 && pc.Lat <= 90) {
		v.addf("place", pc.ID, "lat", "%v is not a latitude (allowed: -90..90)", pc.Lat)
	}
	if !(pc.Lon >= -180 && pc.Lon <= 180) {
		v.addf("place", pc.ID, "lon", "%v is not a longitude (allowed: -180..180)", pc.Lon)
	}
	v.probability("place", pc.ID, "retail_share", pc.RetailShare)
	v.nonNegative("place", pc.ID, "price.heroin", pc.Price.Heroin)
	v.nonNegative("place", pc.ID, "price.opium", pc.Price.Opium)
	v.nonNegative("place", pc.ID, "price.precursor", pc.Price.Precursor)
	for _, rl := range []struct {
		key string
		x   float64
	}{{"reference_loss.heroin", pc.ReferenceLoss.Heroin}, {"reference_loss.opium", pc.ReferenceLoss.Opium}, {"reference_loss.precursor", pc.ReferenceLoss.Precursor}} {
		if math.IsNaN(rl.x) || rl.x < 0 || rl.x >= sim.MaxLoss {
			v.addf("place", pc.ID, rl.key, "%v is not a loss rate below %v (allowed: 0 <= loss < %v)", rl.x, sim.MaxLoss, sim.MaxLoss)
		}
	}
	v.traits("place", pc.ID, &pc.Traits)
	if p.Roles.IsPost() && p.Traits.Schedule != sim.Closed && p.Traits.Staff == 0 && p.Traits.InspectionRate > 0 {
		v.addf("place", pc.ID, "traits.staff", "a post that inspects needs staff (allowed: >= 1)")
	}
	return p
}

// traits checks every trait of a place or post default: probabilities in
// [0, 1], counts in 0..MaxStaff, altitude and traffic not negative.
func (v *validator) traits(section, id string, t *sim.Traits) {
	tv := reflect.ValueOf(t).Elem()
	for _, f := range traitFields {
		switch fv := tv.Field(f.index); fv.Kind() {
		case reflect.Float64:
			if nonProbabilityTraits[f.name] {
				v.nonNegative(section, id, f.key, fv.Float())
			} else {
				v.probability(section, id, f.key, fv.Float())
			}
		case reflect.Int:
			v.count(section, id, f.key, int(fv.Int()), 0, MaxStaff)
		}
	}
}

// traitFields are the fields of sim.Traits with their TOML names, read
// once (every place's traits are checked each time a scenario is built).
var traitFields = func() []struct {
	index     int
	name, key string
} {
	t := reflect.TypeOf(sim.Traits{})
	out := make([]struct {
		index     int
		name, key string
	}, t.NumField())
	for i := range out {
		name := t.Field(i).Tag.Get("toml")
		out[i].index, out[i].name, out[i].key = i, name, "traits."+name
	}
	return out
}()

// postDefaults checks the [[post_default]] entries and indexes them by
// country and kind.
func (v *validator) postDefaults(f *file) map[string]*postDefaultConfig {
	out := map[string]*postDefaultConfig{}
	for i := range f.PostDefault {
		pd := &f.PostDefault[i]
		id := pd.Country + "|" + pd.Kind.String()
		if pd.Country == "" {
			v.addf("post_default", id, "country", "missing (a country code such as TJ, KG, KZ)")
		}
		if pd.Kind != sim.Checkpoint && pd.Kind != sim.Crossing {
			v.addf("post_default", id, "kind", "%s is not a kind of post (allowed: checkpoint, crossing)", pd.Kind)
		}
		v.traits("post_default", id, &pd.Traits)
		out[id] = pd
	}
	return out
}

// runLength checks params.start and params.years.
func (v *validator) runLength(c *paramsConfig) {
	if _, err := sim.ParseYearMonth(c.Start); err != nil {
		v.addf("params", "", "start", "%v", err)
	}
	if c.Years == nil {
		return
	}
	switch {
	case *c.Years < 1 || *c.Years > 100:
		v.addf("params", "", "years", "%d is out of range (allowed: 1..100)", *c.Years)
	case c.Days != sim.DefaultParams().Days:
		v.addf("params", "", "years", "set with days = %d: set one of them (allowed: years, or days)", c.Days)
	}
}

func (v *validator) params(p *sim.Params) {
	v.count("params", "", "days", p.Days, 1, MaxDays)
	v.count("params", "", "warmup_months", p.WarmupMonths, 0, sim.MaxWarmupMonths)
	v.nonNegative("params", "", "precursor_per_kg_heroin", p.PrecursorPerKgHeroin)
	ip := reflect.ValueOf(p.Interdiction)
	for i := 0; i < ip.NumField(); i++ {
		key := "interdiction." + ip.Type().Field(i).Tag.Get("toml")
		x := ip.Field(i).Float()
		switch key {
		case "interdiction.concentration", "interdiction.inspections_per_staff_day", "interdiction.tip_rate", "interdiction.dog_checks_per_hour":
			v.nonNegative("params", "", key, x)
		case "interdiction.scanner_hours", "interdiction.dog_hours":
			v.inRange("params", "", key, x, 0, 24)
		case "interdiction.scan_minutes":
			v.positive("params", "", key, x)
		default:
			v.probability("params", "", key, x)
		}
	}
	v.positive("params", "", "adaptation.temperature", p.Adaptation.Temperature)
	ep := reflect.ValueOf(p.Enforcement)
	for i := 0; i < ep.NumField(); i++ {
		key := "enforcement." + ep.Type().Field(i).Tag.Get("toml")
		x := ep.Field(i).Float()
		switch key {
		case "enforcement.officer_usd", "enforcement.dog_team_usd", "enforcement.contact_usd":
			v.nonNegative("params", "", key, x)
		case "enforcement.max_lift":
			if math.IsNaN(x) || x < 1 {
				v.addf("params", "", key, "%v is below 1 (allowed: >= 1: a lift never lowers a method's rate below its start)", x)
			}
		default:
			v.probability("params", "", key, x)
		}
	}
	gp := &p.Groups
	v.probability("params", "", "groups.security_cost", gp.SecurityCost)
	v.nonNegative("params", "", "groups.career_fee", gp.CareerFee)
	v.probability("params", "", "groups.learn", gp.Learn)
	v.probability("params", "", "groups.retire", gp.Retire)
	v.count("params", "", "groups.refill_days", gp.RefillDays, 0, MaxDays)
	v.probability("params", "", "groups.talk_informer", gp.TalkInformer)
	v.nonNegative("params", "", "groups.stick", gp.Stick)
	mk := &p.Markets
	v.probability("params", "", "markets.inertia", mk.Inertia)
	v.probability("params", "", "markets.memory", mk.Memory)
	if math.IsNaN(mk.Elasticity) || mk.Elasticity < -3 || mk.Elasticity > 0 {
		v.addf("params", "", "markets.elasticity", "%v is out of range (allowed: -3..0: dearer heroin never raises retail demand)", mk.Elasticity)
	}
	v.probability("params", "", "adaptation.prior_risk", p.Adaptation.PriorRisk)
	v.probability("params", "", "adaptation.others_weight", p.Adaptation.OthersWeight)
	v.probability("params", "", "adaptation.organiser_link", p.Adaptation.OrganiserLink)
	v.count("params", "", "adaptation.disruption_days", p.Adaptation.DisruptionDays, 0, MaxDays)
	v.probability("params", "", "bribes.share_of_value", p.Bribes.ShareOfValue)
	v.probability("params", "", "bribes.seriousness", p.Bribes.Seriousness)
	v.probability("params", "", "bribes.extortion_rate", p.Bribes.ExtortionRate)
	v.positive("params", "", "bribes.half_success_usd", p.Bribes.HalfSuccessUSD)
	for m := sim.Mode(0); m < sim.NumModes; m++ {
		mp := &p.Modes[m]
		key := "modes." + m.String() + "."
		v.nonNegative("params", "", key+"min_load_kg", mp.MinLoadKg)
		if mp.MaxLoadKg < mp.MinLoadKg {
			v.addf("params", "", key+"max_load_kg", "%v is below min_load_kg %v", mp.MaxLoadKg, mp.MinLoadKg)
		}
		v.nonNegative("params", "", key+"precursor_load_kg", mp.PrecursorLoadKg)
		v.probability("params", "", key+"escape_prob", mp.EscapeProb)
	}
}

func (v *validator) group(gc *groupConfig, lookup func(section, id, key, ref string) int, p *sim.Params) (sim.Population, bool) {
	id := gc.ID
	ok := true
	if id == "" {
		v.addf("group", "", "id", "a group has no id")
		return sim.Population{}, false
	}
	origin := lookup("group", id, "origin", gc.Origin)
	if origin < 0 {
		ok = false
	}
	g := sim.Population{ID: id, Product: gc.Product, Origin: origin, Count: gc.Count, Couriers: gc.Couriers, Professionalization: gc.Professionalization,
		CourierLoyalty: gc.CourierLoyalty, AdaptationSpeed: gc.AdaptationSpeed, Armed: gc.Armed, Cash: gc.Cash, MaxLoadKg: gc.MaxLoadKg}
	v.nonNegative("group", id, "max_load_kg", gc.MaxLoadKg)
	v.profile(id, gc, &g)
	if len(gc.Destinations) == 0 {
		v.addf("group", id, "destinations", "no destinations (allowed: place ids)")
		ok = false
	}
	for _, d := range gc.Destinations {
		di := lookup("group", id, "destinations", d)
		if di < 0 {
			ok = false
			continue
		}
		g.Destinations = append(g.Destinations, di)
	}
	if len(gc.Modes) == 0 {
		v.addf("group", id, "modes", "no modes (allowed: %s)", strings.Join(sim.Names("mode"), ", "))
		ok = false
	}
	for _, m := range gc.Modes {
		if gc.Product == sim.Precursors && p.Modes[m].PrecursorLoadKg <= 0 {
			v.addf("group", id, "modes", "%s cannot carry precursors (barrels need roads, rail or boats: params.modes.%s.precursor_load_kg is 0)", m, m)
			ok = false
		}
		g.Modes = g.Modes.With(m)
	}
	for c := sim.Commodity(0); c < sim.NumCommodities && len(gc.Modes) > 0 && gc.Product != sim.Precursors; c++ {
		carried := false
		for _, m := range gc.Modes {
			carried = carried || p.Modes[m].CanCarry(c)
		}
		if gc.Product.Carries(c) && !carried {
			v.addf("group", id, "modes", "no mode of this group can carry %s, which a %s group receives (modes with params.modes.<mode>.heroin_only carry heroin alone: use product = \"heroin\", or add a mode)",
				c, gc.Product)
			ok = false
		}
	}
	ok = v.count("group", id, "count", gc.Count, 1, MaxGroupCount) && ok
	ok = v.count("group", id, "couriers", gc.Couriers, 1, MaxCouriers) && ok
	if ok && gc.Count*gc.Couriers > MaxGroupCouriers {
		v.addf("group", id, "couriers", "%d couriers in each of %d populations are %d (allowed: count x couriers <= %d)",
			gc.Couriers, gc.Count, gc.Count*gc.Couriers, MaxGroupCouriers)
		ok = false
	}
	for key, x := range map[string]float64{"professionalization": gc.Professionalization, "courier_loyalty": gc.CourierLoyalty,
		"adaptation_speed": gc.AdaptationSpeed, "armed": gc.Armed, "cash": gc.Cash} {
		v.probability("group", id, key, x)
	}
	return g, ok
}

func (v *validator) placeIndex(f *file) (map[string]*placeConfig, []string) {
	places := map[string]*placeConfig{}
	var ids []string
	for i := range f.Place {
		places[f.Place[i].ID] = &f.Place[i]
		ids = append(ids, f.Place[i].ID)
	}
	return places, ids
}

// interventions applies every [[intervention]] to the places it targets and
// records its cost.
func (v *validator) interventions(f *file) {
	v.agencyConfigs = f.Agency
	places, ids := v.placeIndex(f)
	defaults := v.postDefaults(f)
	before := map[string]sim.Traits{}
	var order []string
	for i := range f.Intervention {
		ic := &f.Intervention[i]
		for _, t := range ic.targets() {
			if pc, ok := places[t]; ok {
				if _, seen := before[t]; !seen {
					before[t] = pc.Traits
					order = append(order, t)
				}
			}
		}
		if c, ok := v.apply(ic, places, ids, defaults); ok {
			v.costs = append(v.costs, c)
		}
	}
	for _, id := range order {
		pc := places[id]
		t := Touched{Place: id, Name: pc.Name, Country: pc.Country, Before: before[id], After: pc.Traits}
		for _, c := range v.costs {
			if slices.Contains(c.Places, id) {
				t.Interventions = append(t.Interventions, c.Intervention)
			}
		}
		if pd := v.usedDefaults[id]; pd != nil {
			t.Defaults = fmt.Sprintf("post_default %s %s", pd.Country, pd.Kind)
		}
		v.touched = append(v.touched, t)
	}
}

// drivers applies the exogenous trends of the [drivers] table.
func (v *validator) drivers(f *file) {
	d := &f.Drivers
	places, ids := v.placeIndex(f)
	keys := make([]string, 0, len(d.TrafficGrowth))
	for k := range d.TrafficGrowth {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, id := range keys {
		x := d.TrafficGrowth[id]
		pc, ok := places[id]
		if !ok {
			v.addf("drivers", "", "traffic_growth."+id, "unknown place %q%s", id, suggest(id, ids))
			continue
		}
		if x < 0 || math.IsNaN(x) {
			v.addf("drivers", "", "traffic_growth."+id, "%v is negative (allowed: a multiplier >= 0)", x)
			continue
		}
		pc.Traits.TrafficPerDay *= x
	}
	if x := d.AfghanOutput; x != nil {
		if *x < 0 || math.IsNaN(*x) || math.IsInf(*x, 0) {
			v.addf("drivers", "", "afghan_output", "%v is not a multiplier (allowed: >= 0)", *x)
		} else {
			for i := range f.Lab {
				l := &f.Lab[i]
				l.OpiumKgPerDay *= *x
				l.ExternalPrecursorPerDay *= *x
				l.CapacityKgPerDay *= *x
			}
		}
	}
	if d.Professionalization != nil {
		before := len(v.problems)
		v.probability("drivers", "", "professionalization", *d.Professionalization)
		// A bad value is reported once, here: copied into every group, it
		// would be reported again at each group, blaming the file that set
		// the group's own value.
		for i := range f.Group {
			if len(v.problems) == before {
				// The driver sets the whole profile (sim.ProfileOf), as
				// if the group's file gave every dimension.
				g := &f.Group[i]
				g.Professionalization = *d.Professionalization
				pr := sim.ProfileOf(g.Professionalization)
				eachProfileDim(&pr, func(key string, x reflect.Value) { setConfig(configField(g, key), x) })
			}
		}
	}
	v.profileDriver(f)
	if d.XinjiangMarket {
		for i := range f.Group {
			g := &f.Group[i]
			if g.Product == sim.Precursors {
				continue
			}
			switch g.Origin {
			case "osh":
				g.Destinations = appendNew(g.Destinations, "kashgar")
			case "almaty":
				g.Destinations = appendNew(g.Destinations, "urumqi")
			}
		}
	}
	if d.KZRailMajority {
		for i := range f.Group {
			g := &f.Group[i]
			if pc := places[g.Origin]; pc == nil || pc.Country != "KZ" || g.Product == sim.Precursors {
				continue
			}
			modes := []sim.Mode{sim.Rail}
			for _, m := range g.Modes {
				if m != sim.Truck && m != sim.Rail {
					modes = append(modes, m)
				}
			}
			g.Modes = modes
		}
	}
	if d.BothProducts {
		f.Group = mergeProducts(f.Group)
	}
}

func appendNew(list []string, x string) []string {
	for _, y := range list {
		if y == x {
			return list
		}
	}
	return append(list, x)
}

// mergeProducts folds, at every origin with both, the precursor population
// into the first opiate population: it moves both products, keeps its own
// traits, gains the precursor destinations and modes, and the couriers the
// precursor groups had.
func mergeProducts(groups []groupConfig) []groupConfig {
	var out []groupConfig
	opiateAt := map[string]int{}
	for _, g := range groups {
		if g.Product == sim.Opiates {
			if _, ok := opiateAt[g.Origin]; !ok {
				opiateAt[g.Origin] = len(out)
			}
		}
		out = append(out, g)
	}
	var kept []groupConfig
	for _, g := range out {
		i, ok := opiateAt[g.Origin]
		if g.Product != sim.Precursors || !ok {
			kept = append(kept, g)
			continue
		}
		o := &out[i]
		o.Product = sim.Both
		for _, d := range g.Destinations {
			o.Destinations = appendNew(o.Destinations, d)
		}
		for _, m := range g.Modes {
			if !slices.Contains(o.Modes, m) {
				o.Modes = append(o.Modes, m)
			}
		}
		o.Couriers += (g.Couriers*g.Count + o.Count - 1) / o.Count
	}
	// kept holds copies made before the merge: refresh the merged ones.
	for k := range kept {
		if i, ok := opiateAt[kept[k].Origin]; ok && kept[k].ID == out[i].ID {
			kept[k] = out[i]
		}
	}
	return kept
}

// agencies builds World.Agencies from the [[agency]] entries and gives
// every place with a guard unit its agency: the one it names, or else the
// first agency of its country whose roles include one of the place's roles.
func (v *validator) agencies(f *file, w *sim.World) {
	index := map[string]int{}
	var ids []string
	for _, ac := range f.Agency {
		if ac.ID == "" {
			v.addf("agency", "", "id", "an agency has no id")
			continue
		}
		if ac.Country == "" {
			v.addf("agency", ac.ID, "country", "missing (a country code such as TJ, KG, KZ)")
		}
		v.inRange("agency", ac.ID, "mobile_staff", ac.MobileStaff, 0, MaxStaff)
		v.inRange("agency", ac.ID, "informant_usd", ac.InformantUSD, 0, MaxUSD)
		v.probability("agency", ac.ID, "follow", ac.Follow)
		if ac.Corruption != nil {
			v.probability("agency", ac.ID, "corruption", *ac.Corruption)
		}
		index[ac.ID] = len(w.Agencies)
		ids = append(ids, ac.ID)
		w.Agencies = append(w.Agencies, sim.Agency{ID: ac.ID, Country: ac.Country, MobileStaff: ac.MobileStaff,
			InformantUSD: ac.InformantUSD, Follow: ac.Follow, SharesIntel: ac.SharesIntel})
	}
	for i, pc := range f.Place {
		if i >= len(w.Places) {
			break
		}
		pl := &w.Places[i]
		pl.Agency = -1
		if pc.Agency != "" {
			a, ok := index[pc.Agency]
			if !ok {
				v.addf("place", pc.ID, "agency", "unknown agency %q%s", pc.Agency, suggest(pc.Agency, ids))
				continue
			}
			pl.Agency = a
			continue
		}
		if pl.Roles&(sim.Crossing|sim.Checkpoint|sim.BorderSection|sim.Stash) == 0 {
			continue
		}
		for _, ac := range f.Agency {
			a, ok := index[ac.ID]
			if !ok || ac.Country != pl.Country {
				continue
			}
			for _, r := range ac.Roles {
				if pl.Roles&r != 0 {
					pl.Agency = a
					break
				}
			}
			if pl.Agency >= 0 {
				break
			}
		}
	}
	v.applyAgencyEffects(w, index, ids)
}

// applyAgencyEffects applies the interventions' effects on agencies, each
// once per intervention and agency (two target places of one agency do not
// double its mobile officers).
func (v *validator) applyAgencyEffects(w *sim.World, index map[string]int, ids []string) {
	places := map[string]int{}
	for i := range w.Places {
		places[w.Places[i].ID] = i
	}
	done := map[[2]string]bool{}
	for _, e := range v.agencyEffects {
		a := -1
		switch {
		case e.agency != "":
			i, ok := index[e.agency]
			if !ok {
				v.addf("intervention", e.intervention, "agency", "unknown agency %q%s", e.agency, suggest(e.agency, ids))
				continue
			}
			a = i
		default:
			if p, ok := places[e.place]; ok {
				a = w.Places[p].Agency
			}
			if a < 0 {
				v.addf("intervention", e.intervention, "place", "no agency runs the unit at %s (name one with the place's agency key, or add an [[agency]] of its country)", e.place)
				continue
			}
		}
		key := [2]string{e.intervention, w.Agencies[a].ID}
		if done[key] {
			continue
		}
		done[key] = true
		ag := &w.Agencies[a]
		ag.MobileStaff += e.mobile
		ag.InformantUSD += e.informantUSD
		ag.SharesIntel = ag.SharesIntel || e.sharesIntel
	}
}

// The dimensions of a group's profile are the fields of sim.Profile: a
// group's file and [drivers.profile] give each under the key of its toml tag
// (groupConfig, profileDriver), so the code below walks sim.Profile instead
// of listing them again.

// eachProfileDim calls f with the key and the value (a float64 or an int)
// of each dimension of pr, in the order of sim.Profile's fields.
func eachProfileDim(pr *sim.Profile, f func(key string, dim reflect.Value)) {
	v := reflect.ValueOf(pr).Elem()
	for i := 0; i < v.NumField(); i++ {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("toml"), ",")
		f(key, v.Field(i))
	}
}

// configField returns the field of the config struct cfg points to (a
// groupConfig or a profileDriver) that a file sets under key.
func configField(cfg any, key string) reflect.Value {
	v := reflect.ValueOf(cfg).Elem()
	for i := 0; i < v.NumField(); i++ {
		if name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("toml"), ","); name == key {
			return v.Field(i)
		}
	}
	panic("scenario: " + v.Type().String() + " has no key " + key + " of sim.Profile") // TestProfileKeys
}

// setConfig sets a config field to x, as a file giving it would: a field a
// file may leave unset (a pointer) gets a value of its own.
func setConfig(field, x reflect.Value) {
	if field.Kind() == reflect.Pointer {
		p := reflect.New(x.Type())
		p.Elem().Set(x)
		x = p
	}
	field.Set(x)
}

// profileValue checks a value of dimension key of a profile: a probability,
// or for the one whole-number dimension, organisers, a count. It reports
// whether the value is allowed.
func (v *validator) profileValue(section, id, key string, x reflect.Value) bool {
	if x.Kind() == reflect.Int {
		return v.count(section, id, key, int(x.Int()), 1, MaxOrganisers)
	}
	before := len(v.problems)
	v.probability(section, id, key, x.Float())
	return len(v.problems) == before
}

// profileDriver applies [drivers.profile]: each dimension it sets, for every
// group, checked once here.
func (v *validator) profileDriver(f *file) {
	pd := &f.Drivers.Profile
	var pr sim.Profile
	eachProfileDim(&pr, func(key string, _ reflect.Value) {
		x := configField(pd, key)
		if x.IsNil() || !v.profileValue("drivers", "", "profile."+key, x.Elem()) {
			return
		}
		for i := range f.Group {
			setConfig(configField(&f.Group[i], key), x.Elem())
		}
	})
}

// profile fills the profile of g from gc: each dimension gc gives, checked,
// else the one the group's professionalization implies (sim.ProfileOf). A
// group's concealment and standing corruption are its own (0 unless given),
// not its professionalization's.
func (v *validator) profile(id string, gc *groupConfig, g *sim.Population) {
	pr := sim.ProfileOf(gc.Professionalization)
	eachProfileDim(&pr, func(key string, dim reflect.Value) {
		x := configField(gc, key)
		if x.Kind() == reflect.Pointer {
			if x.IsNil() {
				return // it follows the professionalization
			}
			x = x.Elem()
		}
		v.profileValue("group", id, key, x)
		dim.Set(x)
	})
	g.Profile = pr
}
