// Package design builds experimental designs: the points at which a
// scenario's parameters are set for a sweep, like NetLogo's BehaviorSpace
// and the EMA Workbench. A design is a list of variables (override keys with
// their ranges) and a list of points, one value per variable. The package is
// pure: it reads designs from an io.Reader and draws with the generator it is
// given, so the same seed gives the same design.
package design

import (
	"errors"
	"fmt"
	"math"

	"hourglass/sim"
)

// MaxPoints bounds the number of points of a design: each point is a
// scenario, run -n times.
const MaxPoints = 100_000

// Var is one varied parameter: an override key and its range. Steps is the
// number of grid values of a factorial design (ignored by a Latin hypercube).
type Var struct {
	Key       string
	Low, High float64
	Steps     int
}

// Point is one point of a design: one value per Var, in the same order.
type Point []float64

// Design is a set of points in the space of its variables.
type Design struct {
	Vars   []Var
	Points []Point
}

// Keys returns the design's variable keys, in order.
func (d Design) Keys() []string {
	keys := make([]string, len(d.Vars))
	for i, v := range d.Vars {
		keys[i] = v.Key
	}
	return keys
}

// checkVars refuses empty or duplicate keys and non-finite ranges.
func checkVars(vars []Var) error {
	if len(vars) == 0 {
		return errors.New("design: no variables")
	}
	var errs []error
	seen := map[string]bool{}
	for _, v := range vars {
		switch {
		case v.Key == "":
			errs = append(errs, errors.New("design: a variable has no key"))
		case seen[v.Key]:
			errs = append(errs, fmt.Errorf("design: %s is varied twice", v.Key))
		}
		seen[v.Key] = true
		if math.IsNaN(v.Low) || math.IsInf(v.Low, 0) || math.IsNaN(v.High) || math.IsInf(v.High, 0) {
			errs = append(errs, fmt.Errorf("design: %s: range %g to %g is not finite", v.Key, v.Low, v.High))
		}
	}
	return errors.Join(errs...)
}

// Factorial returns the full factorial grid over vars: every combination of
// every var's Steps values
//
//	x_k = Low + k·(High − Low)/(Steps − 1),  k = 0 … Steps−1
//
// (Low and High exactly at the ends), the first var varying slowest. Each
// var needs Steps ≥ 2, and the grid at most MaxPoints points.
func Factorial(vars []Var) (Design, error) {
	if err := checkVars(vars); err != nil {
		return Design{}, err
	}
	total := 1
	for _, v := range vars {
		if v.Steps < 2 {
			return Design{}, fmt.Errorf("design: %s: %d steps (want at least 2)", v.Key, v.Steps)
		}
		if total > MaxPoints/v.Steps {
			return Design{}, fmt.Errorf("design: the full factorial has %s points (at most %d)", product(vars), MaxPoints)
		}
		total *= v.Steps
	}
	d := Design{Vars: append([]Var(nil), vars...), Points: make([]Point, total)}
	for i := range d.Points {
		p := make(Point, len(vars))
		rest := i
		for j := len(vars) - 1; j >= 0; j-- {
			v := vars[j]
			k := rest % v.Steps
			rest /= v.Steps
			p[j] = gridValue(v, k)
		}
		d.Points[i] = p
	}
	return d, nil
}

// gridValue is step k of v's grid, exact at both ends.
func gridValue(v Var, k int) float64 {
	if k == v.Steps-1 {
		return v.High
	}
	return v.Low + float64(k)*(v.High-v.Low)/float64(v.Steps-1)
}

// product says how many points a factorial over vars has, as "5×5×… = N",
// without overflowing.
func product(vars []Var) string {
	n := 1.0
	s := ""
	for i, v := range vars {
		if i > 0 {
			s += "×"
		}
		s += fmt.Sprint(v.Steps)
		n *= float64(v.Steps)
	}
	return fmt.Sprintf("%s = %.0f", s, n)
}

// LatinHypercube returns n points over the ranges of vars (Steps ignored):
// each var's range is cut into n equal strata, and each stratum holds exactly
// one point. For var j, with π_j a uniformly random permutation of 0 … n−1
// (Fisher–Yates, drawn from rng) and u_ij uniform on [0, 1):
//
//	x_ij = Low_j + (π_j(i) + u_ij)/n · (High_j − Low_j)
//
// Vars are drawn in order, each its permutation then its n uniforms, so the
// same generator state gives the same design.
func LatinHypercube(vars []Var, n int, rng *sim.RNG) (Design, error) {
	if err := checkVars(vars); err != nil {
		return Design{}, err
	}
	if n < 1 || n > MaxPoints {
		return Design{}, fmt.Errorf("design: Latin hypercube of %d points (want 1 to %d)", n, MaxPoints)
	}
	d := Design{Vars: append([]Var(nil), vars...), Points: make([]Point, n)}
	for i := range d.Points {
		d.Points[i] = make(Point, len(vars))
	}
	perm := make([]int, n)
	for j, v := range vars {
		for i := range perm {
			perm[i] = i
		}
		for i := n - 1; i > 0; i-- {
			k := rng.Intn(i + 1)
			perm[i], perm[k] = perm[k], perm[i]
		}
		for i := range d.Points {
			t := (float64(perm[i]) + rng.Float64()) / float64(n)
			d.Points[i][j] = v.Low + t*(v.High-v.Low)
		}
	}
	return d, nil
}
