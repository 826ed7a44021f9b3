package experiment_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

func TestResultsIndependentOfWorkers(t *testing.T) {
	sc, err := scenario.Load(scenarios.FS, scenarios.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	one, _, err := experiment.Run(context.Background(), sc.World, &sc.Params, 9, 0, 6, 1)
	if err != nil {
		t.Fatal(err)
	}
	four, _, err := experiment.Run(context.Background(), sc.World, &sc.Params, 9, 0, 6, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, four) {
		t.Fatal("outcomes with -j 1 and -j 4 differ")
	}
	// A shard of replications 3..5 equals the same replications of the full run.
	shard, _, err := experiment.Run(context.Background(), sc.World, &sc.Params, 9, 3, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(shard, one[3:]) {
		t.Fatal("replications 3..5 run alone differ from the same replications of the full run")
	}
}

func TestSummarize(t *testing.T) {
	s := experiment.Summarize([]float64{1, 2, 3, 4, 5})
	// mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451051977987
	h := 2.7764451051977987 * math.Sqrt(2.5) / math.Sqrt(5)
	if s.N != 5 || s.Mean != 3 || math.Abs(s.SD-math.Sqrt(2.5)) > 1e-12 {
		t.Errorf("n %d mean %v sd %v", s.N, s.Mean, s.SD)
	}
	if math.Abs(s.Lo-(3-h)) > 1e-9 || math.Abs(s.Hi-(3+h)) > 1e-9 {
		t.Errorf("CI [%v, %v], want [%v, %v]", s.Lo, s.Hi, 3-h, 3+h)
	}
	if s.P50 != 3 || s.P5 != 1 || s.P95 != 5 {
		t.Errorf("quantiles %v %v %v", s.P5, s.P50, s.P95)
	}
	if one := experiment.Summarize([]float64{7}); one.Lo != 7 || one.Hi != 7 || one.SD != 0 {
		t.Errorf("one value: %+v", one)
	}
}

func TestPairedDiff(t *testing.T) {
	base := []float64{10, 12, 14, 16}
	alt := []float64{11, 14, 15, 18} // differences 1, 2, 1, 2: mean 1.5, sd 0.57735
	d := experiment.PairedDiff(base, alt)
	h := 3.182446305284263 * math.Sqrt(1.0/3) / 2 // t(0.975, 3) · sd / √4
	if math.Abs(d.Mean-1.5) > 1e-12 || math.Abs(d.Lo-(1.5-h)) > 1e-9 || math.Abs(d.Hi-(1.5+h)) > 1e-9 {
		t.Errorf("diff %+v, want 1.5 ± %v", d, h)
	}
	if !d.ExcludesZero || math.Abs(d.Relative-0.115384615) > 1e-6 {
		t.Errorf("excludes zero %v, relative %v", d.ExcludesZero, d.Relative)
	}
	noise := experiment.PairedDiff([]float64{1, 2, 3}, []float64{2, 1, 3})
	if noise.ExcludesZero {
		t.Errorf("zero-mean noise called significant: %+v", noise)
	}
}

func TestDisplacement(t *testing.T) {
	sc, err := scenario.Load(scenarios.FS, scenarios.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	outs, _, _ := experiment.Run(context.Background(), sc.World, &sc.Params, 1, 0, 5, 2)
	var reps []experiment.Rep
	for i := range outs {
		reps = append(reps, experiment.NewRep(0, sc.World, &outs[i]))
	}
	if d, lo, hi := experiment.Displacement(reps, reps, 1); d != 0 || lo != 0 || hi != 0 {
		t.Errorf("a scenario against itself displaces %v [%v, %v]", d, lo, hi)
	}
	// Move all opiate flow of segment 0 to segment 1 (same direction and
	// mode): the moved share is displaced.
	moved := make([]experiment.Rep, len(reps))
	total, shifted := 0.0, 0.0
	for i, r := range reps {
		moved[i] = r
		moved[i].Flows = nil
		for _, f := range r.Flows {
			if f.Commodity.IsOpiate() {
				total += f.Grams.Kg()
				if f.Segment == 0 {
					shifted += f.Grams.Kg()
					f.Segment = 1
				}
			}
			moved[i].Flows = append(moved[i].Flows, f)
		}
	}
	if d, _, _ := experiment.Displacement(reps, moved, 1); math.Abs(d-shifted/total) > 1e-9 || d == 0 {
		t.Errorf("displacement %v, want %v", d, shifted/total)
	}
}

// interventions are the shipped policy scenarios of the default comparison
// (make run).
var interventions = []string{"baseline", "sosnovka-post", "sary-tash-post", "kz-scanners", "railcar-inspection",
	"china-precursor-training", "anti-corruption", "china-intel-sharing", "russian-border-guards",
	"mobile-units-afghanistan", "precursor-bonus"}

// BenchmarkDefaultComparison runs the default comparison, 20 replications
// per scenario, on 1 and on 2 workers: the ratio of the two is the scaling.
func BenchmarkDefaultComparison(b *testing.B) {
	var scs []*scenario.Scenario
	for _, name := range interventions {
		sc, err := scenario.Load(scenarios.FS, name+".toml")
		if err != nil {
			b.Fatal(err)
		}
		scs = append(scs, sc)
	}
	const n = 20
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("j%d", workers), func(b *testing.B) {
			for b.Loop() {
				reps := make([]uint64, 0, n*len(scs))
				for r := 0; r < n; r++ {
					for range scs {
						reps = append(reps, uint64(r))
					}
				}
				out := make([]experiment.Rep, len(reps))
				_, err := experiment.RunEach(context.Background(), 1, reps, workers, func(i int, rep uint64) error {
					sc := scs[i%len(scs)]
					o, err := sim.Run(sc.World, &sc.Params, 1, rep)
					out[i] = experiment.NewRep(i%len(scs), sc.World, &o)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*len(scs)), "replications/op")
		})
	}
}
