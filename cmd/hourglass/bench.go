package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
)

const (
	benchUsage = "bench [-n N] [SCENARIO]"
	benchShort = "measure speed on this machine: replications/s, events/s per core, scaling, memory, event cost in random draws"
)

var benchCmd = &command{name: "bench", usage: benchUsage, short: benchShort, run: runBench}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", benchUsage, benchShort, stderr, "")
	n := fs.Int("n", 200, "replications per measurement")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", *n, 1, MaxReplications, "replications"}); err != nil {
		return err
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	if *n < 1 {
		return &exitError{code: 2, msg: "-n must be at least 1"}
	}
	scs, err := loadAll(pos[:1], nil)
	if err != nil {
		return err
	}
	sc := scs[0].sc
	cores := runtime.NumCPU()
	timed := func(workers int) (time.Duration, int, error) {
		return experiment.Speed(sc.World, &sc.Params, *n, workers)
	}
	if _, _, err := timed(cores); err != nil { // warm up
		return err
	}
	// the fastest of three timings each, as for the micro-measurements below
	t1, events, err := timed(1)
	if err != nil {
		return err
	}
	tAll := time.Duration(math.MaxInt64)
	for i := 0; i < 3; i++ {
		if i > 0 {
			a, _, err := timed(1)
			if err != nil {
				return err
			}
			t1 = min(t1, a)
		}
		b, _, err := timed(cores)
		if err != nil {
			return err
		}
		tAll = min(tAll, b)
	}
	// The fastest of five runs of each micro-measurement: the least disturbed
	// by whatever else the machine is doing.
	nsEvent, allocs, nsDraw := math.Inf(1), 0.0, math.Inf(1)
	for i := 0; i < 5; i++ {
		e, a := sim.EncounterCost(sc.World, &sc.Params, 500_000)
		if e < nsEvent {
			nsEvent, allocs = e, a
		}
		nsDraw = math.Min(nsDraw, sim.DrawCost(5_000_000))
	}

	fmt.Fprintf(stdout, "hourglass bench: %s, %d replications per measurement, %d cores, %s/%s, %s\n", sc.Name, *n, cores, runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(stdout, "replications per second:          %.1f on 1 core, %.1f on %d cores\n", float64(*n)/t1.Seconds(), float64(*n)/tAll.Seconds(), cores)
	fmt.Fprintf(stdout, "encounters per replication:       %.0f\n", float64(events)/float64(*n))
	fmt.Fprintf(stdout, "encounter events per second/core: %.0f (whole model) ; hot loop alone %.1f ns/event, %.3f allocs/event\n",
		float64(events)/t1.Seconds(), nsEvent, allocs)
	fmt.Fprintf(stdout, "one random draw:                  %.2f ns\n", nsDraw)
	fmt.Fprintf(stdout, "scaling 1 -> %d cores:             %.2fx\n", cores, t1.Seconds()/tAll.Seconds())
	rss := peakRSSMB()
	fmt.Fprintf(stdout, "peak memory (VmHWM):              %.1f MB\n", rss)
	fmt.Fprintf(stdout, "events_per_sec_per_core=%.0f event_cost_in_draws=%.2f scaling=%.2f peak_rss_mb=%.1f\n",
		float64(events)/t1.Seconds(), nsEvent/nsDraw, t1.Seconds()/tAll.Seconds(), rss)
	return nil
}

// peakRSSMB is the process's peak resident set size from /proc (Linux), or
// the Go runtime's memory obtained from the OS where /proc is absent.
func peakRSSMB() float64 {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				fields := strings.Fields(rest)
				if kb, err := strconv.ParseFloat(fields[0], 64); err == nil {
					return kb / 1024
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.Sys) / (1 << 20)
}
