package selection_test

import (
	"context"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim"
	"hourglass/sim/selection"
)

// synthetic is a set of alternatives with known means and normal noise
// shared through common random numbers: at replication r,
//
//	X_ir = μ_i + σ_c Z_r + σ_e E_ir
//
// Z_r is drawn once per replication (the common part), E_ir per
// alternative, so Var(X_i − X_l) = 2σ_e² whatever σ_c.
type synthetic struct {
	mu             []float64
	common, own    float64 // σ_c, σ_e
	seed           uint64
	calls, samples int
}

func (s *synthetic) value(i, r int) float64 {
	z := distuv.Normal{Mu: 0, Sigma: 1, Src: sim.NewRNG(s.seed, uint64(r), sim.StreamDesign, 0)}.Rand()
	e := distuv.Normal{Mu: 0, Sigma: 1, Src: sim.NewRNG(s.seed, uint64(r), sim.StreamDesign, uint64(i)+1)}.Rand()
	return s.mu[i] + s.common*z + s.own*e
}

func (s *synthetic) Sample(_ context.Context, reqs []selection.Request) ([][]float64, error) {
	s.calls++
	out := make([][]float64, len(reqs))
	for q, rq := range reqs {
		out[q] = make([]float64, rq.To-rq.From)
		for j := range out[q] {
			out[q][j] = s.value(rq.Alt, rq.From+j)
		}
		s.samples += rq.To - rq.From
	}
	return out, nil
}

// macroReps runs sel on fresh copies of s with seeds 1..n and returns how
// often it selected want and the mean number of replications used.
func macroReps(sel selection.Selector, s synthetic, n, want int) (rate, meanReps float64, err error) {
	hits, reps := 0, 0
	for m := 1; m <= n; m++ {
		x := s
		x.seed = uint64(m)
		res, err := sel.Select(context.Background(), len(x.mu), &x)
		if err != nil {
			return 0, 0, err
		}
		if res.Best == want {
			hits++
		}
		for _, r := range res.Reps {
			reps += r
		}
	}
	return float64(hits) / float64(n), float64(reps) / float64(n), nil
}
