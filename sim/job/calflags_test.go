package job

import (
	"flag"
	"io"
	"reflect"
	"testing"

	"hourglass/sim/experiment"
)

// TestCalibrateCommandLine: a calibration's equivalent command line, read
// back by hourglass calibrate's flags (with those it shares with the other
// commands), is the same calibration.
func TestCalibrateCommandLine(t *testing.T) {
	for _, spec := range []Spec{
		{Kind: Calibrate, N: 10, Seed: 1, Workers: 2},
		{Kind: Calibrate, N: 6, Seed: 7, Workers: 1, Scenarios: []string{"baseline"}, Out: "cal", Shard: experiment.Shard{Index: 1, Count: 4},
			Calibration: Calibration{Waves: 2, Runs: 50, FirstRuns: 80, Members: 40, Discrepancy: 0.2, Cutoff: 2.5, Targets: "t.toml", From: "merged", Inputs: []string{"a.b", "sw"}}},
		{Kind: Calibrate, N: 10, Seed: 1, Workers: 2, Calibration: Calibration{Discrepancy: -1}},
	} {
		args := spec.CommandLine()
		fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		f := NewCalibrateFlags(fs)
		n, seed, workers, out := f.Common() // registered as the command line does
		fs.IntVar(n, "n", DefaultCalibrationReps, "")
		fs.Uint64Var(seed, "seed", 1, "")
		fs.IntVar(workers, "j", DefaultWorkers(), "")
		fs.StringVar(out, "out", "", "")
		if err := fs.Parse(args[2:]); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		got, err := f.Spec(fs.Args(), func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Scenarios) == 0 {
			got.Scenarios = nil // fs.Args() is empty, not nil
		}
		if !reflect.DeepEqual(got, spec) {
			t.Errorf("%v:\n got %+v\nwant %+v", args, got, spec)
		}
	}
}
