package workbench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"hourglass/sim/job"
)

// Job states. A job's results directory says the rest: a manifest marked
// complete, or incomplete (resumable).
const (
	queued    = "queued"
	running   = "running"
	finished  = "finished"  // the runner returned without error
	cancelled = "cancelled" // stopped by the user: resumable
	failed    = "failed"
)

// task is a run the workbench was asked for: a job.Spec and where it
// stands. Its record is kept in .workbench/runs/NAME.json, so a restarted
// server finds what was queued or running.
type task struct {
	Name   string    `json:"name"` // the results directory's name
	Spec   job.Spec  `json:"request"`
	Queued time.Time `json:"queued"`
	State  string    `json:"state"`
	Error  string    `json:"error,omitempty"`

	done, total int
	started     time.Time
	cancel      context.CancelFunc
}

// queue runs one job at a time (the machine's cores all go to it), in the
// order they were queued.
type queue struct {
	w        *Workbench
	mu       sync.Mutex
	jobs     map[string]*task
	wake     chan struct{}
	quit     chan struct{}
	idle     chan struct{} // closed when loop returns
	ctx      context.Context
	stopRuns context.CancelFunc
}

func newQueue(w *Workbench) *queue {
	ctx, cancel := context.WithCancel(context.Background())
	return &queue{w: w, jobs: map[string]*task{}, wake: make(chan struct{}, 1), quit: make(chan struct{}),
		idle: make(chan struct{}), ctx: ctx, stopRuns: cancel}
}

func (q *queue) recordPath(name string) string {
	return filepath.Join(q.w.state, "runs", name+".json")
}

// save writes a job's record (the caller holds q.mu).
func (q *queue) save(j *task) {
	data, err := json.MarshalIndent(j, "", "  ")
	if err == nil {
		err = os.MkdirAll(filepath.Dir(q.recordPath(j.Name)), 0o755)
	}
	if err == nil {
		tmp := q.recordPath(j.Name) + ".tmp"
		if err = os.WriteFile(tmp, data, 0o644); err == nil {
			err = os.Rename(tmp, q.recordPath(j.Name))
		}
	}
	if err != nil {
		q.w.cfg.Logf("record of %s: %v", j.Name, err)
	}
}

// reload reads the records a previous server left: a job still queued is
// queued again; one that was running when the server stopped is queued again
// if it wrote nothing, and otherwise left as its directory says
// (incomplete: resumable).
func (q *queue) reload() error {
	files, err := filepath.Glob(filepath.Join(q.w.state, "runs", "*.json"))
	if err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var problems []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		var j task
		if err == nil {
			err = json.Unmarshal(data, &j)
		}
		if err != nil || !validName(j.Name) || j.Name+".json" != filepath.Base(f) {
			problems = append(problems, fmt.Sprintf("%s: unreadable record (%v)", f, err))
			continue
		}
		// its directory is the one of its name in this workspace, not
		// wherever the record says (a workspace moved or copied)
		j.Spec.Out = filepath.Join(q.w.cfg.Dir, "results", j.Name)
		if j.Spec.Kind == 0 {
			j.Spec.Kind = job.Compare // a record from before kinds were recorded
		}
		if j.State == running {
			if _, err := q.w.results.Stat(filepath.Join(j.Name, "manifest.json")); err == nil {
				j.State, j.Error = cancelled, "the server stopped during the run"
			} else {
				j.State = queued
			}
			q.save(&j)
		}
		q.jobs[j.Name] = &j
	}
	q.signal()
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// add queues a job for a new results directory or a resume; a job already
// queued or running for that directory stays as it is.
func (q *queue) add(name string, spec job.Spec) *task {
	q.mu.Lock()
	defer q.mu.Unlock()
	if j := q.jobs[name]; j != nil && (j.State == queued || j.State == running) {
		return j
	}
	j := &task{Name: name, Spec: spec, Queued: time.Now().UTC(), State: queued}
	q.jobs[name] = j
	q.save(j)
	q.signal()
	return j
}

