package workbench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"hourglass/sim/job"
	"hourglass/sim/results"
)

// resultInfo is a results directory as the lists show it.
type resultInfo struct {
	Name     string
	Question string
	Date     time.Time
	Status   string // running, queued, complete, incomplete (resumable), failed, empty
	Error    string
	Kind     string
	Report   bool // report.html is there
	Manifest *results.Manifest
	Args     string    // the equivalent command line
	Spec     *job.Spec // what the workbench ran, when it did
}

// Resumable says whether the page offers Resume: an incomplete run the
// workbench queued, or a comparison from the command line, whose manifest
// says how to resume it (not one across a design: its scenarios are the
// design's points, not the command line's).
func (ri resultInfo) Resumable() bool {
	across := ri.Manifest != nil && len(ri.Manifest.DesignKeys) > 0
	return ri.Status == "incomplete" && (ri.Spec != nil || ri.Kind == "compare" && !across)
}

// Active says whether the run is queued or running.
func (ri resultInfo) Active() bool { return ri.Status == running || ri.Status == queued }

// info reads what a results directory is and where its run stands.
func (w *Workbench) info(name string) (resultInfo, bool) {
	ri := resultInfo{Name: name}
	st, err := w.results.Stat(name)
	if err != nil || !st.IsDir() {
		return ri, false
	}
	ri.Date = st.ModTime()
	w.queue.mu.Lock()
	j := w.queue.jobs[name]
	var jb task
	if j != nil {
		jb = *j
	}
	w.queue.mu.Unlock()
	if data, err := w.readManifest(name); err == nil {
		var m results.Manifest
		if err := json.Unmarshal(data, &m); err == nil {
			ri.Manifest, ri.Kind, ri.Date = &m, m.Kind, m.Started
			ri.Question = question(m.Kind, scenarioNames(m), m.DesignKeys, m.Replications, m.Seed)
			ri.Status = "incomplete"
			if m.Complete {
				ri.Status = "complete"
			} else if m.Failed != "" {
				ri.Status, ri.Error = failed, m.Failed // it can never be finished: not resumable
			}
			if len(m.Command) > 0 {
				ri.Args = commandLine(m.Command)
			}
		}
	}
	if _, err := w.results.Stat(path.Join(name, "report.html")); err == nil {
		ri.Report = true
	}
	if j != nil {
		spec := jb.Spec
		spec.Resume = false
		ri.Spec = &spec
		if ri.Question == "" {
			var names, keys []string
			for _, s := range spec.Scenarios {
				names = append(names, strings.TrimSuffix(filepath.Base(s), ".toml"))
			}
			for _, v := range spec.Design.Vary {
				keys = append(keys, v.Key)
			}
			ri.Kind, ri.Date = spec.Kind.String(), jb.Queued
			ri.Question = question(ri.Kind, names, keys, spec.N, spec.Seed)
		}
		ri.Args = commandLine(spec.CommandLine())
		switch jb.State {
		case running, queued:
			ri.Status = jb.State
		case failed:
			if ri.Status == "" {
				ri.Status = failed
			}
			ri.Error = jb.Error
		case cancelled:
			ri.Error = jb.Error
		}
	}
	if ri.Status == "" {
		ri.Status = "empty"
	}
	// the command as typed in the workspace directory
	ri.Args = strings.ReplaceAll(ri.Args, w.cfg.Dir+string(filepath.Separator), "")
	return ri, true
}

// commandLine joins args as a shell would read them: an argument with
// anything but letters, digits and _./:=@%+,- in it is single-quoted.
func commandLine(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = a
		if a == "" || strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_./:=@%+,-", r))
		}) >= 0 {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(quoted, " ")
}

func scenarioNames(m results.Manifest) []string {
	var names []string
	for _, s := range m.Scenarios {
		names = append(names, s.Name)
	}
	return names
}

