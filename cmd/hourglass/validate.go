package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"hourglass/scenarios"

	"hourglass/sim/experiment"
	"hourglass/sim/targets"
)

const (
	validateUsage = "validate [-n N] [--seed S] [-j J] [--targets FILE] [SCENARIO]"
	validateShort = "check the scenarios the targets name (or one) against calibration targets"
)

var validateCmd = &command{name: "validate", usage: validateUsage, short: validateShort, run: runValidate}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", validateUsage, validateShort, stderr,
		"Prints, for each target, the simulated mean with its 95% CI, the observed value\nor range, and pass or fail; exits 1 when a target fails.\n")
	n := fs.Int("n", 50, "replications")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("j", defaultWorkers(), "worker goroutines")
	file := fs.String("targets", "", "targets file (default: the shipped scenarios/targets.toml)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkInts(intFlag{"-n", *n, 1, MaxReplications, "replications"}, intFlag{"-j", *workers, 1, MaxWorkers, "workers"}); err != nil {
		return err
	}
	if *n < 2 {
		return &exitError{code: 2, msg: "-n must be at least 2 for confidence intervals"}
	}
	var tf *targets.File
	if *file == "" {
		tf, err = targets.Load(scenarios.FS, "targets.toml")
	} else {
		dir, base := filepath.Split(*file)
		if dir == "" {
			dir = "."
		}
		tf, err = targets.Load(os.DirFS(dir), base)
	}
	if err != nil {
		return &exitError{code: 1, msg: "targets: " + err.Error()}
	}
	names := tf.Scenarios()
	if len(pos) == 1 {
		names = []string{pos[0]}
	} else if len(pos) > 1 {
		return &exitError{code: 2, msg: "validate takes one scenario"}
	}
	failed, total := 0, 0
	for i, name := range names {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		sub := tf.For(name)
		if len(pos) == 1 && len(sub.Target) == 0 {
			sub = tf.For(tf.Scenario) // a scenario the file does not name: the file's own targets
		}
		f, err := validateOne(name, sub, *n, *seed, *workers, stdout)
		if err != nil {
			return err
		}
		failed += f
		total += len(sub.Target)
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d targets failed", failed, total)}
	}
	fmt.Fprintf(stdout, "\nall %d targets pass\n", total)
	return nil
}

// validateOne runs scenario name and checks the targets of tf against it,
// printing the table; it returns how many failed.
func validateOne(name string, tf *targets.File, n int, seed uint64, workers int, stdout io.Writer) (int, error) {
	scs, err := loadAll([]string{strings.TrimSuffix(name, ".toml")}, nil)
	if err != nil {
		return 0, err
	}
	sc := scs[0].sc
	e := newExperiment("run", scs, &expFlags{n: n, seed: seed, workers: workers}, experiment.Shard{})
	var kept experiment.Collector
	if _, err := e.Run(context.Background(), &kept); err != nil {
		return 0, err
	}
	results := tf.Check(sc.World, kept.Reps(0))
	fmt.Fprintf(stdout, "Validating %s against %d targets: %d replications, seed %d\n\n", sc.Name, len(results), n, seed)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tsimulated mean [95% CI]\tobserved\taccepted\tinformative\tresult")
	failed := 0
	for _, r := range results {
		obs := ""
		if r.Target.Observed != nil {
			obs = human(*r.Target.Observed)
		} else {
			obs = human(*r.Target.Min) + " - " + human(*r.Target.Max)
		}
		verdict := "PASS"
		if !r.Pass {
			verdict = "FAIL"
			failed++
		}
		info := "yes"
		if !r.Target.IsInformative() {
			info = "no"
		}
		fmt.Fprintf(tw, "%s\t%s [%s, %s]\t%s\t%s - %s\t%s\t%s\n", r.Target.Name, human(r.Mean), human(r.Lo), human(r.Hi), obs,
			human(r.AcceptLo), human(r.AcceptHi), info, verdict)
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nSources:")
	for _, r := range results {
		fmt.Fprintf(stdout, "  %s: %s\n", r.Target.Name, r.Target.Source)
		if !r.Target.IsInformative() {
			fmt.Fprintf(stdout, "    not informative: %s\n", r.Target.Why)
		}
	}
	return failed, nil
}
