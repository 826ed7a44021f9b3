package scenario

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"hourglass/sim"
)

// eventConfig is a dated change to a scenario (issue #13): from the first day
// of its month, the values it sets and the interventions it adds are in
// force. Events dated at or before the run's start apply from the start;
// events after its end change nothing.
//
//	[[event]]
//	date = "2005-07"
//	set = { "place[moscovsky].traits.patrol_coverage" = 0.004 }
//	source = "brief §1: the Russian border guards leave the Tajik-Afghan border"
//
//	[[event.intervention]]        # from 2005-07 on, as a [[intervention]]
//	type = "mobile-units"
//	places = ["panj-west"]
//
// and remove = ["russian-guards"] ends interventions (by id, or type@places).
type eventConfig struct {
	Date         string               `toml:"date"` // "YYYY-MM"
	Set          map[string]setValue  `toml:"set"`
	Intervention []interventionConfig `toml:"intervention"`
	Remove       []string             `toml:"remove"` // ids of interventions that end at this month
	Note         string               `toml:"note"`
	provenance
}

// setValue is a value an event sets: a number, a string (a schedule, a
// scanner kind) or a boolean, checked against the path it sets.
type setValue struct{ v any }

// UnmarshalTOML accepts a number, string or boolean.
func (s *setValue) UnmarshalTOML(v any) error {
	switch v.(type) {
	case int64, float64, string, bool:
		s.v = v
		return nil
	}
	return fmt.Errorf("%s is not a number, string or boolean", show(v))
}

// event is an [[event]] entry as the loader applies it.
type event struct {
	date          sim.YearMonth
	set           [][2]any // path, value; sorted by path
	interventions []map[string]any
	remove        []string
}

// takeEvents removes the [[event]] entries from the merged tables and reads
// them in date order (the file's order within a month), checking that each
// path it sets exists and takes its value.
func takeEvents(merged map[string]any, chain []*loaded, problems *ErrorList) []event {
	raw, _ := merged["event"].([]map[string]any)
	delete(merged, "event")
	var out []event
	for _, r := range raw {
		ds, _ := r["date"].(string)
		file, line := eventLine(chain, ds, "date")
		date, err := sim.ParseYearMonth(ds)
		if err != nil {
			problems.add(file, line, "event["+ds+"].date", "%s", dateProblem(ds, err))
			continue
		}
		label := "event[" + ds + "]"
		e := event{date: date}
		set, _ := r["set"].(map[string]any)
		file, line = eventLine(chain, ds, "set")
		for _, path := range sortedKeys(set) {
			if key, msg := checkValue(merged, path, set[path]); msg != "" {
				problems.add(file, line, label+".set", "%s: %s", key, msg)
				continue
			}
			e.set = append(e.set, [2]any{path, set[path]})
		}
		switch ivs := r["intervention"].(type) {
		case []map[string]any:
			e.interventions = ivs
		case []any:
			for _, x := range ivs {
				if m, ok := x.(map[string]any); ok {
					e.interventions = append(e.interventions, m)
				}
			}
		}
		rm, _ := r["remove"].([]any)
		ids := interventionIDs(merged, raw)
		for _, x := range rm {
			id, _ := x.(string)
			if !slices.Contains(ids, id) {
				file, line = eventLine(chain, ds, "remove")
				problems.add(file, line, label+".remove", "no intervention has id %q%s (allowed: the id or type@places of an [[intervention]])", id, suggest(id, ids))
				continue
			}
			e.remove = append(e.remove, id)
		}
		if len(set) == 0 && len(e.interventions) == 0 && len(rm) == 0 && !reported(*problems, label+".") {
			file, line = eventLine(chain, ds, "")
			problems.add(file, line, label, "changes nothing (allowed: set = { PATH = VALUE }, [[event.intervention]], remove = [ID])")
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].date.Sub(out[j].date) < 0 })
	return out
}

// interventionIDs lists the ids of the scenario's interventions and of
// those its events add: what an event may remove.
func interventionIDs(merged map[string]any, events []map[string]any) []string {
	var ids []string
	add := func(v any) {
		switch list := v.(type) {
		case []map[string]any:
			for _, iv := range list {
				ids = append(ids, interventionID(iv))
			}
		case []any:
			for _, x := range list {
				if iv, ok := x.(map[string]any); ok {
					ids = append(ids, interventionID(iv))
				}
			}
		}
	}
	add(merged["intervention"])
	for _, e := range events {
		add(e["intervention"])
	}
	return ids
}

