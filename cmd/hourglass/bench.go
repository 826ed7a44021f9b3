package main

import (
	"io"

	"hourglass/scenarios"
	"hourglass/sim/job"
)

var benchCmd = &command{name: "bench", usage: "bench [-n N] [SCENARIO]",
	short: "measure speed on this machine: replications/s, events/s per core, scaling, memory, event cost in random draws", run: runBench}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr, "")
	n := fs.Int("n", 200, "replications per measurement")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", *n, 1, job.MaxReplications, "replications"}); err != nil {
		return err
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	s, err := job.Bench(job.BenchSpec{Scenario: pos[0], N: *n})
	if err != nil {
		return err
	}
	s.WriteText(stdout)
	return nil
}
