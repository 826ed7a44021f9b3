package main

import (
	"context"
	"fmt"
	"io"

	"hourglass/sim/job"
	"hourglass/sim/report"
)

var sensCmd = &command{name: "sensitivity", usage: "sensitivity [flags] [SCENARIO]",
	short: "which uncertain parameters drive each headline metric: Morris screening and Sobol indices", run: runSensitivity}

func runSensitivity(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sensitivity", stderr,
		"The parameters are the scenario's [[uncertain]] entries (name, low, high).\nEach model evaluation is the mean of --reps replications, with the same\nreplication seeds at every point (common random numbers).\n")
	var spec job.SensitivitySpec
	method := fs.String("method", "both", "morris, sobol or both")
	fs.IntVar(&spec.R, "r", 20, "Morris trajectories")
	fs.IntVar(&spec.Levels, "levels", 4, "Morris grid levels")
	fs.IntVar(&spec.N, "N", 64, "Sobol base samples (cost: N·(k+2) evaluations)")
	fs.IntVar(&spec.Reps, "reps", 2, "replications averaged per evaluation")
	fs.Uint64Var(&spec.Seed, "seed", 1, "master seed")
	fs.IntVar(&spec.Workers, "j", job.DefaultWorkers(), "worker goroutines")
	fs.StringVar(&spec.Out, "out", "", "results directory (default results/sensitivity-<scenario>-<timestamp>)")
	quiet := fs.Bool("quiet", false, "print only where the results are")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-r", spec.R, 1, job.MaxReplications, "trajectories"}, intFlag{"-levels", spec.Levels, 2, 1000, "levels"},
		intFlag{"-N", spec.N, 1, job.MaxReplications, "samples"}, intFlag{"-reps", spec.Reps, 1, job.MaxReplications, "replications"}, intFlag{"-j", spec.Workers, 1, job.MaxWorkers, "workers"}); err != nil {
		return err
	}
	if len(pos) > 0 {
		spec.Scenario = pos[0]
	}
	if spec.Method, err = job.ParseMethod(*method); err != nil {
		return err
	}
	bar := job.NewBar(stderr, *quiet)
	ctx, opt := jobOptions(context.Background(), bar, stderr)
	res, err := job.Sensitivity(ctx, spec, opt)
	bar.Done()
	if err != nil {
		return err
	}
	if !*quiet {
		report.SensitivityText(stdout, res.Params, res.Outputs, res.Shown, res.Morris, res.Sobol)
	}
	fmt.Fprintf(stdout, "results: %s\n", res.Dir)
	return nil
}