// eventLine finds the file and line of key of the [[event]] dated date: in
// the last file of the chain that has one (an extending file's event of the
// same month merges into its base's).
func eventLine(chain []*loaded, date, key string) (file string, line int) {
	for j := len(chain) - 1; j >= 0; j-- {
		l := chain[j]
		evs, _ := l.raw["event"].([]map[string]any)
		for i, e := range evs {
			if d, _ := e["date"].(string); d == date {
				p := fmt.Sprintf("event[%d]", i)
				if key != "" {
					p += "." + key
				}
				return l.path, l.loc.line(p)
			}
		}
	}
	return chain[len(chain)-1].path, 0
}

// dateProblem says what is wrong with an event's date.
func dateProblem(ds string, err error) string {
	if ds == "" {
		return "missing (allowed: YYYY-MM, e.g. 2005-07)"
	}
	return err.Error()
}

// apply puts the event's values and interventions into merged tables.
func (e *event) apply(merged map[string]any) error {
	for _, kv := range e.set {
		v := kv[1]
		if x, ok := v.(float64); ok && x == float64(int64(x)) {
			v = int64(x)
		}
		if err := applyValue(merged, kv[0].(string), v); err != nil {
			return err
		}
	}
	list, _ := merged["intervention"].([]map[string]any)
	for _, iv := range e.interventions {
		list = append(list, copyTable(iv))
	}
	if len(e.remove) > 0 {
		kept := list[:0]
		for _, iv := range list {
			if !slices.Contains(e.remove, interventionID(iv)) {
				kept = append(kept, iv)
			}
		}
		list = kept
	}
	if list != nil {
		merged["intervention"] = list
	}
	return nil
}

// runWindow reads the measured period's first month and its number of
// months from the merged params (defaults where unset, or wrong: the
// validator reports that).
func runWindow(merged map[string]any) (start sim.YearMonth, months int) {
	d := sim.DefaultParams()
	start, days := d.Start, d.Days
	params, _ := merged["params"].(map[string]any)
	if s, ok := params["start"].(string); ok {
		if ym, err := sim.ParseYearMonth(s); err == nil {
			start = ym
		}
	}
	if x, ok := params["days"].(int64); ok && x > 0 {
		days = int(x)
	}
	if y, ok := params["years"].(int64); ok && y > 0 {
		days = 365 * int(y)
	}
	return start, sim.MonthsIn(start, days)
}

// warmupMonths reads params.warmup_months from the merged params (the
// default where unset; 0 where out of range: the validator reports that).
func warmupMonths(merged map[string]any) int {
	params, _ := merged["params"].(map[string]any)
	x, ok := params["warmup_months"].(int64)
	switch {
	case !ok:
		return sim.DefaultParams().WarmupMonths
	case x < 0 || x > sim.MaxWarmupMonths:
		return 0
	}
	return int(x)
}

// startKey is an [[intervention]]'s from: when it comes into force.
//
//	from = "start"    # the measured start (the default)
//	from = "warmup"   # the warm-up's first month: in force throughout
//	from = "2005-07"  # that month (from the warm-up's first month if earlier)
//
// During the warm-up a scenario's world is its files without their
// interventions (drivers, values, events and network are in force); each
// intervention comes into force at its from.
type startKey struct{ s string }

// UnmarshalText accepts start, warmup or a month YYYY-MM.
func (k *startKey) UnmarshalText(b []byte) error {
	s := string(b)
	if s != "start" && s != "warmup" {
		if _, err := sim.ParseYearMonth(s); err != nil {
			return fmt.Errorf("%q is not start, warmup or a month (allowed: \"start\", the measured start; \"warmup\", the warm-up's first month; YYYY-MM, e.g. 2005-07)", s)
		}
	}
	k.s = s
	return nil
}

