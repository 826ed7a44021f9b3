package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// tinyRun runs the given scenarios of sim/testdata (a file name and its
// overrides each) into dir with a Writer, as the CLI does, and returns the
// report's input, events included.
func tinyRun(t *testing.T, dir string, n int, files []string, overrides [][]scenario.Override) report.Input {
	t.Helper()
	m := results.Manifest{Kind: "compare", Seed: 2, Replications: n, End: n, Completed: n, Complete: true}
	if len(files) == 1 {
		m.Kind = "run"
	}
	e := &experiment.Experiment{Kind: m.Kind, Seed: 2, N: n, Workers: 2}
	var in report.Input
	for i, f := range files {
		sc, err := scenario.LoadWith(os.DirFS("../testdata"), f, overrides[i]...)
		if err != nil {
			t.Fatal(err)
		}
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs})
		m.Scenarios = append(m.Scenarios, results.Scenario{Name: sc.Name})
		in.Worlds = append(in.Worlds, sc.World)
		in.Descriptions = append(in.Descriptions, sc.Description)
		in.Touched = append(in.Touched, sc.Touched)
		var events []sim.YearMonth
		for _, ep := range sc.Epochs[min(1, len(sc.Epochs)):] {
			events = append(events, ep.From)
		}
		in.Events = append(in.Events, events)
		in.Days = sc.Params.Days
	}
	writeTables(t, dir, e, m, &in)
	return in
}

// TestMonthByMonth: a comparison over eight months, one scenario with an
// event from 2005-06, has the section "Month by month" with a chart of
// deliveries and one of seizures, the event's month marked on both; a run
// of a single month has no such section.
func TestMonthByMonth(t *testing.T) {
	dir := t.TempDir()
	in := tinyRun(t, dir, 4, []string{"tiny.toml", "tiny-event.toml"},
		[][]scenario.Override{{{Path: "params.days", Value: 240}}, nil})
	page, err := report.Write(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	html := checkPage(t, dir)
	if !strings.Contains(html, `<h2 id="monthly">Month by month</h2>`) || len(page.Monthly) != 2 {
		t.Fatalf("no month-by-month section, or not two charts: %d", len(page.Monthly))
	}
	for _, f := range page.Monthly {
		if !strings.Contains(f.Caption, "2005-06: tiny-event") {
			t.Errorf("%s: the caption does not name the event month: %s", f.Title, f.Caption)
		}
		svg, err := os.ReadFile(filepath.Join(dir, f.SVG))
		if err != nil {
			t.Fatal(err)
		}
		// the event's label (in the event lines' grey), besides the axis's
		if !strings.Contains(string(svg), `fill:#555555">2005-06</text>`) {
			t.Errorf("%s: the event month 2005-06 is not marked", f.SVG)
		}
		if strings.Contains(string(svg), `fill:#555555">2005-05</text>`) {
			t.Errorf("%s: a month without events is marked", f.SVG)
		}
	}
	if !strings.Contains(html, results.MonthlyFile) {
		t.Error("the report does not list monthly.csv")
	}

	one := t.TempDir()
	in = tinyRun(t, one, 2, []string{"tiny.toml"}, [][]scenario.Override{{{Path: "params.days", Value: 20}}})
	page, err = report.Write(one, in)
	if err != nil {
		t.Fatal(err)
	}
	if html := checkPage(t, one); len(page.Monthly) != 0 || strings.Contains(html, "Month by month") {
		t.Errorf("a run of one month has a month-by-month section (%d charts)", len(page.Monthly))
	}
}
