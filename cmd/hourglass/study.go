package main

import (
	"io"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/job"
)

var studyCmd = &command{name: "study", usage: "study intelligence [-n N] [--seed S] [-j J] [--levels FROM:TO:STEPS] [--out DIR | --resume DIR] [--quiet] [BASE]",
	short: "ready-made studies for students: what intelligence is worth against random checks as groups professionalise", run: runStudy}

const studyHelp = `Studies:
  intelligence  hourglass compare --across drivers.professionalization=LEVELS
                --objective opiates_seized_kg BASE informant-program
                inspection-program: at each level of every trafficking group's
                professionalization, BASE (default ` + scenarios.Baseline + `) and two programs
                that cost the same a year, each paired with BASE at the same level
                (common random numbers). The report gives each program's change
                in opiates seized, heroin reaching the markets and organisers
                arrested against the level, its cost per unit, and the informant
                program's gain per dollar over the inspection program's (Fieller).
Writes the files of compare (across.csv, across_ratios.csv, ...) and report.html.`

func runStudy(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("study", stderr, studyHelp+"\n")
	studySpec := job.StudySpec{}
	var quiet bool
	sh := shared{n: &studySpec.N, nDef: 200, nHelp: "paired replications at each level", seed: &studySpec.Seed, workers: &studySpec.Workers,
		out: &studySpec.Out, outHelp: "results directory (default results/compare-across-<BASE>-<timestamp>)", quiet: &quiet}
	sh.register(fs)
	levels := fs.String("levels", "0:1:5", "levels of professionalization, FROM:TO:STEPS (0 <= FROM < TO <= 1, 2 <= STEPS <= 101)")
	resume := fs.String("resume", "", "finish the interrupted study in this results directory")
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
	studySpec.Name, studySpec.Base = pos[0], strings.Join(pos[1:], "")
	if studySpec.Levels, err = job.ParseLevels(*levels); err != nil {
		return err
	}
	spec, err := studySpec.Spec()
	if err != nil {
		return err
	}
	if *resume != "" {
		spec.Out, spec.Resume = *resume, true
	}
	return runSpec(expFlags{spec: spec, quiet: quiet}, stdout, stderr)
}
