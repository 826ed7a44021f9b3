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
	fs := newFlagSet("calibrate", stderr, "Varies every value with a plausible range (ranges = ... beside it) and every\n[[switch]] of the periods (default: every scenario of the targets without\ninterventions), in waves; writes ensemble.csv, waves.csv, calibration.json\nand report.html. Shards run their share of a wave; merge them, then run the\nnext round with --from the merged directory.\n")
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
	bar.Done()
	if res != nil && res.Interrupted {
		fmt.Fprintf(stdout, "interrupted: the runs so far are in %s; finish with --resume %s\n", res.Dir, res.Dir)
	}
	if err == nil && res.AlreadyComplete {
		fmt.Fprintf(stdout, "complete already: nothing to resume\nresults: %s\n", res.Dir)
	} else if err == nil {
		printResult(stdout, res, f.Quiet)
	}
	return err
}
