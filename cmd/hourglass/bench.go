package main

import (
	"fmt"
	"io"
	"runtime"

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
	printBench(stdout, s)
	return nil
}

// printBench prints a measurement, its figures for a person and, last, as
// key=value for scripts.
func printBench(stdout io.Writer, s *job.Speed) {
	one, all, events := float64(s.N)/s.One.Seconds(), float64(s.N)/s.All.Seconds(), float64(s.Encounters)/s.One.Seconds()
	scaling := s.One.Seconds() / s.All.Seconds()
	fmt.Fprintf(stdout, "hourglass bench: %s, %d replications per measurement, %d cores, %s/%s, %s\n", s.Scenario, s.N, s.Cores, runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(stdout, "replications per second:          %.1f on 1 core, %.1f on %d cores\n", one, all, s.Cores)
	fmt.Fprintf(stdout, "encounters per replication:       %.0f\n", float64(s.Encounters)/float64(s.N))
	fmt.Fprintf(stdout, "encounter events per second/core: %.0f (whole model) ; hot loop alone %.1f ns/event, %.3f allocs/event\n", events, s.NsPerEvent, s.AllocsPerEvent)
	fmt.Fprintf(stdout, "one random draw:                  %.2f ns\n", s.NsPerDraw)
	fmt.Fprintf(stdout, "scaling 1 -> %d cores:             %.2fx\n", s.Cores, scaling)
	fmt.Fprintf(stdout, "peak memory (VmHWM):              %.1f MB\n", s.PeakRSSMB)
	fmt.Fprintf(stdout, "events_per_sec_per_core=%.0f event_cost_in_draws=%.2f scaling=%.2f peak_rss_mb=%.1f\n", events, s.NsPerEvent/s.NsPerDraw, scaling, s.PeakRSSMB)
}
