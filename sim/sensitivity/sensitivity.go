// Package sensitivity estimates which uncertain inputs drive a model's
// outputs: Morris elementary effects (cheap screening) and Sobol first-order
// and total indices (Saltelli sampling, Jansen estimators), each with
// bootstrap confidence intervals. Inputs are scaled to the unit cube; the
// caller maps them onto parameter ranges.
package sensitivity

import (
	"math"

	"gonum.org/v1/gonum/stat"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// Func evaluates the model at each row of x (points in [0,1]^k) and returns
// one row of outputs per point. It may evaluate the rows in parallel, but
// must return them in order.
type Func func(x [][]float64) ([][]float64, error)

// Interval is an estimate with its 95% bootstrap confidence interval.
type Interval struct {
	Value float64 `json:"value"`
	Lo    float64 `json:"ci_low"`
	Hi    float64 `json:"ci_high"`
}

// MorrisResult holds, per output and input, the Morris statistics.
type MorrisResult struct {
	MuStar [][]Interval // mean absolute elementary effect, [output][input]
	Mu     [][]float64  // mean elementary effect
	Sigma  [][]float64  // standard deviation of the elementary effects
	Evals  int
}

// Morris screens k inputs with r trajectories on a grid of p levels
// (Morris 1991, with Campolongo's μ*). Each trajectory starts at a random
// grid point and moves one input at a time by Δ = p / (2(p-1)), giving one
// elementary effect per input:
//
//	EE_i = (f(x + Δ e_i) - f(x)) / Δ      (or with -Δ where x_i + Δ > 1)
//
// μ*_i = mean |EE_i|, μ_i = mean EE_i, σ_i = sd EE_i over trajectories; the
// CI of μ* resamples trajectories (1,000 bootstrap samples). It costs
// r(k+1) evaluations.
func Morris(f Func, k, r, p int, seed uint64) (*MorrisResult, error) {
	rng := sim.NewRNG(seed, 0, sim.StreamBootstrap, 1)
	delta := float64(p) / (2 * float64(p-1))
	var points [][]float64
	var moved [][]int // per trajectory, the input changed at each step
	var signs [][]float64
	for t := 0; t < r; t++ {
		x := make([]float64, k)
		for i := range x {
			x[i] = float64(rng.Intn(p)) / float64(p-1)
		}
		order := rng.Perm(k)
		points = append(points, append([]float64(nil), x...))
		var sg []float64
		for _, i := range order {
			d := delta
			if x[i]+d > 1+1e-12 {
				d = -delta
			}
			x[i] += d
			points = append(points, append([]float64(nil), x...))
			sg = append(sg, d)
		}
		moved = append(moved, order)
		signs = append(signs, sg)
	}
	y, err := f(points)
	if err != nil {
		return nil, err
	}
	m := len(y[0])
	// ee[o][i][t]
	ee := make([][][]float64, m)
	for o := range ee {
		ee[o] = make([][]float64, k)
		for i := range ee[o] {
			ee[o][i] = make([]float64, r)
		}
	}
	for t := 0; t < r; t++ {
		base := t * (k + 1)
		for step, i := range moved[t] {
			for o := 0; o < m; o++ {
				ee[o][i][t] = (y[base+step+1][o] - y[base+step][o]) / signs[t][step]
			}
		}
	}
	res := &MorrisResult{Evals: len(points)}
	for o := 0; o < m; o++ {
		var ms []Interval
		var mu, sd []float64
		for i := 0; i < k; i++ {
			e := ee[o][i]
			abs := make([]float64, r)
			for t := range e {
				abs[t] = math.Abs(e[t])
			}
			mean, s := stat.MeanStdDev(e, nil)
			lo, hi := bootstrap(r, rng, func(idx []int) float64 {
				sum := 0.0
				for _, t := range idx {
					sum += abs[t]
				}
				return sum / float64(len(idx))
			})
			ms = append(ms, Interval{Value: stat.Mean(abs, nil), Lo: lo, Hi: hi})
			mu = append(mu, mean)
			sd = append(sd, s)
		}
		res.MuStar = append(res.MuStar, ms)
		res.Mu = append(res.Mu, mu)
		res.Sigma = append(res.Sigma, sd)
	}
	return res, nil
}

// SobolResult holds first-order and total indices per output and input.
type SobolResult struct {
	S1, ST [][]Interval // [output][input]
	Evals  int
}

// Sobol estimates first-order and total indices from n base samples
// (Saltelli 2010): matrices A and B of n uniform points, and for each input
// i the matrix AB_i, A with column i taken from B; n(k+2) evaluations. With
// V the variance of f over A and B together,
//
//	S1_i = mean(f(B)·(f(AB_i) - f(A))) / V          (Saltelli 2010)
//	ST_i = mean((f(A) - f(AB_i))²) / (2V)            (Jansen 1999)
//
// and 95% CIs from 1,000 bootstrap resamples of the n rows.
func Sobol(f Func, k, n int, seed uint64) (*SobolResult, error) {
	rng := sim.NewRNG(seed, 0, sim.StreamBootstrap, 2)
	a, b := make([][]float64, n), make([][]float64, n)
	for j := 0; j < n; j++ {
		a[j], b[j] = make([]float64, k), make([]float64, k)
		for i := 0; i < k; i++ {
			a[j][i], b[j][i] = rng.Float64(), rng.Float64()
		}
	}
	points := append(append([][]float64{}, a...), b...)
	for i := 0; i < k; i++ {
		for j := 0; j < n; j++ {
			ab := append([]float64(nil), a[j]...)
			ab[i] = b[j][i]
			points = append(points, ab)
		}
	}
	y, err := f(points)
	if err != nil {
		return nil, err
	}
	m := len(y[0])
	res := &SobolResult{Evals: len(points)}
	for o := 0; o < m; o++ {
		fa, fb := make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			fa[j], fb[j] = y[j][o], y[n+j][o]
		}
		var s1, st []Interval
		for i := 0; i < k; i++ {
			fab := make([]float64, n)
			for j := 0; j < n; j++ {
				fab[j] = y[(2+i)*n+j][o]
			}
			first := func(idx []int) float64 {
				v := variance(fa, fb, idx)
				if v == 0 {
					return 0
				}
				sum := 0.0
				for _, j := range idx {
					sum += fb[j] * (fab[j] - fa[j])
				}
				return sum / float64(len(idx)) / v
			}
			total := func(idx []int) float64 {
				v := variance(fa, fb, idx)
				if v == 0 {
					return 0
				}
				sum := 0.0
				for _, j := range idx {
					d := fa[j] - fab[j]
					sum += d * d
				}
				return sum / float64(len(idx)) / (2 * v)
			}
			all := make([]int, n)
			for j := range all {
				all[j] = j
			}
			lo1, hi1 := bootstrap(n, rng, first)
			loT, hiT := bootstrap(n, rng, total)
			s1 = append(s1, Interval{Value: first(all), Lo: lo1, Hi: hi1})
			st = append(st, Interval{Value: total(all), Lo: loT, Hi: hiT})
		}
		res.S1 = append(res.S1, s1)
		res.ST = append(res.ST, st)
	}
	return res, nil
}

// variance of f(A) and f(B) together over the rows idx.
func variance(fa, fb []float64, idx []int) float64 {
	sum, sum2 := 0.0, 0.0
	for _, j := range idx {
		sum += fa[j] + fb[j]
		sum2 += fa[j]*fa[j] + fb[j]*fb[j]
	}
	n := float64(2 * len(idx))
	mean := sum / n
	return sum2/n - mean*mean
}

// bootstrap is a percentile bootstrap 95% interval over 1,000 resamples.
func bootstrap(n int, rng *sim.RNG, statistic func(idx []int) float64) (lo, hi float64) {
	return experiment.Bootstrap(n, 1000, rng, statistic)
}
