package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
	"hourglass/sim/sensitivity"
)

const (
	sensUsage = "sensitivity [flags] [SCENARIO]"
	sensShort = "which uncertain parameters drive each headline metric: Morris screening and Sobol indices"
)

var sensCmd = &command{name: "sensitivity", usage: sensUsage, short: sensShort, run: runSensitivity}

func runSensitivity(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sensitivity", sensUsage, sensShort, stderr,
		"The parameters are the scenario's [[uncertain]] entries (name, low, high).\nEach model evaluation is the mean of --reps replications, with the same\nreplication seeds at every point (common random numbers).\n")
	method := fs.String("method", "both", "morris, sobol or both")
	r := fs.Int("r", 20, "Morris trajectories")
	levels := fs.Int("levels", 4, "Morris grid levels")
	n := fs.Int("N", 64, "Sobol base samples (cost: N·(k+2) evaluations)")
	reps := fs.Int("reps", 2, "replications averaged per evaluation")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("j", defaultWorkers(), "worker goroutines")
	out := fs.String("out", "", "results directory (default results/sensitivity-<scenario>-<timestamp>)")
	quiet := fs.Bool("quiet", false, "print only where the results are")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-r", *r, 1, MaxReplications, "trajectories"}, intFlag{"-levels", *levels, 2, 1000, "levels"},
		intFlag{"-N", *n, 1, MaxReplications, "samples"}, intFlag{"-reps", *reps, 1, MaxReplications, "replications"}, intFlag{"-j", *workers, 1, MaxWorkers, "workers"}); err != nil {
		return err
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	if *method != "morris" && *method != "sobol" && *method != "both" {
		return &exitError{code: 2, msg: fmt.Sprintf("--method %q (allowed: morris, sobol, both)", *method)}
	}
	if *r < 2 || *levels < 2 || *n < 4 || *reps < 1 {
		return &exitError{code: 2, msg: "need -r >= 2, --levels >= 2, -N >= 4 and --reps >= 1"}
	}
	scs, err := loadAll(pos[:1], nil)
	if err != nil {
		return err
	}
	sc := scs[0].sc
	if len(sc.Uncertain) == 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%s declares no [[uncertain]] parameters (name, low, high)", pos[0])}
	}
	unc := sc.Uncertain
	params := make([]string, len(unc))
	for i, u := range unc {
		params[i] = fmt.Sprintf("%s [%g, %g]", u.Name, u.Low, u.High)
	}
	outputs := make([]string, experiment.NumMetrics)
	for i, m := range experiment.Metrics() {
		outputs[i] = m.String()
	}
	if err := results.ArmFault(os.Getenv("HOURGLASS_TEST_FAULT")); err != nil {
		return err
	}
	started := time.Now().UTC()
	dir := filepath.Join("results", "sensitivity-"+sc.Name+"-"+started.Format("20060102-150405")) // without --out
	// Claimed before the work: a directory in use, with another run's files
	// or not writable is refused before any evaluation.
	m := manifest("sensitivity", scs, &expFlags{n: *reps, seed: *seed, workers: *workers}, experiment.Shard{})
	m.Started = started
	sealed, err := openSealed(*out, dir, m)
	if err != nil {
		return err
	}
	defer sealed.unlock()
	dir = sealed.dir
	prog := newProgress(stderr, *quiet)
	eval := func(x [][]float64) ([][]float64, error) {
		y, err := experiment.PointMeans(context.Background(), len(x), *reps, *workers, *seed, func(i int) (*sim.World, *sim.Params, error) {
			ov := make([]scenario.Override, len(unc))
			for k, u := range unc {
				ov[k] = scenario.Override{Path: u.Name, Value: u.Low + x[i][k]*(u.High-u.Low)}
			}
			s, err := loadScenarioWith(pos[0], ov...)
			if err != nil {
				return nil, nil, fmt.Errorf("point %v: %w", ov, err)
			}
			return s.World, &s.Params, nil
		}, prog.set)
		prog.done()
		return y, err
	}
	var morris *sensitivity.MorrisResult
	var sobol *sensitivity.SobolResult
	if *method != "sobol" {
		if morris, err = sensitivity.Morris(eval, len(unc), *r, *levels, *seed); err != nil {
			sealed.abandon()
			return err
		}
	}
	if *method != "morris" {
		if sobol, err = sensitivity.Sobol(eval, len(unc), *n, *seed); err != nil {
			sealed.abandon()
			return err
		}
	}
	if err := results.WriteSensitivity(dir, sc.Name, params, outputs, morris, sobol); err != nil {
		return sealed.failed(err)
	}
	shown := []int{}
	for _, m := range []experiment.Metric{experiment.OpiatesDelivered, experiment.OpiatesSeized, experiment.PrecursorToLabs, experiment.Bribes} {
		shown = append(shown, int(m))
	}
	evals := 0
	if morris != nil {
		evals += morris.Evals
	}
	if sobol != nil {
		evals += sobol.Evals
	}
	q := fmt.Sprintf("Which of %d uncertain parameters of %s drive its headline metrics? %d model evaluations, each the mean of %d replications (seed %d); Morris: %d trajectories on %d levels; Sobol: N = %d (Saltelli sampling).",
		len(unc), sc.Name, evals, *reps, *seed, *r, *levels, *n)
	if err := report.WriteSensitivity(dir, report.Sensitivity{Scenario: sc.Name, Params: params, Outputs: outputs, Morris: morris, Sobol: sobol,
		Question: q, Files: []string{"sensitivity.csv", "sensitivity.json"}, Shown: shown}); err != nil {
		return sealed.failed(err)
	}
	if err := sealed.seal(); err != nil {
		return sealed.failed(err)
	}
	if !*quiet {
		printSensitivity(stdout, params, outputs, shown, morris, sobol)
	}
	fmt.Fprintf(stdout, "results: %s\n", dir)
	return nil
}

func printSensitivity(w io.Writer, params, outputs []string, shown []int, morris *sensitivity.MorrisResult, sobol *sensitivity.SobolResult) {
	for _, o := range shown {
		fmt.Fprintf(w, "\n%s\n", outputs[o])
		for i, p := range params {
			line := fmt.Sprintf("  %-58s", p)
			if sobol != nil {
				s1, st := sobol.S1[o][i], sobol.ST[o][i]
				line += fmt.Sprintf("  S1 %5.2f [%5.2f, %5.2f]  ST %5.2f [%5.2f, %5.2f]", s1.Value, s1.Lo, s1.Hi, st.Value, st.Lo, st.Hi)
			}
			if morris != nil {
				line += fmt.Sprintf("  mu* %s sigma %s", human(morris.MuStar[o][i].Value), human(morris.Sigma[o][i]))
			}
			fmt.Fprintln(w, line)
		}
	}
}
