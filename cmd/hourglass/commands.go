package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

const (
	runUsage     = "run [flags] [SCENARIO]"
	runShort     = "run replications of one scenario (default: the shipped baseline)"
	compareUsage = "compare [flags] BASELINE ALT..."
	compareShort = "compare scenarios with common random numbers and paired differences"
	sweepUsage   = "sweep [flags] SCENARIO (--vary KEY=FROM:TO:STEPS... | --design lhs:N | --design FILE.csv)"
	sweepShort   = "run a scenario at each point of a design: a grid over one or more parameters, a Latin hypercube or a file of points"
	mergeUsage   = "merge [--out DIR] DIR..."
	mergeShort   = "merge the results of shards into one results directory"
)

var (
	runCmd     = &command{name: "run", usage: runUsage, short: runShort, run: runRun}
	compareCmd = &command{name: "compare", usage: compareUsage, short: compareShort, run: runCompare}
	sweepCmd   = &command{name: "sweep", usage: sweepUsage, short: sweepShort, run: runSweep}
	mergeCmd   = &command{name: "merge", usage: mergeUsage, short: mergeShort, run: runMerge}
)

const scenarioHelp = `SCENARIO is a TOML file, or the name of a shipped scenario (see scenarios/;
default ` + scenarios.Baseline + `). Replication i of every scenario uses the same random
streams (common random numbers), and the same --seed gives the same results,
bit for bit, whatever -j and however the run is sharded.`

func newFlagSet(name, usage, short string, stderr io.Writer, extra string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s\n\n%s\n%s\nFlags:\n", usage, short, scenarioHelp, extra)
		fs.PrintDefaults()
	}
	return fs
}

func runRun(args []string, stdout, stderr io.Writer) error {
	var f expFlags
	fs := newFlagSet("run", runUsage, runShort, stderr, "")
	f.register(fs, 100)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return &exitError{code: 2, msg: "run takes one scenario (use compare for several)"}
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	if f.n < 1 {
		return &exitError{code: 2, msg: fmt.Sprintf("-n %d: need at least 1 replication", f.n)}
	}
	if err := f.check(); err != nil {
		return err
	}
	scs, err := loadAll(pos, nil)
	if err != nil {
		return err
	}
	return runExperiment("run", scs, &f, stdout, stderr)
}

func runCompare(args []string, stdout, stderr io.Writer) error {
	return compare(args, nil, stdout, stderr)
}

// compare is hourglass compare; ctl, when not nil, is the workbench's
// control of the run (hourglass serve runs every comparison through here).
func compare(args []string, ctl *control, stdout, stderr io.Writer) error {
	f := expFlags{ctl: ctl}
	fs := newFlagSet("compare", compareUsage, compareShort, stderr,
		"Every ALT is compared with BASELINE replication by replication: paired\ndifferences with 95% CIs, displacement of flow, cost-effectiveness.\n")
	f.register(fs, 100)
	fs.StringVar(&f.objective, "objective", experiment.DefaultObjective.String(), "the outcome the decision table ranks alternatives by, per dollar: "+objectiveNames())
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkObjective(f.objective); err != nil {
		return err
	}
	if len(pos) < 2 {
		fs.Usage()
		return &exitError{code: 2, msg: "compare needs a baseline and at least one alternative"}
	}
	if f.n < 2 {
		return &exitError{code: 2, msg: fmt.Sprintf("-n %d: paired confidence intervals need at least 2 replications", f.n)}
	}
	if err := f.check(); err != nil {
		return err
	}
	scs, err := loadAll(pos, nil)
	if err != nil {
		return err
	}
	return runExperiment("compare", scs, &f, stdout, stderr)
}

// objectiveNames lists the outcomes a decision table can be ranked by.
func objectiveNames() string {
	var names []string
	for _, m := range experiment.DecisionOutcomes {
		names = append(names, m.String())
	}
	return strings.Join(names, ", ")
}

// checkObjective refuses an --objective that is not a decision outcome.
func checkObjective(name string) error {
	for _, m := range experiment.DecisionOutcomes {
		if m.String() == name {
			return nil
		}
	}
	msg := fmt.Sprintf("--objective %q: not an outcome of the decision table (allowed: %s)", name, objectiveNames())
	if _, err := experiment.ParseMetric(name); err != nil {
		msg = fmt.Sprintf("--objective: %v", err)
		if strings.Contains(msg, "did you mean") {
			msg = msg[:strings.Index(msg, " (allowed:")] + " (allowed: " + objectiveNames() + ")"
		}
	}
	return &exitError{code: 2, msg: msg}
}

func runSweep(args []string, stdout, stderr io.Writer) error { return sweep(args, nil, stdout, stderr) }

