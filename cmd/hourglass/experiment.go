package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// version is the program version written to every manifest.
const version = "0.3.0"

// expFlags are the flags shared by run, compare and sweep.
type expFlags struct {
	n         int
	seed      uint64
	workers   int
	out       string
	quiet     bool
	precision float64
	shard     string
	shards    int
	resume    string
	perRep    bool
	prof      profiles
	design    string // a sweep's design, for the manifest: factorial, lhs or file NAME
	objective string // compare: the metric the decision table is ranked by

	ctl *control // hourglass serve's context, progress and command line (nil: the CLI's)
}

func (f *expFlags) register(fs *flag.FlagSet, defaultN int) {
	fs.IntVar(&f.n, "n", defaultN, "replications per scenario (with --precision: the most)")
	fs.Uint64Var(&f.seed, "seed", 1, "master seed: with it, every result is reproducible bit for bit")
	fs.IntVar(&f.workers, "j", defaultWorkers(), "worker goroutines (results do not depend on it)")
	fs.StringVar(&f.out, "out", "", "results directory (default results/<name>-<timestamp>)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress and no table: only where the results are")
	fs.Float64Var(&f.precision, "precision", 0, "add replications in batches until every headline 95% CI half-width is within this fraction of its mean (or -n is reached)")
	fs.StringVar(&f.shard, "shard", "", "run only shard I/N of the replications (0-based I), for hourglass merge")
	fs.IntVar(&f.shards, "shards", 0, "number of shards, with the shard index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job)")
	fs.StringVar(&f.resume, "resume", "", "finish the interrupted run in this results directory")
	f.prof.register(fs)
	fs.BoolVar(&f.perRep, "per-replication", false, "also write every replication's seizure breakdown and segment flows (large)")
}

// shardOf returns the shard this process runs, from --shard, --shards with
// JOB_COMPLETION_INDEX, or SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT
// (the zero Shard when not sharded).
func (f *expFlags) shardOf() (experiment.Shard, error) {
	idx, count := -1, 0
	switch {
	case f.shard != "":
		a, b, ok := strings.Cut(f.shard, "/")
		i, e1 := strconv.Atoi(a)
		n, e2 := strconv.Atoi(b)
		if !ok || e1 != nil || e2 != nil {
			return experiment.Shard{}, fmt.Errorf("--shard %q: want I/N, such as 0/4", f.shard)
		}
		idx, count = i, n
	case f.shards > 0:
		v := os.Getenv("JOB_COMPLETION_INDEX")
		i, e := strconv.Atoi(v)
		if e != nil {
			return experiment.Shard{}, fmt.Errorf("--shards %d: JOB_COMPLETION_INDEX is %q, want a number", f.shards, v)
		}
		idx, count = i, f.shards
	case os.Getenv("SLURM_ARRAY_TASK_ID") != "" && os.Getenv("SLURM_ARRAY_TASK_COUNT") != "":
		i, e1 := strconv.Atoi(os.Getenv("SLURM_ARRAY_TASK_ID"))
		n, e2 := strconv.Atoi(os.Getenv("SLURM_ARRAY_TASK_COUNT"))
		if e1 != nil || e2 != nil {
			return experiment.Shard{}, errors.New("SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT must be numbers")
		}
		idx, count = i, n
	default:
		return experiment.Shard{}, nil
	}
	if count < 1 || idx < 0 || idx >= count {
		return experiment.Shard{}, fmt.Errorf("shard %d/%d: want 0 <= I < N", idx, count)
	}
	if f.precision > 0 {
		return experiment.Shard{}, errors.New("--precision decides the number of replications as it goes: it cannot be sharded")
	}
	return experiment.Shard{Index: idx, Count: count}, nil
}

// loaded is a scenario of an experiment with how it was named.
type loaded struct {
	sc       *scenario.Scenario
	arg      string
	override string // a sweep of one key: key=value
	suffix   string // a sweep: how the name ends ("[key=value]", "@3")
	params   []results.ParamValue
}

