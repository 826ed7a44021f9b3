package job

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/results"
)

// TestPerReplicationOnResume: --per-replication given to --resume of a run
// started without it writes the per-replication files for every
// replication, those before the interruption rebuilt from the log, byte
// for byte as a run with it from the start; given to a complete run it is
// refused with what to do. Before, it was silently ignored.
func TestPerReplicationOnResume(t *testing.T) {
	tmp := t.TempDir()
	spec := Spec{Kind: Run, Scenarios: []string{"../testdata/tiny.toml"}, N: 4, Seed: 1, Workers: 1}
	run := func(spec Spec, stopAfter int) (*Result, error) {
		t.Helper()
		j, err := Prepare(spec)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		opt := Options{NoFigures: true}
		if stopAfter > 0 {
			opt.Progress = func(done, _ int) {
				if done >= stopAfter {
					cancel()
				}
			}
		}
		return j.Run(ctx, opt)
	}
	whole := spec
	whole.Out, whole.PerReplication = filepath.Join(tmp, "whole"), true
	if _, err := run(whole, 0); err != nil {
		t.Fatal(err)
	}
	resumed := spec
	resumed.Out = filepath.Join(tmp, "resumed")
	if res, err := run(resumed, 2); err == nil || !res.Interrupted {
		t.Fatalf("interrupting: %v", err)
	}
	resumed.Resume, resumed.PerReplication = true, true
	if _, err := run(resumed, 0); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{results.BreakdownRepsFile, results.SegmentFlowsRepsFile, results.RunsFile} {
		a, _ := os.ReadFile(filepath.Join(whole.Out, f))
		b, err := os.ReadFile(filepath.Join(resumed.Out, f))
		if err != nil || !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("%s: resumed with --per-replication differs from a run with it from the start (%v)", f, err)
		}
	}
	plain := spec
	plain.Out = filepath.Join(tmp, "plain")
	if _, err := run(plain, 0); err != nil {
		t.Fatal(err)
	}
	plain.Resume, plain.PerReplication = true, true
	if _, err := run(plain, 0); err == nil || !strings.Contains(err.Error(), "--per-replication: the run is complete") {
		t.Errorf("--per-replication on a complete run: %v, want refused", err)
	}
}
