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
	Segments    int    // segments in the scenario's network
	Flows       []Flow // every non-zero flow, by segment, direction, mode, commodity
}

// Flow is the grams of one commodity moved by one mode over one segment in
// one direction (0: From to To) in one replication.
type Flow struct {
	Segment   int32
	Dir       uint8
	Mode      sim.Mode
	Commodity sim.Commodity
	Grams     sim.Grams
}

// OpiateFlows returns the kg of opiates moved over each segment and
// direction, all modes together.
func (r *Rep) OpiateFlows() [][2]float64 {
	out := make([][2]float64, r.Segments)
	for _, f := range r.Flows {
		if f.Commodity.IsOpiate() {
			out[f.Segment][f.Dir] += f.Grams.Kg()
		}
	}
	return out
}

// BreakdownRow is one tidy seizure total of a replication.
type BreakdownRow struct {
	Dimension sim.Dimension
	sim.BreakdownRow
}

// NewRep keeps what an experiment needs of an outcome.
func NewRep(scenario int, w *sim.World, o *sim.Outcome) Rep {
	r := Rep{Scenario: scenario, Replication: o.Replication, Values: Values(w, o), Segments: len(o.SegmentFlow)}
	for s := range o.SegmentFlow {
		for d := 0; d < 2; d++ {
			for m := sim.Mode(0); m < sim.NumModes; m++ {
				for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
					if g := o.SegmentFlow[s][d][m][c]; g != 0 {
						r.Flows = append(r.Flows, Flow{Segment: int32(s), Dir: uint8(d), Mode: m, Commodity: c, Grams: g})
					}
				}
			}
		}
	}
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

// Displacement is the share of the baseline's opiate flow that moved to
// other segments in the alternative, from mean flows over paired
// replications:
//
//	D = Σ_{s,d} max(0, mean alt_{s,d} - mean base_{s,d}) / Σ_{s,d} mean base_{s,d}
//
// summed over segments and directions (kg·segments). Means, not single
// replications, are compared so that run-to-run noise, which is positive on
// some segments in any pair of runs, shrinks as replications are added. The
// 95% interval is a percentile bootstrap over the pairs (2,000 resamples,
// drawn from the bootstrap stream of seed, so it is reproducible).
func Displacement(base, alt []Rep, seed uint64) (d, lo, hi float64) {
	n := len(base)
	if n == 0 {
		return 0, 0, 0
	}
	// diff[i][k], flow[i][k]: pair i, segment-direction k (only those used).
	bf, af := make([][][2]float64, n), make([][][2]float64, n)
	for i := range base {
		bf[i], af[i] = base[i].OpiateFlows(), alt[i].OpiateFlows()
	}
	var cols [][2]int
	for s := range bf[0] {
		for dir := 0; dir < 2; dir++ {
			for i := range base {
				if bf[i][s][dir] != 0 || af[i][s][dir] != 0 {
					cols = append(cols, [2]int{s, dir})
					break
				}
			}
		}
	}
	diff := make([][]float64, n)
	flow := make([][]float64, n)
	for i := range base {
		diff[i] = make([]float64, len(cols))
		flow[i] = make([]float64, len(cols))
		for k, c := range cols {
			b := bf[i][c[0]][c[1]]
			diff[i][k] = af[i][c[0]][c[1]] - b
			flow[i][k] = b
		}
	}
	stat := func(idx []int) float64 {
		num, den := 0.0, 0.0
		for k := range cols {
			sd, sf := 0.0, 0.0
			for _, i := range idx {
				sd += diff[i][k]
				sf += flow[i][k]
			}
			num += math.Max(0, sd)
			den += sf
		}
		return share(num, den)
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	lo, hi = Bootstrap(n, 2000, sim.NewRNG(seed, 0, sim.StreamBootstrap, 0), stat)
	return stat(all), lo, hi
}

// Bootstrap returns the 2.5th and 97.5th percentiles of statistic over the
// given number of resamples, with replacement, of n rows (a percentile
// bootstrap 95% interval).
func Bootstrap(n, resamples int, rng *sim.RNG, statistic func(idx []int) float64) (lo, hi float64) {
	vals := make([]float64, resamples)
	idx := make([]int, n)
	for b := range vals {
		for j := range idx {
			idx[j] = rng.Intn(n)
		}
		vals[b] = statistic(idx)
	}
	sort.Float64s(vals)
	return vals[resamples*25/1000], vals[resamples*975/1000-1]
}
