package portfolio

import (
	"context"
	"fmt"
	"math"

	"hourglass/sim/selection"
)

// EvalError reports an evaluator answer of the wrong length or with a gain
// that is not a finite number.
type EvalError struct {
	Job     Job // the offending job (zero for a length error)
	Problem string
}

func (e *EvalError) Error() string {
	if e.Job == (Job{}) {
		return "portfolio: evaluator: " + e.Problem
	}
	return fmt.Sprintf("portfolio: evaluator: portfolio %v replication %d: %s", e.Job.Portfolio, e.Job.Rep, e.Problem)
}

// cache holds every gain evaluated so far, by portfolio and replication.
type cache struct {
	eval    Evaluator
	series  map[Set]*series
	evals   int // jobs evaluated
	batches int // calls to the evaluator
}

type series struct {
	v    []float64
	have []bool
}

func newCache(eval Evaluator) *cache {
	return &cache{eval: eval, series: map[Set]*series{}}
}

// need asks for replications from..to−1 of a portfolio.
type need struct {
	set      Set
	from, to int
}

// ensure evaluates, in one call to the evaluator, every job of needs not
// yet in the cache. The empty portfolio's gain is 0 by definition.
func (c *cache) ensure(ctx context.Context, needs []need) error {
	var jobs []Job
	queued := map[Job]bool{}
	for _, n := range needs {
		if n.set.IsEmpty() {
			continue
		}
		s := c.series[n.set]
		for r := n.from; r < n.to; r++ {
			if s != nil && r < len(s.have) && s.have[r] {
				continue
			}
			j := Job{Portfolio: n.set, Rep: r}
			if !queued[j] {
				queued[j] = true
				jobs = append(jobs, j)
			}
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	out, err := c.eval.Evaluate(ctx, jobs)
	c.batches++
	if err != nil {
		return fmt.Errorf("portfolio: evaluating %d jobs: %w", len(jobs), err)
	}
	if len(out) != len(jobs) {
		return &EvalError{Problem: fmt.Sprintf("%d gains for %d jobs", len(out), len(jobs))}
	}
	for i, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &EvalError{Job: jobs[i], Problem: fmt.Sprintf("gain %v is not a finite number", v)}
		}
	}
	for i, j := range jobs {
		s := c.series[j.Portfolio]
		if s == nil {
			s = &series{}
			c.series[j.Portfolio] = s
		}
		for len(s.v) <= j.Rep {
			s.v, s.have = append(s.v, 0), append(s.have, false)
		}
		s.v[j.Rep], s.have[j.Rep] = out[i], true
	}
	c.evals += len(jobs)
	return nil
}

// value is a portfolio's gain at replication r, which must be in the cache.
func (c *cache) value(p Set, r int) float64 {
	if p.IsEmpty() {
		return 0
	}
	return c.series[p].v[r]
}

// prefix is the number of leading replications of p in the cache (0 for
// the empty portfolio, which is never evaluated).
func (c *cache) prefix(p Set) int {
	s := c.series[p]
	if s == nil {
		return 0
	}
	k := 0
	for k < len(s.have) && s.have[k] {
		k++
	}
	return k
}

// values returns the gains of p at replications 0..n−1 (all in the cache).
func (c *cache) values(p Set, n int) []float64 {
	x := make([]float64, n)
	if !p.IsEmpty() {
		copy(x, c.series[p].v[:n])
	}
	return x
}

// term is one portfolio's gain times a weight.
type term struct {
	set    Set
	weight float64
}

// combo is an alternative seen by a selection procedure: its observation at
// replication r is Σ weight · V(set, r) (the empty combo is the constant 0).
type combo []term

// single is the alternative "portfolio p".
func single(p Set) combo { return combo{{p, 1}} }

// sampler serves the alternatives alts to a selection procedure from the
// cache, evaluating what is missing in one batch per request.
func (c *cache) sampler(alts []combo) selection.Sampler {
	return selection.SamplerFunc(func(ctx context.Context, reqs []selection.Request) ([][]float64, error) {
		var needs []need
		for _, rq := range reqs {
			for _, t := range alts[rq.Alt] {
				needs = append(needs, need{t.set, rq.From, rq.To})
			}
		}
		if err := c.ensure(ctx, needs); err != nil {
			return nil, err
		}
		out := make([][]float64, len(reqs))
		for q, rq := range reqs {
			out[q] = make([]float64, rq.To-rq.From)
			for j := range out[q] {
				for _, t := range alts[rq.Alt] {
					out[q][j] += t.weight * c.value(t.set, rq.From+j)
				}
			}
		}
		return out, nil
	})
}
