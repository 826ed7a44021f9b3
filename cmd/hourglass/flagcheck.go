package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"

	"hourglass/sim/scenario"
)

// Bounds on the flags of run, compare and sweep (README, "Bad input"). They
// are checked right after the flags are parsed, before any scenario is
// loaded or anything written.
const (
	// MaxReplications bounds -n: every replication keeps its headline
	// metrics in memory until the run ends (a few KB each per scenario), and
	// 100,000 replications give confidence intervals far narrower than the
	// model's own uncertainty.
	MaxReplications = 100_000
	// MaxWorkers bounds -j: more goroutines than cores only share them.
	MaxWorkers = 1024
	// MaxVarySteps bounds the STEPS of one --vary; the points of a whole
	// design are bounded by design.MaxPoints.
	MaxVarySteps = 10_000
)

// check refuses flags out of range, as usage errors (exit status 2): -n,
// -j, --precision, --shard or --shards, and an output directory (--out,
// --resume, or results/ by default) that cannot be written.
func (f *expFlags) check() error {
	usage := func(format string, args ...any) error {
		return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
	}
	if f.n < 1 || f.n > MaxReplications {
		return usage("-n %d: out of range (allowed: 1..%d replications)", f.n, MaxReplications)
	}
	if f.workers < 1 || f.workers > MaxWorkers {
		return usage("-j %d: out of range (allowed: 1..%d workers)", f.workers, MaxWorkers)
	}
	if p := f.precision; !(p >= 0 && p < 1) {
		return usage("--precision %v: out of range (allowed: 0 < p < 1, a fraction of the mean; 0 for off)", p)
	}
	if f.shards < 0 || f.shards > MaxReplications {
		return usage("--shards %d: out of range (allowed: 1..%d)", f.shards, MaxReplications)
	}
	shard, err := f.shardOf()
	if err != nil {
		return usage("%v", err)
	}
	if shard.Count > MaxReplications {
		return usage("--shard %s: out of range (allowed: at most %d shards)", f.shard, MaxReplications)
	}
	dir := f.out
	if f.resume != "" {
		dir = f.resume
	}
	if dir == "" {
		dir = "results"
	}
	if err := checkWritable(dir); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	return nil
}

// checkVarySteps refuses a --vary with more than MaxVarySteps steps or a
// range that is not finite (parseVary checks the syntax).
func checkVarySteps(flag string, from, to float64, steps int) error {
	if math.IsNaN(from) || math.IsInf(from, 0) || math.IsNaN(to) || math.IsInf(to, 0) {
		return fmt.Errorf("--vary %q: FROM and TO must be finite numbers", flag)
	}
	if steps > MaxVarySteps {
		return fmt.Errorf("--vary %q: %d steps (allowed: 2..%d)", flag, steps, MaxVarySteps)
	}
	return nil
}

// checkWritable reports whether results can be written in dir, without
// creating it: dir, or when it does not exist yet the nearest directory
// above it, must be a directory in which a file can be created. It is meant
// to run before the first replication, so that a read-only --out fails at
// once rather than after the whole run.
func checkWritable(dir string) error {
	at := filepath.Clean(dir)
	for {
		st, err := os.Stat(at)
		if err == nil {
			if !st.IsDir() {
				if at == filepath.Clean(dir) {
					return fmt.Errorf("results directory %s: not a directory", dir)
				}
				return fmt.Errorf("results directory %s: %s is not a directory", dir, at)
			}
			break
		}
		if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("results directory %s: %v", dir, errors.Unwrap(err))
		}
		parent := filepath.Dir(at)
		if parent == at {
			return fmt.Errorf("results directory %s: no existing directory above it", dir)
		}
		at = parent
	}
	probe, err := os.CreateTemp(at, ".hourglass-writable-*")
	if err != nil {
		return fmt.Errorf("results directory %s: cannot write in %s: %v", dir, at, errors.Unwrap(err))
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

// intFlag is an integer flag with its allowed range, for checkInts.
type intFlag struct {
	name   string
	x, lo  int
	hi     int
	plural string // what it counts, for the message
}

// checkInts refuses, as a usage error, the first flag out of its range: the
// replications, workers and samples of map, bench, sensitivity, study and
// validate, bounded as -n and -j of run are.
func checkInts(flags ...intFlag) error {
	for _, f := range flags {
		if f.x < f.lo || f.x > f.hi {
			return &exitError{code: 2, msg: fmt.Sprintf("%s %d: out of range (allowed: %d..%d %s)", f.name, f.x, f.lo, f.hi, f.plural)}
		}
	}
	return nil
}

// runnable refuses, for run, compare, sweep and merge, a scenario that
// loads but has no trafficking groups: a network file alone, which would
// run and report zeros (hourglass check accepts it, as a network).
func runnable(sc *scenario.Scenario, err error) (*scenario.Scenario, error) {
	if err == nil && len(sc.World.Populations) == 0 {
		return nil, fmt.Errorf("%s: no groups: nothing would move (a network file is not a scenario: extend it and add [[group]] entries)", sc.Files[len(sc.Files)-1].Path)
	}
	return sc, err
}

// defaultWorkers is -j's default: one worker per core, within MaxWorkers.
func defaultWorkers() int { return min(runtime.NumCPU(), MaxWorkers) }
