package main

import (
	"context"
	"io"

	"hourglass/sim/job"
)

var validateCmd = &command{name: "validate", usage: "validate [-n N] [--seed S] [-j J] [--targets FILE] [SCENARIO]",
	short: "check every scenario the targets name (or one) against its calibration targets", run: runValidate}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", stderr,
		"Prints, for each target, the simulated mean with its 95% CI, the observed value\nor range, and pass or fail; exits 1 when a target fails.\n")
	var spec job.ValidateSpec
	sh := shared{n: &spec.N, nDef: 50, nHelp: "replications", seed: &spec.Seed, workers: &spec.Workers}
	sh.register(fs)
	fs.StringVar(&spec.Targets, "targets", "", "targets file (default: the shipped scenarios/targets.toml)")
	pos, err := sh.parse(fs, args)
	if err != nil {
		return err
	}
	if spec.Scenario, err = oneScenario("validate", pos, ""); err != nil {
		return err
	}
	vs, err := job.ValidateAll(context.Background(), spec)
	if err != nil {
		return err
	}
	return job.WriteValidations(stdout, vs, spec)
}
