package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// TestHeatMaps writes the report of a 3×2 factorial sweep: a heat map per
// headline metric, one labelled cell per grid point, axes named by the keys
// and ticked with their values.
func TestHeatMaps(t *testing.T) {
	const n = 2
	keys := []string{"drivers.professionalization", "params.interdiction.tip_rate"}
	xs, ys := []float64{0, 0.5, 1}, []float64{0.5, 2}
	m := results.Manifest{Kind: "sweep", Design: "factorial", DesignKeys: keys, Seed: 1,
		Replications: n, End: n, Completed: n, Complete: true, Started: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	e := &experiment.Experiment{Kind: "sweep", Seed: 1, N: n, Workers: 2}
	in := report.Input{Days: 365}
	for _, x := range xs {
		for _, y := range ys {
			sc, err := scenario.LoadWith(scenarios.FS, "baseline.toml", scenario.Override{Path: keys[0], Value: x}, scenario.Override{Path: keys[1], Value: y})
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("baseline@%d", len(in.Worlds)+1)
			in.Worlds = append(in.Worlds, sc.World)
			m.Scenarios = append(m.Scenarios, results.Scenario{Name: name,
				Params: []results.ParamValue{{Key: keys[0], Value: x}, {Key: keys[1], Value: y}}})
			e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs})
		}
	}
	dir := t.TempDir()
	writeTables(t, dir, e, m, &in)
	if _, err := report.Write(dir, in); err != nil {
		t.Fatal(err)
	}
	page := checkPage(t, dir)
	for _, metric := range []string{"heroin_delivered_kg", "opiates_seized_kg"} {
		file := "figures/heatmap-" + metric + ".svg"
		if !strings.Contains(page, file) {
			t.Errorf("report.html does not show %s", file)
		}
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		svg := string(data)
		if got := strings.Count(svg, "±"); got != len(xs)*len(ys) {
			t.Errorf("%s: %d labelled cells, want %d", file, got, len(xs)*len(ys))
		}
		for _, label := range append(keys, ">0.5<", ">1<", ">2<") {
			if !strings.Contains(svg, label) {
				t.Errorf("%s lacks the label %s", file, label)
			}
		}
	}
	if !strings.Contains(page, "vary together (6 points: a full factorial grid)") {
		t.Errorf("the report does not ask about the design")
	}
}
