package selection

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a point estimate with a two-sided confidence interval.
type Interval struct {
	Mean   float64 // point estimate
	Lo, Hi float64 // confidence bounds (±Inf when N < 2)
	N      int     // observations, or pairs, behind the estimate
}

// HalfWidth is half the width of the interval.
func (iv Interval) HalfWidth() float64 { return (iv.Hi - iv.Lo) / 2 }

// Excludes reports whether v lies outside the interval.
func (iv Interval) Excludes(v float64) bool { return v < iv.Lo || v > iv.Hi }

// MeanInterval returns the mean of x with its Student t interval at the
// given confidence level (0 < level < 1):
//
//	x̄ ± t_{1−(1−level)/2, n−1} · s / √n,   s² = Σ (x_j − x̄)² / (n − 1)
//
// With fewer than two values the bounds are infinite.
func MeanInterval(x []float64, level float64) Interval {
	return newTTable(level).meanInterval(x)
}

// PairedInterval returns the mean of the paired differences x_j − y_j over
// the first min(len(x), len(y)) replications, the ones both have (common
// random numbers make them pairs), with its Student t interval at the given
// confidence level:
//
//	d_j = x_j − y_j,   d̄ ± t_{1−(1−level)/2, n−1} · s_d / √n
func PairedInterval(x, y []float64, level float64) Interval {
	return newTTable(level).pairedInterval(x, y)
}

// tTable remembers the Student t quantiles of one confidence level by
// degrees of freedom (computing one costs microseconds).
type tTable struct {
	p    float64
	memo map[int]float64
}

func newTTable(level float64) *tTable {
	if !(level > 0 && level < 1) {
		panic("selection: confidence level outside (0, 1)")
	}
	return &tTable{p: 1 - (1-level)/2, memo: map[int]float64{}}
}

func (tt *tTable) quantile(nu int) float64 {
	q, ok := tt.memo[nu]
	if !ok {
		q = tQuantile(tt.p, nu)
		tt.memo[nu] = q
	}
	return q
}

func (tt *tTable) meanInterval(x []float64) Interval {
	iv := Interval{N: len(x), Lo: math.Inf(-1), Hi: math.Inf(1)}
	if len(x) == 0 {
		iv.Mean = math.NaN()
		return iv
	}
	iv.Mean = stat.Mean(x, nil)
	if len(x) < 2 {
		return iv
	}
	h := tt.quantile(len(x)-1) * math.Sqrt(stat.Variance(x, nil)/float64(len(x)))
	iv.Lo, iv.Hi = iv.Mean-h, iv.Mean+h
	return iv
}

func (tt *tTable) pairedInterval(x, y []float64) Interval {
	n := min(len(x), len(y))
	d := make([]float64, n)
	for j := range d {
		d[j] = x[j] - y[j]
	}
	return tt.meanInterval(d)
}

// tQuantile is the p quantile of Student's t with nu degrees of freedom.
func tQuantile(p float64, nu int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(p)
}

// pairedMoments returns the mean and sample variance of x_j − y_j over the
// first n replications (variance 0 when n < 2).
func pairedMoments(x, y []float64, n int) (mean, variance float64) {
	for j := 0; j < n; j++ {
		mean += x[j] - y[j]
	}
	mean /= float64(n)
	if n < 2 {
		return mean, 0
	}
	for j := 0; j < n; j++ {
		e := x[j] - y[j] - mean
		variance += e * e
	}
	return mean, variance / float64(n-1)
}
