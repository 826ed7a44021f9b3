package experiment

import (
	"context"
	"runtime"
	"sync"
	"time"

	"hourglass/sim"
)

// Outcomes simulates replications first, first+1, ..., first+n-1 of world w with
// params p on the given number of workers (0: all cores). Each replication's
// generator is derived from (seed, replication), and outcome i is stored at
// index i, so the result is the same whatever the number of workers. It
// stops early when ctx is cancelled and returns what completed, with done[i]
// telling which replications did.
func Outcomes(ctx context.Context, w *sim.World, p *sim.Params, seed, first uint64, n, workers int) (out []sim.Outcome, done []bool, err error) {
	reps := make([]uint64, n)
	for i := range reps {
		reps[i] = first + uint64(i)
	}
	out = make([]sim.Outcome, n)
	done, err = RunEach(ctx, seed, reps, workers, func(i int, _ uint64) error {
		var e error
		out[i], e = sim.Run(w, p, seed, reps[i])
		return e
	})
	return out, done, err
}

// RunEach calls job(i, reps[i]) for every index on a pool of workers (0: all
// cores) that pull indices in order. job must store its result at index i;
// nothing here depends on which worker ran what. It stops handing out
// indices when ctx is cancelled and reports which jobs completed.
func RunEach(ctx context.Context, seed uint64, reps []uint64, workers int, job func(i int, rep uint64) error) (done []bool, err error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	done = make([]bool, len(reps))
	errs := make([]error, len(reps))
	next := make(chan int)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = job(i, reps[i])
				done[i] = errs[i] == nil
			}
		}()
	}
feed:
	for i := range reps {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return done, e
		}
	}
	return done, ctx.Err()
}

// Speed runs replications 0..n-1 of world w on the given number of workers
// and returns the wall time and the encounters of loads with guard units
// they held: the model's throughput on this machine (hourglass bench). The
// replications run without p's warm-up, whose encounters no Outcome counts:
// a replication after a warm-up of W months costs about (12 + W)/12 of one
// of a year.
func Speed(w *sim.World, p *sim.Params, n, workers int) (time.Duration, int, error) {
	q := *p
	q.WarmupMonths = 0
	p = &q
	start := time.Now()
	events := make([]int, n)
	reps := make([]uint64, n)
	for i := range reps {
		reps[i] = uint64(i)
	}
	_, err := RunEach(context.Background(), 1, reps, workers, func(i int, rep uint64) error {
		o, err := sim.Run(w, p, 1, rep)
		events[i] = o.Encounters
		return err
	})
	total := 0
	for _, e := range events {
		total += e
	}
	return time.Since(start), total, err
}

// PointMeans evaluates points of a design on a pool of workers: for point i,
// load(i) gives the world its metrics are read against and the epochs a run
// goes through (scenario.Scenario's World and AllEpochs: the warm-up's
// without the interventions that start after it, as an experiment runs
// them), and the result is the mean of every headline metric over
// replications 0..reps-1 (the same seeds at every point, so points differ
// only by their settings). progress, when set, is told of every point done.
func PointMeans(ctx context.Context, points, reps, workers int, seed uint64, load func(i int) (*sim.World, []sim.Epoch, error), progress func(done, total int)) ([][]float64, error) {
	y := make([][]float64, points)
	idx := make([]uint64, points)
	var done sync.Mutex
	count := 0
	_, err := RunEach(ctx, seed, idx, workers, func(i int, _ uint64) error {
		w, epochs, err := load(i)
		if err != nil {
			return err
		}
		mean := make([]float64, NumMetrics)
		for rep := 0; rep < reps; rep++ {
			o, err := sim.RunEpochsContext(ctx, epochs, seed, uint64(rep))
			if err != nil {
				return err
			}
			for m, v := range Values(w, &o) {
				mean[m] += v / float64(reps)
			}
		}
		y[i] = mean
		if progress != nil {
			done.Lock()
			count++
			progress(count, points)
			done.Unlock()
		}
		return nil
	})
	return y, err
}
