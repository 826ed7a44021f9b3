package selection_test

import (
	"context"
	"testing"

	"hourglass/sim/selection"
)

// TestOCBAFavoursCloseContenders: the alternative close to the best gets
// more replications than the clear losers, the best at least as many as
// any rival, and the budget is spent exactly.
func TestOCBAFavoursCloseContenders(t *testing.T) {
	s := synthetic{mu: []float64{5, 6, 10, 9.6, 4}, common: 2, own: 1, seed: 5}
	const budget = 400
	res, err := selection.OCBA{Alpha: 0.05, Budget: budget}.Select(context.Background(), 5, &s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Best != 2 {
		t.Fatalf("selected %d, want 2 (means %v)", res.Best, res.Means)
	}
	for _, loser := range []int{0, 1, 4} {
		if res.Reps[3] <= res.Reps[loser] {
			t.Errorf("close contender 3 got %d replications, clear loser %d got %d", res.Reps[3], loser, res.Reps[loser])
		}
	}
	for i, r := range res.Reps {
		if r > res.Reps[2] {
			t.Errorf("rival %d got %d replications, more than the best's %d", i, r, res.Reps[2])
		}
	}
	sum := 0
	for _, r := range res.Reps {
		sum += r
	}
	if sum != budget || res.Evaluations != budget {
		t.Errorf("spent %d (evaluations %d), budget %d", sum, res.Evaluations, budget)
	}
	if !(res.APCS > 0.9) || res.PCS != res.APCS || res.Guaranteed {
		t.Errorf("APCS %v PCS %v guaranteed %v, want an estimate above 0.9", res.APCS, res.PCS, res.Guaranteed)
	}
	t.Logf("replications %v", res.Reps)
}

// TestOCBABeatsEqualAllocation: on the same noise and total budget, OCBA
// selects the best at least as often as spreading replications evenly.
func TestOCBABeatsEqualAllocation(t *testing.T) {
	s := synthetic{mu: []float64{0, 1, 0.7, -1, -1.5, -2}, common: 1, own: 1}
	const n, perAlt = 200, 12
	ocba, _, err := macroReps(selection.OCBA{Alpha: 0.05, N0: 4, PerAlternative: perAlt}, s, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	equal, _, err := macroReps(selection.OCBA{Alpha: 0.05, N0: perAlt, PerAlternative: perAlt}, s, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	if ocba < equal {
		t.Errorf("OCBA selected the best in %.3f, equal allocation in %.3f", ocba, equal)
	}
	t.Logf("PCS: OCBA %.3f, equal allocation %.3f", ocba, equal)
}

func TestOCBAStopsWhenNothingToLearn(t *testing.T) {
	s := synthetic{mu: []float64{1, 2, 3}, common: 4} // no own noise: differences exact
	res, err := selection.OCBA{Alpha: 0.05, Budget: 1000}.Select(context.Background(), 3, &s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Best != 2 || res.Evaluations != 30 || res.APCS != 1 {
		t.Errorf("best %d evaluations %d APCS %v, want 2, 30 (first stage only), 1", res.Best, res.Evaluations, res.APCS)
	}
}

// TestOCBATiesExactly: an alternative equal to the best in every
// replication (a candidate that changes nothing, under common random
// numbers) leaves the others' comparisons to decide; the procedure ends.
func TestOCBATiesExactly(t *testing.T) {
	s := synthetic{mu: []float64{3, 3, 1, 2.5}, common: 2, own: 1, seed: 3}
	twin := selection.SamplerFunc(func(ctx context.Context, reqs []selection.Request) ([][]float64, error) {
		for i := range reqs {
			if reqs[i].Alt == 1 {
				reqs[i].Alt = 0 // alternative 1 is alternative 0, replication by replication
			}
		}
		return s.Sample(ctx, reqs)
	})
	res, err := selection.OCBA{Alpha: 0.05, Budget: 200}.Select(context.Background(), 4, twin)
	if err != nil {
		t.Fatal(err)
	}
	if res.Best != 0 && res.Best != 1 {
		t.Errorf("selected %d, want one of the twins", res.Best)
	}
}

func TestOCBAShares(t *testing.T) {
	// b = 0; w = (_, 1, 3): W = 1 + 3 + 3 = 7.
	got := selection.OCBAShares([]float64{99, 1, 3}, 0, 70)
	want := []float64{30, 10, 30}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("shares %v, want %v", got, want)
		}
	}
	if selection.OCBAShares([]float64{1, 0, 0}, 0, 10) != nil {
		t.Error("shares with every rival's weight 0, want nil")
	}
}
