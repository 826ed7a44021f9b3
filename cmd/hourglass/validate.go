package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

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
		return &exitError{code: 2, msg: "validate takes one scenario"}
	} else if len(pos) == 1 {
		spec.Scenario = pos[0]
	}
	v, err := job.Validate(context.Background(), spec)
	if err != nil {
		return err
	}
	human := report.Number
	fmt.Fprintf(stdout, "Validating %s against %d targets: %d replications, seed %d\n\n", v.Scenario, len(v.Results), spec.N, spec.Seed)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tsimulated mean [95% CI]\tobserved\taccepted\tresult")
	for _, r := range v.Results {
		obs := ""
		if r.Target.Observed != nil {
			obs = human(*r.Target.Observed)
		} else {
			obs = human(*r.Target.Min) + " - " + human(*r.Target.Max)
		}
		verdict := "PASS"
		if !r.Pass {
			verdict = "FAIL"
		}
		fmt.Fprintf(tw, "%s\t%s [%s, %s]\t%s\t%s - %s\t%s\n", r.Target.Name, human(r.Mean), human(r.Lo), human(r.Hi), obs,
			human(r.AcceptLo), human(r.AcceptHi), verdict)
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nSources:")
	for _, r := range v.Results {
		fmt.Fprintf(stdout, "  %s: %s\n", r.Target.Name, r.Target.Source)
	}
	if v.Failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d targets failed", v.Failed, len(v.Results))}
	}
	fmt.Fprintf(stdout, "\nall %d targets pass\n", len(v.Results))
	return nil
}
