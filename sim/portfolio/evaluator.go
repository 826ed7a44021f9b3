package portfolio

import "context"

// Job asks for one portfolio's gain at one replication.
type Job struct {
	Portfolio Set
	Rep       int // an index into the caller's sample plan (a seed, or a member × seed pair)
}

// Evaluator returns the gains of a batch of jobs: out[i] is the objective's
// paired gain of jobs[i].Portfolio over the baseline at replication
// jobs[i].Rep (for example kg of heroin kept from the final markets), run
// with common random numbers (replication r of every portfolio and of the
// baseline draws the same random streams). Larger is better. The search
// sends all the jobs it needs next in one call and never asks for the
// empty portfolio (its gain is 0) or twice for the same job. out must not
// depend on the order in which the jobs are run: run them on a worker pool
// that stores each value at its index (sim/experiment's RunEach does).
type Evaluator interface {
	Evaluate(ctx context.Context, jobs []Job) ([]float64, error)
}

// EvaluatorFunc adapts a function to the Evaluator interface.
type EvaluatorFunc func(ctx context.Context, jobs []Job) ([]float64, error)

// Evaluate calls f.
func (f EvaluatorFunc) Evaluate(ctx context.Context, jobs []Job) ([]float64, error) {
	return f(ctx, jobs)
}