// takeStarts reads when each of the merged [[intervention]]s comes into
// force (its from: startKey), in their order, and checks that none is after
// the run's end and that no [[event.intervention]] has one (it comes into
// force at its event's date). It reads the events: call it before
// takeEvents takes them.
func takeStarts(merged map[string]any, chain []*loaded, problems *ErrorList) []sim.YearMonth {
	start, months := runWindow(merged)
	first, end := start.Add(-warmupMonths(merged)), start.Add(months)
	list, _ := merged["intervention"].([]map[string]any)
	starts := make([]sim.YearMonth, len(list))
	v := validator{chain: chain}
	for i, iv := range list {
		from, _ := iv["from"].(string)
		switch from {
		case "", "start":
			starts[i] = start
			continue
		case "warmup":
			starts[i] = first
			continue
		}
		d, err := sim.ParseYearMonth(from)
		if err != nil {
			continue // the type checker reported it
		}
		if d.Sub(end) >= 0 {
			id := interventionID(iv)
			file, line := v.where("intervention", id, "from")
			problems.add(file, line, "intervention["+id+"].from", "%v is after the run's last month, %v: the intervention would never be in force (allowed: start, warmup or a month up to %v)", d, end.Add(-1), end.Add(-1))
		}
		if d.Sub(first) < 0 {
			d = first
		}
		starts[i] = d
	}
	events, _ := merged["event"].([]map[string]any)
	for _, e := range events {
		ds, _ := e["date"].(string)
		var ivs []map[string]any
		switch list := e["intervention"].(type) {
		case []map[string]any:
			ivs = list
		case []any:
			for _, x := range list {
				if m, ok := x.(map[string]any); ok {
					ivs = append(ivs, m)
				}
			}
		}
		for j, iv := range ivs {
			if _, ok := iv["from"]; ok {
				file, line := eventLine(chain, ds, fmt.Sprintf("intervention[%d].from", j))
				problems.add(file, line, "event["+ds+"].intervention["+interventionID(iv)+"].from",
					"an event's intervention comes into force at the event's date (allowed: from in a top-level [[intervention]])")
			}
		}
	}
	return starts
}

// eventDates lists the events' dates, in their order.
func eventDates(events []event) []sim.YearMonth {
	dates := make([]sim.YearMonth, len(events))
	for i := range events {
		dates[i] = events[i].date
	}
	return dates
}

// tablesAt returns a copy of merged with the [[intervention]]s in force by
// until (starts[i] is when the i-th comes into force: takeStarts) and every
// event dated until or before applied.
func tablesAt(merged map[string]any, events []event, starts []sim.YearMonth, until sim.YearMonth) (map[string]any, error) {
	m := copyTable(merged)
	if list, _ := m["intervention"].([]map[string]any); len(list) == len(starts) {
		kept := make([]map[string]any, 0, len(list))
		for i, iv := range list {
			if starts[i].Sub(until) <= 0 {
				kept = append(kept, iv)
			}
		}
		switch {
		case len(kept) == 0:
			delete(m, "intervention")
		case len(kept) < len(list):
			m["intervention"] = kept
		}
	}
	for i := range events {
		if events[i].date.Sub(until) <= 0 {
			if err := events[i].apply(m); err != nil {
				return nil, fmt.Errorf("event %v: %w", events[i].date, err)
			}
		}
	}
	return m, nil
}

// timeline is when a scenario's world may change: the run's first month
// (the warm-up's, with one), the measured start, the month after the run,
// its events' dates and its interventions' starts (takeStarts).
type timeline struct {
	first, start, end sim.YearMonth
	dates, starts     []sim.YearMonth
}

// newTimeline reads the run's window from the merged params.
func newTimeline(merged map[string]any, events []event, starts []sim.YearMonth) timeline {
	start, months := runWindow(merged)
	return timeline{first: start.Add(-warmupMonths(merged)), start: start, end: start.Add(months), dates: eventDates(events), starts: starts}
}

// changes returns the months after the run's first at which its world
// changes, in order: the events' dates and the interventions' starts
// within the run, and the measured start unless nothing comes into force
// between the warm-up's first month and it (same: the warm-up's world is
// the measured start's).
func (t timeline) changes() (changes []sim.YearMonth, same bool) {
	within := func(d sim.YearMonth) bool { return d.Sub(t.first) > 0 && d.Sub(t.end) < 0 }
	between := func(d sim.YearMonth) bool { return d.Sub(t.first) > 0 && d.Sub(t.start) <= 0 }
	same = true
	for _, list := range [][]sim.YearMonth{t.dates, t.starts} {
		for _, d := range list {
			if within(d) {
				changes = append(changes, d)
			}
			same = same && !between(d)
		}
	}
	if !same {
		changes = append(changes, t.start)
	}
	slices.SortFunc(changes, func(a, b sim.YearMonth) int { return a.Sub(b) })
	return slices.Compact(changes), same
}

