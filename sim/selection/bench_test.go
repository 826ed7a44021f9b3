package selection_test

import (
	"context"
	"fmt"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim"
	"hourglass/sim/selection"
)

// table is a sampler that answers from a precomputed matrix, so the
// benchmarks measure the procedures alone.
type table [][]float64

func (tb table) Sample(_ context.Context, reqs []selection.Request) ([][]float64, error) {
	out := make([][]float64, len(reqs))
	for q, rq := range reqs {
		out[q] = tb[rq.Alt][rq.From:rq.To]
	}
	return out, nil
}

// newTable draws reps observations of k alternatives with means i/k (one
// unit apart from the worst to the best) and unit paired noise.
func newTable(k, reps int) table {
	tb := make(table, k)
	n := distuv.Normal{Mu: 0, Sigma: 1, Src: sim.NewRNG(1, 0, sim.StreamDesign, 0)}
	for i := range tb {
		tb[i] = make([]float64, reps)
		for r := range tb[i] {
			tb[i][r] = float64(i)/float64(k) + n.Rand()
		}
	}
	return tb
}

func BenchmarkSelect(b *testing.B) {
	for _, k := range []int{10, 100, 256} {
		tb := newTable(k, 3000)
		for _, sel := range []selection.Selector{
			selection.KN{Alpha: 0.05, Delta: 0.1, Batch: 10, MaxReps: 3000},
			selection.OCBA{Alpha: 0.05, Delta: 0.1, PerAlternative: 50},
		} {
			b.Run(fmt.Sprintf("%T/k=%d", sel, k), func(b *testing.B) {
				var evals int
				for b.Loop() {
					res, err := sel.Select(context.Background(), k, tb)
					if err != nil {
						b.Fatal(err)
					}
					evals = res.Evaluations
				}
				b.ReportMetric(float64(evals), "evals/op")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(evals), "ns/eval")
			})
		}
	}
}
