package job

import (
	"flag"
	"strings"
)

// CalibrateFlags are hourglass calibrate's flags, bound to a Spec: the
// command line registers them (NewCalibrateFlags), parses, and takes the
// Spec (Spec), so that what a flag means is said once, here.
type CalibrateFlags struct {
	spec          Spec
	shard, resume string
	inputs        string
	shards        int
}

// Common are the fields the flags a calibration shares with the other
// commands set (the command line registers them): replications per point
// (default DefaultCalibrationReps), seed, workers and results directory.
func (f *CalibrateFlags) Common() (n *int, seed *uint64, workers *int, out *string) {
	return &f.spec.N, &f.spec.Seed, &f.spec.Workers, &f.spec.Out
}

// NewCalibrateFlags registers the flags of hourglass calibrate on fs,
// but those it shares with the other commands (-n, --seed, -j, --out,
// --quiet: Common).
func NewCalibrateFlags(fs *flag.FlagSet) *CalibrateFlags {
	f := &CalibrateFlags{spec: Spec{Kind: Calibrate}}
	c := &f.spec.Calibration
	fs.IntVar(&c.Waves, "waves", 4, "most waves")
	fs.IntVar(&c.Runs, "runs", 0, "points simulated per wave (0: 10 per uncertain input and switch)")
	fs.IntVar(&c.FirstRuns, "first-runs", 0, "points of wave 1, a Latin hypercube of the whole prior space (0: --runs)")
	fs.IntVar(&c.Members, "members", 0, "keep the waves going (within --waves) until the ensemble has this many members")
	fs.Float64Var(&c.Discrepancy, "discrepancy", DefaultDiscrepancy, "model discrepancy: its standard deviation as a share of each observation (an assumption; 0 for none)")
	fs.Float64Var(&c.Cutoff, "cutoff", 3, "rule out a point whose implausibility exceeds this on any target")
	fs.StringVar(&c.Targets, "targets", "", "calibration targets file (default: the shipped scenarios/targets.toml)")
	fs.StringVar(&f.inputs, "inputs", "", "vary only these uncertain inputs (paths) and switches (names), comma-separated; hold the rest at their values")
	fs.StringVar(&c.From, "from", "", "replay the runs of this calibration directory first (the merge of a round of shards)")
	fs.StringVar(&f.shard, "shard", "", "run only shard I/N of each wave's points (0-based I), for hourglass merge")
	fs.IntVar(&f.shards, "shards", 0, "number of shards, with the shard index from JOB_COMPLETION_INDEX")
	fs.StringVar(&f.resume, "resume", "", "finish the interrupted calibration in this results directory")
	return f
}

// Spec is the calibration the parsed flags describe, of the periods given
// (none: every period of the targets); getenv reads the environment for
// the shard (os.Getenv).
func (f *CalibrateFlags) Spec(periods []string, getenv func(string) string) (Spec, error) {
	s := f.spec
	s.Scenarios = periods
	if s.Calibration.Discrepancy == 0 {
		s.Calibration.Discrepancy = -1 // none, as the flag says
	}
	if s.Calibration.Discrepancy == DefaultDiscrepancy {
		s.Calibration.Discrepancy = 0
	}
	if s.Calibration.Cutoff == 3 {
		s.Calibration.Cutoff = 0
	}
	if s.Calibration.Waves == 4 {
		s.Calibration.Waves = 0
	}
	if f.inputs != "" {
		for _, in := range strings.Split(f.inputs, ",") {
			s.Calibration.Inputs = append(s.Calibration.Inputs, strings.TrimSpace(in))
		}
	}
	var err error
	if s.Shard, err = ParseShard(f.shard, f.shards, getenv); err != nil {
		return s, err
	}
	if f.resume != "" {
		s.Out, s.Resume = f.resume, true
	}
	return s, nil
}