// epochs builds the worlds of a scenario's timeline: the first is the world
// of the run's first month (the warm-up's, when there is one), with every
// event dated at or before it and the interventions in force by then; then
// one from each month at which its world changes (timeline.changes), each
// with every event up to its month and the interventions in force by then.
// at builds the scenario of a month, asked first for the measured start's
// (so that its problems, interventions' included, are the scenario's own,
// all in one pass), then for the warm-up's first month's when it differs,
// then for the later changes in order; union gives the worlds, in that
// order, the same routes (nil: sim.UnionRoutes). The scenario returned is
// the measured start's; its Epochs, when there is more than one, run from
// the run's first month.
func epochs(t timeline, at func(until sim.YearMonth) (*Scenario, error), union func([]*sim.World) error) (*Scenario, error) {
	changes, same := t.changes()
	if len(changes) > MaxEpochs {
		return nil, fmt.Errorf("events and interventions change the world in %d months (allowed: at most %d; each is a world of its own, in memory for the whole run)", len(changes), MaxEpochs)
	}
	sc, err := at(t.start)
	if err != nil || len(changes) == 0 {
		return sc, err
	}
	if size := len(sc.World.Places) + len(sc.World.Segments); (len(changes)+2)*size > MaxEpochElements {
		return nil, fmt.Errorf("%d worlds (the run's and one for each of %d months its events and interventions change it) of %d places and segments each: %d in all (allowed: at most %d places and segments in all the worlds of a run)",
			len(changes)+2, len(changes), size, (len(changes)+2)*size, MaxEpochElements)
	}
	built := []*Scenario{sc} // in the order at built them
	first := sc
	if !same {
		if first, err = at(t.first); err != nil {
			return nil, fmt.Errorf("the warm-up's world from %v, without the interventions that come into force later: %w", t.first, err)
		}
		built = append(built, first)
	}
	epochs := []sim.Epoch{{From: t.first, World: first.World, Params: &first.Params}}
	later := make([]*Scenario, len(changes))
	for i, d := range changes {
		esc := sc
		if d != t.start {
			if esc, err = at(d); err != nil {
				return nil, fmt.Errorf("the scenario from %v, with its events: %w", d, err)
			}
			built = append(built, esc)
		}
		later[i] = esc
		epochs = append(epochs, sim.Epoch{From: d, World: esc.World, Params: &esc.Params})
	}
	// Costs by intervention: each from the measured start, or the later
	// epoch it appears in, until the epoch it is gone from.
	inForce := map[string]int{} // intervention -> index in sc.Costs
	for i, c := range sc.Costs {
		inForce[c.Intervention] = i
	}
	for i, d := range changes {
		if d.Sub(t.start) <= 0 {
			continue
		}
		esc := later[i]
		now := map[string]bool{}
		for _, c := range esc.Costs {
			now[c.Intervention] = true
			if _, ok := inForce[c.Intervention]; !ok {
				c.From, c.StartYear = d, float64(d.Sub(t.start))/12
				inForce[c.Intervention] = len(sc.Costs)
				sc.Costs = append(sc.Costs, c)
			}
		}
		for id, j := range inForce {
			if !now[id] {
				sc.Costs[j].Until, sc.Costs[j].EndYear = d, float64(d.Sub(t.start))/12
				delete(inForce, id)
			}
		}
		if len(esc.Touched) > len(sc.Touched) {
			sc.Touched = append(sc.Touched, esc.Touched[len(sc.Touched):]...)
		}
	}
	sc.Epochs = epochs
	// A road an event opens (or closes) changes the routes: every epoch gets
	// the union, closed where its places are closed.
	worlds := make([]*sim.World, len(built))
	for i, e := range built {
		if err := sim.SameNetwork(sc.World, e.World, false); err != nil {
			return nil, fmt.Errorf("an event changes the network: %w (allowed: values, schedules, scanners and interventions at existing places)", err)
		}
		worlds[i] = e.World
	}
	if union == nil {
		sim.UnionRoutes(worlds)
	} else if err := union(worlds); err != nil {
		return nil, err
	}
	return sc, nil
}

// reported reports whether a problem was already found under key prefix (an
// event whose only value was refused, as nan, does not also "change nothing").
func reported(problems ErrorList, prefix string) bool {
	for _, p := range problems {
		if strings.HasPrefix(p.Key, prefix) {
			return true
		}
	}
	return false
}

// AllEpochs returns the epochs a run of the scenario goes through
// (sim.RunEpochs): its Epochs, or its one world from the run's first month
// (the warm-up's, if any).
func (s *Scenario) AllEpochs() []sim.Epoch {
	if len(s.Epochs) > 0 {
		return s.Epochs
	}
	return []sim.Epoch{{From: s.Params.Start.Add(-s.Params.WarmupMonths), World: s.World, Params: &s.Params}}
}
