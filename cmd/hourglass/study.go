package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/design"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

const (
	studyUsage = "study intelligence [-n N] [--seed S] [-j J] [--levels FROM:TO:STEPS] [--out DIR] [--quiet] [BASE]"
	studyShort = "ready-made studies for students: what intelligence is worth against random checks as groups professionalise"
)

var studyCmd = &command{name: "study", usage: studyUsage, short: studyShort, run: runStudy}

// intelligenceStudy is "hourglass study intelligence": the informant program
// against random inspection for the same money, at each level of every
// group's professionalization (issue #12, item 6).
var intelligenceStudy = struct {
	driver, driverLabel string
	programs            []string
	rates               []experiment.RateOf
	charted             []experiment.Metric
}{
	driver:      "drivers.professionalization",
	driverLabel: "professionalization",
	programs:    []string{"informant-program", "inspection-program"},
	rates: []experiment.RateOf{
		{Metric: experiment.OpiatesSeized, Per: 1_000},
		{Metric: experiment.OrganiserArrests, Per: 1_000_000},
		{Metric: experiment.HeroinDelivered, Per: 1_000},
	},
	charted: []experiment.Metric{experiment.OpiatesSeized, experiment.OrganiserArrests},
}

const studyHelp = `Studies:
  intelligence  At each level of drivers.professionalization (every trafficking
                group's), one paired comparison (common random numbers) of BASE
                (default ` + scenarios.Baseline + `), informant-program and inspection-program,
                which cost the same a year. For each program: the change in
                opiates seized, organisers arrested and heroin delivered against
                BASE, and that change per money spent (kg per USD 1,000,
                organisers per USD 1 million) with 95% CIs.
Writes study.csv, study.json, sources.csv and report.html (charts in figures/).`

func studyFlagUsage(fs *flag.FlagSet, stderr io.Writer) func() {
	return func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s\n\n%s\n\nFlags:\n", studyUsage, studyShort, studyHelp)
		fs.PrintDefaults()
	}
}

func runStudy(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("study", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = studyFlagUsage(fs, stderr)
	n := fs.Int("n", 200, "paired replications per comparison (one comparison per level)")
	seed := fs.Uint64("seed", 1, "master seed: with it, every result is reproducible bit for bit")
	workers := fs.Int("j", defaultWorkers(), "worker goroutines (results do not depend on it)")
	levelsFlag := fs.String("levels", "0:1:5", "levels of professionalization, FROM:TO:STEPS (0 <= FROM < TO <= 1, 2 <= STEPS <= 101)")
	out := fs.String("out", "", "results directory (default results/study-intelligence-<timestamp>)")
	quiet := fs.Bool("quiet", false, "no progress and no table: only where the results are")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", *n, 1, MaxReplications, "replications"}, intFlag{"-j", *workers, 1, MaxWorkers, "workers"}); err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return &exitError{code: 2, msg: "which study? (available: intelligence)"}
	}
	if pos[0] != "intelligence" {
		return &exitError{code: 2, msg: fmt.Sprintf("unknown study %q (available: intelligence)", pos[0])}
	}
	pos = pos[1:]
	if len(pos) > 1 {
		return &exitError{code: 2, msg: fmt.Sprintf("study intelligence takes at most one base scenario, got %d: %s", len(pos), strings.Join(pos, " "))}
	}
	base := scenarios.Baseline
	if len(pos) == 1 {
		base = pos[0]
	}
	if *n < 2 {
		return &exitError{code: 2, msg: fmt.Sprintf("-n %d: paired confidence intervals need at least 2 replications", *n)}
	}
	if *workers < 1 {
		return &exitError{code: 2, msg: fmt.Sprintf("-j %d: need at least 1 worker", *workers)}
	}
	st := intelligenceStudy
	levels, err := parseLevels(*levelsFlag)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	// Load every scenario at every level before anything runs or is written,
	// so bad input leaves no results directory behind.
	names := append([]string{base}, st.programs...)
	perLevel := make([][]loaded, len(levels))
	for i, p := range levels {
		ov := scenario.Override{Path: st.driver, Value: p, Name: "--levels " + *levelsFlag}
		points := make([]point, len(names))
		for k := range points {
			points[k] = point{overrides: []scenario.Override{ov}}
		}
		if perLevel[i], err = loadAll(names, points); err != nil {
			return err
		}
	}
	started := time.Now().UTC()
	dir := filepath.Join("results", "study-intelligence-"+started.Format("20060102-150405")) // without --out
	if err := results.ArmFault(os.Getenv("HOURGLASS_TEST_FAULT")); err != nil {
		return err
	}
	f := expFlags{n: *n, seed: *seed, workers: *workers}
	// Claimed before the work: a directory in use, with another run's files
	// or not writable is refused before any replication.
	m := manifest("study", perLevel[0], &f, experiment.Shard{})
	m.Started = started
	sealed, err := openSealed(*out, dir, m)
	if err != nil {
		return err
	}
	defer sealed.unlock()
	dir = sealed.dir
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	prog := newProgress(stderr, *quiet)
	res := &results.Study{Name: "intelligence", Driver: st.driver, Base: perLevel[0][0].sc.Name, Programs: st.programs,
		Seed: *seed, N: *n, Version: version, Commit: commit(), Command: os.Args, Started: started}
	perComparison := *n * len(names)
	for i, p := range levels {
		e := newExperiment("compare", perLevel[i], &f, experiment.Shard{})
		e.Progress = func(done, _ int) { prog.set(i*perComparison+done, len(levels)*perComparison) }
		r, err := e.Run(ctx, experiment.Discard)
		if err != nil {
			prog.done()
			sealed.abandon()
			if errors.Is(err, context.Canceled) {
				return &exitError{code: 130, msg: "interrupted (nothing written)"}
			}
			return fmt.Errorf("%s %g: %w", st.driverLabel, p, err)
		}
		res.Levels = append(res.Levels, results.StudyLevel{Level: p, Rates: experiment.CostRates(r.Summary, st.rates)})
	}
	prog.done()
	res.Finished = time.Now().UTC()
	if err := results.WriteStudy(dir, res); err != nil {
		return sealed.failed(err)
	}
	if err := writeSources(dir, perLevel[0]); err != nil {
		return sealed.failed(err)
	}
	q := fmt.Sprintf("As trafficking groups professionalise, what is intelligence worth against random checks? For the same money a year, does %s (informant handling in the Tajik and Kyrgyz drug control agencies) or %s (staff and random inspection at Tajik and Kyrgyz posts on the opiate flow) buy more opiates seized and more organisers arrested, compared with %s?",
		st.programs[0], st.programs[1], res.Base)
	if err := report.WriteStudy(dir, report.Study{Study: res, Title: "hourglass study: the value of intelligence", Question: q,
		DriverLabel: st.driverLabel, Charted: st.charted, Sources: results.SourcesFile,
		Files: []string{results.StudyFile, results.StudyJSON, results.SourcesFile}}); err != nil {
		return sealed.failed(fmt.Errorf("report: %w", err))
	}
	if err := sealed.seal(); err != nil {
		return sealed.failed(err)
	}
	if !*quiet {
		printStudy(stdout, res)
	}
	fmt.Fprintf(stdout, "results: %s\n", dir)
	return nil
}

