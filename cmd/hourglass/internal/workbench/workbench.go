// Package workbench is hourglass serve: a web application, for one user on
// their own machine, that edits scenarios, runs comparisons and shows their
// reports. It writes nothing the command line would not: a scenario it saves
// is a TOML file hourglass check takes as is (written by scenario.Encode
// from a scenario.Draft its form fills), and a run's results directory is
// the one hourglass compare or sweep writes, because its form fills the
// job.Spec the command line's flags fill and runs it through package job.
//
// The workspace holds scenarios/ (the user's files; the shipped ones are
// read-only and never shadowed), results/ (one directory per run) and
// .workbench/ (the queue, so that a restart finds what was waiting or
// running). Every path from the browser is a validated name resolved inside
// an os.Root, and every state-changing request is a POST carrying a CSRF
// token from a page of the same origin (safety.go).
package workbench

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"hourglass/sim/job"
	"hourglass/sim/report"
	"hourglass/sim/results"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Runner runs (or, with spec.Resume, finishes) the comparison or sweep spec
// describes into spec.Out, calling progress as replications complete;
// cancelling ctx stops it with the completed replications kept and the
// directory resumable.
type Runner func(ctx context.Context, spec job.Spec, progress func(done, total int)) error

// Run is the Runner of a workbench: package job, as the command line runs
// it.
func Run(ctx context.Context, spec job.Spec, progress func(done, total int)) error {
	j, err := job.Prepare(spec)
	if err != nil {
		return err
	}
	_, err = j.Run(ctx, job.Options{Progress: progress})
	return err
}

// Config is what a workbench needs.
type Config struct {
	Dir     string // the workspace (created if missing)
	Shipped fs.FS  // the shipped scenario files, read-only
	// Token, when not empty, is required on every request (safety.go).
	Token  string
	Runner Runner                           // nil: Run
	Logf   func(format string, args ...any) // nil: silent
}

// Workbench is the web application of one workspace.
type Workbench struct {
	cfg       Config
	scenarios *os.Root // WORKSPACE/scenarios
	results   *os.Root // WORKSPACE/results
	state     string   // WORKSPACE/.workbench
	csrf      string
	session   string // the token cookie's value (safety.go, tokenOK): never the token itself
	reportKey []byte // signs the addresses of reports (safety.go, reportPath)
	pages     map[string]*template.Template
	queue     *queue
	library   *library
	unlock    func() // the workspace's lock
}

// New opens (or creates) the workspace of cfg, finds the runs a previous
// server left queued or running, and starts the queue.
func New(cfg Config) (*Workbench, error) {
	if cfg.Shipped == nil {
		return nil, errors.New("workbench: the shipped scenarios are needed")
	}
	if cfg.Runner == nil {
		cfg.Runner = Run
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("workspace %s: %w", cfg.Dir, err)
	}
	cfg.Dir = dir
	w := &Workbench{cfg: cfg, state: filepath.Join(dir, ".workbench")}
	for _, d := range []string{"scenarios", "results", ".workbench"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, fmt.Errorf("workspace: %w", err)
		}
	}
	// One server per workspace: two would run each other's queue.
	if w.unlock, err = results.Lock(w.state); err != nil {
		if errors.Is(err, results.ErrLocked) {
			return nil, fmt.Errorf("workspace %s: another hourglass serve uses it: %w", dir, err)
		}
		return nil, fmt.Errorf("workspace: %w", err)
	}
	if w.scenarios, err = os.OpenRoot(filepath.Join(dir, "scenarios")); err != nil {
		w.unlock()
		return nil, fmt.Errorf("workspace: %w", err)
	}
	if w.results, err = os.OpenRoot(filepath.Join(dir, "results")); err != nil {
		w.scenarios.Close()
		w.unlock()
		return nil, fmt.Errorf("workspace: %w", err)
	}
	if w.session, err = randomHex(32); err != nil {
		w.Close()
		return nil, err
	}
	if w.csrf, err = randomHex(32); err != nil {
		w.Close()
		return nil, err
	}
	key, err := randomHex(32)
	if err != nil {
		w.Close()
		return nil, err
	}
	w.reportKey = []byte(key)
	if w.pages, err = w.parsePages(); err != nil {
		w.Close()
		return nil, err
	}
	w.library = newLibrary(cfg.Shipped, w.scenarios)
	w.queue = newQueue(w)
	if err := w.queue.reload(); err != nil {
		cfg.Logf("queue: %v", err)
	}
	go w.queue.loop()
	return w, nil
}

