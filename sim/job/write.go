package job

import (
	"fmt"
	"path/filepath"

	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// writeReport writes sources.csv, draws the charts and maps (unless
// opt.NoFigures) and writes report.html.
func writeReport(dir string, res *Result, opt Options) error {
	if err := writeSources(dir, res.Scenarios); err != nil {
		return err
	}
	in := res.ReportInput()
	in.NoFigures = opt.NoFigures
	if _, err := report.Write(dir, in); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// writeSources writes the provenance table of every scenario to
// dir/sources.csv, the scenario's name first.
func writeSources(dir string, scs []*scenario.Scenario) error {
	rows := [][]string{{"scenario", "entry", "field", "value", "source_or_assumption"}}
	for _, sc := range scs {
		for _, r := range sc.Provenance() {
			rows = append(rows, []string{sc.Name, r.Entry, r.Field, r.Value, r.Note()})
		}
	}
	if err := results.WriteCSV(filepath.Join(dir, results.SourcesFile), rows); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	return nil
}
