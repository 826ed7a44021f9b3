package main

import (
	"io"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/report"
)

var sourcesCmd = &command{name: "sources", usage: "sources [--csv] [SCENARIO]",
	short: "list every value of a scenario with its source or assumption", run: runSources}

func runSources(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sources", stderr,
		"Prints entry, field, value, plausible range (when declared: an uncertain input\nof hourglass calibrate) and \"source: ...\" or \"assumption: ...\" for every\nparameter (default or set) and every value the scenario's files set; then the\ncontested facts ([[switch]]) and how many numbers are held fixed.\n")
	asCSV := fs.Bool("csv", false, "write CSV instead of aligned text (as sources.csv: no cell can run as a spreadsheet formula)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("sources", pos, scenarios.Baseline)
	if err != nil {
		return err
	}
	sc, err := job.Load(name)
	if err != nil {
		return err
	}
	return report.SourcesText(stdout, sc, *asCSV)
}
