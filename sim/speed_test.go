package sim_test

import (
	"testing"

	"hourglass/sim"
)

// BenchmarkEncounter is the hot loop: one load meeting one guard unit.
// Target: no heap allocation in steady state.
func BenchmarkEncounter(b *testing.B) {
	sc := loadBaseline(b)
	const n = 100_000
	var per float64
	var allocs float64
	for b.Loop() {
		d, a := sim.EncounterCost(sc.World, &sc.Params, n)
		per, allocs = d, a
	}
	b.ReportMetric(per, "ns/event")
	b.ReportMetric(1e9/per, "events/s")
	b.ReportMetric(allocs, "allocs/event")
}

// BenchmarkDraw is one bare random draw, the unit event costs are read in.
func BenchmarkDraw(b *testing.B) {
	var per float64
	for b.Loop() {
		per = sim.DrawCost(1_000_000)
	}
	b.ReportMetric(per, "ns/draw")
}

func TestEncounterAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocations over many encounters")
	}
	sc := loadBaseline(t)
	if _, allocs := sim.EncounterCost(sc.World, &sc.Params, 20_000); allocs > 0.01 {
		t.Errorf("%.3f allocations per encounter in steady state, want 0", allocs)
	}
}

// BenchmarkRouteChoice is one group choosing a route for a load (the hot
// path of a replication), cycling through the baseline's groups.
func BenchmarkRouteChoice(b *testing.B) {
	sc := loadBaseline(b)
	choose := sim.RouteChooser(sc.World, &sc.Params)
	chosen := 0
	for i := 0; b.Loop(); i++ {
		if choose(i) >= 0 {
			chosen++
		}
	}
	if chosen == 0 {
		b.Fatal("no group found a route")
	}
}
