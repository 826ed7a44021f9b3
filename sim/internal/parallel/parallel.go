// Package parallel runs indexed jobs on a fixed pool of workers. Each job
// stores its own result at its index, and workers pull indices in order, so
// results never depend on which worker ran what or when.
package parallel

import (
	"context"
	"errors"
	"sync"
)

// ForEach calls f(ctx, i) for i = 0 … n−1 on up to workers goroutines (at
// least one). It stops handing out indices once ctx is done or a call
// fails, cancelling the context the running calls were given, and returns
// the failure of the lowest index that was not that cancellation (or, if
// all were, the lowest), or else ctx's error.
func ForEach(ctx context.Context, n, workers int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(1, workers), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if errs[i] = f(ctx, i); errs[i] != nil {
					cancel(errs[i])
				}
			}
		}()
	}
feed:
	for i := 0; i < n && ctx.Err() == nil; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	var first error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if !errors.Is(err, context.Canceled) {
			return err
		}
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return first
	}
	return ctx.Err() // cancelled from outside, or nil
}
