package portfolio_test

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"hourglass/sim/portfolio"
)

func TestRegret(t *testing.T) {
	// Three portfolios in three members: P0 is best in the calibrated
	// member 0 but fails in member 2; P1 is never far from the best (least
	// worst-case regret); P2 is best on average.
	values := [][]float64{
		{100, 80, 10},
		{90, 85, 60},
		{98, 100, 42},
	}
	r, err := portfolio.Regret(values, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantRegret := [][]float64{{0, 20, 50}, {10, 15, 0}, {2, 0, 18}}
	if !reflect.DeepEqual(r.Regret, wantRegret) {
		t.Errorf("regret %v, want %v", r.Regret, wantRegret)
	}
	if r.MinimaxRegret != 1 || r.MinExpectedRegret != 2 || r.BestCalibrated != 0 {
		t.Errorf("minimax %d, expected %d, calibrated %d; want 1, 2, 0 (worst %v, mean %v)", r.MinimaxRegret, r.MinExpectedRegret, r.BestCalibrated, r.WorstCase, r.Expected)
	}
	// Weighting the calibrated member alone moves the expected-regret
	// choice to its best, not the minimax one.
	r, err = portfolio.Regret(values, []float64{1, 0, 0}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if r.MinExpectedRegret != 0 || r.MinimaxRegret != 1 || r.BestCalibrated != -1 {
		t.Errorf("weighted: expected %d minimax %d calibrated %d", r.MinExpectedRegret, r.MinimaxRegret, r.BestCalibrated)
	}
	if math.Abs(r.Expected[1]-10) > 1e-12 {
		t.Errorf("weighted expected regret of P1 %v, want 10", r.Expected[1])
	}
}

func TestRegretErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		values     [][]float64
		weights    []float64
		calibrated int
		field      string
	}{
		{"empty", nil, nil, -1, "values"},
		{"ragged", [][]float64{{1, 2}, {1}}, nil, -1, "values"},
		{"NaN", [][]float64{{1, math.NaN()}}, nil, -1, "values"},
		{"weights length", [][]float64{{1, 2}}, []float64{1}, -1, "weights"},
		{"negative weight", [][]float64{{1, 2}}, []float64{1, -1}, -1, "weights"},
		{"zero weights", [][]float64{{1, 2}}, []float64{0, 0}, -1, "weights"},
		{"calibrated out of range", [][]float64{{1, 2}}, nil, 2, "calibrated"},
	} {
		_, err := portfolio.Regret(tc.values, tc.weights, tc.calibrated)
		var ie *portfolio.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: error %v, want an InputError on %s", tc.name, err, tc.field)
		}
	}
}
