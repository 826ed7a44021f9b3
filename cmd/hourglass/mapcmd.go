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
	mapShort = "draw the route maps of a scenario's mean opiate and acetic anhydride flows and seizures"
)

var mapCmd = &command{name: "map", usage: mapUsage, short: mapShort, run: runMap}

func runMap(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("map", mapUsage, mapShort, stderr, "Writes an SVG (and a PNG beside it) of the mean opiate flows over N replications, and one of acetic anhydride beside it (NAME-precursor.svg).\n")
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
	w := sc.World
	o, p, _ := report.MeanFlows(w, &res.Summary.Scenarios[0])
	so, sp := report.SeizedByPlace(w, &res.Summary.Scenarios[0])
	title := fmt.Sprintf("(%d replications, seed %d)", *n, *seed)
	if dir := filepath.Dir(*out); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	var written, hidden []string
	for _, m := range []struct {
		data report.MapData
		svg  string
	}{
		{report.MapData{World: w, Kind: report.OpiateFlows, Flow: o, Seized: so, Title: sc.Name + ": opiate flows and seizures per year " + title}, *out},
		{report.MapData{World: w, Kind: report.PrecursorFlows, Flow: p, Seized: sp, Title: sc.Name + ": acetic anhydride flows and seizures per year " + title},
			strings.TrimSuffix(*out, ".svg") + "-precursor.svg"},
	} {
		res, err := report.Map(m.data)
		if err != nil {
			return err
		}
		pngPath := strings.TrimSuffix(m.svg, ".svg") + ".png"
		if err := results.WriteFileAtomic(m.svg, res.SVG); err != nil {
			return err
		}
		if err := results.WriteFileAtomic(pngPath, res.PNG); err != nil {
			return err
		}
		written = append(written, m.svg, pngPath)
		hidden = append(hidden, res.Hidden...)
	}
	if len(hidden) > 0 {
		fmt.Fprintf(stderr, "map: no room for the labels of %s\n", strings.Join(hidden, ", "))
	}
	fmt.Fprintf(stdout, "map: %s\n", strings.Join(written, ", "))
	return nil
}
