package main

import (
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
	var quiet bool
	sh := shared{seed: &spec.Seed, workers: &spec.Workers, quiet: &quiet,
		out: &spec.Out, outHelp: "results directory (default results/sensitivity-<scenario>-<timestamp>)"}
	sh.register(fs)
	fs.TextVar(&spec.Method, "method", job.Both, "morris, sobol or both")
	fs.IntVar(&spec.R, "r", 20, "Morris trajectories")
	fs.IntVar(&spec.Levels, "levels", 4, "Morris grid levels")
	fs.IntVar(&spec.N, "N", 64, "Sobol base samples (cost: N·(k+2) evaluations)")
	fs.IntVar(&spec.Reps, "reps", 2, "replications averaged per evaluation")
	pos, err := sh.parse(fs, args)
	if err != nil {
		return err
	}
	if spec.Scenario, err = oneScenario("sensitivity", pos, ""); err != nil {
		return err
	}
	ctx, opt, done := startJob(stderr, quiet)
	res, err := job.Sensitivity(ctx, spec, opt)
	done()
	if err != nil {
		return err
	}
	if !quiet {
		report.SensitivityText(stdout, res.Params, res.Outputs, res.Shown, res.Morris, res.Sobol)
	}
	fmt.Fprintf(stdout, "results: %s\n", res.Dir)
	return nil
}
