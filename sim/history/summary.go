package history

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// DefaultFreeIQR is the kept interquartile range, as a share of the prior's,
// at or above which an input counts as left free by the targets.
const DefaultFreeIQR = 0.7

// MarginalProbs are the probabilities of Marginal.Quantiles.
var MarginalProbs = [5]float64{0.05, 0.25, 0.5, 0.75, 0.95}

// Marginal summarizes one input's kept values against its prior.
type Marginal struct {
	Name           string
	PriorLo        float64 // the prior's range
	PriorHi        float64
	Min, Max       float64    // of the kept values (NaN without members)
	Quantiles      [5]float64 // kept values at MarginalProbs (empirical, stat.Empirical)
	PriorQuantiles [5]float64 // the prior's at MarginalProbs
	// IQRShare is the kept interquartile range in prior probability against
	// the prior's (which is 0.5):
	//
	//	(F(q75) − F(q25)) / 0.5
	//
	// near 1 for an input the targets leave free, small for one they pin.
	IQRShare float64
	// RangeShare is F(max) − F(min): the prior mass between the extreme
	// kept values.
	RangeShare float64
	// Constrained is IQRShare < the free threshold: the targets narrowed
	// the input's plausible values.
	Constrained bool
}

// Marginals summarizes each input over the ensemble. An input is
// constrained when its IQRShare is below freeIQR (DefaultFreeIQR if 0): for
// n members spread evenly over the prior the sample IQR share has a
// standard deviation near 1/√n, so 0.7 is three of those below 1 at n = 100.
func (r *Result) Marginals(freeIQR float64) []Marginal {
	if freeIQR == 0 {
		freeIQR = DefaultFreeIQR
	}
	ens := r.Ensemble()
	ms := make([]Marginal, len(r.Problem.Inputs))
	for j, in := range r.Problem.Inputs {
		m := Marginal{Name: in.Name, Min: math.NaN(), Max: math.NaN(), IQRShare: math.NaN(), RangeShare: math.NaN()}
		m.PriorLo, m.PriorHi = in.Bounds()
		for q, prob := range MarginalProbs {
			m.PriorQuantiles[q] = in.Prior.Quantile(prob)
			m.Quantiles[q] = math.NaN()
		}
		if len(ens) > 0 {
			v := make([]float64, len(ens))
			for i, run := range ens {
				v[i] = run.Point.X[j]
			}
			sort.Float64s(v)
			m.Min, m.Max = v[0], v[len(v)-1]
			for q, prob := range MarginalProbs {
				m.Quantiles[q] = stat.Quantile(prob, stat.Empirical, v, nil)
			}
			m.IQRShare = (in.Prior.CDF(m.Quantiles[3]) - in.Prior.CDF(m.Quantiles[1])) / 0.5
			m.RangeShare = in.Prior.CDF(m.Max) - in.Prior.CDF(m.Min)
			m.Constrained = m.IQRShare < freeIQR
		}
		ms[j] = m
	}
	return ms
}

// SwitchMarginal summarizes one switch over the ensemble.
type SwitchMarginal struct {
	Name         string
	Alternatives []string
	Counts       []int     // kept members per alternative
	Shares       []float64 // Counts / members (NaN without members)
	// Constrained is true when some alternative's kept share is below half
	// its prior share 1/K: the targets disfavour it.
	Constrained bool
}

// SwitchMarginals summarizes each switch over the ensemble.
func (r *Result) SwitchMarginals() []SwitchMarginal {
	ens := r.Ensemble()
	ms := make([]SwitchMarginal, len(r.Problem.Switches))
	for k, s := range r.Problem.Switches {
		m := SwitchMarginal{Name: s.Name, Alternatives: s.Alternatives, Counts: make([]int, len(s.Alternatives)), Shares: make([]float64, len(s.Alternatives))}
		for _, run := range ens {
			m.Counts[run.Point.Choice[k]]++
		}
		for a, n := range m.Counts {
			m.Shares[a] = float64(n) / float64(len(ens))
			if len(ens) > 0 && m.Shares[a] < 0.5/float64(len(s.Alternatives)) {
				m.Constrained = true
			}
		}
		ms[k] = m
	}
	return ms
}

// Pair holds the data of one 2-D plot: two inputs' values over the runs,
// kept and ruled out.
type Pair struct {
	X, Y     int          // indices into Problem.Inputs
	Kept     [][2]float64 // (x, y) of each ensemble member
	RuledOut [][2]float64 // (x, y) of each simulated run not kept
}

// Pairs returns one Pair for each two inputs (X < Y), in order.
func (r *Result) Pairs() []Pair {
	n := len(r.Problem.Inputs)
	var ps []Pair
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			p := Pair{X: a, Y: b}
			for _, w := range r.Waves {
				for _, run := range w.Runs {
					xy := [2]float64{run.Point.X[a], run.Point.X[b]}
					if run.Kept {
						p.Kept = append(p.Kept, xy)
					} else {
						p.RuledOut = append(p.RuledOut, xy)
					}
				}
			}
			ps = append(ps, p)
		}
	}
	return ps
}
