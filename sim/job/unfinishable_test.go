package job

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim"
	"hourglass/sim/results"
)

// TestUnfinishableRunIsNotResumable: a run whose replications produce a
// value that is not finite (here a price the loader would refuse, set
// after it) fails at the first such replication with the metric's name,
// writes no row of it, leaves a manifest that says why, and never suggests
// --resume: resuming it is refused the same way. Before, the run was
// reported interrupted ("finish with --resume"), and the resume failed
// again, for ever.
func TestUnfinishableRunIsNotResumable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "res")
	spec := Spec{Kind: Run, Scenarios: []string{"../testdata/tiny.toml"}, N: 4, Seed: 1, Workers: 1, Out: dir}
	poisoned := func(spec Spec) *Job {
		j, err := Prepare(spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range j.scs {
			worlds := []*sim.World{l.sc.World}
			for _, e := range l.sc.Epochs {
				worlds = append(worlds, e.World)
			}
			for _, w := range worlds {
				for p := range w.Places {
					for c := range w.Places[p].Price {
						w.Places[p].Price[c] = math.Inf(1)
					}
				}
			}
		}
		return j
	}
	for i, spec := range []Spec{spec, func() Spec { s := spec; s.Resume = true; return s }()} {
		res, err := poisoned(spec).Run(context.Background(), Options{NoFigures: true})
		if !errors.Is(err, results.ErrUnfinishable) || !strings.Contains(err.Error(), "metric ") {
			t.Fatalf("run %d: %v, want ErrUnfinishable naming a metric", i, err)
		}
		if strings.Contains(err.Error(), "with --resume") || res != nil && res.Interrupted {
			t.Errorf("run %d suggests resuming: %v (interrupted %v)", i, err, res != nil && res.Interrupted)
		}
	}
	m, err := results.ReadManifest(dir)
	if err != nil || m.Complete || m.Failed == "" {
		t.Errorf("manifest: complete %v, failed %q (%v)", m.Complete, m.Failed, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, results.RunsFile)); strings.Contains(string(data), "Inf") || strings.Contains(string(data), "NaN") {
		t.Errorf("runs.csv holds a value that is not finite:\n%s", data)
	}
}
