package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"hourglass/sim/job"
	"hourglass/sim/report"
)

var optimiseCmd = &command{name: "optimise", usage: "optimise --budget USD[/run] --candidates FILE [flags]",
	short: "what to buy with a budget: the portfolio of interventions that best serves the objective", run: runOptimise}

func runOptimise(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("optimise", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var spec job.Spec
	finish, quiet := job.OptimiseFlags(fs, &spec, lookup("optimise").usage)
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if err := finish(os.Getenv); err != nil {
		return err
	}
	ctx, opt, done := startJob(stderr, *quiet)
	res, err := job.RunOptimise(ctx, spec, opt)
	done()
	if err != nil || res.Optimisation == nil {
		return err
	} else if !*quiet {
		report.OptimiseText(stdout, res.Optimisation)
	}
	fmt.Fprintf(stdout, "results: %s\n", res.Dir)
	return nil
}
