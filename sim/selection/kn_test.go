package selection_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"hourglass/sim/selection"
)

func TestKNConstant(t *testing.T) {
	// η = ½[(2·0.05/1)^(−2/9) − 1] = 0.334050, h² = 2η·9.
	if got, want := selection.KNConstant(0.05, 2, 10), 6.01290; math.Abs(got-want) > 1e-4 {
		t.Errorf("h²(α=0.05, k=2, n0=10) = %v, want %v", got, want)
	}
	// More alternatives need a wider region.
	if selection.KNConstant(0.05, 10, 10) <= selection.KNConstant(0.05, 2, 10) {
		t.Error("h² does not grow with k")
	}
}

// TestKNSelectsBestAtPromisedRate runs KN on the slippage configuration
// (the best exactly δ above the others, the hardest case the guarantee
// covers) over 200 macro-replications: it must select the best at least at
// the rate 1−α less two binomial standard errors.
func TestKNSelectsBestAtPromisedRate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		alpha float64
		mu    []float64
	}{
		{"k=5 alpha=0.05", 0.05, []float64{0, 0, 1, 0, 0}},
		{"k=5 alpha=0.2", 0.2, []float64{0, 0, 1, 0, 0}},
		{"k=2 alpha=0.1", 0.1, []float64{1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 200
			kn := selection.KN{Alpha: tc.alpha, Delta: 1, Batch: 4}
			s := synthetic{mu: tc.mu, common: 3, own: 1.5}
			want := 0
			for i, m := range tc.mu {
				if m > tc.mu[want] {
					want = i
				}
			}
			rate, _, err := macroReps(kn, s, n, want)
			if err != nil {
				t.Fatal(err)
			}
			p := 1 - tc.alpha
			floor := p - 2*math.Sqrt(p*(1-p)/n)
			if rate < floor {
				t.Errorf("selected the best in %.3f of %d macro-replications, want ≥ %.3f (1−α = %.2f)", rate, n, floor, p)
			}
			t.Logf("PCS %.3f (promised %.2f)", rate, p)
		})
	}
}

