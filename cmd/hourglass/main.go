// Command hourglass runs the Central Asian trafficking model: single
// scenarios, comparisons, sweeps, studies, and the workbench. It maps its
// flags to the specs of package job, which runs the experiments, and
// prints what they return. Run "hourglass help" for every command (run,
// compare, sweep, check, serve, ...), "hourglass help COMMAND" for its flags.
package main

import (
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
	commands = []*command{runCmd, compareCmd, sweepCmd, optimiseCmd, mergeCmd, mapCmd, validateCmd, sensCmd, studyCmd, benchCmd, checkCmd, sourcesCmd, listCmd, serveCmd, calibrateCmd}
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
