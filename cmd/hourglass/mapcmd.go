package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/job"
)

var mapCmd = &command{name: "map", usage: "map [-n N] [--seed S] [--out map.svg] [SCENARIO]",
	short: "draw the route maps of a scenario's mean opiate and acetic anhydride flows and seizures", run: runMap}

func runMap(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("map", stderr, "Writes an SVG (and a PNG beside it) of the mean opiate flows over N replications, and one of acetic anhydride beside it (NAME-precursor.svg).\n")
	spec := job.MapSpec{Scenario: scenarios.Baseline}
	fs.IntVar(&spec.N, "n", 20, "replications to average")
	fs.Uint64Var(&spec.Seed, "seed", 1, "master seed")
	fs.StringVar(&spec.Out, "out", "map.svg", "SVG file to write (the PNG goes beside it)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", spec.N, 1, job.MaxReplications, "replications"}); err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("map takes one scenario")
	} else if len(pos) == 1 {
		spec.Scenario = pos[0]
	}
	written, hidden, err := job.Map(context.Background(), spec)
	if err != nil {
		return err
	}
	if len(hidden) > 0 {
		fmt.Fprintf(stderr, "map: no room for the labels of %s\n", strings.Join(hidden, ", "))
	}
	fmt.Fprintf(stdout, "map: %s\n", strings.Join(written, ", "))
	return nil
}
