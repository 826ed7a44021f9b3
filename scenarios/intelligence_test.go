package scenarios_test

import (
	"context"
	"runtime"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// TestIntelligenceGainsOnRandomChecksInTheBaseline: in the shipped
// baseline, every group as professional as it can be (drivers.
// professionalization 1) against none (0), what intelligence seizes (tips
// acted on, controlled deliveries, raids) grows relative to what random
// searches seize, even if both fall (brief §9, Townsend: "the need for
// intelligence collection and analysis grows relative to the effectiveness
// of random checks"). Every channel counts, not only the informant money
// the study varies. Dogs are left out of "random checks": the same sentence
// of the source names them as the detection capacity that still raises the
// risk at bottlenecks.
func TestIntelligenceGainsOnRandomChecksInTheBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("2 × 40 replications of the baseline: runs without -short")
	}
	b, err := scenario.Prepare(scenarios.FS, "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	seized := func(prof float64) (intel, random float64) {
		sc, err := b.With(scenario.Override{Path: "drivers.professionalization", Value: prof})
		if err != nil {
			t.Fatal(err)
		}
		outs, _, err := experiment.Outcomes(context.Background(), sc.World, &sc.Params, 1, 0, n, runtime.NumCPU())
		if err != nil {
			t.Fatal(err)
		}
		for i := range outs {
			for _, s := range outs[i].Seizures {
				if !s.Commodity.IsOpiate() {
					continue
				}
				switch s.Method {
				case sim.Intelligence, sim.Raid:
					intel += s.Grams.Kg()
				case sim.Manual:
					random += s.Grams.Kg()
				}
			}
		}
		return intel / n, random / n
	}
	i0, r0 := seized(0)
	i1, r1 := seized(1)
	t.Logf("kg a year, professionalization 0: intelligence %.0f, random search %.0f (ratio %.2f); 1: %.0f, %.0f (ratio %.2f)", i0, r0, i0/r0, i1, r1, i1/r1)
	if r0 == 0 || r1 == 0 || i0 == 0 {
		t.Fatalf("no seizures to compare: intelligence %v, %v; random search %v, %v", i0, i1, r0, r1)
	}
	if !(i1/r1 > i0/r0) {
		t.Errorf("intelligence / random search: %.2f at professionalization 0, %.2f at 1; the sources say it rises", i0/r0, i1/r1)
	}
}