// Dir is the workspace's absolute path.
func (w *Workbench) Dir() string { return w.cfg.Dir }

// Close stops the run in progress (it writes what it has and stays
// resumable) and waits for it.
func (w *Workbench) Close() {
	if w.queue != nil {
		w.queue.stop()
	}
	if w.scenarios != nil {
		w.scenarios.Close()
	}
	if w.results != nil {
		w.results.Close()
	}
	if w.unlock != nil {
		w.unlock()
	}
}

// Handler is the workbench's HTTP handler, with the safety checks of
// safety.go around every route.
func (w *Workbench) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", w.home)
	mux.HandleFunc("GET /scenarios", w.scenarioList)
	mux.HandleFunc("GET /scenarios/{origin}/{name}", w.scenarioPage)
	mux.HandleFunc("GET /scenarios/{origin}/{name}/map.svg", w.scenarioMap)
	mux.HandleFunc("GET /new", w.newForm)
	mux.HandleFunc("POST /new", w.saveForm)
	mux.HandleFunc("GET /edit/{origin}/{name}", w.editPage)
	mux.HandleFunc("POST /edit", w.editPost)
	mux.HandleFunc("GET /runs/new", w.runForm)
	mux.HandleFunc("POST /runs", w.startRun)
	mux.HandleFunc("GET /optimise/new", w.optimiseForm)
	mux.HandleFunc("POST /optimise", w.startOptimise)
	mux.HandleFunc("GET /results", w.resultList)
	mux.HandleFunc("GET /results/{name}", w.resultPage)
	mux.HandleFunc("GET /results/{name}/events", w.resultEvents)
	mux.HandleFunc("GET /results/{name}/files/{path...}", w.resultFile)
	mux.HandleFunc("GET /report/{key}/{name}/{path...}", w.reportFile)
	mux.HandleFunc("POST /results/{name}/cancel", w.cancelRun)
	mux.HandleFunc("POST /results/{name}/resume", w.resumeRun)
	mux.HandleFunc("GET /side", w.sideBySide)
	return w.guard(mux)
}

// parsePages parses each page with the layout it fills.
func (w *Workbench) parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"usd":    func(x float64) string { return "USD " + thousands(x) },
		"join":   strings.Join,
		"report": w.reportPath,
		"ferr":   func(e fieldErrors, name string) fieldError { return fieldError{name, e[name]} },
		"pick":   func(es []entry, selected string) entryChoice { return entryChoice{es, selected} },
		"newRow": templateRow,
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := filepath.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

// page is what every template gets: the page's own data, the CSRF token
// for its forms, and its title.
type page struct {
	Title string
	CSRF  string
	Data  any
}

func (w *Workbench) render(rw http.ResponseWriter, status int, name, title string, data any) {
	t := w.pages[name]
	if t == nil {
		http.Error(rw, "no page "+name, http.StatusInternalServerError)
		return
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout", page{Title: title, CSRF: w.csrf, Data: data}); err != nil {
		w.cfg.Logf("render %s: %v", name, err)
		http.Error(rw, "could not render the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = rw.Write([]byte(b.String()))
}

// fail shows an error page: what went wrong, in words a person can act on.
func (w *Workbench) fail(rw http.ResponseWriter, status int, format string, args ...any) {
	w.render(rw, status, "error", http.StatusText(status), fmt.Sprintf(format, args...))
}

func (w *Workbench) home(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, http.StatusOK, "home", "hourglass workbench", struct {
		Runs []resultInfo
	}{w.listResults(5)})
}

// thousands is report.Thousands: "1,234,567", never "-0".
func thousands(x float64) string { return report.Thousands(x) }
