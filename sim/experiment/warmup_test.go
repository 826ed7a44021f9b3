package experiment

import (
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/scenarios"
	"hourglass/sim"
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
	scs := warmed(t, 12, "baseline", "sary-tash-post", "kz-scanners", "driver-professionalization")
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

// policies are the baseline and the shipped policy scenarios that share its
// warm-up (seven scenarios).
var policies = []string{"baseline", "sary-tash-post", "kz-scanners",
	"china-intel-sharing", "russian-border-guards", "informant-program", "inspection-program"}

// BenchmarkWarmupComparison runs a comparison of seven scenarios, 10
// replications each, on one worker: without a warm-up, with the default
// warm-up shared by the scenarios (one warm-up a replication), and with
// each scenario's own.
func BenchmarkWarmupComparison(b *testing.B) {
	const n = 10
	def := sim.DefaultParams().WarmupMonths
	for _, c := range []struct {
		name     string
		months   int
		separate bool
	}{{"none", 0, false}, {"shared", def, false}, {"separate", def, true}} {
		scs := warmed(b, c.months, policies...)
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

// warmupValues runs replications 0..n-1 of the baseline after a warm-up of
// the given months and returns every headline metric, [metric][replication].
func warmupValues(t *testing.T, months, n int) (*sim.World, [][]float64) {
	t.Helper()
	sc := warmed(t, months, "baseline")[0]
	v := make([][]float64, NumMetrics)
	for m := range v {
		v[m] = make([]float64, n)
	}
	reps := make([]uint64, n)
	for i := range reps {
		reps[i] = uint64(i)
	}
	_, err := RunEach(context.Background(), 1, reps, 0, func(i int, rep uint64) error {
		o, err := sc.run(context.Background(), 1, rep)
		for m, x := range Values(sc.World, &o) {
			v[m][i] = x
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sc.World, v
}

// equivalent reports whether the means of a and b are equivalent: the 95%
// Welch interval of their difference lies within ±margin, with
//
//	margin = max(tol·|mean(b)|, sdFrac·√((s_a² + s_b²)/2))
//
// (within tol of the mean, or a small standardised difference for a
// metric too noisy for tol), and returns the interval and the margin.
func equivalent(a, b []float64, tol, sdFrac float64) (ok bool, lo, hi, margin float64) {
	ma, va := stat.MeanVariance(a, nil)
	mb, vb := stat.MeanVariance(b, nil)
	na, nb := float64(len(a)), float64(len(b))
	se2 := va/na + vb/nb
	d := ma - mb
	if se2 == 0 {
		return d == 0, d, d, 0
	}
	df := se2 * se2 / ((va/na)*(va/na)/(na-1) + (vb/nb)*(vb/nb)/(nb-1))
	h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975) * math.Sqrt(se2)
	margin = math.Max(tol*math.Abs(mb), sdFrac*math.Sqrt((va+vb)/2))
	return d-h >= -margin && d+h <= margin, d - h, d + h, margin
}

// TestWarmupLengthBeyondSettlingChangesNothing: beyond the default warm-up
// its length does not change what is measured: every headline metric's
// mean after 60 and after 72 months of warm-up is equivalent (200
// replications each, not paired: a longer warm-up shifts every stream; 95%
// Welch interval within 5% of the mean or half a standard deviation). The
// same check tells an empty start from a settled one: some metrics after a
// warm-up of 0 and of 12 months are not equivalent.
func TestWarmupLengthBeyondSettlingChangesNothing(t *testing.T) {
	if testing.Short() || os.Getenv("HOURGLASS_TEST_FULL") != "1" {
		t.Skip("800 replications of up to seven years (about 30 s of CPU): runs with HOURGLASS_TEST_FULL=1 (CI), not in make test alone")
	}
	const n, tol, sdFrac = 200, 0.05, 0.5
	compare := func(short, long int) (differ []string) {
		_, a := warmupValues(t, short, n)
		_, b := warmupValues(t, long, n)
		for m := range a {
			if ok, lo, hi, margin := equivalent(a[m], b[m], tol, sdFrac); !ok {
				differ = append(differ, fmt.Sprintf("%s [%.4g, %.4g] beyond ±%.4g", Metric(m), lo, hi, margin))
			}
		}
		return differ
	}
	if differ := compare(60, 72); len(differ) > 0 {
		t.Errorf("after 60 and 72 months of warm-up, the means differ (95%% Welch interval of 60 − 72):\n%s", strings.Join(differ, "\n"))
	}
	if differ := compare(0, 12); len(differ) == 0 {
		t.Error("an empty start and a year's warm-up give equivalent means: the check has no power")
	} else {
		t.Logf("an empty start against 12 months of warm-up: %d metrics differ, e.g. %s", len(differ), differ[0])
	}
}
