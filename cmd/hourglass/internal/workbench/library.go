package workbench

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/report"
	"hourglass/sim/scenario"
)

const (
	shipped = "shipped"
	mine    = "mine"
)

// notScenarios are shipped files that are not scenarios of their own.
var notScenarios = map[string]bool{"network": true, "targets": true}

// library reads the shipped and the user's scenarios. The loader sees the
// workspace's files first and the shipped ones behind them, as the command
// line does for a file on disk; a workspace file never takes a shipped name,
// so it never shadows one.
type library struct {
	shipped fs.FS
	user    *os.Root

	mu   sync.Mutex
	maps map[string][]byte // drawn maps by scenario and its files' hashes
}

func newLibrary(shipped fs.FS, user *os.Root) *library {
	return &library{shipped: shipped, user: user, maps: map[string][]byte{}}
}

// entry is a scenario of the library.
type entry struct {
	Origin, Name string // shipped or mine; the file's name without .toml
	Description  string
	Extends      string
	Problem      string // why it does not load, or ""
	// Parent is the Ref of the scenario it extends ("" for none), and
	// Group what it is as an alternative (kindOf).
	Parent, Group string
}

func (e entry) Ref() string { return e.Origin + "/" + e.Name }

// layered looks in its file systems in order (and stats without opening:
// the loader refuses a pipe without blocking on it).
type layered = scenarios.Layered

// oneFile is a file system of one file held in memory: the text being
// edited, checked before it is saved.
type oneFile struct {
	name string
	data []byte
}

func (o oneFile) Open(name string) (fs.File, error) {
	if name != o.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(o.data), name: name, size: int64(len(o.data))}, nil
}

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name, f.size}, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// fsys is what the loader reads: the workspace's files, then the shipped.
func (l *library) fsys() fs.FS { return layered{l.user.FS(), l.shipped} }

// isShipped reports whether name (without .toml) is a shipped file.
func (l *library) isShipped(name string) bool {
	_, err := fs.Stat(l.shipped, name+".toml")
	return err == nil
}

// entries lists the user's scenarios, then the shipped ones, by name.
func (l *library) entries() []entry {
	var out []entry
	for _, origin := range []string{mine, shipped} {
		src := l.shipped
		if origin == mine {
			src = l.user.FS()
		}
		names, _ := fs.Glob(src, "*.toml")
		sort.Strings(names)
		for _, n := range names {
			if e, ok := l.find(origin, strings.TrimSuffix(n, ".toml")); ok {
				out = append(out, e)
			}
		}
	}
	return out
}

// find returns the scenario origin/name with its description and what it
// extends, or false when there is none.
func (l *library) find(origin, name string) (entry, bool) {
	if !validName(name) || (origin != shipped && origin != mine) || origin == shipped && notScenarios[name] {
		return entry{}, false
	}
	e := entry{Origin: origin, Name: name}
	data, err := l.text(e)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return entry{}, false
	case err != nil: // a pipe, a device, a file too large: listed with why
		e.Problem = problemText(e.Name+".toml", err)
		return e, true
	}
	if d, err := scenario.ReadDraft(data); err == nil {
		e.Description, e.Extends = d.Description, d.Extends
		e.Parent, e.Group = l.parentOf(d.Extends), kindOf(data)
	} else {
		e.Problem = problemText(e.Name+".toml", err)
	}
	return e, true
}

// problemText is what the scenario list says of file when it cannot be
// read or decoded: the reader's or the nesting pre-scan's problem as the
// loader words it, or the decoder's.
func problemText(file string, err error) string {
	var list scenario.ErrorList
	var pe *fs.PathError
	switch {
	case errors.As(err, &list) && len(list) > 0:
		p := list[0]
		p.File = file
		return p.Error()
	case errors.As(err, &pe):
		return file + ": " + pe.Err.Error()
	}
	return "not valid TOML: " + err.Error()
}

// has says whether the library has the scenario origin/name.
func (l *library) has(origin, name string) bool {
	_, ok := l.find(origin, name)
	return ok
}

// text is the scenario's TOML.
func (l *library) text(e entry) ([]byte, error) {
	if e.Origin == shipped {
		return scenario.ReadFile(l.shipped, e.Name+".toml")
	}
	return scenario.ReadFile(l.user.FS(), e.Name+".toml")
}

// load loads a scenario of the library as hourglass check would.
func (l *library) load(e entry) (*scenario.Scenario, error) {
	if e.Origin == shipped {
		return scenario.Load(l.shipped, e.Name+".toml")
	}
	return scenario.Load(l.fsys(), e.Name+".toml")
}

// check loads text as the workspace file name.toml would be loaded, without
// writing it: the loader's problems, or nil.
func (l *library) check(name string, text []byte) (*scenario.Scenario, error) {
	file := name + ".toml"
	return scenario.Load(layered{oneFile{file, text}, l.user.FS(), l.shipped}, file)
}

// nameProblem says why name cannot name a file of the workspace's
// scenarios, or returns "".
func (l *library) nameProblem(name string) string {
	switch {
	case !validName(name):
		return fmt.Sprintf("name %q: use lower-case letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)", name)
	case l.isShipped(name) || notScenarios[name]:
		return fmt.Sprintf("name %q: a shipped scenario has it (shipped files are read-only): choose another", name)
	}
	return ""
}

// save writes name.toml into the workspace atomically (a temporary file and
// a rename inside the workspace's root).
func (l *library) save(name string, text []byte) error {
	if p := l.nameProblem(name); p != "" {
		return errors.New(p)
	}
	tmp := fmt.Sprintf(".%s.toml.tmp-%d", name, time.Now().UnixNano())
	if err := l.user.WriteFile(tmp, text, 0o644); err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	if err := l.user.Rename(tmp, name+".toml"); err != nil {
		l.user.Remove(tmp)
		return fmt.Errorf("save %s: %w", name, err)
	}
	return nil
}

