package experiment

import (
	"math"
	"sort"

	"hourglass/sim"
)

// Rep is what an experiment keeps of one replication: exact, compact, and
// enough to recompute every summary (so runs can be resumed and merged).
type Rep struct {
	Scenario    int    // index of the scenario in the experiment
	Replication uint64 // replication index: the generator is (seed, replication)
	Values      []float64
	Breakdown   []BreakdownRow
	// Flows[s][d][c]: grams of c moved over segment s in direction d.
	Flows [][2][sim.NumCommodities]sim.Grams
}

// BreakdownRow is one tidy seizure total of a replication.
type BreakdownRow struct {
	Dimension sim.Dimension
	sim.BreakdownRow
}

// NewRep keeps what an experiment needs of an outcome.
func NewRep(scenario int, w *sim.World, o *sim.Outcome) Rep {
	r := Rep{Scenario: scenario, Replication: o.Replication, Values: Values(w, o), Flows: o.SegmentFlow}
	for d := sim.Dimension(0); d < sim.NumDimensions; d++ {
		for _, b := range o.Breakdown(w, d) {
			r.Breakdown = append(r.Breakdown, BreakdownRow{Dimension: d, BreakdownRow: b})
		}
	}
	return r
}

// SortReps orders replications by scenario, then replication index: the
// order every summary is computed in, whatever order they were run or read in.
func SortReps(reps []Rep) {
	sort.SliceStable(reps, func(i, j int) bool {
		if reps[i].Scenario != reps[j].Scenario {
			return reps[i].Scenario < reps[j].Scenario
		}
		return reps[i].Replication < reps[j].Replication
	})
}

// opiateFlow is the opiate kg moved over segment s in direction d.
func opiateFlow(f [2][sim.NumCommodities]sim.Grams, d int) float64 {
	return (f[d][sim.Heroin] + f[d][sim.Opium]).Kg()
}

// Displacement is the share of the baseline's opiate flow that moved to
// other segments in the alternative, for one pair of replications:
//
//	D = Σ_{s,d} max(0, alt_{s,d} - base_{s,d}) / Σ_{s,d} base_{s,d}
//
// summed over segments and directions in kg·segments. It is 0 when nothing
// changed route, and counts new flow on segments the baseline used less.
func Displacement(base, alt *Rep) float64 {
	num, den := 0.0, 0.0
	for s := range base.Flows {
		for d := 0; d < 2; d++ {
			b, a := opiateFlow(base.Flows[s], d), opiateFlow(alt.Flows[s], d)
			den += b
			num += math.Max(0, a-b)
		}
	}
	return share(num, den)
}
