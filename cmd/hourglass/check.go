package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"hourglass/sim/job"
	"hourglass/sim/scenario"
)

var checkCmd = &command{
	name:  "check",
	usage: "check [--sources] FILE...",
	short: "validate scenario files and report every problem; runs nothing",
	run:   runCheck,
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hourglass check [--sources] FILE...\n\nChecks each scenario file (and what it extends) and prints every problem as file:line: key: problem.\n\nFlags:")
		fs.PrintDefaults()
	}
	sources := fs.Bool("sources", false, "also require a source or assumption on every entry of every file read")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return usageError("no files given")
	}
	bad := 0
	for _, f := range files {
		c, err := job.Check(f, *sources)
		var list scenario.ErrorList
		switch {
		case err != nil && errors.As(err, &list):
			for _, p := range list {
				fmt.Fprintln(stderr, p.Error())
			}
		case err != nil && c.IsTargets:
			fmt.Fprintln(stderr, err)
		case err != nil:
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
		case c.IsTargets:
			fmt.Fprintf(stdout, "%s: ok (calibration targets: %d, for %s)\n", f, len(c.Targets.Target), strings.Join(c.Targets.Scenarios(), ", "))
		default:
			fmt.Fprintf(stdout, "%s: ok (%s: %d places, %d segments, %d group populations)\n", f, c.Scenario.Name,
				len(c.Scenario.World.Places), len(c.Scenario.World.Segments), len(c.Scenario.World.Populations))
		}
		if err != nil {
			bad++
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d files have problems", bad, len(files))
	}
	return nil
}
