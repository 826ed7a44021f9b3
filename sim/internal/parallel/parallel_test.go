package parallel

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// Every index runs once and stores its own result, whatever the workers.
func TestForEach(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		out := make([]int, 50)
		var calls atomic.Int32
		err := ForEach(context.Background(), len(out), workers, func(_ context.Context, i int) error {
			calls.Add(1)
			out[i] = i * i
			return nil
		})
		if err != nil || calls.Load() != 50 {
			t.Fatalf("workers %d: error %v, %d calls", workers, err, calls.Load())
		}
		for i, v := range out {
			if v != i*i {
				t.Fatalf("workers %d: out[%d] = %d", workers, i, v)
			}
		}
	}
	if err := ForEach(context.Background(), 0, 2, nil); err != nil {
		t.Errorf("no jobs: %v", err)
	}
}

// A failure stops the pool and is returned, not the cancellations it
// caused in other jobs.
func TestForEachError(t *testing.T) {
	boom := errors.New("boom")
	err := ForEach(context.Background(), 1000, 2, func(ctx context.Context, i int) error {
		if i == 5 {
			return fmt.Errorf("job %d: %w", i, boom)
		}
		if i < 5 {
			return nil
		}
		<-ctx.Done() // later jobs wait for the cancellation
		return ctx.Err()
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
}

// A context cancelled from outside stops the pool with its error.
func TestForEachCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := 0
	err := ForEach(ctx, 10, 1, func(context.Context, int) error { ran++; return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if ran != 0 {
		t.Errorf("%d jobs ran after the cancellation", ran)
	}
}
