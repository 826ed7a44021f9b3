package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/job"
	"hourglass/sim/report"
)

var (
	runCmd = &command{name: "run", usage: "run [flags] [SCENARIO]",
		short: "run replications of one scenario (default: the shipped baseline)", run: experimentCommand(job.Run)}
	compareCmd = &command{name: "compare", usage: "compare [flags] BASELINE ALT...",
		short: "compare scenarios with common random numbers and paired differences", run: experimentCommand(job.Compare)}
	sweepCmd = &command{name: "sweep", usage: "sweep [flags] SCENARIO (--vary KEY=FROM:TO:STEPS... | --design lhs:N | --design FILE.csv)",
		short: "run a scenario at each point of a design: a grid over one or more parameters, a Latin hypercube or a file of points", run: experimentCommand(job.Sweep)}
	mergeCmd = &command{name: "merge", usage: "merge [--out DIR] DIR...", short: "merge the results of shards into one results directory", run: runMerge}
)

// experimentHelp is what the help of compare and sweep adds.
var experimentHelp = map[job.Kind]string{
	job.Compare: "Every ALT is compared with BASELINE replication by replication: paired\ndifferences with 95% CIs, displacement of flow, cost-effectiveness. Each ALT\nmust extend BASELINE directly (--allow-different-worlds to compare others).\n--across KEY=FROM:TO:STEPS (or --design lhs:N or FILE.csv) runs every scenario\nat each level, each ALT against BASELINE at the same level.\n",
	job.Sweep: "KEY selects a value after the scenario's files are merged: ids in brackets,\n* for every element (hourglass list keys). Examples:\n  group[*].professionalization=0:1:6\n  place[sosnovka].traits.inspection_rate=0:0.5:6\n  params.interdiction.tip_rate=0:2:5\n" +
		"Several --vary make the full factorial (every combination of their steps).\n--design lhs:N draws a Latin hypercube of N points over the --vary ranges\n(their steps ignored), or over the scenario's [[uncertain]] ranges without\n--vary, seeded by --seed. --design FILE.csv reads the points: a header of\nkeys, one row of numbers per point. runs.csv and summary.csv get one column\nper key, holding each scenario's value.\n",
}

const scenarioHelp = `SCENARIO is a TOML file, or the name of a shipped scenario (see scenarios/;
default ` + scenarios.Baseline + `). Replication i of every scenario uses the same random
streams (common random numbers), and the same --seed gives the same results,
bit for bit, whatever -j and however the run is sharded.`

// expFlags are the flags of run, compare and sweep: a job.Spec, and what
// is not in it (how to print, profiles, the flags that become its shard,
// resume and design).
type expFlags struct {
	spec          job.Spec
	sh            shared
	quiet         bool
	cpu, mem      string // profiles
	shard, resume string
	shards        int
	vary          []string
	design        string
}

func (f *expFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.spec.N, "n", 100, "replications per scenario (with --precision: the most)") // its range is job's to check
	f.sh = shared{seed: &f.spec.Seed, workers: &f.spec.Workers, out: &f.spec.Out, outHelp: "results directory (default results/<name>-<timestamp>)", quiet: &f.quiet}
	f.sh.register(fs)
	fs.Float64Var(&f.spec.Precision, "precision", 0, "add replications in batches until every headline 95% CI half-width is within this fraction of its mean (or -n is reached)")
	fs.StringVar(&f.shard, "shard", "", "run only shard I/N of the replications (0-based I), for hourglass merge")
	fs.IntVar(&f.shards, "shards", 0, "number of shards, with the shard index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job)")
	fs.StringVar(&f.resume, "resume", "", "finish the interrupted run in this results directory")
	fs.StringVar(&f.cpu, "cpuprofile", "", "write a CPU profile to this file (go tool pprof)")
	fs.StringVar(&f.mem, "memprofile", "", "write a heap profile to this file at the end (go tool pprof)")
	fs.BoolVar(&f.spec.PerReplication, "per-replication", false, "also write every replication's seizure breakdown and segment flows (large)")
	switch f.spec.Kind {
	case job.Compare:
		fs.StringVar(&f.spec.Objective, "objective", experiment.DefaultObjective.String(), "the outcome the decision table ranks alternatives by, per dollar: "+job.ObjectiveNames())
		fs.StringVar(&f.spec.Ensemble, "ensemble", "", "compare in every member of this ensemble (hourglass calibrate's ensemble.csv); -n then defaults to "+fmt.Sprint(job.DefaultEnsembleReps))
		fs.Func("across", "KEY=FROM:TO:STEPS: compare at each level, each alternative against the baseline at the same level (repeat it for the full factorial)", f.addVary)
		fs.BoolVar(&f.spec.AllowDifferentWorlds, "allow-different-worlds", false, "compare alternatives that do not extend the baseline directly")
	case job.Sweep:
		fs.Func("vary", "KEY=FROM:TO:STEPS (repeat it for the full factorial)", f.addVary)
	}
	if f.spec.Kind != job.Run {
		fs.StringVar(&f.design, "design", "", "lhs:N (Latin hypercube of N points) or FILE.csv (a point per row)")
	}
}

