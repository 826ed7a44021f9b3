package selection

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// OCBA spends a fixed total of replications by the optimal computing budget
// allocation of Chen, Lin, Yücesan & Chick (2000). With b the alternative of
// largest sample mean, the allocation that asymptotically maximises the
// approximate probability of correct selection for a total T satisfies
//
//	N_i / N_j = (σ_i / δ_bi)² / (σ_j / δ_bj)²     for i, j ≠ b
//	N_b       = σ_b √( Σ_{i≠b} N_i² / σ_i² )
//
// with δ_bi = X̄_b − X̄_i. Under common random numbers every comparison of
// b with i is made on paired differences, whose variance s²_bi replaces
// σ_i² (our adaptation), and b is given as many replications as its most
// sampled rival so that every one of that rival's replications has a pair:
//
//	w_i = s²_bi / d̄²_bi (i ≠ b),   N_i = T w_i / (Σ_{i≠b} w_i + max_{i≠b} w_i),   N_b = max_{i≠b} N_i
//
// where d̄_bi and s²_bi are the mean and variance of X_bj − X_ij over the
// replications both have. A gap d̄_bi of 0 is floored at 10⁻³ s_bi; a
// comparison whose s_bi is under 10⁻⁶ d̄_bi counts as known (w_i = 0), and
// when every comparison is known the procedure stops early.
//
// Sequential algorithm (Chen et al. 2000): draw N0 replications of every
// alternative; then, while fewer than Budget replications are spent, raise
// the total by Increment, compute the allocation above for the new total and
// give every alternative the replications it lacks against its share
// (scaled to fit the increment, largest remainders first). Each increment
// is one call to the sampler.
//
// OCBA makes no guarantee; the result states the estimate APCS (see
// Result.APCS). Delta, if not 0, is used only for reporting contenders.
type OCBA struct {
	Alpha float64 // 1 − confidence of the reported intervals, 0 < α < 1
	Delta float64 // indifference zone for reporting contenders, ≥ 0
	N0    int     // first-stage replications (0: 10; at least 2)
	// Budget is the total number of replications, or, when 0,
	// PerAlternative × k; one of them must be set, and the total must be at
	// least N0 × k.
	Budget         int
	PerAlternative int
	Increment      int // replications added per round (0: a tenth of what remains after the first stage, at least 1)
}

func (p OCBA) n0() int {
	if p.N0 == 0 {
		return DefaultN0
	}
	return p.N0
}

func (p OCBA) budget(k int) int {
	if p.Budget > 0 {
		return p.Budget
	}
	return p.PerAlternative * k
}

func (p OCBA) check(k int) error {
	if err := checkCommon(ProcOCBA, k, p.Alpha, p.Delta, false); err != nil {
		return err
	}
	if p.N0 != 0 && p.N0 < 2 {
		return &ConfigError{Procedure: ProcOCBA, Field: "N0", Value: fmt.Sprint(p.N0), Want: "at least 2 first-stage replications (0 for 10)"}
	}
	switch {
	case p.Budget < 0 || p.PerAlternative < 0:
		return &ConfigError{Procedure: ProcOCBA, Field: "Budget", Value: fmt.Sprintf("Budget %d, PerAlternative %d", p.Budget, p.PerAlternative), Want: "no negative budget"}
	case p.Budget > 0 && p.PerAlternative > 0:
		return &ConfigError{Procedure: ProcOCBA, Field: "Budget", Value: fmt.Sprintf("Budget %d and PerAlternative %d", p.Budget, p.PerAlternative), Want: "one of the two"}
	case p.budget(k) < p.n0()*k:
		return &ConfigError{Procedure: ProcOCBA, Field: "Budget", Value: fmt.Sprintf("%d replications for %d alternatives", p.budget(k), k), Want: fmt.Sprintf("at least N0 × k = %d", p.n0()*k)}
	}
	if p.Increment < 0 {
		return &ConfigError{Procedure: ProcOCBA, Field: "Increment", Value: fmt.Sprint(p.Increment), Want: "0 (automatic) or more"}
	}
	return nil
}

