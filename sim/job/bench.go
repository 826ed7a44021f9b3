package job

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

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// Speed is what hourglass bench measures on this machine.
type Speed struct {
	Scenario string
	N        int // replications per measurement
	Cores    int
	// One and All are the fastest of three timings of N replications on
	// one core and on every core.
	One, All time.Duration
	// Encounters are the encounters of loads with guard units in the N
	// replications.
	Encounters int
	// NsPerEvent and AllocsPerEvent are the hot loop's alone, and NsPerDraw
	// one random draw: the fastest of five measurements each.
	NsPerEvent, AllocsPerEvent, NsPerDraw float64
	// PeakRSSMB is the process's peak resident set size.
	PeakRSSMB float64
}

// BenchSpec is what hourglass bench measures.
type BenchSpec struct {
	Scenario string
	N        int // replications per measurement
	// Events and Draws are the encounter events of the hot loop and the
	// random draws timed alone (0: 500,000 and 5,000,000).
	Events, Draws int
}

// Bench measures the speed of N replications of a scenario: on one core
// and on every core, the hot loop alone, and one random draw.
func Bench(spec BenchSpec) (*Speed, error) {
	scs, err := loadAll(bases{}, []string{spec.Scenario}, nil)
	if err != nil {
		return nil, err
	}
	if spec.Events == 0 {
		spec.Events = 500_000
	}
	if spec.Draws == 0 {
		spec.Draws = 5_000_000
	}
	n, sc := spec.N, scs[0].sc
	s := &Speed{Scenario: sc.Name, N: n, Cores: runtime.NumCPU(), All: time.Duration(math.MaxInt64)}
	timed := func(workers int) (time.Duration, int, error) {
		return experiment.Speed(sc.World, &sc.Params, n, workers)
	}
	if _, _, err := timed(s.Cores); err != nil { // warm up
		return nil, err
	}
	if s.One, s.Encounters, err = timed(1); err != nil {
		return nil, err
	}
	for i := 0; i < 3; i++ {
		if i > 0 {
			a, _, err := timed(1)
			if err != nil {
				return nil, err
			}
			s.One = min(s.One, a)
		}
		b, _, err := timed(s.Cores)
		if err != nil {
			return nil, err
		}
		s.All = min(s.All, b)
	}
	// The fastest of five runs of each micro-measurement: the least disturbed
	// by whatever else the machine is doing.
	s.NsPerEvent, s.NsPerDraw = math.Inf(1), math.Inf(1)
	for i := 0; i < 5; i++ {
		e, a := sim.EncounterCost(sc.World, &sc.Params, spec.Events)
		if e < s.NsPerEvent {
			s.NsPerEvent, s.AllocsPerEvent = e, a
		}
		s.NsPerDraw = math.Min(s.NsPerDraw, sim.DrawCost(spec.Draws))
	}
	s.PeakRSSMB = peakRSSMB()
	return s, nil
}

// WriteText writes the measurement for a person and, last, as key=value
// for scripts (what hourglass bench prints).
func (s *Speed) WriteText(w io.Writer) {
	one, all, events := float64(s.N)/s.One.Seconds(), float64(s.N)/s.All.Seconds(), float64(s.Encounters)/s.One.Seconds()
	scaling := s.One.Seconds() / s.All.Seconds()
	fmt.Fprintf(w, "hourglass bench: %s, %d replications per measurement, %d cores, %s/%s, %s\n", s.Scenario, s.N, s.Cores, runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(w, "replications per second:          %.1f on 1 core, %.1f on %d cores\n", one, all, s.Cores)
	fmt.Fprintf(w, "encounters per replication:       %.0f\n", float64(s.Encounters)/float64(s.N))
	fmt.Fprintf(w, "encounter events per second/core: %.0f (whole model) ; hot loop alone %.1f ns/event, %.3f allocs/event\n", events, s.NsPerEvent, s.AllocsPerEvent)
	fmt.Fprintf(w, "one random draw:                  %.2f ns\n", s.NsPerDraw)
	fmt.Fprintf(w, "scaling 1 -> %d cores:             %.2fx\n", s.Cores, scaling)
	fmt.Fprintf(w, "peak memory (VmHWM):              %.1f MB\n", s.PeakRSSMB)
	fmt.Fprintf(w, "events_per_sec_per_core=%.0f event_cost_in_draws=%.2f scaling=%.2f peak_rss_mb=%.1f\n", events, s.NsPerEvent/s.NsPerDraw, scaling, s.PeakRSSMB)
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