func question(kind string, names, keys []string, n int, seed uint64) string {
	if len(names) == 0 {
		return kind
	}
	if kind == "sweep" {
		base := names[0]
		if i := strings.IndexAny(base, "[@"); i > 0 {
			base = base[:i]
		}
		over := strings.Join(keys, ", ")
		if over == "" {
			over = "its uncertain parameters"
		}
		points := ""
		if len(names) > 1 {
			points = fmt.Sprintf("%d points, ", len(names))
		}
		return fmt.Sprintf("sweep of %s over %s (%s%d replications, seed %d)", base, over, points, n, seed)
	}
	if kind == "optimise" {
		return fmt.Sprintf("what to buy with a budget, against %s (at most %d replications a portfolio, seed %d)", strings.Join(names, ", "), n, seed)
	}
	if kind == "compare" && len(keys) > 0 {
		// across a design: each name once, without its level's suffix
		var stems []string
		for _, name := range names {
			if i := strings.IndexAny(name, "[@"); i > 0 {
				name = name[:i]
			}
			if !slices.Contains(stems, name) {
				stems = append(stems, name)
			}
		}
		names = stems
		if len(names) > 1 {
			return fmt.Sprintf("%s against %s at each level of %s (%d replications, seed %d)", strings.Join(names[1:], ", "), names[0], strings.Join(keys, ", "), n, seed)
		}
	}
	if kind == "compare" && len(names) > 1 {
		return fmt.Sprintf("%s against %s (%d replications, seed %d)", strings.Join(names[1:], ", "), names[0], n, seed)
	}
	return fmt.Sprintf("%s of %s (%d replications, seed %d)", kind, strings.Join(names, ", "), n, seed)
}

