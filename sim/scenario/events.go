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

// runWindow reads the run's first month and its number of months from the
// merged params (defaults where unset, or wrong: the validator reports that).
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

// eventDates lists the events' dates, in their order.
func eventDates(events []event) []sim.YearMonth {
	dates := make([]sim.YearMonth, len(events))
	for i := range events {
		dates[i] = events[i].date
	}
	return dates
}

// tablesAt returns a copy of merged with every event dated until or before
// applied.
func tablesAt(merged map[string]any, events []event, until sim.YearMonth) (map[string]any, error) {
	m := copyTable(merged)
	for i := range events {
		if events[i].date.Sub(until) <= 0 {
			if err := events[i].apply(m); err != nil {
				return nil, fmt.Errorf("event %v: %w", events[i].date, err)
			}
		}
	}
	return m, nil
}

// epochs builds the worlds the events make: the first with every event
// dated at or before the start, then one from each later event's month
// within the run (of months months from start), each with every event up
// to its month. dates are the events' dates, sorted; at builds the
// scenario with the events up to a month; union gives the worlds the
// same routes (nil: sim.UnionRoutes).
func epochs(start sim.YearMonth, months int, dates []sim.YearMonth, at func(until sim.YearMonth) (*Scenario, error),
	union func([]*sim.World) error) (*Scenario, error) {
	sc, err := at(start)
	if err != nil || len(dates) == 0 {
		return sc, err
	}
	// Costs by intervention: each from the epoch it appears in, until the
	// epoch it is gone from.
	inForce := map[string]int{} // intervention -> index in sc.Costs
	for i, c := range sc.Costs {
		inForce[c.Intervention] = i
	}
	sc.Epochs = []sim.Epoch{{From: start, World: sc.World, Params: &sc.Params}}
	var later []*Scenario
	for i, d := range dates {
		if d.Sub(start) <= 0 || d.Sub(start) >= months || (i > 0 && dates[i-1] == d) {
			continue
		}
		esc, err := at(d)
		if err != nil {
			return nil, fmt.Errorf("the scenario from %v, with its events: %w", d, err)
		}
		later = append(later, esc)
		sc.Epochs = append(sc.Epochs, sim.Epoch{From: d, World: esc.World, Params: &esc.Params})
		now := map[string]bool{}
		for _, c := range esc.Costs {
			now[c.Intervention] = true
			if _, ok := inForce[c.Intervention]; !ok {
				c.From, c.StartYear = d, float64(d.Sub(start))/12
				inForce[c.Intervention] = len(sc.Costs)
				sc.Costs = append(sc.Costs, c)
			}
		}
		for id, i := range inForce {
			if !now[id] {
				sc.Costs[i].Until, sc.Costs[i].EndYear = d, float64(d.Sub(start))/12
				delete(inForce, id)
			}
		}
		if len(esc.Touched) > len(sc.Touched) {
			sc.Touched = append(sc.Touched, esc.Touched[len(sc.Touched):]...)
		}
	}
	if len(sc.Epochs) == 1 {
		sc.Epochs = nil
		return sc, nil
	}
	// A road an event opens (or closes) changes the routes: every epoch gets
	// the union, closed where its places are closed.
	worlds := []*sim.World{sc.World}
	for _, e := range later {
		if err := sim.SameNetwork(sc.World, e.World, false); err != nil {
			return nil, fmt.Errorf("an event changes the network: %w (allowed: values, schedules, scanners and interventions at existing places)", err)
		}
		worlds = append(worlds, e.World)
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
