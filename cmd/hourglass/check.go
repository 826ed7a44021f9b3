package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"hourglass/sim/job"
	"hourglass/sim/scenario"
	"hourglass/sim/targets"
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
		return &exitError{code: 2, msg: "no files given"}
	}
	bad := 0
	for _, f := range files {
		if fsys, name, ok := targetsFile(f); ok {
			// A calibration targets file: every target names its source.
			tf, err := targets.Load(fsys, name)
			if err != nil {
				bad++
				fmt.Fprintln(stderr, err)
				continue
			}
			fmt.Fprintf(stdout, "%s: ok (calibration targets: %d, for %s)\n", f, len(tf.Target), tf.Scenario)
			continue
		}
		sc, err := checkOne(f, *sources)
		if err != nil {
			bad++
			var list scenario.ErrorList
			if errors.As(err, &list) {
				for _, p := range list {
					fmt.Fprintln(stderr, p.Error())
				}
			} else {
				fmt.Fprintf(stderr, "%s: %v\n", f, err)
			}
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s: %d places, %d segments, %d group populations)\n", f, sc.Name,
			len(sc.World.Places), len(sc.World.Segments), len(sc.World.Groups))
	}
	if bad > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d files have problems", bad, len(files))}
	}
	return nil
}

// checkOne loads one scenario, requiring sources when asked.
func checkOne(arg string, sources bool) (*scenario.Scenario, error) {
	if !sources {
		return job.Load(arg)
	}
	fsys, name, err := job.Resolve(arg)
	if err != nil {
		return nil, err
	}
	return scenario.LoadRequiringSources(fsys, name)
}

// targetsFile reports whether arg (a path, or a shipped file's name) is a
// calibration targets file, and where to read it.
func targetsFile(arg string) (fs.FS, string, bool) {
	fsys, name, err := job.Resolve(arg)
	if err != nil {
		return nil, "", false
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil || !targets.IsTargetsFile(data) {
		return nil, "", false
	}
	return fsys, name, true
}