// sweep is hourglass sweep; ctl, when not nil, is the workbench's control
// of the run.
func sweep(args []string, ctl *control, stdout, stderr io.Writer) error {
	f := expFlags{ctl: ctl}
	fs := newFlagSet("sweep", sweepUsage, sweepShort, stderr,
		"KEY selects a value after the scenario's files are merged: ids in brackets,\n* for every element (hourglass list keys). Examples:\n  group[*].professionalization=0:1:6\n  place[sosnovka].traits.inspection_rate=0:0.5:6\n  params.interdiction.tip_rate=0:2:5\n"+
			"Several --vary make the full factorial (every combination of their steps).\n--design lhs:N draws a Latin hypercube of N points over the --vary ranges\n(their steps ignored), or over the scenario's [[uncertain]] ranges without\n--vary, seeded by --seed. --design FILE.csv reads the points: a header of\nkeys, one row of numbers per point. runs.csv and summary.csv get one column\nper key, holding each scenario's value.\n")
	f.register(fs, 100)
	var vary repeated
	fs.Var(&vary, "vary", "KEY=FROM:TO:STEPS (repeat it for the full factorial)")
	spec := fs.String("design", "", "lhs:N (Latin hypercube of N points) or FILE.csv (a point per row)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return &exitError{code: 2, msg: "sweep takes one scenario"}
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	if len(vary) == 0 && *spec == "" {
		fs.Usage()
	}
	if err := f.check(); err != nil {
		return err
	}
	d, kind, err := sweepDesign(pos[0], vary, *spec, f.seed)
	if err != nil {
		return err
	}
	args2 := make([]string, len(d.Points))
	for i := range args2 {
		args2[i] = pos[0]
	}
	scs, err := loadAll(args2, designPoints(d, kind, vary, *spec))
	if err != nil {
		return err
	}
	f.design = kind
	return runExperiment("sweep", scs, &f, stdout, stderr)
}

func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "merged results directory (default results/merged-<first shard's name>)")
	quiet := fs.Bool("quiet", false, "print only where the results are")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s: checks that every replication is present exactly once and\nwrites the same files as one run on one machine.\n\nFlags:\n", mergeUsage, mergeShort)
		fs.PrintDefaults()
	}
	dirs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		fs.Usage()
		return &exitError{code: 2, msg: "merge needs results directories"}
	}
	// Every shard must be a complete part of one experiment; they are joined
	// in replication order.
	if err := results.ArmFault(os.Getenv("HOURGLASS_TEST_FAULT")); err != nil {
		return err
	}
	var ms []results.Manifest
	for _, d := range dirs {
		m, err := results.ReadManifest(d)
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		if m.Kind != "run" && m.Kind != "compare" && m.Kind != "sweep" {
			return fmt.Errorf("%s: the results of a %s, not a shard (run, compare and sweep are sharded)", d, m.Kind)
		}
		if !m.Complete {
			return fmt.Errorf("%s: incomplete shard (finish it with --resume first)", d)
		}
		if err := results.Verify(d, m); err != nil {
			return fmt.Errorf("merge: %w: finish it with --resume %s if it keeps its log, or run the shard again", err, d)
		}
		if len(ms) > 0 {
			if err := results.SameExperiment(ms[0], m); err != nil {
				return fmt.Errorf("merge: %s is not a shard of the same experiment as %s: %v", d, dirs[0], err)
			}
		}
		ms = append(ms, m)
	}
	order := make([]int, len(dirs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ms[order[a]].First < ms[order[b]].First })
	m := ms[0]
	names := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		names[i] = s.Arg
	}
	points, err := manifestPoints(m)
	if err != nil {
		return fmt.Errorf("merge: %s: %w", dirs[order[0]], err)
	}
	scs, err := loadAll(names, points)
	if err != nil {
		return err
	}
	for i := range scs {
		scs[i].sc.Name = m.Scenarios[i].Name // as the shards named them
	}
	f := expFlags{n: m.Replications, seed: m.Seed, workers: m.Workers}
	e := newExperiment(m.Kind, scs, &f, experiment.Shard{})
	e.MergeOnly = true
	e.Previous = func(yield func(*experiment.Replication) error) error {
		for _, i := range order {
			log, err := results.OpenLog(dirs[i], len(scs))
			if err != nil {
				return err
			}
			if _, err := log.Replay(yield); err != nil {
				return fmt.Errorf("%s: %w", dirs[i], err)
			}
		}
		return nil
	}
	dir, unlock, err := newOutDir(*out, "results/merged-"+m.Scenarios[0].Name, false)
	if err != nil {
		return err
	}
	defer unlock()
	m.Shard, m.First, m.End = "", 0, m.Replications
	m.Complete, m.Files = false, nil
	m.Command = os.Args
	w, err := results.NewWriter(dir, m, worldsOf(scs), results.Options{PerReplication: m.PerRep, NoLog: true})
	if err != nil {
		return err
	}
	res, err := e.Run(context.Background(), w)
	if err != nil {
		w.Interrupted(m)
		return fmt.Errorf("merge: %w", err)
	}
	m.Complete, m.Completed, m.Finished = true, res.Completed, time.Now().UTC()
	if err := w.Finish(res.Summary, m); err != nil {
		return err
	}
	if err := writeReport(dir, m, res.Summary, scs); err != nil {
		return err
	}
	if err := w.Commit(m); err != nil {
		return err
	}
	if !*quiet {
		printResults(stdout, m, res.Summary, scs)
	}
	fmt.Fprintf(stdout, "results: %s\n", dir)
	return nil
}
