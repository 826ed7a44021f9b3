package experiment

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Alpha is the level of every test of a decision table: a change is clear
// when its two-sided p-value, after the table's Holm adjustment, is below
// it (the 95% CIs of the table are the same level, cell by cell).
const Alpha = 0.05

// Power is the power the replication estimates plan for
// (ReplicationsToSeparate).
const Power = 0.8

// TTest is the two-sided p-value of a paired difference of n replications
// with mean and sample standard deviation sd (Student t, n−1 degrees of
// freedom):
//
//	t = mean / (sd / √n),  p = 2 · P(T_{n−1} > |t|)
//
// A difference with sd 0 is certain: p is 0 where its mean is not 0 and 1
// where it is. With fewer than two replications, or no number, p is 1.
func TTest(n int, mean, sd float64) float64 {
	switch {
	case n < 2 || math.IsNaN(mean) || math.IsNaN(sd):
		return 1
	case sd == 0 && mean == 0:
		return 1
	case sd == 0:
		return 0
	}
	t := math.Abs(mean) / (sd / math.Sqrt(float64(n)))
	return math.Min(1, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Survival(t))
}

// PValue is the two-sided p-value of the paired t test of d: TTest(d.N,
// d.Mean, d.SD). It is below Alpha exactly when d's 95% CI excludes 0, up
// to the last digit.
func PValue(d Diff) float64 { return TTest(d.N, d.Mean, d.SD) }

// Holm returns Holm's step-down adjusted p-values of p (Holm 1979), in p's
// order: with p sorted ascending, p_(1) ≤ … ≤ p_(m),
//
//	p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) · p_(j))
//
// Rejecting every hypothesis whose p̃ is below α controls the family-wise
// error rate (the chance of any false rejection) at α under any dependence
// between the tests. NaN counts as 1.
func Holm(p []float64) []float64 {
	m := len(p)
	order := ascending(p)
	out := make([]float64, m)
	running := 0.0
	for rank, i := range order {
		v := math.Min(1, float64(m-rank)*clean(p[i]))
		running = math.Max(running, v)
		out[i] = running
	}
	return out
}

// BenjaminiHochberg returns the Benjamini–Hochberg adjusted p-values of p
// (1995), in p's order: with p sorted ascending,
//
//	p̃_(i) = min_{j ≥ i} min(1, m · p_(j) / j)
//
// Rejecting every hypothesis whose p̃ is below q controls the false
// discovery rate (the expected share of false rejections among the
// rejections) at q for independent or positively dependent tests. NaN
// counts as 1. The decision table uses Holm (see MODEL.md §3.5); this is
// here for comparison and for families where a share of false findings is
// acceptable.
func BenjaminiHochberg(p []float64) []float64 {
	m := len(p)
	order := ascending(p)
	out := make([]float64, m)
	running := 1.0
	for k := m - 1; k >= 0; k-- {
		i := order[k]
		running = math.Min(running, math.Min(1, float64(m)*clean(p[i])/float64(k+1)))
		out[i] = running
	}
	return out
}

// ascending returns the indices of p in ascending order of p (NaN as 1),
// ties in index order.
func ascending(p []float64) []int {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return clean(p[order[a]]) < clean(p[order[b]]) })
	return order
}

func clean(p float64) float64 {
	if math.IsNaN(p) {
		return 1
	}
	return p
}

// ReplicationsToSeparate is how many paired replications a two-sided test
// at level alpha needs to find a paired difference with the given mean and
// standard deviation with the given power (the normal approximation):
//
//	n ≈ ((z_{1−α/2} + z_{power}) · sd / mean)²
//
// It is an estimate: it takes the mean and sd as known, where they are
// estimates themselves. +Inf where the mean is 0 (no number separates
// them), 0 where the sd is 0.
func ReplicationsToSeparate(mean, sd, alpha, power float64) float64 {
	if math.IsNaN(mean) || math.IsNaN(sd) {
		return math.NaN()
	}
	if sd == 0 {
		return 0
	}
	if mean == 0 {
		return math.Inf(1)
	}
	z := distuv.UnitNormal.Quantile(1-alpha/2) + distuv.UnitNormal.Quantile(power)
	r := z * sd / mean
	return math.Ceil(r * r)
}
