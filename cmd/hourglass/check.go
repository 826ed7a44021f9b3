package main

import (
	"fmt"
	"io"

	"hourglass/sim/job"
)

var checkCmd = &command{name: "check", usage: "check [--sources] FILE...",
	short: "validate scenario files and report every problem; runs nothing", run: runCheck}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr, "Checks each scenario file (and what it extends) and prints every problem as file:line: key: problem.\n")
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
		if err != nil {
			fmt.Fprintln(stderr, err)
			bad++
		} else {
			fmt.Fprintf(stdout, "%s: ok (%s)\n", f, c)
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d files have problems", bad, len(files))
	}
	return nil
}
