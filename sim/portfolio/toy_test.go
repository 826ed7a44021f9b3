package portfolio_test

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim"
	"hourglass/sim/portfolio"
)

// post is a checkpoint that may be bought: on a road, catching a share p of
// the flow that passes it.
type post struct {
	id   string
	road int
	p    float64
	cost float64 // million USD
}

// toyWorld is an analytic world whose optimum is known. A flow splits over
// the roads by a logit of their risk (traffickers avoid risky roads), and
// each post catches its p of the flow that reaches it:
//
//	risk_r  = 1 − Π_{posts on r} (1 − p)
//	share_r = exp(−β risk_r) / Σ_q exp(−β risk_q)
//	caught  = flow · Σ_r share_r risk_r
//
// Two posts on one road are sub-additive (the second sees what the first
// missed, and the road empties); posts on every road are super-additive
// (no detour is left). A replication scales the flow by a shock common to
// every portfolio (common random numbers) and adds a little noise of each
// portfolio's own:
//
//	gain(P, r) = caught(P) (1 + shock · Z_r) + own · E_{P,r}
type toyWorld struct {
	posts       []post
	roads       int
	beta, flow  float64
	shock, own  float64
	seed        uint64
	evaluations atomic.Int64
}

func (w *toyWorld) caught(s portfolio.Set) float64 {
	risk := make([]float64, w.roads)
	for r := range risk {
		q := 1.0
		for i, p := range w.posts {
			if p.road == r && s.Has(i) {
				q *= 1 - p.p
			}
		}
		risk[r] = 1 - q
	}
	var z, c float64
	for _, x := range risk {
		z += math.Exp(-w.beta * x)
	}
	for _, x := range risk {
		c += math.Exp(-w.beta*x) / z * x
	}
	return w.flow * c
}

func (w *toyWorld) gain(s portfolio.Set, rep int) float64 {
	w.evaluations.Add(1)
	z := distuv.Normal{Mu: 0, Sigma: 1, Src: sim.NewRNG(w.seed, uint64(rep), sim.StreamDesign, 0)}.Rand()
	e := distuv.Normal{Mu: 0, Sigma: 1, Src: sim.NewRNG(w.seed, uint64(rep), sim.StreamDesign, sim.HashID(s.String()))}.Rand()
	return w.caught(s)*(1+w.shock*z) + w.own*e
}

func (w *toyWorld) candidates() []portfolio.Candidate {
	c := make([]portfolio.Candidate, len(w.posts))
	for i, p := range w.posts {
		c[i] = portfolio.Candidate{ID: p.id, Cost: p.cost}
	}
	return c
}

// evaluator runs the world's gains on the given number of goroutines, each
// taking every workers-th job from the end of the batch, and stores each
// gain at its job's index.
func (w *toyWorld) evaluator(workers int) portfolio.Evaluator {
	return portfolio.EvaluatorFunc(func(_ context.Context, jobs []portfolio.Job) ([]float64, error) {
		out := make([]float64, len(jobs))
		var wg sync.WaitGroup
		for k := range workers {
			wg.Go(func() {
				for i := len(jobs) - 1 - k; i >= 0; i -= workers {
					out[i] = w.gain(jobs[i].Portfolio, jobs[i].Rep)
				}
			})
		}
		wg.Wait()
		return out, nil
	})
}

// optimum is the true best portfolio within the budget, its value and the
// second best value (by brute force over every subset).
func (w *toyWorld) optimum(budget float64) (best portfolio.Set, first, second float64) {
	first, second = math.Inf(-1), math.Inf(-1)
	for mask := 0; mask < 1<<len(w.posts); mask++ {
		var s portfolio.Set
		var cost float64
		for i := range w.posts {
			if mask&(1<<i) != 0 {
				s = s.With(i)
				cost += w.posts[i].cost
			}
		}
		if cost > budget+1e-9 {
			continue
		}
		switch v := w.caught(s); {
		case v > first:
			best, first, second = s, v, first
		case v > second:
			second = v
		}
	}
	return best, first, second
}

// twoRoads: posts A1, A2, A3 on road A, B1, B2 on road B.
func twoRoads() *toyWorld {
	return &toyWorld{
		posts: []post{
			{"A1", 0, 0.30, 1}, {"A2", 0, 0.30, 1}, {"B1", 1, 0.25, 1},
			{"B2", 1, 0.50, 2.5}, {"A3", 0, 0.60, 3},
		},
		roads: 2, beta: 3, flow: 1000, shock: 0.1, own: 4, seed: 1,
	}
}

// threeRoads: twelve posts on three roads, costs rising with strength.
func threeRoads() *toyWorld {
	return &toyWorld{
		posts: []post{
			{"A1", 0, 0.26, 1.3}, {"B1", 1, 0.33, 1.5}, {"C1", 2, 0.18, 1.2},
			{"A2", 0, 0.56, 3.1}, {"B2", 1, 0.49, 2.1}, {"C2", 2, 0.39, 1.9},
			{"A3", 0, 0.23, 1.2}, {"B3", 1, 0.25, 1.8}, {"C3", 2, 0.52, 3.0},
			{"A4", 0, 0.51, 2.2}, {"B4", 1, 0.29, 1.7}, {"C4", 2, 0.48, 2.8},
		},
		roads: 3, beta: 3, flow: 1000, shock: 0.1, own: 4, seed: 2,
	}
}
