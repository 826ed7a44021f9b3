package workbench

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

// maxRows bounds the interventions and events one form may add.
const maxRows = 50

// placeOption is a place (or an agency) of the base network, for the
// form's lists: its id, and its name with its country and roles.
type placeOption struct {
	ID, Label string
}

// formData is the new-scenario form's data: the schema it is built from
// and, when it comes back with problems, everything the user entered
// (interventions and events included) with each problem beside its field.
type formData struct {
	Kinds    []scenario.KindInfo
	Bases    []entry
	Places   []placeOption
	Agencies []placeOption
	Keys     []string
	Base     string
	Name     string
	Descr    string
	Replace  bool
	// Values are what the user entered, by field name ("drivers.x",
	// "iv-3-target", "ev-0-date"), and Errors each field's problems ("" for
	// the form's).
	Values map[string]string
	Errors fieldErrors
	// Interventions and Events are the rows the user had added, by the
	// number their fields carry; Next is the number of the next row.
	Interventions []ivRow
	Events        []evRow
	Next          int
}

// ivRow is one intervention of the form: its number, kind, values and
// problems (what the "intervention" template draws; N is "__N__" in the
// template a new row is cloned from).
type ivRow struct {
	N      string
	Kind   scenario.KindInfo
	Values map[string]string
	Errors fieldErrors
}

// V is the value of the row's field key ("iv-N-key").
func (r ivRow) V(key string) string { return r.Values["iv-"+r.N+"-"+key] }

// E is the row's field key and its problem, for the field-error template.
func (r ivRow) E(key string) fieldError {
	name := "iv-" + r.N + "-" + key
	return fieldError{name, r.Errors[name]}
}

// EV and EE are V and E of an event's fields ("ev-N-key").
func (r ivRow) EV(key string) string { return r.Values["ev-"+r.N+"-"+key] }

// EE is E of an event's field.
func (r ivRow) EE(key string) fieldError {
	name := "ev-" + r.N + "-" + key
	return fieldError{name, r.Errors[name]}
}

// evRow is one event of the form (its Kind unused).
type evRow = ivRow

// templateRow is the row a new intervention of kind k is cloned from.
func templateRow(k scenario.KindInfo) ivRow { return ivRow{N: "__N__", Kind: k} }

func (w *Workbench) formData() formData {
	d := formData{Kinds: scenario.Kinds(), Keys: scenario.OverrideKeys(), Base: shipped + "/" + strings.TrimSuffix(scenarios.Baseline, ".toml"),
		Values: map[string]string{}, Errors: fieldErrors{}}
	for _, e := range w.library.entries() {
		if e.Problem == "" {
			d.Bases = append(d.Bases, e)
		}
	}
	if sc, err := scenario.Load(w.cfg.Shipped, scenarios.Baseline); err == nil {
		d.Places, d.Agencies = placeOptions(sc.World)
	}
	return d
}

// placeOptions lists a world's places and agencies, by id.
func placeOptions(world *sim.World) (places, agencies []placeOption) {
	for _, p := range world.Places {
		places = append(places, placeOption{ID: p.ID, Label: fmt.Sprintf("%s (%s; %s)", p.Name, p.Country, p.Roles)})
	}
	sort.Slice(places, func(i, j int) bool { return places[i].ID < places[j].ID })
	for _, a := range world.Agencies {
		agencies = append(agencies, placeOption{ID: a.ID, Label: a.Country})
	}
	return places, agencies
}

func (w *Workbench) newForm(rw http.ResponseWriter, r *http.Request) {
	d := w.formData()
	if b := r.URL.Query().Get("base"); b != "" {
		d.Base = b
	}
	w.render(rw, http.StatusOK, "new", "New scenario", d)
}

