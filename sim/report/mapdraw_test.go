package report_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/scenario"
)

// TestMapGolden pins the drawing of the map of a tiny network.
func TestMapGolden(t *testing.T) {
	sc, err := scenario.Load(os.DirFS("../testdata"), "tiny.toml")
	if err != nil {
		t.Fatal(err)
	}
	e := &experiment.Experiment{Kind: "run", Seed: 7, N: 3, Workers: 1,
		Scenarios: []experiment.Scenario{{Name: sc.Name, World: sc.World, Params: &sc.Params}}}
	res, err := e.Run(context.Background(), experiment.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o, _, _ := report.MeanFlows(sc.World, &res.Summary.Scenarios[0])
	so, _ := report.SeizedByPlace(sc.World, &res.Summary.Scenarios[0])
	m, err := report.Map(report.MapData{World: sc.World, Kind: report.OpiateFlows, Title: "tiny", Flow: o, Seized: so})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "map-tiny.golden.svg")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, m.SVG, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./sim/report -run MapGolden -update to create it)", err)
	}
	if string(want) != string(m.SVG) {
		t.Errorf("the map drawing changed; look at it, and if intended rerun with -update")
	}
}
