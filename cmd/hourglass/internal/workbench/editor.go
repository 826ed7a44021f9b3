package workbench

import (
	"fmt"
	"io"
	"net/http"
	"path"
	"reflect"
	"sort"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

// maxRows bounds the interventions and events one form may add.
const maxRows = 50

// placeOption is a place of the base network, for the form's list.
type placeOption struct {
	ID, Label string
}

// formData is the new-scenario form's data: the schema it is built from
// and what the user entered when it comes back with problems.
type formData struct {
	Kinds   []scenario.KindInfo
	Bases   []entry
	Places  []placeOption
	Keys    []string
	Base    string
	Errors  []string
	Name    string
	Descr   string
	Replace bool
	// Values are what the user entered in [drivers] and [costs], by
	// "table.key", when the form comes back with problems.
	Values map[string]string
}

func (w *Workbench) formData() formData {
	d := formData{Kinds: scenario.Kinds(), Keys: scenario.OverrideKeys(), Base: shipped + "/" + strings.TrimSuffix(scenarios.Baseline, ".toml")}
	for _, e := range w.library.entries() {
		if e.Problem == "" {
			d.Bases = append(d.Bases, e)
		}
	}
	if sc, err := scenario.Load(w.cfg.Shipped, scenarios.Baseline); err == nil {
		for _, p := range sc.World.Places {
			d.Places = append(d.Places, placeOption{ID: p.ID, Label: fmt.Sprintf("%s (%s; %s)", p.Name, p.Country, p.Roles)})
		}
		sort.Slice(d.Places, func(i, j int) bool { return d.Places[i].ID < d.Places[j].ID })
	}
	return d
}

func (w *Workbench) newForm(rw http.ResponseWriter, r *http.Request) {
	d := w.formData()
	if b := r.URL.Query().Get("base"); b != "" {
		d.Base = b
	}
	w.render(rw, http.StatusOK, "new", "New scenario", d)
}

// takenName is the problem of saving under the name of another scenario
// of the user's without ticking "replace".
func takenName(name string) string {
	return fmt.Sprintf("name %q: you have a scenario of that name already (tick \"replace\" to write over it)", name)
}

// saveForm writes the scenario the form describes, after the loader has
// accepted it; otherwise it shows the file in the TOML editor with the
// loader's problems at their lines.
func (w *Workbench) saveForm(rw http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	text, errs := buildTOML(r, w.library)
	if p := w.library.nameProblem(name); p != "" {
		errs = append([]string{p}, errs...)
	} else if _, exists := w.library.find(mine, name); exists && r.PostFormValue("replace") == "" {
		errs = append([]string{takenName(name)}, errs...)
	}
	if len(errs) > 0 {
		d := w.formData()
		d.Errors, d.Name, d.Descr, d.Base = errs, name, r.PostFormValue("description"), r.PostFormValue("extends")
		d.Values = map[string]string{}
		for k := range r.PostForm {
			if strings.HasPrefix(k, "drivers.") || strings.HasPrefix(k, "costs.") {
				d.Values[k] = r.PostFormValue(k)
			}
		}
		w.render(rw, http.StatusUnprocessableEntity, "new", "New scenario", d)
		return
	}
	w.checkAndSave(rw, r, name, []byte(text), true)
}

// buildTOML writes the scenario file the form describes: a
// scenario.Draft, written by scenario.Encode. Its fields are named by key
// path ("drivers.professionalization", "costs.discount_rate", an
// intervention's settings by the keys of scenario.Kinds); each value is
// read as the scenario's schema says the key holds (scenario.ParseValue),
// and nothing more: ranges are the loader's to check, so that the form and
// the command line report the same problems.
func buildTOML(r *http.Request, lib *library) (string, []string) {
	var errs []string
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	d := scenario.Draft{Name: get("name"), Description: get("description"),
		Comment: "Written by the hourglass workbench: a scenario file like any other\n(hourglass check FILE checks it; hourglass compare baseline FILE runs it)."}
	base := get("extends")
	if origin, name, _ := strings.Cut(base, "/"); lib.has(origin, name) {
		d.Extends = name + ".toml"
	} else {
		errs = append(errs, fmt.Sprintf("base %q: no such scenario", base))
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
				errs = append(errs, k+": "+err.Error())
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
		pre := fmt.Sprintf("iv-%d-", i)
		typ := get(pre + "type")
		if typ == "" {
			continue
		}
		k, ok := kinds[typ]
		if !ok {
			errs = append(errs, fmt.Sprintf("intervention %d: unknown type %q", i+1, typ))
			continue
		}
		e := scenario.Entry{{Key: "type", Value: typ}}
		target := "place"
		if k.Target == "agency" {
			target = "agency"
		}
		if t := get(pre + "target"); t != "" {
			e = append(e, scenario.Value{Key: target, Value: t})
		}
		settings := append([]scenario.Setting{}, k.Settings...)
		settings = append(settings, scenario.Setting{Key: "capital_usd"}, scenario.Setting{Key: "annual_usd"})
		for _, s := range settings {
			if text := get(pre + s.Key); text != "" {
				v, err := scenario.ParseValue("intervention."+s.Key, text)
				if err != nil {
					errs = append(errs, fmt.Sprintf("intervention %d (%s): %s: %v", i+1, typ, s.Key, err))
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
		pre := fmt.Sprintf("ev-%d-", i)
		date, key, value := get(pre+"date"), get(pre+"key"), get(pre+"value")
		if date == "" && key == "" && value == "" {
			continue
		}
		ev := scenario.Event{Date: date, Note: get(pre + "note")}
		if key != "" {
			v, err := scenario.ParseValue(key, value)
			if err != nil {
				errs = append(errs, fmt.Sprintf("event %d: %s: %v", i+1, key, err))
				continue
			}
			ev.Set = []scenario.Value{{Key: key, Value: v}}
		}
		d.Events = append(d.Events, ev)
	}
	text, err := scenario.Encode(d)
	if err != nil {
		errs = append(errs, err.Error())
	}
	return string(text), errs
}

// editorData is the TOML editor's data.
type editorData struct {
	Name     string
	Origin   string // where the text came from, for the heading
	Text     string
	Lines    []editorLine
	Problems []shownProblem // every problem, as hourglass check prints them
	Checked  bool
	OK       string
	ReadOnly bool
	// Editing is the user's scenario the editor opened ("" for a copy of
	// a shipped one or an upload): saving under its name replaces it, any
	// other name of the user's needs "replace" ticked.
	Editing string
	Replace bool
}

// shownProblem is a problem's text and, when it is at a line of the file
// being edited, that line.
type shownProblem struct {
	Text string
	Line int
}

// editorLine is a line of the file with the problems the loader found on it.
type editorLine struct {
	N        int
	Text     string
	Problems []string
}

func (w *Workbench) editPage(rw http.ResponseWriter, r *http.Request) {
	e, text, ok := w.requestedScenario(rw, r)
	if !ok {
		return
	}
	d := editorData{Name: e.Name, Origin: e.Ref(), Text: text}
	if e.Origin == mine {
		d.Editing = e.Name
	}
	if e.Origin == shipped {
		d.Name = e.Name + "-copy"
		d.ReadOnly = true
	}
	d.Lines = annotate(d.Name, d.Text, nil)
	w.render(rw, http.StatusOK, "edit", "Edit "+d.Name, d)
}

// editPost checks (action=check) or checks and saves (action=save) the
// editor's text, or a TOML file uploaded in its place.
func (w *Workbench) editPost(rw http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	text := []byte(strings.ReplaceAll(r.PostFormValue("toml"), "\r\n", "\n"))
	if f, hdr, err := r.FormFile("file"); err == nil {
		data, err := io.ReadAll(io.LimitReader(f, MaxBody+1))
		f.Close()
		if err != nil {
			w.fail(rw, http.StatusBadRequest, "upload: %v", err)
			return
		}
		text = data
		if name == "" {
			name = strings.TrimSuffix(path.Base(hdr.Filename), ".toml") // the file's own name, checked below
		}
	}
	if p := w.library.nameProblem(name); p != "" {
		w.render(rw, http.StatusUnprocessableEntity, "edit", "Edit", editorData{Name: name, Text: string(text), Checked: true,
			Problems: []shownProblem{{Text: p}}, Lines: annotate("", string(text), nil)})
		return
	}
	save := r.PostFormValue("action") == "save"
	if _, exists := w.library.find(mine, name); save && exists && name != r.PostFormValue("editing") && r.PostFormValue("replace") == "" {
		d := editorData{Name: name, Text: string(text), Checked: true, Editing: r.PostFormValue("editing"),
			Problems: []shownProblem{{Text: takenName(name)}}, Lines: annotate("", string(text), nil)}
		w.render(rw, http.StatusUnprocessableEntity, "edit", "Edit", d)
		return
	}
	w.checkAndSave(rw, r, name, text, save)
}

// checkAndSave runs the loader on text as name.toml; with save and no
// problems it writes the file and shows the scenario, otherwise the editor
// with every problem at its line.
func (w *Workbench) checkAndSave(rw http.ResponseWriter, r *http.Request, name string, text []byte, save bool) {
	d := editorData{Name: name, Origin: mine + "/" + name, Text: string(text), Checked: true, Editing: r.PostFormValue("editing"),
		Replace: r.PostFormValue("replace") != ""}
	_, err := w.library.check(name, text)
	if err != nil {
		d.Lines = annotate(name, d.Text, problems(err))
		for _, p := range problems(err) {
			sp := shownProblem{Text: p.Error()}
			if p.File == name+".toml" {
				sp.Line = p.Line
			}
			d.Problems = append(d.Problems, sp)
		}
		w.render(rw, http.StatusUnprocessableEntity, "edit", "Edit "+name, d)
		return
	}
	if !save {
		d.OK = fmt.Sprintf("%s.toml: ok (the loader finds no problem)", name)
		d.Lines = annotate(name, d.Text, nil)
		w.render(rw, http.StatusOK, "edit", "Edit "+name, d)
		return
	}
	if err := w.library.save(name, text); err != nil {
		d.Problems = []shownProblem{{Text: err.Error()}}
		d.Lines = annotate(name, d.Text, nil)
		w.render(rw, http.StatusUnprocessableEntity, "edit", "Edit "+name, d)
		return
	}
	http.Redirect(rw, r, "/scenarios/"+mine+"/"+name+"?saved=1", http.StatusSeeOther)
}

// annotate splits text into lines and puts each problem of name.toml with
// a line under it, in the loader's words.
func annotate(name, text string, probs []scenario.Problem) []editorLine {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	out := make([]editorLine, len(lines))
	for i, l := range lines {
		out[i] = editorLine{N: i + 1, Text: l}
	}
	for _, p := range probs {
		if p.File == name+".toml" && p.Line >= 1 && p.Line <= len(out) {
			out[p.Line-1].Problems = append(out[p.Line-1].Problems, p.Error())
		}
	}
	return out
}

// traitChanges lists the traits an intervention changes at a place:
// "inspection_rate 0.05 → 0.25".
func traitChanges(t scenario.Touched) []string {
	var out []string
	before, after := reflect.ValueOf(t.Before), reflect.ValueOf(t.After)
	ty := before.Type()
	for i := range ty.NumField() {
		b, a := before.Field(i).Interface(), after.Field(i).Interface()
		if b != a {
			out = append(out, fmt.Sprintf("%s %v → %v", ty.Field(i).Tag.Get("toml"), b, a))
		}
	}
	if t.Defaults != "" {
		out = append(out, "a new post, from "+t.Defaults)
	}
	return out
}