// listResults lists the workspace's results directories, newest first (at
// most limit; 0: all).
func (w *Workbench) listResults(limit int) []resultInfo {
	entries, _ := fs.ReadDir(w.results.FS(), ".")
	var out []resultInfo
	for _, e := range entries {
		if !e.IsDir() || !validName(e.Name()) {
			continue
		}
		if ri, ok := w.info(e.Name()); ok {
			out = append(out, ri)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Date.After(out[b].Date) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (w *Workbench) resultList(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, http.StatusOK, "results", "Results", w.listResults(0))
}

// resultPage shows a run: its progress while it runs, its report when it
// is complete, its files, and Cancel or Resume.
func (w *Workbench) resultPage(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ri, ok := w.resultOrFail(rw, name)
	if !ok {
		return
	}
	var files []string
	if ri.Status != running {
		fs.WalkDir(w.results.FS(), name, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() != results.LockFile {
				files = append(files, strings.TrimPrefix(p, name+"/"))
			}
			return nil
		})
	}
	w.render(rw, http.StatusOK, "result", name, struct {
		Info   resultInfo
		Files  []string
		Across []string // an ensemble comparison's or a calibration's answer (ensemble.go)
	}{ri, files, w.acrossLines(ri)})
}

func (w *Workbench) resultOrFail(rw http.ResponseWriter, name string) (resultInfo, bool) {
	if !validName(name) {
		w.fail(rw, http.StatusBadRequest, "%q is not the name of a results directory", name)
		return resultInfo{}, false
	}
	ri, ok := w.info(name)
	if !ok {
		w.fail(rw, http.StatusNotFound, "no results directory %s in the workspace", name)
		return resultInfo{}, false
	}
	return ri, true
}

// resultEvents streams a run's progress as server-sent events, one JSON
// status each time it changes, until the run is over.
func (w *Workbench) resultEvents(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !validName(name) {
		http.Error(rw, "bad name", http.StatusBadRequest)
		return
	}
	flusher, ok := rw.(http.Flusher)
	if !ok {
		http.Error(rw, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/event-stream")
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		s, ok := w.queue.status(name)
		if !ok {
			ri, _ := w.info(name)
			s = status{State: ri.Status}
		}
		data, _ := json.Marshal(s)
		if string(data) != last {
			last = string(data)
			fmt.Fprintf(rw, "data: %s\n\n", data)
			flusher.Flush()
		}
		if s.State != running && s.State != queued {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-w.queue.quit: // the workbench closed: nothing will change
			return
		case <-tick.C:
		}
	}
}

// reportFile serves a file of a results directory at an address signed
// for it (reportPath): the report and what it shows.
func (w *Workbench) reportFile(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !validName(name) || !equal(r.PathValue("key"), w.reportMAC(name)) {
		http.Error(rw, "refused: this address is not signed for that results directory (reload the page that gave it)", http.StatusForbidden)
		return
	}
	w.serveResultFile(rw, r, name, r.PathValue("path"))
}

// resultFile serves a file of a results directory (report.html and what it
// shows, or a download with ?download=1), inside the workspace's root.
func (w *Workbench) resultFile(rw http.ResponseWriter, r *http.Request) {
	w.serveResultFile(rw, r, r.PathValue("name"), r.PathValue("path"))
}

func (w *Workbench) serveResultFile(rw http.ResponseWriter, r *http.Request, name, p string) {
	if !validName(name) || !safeRel(p) {
		http.Error(rw, "refused: not a file of a results directory", http.StatusBadRequest)
		return
	}
	f, err := w.results.Open(path.Join(name, p))
	if err != nil {
		http.NotFound(rw, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() || path.Base(p) == results.LockFile {
		http.NotFound(rw, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		rw.Header().Set("Content-Type", ct)
	}
	if r.URL.Query().Get("download") != "" {
		rw.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(p)}))
	}
	// The report is the command line's file, scripts and all: it may load
	// nothing from elsewhere, and it runs sandboxed, in an origin of its
	// own, so a file in a results directory cannot act as the workbench.
	rw.Header().Set("Content-Security-Policy", "default-src 'self' 'unsafe-inline' data:; frame-ancestors 'self'; sandbox allow-scripts allow-popups allow-downloads")
	http.ServeContent(rw, r, path.Base(p), st.ModTime(), f)
}

// safeRel reports whether p is a relative path of clean, named parts.
func safeRel(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

func (w *Workbench) cancelRun(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, ok := w.resultOrFail(rw, name); !ok {
		return
	}
	if !w.queue.cancelJob(name) {
		w.fail(rw, http.StatusConflict, "%s is not queued or running", name)
		return
	}
	if _, ok := w.info(name); !ok {
		http.Redirect(rw, r, "/results", http.StatusSeeOther) // it never started
		return
	}
	http.Redirect(rw, r, "/results/"+name, http.StatusSeeOther)
}

// resumeRun queues an incomplete run again, as hourglass compare (or
// sweep) --resume DIR with its flags would finish it: the flags the
// workbench ran it with, or for a comparison from the command line its
// manifest's numbers, with scenarios only from the library (confineSpec): a
// manifest's arguments are matched to the shipped scenarios and the
// workspace's files, never run as they are.
func (w *Workbench) resumeRun(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ri, ok := w.resultOrFail(rw, name)
	if !ok {
		return
	}
	if !ri.Resumable() || ri.Manifest == nil {
		w.fail(rw, http.StatusConflict, "%s is %s: nothing to resume", name, ri.Status)
		return
	}
	var spec job.Spec
	if ri.Spec != nil {
		spec = *ri.Spec
	} else {
		m := ri.Manifest
		spec = job.Spec{Kind: job.Compare, N: m.Replications, Seed: m.Seed, Precision: m.Precision, Objective: m.Objective}
		for _, s := range m.Scenarios {
			spec.Scenarios = append(spec.Scenarios, s.Arg)
		}
	}
	spec, err := w.confineSpec(name, spec)
	if err != nil {
		w.fail(rw, http.StatusConflict, "%s cannot be resumed here: %v; finish it with hourglass %s --resume %s", name, err, ri.Kind, filepath.Join("results", name))
		return
	}
	spec.Resume = true
	w.queue.add(name, spec)
	http.Redirect(rw, r, "/results/"+name, http.StatusSeeOther)
}

// newResultsDir makes an empty results directory named as the command line
// names one, base-TIMESTAMP (-2, -3, ... when taken).
func (w *Workbench) newResultsDir(base string) (string, error) {
	stem := base + "-" + time.Now().UTC().Format("20060102-150405")
	if len(stem) > 60 {
		// a name starts with a letter or digit (validName)
		stem = strings.TrimLeft(stem[len(stem)-60:], "-._")
	}
	for i := 1; i < 1000; i++ {
		name := stem
		if i > 1 {
			name = fmt.Sprintf("%s-%d", stem, i)
		}
		err := w.results.Mkdir(name, 0o755)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no free name for %s", stem)
}

// sideBySide shows two reports next to each other.
func (w *Workbench) sideBySide(rw http.ResponseWriter, r *http.Request) {
	a, b := r.URL.Query().Get("a"), r.URL.Query().Get("b")
	var pair []resultInfo
	for _, n := range []string{a, b} {
		ri, ok := w.resultOrFail(rw, n)
		if !ok {
			return
		}
		pair = append(pair, ri)
	}
	w.render(rw, http.StatusOK, "side", "Side by side", pair)
}