// maxLevels bounds --levels: each level is a whole comparison.
const maxLevels = 101

// parseLevels parses --levels FROM:TO:STEPS into its levels.
func parseLevels(s string) ([]float64, error) {
	bad := fmt.Errorf("--levels %q: want FROM:TO:STEPS with 0 <= FROM < TO <= 1 and STEPS a whole number from 2 to %d, such as 0:1:5", s, maxLevels)
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return nil, bad
	}
	from, e1 := strconv.ParseFloat(parts[0], 64)
	to, e2 := strconv.ParseFloat(parts[1], 64)
	steps, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil || math.IsNaN(from) || math.IsNaN(to) || from < 0 || to > 1 || from >= to || steps < 2 || steps > maxLevels {
		return nil, bad
	}
	d, err := design.Factorial([]design.Var{{Key: "drivers.professionalization", Low: from, High: to, Steps: steps}})
	if err != nil {
		return nil, fmt.Errorf("--levels %q: %v", s, err)
	}
	levels := make([]float64, len(d.Points))
	for i, p := range d.Points {
		levels[i] = p[0]
	}
	return levels, nil
}

// printStudy prints each level's rates, one row per program and metric.
func printStudy(w io.Writer, s *results.Study) {
	fmt.Fprintf(w, "study intelligence: %d paired replications per level against %s, seed %d\n", s.N, s.Base, s.Seed)
	fmt.Fprintln(w, "rate: change against the base per money spent (kg per USD 1,000; organisers per USD 1 million), 95% CI; * = the change's CI excludes 0")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "professionalization\tprogram\tmetric\tchange\trate\t95% CI\t")
	for _, l := range s.Levels {
		for _, r := range l.Rates {
			mark := ""
			if r.Diff.ExcludesZero {
				mark = "*"
			}
			fmt.Fprintf(tw, "%g\t%s\t%s\t%s%s\t%s\t[%s, %s]\t\n", l.Level, r.Program, r.Metric, human(r.Diff.Mean), mark,
				rate(r.PerUnit.Mean), rate(r.PerUnit.Lo), rate(r.PerUnit.Hi))
		}
	}
	tw.Flush()
}

func rate(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}
