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
	sh := shared{n: &spec.N, nDef: 20, nHelp: "replications to average", seed: &spec.Seed}
	sh.register(fs)
	fs.StringVar(&spec.Out, "out", "map.svg", "SVG file to write (the PNG goes beside it)")
	pos, err := sh.parse(fs, args)
	if err != nil {
		return err
	}
	if spec.Scenario, err = oneScenario("map", pos, spec.Scenario); err != nil {
		return err
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
