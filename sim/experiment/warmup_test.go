package experiment

import (
	"context"
	"reflect"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

// warmed loads shipped scenarios with a warm-up of the given months.
func warmed(t testing.TB, months int, names ...string) []Scenario {
	t.Helper()
	var out []Scenario
	for _, name := range names {
		sc, err := scenario.LoadWith(scenarios.FS, name+".toml", scenario.Override{Path: "params.warmup_months", Value: float64(months)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs,
			AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost(), EffectDiscount: sc.EffectDiscount()})
	}
	return out
}

// TestSharedWarmupExperiment: the baseline and two shipped interventions
// share one warm-up (one group), a driver that changes the warm-up's world
// has its own; the replications committed with the shared warm-up, on 1 and
// on 3 workers, are those of each scenario's own warm-up, bit for bit.
func TestSharedWarmupExperiment(t *testing.T) {
	scs := warmed(t, 12, "baseline", "sosnovka-post", "kz-scanners", "driver-professionalization")
	e := &Experiment{Kind: "compare", Scenarios: scs, Seed: 3, N: 5}
	if got := e.warmupGroups(); !reflect.DeepEqual(got, [][]int{{0, 1, 2}, {3}}) {
		t.Fatalf("warm-up groups %v, want [[0 1 2] [3]]", got)
	}
	collect := func(workers int, separate bool) []*Replication {
		var c Collector
		e := &Experiment{Kind: "compare", Scenarios: scs, Seed: 3, N: 5, Workers: workers, separateWarmups: separate}
		if _, err := e.Run(context.Background(), &c); err != nil {
			t.Fatal(err)
		}
		return c.Replications
	}
	separate := collect(1, true)
	for _, workers := range []int{1, 3} {
		if shared := collect(workers, false); !reflect.DeepEqual(shared, separate) {
			t.Errorf("%d workers: the shared warm-up commits other replications than separate ones", workers)
		}
	}
}

// nine are the scenarios of the default comparison but one.
var nine = []string{"baseline", "sosnovka-post", "sary-tash-post", "kz-scanners", "anti-corruption",
	"china-intel-sharing", "russian-border-guards", "mobile-units-afghanistan", "informant-program"}

// BenchmarkWarmupComparison runs a comparison of nine scenarios, 10
// replications each, with a 24-month warm-up shared by the scenarios and
// with each scenario's own, and without a warm-up, on one worker.
func BenchmarkWarmupComparison(b *testing.B) {
	const n = 10
	for _, c := range []struct {
		name     string
		months   int
		separate bool
	}{{"none", 0, false}, {"shared24", 24, false}, {"separate24", 24, true}} {
		scs := warmed(b, c.months, nine...)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				e := &Experiment{Kind: "compare", Scenarios: scs, Seed: 1, N: n, Workers: 1, separateWarmups: c.separate}
				if _, err := e.Run(context.Background(), Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*len(scs)), "replications/op")
		})
	}
}
