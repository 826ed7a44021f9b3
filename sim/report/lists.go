package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// PlacesText writes every place of w with its name, country and roles,
// and whether a guard unit works there (hourglass list places).
func PlacesText(out io.Writer, w *sim.World) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tcountry\troles\tguard unit")
	for _, p := range w.Places {
		unit := "-"
		if p.Roles.IsPost() || p.Roles.Has(sim.BorderSection) {
			unit = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Country, p.Roles, unit)
	}
	return tw.Flush()
}

// MetricsText writes every headline metric with its unit, which way is
// better and its meaning (hourglass list metrics).
func MetricsText(out io.Writer) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tunit\tbetter\tmeaning")
	better := map[experiment.Good]string{experiment.Up: "higher", experiment.Down: "lower", experiment.Neutral: "-"}
	for _, m := range experiment.Metrics() {
		info := m.Info()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m, info.Unit, better[info.Good], info.Doc)
	}
	return tw.Flush()
}

// SourcesText writes a scenario's provenance (hourglass sources): entry,
// field, value, plausible range (when declared: an uncertain input of
// hourglass calibrate) and its source or assumption, as aligned text or,
// with asCSV, as CSV through results.CSVWriter, as sources.csv is written
// (no cell can run as a spreadsheet formula). The text ends with the
// scenario's space: its contested facts ([[switch]]) and how many numbers
// are held fixed.
func SourcesText(out io.Writer, sc *scenario.Scenario, asCSV bool) error {
	rows := sc.Provenance()
	if asCSV {
		cw := results.NewCSVWriter(out)
		cw.Write("entry", "field", "value", "range", "source_or_assumption")
		for _, r := range rows {
			cw.Write(r.Entry, r.Field, r.Value, rangeText(r.Range), r.Note())
		}
		return cw.Flush()
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "entry\tfield\tvalue\trange\tsource or assumption")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Entry, r.Field, r.Value, rangeText(r.Range), r.Note())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	sp := sc.Space()
	for _, s := range sp.Switches {
		fmt.Fprintf(out, "switch %s: %s\n", s.Name, s)
	}
	_, err := fmt.Fprintf(out, "%d values with a plausible range, %d switches; %d of %d numbers marked assumption held fixed\n", len(sp.Inputs), len(sp.Switches), sp.Fixed, sp.Assumptions)
	return err
}

func rangeText(r *scenario.Range) string {
	if r == nil {
		return ""
	}
	return r.String()
}

// ScenariosText writes each scenario's name with its description
// (hourglass list scenarios).
func ScenariosText(out io.Writer, names []string, scs []*scenario.Scenario) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tdescription")
	for i, sc := range scs {
		fmt.Fprintf(tw, "%s\t%s\n", names[i], sc.Description)
	}
	return tw.Flush()
}
