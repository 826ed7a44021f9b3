package sim

import (
	"runtime"
	"time"
)

// Speed measurements for hourglass bench and the benchmarks: the cost of one
// encounter of a load with a guard unit (the hot loop) and of one bare
// random draw on the same machine.

// EncounterCost runs n encounters of a truck load with the busiest post of
// w's first group route that has one, and returns the time and heap
// allocations per encounter. Seized loads are counted and forgotten, so the
// loop is in steady state.
func EncounterCost(w *World, p *Params, n int) (nsPerEvent, allocsPerEvent float64) {
	m := newModel(w, p, 1, 0)
	m.ledger.openMonth(len(w.Countries))
	gi, r, at := -1, -1, -1
	for g := range m.groups {
		routes := w.Routes[m.groups[g].pop]
		for ri := range routes {
			for _, pl := range routes[ri].Path[1:] {
				if w.Places[pl].Roles.IsPost() && w.Places[pl].Traits.Schedule == Always {
					gi, r, at = g, ri, pl
					break
				}
			}
			if at >= 0 {
				break
			}
		}
		if at >= 0 {
			break
		}
	}
	if at < 0 {
		return 0, 0
	}
	route := &w.Routes[m.groups[gi].pop][r]
	tr := trip{group: gi, route: r, commodity: Heroin, grams: 100_000, valueUSD: 400_000,
		courier: courier{concealment: 0.3, cash: 20_000, knowledge: 0.2, loyalty: 0.5}}
	run := func() {
		for i := 0; i < n; i++ {
			t := tr
			m.encounter(&t, at, route, 6)
			if len(m.ledger.out.Seizures) > 64 {
				m.ledger.forgetSeizures()
			}
		}
	}
	run() // warm up: grow the seizure slice once
	start := time.Now()
	run()
	elapsed := time.Since(start)
	// Heap allocations of one more run (as testing.AllocsPerRun counts them,
	// without importing testing into the model).
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	allocs := float64(after.Mallocs - before.Mallocs)
	return float64(elapsed.Nanoseconds()) / float64(n), allocs / float64(n)
}

// DrawCost returns the time in nanoseconds of one bare random draw (Float64)
// from the model's generator.
func DrawCost(n int) float64 {
	r := NewRNG(1, 0, StreamEncounter, 0)
	sum := 0.0
	start := time.Now()
	for i := 0; i < n; i++ {
		sum += r.Float64()
	}
	elapsed := time.Since(start)
	if sum < 0 {
		panic("unreachable")
	}
	return float64(elapsed.Nanoseconds()) / float64(n)
}
