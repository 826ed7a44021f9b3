package main

import (
	"fmt"
	"io"
	"strings"

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
	fs := newFlagSet("study", stderr, studyHelp+"\n")
	spec := job.StudySpec{}
	var quiet bool
	sh := shared{n: &spec.N, nDef: 200, nHelp: "paired replications per comparison (one comparison per level)", seed: &spec.Seed, workers: &spec.Workers,
		out: &spec.Out, outHelp: "results directory (default results/study-intelligence-<timestamp>)", quiet: &quiet}
	sh.register(fs)
	levels := fs.String("levels", "0:1:5", "levels of professionalization, FROM:TO:STEPS (0 <= FROM < TO <= 1, 2 <= STEPS <= 101)")
	pos, err := sh.parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		fs.Usage()
		return usageError("which study? (available: intelligence)")
	case len(pos) > 2:
		return usageError("study %s takes at most one base scenario, got %d: %s", pos[0], len(pos)-1, strings.Join(pos[1:], " "))
	}
	spec.Name, spec.Base = pos[0], strings.Join(pos[1:], "")
	if spec.Levels, err = job.ParseLevels(*levels); err != nil {
		return err
	}
	ctx, opt, done := startJob(stderr, quiet)
	res, err := job.Study(ctx, spec, opt)
	done()
	if err != nil {
		return err
	}
	if !quiet {
		report.StudyText(stdout, res.Study)
	}
	fmt.Fprintf(stdout, "results: %s\n", res.Dir)
	return nil
}