// addVary adds a --vary (or --across) to f.
func (f *expFlags) addVary(s string) error { f.vary = append(f.vary, s); return nil }

// parse parses the command line of run, compare or sweep into f.spec.
func (f *expFlags) parse(fs *flag.FlagSet, args []string) error {
	pos, err := f.sh.parse(fs, args)
	if err != nil {
		return err
	}
	if f.spec.Kind == job.Compare && len(pos) < 2 || f.spec.Kind == job.Sweep && len(f.vary) == 0 && f.design == "" {
		fs.Usage()
	}
	f.spec.Scenarios = pos
	if f.spec.Ensemble != "" && !flagSet(fs, "n") {
		f.spec.N = 0 // job.DefaultEnsembleReps
	}
	if f.spec.Shard, err = job.ParseShard(f.shard, f.shards, os.Getenv); err != nil {
		return err
	}
	if f.resume != "" {
		f.spec.Out, f.spec.Resume = f.resume, true
	}
	f.spec.Design, err = job.ParseSweep(f.spec.Kind, f.vary, f.design)
	return err
}

// experimentCommand is hourglass run, compare or sweep.
func experimentCommand(kind job.Kind) func(args []string, stdout, stderr io.Writer) error {
	return func(args []string, stdout, stderr io.Writer) error {
		f := expFlags{spec: job.Spec{Kind: kind}}
		fs := newFlagSet(kind.String(), stderr, experimentHelp[kind])
		f.register(fs)
		if err := f.parse(fs, args); err != nil {
			return err
		}
		return runSpec(f, stdout, stderr)
	}
}

// runSpec prepares and runs f.spec (hourglass run, compare, sweep and
// study), and prints what it wrote.
func runSpec(f expFlags, stdout, stderr io.Writer) error {
	j, err := job.Prepare(f.spec)
	if err != nil {
		return err
	}
	ctx, opt, done := startJob(stderr, f.quiet)
	opt.CPUProfile, opt.MemProfile = f.cpu, f.mem
	res, err := j.Run(ctx, opt)
	done()
	if res != nil && res.Interrupted {
		fmt.Fprintf(stdout, "interrupted: %d replications of every scenario written to %s; finish with --resume %s\n", res.Manifest.Completed, res.Dir, res.Dir)
	}
	if err == nil {
		printResult(stdout, res, f.quiet)
	}
	return err
}

// printResult prints what a run, compare, sweep or merge wrote.
func printResult(stdout io.Writer, res *job.Result, quiet bool) {
	if res.Text(stdout, quiet) {
		return
	}
	if res.AlreadyComplete {
		fmt.Fprintln(stdout, "complete already: nothing to resume")
	} else if !quiet {
		report.Text(stdout, res.ReportInput())
	}
	if res.Manifest.StoppedBy != "" {
		fmt.Fprintf(stdout, "stopped: %s\n", res.Manifest.StoppedBy)
	}
	fmt.Fprintf(stdout, "results: %s\n", res.Dir)
}

const mergeHelp = "Checks that every replication is present exactly once and writes the same\nfiles as one run on one machine.\n"

func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", stderr, mergeHelp)
	var out string
	var quiet bool
	shared{out: &out, outHelp: "merged results directory (default results/merged-<first shard's name>)", quiet: &quiet}.register(fs)
	dirs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		fs.Usage()
	}
	ctx, opt, done := startJob(stderr, true)
	res, err := job.Merge(ctx, dirs, out, opt)
	done()
	if err == nil {
		printResult(stdout, res, quiet)
	}
	return err
}

// flagSet reports whether the flag name was given.
func flagSet(fs *flag.FlagSet, name string) (set bool) {
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