// arg is how the command line names a scenario of the library.
func (l *library) arg(e entry, workspace string) string {
	if e.Origin == shipped {
		return e.Name
	}
	return path.Join(workspace, "scenarios", e.Name+".toml")
}

// mapSVG draws the network of sc with the places its interventions change
// marked (as circles, where a report draws seizures).
func (l *library) mapSVG(sc *scenario.Scenario) ([]byte, error) {
	var key strings.Builder
	key.WriteString(sc.Name)
	for _, f := range sc.Files {
		key.WriteString("|" + f.SHA256)
	}
	l.mu.Lock()
	svg, ok := l.maps[key.String()]
	l.mu.Unlock()
	if ok {
		return svg, nil
	}
	w := sc.World
	marked := make([]bool, len(w.Places))
	touched := map[string]bool{}
	for _, t := range sc.Touched {
		touched[t.Place] = true
	}
	for i, p := range w.Places {
		marked[i] = touched[p.ID]
	}
	res, err := report.Map(report.MapData{World: w, Kind: report.NetworkMarked, Marked: marked,
		Title: sc.Name + ": the network, and the places its interventions change"})
	if err != nil {
		return nil, fmt.Errorf("map of %s: %w", sc.Name, err)
	}
	svg = res.SVG
	l.mu.Lock()
	l.maps[key.String()] = svg
	l.mu.Unlock()
	return svg, nil
}

// ownDriversAndEvents lists the [drivers] and [[event]] entries of a file's
// text (not of what it extends), in words.
func ownDriversAndEvents(text string) (drivers, events []string) {
	d, err := scenario.ReadDraft([]byte(text))
	if err != nil {
		return nil, nil
	}
	for _, v := range d.Set {
		if k, ok := strings.CutPrefix(v.Key, "drivers."); ok {
			drivers = append(drivers, fmt.Sprintf("%s = %v", k, v.Value))
		}
	}
	for _, e := range d.Events {
		var parts []string
		for _, v := range e.Set {
			parts = append(parts, fmt.Sprintf("%s = %v", v.Key, v.Value))
		}
		for _, iv := range e.Interventions {
			parts = append(parts, fmt.Sprintf("adds %v", iv.Get("type")))
		}
		if len(e.Remove) > 0 {
			parts = append(parts, "ends "+strings.Join(e.Remove, ", "))
		}
		line := e.Date + ": " + strings.Join(parts, "; ")
		if e.Note != "" {
			line += " (" + e.Note + ")"
		}
		events = append(events, line)
	}
	return drivers, events
}

// problems splits a loader error into its problems, as hourglass check
// prints them, one per line.
func problems(err error) []scenario.Problem {
	var list scenario.ErrorList
	if errors.As(err, &list) {
		return list
	}
	return []scenario.Problem{{Msg: err.Error()}}
}

// ---- pages ----

func (w *Workbench) scenarioList(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, http.StatusOK, "scenarios", "Scenarios", w.library.entries())
}

// scenarioDetail is a scenario page's data.
type scenarioDetail struct {
	Entry    entry
	Scenario *scenario.Scenario
	Problems []scenario.Problem
	Text     string
	Touched  []touchedRow
	// Drivers and Events are what the file itself sets in [drivers] and
	// [[event]], one line each.
	Drivers, Events []string
}

type touchedRow struct {
	Place, Name, Country, Interventions string
	Changes                             []string
}

// requestedScenario is the scenario a page's path names ({origin}/{name})
// and its text; when there is none, it answers the request itself.
func (w *Workbench) requestedScenario(rw http.ResponseWriter, r *http.Request) (entry, string, bool) {
	e, ok := w.library.find(r.PathValue("origin"), r.PathValue("name"))
	if !ok {
		w.fail(rw, http.StatusNotFound, "no scenario %s/%s", r.PathValue("origin"), r.PathValue("name"))
		return e, "", false
	}
	text, err := w.library.text(e)
	if err != nil { // listed with its problem (a pipe, a link out of the workspace), but no text to show
		w.fail(rw, http.StatusUnprocessableEntity, "%s: %s", e.Ref(), e.Problem)
		return e, "", false
	}
	return e, string(text), true
}

func (w *Workbench) scenarioPage(rw http.ResponseWriter, r *http.Request) {
	e, text, ok := w.requestedScenario(rw, r)
	if !ok {
		return
	}
	d := scenarioDetail{Entry: e, Text: text}
	d.Drivers, d.Events = ownDriversAndEvents(text)
	sc, err := w.library.load(e)
	if err != nil {
		d.Problems = problems(err)
	} else {
		d.Scenario = sc
		for _, t := range sc.Touched {
			d.Touched = append(d.Touched, touchedRow{Place: t.Place, Name: t.Name, Country: t.Country,
				Interventions: strings.Join(t.Interventions, ", "), Changes: traitChanges(t)})
		}
	}
	w.render(rw, http.StatusOK, "scenario", e.Name, d)
}

func (w *Workbench) scenarioMap(rw http.ResponseWriter, r *http.Request) {
	e, ok := w.library.find(r.PathValue("origin"), r.PathValue("name"))
	if !ok {
		http.NotFound(rw, r)
		return
	}
	sc, err := w.library.load(e)
	if err != nil {
		http.Error(rw, "the scenario does not load: open its page for the problems", http.StatusUnprocessableEntity)
		return
	}
	svg, err := w.library.mapSVG(sc)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "image/svg+xml")
	_, _ = rw.Write(svg)
}
