// Package job is hourglass's experiment pipeline as a library: what the
// command line's run, compare, sweep, optimise, merge, study and
// sensitivity do beyond parsing flags and printing, and what the workbench
// runs.
//
// A Spec describes an experiment as a value (its kind, scenarios, seed,
// replications, precision, shard, design, objective and results
// directory); Prepare checks it and loads every scenario before anything is
// written, and (*Job).Run runs it into a results directory, or with
// Spec.Resume finishes an interrupted one. Merge joins the directories of
// shards; Study and Sensitivity are the ready-made studies; a Spec of kind
// Optimise (RunOptimise) finds what to buy with a budget. The command line
// maps its flags to these specs and prints what they return; the workbench
// maps its forms to the same specs and calls the same functions, so both
// write the same results directory, byte for byte.
//
// A results directory is created (or claimed) and locked before anything is
// written to it; its manifest is written first, marked incomplete, and last,
// marked complete and listing every file with its SHA-256 (package
// results). A cancelled context stops a run within a simulated day: the
// completed replications are kept in the directory's log, and Spec.Resume
// finishes it with results identical to an uninterrupted run.
//
// Errors in a Spec itself (what a flag says) are *UsageError; a run stopped
// by its context returns ErrInterrupted; a run that produced a value that is
// not finite returns an error wrapping results.ErrUnfinishable, and its
// directory says so and cannot be resumed (resuming would compute the same).
package job

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// Version is the program version written to every manifest.
const Version = "0.3.0"

// Bounds on a Spec (README, "Bad input"), checked before any scenario is
// loaded or anything written.
const (
	// MaxReplications bounds Spec.N: every replication keeps its headline
	// metrics in memory until the run ends (a few KB each per scenario), and
	// 100,000 replications give confidence intervals far narrower than the
	// model's own uncertainty.
	MaxReplications = 100_000
	// MaxWorkers bounds Spec.Workers: more goroutines than cores only share
	// them.
	MaxWorkers = 1024
	// MaxVarySteps bounds the steps of one Vary; the points of a whole
	// design are bounded by design.MaxPoints.
	MaxVarySteps = 10_000
)

// DefaultWorkers is one worker per core, within MaxWorkers.
func DefaultWorkers() int { return min(runtime.NumCPU(), MaxWorkers) }

// UsageError is a problem with a Spec itself, as a flag would give it (the
// command line exits with status 2 for it).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usage(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ErrInterrupted is what a run stopped by its context returns: the
// completed replications are written, and Spec.Resume finishes the run.
var ErrInterrupted = errors.New("interrupted")

// Options are how a job reports and what it writes, beside its Spec.
type Options struct {
	// Progress, when set, is told of the replications (or, for a
	// sensitivity analysis, evaluations) done so far of total; a new
	// total starts a new stage.
	Progress func(done, total int)
	// NoFigures writes every report without its charts and maps (no
	// figures/): the data files are the same, and much quicker to write.
	NoFigures bool
	// Command is the command line the manifest records; nil: the Spec's
	// equivalent (Spec.CommandLine).
	Command []string
	// Logf, when set, is told what a person may want to know that is not
	// an error (a resume that rebuilds every file from the log).
	Logf func(format string, args ...any)
	// CPUProfile and MemProfile, when set, are files to write a CPU
	// profile of the run and a heap profile at its end into (go tool
	// pprof); they profile the whole process.
	CPUProfile, MemProfile string
}

