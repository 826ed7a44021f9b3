package history

import (
	"context"
	"errors"
	"fmt"

	"hourglass/sim/internal/parallel"
)

// Job is one point to simulate.
type Job struct {
	Wave  int    // 1-based
	Index int    // position within the wave
	ID    uint64 // Wave<<32 | Index: unique across a calibration; derive the replications' seeds from it
	Reps  int    // replications to run (Config.Reps)
	Point Point
}

// jobID is the job's identity, from which its seeds derive.
func jobID(wave, index int) uint64 { return uint64(wave)<<32 | uint64(index) }

// Output is a simulated point: per target, in Problem.Targets order, the
// mean over the job's replications and the variance of that mean, s²/r (s²
// the replications' sample variance). A non-finite mean (an output the run
// does not define, such as a price where nothing was sold) rules the point
// out on that target and is left out of that target's emulator.
type Output struct {
	Mean []float64
	Var  []float64
}

// Simulator runs a wave's jobs and returns their outputs in job order. It
// may run them in parallel, but each output must depend only on its job
// (seeds from Job.ID), so results do not depend on scheduling.
type Simulator interface {
	Simulate(ctx context.Context, jobs []Job) ([]Output, error)
}

// PointFunc simulates one job.
type PointFunc func(ctx context.Context, job Job) (Output, error)

// Pool returns a Simulator that runs f on up to workers jobs at once (at
// least one), storing each output at its job's index. The first failure
// cancels the jobs not yet started, and Simulate returns it.
func Pool(f PointFunc, workers int) Simulator { return pool{f: f, workers: max(1, workers)} }

type pool struct {
	f       PointFunc
	workers int
}

func (p pool) Simulate(ctx context.Context, jobs []Job) ([]Output, error) {
	out := make([]Output, len(jobs))
	err := parallel.ForEach(ctx, len(jobs), p.workers, func(ctx context.Context, i int) error {
		var err error
		if out[i], err = p.f(ctx, jobs[i]); err != nil {
			return fmt.Errorf("point %d: %w", jobs[i].Index, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkOutputs refuses outputs that do not fit the jobs and targets.
func (p Problem) checkOutputs(jobs []Job, outs []Output) error {
	if len(outs) != len(jobs) {
		return inputErr("outputs", "%d outputs for %d jobs", len(outs), len(jobs))
	}
	var errs []error
	for i, o := range outs {
		f := fmt.Sprintf("outputs[wave %d point %d]", jobs[i].Wave, jobs[i].Index)
		if len(o.Mean) != len(p.Targets) || len(o.Var) != len(p.Targets) {
			errs = append(errs, inputErr(f, "%d means and %d variances for %d targets", len(o.Mean), len(o.Var), len(p.Targets)))
			continue
		}
		for t, v := range o.Var {
			if finite(o.Mean[t]) && (!finite(v) || v < 0) {
				errs = append(errs, inputErr(f, "%s: variance of the mean %g (want finite and ≥ 0)", p.Targets[t].Name, v))
			}
		}
	}
	return errors.Join(errs...)
}
