package selection_test

import (
	"math"
	"testing"

	"hourglass/sim/selection"
)

func TestIntervals(t *testing.T) {
	// x = 1..5: mean 3, s² = 2.5, t_{0.975,4} = 2.776445.
	iv := selection.MeanInterval([]float64{1, 2, 3, 4, 5}, 0.95)
	h := 2.776445 * math.Sqrt(2.5/5)
	if math.Abs(iv.Mean-3) > 1e-12 || math.Abs(iv.Lo-(3-h)) > 1e-5 || math.Abs(iv.Hi-(3+h)) > 1e-5 || iv.N != 5 {
		t.Errorf("MeanInterval(1..5) = %+v, want 3 ± %.6f", iv, h)
	}
	if !iv.Excludes(0) || iv.Excludes(3) || math.Abs(iv.HalfWidth()-h) > 1e-5 {
		t.Errorf("Excludes/HalfWidth wrong for %+v", iv)
	}
	one := selection.MeanInterval([]float64{4}, 0.95)
	if one.Mean != 4 || !math.IsInf(one.Lo, -1) || !math.IsInf(one.Hi, 1) {
		t.Errorf("one value: %+v, want infinite bounds", one)
	}
	// Pairs: only the common prefix counts; a constant shift has zero width.
	d := selection.PairedInterval([]float64{5, 6, 7, 100}, []float64{4, 5, 6}, 0.95)
	if d.N != 3 || d.Mean != 1 || d.Lo != 1 || d.Hi != 1 {
		t.Errorf("PairedInterval = %+v, want exactly 1 over 3 pairs", d)
	}
}
