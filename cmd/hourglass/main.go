// Command hourglass runs the Central Asian trafficking model: single
// scenarios, and (in later commands) comparisons and sweeps.
//
// Usage:
//
//	hourglass run [flags] [SCENARIO]
//	hourglass check [--sources] FILE...
//	hourglass sources [--csv] [SCENARIO]
//
// Run "hourglass help COMMAND" for a command's flags.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
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
	commands = []*command{runCmd, compareCmd, sweepCmd, mergeCmd, mapCmd, validateCmd, sensCmd, studyCmd, benchCmd, checkCmd, sourcesCmd, listCmd, serveCmd}
}

// exitError carries an exit status other than 1 (2: usage).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

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
	for _, c := range commands {
		if c.name == name {
			err := c.run(args[1:], stdout, stderr)
			if err == nil || err == flag.ErrHelp {
				return 0
			}
			fmt.Fprintf(stderr, "hourglass %s: %v\n", name, err)
			if e, ok := err.(*exitError); ok {
				return e.code
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "hourglass: unknown command %q\n", name)
	usage(stderr)
	return 2
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
			return nil, &exitError{code: 2, msg: err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
