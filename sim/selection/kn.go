package selection

import (
	"context"
	"fmt"
	"math"
)

// KN is the fully sequential indifference-zone procedure of Kim & Nelson
// (2001), which allows common random numbers: it works on the variances of
// paired differences, so positive correlation between alternatives makes it
// stop sooner.
//
// Setup, for k alternatives, confidence 1−α, indifference zone δ and a
// first stage of n0 replications:
//
//	η  = ½ [ (2α / (k−1))^(−2/(n0−1)) − 1 ]
//	h² = 2 η (n0 − 1)
//
// Initialisation: draw n0 replications of every alternative and compute, for
// every pair i ≠ l, the first-stage variance of the paired differences
//
//	S²_il = 1/(n0−1) Σ_{j=1..n0} (X_ij − X_lj − (X̄_i(n0) − X̄_l(n0)))²
//	N_il  = ⌊h² S²_il / δ²⌋,   N = max_{i≠l} N_il
//
// If n0 > N, select the largest first-stage mean. Otherwise, with r = n0 and
// the set I of all alternatives:
//
// Screening: keep i in I if for every other l in I
//
//	X̄_i(r) ≥ X̄_l(r) − W_il(r),   W_il(r) = max{0, δ/(2r) (h² S²_il / δ² − r)}
//
// Stopping: if one alternative is left, select it; otherwise draw replication
// r+1 of each survivor, r = r+1; if r = N+1, select the survivor with the
// largest mean, else screen again.
//
// Guarantee (normal observations, any correlation between alternatives):
// P(select the best) ≥ 1−α when μ_[k] − μ_[k−1] ≥ δ.
//
// Batching: instead of one replication at a time KN asks for Batch
// replications of every survivor in one call and then screens after each of
// them in turn, exactly as the one-at-a-time procedure would; replications
// drawn for an alternative after it was eliminated within the batch are not
// used (they count in Result.Evaluations). The decisions, and so the
// guarantee, are those of the published procedure.
type KN struct {
	Alpha float64 // 1 − confidence, 0 < α < 1
	Delta float64 // indifference zone δ > 0: the smallest difference worth detecting
	N0    int     // first-stage replications (0: 10; at least 2)
	Batch int     // replications asked of each survivor per call after the first stage (0: 1)
	// MaxReps caps the replications of any alternative (0: no cap, at least
	// N0 otherwise). Reaching it with several survivors ends the procedure
	// without its guarantee (Result.Truncated).
	MaxReps int
}

// DefaultN0 is the first-stage sample size when none is given (Kim & Nelson
// 2001 use 10 in their experiments).
const DefaultN0 = 10

func (p KN) n0() int {
	if p.N0 == 0 {
		return DefaultN0
	}
	return p.N0
}

func (p KN) batch() int { return max(p.Batch, 1) }

func (p KN) check(k int) error {
	if err := checkCommon(ProcKN, k, p.Alpha, p.Delta, true); err != nil {
		return err
	}
	if p.N0 != 0 && p.N0 < 2 {
		return &ConfigError{Procedure: ProcKN, Field: "N0", Value: fmt.Sprint(p.N0), Want: "at least 2 first-stage replications (0 for 10)"}
	}
	if p.Batch < 0 {
		return &ConfigError{Procedure: ProcKN, Field: "Batch", Value: fmt.Sprint(p.Batch), Want: "0 (for 1) or more"}
	}
	if p.MaxReps != 0 && p.MaxReps < p.n0() {
		return &ConfigError{Procedure: ProcKN, Field: "MaxReps", Value: fmt.Sprint(p.MaxReps), Want: fmt.Sprintf("0 (no cap) or at least N0 = %d", p.n0())}
	}
	return nil
}

// KNConstant returns h² = 2η(n0−1), η = ½[(2α/(k−1))^(−2/(n0−1)) − 1], the
// constant of KN's continuation region for k ≥ 2 alternatives.
func KNConstant(alpha float64, k, n0 int) float64 {
	eta := 0.5 * (math.Pow(2*alpha/float64(k-1), -2/float64(n0-1)) - 1)
	return 2 * eta * float64(n0-1)
}

// Select runs the procedure on k alternatives.
func (p KN) Select(ctx context.Context, k int, s Sampler) (Result, error) {
	if err := p.check(k); err != nil {
		return Result{}, err
	}
	n0 := p.n0()
	st := newStore(k)
	if err := st.extendTo(ctx, s, all(k), repeat(n0, k)); err != nil {
		return Result{}, err
	}
	if k == 1 {
		r := finish(ProcKN, p.Alpha, p.Delta, 0, st.obs, st.evaluations)
		r.PCS, r.Guaranteed, r.Survivors = 1, true, []int{0}
		return r, nil
	}

	h2 := KNConstant(p.Alpha, k, n0)
	d2 := p.Delta * p.Delta
	// a[i*k+l] = h² S²_il / δ²: where W_il reaches 0, the end of the pair's
	// continuation region.
	a := make([]float64, k*k)
	endAll := 0
	for i := 0; i < k; i++ {
		for l := i + 1; l < k; l++ {
			_, v := pairedMoments(st.obs[i], st.obs[l], n0)
			a[i*k+l] = h2 * v / d2
			a[l*k+i] = a[i*k+l]
			endAll = max(endAll, int(math.Floor(a[i*k+l])))
		}
	}

	used := repeat(n0, k) // replications each alternative's decisions used
	sums := make([]float64, k)
	for i, o := range st.obs {
		for _, v := range o {
			sums[i] += v
		}
	}
	alive := all(k)
	r := n0
	truncated := false
	for n0 <= endAll { // else the first stage decides
		// Screening at r.
		next := alive[:0:0]
		for _, i := range alive {
			keep := true
			for _, l := range alive {
				if l == i {
					continue
				}
				w := math.Max(0, p.Delta/(2*float64(r))*(a[i*k+l]-float64(r)))
				if sums[i]/float64(r) < sums[l]/float64(r)-w {
					keep = false
					break
				}
			}
			if keep {
				next = append(next, i)
			}
		}
		alive = next
		if len(alive) == 1 {
			break
		}
		if p.MaxReps > 0 && r >= p.MaxReps {
			truncated = true
			break
		}
		// One more replication of each survivor, drawn a batch at a time.
		if len(st.obs[alive[0]]) <= r {
			to := r + p.batch()
			to = min(to, endAll+1)
			if p.MaxReps > 0 {
				to = min(to, p.MaxReps)
			}
			if err := st.extendTo(ctx, s, alive, repeat(to, len(alive))); err != nil {
				return Result{}, err
			}
		}
		for _, i := range alive {
			sums[i] += st.obs[i][r]
			used[i] = r + 1
		}
		r++
		if r == endAll+1 {
			break
		}
	}

	obs := make([][]float64, k)
	for i := range obs {
		obs[i] = st.obs[i][:used[i]]
	}
	best := argmax(obs, alive, nil)
	res := finish(ProcKN, p.Alpha, p.Delta, best, obs, st.evaluations)
	res.Survivors = alive
	res.Truncated = truncated
	if truncated {
		res.PCS = res.APCS
	} else {
		res.PCS, res.Guaranteed = 1-p.Alpha, true
	}
	return res, nil
}
