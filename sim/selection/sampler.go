package selection

import (
	"context"
	"fmt"
	"math"
)

// Request asks for the observations of alternative Alt at replications
// From, From+1, …, To−1 (indices into the caller's sample plan).
type Request struct {
	Alt      int
	From, To int
}

// Sampler produces observations. Sample returns one slice per request, in
// the order of reqs, holding To−From values: out[q][j] is alternative
// reqs[q].Alt at replication reqs[q].From+j. Replication j of every
// alternative must use the same random streams (common random numbers).
// The procedures send everything they need next in one call, so an
// implementation can run the whole batch on a worker pool and store each
// value at its index; the result must not depend on the order of work.
type Sampler interface {
	Sample(ctx context.Context, reqs []Request) ([][]float64, error)
}

// SamplerFunc adapts a function to the Sampler interface.
type SamplerFunc func(ctx context.Context, reqs []Request) ([][]float64, error)

// Sample calls f.
func (f SamplerFunc) Sample(ctx context.Context, reqs []Request) ([][]float64, error) {
	return f(ctx, reqs)
}

// SampleError reports a sampler answer of the wrong shape or with a value
// that is not a finite number.
type SampleError struct {
	Alt, Rep int // the alternative and replication (Rep −1 for a shape error)
	Problem  string
}

func (e *SampleError) Error() string {
	if e.Rep < 0 {
		return fmt.Sprintf("selection: sampler answer for alternative %d: %s", e.Alt, e.Problem)
	}
	return fmt.Sprintf("selection: alternative %d replication %d: %s", e.Alt, e.Rep, e.Problem)
}

// store holds the observations drawn so far: obs[i][j] is alternative i at
// replication j; every alternative's replications are a prefix 0..n−1.
type store struct {
	obs         [][]float64
	evaluations int
}

func newStore(k int) *store { return &store{obs: make([][]float64, k)} }

// extendTo draws, in one batch, the replications each listed alternative
// lacks up to to[q] (alts[q] is given replications len(obs)..to[q]−1).
func (st *store) extendTo(ctx context.Context, s Sampler, alts []int, to []int) error {
	var reqs []Request
	for q, i := range alts {
		if have := len(st.obs[i]); have < to[q] {
			reqs = append(reqs, Request{Alt: i, From: have, To: to[q]})
		}
	}
	if len(reqs) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	out, err := s.Sample(ctx, reqs)
	if err != nil {
		return fmt.Errorf("selection: sampling %d requests: %w", len(reqs), err)
	}
	if len(out) != len(reqs) {
		return &SampleError{Alt: reqs[0].Alt, Rep: -1, Problem: fmt.Sprintf("sampler returned %d slices for %d requests", len(out), len(reqs))}
	}
	for q, rq := range reqs {
		if len(out[q]) != rq.To-rq.From {
			return &SampleError{Alt: rq.Alt, Rep: -1, Problem: fmt.Sprintf("%d values for replications %d..%d (want %d)", len(out[q]), rq.From, rq.To-1, rq.To-rq.From)}
		}
		for j, v := range out[q] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &SampleError{Alt: rq.Alt, Rep: rq.From + j, Problem: fmt.Sprintf("value %v is not a finite number", v)}
			}
		}
	}
	for q, rq := range reqs {
		st.obs[rq.Alt] = append(st.obs[rq.Alt], out[q]...)
		st.evaluations += rq.To - rq.From
	}
	return nil
}

// all lists 0..k−1.
func all(k int) []int {
	a := make([]int, k)
	for i := range a {
		a[i] = i
	}
	return a
}

// repeat returns n copies of v.
func repeat(v, n int) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = v
	}
	return a
}