// loadAll loads every scenario before anything is run or written, so that
// bad input leaves no results directory behind. points, if not nil, are the
// overrides of each scenario of a sweep.
func loadAll(args []string, points []point) ([]loaded, error) {
	var out []loaded
	var problems []string
	for i, a := range args {
		var ov []scenario.Override
		var params []results.ParamValue
		label, suffix := "", ""
		if points != nil {
			ov, suffix = points[i].overrides, points[i].suffix
			for _, o := range ov {
				params = append(params, results.ParamValue{Key: o.Path, Value: o.Value})
			}
			if len(ov) == 1 {
				label = ov[0].String()
			}
		}
		sc, err := runnable(loadScenarioWith(a, ov...))
		if err != nil {
			var list scenario.ErrorList
			if errors.As(err, &list) {
				problems = append(problems, list.Error())
			} else {
				problems = append(problems, err.Error())
			}
			continue
		}
		out = append(out, loaded{sc: sc, arg: a, override: label, suffix: suffix, params: params})
	}
	if len(problems) > 0 {
		// a sweep repeats one problem at every step: say it once
		var unique []string
		seen := map[string]bool{}
		for _, p := range problems {
			if !seen[p] {
				seen[p] = true
				unique = append(unique, p)
			}
		}
		return nil, &exitError{code: 1, msg: "invalid scenario:\n" + strings.Join(unique, "\n")}
	}
	seen := map[string]bool{}
	for i := range out {
		name := out[i].sc.Name + out[i].suffix
		for n := 2; seen[name]; n++ {
			name = fmt.Sprintf("%s#%d", out[i].sc.Name, n)
		}
		seen[name] = true
		out[i].sc.Name = name
	}
	return out, nil
}

func commit() string {
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
}

// manifest describes the experiment of scs run with flags f.
func manifest(kind string, scs []loaded, f *expFlags, shard experiment.Shard) results.Manifest {
	first, end := shard.Range(f.n)
	m := results.Manifest{Program: "hourglass", Version: version, Commit: commit(), Command: f.ctl.command(), Kind: kind,
		Seed: f.seed, Replications: f.n, Shard: shard.String(), First: first, End: end, Workers: f.workers,
		Precision: f.precision, PerRep: f.perRep, Objective: f.objective, Started: time.Now().UTC()}
	for _, l := range scs {
		s := results.Scenario{Name: l.sc.Name, Arg: l.arg, Override: l.override, Params: l.params,
			AnnualCostUSD: l.sc.AnnualCost(), RunCostUSD: l.sc.RunCost()}
		for _, fi := range l.sc.Files {
			s.Files = append(s.Files, results.FileHash{Path: fi.Path, SHA256: fi.SHA256})
		}
		m.Scenarios = append(m.Scenarios, s)
	}
	m.DesignKeys = results.DesignKeys(m.Scenarios)
	if len(m.DesignKeys) > 0 {
		m.Design = f.design
	}
	return m
}

// newExperiment is the experiment of scs with flags f.
func newExperiment(kind string, scs []loaded, f *expFlags, shard experiment.Shard) *experiment.Experiment {
	e := &experiment.Experiment{Kind: kind, Seed: f.seed, N: f.n, Shard: shard, Workers: f.workers, Precision: f.precision}
	for _, l := range scs {
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: l.sc.Name, Label: l.override, World: l.sc.World,
			Params: &l.sc.Params, Epochs: l.sc.Epochs, AnnualCostUSD: l.sc.AnnualCost(), RunCostUSD: l.sc.RunCost(), EffectDiscount: l.sc.EffectDiscount()})
	}
	return e
}

func worldsOf(scs []loaded) []*sim.World {
	w := make([]*sim.World, len(scs))
	for i := range scs {
		w[i] = scs[i].sc.World
	}
	return w
}

