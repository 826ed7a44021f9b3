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
	pos, err := parseInterleaved(fs, args)
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
	ctx, stop := interruptible(stderr)
	defer stop()
	bar := job.NewBar(stderr, f.Quiet)
	ctx, opt := jobOptions(ctx, bar, stderr)
	res, err := j.Run(ctx, opt)
	if bar.Done(); res != nil && (res.Interrupted || res.AlreadyComplete) {
		fmt.Fprintf(stdout, "%s: %s (--resume %s finishes an interrupted one)\n", map[bool]string{true: "interrupted", false: "complete already"}[res.Interrupted], res.Dir, res.Dir)
	} else if err == nil {
		printResult(stdout, res, f.Quiet)
	}
	return err
}
