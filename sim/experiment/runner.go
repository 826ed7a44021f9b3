package experiment

import (
	"context"
	"runtime"
	"sync"

	"hourglass/sim"
)

// Run simulates replications first, first+1, ..., first+n-1 of world w with
// params p on the given number of workers (0: all cores). Each replication's
// generator is derived from (seed, replication), and outcome i is stored at
// index i, so the result is the same whatever the number of workers. It
// stops early when ctx is cancelled and returns what completed, with done[i]
// telling which replications did.
func Run(ctx context.Context, w *sim.World, p *sim.Params, seed, first uint64, n, workers int) (out []sim.Outcome, done []bool, err error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	out = make([]sim.Outcome, n)
	done = make([]bool, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = sim.Run(w, p, seed, first+uint64(i))
				done[i] = errs[i] == nil
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
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
			return out, done, e
		}
	}
	return out, done, ctx.Err()
}
