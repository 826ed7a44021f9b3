package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"hourglass/sim/job"
)

// parseInterleaved parses flags that may come before or after the positional
// arguments, and returns the positional ones: after "--", every argument is
// one, even one that begins with "-".
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, err
			}
			return nil, &job.UsageError{Msg: err.Error()}
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if args = rest; len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// newFlagSet is the flag set of the command name, whose help prints its
// usage line, its short help, what SCENARIO means (when it takes one) and
// extra.
func newFlagSet(name string, stderr io.Writer, extra string) *flag.FlagSet {
	c := lookup(name)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s\n\n", c.usage, c.short)
		if strings.Contains(c.usage, "SCENARIO") || strings.Contains(c.usage, "BASE") {
			fmt.Fprintf(stderr, "%s\n", scenarioHelp)
		}
		fmt.Fprintf(stderr, "%s\nFlags:\n", extra)
		fs.PrintDefaults()
	}
	return fs
}

// shared are the flags several commands share: each whose pointer is set
// is registered (-n with its default and meaning, --out with its meaning),
// and parse checks the ranges of -n and -j.
type shared struct {
	n, workers     *int
	nDef           int
	nHelp, outHelp string
	seed           *uint64
	out            *string
	quiet          *bool
}

func (s shared) register(fs *flag.FlagSet) {
	if s.n != nil {
		fs.IntVar(s.n, "n", s.nDef, s.nHelp)
	}
	if s.seed != nil {
		fs.Uint64Var(s.seed, "seed", 1, "master seed: with it, every result is reproducible bit for bit")
	}
	if s.workers != nil {
		fs.IntVar(s.workers, "j", job.DefaultWorkers(), "worker goroutines (results do not depend on it)")
	}
	if s.out != nil {
		fs.StringVar(s.out, "out", "", s.outHelp)
	}
	if s.quiet != nil {
		fs.BoolVar(s.quiet, "quiet", false, "no progress and no table: only where the results are")
	}
}

// parse parses args with parseInterleaved, then refuses -n or -j out of
// range.
func (s shared) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parseInterleaved(fs, args)
	if err == nil && s.n != nil {
		err = checkInts(intFlag{"-n", *s.n, 1, job.MaxReplications, "replications"})
	}
	if err == nil && s.workers != nil {
		err = checkInts(intFlag{"-j", *s.workers, 1, job.MaxWorkers, "workers"})
	}
	return pos, err
}

// oneScenario is the scenario a command that takes at most one is given in
// pos: pos[0], or def when pos is empty.
func oneScenario(name string, pos []string, def string) (string, error) {
	if len(pos) > 1 {
		return "", usageError("%s takes one scenario", name)
	} else if len(pos) == 1 {
		return pos[0], nil
	}
	return def, nil
}

// intFlag is an integer flag with its allowed range, for checkInts.
type intFlag struct {
	name      string
	x, lo, hi int
	plural    string // what it counts, for the message
}

// checkInts refuses, as a usage error, the first flag out of its range:
// replications, workers and samples, bounded as job bounds a Spec's.
func checkInts(flags ...intFlag) error {
	for _, f := range flags {
		if f.x < f.lo || f.x > f.hi {
			return usageError("%s %d: out of range (allowed: %d..%d %s)", f.name, f.x, f.lo, f.hi, f.plural)
		}
	}
	return nil
}

// testHook, which only tests set, changes the context and options of every
// job the command line runs (reports without figures, a Ctrl-C after so
// many replications).
var testHook func(context.Context, *job.Options) context.Context

// jobOptions are the options of a job the command line runs: its progress
// on stderr, notes on stderr, and the command line in the manifest.
func jobOptions(ctx context.Context, bar *job.Bar, stderr io.Writer) (context.Context, job.Options) {
	opt := job.Options{Progress: bar.Set, Command: os.Args,
		Logf: func(format string, a ...any) { fmt.Fprintf(stderr, "hourglass: "+format+"\n", a...) }}
	if testHook != nil {
		ctx = testHook(ctx, &opt)
	}
	return ctx, opt
}

// startJob starts a job the command line runs: interruptible by a signal,
// its progress on stderr (unless quiet), with jobOptions; done ends the
// progress line and releases the signals.
func startJob(stderr io.Writer, quiet bool) (ctx context.Context, opt job.Options, done func()) {
	ctx, stop := interruptible(stderr)
	bar := job.NewBar(stderr, quiet)
	ctx, opt = jobOptions(ctx, bar, stderr)
	return ctx, opt, func() { bar.Done(); stop() }
}

// interruptible returns a context cancelled by the first SIGINT or SIGTERM
// (Ctrl-C; what Kubernetes and Slurm send): the job then stops after the
// work in progress, and its error says what it left. A second signal exits
// at once.
func interruptible(stderr io.Writer) (context.Context, func()) {
	return job.Interruptible(func() {
		fmt.Fprintln(stderr, "\nhourglass: stopping after the work in progress (signal again to stop at once)")
	}, func() {
		fmt.Fprintln(stderr, "hourglass: stopped at once")
		os.Exit(130)
	})
}
