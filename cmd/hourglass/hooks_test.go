package main

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"hourglass/sim/job"
	"hourglass/sim/results"
)

// TestMain sets testHook for every command a test runs: reports without
// figures (slow to draw, and no test about files looks at them) unless a
// test asks for them (withFigures), and a simulated Ctrl-C when a test asks
// for one (interruptAfter). With HOURGLASS_TEST_MAIN=1 it runs this test
// binary as the hourglass command, hook set, for the tests that send it
// real signals (with HOURGLASS_TEST_HOLD=1 too, holding after its first
// replication until the signal comes); the shipped binary reads no test
// hook.
func TestMain(m *testing.M) {
	testHook = func(ctx context.Context, opt *job.Options) context.Context {
		opt.NoFigures = !hooks.figures
		if hooks.interruptAfter > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			progress, after := opt.Progress, hooks.interruptAfter
			opt.Progress = func(done, total int) {
				progress(done, total)
				if done >= after {
					cancel() // as Ctrl-C would
				}
			}
		}
		if holdUntilSignal {
			progress := opt.Progress
			opt.Progress = func(done, total int) {
				progress(done, total)
				if done >= 1 { // wait, replications committed, for the test's signal
					select {
					case <-ctx.Done():
					case <-time.After(time.Minute):
					}
				}
			}
		}
		return ctx
	}
	if os.Getenv("HOURGLASS_TEST_MAIN") == "1" {
		holdUntilSignal = os.Getenv("HOURGLASS_TEST_HOLD") == "1"
		os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// holdUntilSignal, set in a child process that a test signals
// (HOURGLASS_TEST_HOLD=1), stops the job after its first committed
// replication until the first signal cancels it: the signal cannot come
// too late, after the run has finished.
var holdUntilSignal bool

// hooks are what the tests change in the jobs the command line runs.
var hooks struct {
	figures        bool // draw the report's figures
	interruptAfter int  // > 0: stop as Ctrl-C does once so many replications (of all scenarios) are committed
}

// Tests that change the hooks (withFigures, interruptAfter), arm a fault
// (results.ArmFault), set the environment or the working directory, or
// signal this process run one after another. The others call parallel(t):
// go test runs them together once every serial test has finished, so they
// see the hooks at rest. A serial test's hooks changed while parallel
// tests run would reach their commands too: setHooks refuses it, and
// parallel refuses to start with the hooks changed or a fault armed.
var parallelRunning atomic.Int32

// parallel marks the test as one that may run beside the other parallel
// tests (t.Parallel), and counts it while it runs.
func parallel(t *testing.T) {
	t.Helper()
	t.Parallel()
	parallelRunning.Add(1)
	t.Cleanup(func() { parallelRunning.Add(-1) })
	if hooks.figures || hooks.interruptAfter != 0 || results.FaultArmed() {
		t.Fatalf("a parallel test starts with the hooks changed (%+v) or a fault armed (%v): a serial test left them so", hooks, results.FaultArmed())
	}
}

// setHooks changes the hooks, unless parallel tests are running.
func setHooks(t *testing.T, change func()) {
	t.Helper()
	if n := parallelRunning.Load(); n > 0 {
		t.Fatalf("the hooks changed while %d parallel tests run: a test that changes them must not call parallel(t)", n)
	}
	change()
}

// withFigures makes the reports of the test's commands draw their figures.
func withFigures(t *testing.T) {
	setHooks(t, func() { hooks.figures = true })
	t.Cleanup(func() { hooks.figures = false })
}

// interruptAfter stops the test's commands as Ctrl-C does once n
// replications (of all the scenarios together) are committed; 0: never.
func interruptAfter(t *testing.T, n int) {
	setHooks(t, func() { hooks.interruptAfter = n })
	t.Cleanup(func() { hooks.interruptAfter = 0 })
}

// allFaults says whether the fault tests fault every file operation, with
// the figures drawn (HOURGLASS_TEST_FULL=1, the full run CI makes), or a
// sample of them.
func allFaults() bool { return os.Getenv("HOURGLASS_TEST_FULL") == "1" }

// tinyUncertain writes, into a directory of the test's, the golden test's
// tiny network (sim/testdata/tiny.toml: a few places, 120 days) and a
// scenario extending it with two [[uncertain]] parameters (their ranges
// the defaults', declared in sim.ParamNotes), and returns the
// scenario's path: a sensitivity analysis of it takes a fraction of one of
// the baseline.
func tinyUncertain(t *testing.T) string {
	t.Helper()
	tiny, err := os.ReadFile("../../sim/testdata/tiny.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny-uncertain.toml")
	for name, data := range map[string][]byte{"tiny.toml": tiny, "tiny-uncertain.toml": []byte(`name = "tiny-uncertain"
extends = "tiny.toml"

[[uncertain]]
name = "params.interdiction.tip_rate"

[[uncertain]]
name = "params.interdiction.dog_efficacy"
`)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}
