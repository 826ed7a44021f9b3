package experiment_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// TestPointMeansRunsTheEpochs: a point of a sensitivity analysis of a
// scenario with a warm-up and an intervention from the measured start has
// the means an experiment of that scenario has: the warm-up runs without
// the intervention. Before, PointMeans ran the scenario's world from the
// warm-up's first month, the intervention in force throughout.
func TestPointMeansRunsTheEpochs(t *testing.T) {
	dir := t.TempDir()
	tiny, err := os.ReadFile("../testdata/tiny.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "tiny.toml"), tiny, 0o644)
	os.WriteFile(filepath.Join(dir, "post.toml"), []byte(`name = "post"
extends = "tiny.toml"

[params]
warmup_months = 3

[[intervention]]
type = "checkpoint"
place = "post"
inspection_rate = 0.9
staff = 30
`), 0o644)
	sc, err := scenario.Load(os.DirFS(dir), "post.toml")
	if err != nil {
		t.Fatal(err)
	}
	const reps, seed = 3, 7
	got, err := experiment.PointMeans(context.Background(), 1, reps, 1, seed, func(int) (*sim.World, []sim.Epoch, error) {
		return sc.World, sc.AllEpochs(), nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &experiment.Experiment{Kind: "run", Seed: seed, N: reps, Workers: 1,
		Scenarios: []experiment.Scenario{{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs}}}
	r, err := e.Run(context.Background(), experiment.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for m, want := range r.Summary.Scenarios[0].Metrics {
		if g := got[0][m]; math.Abs(g-want.Mean) > 1e-9*math.Max(1, math.Abs(want.Mean)) {
			t.Errorf("%s: the point's mean %v, the experiment's %v", experiment.Metric(m), g, want.Mean)
		}
	}
}
