package experiment

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Stats describes one metric over replications.
type Stats struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Lo   float64 `json:"ci_low"`  // 95% confidence interval of the mean (Student t)
	Hi   float64 `json:"ci_high"` //
	P5   float64 `json:"p5"`      // empirical quantiles of the replications
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
}

// HalfWidth is half the width of the confidence interval.
func (s Stats) HalfWidth() float64 { return (s.Hi - s.Lo) / 2 }

// Summarize returns the mean, sample standard deviation, the 95% confidence
// interval of the mean,
//
//	mean ± t_{0.975, n-1} · sd / √n
//
// and the 5th, 50th and 95th percentiles of x. With fewer than two values
// the interval is the mean itself.
func Summarize(x []float64) Stats {
	s := Stats{N: len(x)}
	if len(x) == 0 {
		return s
	}
	s.Mean, s.SD = stat.MeanStdDev(x, nil)
	if len(x) < 2 {
		s.SD = 0
	}
	s.Lo, s.Hi = s.Mean, s.Mean
	if len(x) >= 2 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(x) - 1)}.Quantile(0.975)
		h := t * s.SD / math.Sqrt(float64(len(x)))
		s.Lo, s.Hi = s.Mean-h, s.Mean+h
	}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	s.P5 = stat.Quantile(0.05, stat.Empirical, sorted, nil)
	s.P50 = stat.Quantile(0.5, stat.Empirical, sorted, nil)
	s.P95 = stat.Quantile(0.95, stat.Empirical, sorted, nil)
	return s
}

// tQuantile is the 97.5th percentile of Student's t with n-1 degrees of freedom.
func tQuantile(n int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
}
