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
	spec := job.BenchSpec{Scenario: scenarios.Baseline}
	sh := shared{n: &spec.N, nDef: 200, nHelp: "replications per measurement"}
	sh.register(fs)
	pos, err := sh.parse(fs, args)
	if err != nil {
		return err
	}
	if spec.Scenario, err = oneScenario("bench", pos, spec.Scenario); err != nil {
		return err
	}
	s, err := job.Bench(spec)
	if err != nil {
		return err
	}
	s.WriteText(stdout)
	return nil
}
