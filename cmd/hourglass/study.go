package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/report"
)

var studyCmd = &command{name: "study", usage: "study intelligence [-n N] [--seed S] [-j J] [--levels FROM:TO:STEPS] [--out DIR] [--quiet] [BASE]",
	short: "ready-made studies for students: what intelligence is worth against random checks as groups professionalise", run: runStudy}

const studyHelp = `Studies:
  intelligence  At each level of drivers.professionalization (every trafficking
                group's), one paired comparison (common random numbers) of BASE
                (default ` + scenarios.Baseline + `), informant-program and inspection-program,
                which cost the same a year. For each program: the change in
                opiates seized, organisers arrested and heroin delivered against
                BASE, and that change per money spent (kg per USD 1,000,
                organisers per USD 1 million) with 95% CIs.
Writes study.csv, study.json, sources.csv and report.html (charts in figures/).`

func runStudy(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("study", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s\n\n%s\n\nFlags:\n", lookup("study").usage, lookup("study").short, studyHelp)
		fs.PrintDefaults()
	}
	spec := job.StudySpec{}
	fs.IntVar(&spec.N, "n", 200, "paired replications per comparison (one comparison per level)")
	fs.Uint64Var(&spec.Seed, "seed", 1, "master seed: with it, every result is reproducible bit for bit")
	fs.IntVar(&spec.Workers, "j", job.DefaultWorkers(), "worker goroutines (results do not depend on it)")
	levels := fs.String("levels", "0:1:5", "levels of professionalization, FROM:TO:STEPS (0 <= FROM < TO <= 1, 2 <= STEPS <= 101)")
	fs.StringVar(&spec.Out, "out", "", "results directory (default results/study-intelligence-<timestamp>)")
	quiet := fs.Bool("quiet", false, "no progress and no table: only where the results are")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", spec.N, 1, job.MaxReplications, "replications"}, intFlag{"-j", spec.Workers, 1, job.MaxWorkers, "workers"}); err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageError("which study? (available: intelligence)")
	}
	if spec.Name = pos[0]; len(pos) > 2 {
		return usageError("study %s takes at most one base scenario, got %d: %s", pos[0], len(pos)-1, strings.Join(pos[1:], " "))
	}
	if len(pos) == 2 {
		spec.Base = pos[1]
	}
	if spec.Levels, err = job.ParseLevels(*levels); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := job.NewBar(stderr, *quiet)
	ctx, opt := jobOptions(ctx, bar, stderr)
	res, err := job.Study(ctx, spec, opt)
	bar.Done()
	if err != nil {
		return err
	}
	if !*quiet {
		report.StudyText(stdout, res.Study)
	}
	fmt.Fprintf(stdout, "results: %s\n", res.Dir)
	return nil
}