// next starts the oldest queued job, or returns nil.
func (q *queue) next() (*task, context.Context) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var waiting []*task
	for _, j := range q.jobs {
		if j.State == queued {
			waiting = append(waiting, j)
		}
	}
	if len(waiting) == 0 {
		return nil, nil
	}
	sort.Slice(waiting, func(a, b int) bool { return waiting[a].Queued.Before(waiting[b].Queued) })
	j := waiting[0]
	ctx, cancel := context.WithCancel(q.ctx)
	j.State, j.Error, j.cancel, j.started, j.done, j.total = running, "", cancel, time.Now(), 0, 0
	q.save(j)
	return j, ctx
}

func (q *queue) loop() {
	defer close(q.idle)
	for {
		for j, ctx := q.next(); j != nil; j, ctx = q.next() {
			q.run(ctx, j)
			select {
			case <-q.quit:
				return
			default:
			}
		}
		select {
		case <-q.wake:
		case <-q.quit:
			return
		}
	}
}

func (q *queue) run(runCtx context.Context, j *task) {
	q.mu.Lock()
	spec := j.Spec
	q.mu.Unlock()
	// a record is read as untrusted: its scenarios from the library only
	spec, err := q.w.confineSpec(j.Name, spec)
	if err != nil {
		q.mu.Lock()
		defer q.mu.Unlock()
		j.State, j.Error = failed, err.Error()
		j.cancel()
		j.cancel = nil
		q.save(j)
		q.w.cfg.Logf("run %s: refused: %v", j.Name, err)
		return
	}
	q.w.cfg.Logf("run %s: %s", j.Name, strings.Join(spec.CommandLine(), " "))
	err = q.w.cfg.Runner(runCtx, spec, func(done, total int) {
		q.mu.Lock()
		if total != j.total {
			j.started = time.Now()
		}
		j.done, j.total = done, total
		q.mu.Unlock()
	})
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case err == nil: // finished, even if stopped as it did
		j.State = finished
	case runCtx.Err() != nil:
		j.State = cancelled
		if q.ctx.Err() != nil {
			j.Error = "the server stopped during the run"
			// it wrote nothing to resume: the next server runs it again
			if _, err := q.w.results.Stat(filepath.Join(j.Name, "manifest.json")); err != nil {
				j.State, j.Error = queued, ""
			}
		}
	default:
		j.State, j.Error = failed, err.Error()
	}
	j.cancel()
	j.cancel = nil
	q.save(j)
	q.w.cfg.Logf("run %s: %s %s", j.Name, j.State, j.Error)
}

// cancelJob stops a running job (it writes what it has, resumable) or takes
// a queued one out of the queue.
func (q *queue) cancelJob(name string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.jobs[name]
	if j == nil {
		return false
	}
	switch j.State {
	case running:
		if j.cancel != nil {
			j.cancel()
		}
	case queued:
		if j.Spec.Resume {
			// a resume that never started: the run stays as it was,
			// resumable with its own flags
			j.State, j.Error = cancelled, ""
			q.save(j)
			return true
		}
		// never started: its empty directory and its record go
		delete(q.jobs, name)
		if err := os.Remove(q.recordPath(name)); err != nil {
			q.w.cfg.Logf("cancel %s: %v", name, err)
		}
		if !j.Spec.Resume {
			q.w.results.Remove(name) // only if still empty
		}
	default:
		return false
	}
	return true
}

// status is a job's progress as the page shows it.
type status struct {
	State string  `json:"state"`
	Done  int     `json:"done"`
	Total int     `json:"total"`
	Pct   float64 `json:"pct"`
	ETA   string  `json:"eta"`
	Note  string  `json:"note,omitempty"`
	Error string  `json:"error,omitempty"`
}

func (q *queue) status(name string) (status, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := q.jobs[name]
	if j == nil {
		return status{}, false
	}
	s := status{State: j.State, Done: j.done, Total: j.total, Error: j.Error}
	if j.total > 0 {
		s.Pct = 100 * float64(j.done) / float64(j.total)
		if j.done > 0 && j.done < j.total {
			eta := time.Duration(float64(time.Since(j.started)) / float64(j.done) * float64(j.total-j.done))
			s.ETA = eta.Round(time.Second).String()
		}
	}
	if j.State == running && j.total > 0 && j.done == j.total {
		s.Note = "writing the report"
	}
	return s, true
}

// stop cancels the running job (it stays resumable) and waits for the
// loop to end.
func (q *queue) stop() {
	select {
	case <-q.quit:
		return
	default:
	}
	close(q.quit)
	q.stopRuns()
	<-q.idle
}
