package portfolio_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"hourglass/sim/portfolio"
)

// fastEvaluator answers from the toy world's formula with hashed uniform
// noise and no random generator, so a benchmark measures the search (the
// cache, the selection procedures, the neighbourhoods), not the evaluator.
func fastEvaluator(w *toyWorld) portfolio.Evaluator {
	return portfolio.EvaluatorFunc(func(_ context.Context, jobs []portfolio.Job) ([]float64, error) {
		out := make([]float64, len(jobs))
		for i, j := range jobs {
			h := uint64(j.Rep)*0x9e3779b97f4a7c15 + 1
			for _, m := range j.Portfolio.Members() {
				h = (h ^ uint64(m+1)) * 0xbf58476d1ce4e5b9
				h ^= h >> 31
			}
			z := uint64(j.Rep) * 0x94d049bb133111eb
			z ^= z >> 29
			u := float64(h>>11)/(1<<53) - 0.5
			v := float64(z>>11)/(1<<53) - 0.5
			out[i] = w.caught(j.Portfolio)*(1+w.shock*math.Sqrt(12)*v) + w.own*math.Sqrt(12)*u
		}
		return out, nil
	})
}

// manyPosts is a world of n posts spread over four roads.
func manyPosts(n int) *toyWorld {
	w := &toyWorld{roads: 4, beta: 3, flow: 1000, shock: 0.1, own: 4}
	for i := range n {
		p := 0.15 + 0.45*float64((i*7)%n)/float64(n)
		w.posts = append(w.posts, post{id: fmt.Sprint("p", i), road: i % 4, p: p, cost: 0.5 + 4*p})
	}
	return w
}

func BenchmarkSearch(b *testing.B) {
	for _, bc := range []struct {
		name      string
		world     func() *toyWorld
		budget    float64
		limit     int
		pairMoves bool
	}{
		{"exhaustive/5 candidates 22 portfolios", twoRoads, 5, 0, false},
		{"exhaustive/12 candidates 215 portfolios", threeRoads, 6, 0, false},
		{"local/12 candidates", threeRoads, 6, 1, false},
		{"local/12 candidates pair moves", threeRoads, 6, 1, true},
		{"local/40 candidates", func() *toyWorld { return manyPosts(40) }, 8, 0, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			w := bc.world()
			cfg := knConfig()
			cfg.ExhaustiveLimit, cfg.PairMoves, cfg.MaxRivals = bc.limit, bc.pairMoves, -1
			var evals int
			for b.Loop() {
				s, err := portfolio.New(w.candidates(), fastEvaluator(w), cfg)
				if err != nil {
					b.Fatal(err)
				}
				res, err := s.Search(context.Background(), bc.budget)
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