// runExperiment runs (or resumes) an experiment and writes its results.
func runExperiment(kind string, scs []loaded, f *expFlags, stdout, stderr io.Writer) (err error) {
	shard, err := f.shardOf()
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	stopProfiles, err := f.prof.start()
	if err != nil {
		return err
	}
	defer func() {
		if perr := stopProfiles(); err == nil {
			err = perr
		}
	}()
	if err := results.ArmFault(os.Getenv("HOURGLASS_TEST_FAULT")); err != nil {
		return err
	}
	m := manifest(kind, scs, f, shard)
	e := newExperiment(kind, scs, f, shard)
	opt := results.Options{PerReplication: f.perRep}
	var dir string
	var unlock func()
	if f.resume != "" {
		dir = f.resume
		var done bool
		if unlock, done, err = resumeDir(dir, &m, e, &opt, stdout, stderr); err != nil || done {
			return err
		}
	} else {
		if dir, unlock, err = newOutDir(f.out, defaultDir(kind, scs, m.Started), true); err != nil {
			return err
		}
	}
	defer unlock()
	w, err := results.NewWriter(dir, m, worldsOf(scs), opt)
	if err != nil {
		return err
	}
	ctx, stop := f.ctl.interruptible(stderr)
	defer stop()
	prog := newProgress(stderr, f.quiet)
	e.Progress = f.ctl.progress(prog.set)
	if k, err := strconv.Atoi(os.Getenv("HOURGLASS_TEST_INTERRUPT_AFTER")); err == nil {
		// Test hook: behave as if interrupted once k replications of every
		// scenario are committed.
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		e.Progress = func(done, total int) {
			prog.set(done, total)
			if done >= k*len(scs) {
				cancel()
			}
		}
	}
	res, runErr := e.Run(ctx, w)
	prog.done()
	if runErr != nil {
		if res == nil {
			return runErr
		}
		m.Finished, m.Completed, m.Complete = time.Now().UTC(), res.Completed, false
		if werr := w.Interrupted(m); werr != nil {
			return fmt.Errorf("%v; then %w; the log keeps what was committed: finish with --resume %s", runErr, werr, dir)
		}
		fmt.Fprintf(stdout, "interrupted: %d replications of every scenario written to %s; finish with --resume %s\n",
			res.Completed, dir, dir)
		if errors.Is(runErr, context.Canceled) {
			return &exitError{code: 130, msg: "interrupted"}
		}
		return runErr
	}
	m.StoppedBy = res.StoppedBy
	if f.precision > 0 {
		m.Replications, m.End = res.End, res.End
	}
	m.Finished, m.Completed, m.Complete = time.Now().UTC(), res.Completed, true
	err = w.Finish(res.Summary, m)
	if err == nil {
		err = writeReport(dir, m, res.Summary, scs)
	}
	if err == nil {
		err = w.Commit(m)
	}
	if err != nil {
		if written, rerr := results.ReadManifest(dir); rerr != nil || !written.Complete {
			return fmt.Errorf("%w; %s is incomplete: finish it with --resume %s", err, dir, dir)
		}
		return err
	}
	if !f.quiet {
		printResults(stdout, m, res.Summary, scs)
	}
	if m.StoppedBy != "" {
		fmt.Fprintf(stdout, "stopped: %s\n", m.StoppedBy)
	}
	fmt.Fprintf(stdout, "results: %s\n", dir)
	return nil
}