// saveForm writes the scenario the form describes once the loader accepts
// it. Otherwise the form comes back as the user left it, every problem
// beside its field: the form's own (a place that is not in the network, a
// number that is not one) and the loader's (a value out of range).
func (w *Workbench) saveForm(rw http.ResponseWriter, r *http.Request) {
	d := w.formData()
	d.Name, d.Descr, d.Base = strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("description"), r.PostFormValue("extends")
	d.Replace = r.PostFormValue("replace") != ""
	for k := range r.PostForm {
		d.Values[k] = r.PostFormValue(k)
	}
	world := w.baseWorld(d.Base)
	text, rows := buildTOML(r, w.library, world, d.Errors)
	d.Interventions, d.Events, d.Next = rows.interventions, rows.events, rows.next
	if p := w.library.nameProblem(d.Name); p != "" {
		d.Errors.add("name", "%s", p)
	} else if _, exists := w.library.find(mine, d.Name); exists && !d.Replace {
		d.Errors.add("name", "%s", takenName(d.Name))
	}
	if len(d.Errors) == 0 {
		if _, err := w.library.check(d.Name, []byte(text)); err != nil {
			for _, p := range problems(err) {
				msg := p.Msg
				if p.Key != "" {
					msg = p.Key + ": " + msg // the loader's words, as hourglass check says them
				}
				d.Errors.add(rows.field(p), "%s", msg)
			}
		}
	}
	if len(d.Errors) > 0 {
		for _, rows := range [][]ivRow{d.Interventions, d.Events} {
			for i := range rows {
				rows[i].Values, rows[i].Errors = d.Values, d.Errors
			}
		}
		w.render(rw, http.StatusUnprocessableEntity, "new", "New scenario", d)
		return
	}
	if err := w.library.save(d.Name, []byte(text)); err != nil {
		d.Errors.add("", "%v", err)
		w.render(rw, http.StatusUnprocessableEntity, "new", "New scenario", d)
		return
	}
	http.Redirect(rw, r, "/scenarios/"+mine+"/"+d.Name+"?saved=1", http.StatusSeeOther)
}

// baseWorld is the world of the scenario ref (origin/name), whose places
// the form's place fields name; nil when it does not load.
func (w *Workbench) baseWorld(ref string) *sim.World {
	e, ok := w.findRef(ref)
	if !ok {
		return nil
	}
	sc, err := w.library.load(e)
	if err != nil {
		return nil
	}
	return sc.World
}

// formRows are the interventions and events a form built, and where the
// loader's problems with each go.
type formRows struct {
	interventions, events []ivRow
	next                  int
	// labels name each intervention as the loader does ("checkpoint@osh")
	// and each event by its date, with its row's number.
	ivLabels, evLabels map[string]string
}

// field is the form field a loader problem is about: an intervention's or
// an event's setting, a driver or a cost, the base; "" for the form.
func (fr formRows) field(p scenario.Problem) string {
	key := p.Key
	for prefix, labels := range map[string]map[string]string{"intervention[": fr.ivLabels, "event[": fr.evLabels} {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		label, setting, _ := strings.Cut(rest, "].")
		n, ok := labels[label]
		if !ok {
			return ""
		}
		if prefix == "event[" {
			switch {
			case setting == "date":
				return "ev-" + n + "-date"
			case strings.HasPrefix(setting, "set"):
				return "ev-" + n + "-value"
			}
			return "ev-" + n + "-key"
		}
		switch setting {
		case "place", "places", "agency":
			return "iv-" + n + "-target"
		}
		return "iv-" + n + "-" + setting
	}
	if strings.HasPrefix(key, "drivers.") || strings.HasPrefix(key, "costs.") {
		return key
	}
	if key == "extends" {
		return "extends"
	}
	return ""
}

