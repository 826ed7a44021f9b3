package main

import (
	"fmt"
	"io"
	"os"

	"hourglass/sim/job"
)

var calibrateCmd = &command{name: "calibrate", usage: "calibrate [flags] [PERIOD...]",
	short: "history matching against the calibration targets of every period: the ensemble the targets do not rule out", run: runCalibrate}

func runCalibrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("calibrate", stderr, "Varies every value with a plausible range and every [[switch]] of the periods\n(default: every scenario of the targets without interventions), in waves.\nShards run their share of a wave: merge them, then the next round --from the merge.\n")
	f := job.NewCalibrateFlags(fs)
	var quiet bool
	sh := shared{nDef: job.DefaultCalibrationReps, nHelp: "replications per point (its variance of the mean enters the implausibility)",
		outHelp: "results directory (default results/calibrate-<period>-<timestamp>)", quiet: &quiet}
	sh.n, sh.seed, sh.workers, sh.out = f.Common()
	sh.register(fs)
	pos, err := sh.parse(fs, args)
	if err != nil {
		return err
	}
	spec, err := f.Spec(pos, os.Getenv)
	if err != nil {
		return err
	}
	j, err := job.Prepare(spec)
	if err != nil {
		return err
	}
	ctx, opt, done := startJob(stderr, quiet)
	res, err := j.Run(ctx, opt)
	if done(); res != nil && res.Interrupted {
		fmt.Fprintf(stdout, "interrupted: %s (--resume %s finishes it)\n", res.Dir, res.Dir)
	} else if err == nil {
		printResult(stdout, res, quiet)
	}
	return err
}
