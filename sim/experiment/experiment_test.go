package experiment_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"hourglass/scenarios"
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