// writeReport writes sources.csv, draws the charts and maps and writes
// report.html.
func writeReport(dir string, m results.Manifest, sum *experiment.Summary, scs []loaded) error {
	if err := writeSources(dir, scs); err != nil {
		return err
	}
	in := report.Input{Manifest: m, Summary: sum, Worlds: worldsOf(scs), Days: scs[0].sc.Params.Days}
	for _, l := range scs {
		in.Descriptions = append(in.Descriptions, l.sc.Description)
		in.Touched = append(in.Touched, l.sc.Touched)
		in.Events = append(in.Events, eventMonths(l.sc.Epochs))
	}
	if _, err := report.Write(dir, in); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// eventMonths are the months a scenario's dated events take effect: the
// start of each epoch after the first.
func eventMonths(epochs []sim.Epoch) []sim.YearMonth {
	var out []sim.YearMonth
	for _, e := range epochs[min(1, len(epochs)):] {
		out = append(out, e.From)
	}
	return out
}

// writeSources writes the provenance table of every scenario to
// dir/sources.csv, the scenario's name first.
func writeSources(dir string, scs []loaded) error {
	rows := [][]string{{"scenario", "entry", "field", "value", "source_or_assumption"}}
	for _, l := range scs {
		for _, r := range l.sc.Provenance() {
			rows = append(rows, []string{l.sc.Name, r.Entry, r.Field, r.Value, r.Note()})
		}
	}
	if err := results.WriteCSV(filepath.Join(dir, results.SourcesFile), rows); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	return nil
}

// defaultDir is where an experiment's results go without --out:
// results/<name>-<start time> (newOutDir adds -2, -3, … if it is taken).
func defaultDir(kind string, scs []loaded, started time.Time) string {
	name := scs[0].sc.Name
	if kind == "compare" {
		name = "compare-" + name
	} else if kind == "sweep" {
		if i := strings.IndexAny(name, "[@"); i > 0 {
			name = name[:i]
		}
		name = "sweep-" + name
	}
	return filepath.Join("results", name+"-"+started.Format("20060102-150405"))
}

// newOutDir makes the directory of a new run and locks it: out, or, when out
// is empty, a new directory named base (base-2, base-3, … when that exists,
// so that two runs started in the same second never share one). It refuses
// a directory another process is writing to or that holds another run's
// files; resumable says whether to suggest --resume for such a directory.
func newOutDir(out, base string, resumable bool) (dir string, unlock func(), err error) {
	dir = out
	if out == "" {
		if err := mkdir(filepath.Dir(base)); err != nil {
			return "", nil, err
		}
		for i := 1; ; i++ {
			dir = base
			if i > 1 {
				dir = fmt.Sprintf("%s-%d", base, i)
			}
			err := os.Mkdir(dir, 0o755)
			if err == nil {
				break
			}
			if !errors.Is(err, fs.ErrExist) || i == 1000 {
				return "", nil, err
			}
		}
	} else if err := mkdir(dir); err != nil {
		return "", nil, err
	}
	if unlock, err = lockDir(dir); err != nil {
		return "", nil, err
	}
	left, err := results.Leftovers(dir)
	if err != nil {
		unlock()
		return "", nil, err
	}
	if len(left) > 0 {
		unlock()
		if len(left) > 3 {
			left = append(left[:3], "…")
		}
		msg := fmt.Sprintf("%s holds files of another run (%s): give a new or empty directory", dir, strings.Join(left, ", "))
		if resumable {
			msg += ", or finish an interrupted run with --resume " + dir
		}
		return "", nil, &exitError{code: 1, msg: msg}
	}
	return dir, unlock, nil
}

// lockDir takes the lock of a results directory for this process.
func lockDir(dir string) (unlock func(), err error) {
	unlock, err = results.Lock(dir)
	if errors.Is(err, results.ErrLocked) {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	return unlock, err
}

// resumeDir locks the results directory of an interrupted run, checks that
// it is the experiment m, and sets e and opt to continue from its log of
// replications. A complete directory whose files match its manifest has
// nothing to resume (done); one whose files do not is rebuilt from its log,
// or refused when it has none.
func resumeDir(dir string, m *results.Manifest, e *experiment.Experiment, opt *results.Options, stdout, stderr io.Writer) (unlock func(), done bool, err error) {
	refuse := func(format string, args ...any) (func(), bool, error) {
		if unlock != nil {
			unlock()
		}
		return nil, false, &exitError{code: 1, msg: fmt.Sprintf("--resume %s: ", dir) + fmt.Sprintf(format, args...)}
	}
	if _, err := os.Stat(dir); err != nil {
		return refuse("%v", err)
	}
	if unlock, err = lockDir(dir); err != nil {
		return nil, false, err
	}
	old, err := results.ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return refuse("no %s: not a results directory, or its run was stopped before it wrote anything; run the experiment again without --resume", results.ManifestFile)
	} else if err != nil {
		return refuse("%v", err)
	}
	same := *m
	if old.Complete && old.Precision > 0 && old.StoppedBy != "" && old.Replications < m.Replications {
		// --precision stopped it early: its manifest records the
		// replications it ran, not -n, which the same flags give again
		same.Replications = old.Replications
	}
	if err := results.SameExperiment(old, same); err != nil {
		return refuse("not the same experiment: %v", err)
	}
	if old.Shard != m.Shard {
		return refuse("not the same experiment: shard %q against shard %q", old.Shard, m.Shard)
	}
	_, statErr := os.Stat(filepath.Join(dir, results.LogFile))
	hasLog := statErr == nil
	if old.Complete {
		verr := results.Verify(dir, old)
		if verr == nil {
			if old.Shard == "" {
				// killed between its manifest and the removal of its log
				if err := results.RemoveLog(dir); err != nil {
					return refuse("%v", err)
				}
			}
			unlock()
			fmt.Fprintf(stdout, "complete already: nothing to resume\nresults: %s\n", dir)
			return nil, true, nil
		}
		if !hasLog {
			return refuse("%v; it keeps no log of replications to rebuild them from: run the experiment again into a new directory", verr)
		}
		fmt.Fprintf(stderr, "hourglass: %v: every file is rebuilt from the log of replications\n", verr)
	}
	if _, err := results.RemoveTemps(dir); err != nil {
		return refuse("%v", err)
	}
	m.Started, m.PerRep = old.Started, old.PerRep
	opt.PerReplication = old.PerRep
	if !hasLog {
		if old.Completed > 0 {
			return refuse("its log of replications (%s) is missing: run the experiment again into a new directory", results.LogFile)
		}
		return unlock, false, nil // stopped before its first replication: start afresh
	}
	log, err := results.OpenLog(dir, len(m.Scenarios))
	if err != nil {
		return refuse("%v", err)
	}
	if opt.LogValid, err = log.Replay(func(*experiment.Replication) error { return nil }); err != nil {
		return refuse("%v", err)
	}
	e.Previous = func(yield func(*experiment.Replication) error) error {
		_, err := log.Replay(yield)
		return err
	}
	return unlock, false, nil
}

// interruptible returns a context cancelled by the first SIGINT or SIGTERM
// (Ctrl-C; what Kubernetes and Slurm send): the run then commits what it
// has and writes a resumable directory. A second signal exits at once; the
// directory is still resumable, from its log.
func interruptible(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	finished := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-finished:
			return
		}
		fmt.Fprintln(stderr, "\nhourglass: stopping after the replications in progress (signal again to stop at once; --resume continues either way)")
		cancel()
		select {
		case <-sigs:
			fmt.Fprintln(stderr, "hourglass: stopped at once")
			os.Exit(130)
		case <-finished:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(finished)
		cancel()
	}
}
