package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
)

const (
	mapUsage = "map [-n N] [--seed S] [--out map.svg] [SCENARIO]"
	mapShort = "draw the route map of a scenario's mean flows and seizures"
)

var mapCmd = &command{name: "map", usage: mapUsage, short: mapShort, run: runMap}

func runMap(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("map", mapUsage, mapShort, stderr, "Writes an SVG (and a PNG beside it) of the mean flows over N replications.\n")
	n := fs.Int("n", 20, "replications to average")
	seed := fs.Uint64("seed", 1, "master seed")
	out := fs.String("out", "map.svg", "SVG file to write (the PNG goes beside it)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", *n, 1, MaxReplications, "replications"}); err != nil {
		return err
	}
	if len(pos) > 1 {
		return &exitError{code: 2, msg: "map takes one scenario"}
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	if *n < 1 {
		return &exitError{code: 2, msg: "-n must be at least 1"}
	}
	if !strings.HasSuffix(*out, ".svg") {
		return &exitError{code: 2, msg: fmt.Sprintf("--out %s: the map is an SVG file (name it .svg)", *out)}
	}
	scs, err := loadAll(pos, nil)
	if err != nil {
		return err
	}
	sc := scs[0].sc
	e := newExperiment("run", scs, &expFlags{n: *n, seed: *seed}, experiment.Shard{})
	res, err := e.Run(context.Background(), experiment.Discard)
	if err != nil {
		return err
	}
	o, p, s := report.MeanFlows(sc.World, &res.Summary.Scenarios[0])
	svg, png, _, hidden, err := report.Map(report.MapData{World: sc.World, Opiates: o, Precursors: p, Seized: s,
		Title: fmt.Sprintf("%s: mean flows and seizures per year (%d replications, seed %d)", sc.Name, *n, *seed)})
	if err != nil {
		return err
	}
	if dir := filepath.Dir(*out); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if err := results.WriteFileAtomic(*out, svg); err != nil {
		return err
	}
	pngPath := strings.TrimSuffix(*out, ".svg") + ".png"
	if err := results.WriteFileAtomic(pngPath, png); err != nil {
		return err
	}
	if len(hidden) > 0 {
		fmt.Fprintf(stderr, "map: no room for the labels of %s\n", strings.Join(hidden, ", "))
	}
	fmt.Fprintf(stdout, "map: %s and %s\n", *out, pngPath)
	return nil
}
