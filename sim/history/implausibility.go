package history

import (
	"math"
	"sort"
)

// Implausibility returns
//
//	I = |sim − obs| / sqrt(varObs + varSim + varDisc)
//
// the distance between a simulated (or emulated) mean and the observation in
// units of the standard deviation of every uncertainty between them. An
// emulator's variance is added to varSim by the caller. A non-finite sim
// gives +Inf (the point is ruled out); a zero total variance gives 0 if sim
// equals obs and +Inf otherwise.
func Implausibility(sim, obs, varObs, varSim, varDisc float64) float64 {
	if !finite(sim) {
		return math.Inf(1)
	}
	d := math.Abs(sim - obs)
	v := varObs + varSim + varDisc
	if v <= 0 {
		if d == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return d / math.Sqrt(v)
}

// Score returns the rank-th largest of the implausibilities (rank 1 the
// largest), the statistic compared with the cutoff: with rank 2 or 3 a point
// survives one or two targets it misses (Vernon et al. 2010, §4.2). A rank
// beyond the number of implausibilities returns the smallest.
func Score(implausibility []float64, rank int) float64 {
	if len(implausibility) == 0 {
		return 0
	}
	if rank <= 1 {
		m := implausibility[0]
		for _, v := range implausibility[1:] {
			m = math.Max(m, v)
		}
		return m
	}
	s := append([]float64(nil), implausibility...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	return s[min(rank, len(s))-1]
}

// simVar returns V_s for one target of one simulated output: the variance of
// the mean, or with RunVariance that of one run plus the mean's, v·(r + 1)
// (v = s²/r).
func (p Problem) simVar(meanVar float64, reps int) float64 {
	if p.SimVariance == RunVariance {
		return meanVar * float64(reps+1)
	}
	return meanVar
}

// implausibilities returns I_t for every target of a simulated output, and
// its score.
func (p Problem) implausibilities(out Output, reps int) ([]float64, float64) {
	is := make([]float64, len(p.Targets))
	for t, tg := range p.Targets {
		is[t] = Implausibility(out.Mean[t], tg.Observed, tg.ObsVar, p.simVar(out.Var[t], reps), tg.Discrepancy)
	}
	return is, Score(is, p.rank())
}
