package main

import (
	"context"
	"fmt"
	"io"

	"hourglass/sim/job"
	"hourglass/sim/report"
)

var validateCmd = &command{name: "validate", usage: "validate [-n N] [--seed S] [-j J] [--targets FILE] [SCENARIO]",
	short: "check a scenario (default: the one the targets name) against calibration targets", run: runValidate}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", stderr,
		"Prints, for each target, the simulated mean with its 95% CI, the observed value\nor range, and pass or fail; exits 1 when a target fails.\n")
	var spec job.ValidateSpec
	fs.IntVar(&spec.N, "n", 50, "replications")
	fs.Uint64Var(&spec.Seed, "seed", 1, "master seed")
	fs.IntVar(&spec.Workers, "j", job.DefaultWorkers(), "worker goroutines")
	fs.StringVar(&spec.Targets, "targets", "", "targets file (default: the shipped scenarios/targets.toml)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", spec.N, 1, job.MaxReplications, "replications"}, intFlag{"-j", spec.Workers, 1, job.MaxWorkers, "workers"}); err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("validate takes one scenario")
	} else if len(pos) == 1 {
		spec.Scenario = pos[0]
	}
	v, err := job.Validate(context.Background(), spec)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Validating %s against %d targets: %d replications, seed %d\n\n", v.Scenario, len(v.Results), spec.N, spec.Seed)
	report.TargetsText(stdout, v.Results)
	if v.Failed > 0 {
		return fmt.Errorf("%d of %d targets failed", v.Failed, len(v.Results))
	}
	fmt.Fprintf(stdout, "\nall %d targets pass\n", len(v.Results))
	return nil
}
