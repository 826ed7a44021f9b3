// Command hourglass runs the Central Asian trafficking model: single
// scenarios, comparisons, sweeps, studies, and the workbench. It maps its
// flags to the specs of package job, which runs the experiments, and
// prints what they return.
//
// Usage:
//
//	hourglass run [flags] [SCENARIO]
//	hourglass compare [flags] BASELINE ALT...
//	hourglass check [--sources] FILE...
//
// Run "hourglass help" for every command, "hourglass help COMMAND" for a
// command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"hourglass/sim/job"
)

// command is one subcommand: its name, usage line, help, and what it does.
type command struct {
	name  string
	usage string
	short string
	run   func(args []string, stdout, stderr io.Writer) error
}

var commands []*command

func init() {
	commands = []*command{runCmd, compareCmd, sweepCmd, mergeCmd, mapCmd, validateCmd, sensCmd, studyCmd, benchCmd, checkCmd, sourcesCmd, listCmd, serveCmd, calibrateCmd}
}

// usageError is a bad command line: exit status 2.
func usageError(format string, args ...any) error {
	return &job.UsageError{Msg: fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" && len(args) == 1 {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name := args[0]
	if name == "help" {
		name = args[1]
		args = []string{name, "-h"}
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "hourglass: unknown command %q\n", name)
		usage(stderr)
		return 2
	}
	err := c.run(args[1:], stdout, stderr)
	if err == nil || err == flag.ErrHelp {
		return 0
	}
	fmt.Fprintf(stderr, "hourglass %s: %v\n", name, err)
	var u *job.UsageError
	switch {
	case errors.As(err, &u):
		return 2
	case errors.Is(err, job.ErrInterrupted):
		return 130
	}
	return 1
}

// lookup is the command of that name.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "hourglass: an agent-based model of opiate and precursor trafficking through Central Asia")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  hourglass %-40s %s\n", c.usage, c.short)
	}
	fmt.Fprintln(w, "\nRun 'hourglass help COMMAND' for a command's flags.")
}

// parseInterleaved parses flags that may come before or after the positional
// arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, err
			}
			return nil, &job.UsageError{Msg: err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// intFlag is an integer flag with its allowed range, for checkInts.
type intFlag struct {
	name   string
	x, lo  int
	hi     int
	plural string // what it counts, for the message
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
