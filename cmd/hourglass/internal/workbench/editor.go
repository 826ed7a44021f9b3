package workbench

import (
	"fmt"
	"io"
	"net/http"
	"path"
	"reflect"
	"strings"

	"hourglass/sim/scenario"
)

// takenName is the problem of saving under the name of another scenario
// of the user's without ticking "replace".
func takenName(name string) string {
	return fmt.Sprintf("name %q: you have a scenario of that name already (tick \"replace\" to write over it)", name)
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
