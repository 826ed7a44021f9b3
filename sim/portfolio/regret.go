package portfolio

import (
	"fmt"
	"math"
)

// Robustness compares portfolios across the members of an ensemble (worlds
// that fit the calibration targets about equally well).
type Robustness struct {
	// Regret[p][m] is what portfolio p loses in member m against the best
	// portfolio there:
	//
	//	regret(p, m) = max_q V(q, m) − V(p, m)
	Regret [][]float64
	// WorstCase[p] = max_m regret(p, m); Expected[p] = Σ_m w_m regret(p, m)
	// with the weights normalised to sum to 1.
	WorstCase, Expected []float64
	// MinimaxRegret and MinExpectedRegret are the portfolios of least
	// worst-case and least expected regret (the first on ties).
	MinimaxRegret, MinExpectedRegret int
	// BestCalibrated is the portfolio best in the calibrated member (−1
	// when no member is the calibrated one).
	BestCalibrated int
}

// InputError reports a robustness input that is not a proper matrix of
// numbers.
type InputError struct {
	Field   string // "values", "weights" or "calibrated"
	Problem string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("portfolio: regret %s: %s", e.Field, e.Problem)
}

// Regret ranks portfolios by their regret across ensemble members.
// values[p][m] is portfolio p's estimated gain in member m (every row the
// same length); weights (nil: equal) are the members' weights, ≥ 0 with a
// positive sum; calibrated is the calibrated member's column, or −1.
func Regret(values [][]float64, weights []float64, calibrated int) (Robustness, error) {
	if len(values) == 0 || len(values[0]) == 0 {
		return Robustness{}, &InputError{Field: "values", Problem: "empty (want portfolios × members)"}
	}
	members := len(values[0])
	for p, row := range values {
		if len(row) != members {
			return Robustness{}, &InputError{Field: "values", Problem: fmt.Sprintf("row %d has %d members, row 0 has %d", p, len(row), members)}
		}
		for m, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Robustness{}, &InputError{Field: "values", Problem: fmt.Sprintf("[%d][%d] = %v is not a finite number", p, m, v)}
			}
		}
	}
	w := make([]float64, members)
	switch {
	case weights == nil:
		for m := range w {
			w[m] = 1 / float64(members)
		}
	case len(weights) != members:
		return Robustness{}, &InputError{Field: "weights", Problem: fmt.Sprintf("%d weights for %d members", len(weights), members)}
	default:
		var sum float64
		for m, x := range weights {
			if !(x >= 0) || math.IsInf(x, 1) {
				return Robustness{}, &InputError{Field: "weights", Problem: fmt.Sprintf("weight %d is %v (want a finite number ≥ 0)", m, x)}
			}
			sum += x
		}
		if sum == 0 {
			return Robustness{}, &InputError{Field: "weights", Problem: "all weights are 0"}
		}
		for m, x := range weights {
			w[m] = x / sum
		}
	}
	if calibrated < -1 || calibrated >= members {
		return Robustness{}, &InputError{Field: "calibrated", Problem: fmt.Sprintf("member %d out of range (want −1 or 0..%d)", calibrated, members-1)}
	}

	best := make([]float64, members)
	for m := range best {
		best[m] = math.Inf(-1)
		for _, row := range values {
			best[m] = math.Max(best[m], row[m])
		}
	}
	r := Robustness{
		Regret:    make([][]float64, len(values)),
		WorstCase: make([]float64, len(values)),
		Expected:  make([]float64, len(values)),
	}
	for p, row := range values {
		r.Regret[p] = make([]float64, members)
		for m, v := range row {
			g := best[m] - v
			r.Regret[p][m] = g
			r.WorstCase[p] = math.Max(r.WorstCase[p], g)
			r.Expected[p] += w[m] * g
		}
		if r.WorstCase[p] < r.WorstCase[r.MinimaxRegret] {
			r.MinimaxRegret = p
		}
		if r.Expected[p] < r.Expected[r.MinExpectedRegret] {
			r.MinExpectedRegret = p
		}
	}
	r.BestCalibrated = -1
	if calibrated >= 0 {
		r.BestCalibrated = 0
		for p, row := range values {
			if row[calibrated] > values[r.BestCalibrated][calibrated] {
				r.BestCalibrated = p
			}
		}
	}
	return r, nil
}
