package main

import (
	"context"
	"fmt"
	"io"

	"hourglass/sim/job"
	"hourglass/sim/report"
)

var validateCmd = &command{name: "validate", usage: "validate [-n N] [--seed S] [-j J] [--targets FILE] [SCENARIO]",
	short: "check every scenario the targets name (or one) against its calibration targets", run: runValidate}

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
	var vs []*job.Validation
	if spec.Scenario != "" {
		v, err := job.Validate(context.Background(), spec)
		if err != nil {
			return err
		}
		vs = append(vs, v)
	} else if vs, err = job.ValidateAll(context.Background(), spec); err != nil {
		return err
	}
	failed, total := 0, 0
	for i, v := range vs {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "Validating %s against %d targets: %d replications, seed %d\n\n", v.Scenario, len(v.Results), spec.N, spec.Seed)
		report.TargetsText(stdout, v.Results)
		failed += v.Failed
		total += len(v.Results)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d targets failed", failed, total)
	}
	fmt.Fprintf(stdout, "\nall %d targets pass\n", total)
	return nil
}
