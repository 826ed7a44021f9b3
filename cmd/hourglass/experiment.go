package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
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
	design    string // a sweep's design, for the manifest: factorial, lhs or file NAME
}

func (f *expFlags) register(fs *flag.FlagSet, defaultN int) {
	fs.IntVar(&f.n, "n", defaultN, "replications per scenario (with --precision: the most)")
	fs.Uint64Var(&f.seed, "seed", 1, "master seed: with it, every result is reproducible bit for bit")
	fs.IntVar(&f.workers, "j", runtime.NumCPU(), "worker goroutines (results do not depend on it)")
	fs.StringVar(&f.out, "out", "", "results directory (default results/<name>-<timestamp>)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress and no table: only where the results are")
	fs.Float64Var(&f.precision, "precision", 0, "add replications in batches until every headline 95% CI half-width is within this fraction of its mean (or -n is reached)")
	fs.StringVar(&f.shard, "shard", "", "run only shard I/N of the replications (0-based I), for hourglass merge")
	fs.IntVar(&f.shards, "shards", 0, "number of shards, with the shard index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job)")
	fs.StringVar(&f.resume, "resume", "", "finish the interrupted run in this results directory")
}

// shardRange returns the replications [first, end) this process runs, from
// --shard, --shards with JOB_COMPLETION_INDEX, or SLURM_ARRAY_TASK_ID with
// SLURM_ARRAY_TASK_COUNT, and a label "I/N" ("" when not sharded). Shard I
// of N holds replications [I·n/N, (I+1)·n/N).
func (f *expFlags) shardRange() (first, end int, label string, err error) {
	idx, count := -1, 0
	switch {
	case f.shard != "":
		a, b, ok := strings.Cut(f.shard, "/")
		i, e1 := strconv.Atoi(a)
		n, e2 := strconv.Atoi(b)
		if !ok || e1 != nil || e2 != nil {
			return 0, 0, "", fmt.Errorf("--shard %q: want I/N, such as 0/4", f.shard)
		}
		idx, count = i, n
	case f.shards > 0:
		v := os.Getenv("JOB_COMPLETION_INDEX")
		i, e := strconv.Atoi(v)
		if e != nil {
			return 0, 0, "", fmt.Errorf("--shards %d: JOB_COMPLETION_INDEX is %q, want a number", f.shards, v)
		}
		idx, count = i, f.shards
	case os.Getenv("SLURM_ARRAY_TASK_ID") != "" && os.Getenv("SLURM_ARRAY_TASK_COUNT") != "":
		i, e1 := strconv.Atoi(os.Getenv("SLURM_ARRAY_TASK_ID"))
		n, e2 := strconv.Atoi(os.Getenv("SLURM_ARRAY_TASK_COUNT"))
		if e1 != nil || e2 != nil {
			return 0, 0, "", errors.New("SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT must be numbers")
		}
		idx, count = i, n
	default:
		return 0, f.n, "", nil
	}
	if count < 1 || idx < 0 || idx >= count {
		return 0, 0, "", fmt.Errorf("shard %d/%d: want 0 <= I < N", idx, count)
	}
	if f.precision > 0 {
		return 0, 0, "", errors.New("--precision decides the number of replications as it goes: it cannot be sharded")
	}
	return idx * f.n / count, (idx + 1) * f.n / count, fmt.Sprintf("%d/%d", idx, count), nil
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
		sc, err := loadScenarioWith(a, ov...)
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

// runExperiment runs (or resumes) an experiment and writes its results.
func runExperiment(kind string, scs []loaded, f *expFlags, stdout, stderr io.Writer) error {
	first, end, label, err := f.shardRange()
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	m := results.Manifest{Program: "hourglass", Version: version, Commit: commit(), Command: os.Args, Kind: kind,
		Seed: f.seed, Replications: f.n, Shard: label, First: first, End: end, Workers: f.workers, Precision: f.precision,
		Started: time.Now().UTC()}
	worlds := make([]*sim.World, len(scs))
	for i, l := range scs {
		worlds[i] = l.sc.World
		s := results.Scenario{Name: l.sc.Name, Arg: l.arg, Override: l.override, Params: l.params, AnnualCostUSD: l.sc.AnnualCost()}
		for _, fi := range l.sc.Files {
			s.Files = append(s.Files, results.FileHash{Path: fi.Path, SHA256: fi.SHA256})
		}
		m.Scenarios = append(m.Scenarios, s)
	}
	m.DesignKeys = results.DesignKeys(m.Scenarios)
	if len(m.DesignKeys) > 0 {
		m.Design = f.design
	}
	set := &results.Set{Manifest: m, Worlds: worlds}
	dir := f.out
	if f.resume != "" {
		dir = f.resume
		if set, err = resumeSet(dir, set); err != nil {
			return err
		}
		m = set.Manifest
		first, end = m.First, m.End
	}
	if dir == "" {
		name := scs[0].sc.Name
		if kind == "compare" {
			name = "compare-" + name
		} else if kind == "sweep" {
			if i := strings.IndexAny(name, "[@"); i > 0 {
				name = name[:i]
			}
			name = "sweep-" + name
		}
		dir = filepath.Join("results", name+"-"+m.Started.Format("20060102-150405"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	prog := newProgress(stderr, f.quiet)
	target := end
	if f.precision > 0 {
		target = first + min(f.n, batchSize(f.n))
	}
	for {
		missing := set.Missing(first, target)
		if err := runMissing(ctx, set, scs, missing, f, prog); err != nil {
			set.Manifest.Finished = time.Now().UTC()
			set.Manifest.Completed = completed(set, first)
			set.Manifest.Complete = false
			if werr := set.Write(dir); werr != nil {
				return werr
			}
			prog.done()
			fmt.Fprintf(stdout, "interrupted: %d replications written to %s (%d of every scenario); finish with --resume %s\n",
				len(set.Reps), dir, set.Manifest.Completed, dir)
			if errors.Is(err, context.Canceled) {
				return &exitError{code: 130, msg: "interrupted"}
			}
			return err
		}
		if f.precision <= 0 {
			break
		}
		worst, ok := precisionReached(set, f.precision)
		if ok {
			set.Manifest.StoppedBy = fmt.Sprintf("precision %g reached after %d replications", f.precision, target-first)
			break
		}
		if target >= end {
			set.Manifest.StoppedBy = fmt.Sprintf("-n %d reached before precision %g (widest: %s)", f.n, f.precision, worst)
			break
		}
		target = min(end, target+batchSize(f.n))
	}
	prog.done()
	set.Manifest.End = max(set.Manifest.End, target)
	if f.precision > 0 {
		set.Manifest.Replications = target
		set.Manifest.End = target
	}
	set.Manifest.Finished = time.Now().UTC()
	set.Manifest.Completed = completed(set, first)
	set.Manifest.Complete = true
	if err := set.Write(dir); err != nil {
		return err
	}
	if err := writeReport(dir, set, scs); err != nil {
		return err
	}
	if !f.quiet {
		printResults(stdout, set, scs)
	}
	if set.Manifest.StoppedBy != "" {
		fmt.Fprintf(stdout, "stopped: %s\n", set.Manifest.StoppedBy)
	}
	fmt.Fprintf(stdout, "results: %s\n", dir)
	return nil
}

func batchSize(n int) int { return max(10, n/10) }

// writeReport writes sources.csv, draws the charts and maps and writes
// report.html.
func writeReport(dir string, set *results.Set, scs []loaded) error {
	if err := writeSources(dir, scs); err != nil {
		return err
	}
	in := report.Input{Set: set, Days: scs[0].sc.Params.Days}
	for _, l := range scs {
		in.Descriptions = append(in.Descriptions, l.sc.Description)
		in.Touched = append(in.Touched, l.sc.Touched)
	}
	if _, err := report.Write(dir, in); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
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

func completed(set *results.Set, first int) int {
	count := make([]int, len(set.Manifest.Scenarios))
	for _, r := range set.Reps {
		count[r.Scenario]++
	}
	least := math.MaxInt
	for _, c := range count {
		least = min(least, c)
	}
	if least == math.MaxInt {
		return 0
	}
	return least
}

// runMissing runs the listed replications of every scenario and adds them to
// the set. Scenario i's replication r uses the generator (seed, r), the same
// for every scenario: common random numbers.
func runMissing(ctx context.Context, set *results.Set, scs []loaded, missing [][]uint64, f *expFlags, prog *progress) error {
	type job struct {
		scenario int
		rep      uint64
	}
	// Replication-major order: an interrupted comparison keeps whole pairs.
	var jobs []job
	for si, reps := range missing {
		for _, r := range reps {
			jobs = append(jobs, job{si, r})
		}
	}
	sort.SliceStable(jobs, func(a, b int) bool {
		if jobs[a].rep != jobs[b].rep {
			return jobs[a].rep < jobs[b].rep
		}
		return jobs[a].scenario < jobs[b].scenario
	})
	if len(jobs) == 0 {
		return nil
	}
	prog.start(len(jobs))
	out := make([]experiment.Rep, len(jobs))
	reps := make([]uint64, len(jobs))
	for i, j := range jobs {
		reps[i] = j.rep
	}
	done, err := experiment.RunEach(ctx, f.seed, reps, f.workers, func(i int, rep uint64) error {
		l := scs[jobs[i].scenario]
		o, err := sim.Run(l.sc.World, &l.sc.Params, f.seed, rep)
		if err != nil {
			return err
		}
		out[i] = experiment.NewRep(jobs[i].scenario, l.sc.World, &o)
		prog.tick()
		return nil
	})
	for i := range out {
		if done[i] {
			set.Reps = append(set.Reps, out[i])
		}
	}
	experiment.SortReps(set.Reps)
	return err
}

// precisionReached reports whether every headline metric of every scenario
// has a 95% CI half-width within p of |mean| (metrics with mean 0 count as
// reached), and names the widest one otherwise.
func precisionReached(set *results.Set, p float64) (string, bool) {
	sum := set.Summarize()
	worst, worstRatio := "", 0.0
	for _, sc := range sum.Scenarios {
		for _, metric := range experiment.Metrics {
			ms := sc.Metrics[metric.Name]
			if ms.Mean == 0 {
				continue
			}
			if r := ms.HalfWidth() / math.Abs(ms.Mean); r > worstRatio {
				worst, worstRatio = fmt.Sprintf("%s %s ±%.1f%%", sc.Name, metric.Name, 100*r), r
			}
		}
	}
	return worst, worstRatio <= p
}

// resumeSet reads an interrupted results directory, checks that its
// scenarios are the ones loaded now, and returns its replications.
func resumeSet(dir string, now *results.Set) (*results.Set, error) {
	m, err := results.ReadManifest(dir)
	if err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("--resume %s: %v", dir, err)}
	}
	if len(m.Scenarios) != len(now.Manifest.Scenarios) {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("--resume %s: it has %d scenarios, the command names %d", dir, len(m.Scenarios), len(now.Manifest.Scenarios))}
	}
	for i := range m.Scenarios {
		a, b := m.Scenarios[i], now.Manifest.Scenarios[i]
		if a.Name != b.Name || fmt.Sprint(a.Files) != fmt.Sprint(b.Files) || fmt.Sprint(a.Params) != fmt.Sprint(b.Params) {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("--resume %s: scenario %s changed since the run started (its files, their SHA-256 or its design values differ)", dir, a.Name)}
		}
	}
	if m.Seed != now.Manifest.Seed || m.Replications != now.Manifest.Replications {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("--resume %s: it was run with --seed %d -n %d; give the same", dir, m.Seed, m.Replications)}
	}
	set, err := results.Read(dir, m, now.Worlds)
	if err != nil {
		return nil, err
	}
	set.Manifest.Command = now.Manifest.Command
	set.Manifest.Workers = now.Manifest.Workers
	return set, nil
}