func (o *Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

func (o *Options) logf(format string, args ...any) {
	if o.Logf != nil {
		o.Logf(format, args...)
	}
}

// Job is a prepared experiment: its Spec checked and every scenario loaded.
type Job struct {
	spec   Spec
	scs    []loaded
	design string        // a sweep's design, for the manifest
	cal    *calPlan      // a calibration's plan
	ens    *ensemblePlan // an ensemble comparison's plan
	opt    *optimisation // an optimisation's candidates and search
}

// Prepare checks spec and loads every scenario (for a sweep, at every point
// of its design), so that bad input is refused before anything is run or
// written. A run or sweep of no scenario is of the shipped baseline.
func Prepare(spec Spec) (*Job, error) {
	if spec.Kind == Calibrate && spec.N == 0 {
		spec.N = DefaultCalibrationReps
	}
	if spec.Ensemble != "" && spec.N == 0 {
		spec.N = DefaultEnsembleReps
	}
	if len(spec.Scenarios) == 0 && (spec.Kind == Run || spec.Kind == Sweep) {
		spec.Scenarios = []string{scenarios.Baseline}
	}
	if err := spec.check(); err != nil {
		return nil, err
	}
	if spec.Workers == 0 {
		spec.Workers = DefaultWorkers()
	}
	if spec.Kind == Compare && spec.Objective == "" {
		spec.Objective = experiment.DefaultObjective.String()
	}
	j := &Job{spec: spec}
	if spec.Kind == Optimise {
		var err error
		j.opt, err = prepareOptimisation(spec)
		return j, err
	}
	if spec.Kind == Calibrate {
		var err error
		j.cal, err = prepareCalibration(spec)
		return j, err
	}
	if spec.Ensemble != "" {
		var err error
		j.ens, err = prepareEnsemble(spec)
		return j, err
	}
	bs := bases{}
	if spec.Design.IsZero() {
		scs, err := loadAll(bs, spec.Scenarios, nil)
		if err != nil {
			return nil, err
		}
		j.scs = scs
		if spec.Kind == Compare && !spec.AllowDifferentWorlds {
			if err := checkWorlds(bs, scs); err != nil {
				return nil, err
			}
		}
		return j, nil
	}
	d, kind, names, err := sweepDesign(bs, spec.Scenarios[0], spec.Design, spec.Seed)
	if err != nil {
		return nil, err
	}
	points := designPoints(d, kind, names)
	if spec.Kind == Compare {
		j.design = kind
		j.scs, err = loadAcross(bs, spec, points)
		return j, err
	}
	args := make([]string, len(d.Points))
	for i := range args {
		args[i] = spec.Scenarios[0]
	}
	if j.scs, err = loadAll(bs, args, points); err != nil {
		return nil, err
	}
	j.design = kind
	return j, nil
}

// Spec is the job's spec, with its defaults filled in.
func (j *Job) Spec() Spec { return j.spec }

// Scenarios are the job's scenarios as loaded, named as the results name
// them (a sweep's points with their values).
func (j *Job) Scenarios() []*scenario.Scenario { return scenariosOf(j.scs) }

// Result is what a job wrote.
type Result struct {
	Dir      string // the results directory
	Manifest results.Manifest
	// Summary is the experiment's summary; nil when it was interrupted or
	// found complete already.
	Summary *experiment.Summary
	// Scenarios are the scenarios run, as loaded.
	Scenarios []*scenario.Scenario
	// Interrupted says that the run stopped before its end: its
	// directory holds the completed replications (Manifest.Completed) and
	// Spec.Resume finishes it.
	Interrupted bool
	// AlreadyComplete says that a resume found the directory complete,
	// every file as its manifest lists it: nothing was run.
	AlreadyComplete bool
	// Calibration is what a calibration found (Kind Calibrate).
	Calibration *CalibrationResult
	// Ensemble is an ensemble comparison's decision across the members.
	Ensemble *EnsembleResult
}

// ReportInput is what the report of r is drawn from (report.Write; the
// command line prints it with report.Text).
func (r *Result) ReportInput() report.Input {
	in := report.Input{Manifest: r.Manifest, Summary: r.Summary}
	for _, sc := range r.Scenarios {
		in.Worlds = append(in.Worlds, sc.World)
		in.Descriptions = append(in.Descriptions, sc.Description)
		in.Touched = append(in.Touched, sc.Touched)
		in.Events = append(in.Events, eventMonths(sc.Epochs))
	}
	if len(r.Scenarios) > 0 {
		in.Days = r.Scenarios[0].Params.Days
	}
	return in
}

// Run runs the job into its results directory (or, with Spec.Resume,
// finishes the interrupted run there) and writes its tables, sources.csv
// and report. When ctx is cancelled it writes the completed replications,
// marks the manifest incomplete and returns the Result with
// ErrInterrupted.
func (j *Job) Run(ctx context.Context, opt Options) (res *Result, err error) {
	if ctx.Err() != nil {
		return nil, ErrInterrupted // nothing written
	}
	if j.opt != nil {
		return j.opt.result(ctx, opt)
	}
	stopProfiles, err := profile(opt.CPUProfile, opt.MemProfile)
	if err != nil {
		return nil, err
	}
	defer func() {
		if perr := stopProfiles(); err == nil {
			err = perr
		}
	}()
	switch {
	case j.cal != nil:
		return j.runCalibration(ctx, opt)
	case j.ens != nil:
		return j.runEnsemble(ctx, opt)
	}
	spec := j.spec
	res = &Result{Scenarios: j.Scenarios()}
	m := j.manifest(opt)
	e := newExperiment(spec.Kind.String(), j.scs, spec)
	wopt := results.Options{PerReplication: spec.PerReplication}
	var dir string
	var unlock func()
	if spec.Resume {
		if dir, err = resolveDir(spec.Out); err != nil {
			return nil, err
		}
		var done bool
		if unlock, done, err = resumeDir(dir, &m, e, &wopt, &opt); err != nil {
			return nil, err
		}
		if done {
			res.Dir, res.AlreadyComplete = dir, true
			res.Manifest, _ = results.ReadManifest(dir)
			return res, nil
		}
	} else if dir, unlock, err = newOutDir(spec.Out, defaultDir(spec.Kind, j.scs, m.Started), true); err != nil {
		return nil, err
	}
	defer unlock()
	res.Dir = dir
	w, err := results.NewWriter(dir, m, worldsOf(j.scs), wopt)
	if err != nil {
		return nil, err
	}
	e.Progress = opt.Progress
	r, runErr := e.Run(ctx, w)
	if runErr != nil {
		if r == nil {
			return nil, runErr
		}
		m.Finished, m.Completed, m.Complete = time.Now().UTC(), r.Completed, false
		werr := w.Interrupted(m) // after an unfinishable replication, the manifest keeps saying why
		switch {
		case errors.Is(runErr, results.ErrUnfinishable):
			// never "resumable": resuming would compute the same
			return nil, errors.Join(runErr, werr)
		case werr != nil:
			return nil, fmt.Errorf("%v; then %w; the log keeps what was committed: finish with --resume %s", runErr, werr, dir)
		}
		res.Manifest, res.Interrupted = m, true
		if errors.Is(runErr, context.Canceled) {
			return res, ErrInterrupted
		}
		return res, runErr
	}
	m.StoppedBy = r.StoppedBy
	if spec.Precision > 0 {
		m.Replications, m.End = r.End, r.End
	}
	m.Finished, m.Completed, m.Complete = time.Now().UTC(), r.Completed, true
	res.Manifest, res.Summary = m, r.Summary
	err = w.Finish(r.Summary, m)
	if err == nil {
		err = writeReport(dir, res, opt)
	}
	if err == nil {
		err = w.Commit(m)
	}
	if err != nil {
		written, rerr := results.ReadManifest(dir)
		if !errors.Is(err, results.ErrUnfinishable) && (rerr != nil || !written.Complete) {
			return nil, fmt.Errorf("%w; %s is incomplete: finish it with --resume %s", err, dir, dir)
		}
		return nil, err
	}
	return res, nil
}

// manifest describes the job, started now.
func (j *Job) manifest(opt Options) results.Manifest {
	spec := j.spec
	m := newManifest(spec.Kind.String(), j.scs, spec.N, spec.Seed, spec.Workers, spec.Shard)
	m.Command = opt.Command
	if m.Command == nil {
		m.Command = spec.CommandLine()
	}
	m.Precision, m.PerRep, m.Objective, m.Question = spec.Precision, spec.PerReplication, spec.Objective, spec.Question
	if len(m.DesignKeys) > 0 {
		m.Design = j.design
	}
	return m
}

// newManifest describes an experiment of scs, started now.
func newManifest(kind string, scs []loaded, n int, seed uint64, workers int, shard experiment.Shard) results.Manifest {
	first, end := shard.Range(n)
	m := results.Manifest{Program: "hourglass", Version: Version, Commit: commit(), Kind: kind,
		Seed: seed, Replications: n, Shard: shard.String(), First: first, End: end, Workers: workers, Started: time.Now().UTC()}
	for _, l := range scs {
		s := results.Scenario{Name: l.sc.Name, Arg: l.arg, Override: l.override, Params: l.params,
			AnnualCostUSD: l.sc.AnnualCost(), RunCostUSD: l.sc.RunCost(), Baseline: l.baseline}
		for _, fi := range l.sc.Files {
			s.Files = append(s.Files, results.FileHash{Path: fi.Path, SHA256: fi.SHA256})
		}
		m.Scenarios = append(m.Scenarios, s)
	}
	m.DesignKeys = results.DesignKeys(m.Scenarios)
	return m
}

// newExperiment is the experiment of scs.
func newExperiment(kind string, scs []loaded, spec Spec) *experiment.Experiment {
	e := &experiment.Experiment{Kind: kind, Seed: spec.Seed, N: spec.N, Shard: spec.Shard, Workers: spec.Workers, Precision: spec.Precision}
	for _, l := range scs {
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: l.sc.Name, Label: l.override, World: l.sc.World,
			Params: &l.sc.Params, Epochs: l.sc.Epochs, AnnualCostUSD: l.sc.AnnualCost(), RunCostUSD: l.sc.RunCost(), EffectDiscount: l.sc.EffectDiscount(),
			Baseline: l.baseline})
	}
	return e
}

// commit is the version control revision of this program (asked of git
// once, when the build does not record it).
var commit = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	if out, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return "unknown"
})

// eventMonths are the months a scenario's dated events take effect: the
// start of each epoch after the first.
func eventMonths(epochs []sim.Epoch) []sim.YearMonth {
	var out []sim.YearMonth
	for _, e := range epochs[min(1, len(epochs)):] {
		out = append(out, e.From)
	}
	return out
}
