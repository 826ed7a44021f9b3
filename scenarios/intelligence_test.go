package scenarios_test

import (
	"context"
	"math"
	"runtime"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"

	"gonum.org/v1/gonum/stat"
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
		t.Skip("2 × 200 replications of the baseline: runs without -short")
	}
	b, err := scenario.Prepare(scenarios.FS, "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	// 200 replications: random searches seize a few loads a year (60-260
	// kg), so the ratio's standard error at 40 replications (about 0.35 on
	// the log scale) is as large as the rise itself.
	const n = 200
	logRatio := func(prof float64) (lr, se float64) {
		sc, err := b.With(scenario.Override{Path: "drivers.professionalization", Value: prof})
		if err != nil {
			t.Fatal(err)
		}
		outs, _, err := experiment.Outcomes(context.Background(), sc.World, &sc.Params, 1, 0, n, runtime.NumCPU())
		if err != nil {
			t.Fatal(err)
		}
		intel, random := make([]float64, n), make([]float64, n)
		for i := range outs {
			for _, s := range outs[i].Seizures {
				if !s.Commodity.IsOpiate() {
					continue
				}
				switch s.Method {
				case sim.Intelligence, sim.Raid:
					intel[i] += s.Grams.Kg()
				case sim.Manual:
					if s.Mode != sim.Air { // an air courier's is the airport's profiling, not a random search
						random[i] += s.Grams.Kg()
					}
				}
			}
		}
		mi, mr := stat.Mean(intel, nil), stat.Mean(random, nil)
		if mi == 0 || mr == 0 {
			t.Fatalf("professionalization %v: no seizures to compare (intelligence %v kg, random search %v kg a year)", prof, mi, mr)
		}
		// The delta method for log(mean I / mean R).
		v := stat.Variance(intel, nil)/(mi*mi) + stat.Variance(random, nil)/(mr*mr) - 2*stat.Covariance(intel, random, nil)/(mi*mr)
		t.Logf("professionalization %v: intelligence %.0f kg, random search %.0f kg a year (ratio %.1f)", prof, mi, mr, mi/mr)
		return math.Log(mi / mr), math.Sqrt(v / n)
	}
	l0, s0 := logRatio(0)
	l1, s1 := logRatio(1)
	// One-sided 95%: the rise's lower bound above 0 (the two levels' runs
	// share seeds but not a world, so their errors are added as if
	// independent).
	rise, se := l1-l0, math.Hypot(s0, s1)
	t.Logf("log ratio rises by %.3f (standard error %.3f)", rise, se)
	if rise-1.645*se <= 0 {
		t.Errorf("intelligence / random search: ×%.2f from professionalization 0 to 1 (log %.3f ± %.3f, one-sided 95%% bound %.3f); the sources say it rises", math.Exp(rise), rise, se, rise-1.645*se)
	}
}