func TestKNFewerRepsWhenGapLarge(t *testing.T) {
	kn := selection.KN{Alpha: 0.05, Delta: 1}
	_, small, err := macroReps(kn, synthetic{mu: []float64{1, 0, 0, 0}, own: 2}, 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, large, err := macroReps(kn, synthetic{mu: []float64{5, 0, 0, 0}, own: 2}, 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !(large < small/2) {
		t.Errorf("mean replications: gap 5δ %.1f, gap δ %.1f; want the large gap to need less than half", large, small)
	}
	t.Logf("mean replications: gap δ %.1f, gap 5δ %.1f", small, large)
}

// TestKNUsesPairedVariances: the noise common to all alternatives (common
// random numbers) cancels in paired differences, so KN's decisions and
// sample sizes must not depend on it.
func TestKNUsesPairedVariances(t *testing.T) {
	kn := selection.KN{Alpha: 0.05, Delta: 0.5}
	var reps [2][]int
	for c, common := range []float64{0, 50} {
		s := synthetic{mu: []float64{0, 0.5, 0.3}, common: common, own: 1, seed: 7}
		res, err := kn.Select(context.Background(), 3, &s)
		if err != nil {
			t.Fatal(err)
		}
		reps[c] = res.Reps
	}
	if !reflect.DeepEqual(reps[0], reps[1]) {
		t.Errorf("replications with σ_c = 0: %v, with σ_c = 50: %v; want equal", reps[0], reps[1])
	}
}

// TestKNBatchKeepsDecisions: drawing replications in batches changes the
// number of calls, not the procedure's decisions.
func TestKNBatchKeepsDecisions(t *testing.T) {
	var res [3]selection.Result
	var calls [3]int
	for b, batch := range []int{1, 7, 50} {
		s := synthetic{mu: []float64{0, 0.4, 0.2, 0.5, -1}, own: 1, seed: 3}
		var err error
		res[b], err = selection.KN{Alpha: 0.05, Delta: 0.3, Batch: batch}.Select(context.Background(), 5, &s)
		if err != nil {
			t.Fatal(err)
		}
		calls[b] = s.calls
	}
	for b := 1; b < 3; b++ {
		if res[b].Best != res[0].Best || !reflect.DeepEqual(res[b].Reps, res[0].Reps) || !reflect.DeepEqual(res[b].Means, res[0].Means) {
			t.Errorf("batch run %d: best %d reps %v, one at a time: best %d reps %v", b, res[b].Best, res[b].Reps, res[0].Best, res[0].Reps)
		}
		if res[b].Evaluations < res[0].Evaluations {
			t.Errorf("batch run %d evaluated %d < %d", b, res[b].Evaluations, res[0].Evaluations)
		}
	}
	if !(calls[2] < calls[1] && calls[1] < calls[0]) {
		t.Errorf("sampler calls %v, want fewer with larger batches", calls)
	}
}

func TestKNMaxRepsTruncates(t *testing.T) {
	s := synthetic{mu: []float64{0, 0, 0}, own: 1, seed: 2}
	res, err := selection.KN{Alpha: 0.05, Delta: 0.01, MaxReps: 30}.Select(context.Background(), 3, &s)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || res.Guaranteed || len(res.Survivors) < 2 {
		t.Errorf("truncated %v guaranteed %v survivors %v; want a truncated run without guarantee", res.Truncated, res.Guaranteed, res.Survivors)
	}
	for i, r := range res.Reps {
		if r > 30 {
			t.Errorf("alternative %d used %d replications, cap 30", i, r)
		}
	}
	if res.PCS != res.APCS {
		t.Errorf("truncated PCS %v, want the estimate %v", res.PCS, res.APCS)
	}
}

// TestIndistinguishable: equal alternatives are reported as contenders of
// the selected one; a clear winner has none.
func TestIndistinguishable(t *testing.T) {
	procs := []selection.Selector{
		selection.KN{Alpha: 0.05, Delta: 0.5, MaxReps: 200},
		selection.OCBA{Alpha: 0.05, Delta: 0.5, PerAlternative: 40},
	}
	for _, sel := range procs {
		for _, tc := range []struct {
			name       string
			mu         []float64
			contenders int
		}{
			{"equal", []float64{2, 2, 2, 2}, 3},
			{"clear", []float64{0, 10, 0, 1}, 0},
			{"two tied at the top", []float64{0, 10, 10, 1}, 1},
		} {
			t.Run(fmt.Sprintf("%T %s", sel, tc.name), func(t *testing.T) {
				s := synthetic{mu: tc.mu, common: 5, own: 1, seed: 11}
				res, err := sel.Select(context.Background(), len(tc.mu), &s)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Contenders) != tc.contenders || res.Indistinguishable() != (tc.contenders > 0) {
					t.Errorf("%v: contenders %+v, want %d", res.Procedure, res.Contenders, tc.contenders)
				}
				if len(res.Top()) != 1+len(res.Contenders) || res.Top()[0] != res.Best {
					t.Errorf("%v: top %v, best %d", res.Procedure, res.Top(), res.Best)
				}
				for _, c := range res.Contenders {
					d := res.Diff(res.Best, c.Alt)
					if !(d.Lo < d.Mean && d.Mean < d.Hi) || d.N == 0 {
						t.Errorf("%v: diff %d−%d = %+v", res.Procedure, res.Best, c.Alt, d)
					}
				}
			})
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sel   selection.Selector
		k     int
		field string
	}{
		{"KN no alternatives", selection.KN{Alpha: 0.05, Delta: 1}, 0, "k"},
		{"KN alpha 0", selection.KN{Delta: 1}, 3, "Alpha"},
		{"KN alpha 1", selection.KN{Alpha: 1, Delta: 1}, 3, "Alpha"},
		{"KN delta 0", selection.KN{Alpha: 0.05}, 3, "Delta"},
		{"KN delta NaN", selection.KN{Alpha: 0.05, Delta: math.NaN()}, 3, "Delta"},
		{"KN delta Inf", selection.KN{Alpha: 0.05, Delta: math.Inf(1)}, 3, "Delta"},
		{"KN n0 1", selection.KN{Alpha: 0.05, Delta: 1, N0: 1}, 3, "N0"},
		{"KN negative batch", selection.KN{Alpha: 0.05, Delta: 1, Batch: -1}, 3, "Batch"},
		{"KN cap below n0", selection.KN{Alpha: 0.05, Delta: 1, MaxReps: 5}, 3, "MaxReps"},
		{"OCBA no budget", selection.OCBA{Alpha: 0.05}, 3, "Budget"},
		{"OCBA both budgets", selection.OCBA{Alpha: 0.05, Budget: 100, PerAlternative: 20}, 3, "Budget"},
		{"OCBA budget below first stage", selection.OCBA{Alpha: 0.05, Budget: 29}, 3, "Budget"},
		{"OCBA negative delta", selection.OCBA{Alpha: 0.05, Delta: -1, Budget: 100}, 3, "Delta"},
		{"OCBA negative increment", selection.OCBA{Alpha: 0.05, Budget: 100, Increment: -2}, 3, "Increment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := synthetic{mu: make([]float64, max(tc.k, 1))}
			_, err := tc.sel.Select(context.Background(), tc.k, &s)
			var ce *selection.ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field {
				t.Fatalf("error %v, want a ConfigError on %s", err, tc.field)
			}
			if s.calls != 0 {
				t.Errorf("sampled %d times before rejecting the settings", s.calls)
			}
		})
	}
}

func TestSampleErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(reqs []selection.Request) [][]float64
		rep    int
	}{
		{"too few slices", func(reqs []selection.Request) [][]float64 { return make([][]float64, len(reqs)-1) }, -1},
		{"short slice", func(reqs []selection.Request) [][]float64 {
			out := make([][]float64, len(reqs))
			for q := range out {
				out[q] = make([]float64, 1)
			}
			return out
		}, -1},
		{"NaN", func(reqs []selection.Request) [][]float64 {
			out := make([][]float64, len(reqs))
			for q, rq := range reqs {
				out[q] = make([]float64, rq.To-rq.From)
			}
			out[1][3] = math.NaN()
			return out
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := selection.SamplerFunc(func(_ context.Context, reqs []selection.Request) ([][]float64, error) {
				return tc.answer(reqs), nil
			})
			for _, sel := range []selection.Selector{selection.KN{Alpha: 0.05, Delta: 1}, selection.OCBA{Alpha: 0.05, PerAlternative: 20}} {
				_, err := sel.Select(context.Background(), 3, s)
				var se *selection.SampleError
				if !errors.As(err, &se) || se.Rep != tc.rep {
					t.Errorf("error %v, want a SampleError at replication %d", err, tc.rep)
				}
			}
		})
	}
	boom := errors.New("boom")
	failing := selection.SamplerFunc(func(context.Context, []selection.Request) ([][]float64, error) { return nil, boom })
	if _, err := (selection.KN{Alpha: 0.05, Delta: 1}).Select(context.Background(), 2, failing); !errors.Is(err, boom) {
		t.Errorf("error %v, want the sampler's error wrapped", err)
	}
}

func TestSingleAlternative(t *testing.T) {
	s := synthetic{mu: []float64{3}, own: 1}
	for _, sel := range []selection.Selector{selection.KN{Alpha: 0.05, Delta: 1}, selection.OCBA{Alpha: 0.05, PerAlternative: 20}} {
		res, err := sel.Select(context.Background(), 1, &s)
		if err != nil {
			t.Fatal(err)
		}
		if res.Best != 0 || res.PCS != 1 || res.Indistinguishable() {
			t.Errorf("%v: best %d PCS %v contenders %v", res.Procedure, res.Best, res.PCS, res.Contenders)
		}
	}
}
