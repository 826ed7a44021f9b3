package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"text/tabwriter"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/scenario"
)

var sourcesCmd = &command{name: "sources", usage: "sources [--csv] [SCENARIO]",
	short: "list every value of a scenario with its source or assumption", run: runSources}

func runSources(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sources", stderr,
		"Prints entry, field, value, plausible range (when declared: an uncertain input\nof hourglass calibrate) and \"source: ...\" or \"assumption: ...\" for every\nparameter (default or set) and every value the scenario's files set; then the\ncontested facts ([[switch]]) and how many numbers are held fixed.\n")
	asCSV := fs.Bool("csv", false, "write CSV instead of aligned text")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("sources takes one scenario")
	}
	if len(pos) == 0 {
		pos = []string{scenarios.Baseline}
	}
	sc, err := job.Load(pos[0])
	if err != nil {
		return err
	}
	rows := sc.Provenance()
	if *asCSV {
		return writeSourcesCSV(stdout, rows)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "entry\tfield\tvalue\trange\tsource or assumption")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Entry, r.Field, r.Value, rangeText(r.Range), r.Note())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	sp := sc.Space()
	for _, s := range sp.Switches {
		fmt.Fprintf(stdout, "switch %s: %s\n", s.Name, s)
	}
	_, err = fmt.Fprintf(stdout, "%d values with a plausible range, %d switches; %d of %d numbers marked assumption held fixed\n", len(sp.Inputs), len(sp.Switches), sp.Fixed, sp.Assumptions)
	return err
}

func rangeText(r *scenario.Range) string {
	if r == nil {
		return ""
	}
	return r.String()
}

func writeSourcesCSV(w io.Writer, rows []scenario.ProvenanceRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"entry", "field", "value", "range", "source_or_assumption"})
	for _, r := range rows {
		cw.Write([]string{r.Entry, r.Field, r.Value, rangeText(r.Range), r.Note()})
	}
	cw.Flush()
	return cw.Error()
}