// buildTOML writes the scenario file the form describes: a
// scenario.Draft, written by scenario.Encode. Its fields are named by key
// path ("drivers.professionalization", "costs.discount_rate", an
// intervention's settings by the keys of scenario.Kinds); each value is
// read as the scenario's schema says the key holds (scenario.ParseValue),
// and nothing more: ranges are the loader's to check, so that the form and
// the command line report the same problems. A place is taken by its id
// or its name (resolvePlace), as world has them. Problems go into errs by
// field.
func buildTOML(r *http.Request, lib *library, world *sim.World, errs fieldErrors) (string, formRows) {
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	rows := formRows{ivLabels: map[string]string{}, evLabels: map[string]string{}}
	d := scenario.Draft{Name: get("name"), Description: get("description"),
		Comment: "Written by the hourglass workbench: a scenario file like any other\n(hourglass check FILE checks it; hourglass compare baseline FILE runs it)."}
	base := get("extends")
	if origin, name, _ := strings.Cut(base, "/"); lib.has(origin, name) {
		d.Extends = name + ".toml"
	} else {
		errs.add("extends", "base %q: no such scenario", base)
	}
	// [drivers] and [costs]: a number left empty, or a switch left off,
	// keeps the base's
	var keys []string
	for k := range r.PostForm {
		if strings.HasPrefix(k, "drivers.") || strings.HasPrefix(k, "costs.") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if text := get(k); text != "" {
			v, err := scenario.ParseValue(k, text)
			if err != nil {
				errs.add(k, "%v", err)
				continue
			}
			d.Set = append(d.Set, scenario.Value{Key: k, Value: v})
		}
	}
	kinds := map[string]scenario.KindInfo{}
	for _, k := range scenario.Kinds() {
		kinds[k.Name] = k
	}
	for i := range maxRows {
		n := strconv.Itoa(i)
		pre := "iv-" + n + "-"
		typ := get(pre + "type")
		if typ == "" {
			continue
		}
		rows.next = i + 1
		k, ok := kinds[typ]
		if !ok {
			errs.add("", "intervention %d: unknown type %q", i+1, typ)
			continue
		}
		rows.interventions = append(rows.interventions, ivRow{N: n, Kind: k})
		e := scenario.Entry{{Key: "type", Value: typ}}
		target := "place"
		if k.Target == "agency" {
			target = "agency"
		}
		id := get(pre + "target")
		if id != "" && world != nil {
			var problem string
			if id, problem = resolveTarget(world, target, id); problem != "" {
				errs.add(pre+"target", "%s", problem)
			}
		}
		if id != "" {
			e = append(e, scenario.Value{Key: target, Value: id})
		}
		rows.ivLabels[typ+"@"+id] = n
		settings := append([]scenario.Setting{}, k.Settings...)
		settings = append(settings, scenario.Setting{Key: "capital_usd"}, scenario.Setting{Key: "annual_usd"})
		for _, s := range settings {
			if text := get(pre + s.Key); text != "" {
				v, err := scenario.ParseValue("intervention."+s.Key, text)
				if err != nil {
					errs.add(pre+s.Key, "%s: %v", s.Key, err)
					continue
				}
				e = append(e, scenario.Value{Key: s.Key, Value: v})
			}
		}
		for _, k := range []string{"note", "source", "assumption"} {
			if v := get(pre + k); v != "" {
				e = append(e, scenario.Value{Key: k, Value: v})
			}
		}
		d.Interventions = append(d.Interventions, e)
	}
	for i := range maxRows {
		n := strconv.Itoa(i)
		pre := "ev-" + n + "-"
		date, key, value := get(pre+"date"), get(pre+"key"), get(pre+"value")
		if date == "" && key == "" && value == "" {
			continue
		}
		rows.next = max(rows.next, i+1)
		rows.events = append(rows.events, evRow{N: n})
		rows.evLabels[date] = n
		ev := scenario.Event{Date: date, Note: get(pre + "note")}
		if key != "" {
			v, err := scenario.ParseValue(key, value)
			if err != nil {
				errs.add(pre+"value", "%s: %v", key, err)
				continue
			}
			ev.Set = []scenario.Value{{Key: key, Value: v}}
		}
		d.Events = append(d.Events, ev)
	}
	text, err := scenario.Encode(d)
	if err != nil {
		errs.add("", "%v", err)
	}
	return string(text), rows
}

// resolveTarget finds the place (or, for target "agency", the agency) a
// person typed: its id, in any case, or its name ("Osh", as the list of
// places shows it, or the list's whole label "Osh (KG; ...)"). It returns
// the id, or the text and what is wrong with it.
func resolveTarget(world *sim.World, target, text string) (string, string) {
	places, agencies := placeOptions(world)
	opts := places
	if target == "agency" {
		opts = agencies
	}
	folded := strings.ToLower(strings.TrimSpace(text))
	var byName []string
	for _, o := range opts {
		name, _, _ := strings.Cut(o.Label, " (")
		switch {
		case strings.ToLower(o.ID) == folded:
			return o.ID, ""
		case strings.ToLower(name) == folded || strings.ToLower(o.Label) == folded:
			byName = append(byName, o.ID)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], ""
	case 0:
		var near []string
		for _, o := range opts {
			name, _, _ := strings.Cut(o.Label, " (")
			id, nm := strings.ToLower(o.ID), strings.ToLower(name)
			part := func(a, b string) bool { return len(b) >= 3 && strings.Contains(a, b) }
			if part(id, folded) || part(nm, folded) || part(folded, id) || part(folded, nm) {
				near = append(near, fmt.Sprintf("%s (%s)", o.ID, name))
			}
		}
		msg := fmt.Sprintf("%s %q: not in the base's network: choose one from the list (type part of its name or id)", target, text)
		if len(near) > 0 && len(near) <= 8 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		return text, msg
	}
	return text, fmt.Sprintf("%s %q: several have that name (%s): give the id", target, text, strings.Join(byName, ", "))
}
