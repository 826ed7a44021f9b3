package selection

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Selector is a ranking-and-selection procedure: given k alternatives and
// a sampler of their observations, it returns the one it selects. KN and
// OCBA implement it.
type Selector interface {
	Select(ctx context.Context, k int, s Sampler) (Result, error)
}

// Procedure names a selection procedure.
type Procedure uint8

// The procedures of this package.
const (
	ProcKN   Procedure = iota + 1 // Kim & Nelson (2001) fully sequential indifference-zone procedure
	ProcOCBA                      // Chen, Lin, Yücesan & Chick (2000) optimal computing budget allocation
)

// String returns the procedure's short name.
func (p Procedure) String() string {
	if int(p) < len(procedureNames) && procedureNames[p] != "" {
		return procedureNames[p]
	}
	return fmt.Sprintf("Procedure(%d)", uint8(p))
}

var procedureNames = [...]string{ProcKN: "KN", ProcOCBA: "OCBA"}

// Result is what a selection procedure found.
type Result struct {
	Procedure Procedure
	Alpha     float64 // 1 − confidence
	Delta     float64 // indifference zone, in the alternatives' units

	Best  int       // the selected alternative
	Means []float64 // each alternative's mean over its replications
	Reps  []int     // replications of each alternative the procedure used (0..Reps[i]−1)

	// Evaluations counts the observations drawn, including those KN drew
	// in a batch for an alternative it then eliminated partway through.
	Evaluations int

	// PCS is the probability of correct selection the result states: for
	// KN the procedure's guarantee 1−α (Guaranteed), which holds when the
	// best mean exceeds every other by at least Delta; for OCBA, and for KN
	// stopped by its replication cap, the estimate APCS.
	PCS        float64
	Guaranteed bool
	// APCS is the Bonferroni approximation of the probability of correct
	// selection from the data (Chen et al. 2000, APCS-B):
	//
	//	APCS = 1 − Σ_{i≠b} Φ(−d̄_bi / (s_bi / √n_bi))
	//
	// d̄_bi and s_bi the mean and standard deviation of the paired
	// differences of the selected b and i over their n_bi common
	// replications; clamped to [0, 1].
	APCS float64
	// Truncated reports that KN reached its replication cap with more than
	// one survivor: Best is then the survivor with the largest mean and no
	// guarantee holds.
	Truncated bool
	// Survivors are the alternatives KN had not eliminated when it stopped
	// (for OCBA, every alternative).
	Survivors []int
	// Contenders are the alternatives the data do not show to be worse than
	// Best by at least Delta: those whose simultaneous (Bonferroni, over
	// the k−1 comparisons) 1−α interval of μ_Best − μ_i has its lower bound
	// below Delta. Closest first.
	Contenders []Comparison

	obs [][]float64
}

// Comparison is the paired difference μ_Best − μ_Alt.
type Comparison struct {
	Alt  int
	Diff Interval
}

// Indistinguishable reports that the selected alternative has contenders:
// the top alternatives cannot be told apart at the δ chosen.
func (r *Result) Indistinguishable() bool { return len(r.Contenders) > 0 }

// Top returns the selected alternative followed by its contenders.
func (r *Result) Top() []int {
	top := []int{r.Best}
	for _, c := range r.Contenders {
		top = append(top, c.Alt)
	}
	return top
}

// Diff returns the paired difference μ_i − μ_j over the replications both
// have, with its (individual, not simultaneous) 1−α interval.
func (r *Result) Diff(i, j int) Interval {
	return PairedInterval(r.obs[i], r.obs[j], 1-r.Alpha)
}

// Value returns alternative i's mean with its 1−α interval.
func (r *Result) Value(i int) Interval {
	return MeanInterval(r.obs[i], 1-r.Alpha)
}

// finish fills a result from the observations the procedure used.
func finish(proc Procedure, alpha, delta float64, best int, obs [][]float64, evaluations int) Result {
	r := Result{
		Procedure: proc, Alpha: alpha, Delta: delta, Best: best, obs: obs,
		Means: make([]float64, len(obs)), Reps: make([]int, len(obs)),
		Evaluations: evaluations,
	}
	for i, o := range obs {
		r.Reps[i] = len(o)
		r.Means[i] = math.NaN()
		if len(o) > 0 {
			var s float64
			for _, v := range o {
				s += v
			}
			r.Means[i] = s / float64(len(o))
		}
	}
	r.APCS = apcs(obs, best)
	r.Contenders = contenders(obs, best, alpha, delta)
	return r
}

// apcs is the Bonferroni approximate probability of correct selection
// (APCS-B of Chen et al. 2000) with paired differences: the posterior of
// μ_b − μ_i is taken as normal with mean d̄_bi and variance s²_bi / n_bi.
func apcs(obs [][]float64, b int) float64 {
	p := 1.0
	for i := range obs {
		if i == b {
			continue
		}
		n := min(len(obs[b]), len(obs[i]))
		if n == 0 {
			p -= 0.5
			continue
		}
		d, v := pairedMoments(obs[b], obs[i], n)
		switch {
		case n < 2 && v == 0:
			p -= 0.5 // no variance estimate: a coin flip
		case v == 0 && d > 0:
		case v == 0 && d == 0:
			p -= 0.5
		case v == 0:
			p -= 1
		default:
			p -= distuv.UnitNormal.CDF(-d / math.Sqrt(v/float64(n)))
		}
	}
	return math.Max(0, math.Min(1, p))
}

// contenders lists the alternatives i whose simultaneous interval of
// μ_b − μ_i (Bonferroni: each at 1 − α/(k−1)) has its lower bound below
// delta, sorted by the estimated difference (closest first, then index).
func contenders(obs [][]float64, b int, alpha, delta float64) []Comparison {
	k := len(obs)
	if k < 2 {
		return nil
	}
	tt := newTTable(1 - alpha/float64(k-1))
	var out []Comparison
	for i := range obs {
		if i == b {
			continue
		}
		d := tt.pairedInterval(obs[b], obs[i])
		if !(d.Lo >= delta) { // NaN (no pairs) counts as a contender
			out = append(out, Comparison{Alt: i, Diff: d})
		}
	}
	slices.SortStableFunc(out, func(x, y Comparison) int {
		switch {
		case x.Diff.Mean < y.Diff.Mean:
			return -1
		case x.Diff.Mean > y.Diff.Mean:
			return 1
		}
		return x.Alt - y.Alt
	})
	return out
}

// argmax returns the alternative of alts with the largest mean of its
// first n[i] observations (n nil: all), the first on ties.
func argmax(obs [][]float64, alts []int, n []int) int {
	best, bestMean := -1, math.Inf(-1)
	for _, i := range alts {
		m := len(obs[i])
		if n != nil {
			m = n[i]
		}
		var s float64
		for _, v := range obs[i][:m] {
			s += v
		}
		if mean := s / float64(m); best < 0 || mean > bestMean {
			best, bestMean = i, mean
		}
	}
	return best
}