// Select runs the procedure on k alternatives.
func (p OCBA) Select(ctx context.Context, k int, s Sampler) (Result, error) {
	if err := p.check(k); err != nil {
		return Result{}, err
	}
	n0, total := p.n0(), p.budget(k)
	st := newStore(k)
	if err := st.extendTo(ctx, s, all(k), repeat(n0, k)); err != nil {
		return Result{}, err
	}
	inc := p.Increment
	if inc == 0 {
		inc = max(1, (total-n0*k+9)/10)
	}
	spent := n0 * k
	for spent < total && k > 1 {
		step := min(inc, total-spent)
		extra := ocbaExtra(st.obs, spent+step, step)
		if extra == nil {
			break // every paired difference is known exactly
		}
		var alts, to []int
		for i, e := range extra {
			if e > 0 {
				alts = append(alts, i)
				to = append(to, len(st.obs[i])+e)
				spent += e
			}
		}
		if err := st.extendTo(ctx, s, alts, to); err != nil {
			return Result{}, err
		}
	}
	res := finish(ProcOCBA, p.Alpha, p.Delta, argmax(st.obs, all(k), nil), st.obs, st.evaluations)
	res.Survivors = all(k)
	res.PCS = res.APCS
	return res, nil
}

// OCBAShares returns the OCBA allocation of a total T over alternatives
// with paired-difference weights w (w[b] ignored): shares[i] = T w_i / W for
// i ≠ b and shares[b] = T max_{i≠b} w_i / W, W = Σ_{i≠b} w_i + max_{i≠b} w_i.
// It returns nil when every weight is 0.
func OCBAShares(w []float64, b int, T float64) []float64 {
	var sum, top float64
	for i, x := range w {
		if i != b {
			sum += x
			top = math.Max(top, x)
		}
	}
	if sum+top == 0 {
		return nil
	}
	shares := make([]float64, len(w))
	for i, x := range w {
		shares[i] = T * x / (sum + top)
	}
	shares[b] = T * top / (sum + top)
	return shares
}

// ocbaExtra returns how many replications each alternative gets in the next
// round, summing to step, or nil if no comparison is uncertain.
func ocbaExtra(obs [][]float64, target, step int) []int {
	k := len(obs)
	b := argmax(obs, all(k), nil)
	w := make([]float64, k)
	for i := range obs {
		if i == b {
			continue
		}
		n := min(len(obs[b]), len(obs[i]))
		d, v := pairedMoments(obs[b], obs[i], n)
		if v == 0 {
			continue // equal to b, or apart by the same gap, in every replication: nothing to learn (and 0/0)
		}
		w[i] = v / math.Max(d*d, 1e-6*v)
		if w[i] < 1e-12 {
			w[i] = 0 // the sd is under a millionth of the gap: nothing to learn
		}
	}
	shares := OCBAShares(w, b, float64(target))
	if shares == nil {
		return nil
	}
	want := make([]float64, k) // replications lacking against the share
	var sum float64
	for i, sh := range shares {
		want[i] = math.Max(0, math.Ceil(sh)-float64(len(obs[i])))
		sum += want[i]
	}
	if sum == 0 {
		// Rounding left everyone at or above its share: give the step to
		// the alternative furthest below (or least above) its share.
		extra := make([]int, k)
		far := 0
		for i, sh := range shares {
			if sh-float64(len(obs[i])) > shares[far]-float64(len(obs[far])) {
				far = i
			}
		}
		extra[far] = step
		return extra
	}
	return fitLargestRemainder(want, step)
}

// fitLargestRemainder scales want to sum to at most total integer units:
// each gets ⌊want_i · total / Σ want⌋ and the units left go to the largest
// fractional parts (lowest index first on ties). If Σ want ≤ total, want is
// returned as it is.
func fitLargestRemainder(want []float64, total int) []int {
	var sum float64
	for _, x := range want {
		sum += x
	}
	out := make([]int, len(want))
	if sum <= float64(total) {
		for i, x := range want {
			out[i] = int(x)
		}
		return out
	}
	type frac struct {
		i int
		f float64
	}
	fr := make([]frac, len(want))
	left := total
	for i, x := range want {
		q := x * float64(total) / sum
		out[i] = int(math.Floor(q))
		left -= out[i]
		fr[i] = frac{i, q - math.Floor(q)}
	}
	slices.SortStableFunc(fr, func(a, b frac) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return a.i - b.i
	})
	for j := 0; left > 0 && j < len(fr); j++ {
		if want[fr[j].i] > float64(out[fr[j].i]) {
			out[fr[j].i]++
			left--
		}
	}
	return out
}
