package history

import (
	"errors"
	"fmt"
	"math"
)

// Prior is an uncertain input's distribution over a bounded range. Its
// quantile function maps prior probability u in [0, 1] to the input's value
// and its CDF maps back. Uniform and LogUniform implement it, and so do
// gonum's distuv.Uniform and distuv.Triangle.
type Prior interface {
	CDF(x float64) float64
	Quantile(p float64) float64
}

// Uniform is the uniform prior on [Lo, Hi].
type Uniform struct{ Lo, Hi float64 }

// CDF returns (x − Lo)/(Hi − Lo), clamped to [0, 1].
func (u Uniform) CDF(x float64) float64 { return clamp01((x - u.Lo) / (u.Hi - u.Lo)) }

// Quantile returns Lo + p·(Hi − Lo).
func (u Uniform) Quantile(p float64) float64 { return u.Lo + p*(u.Hi-u.Lo) }

// LogUniform is the prior whose logarithm is uniform on [log Lo, log Hi]
// (0 < Lo < Hi): each factor of ten is as likely as the next, for a
// quantity known only to its order of magnitude.
type LogUniform struct{ Lo, Hi float64 }

// CDF returns log(x/Lo)/log(Hi/Lo), clamped to [0, 1].
func (l LogUniform) CDF(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return clamp01(math.Log(x/l.Lo) / math.Log(l.Hi/l.Lo))
}

// Quantile returns Lo·(Hi/Lo)^p.
func (l LogUniform) Quantile(p float64) float64 { return l.Lo * math.Pow(l.Hi/l.Lo, p) }

// Input is one varied input and its prior.
type Input struct {
	Name  string
	Prior Prior
}

// Bounds returns the prior's range, Quantile(0) to Quantile(1).
func (in Input) Bounds() (lo, hi float64) { return in.Prior.Quantile(0), in.Prior.Quantile(1) }

// Switch is a contested fact: a categorical input with its alternatives,
// each equally likely a priori.
type Switch struct {
	Name         string
	Alternatives []string
}

// Target is one observation the simulator must reproduce.
type Target struct {
	Name        string
	Observed    float64 // z
	ObsVar      float64 // V_o: variance of the observation's error
	Discrepancy float64 // V_d: model discrepancy variance (a stated assumption)
}

// NewTarget returns a target whose observation is the range [lo, hi] read as
// a 95% interval (±2 standard deviations) of a normal error,
//
//	z = (lo + hi)/2,   V_o = ((hi − lo)/4)²
//
// and whose discrepancy has a standard deviation of the fraction
// discrepancy of |z|: V_d = (discrepancy·z)². A point value with a
// tolerance tol is the range [z(1 − tol), z(1 + tol)] (targets.Target's
// Bounds); a point value with no tolerance has V_o = 0 and needs a
// discrepancy.
func NewTarget(name string, lo, hi, discrepancy float64) Target {
	z := (lo + hi) / 2
	return Target{Name: name, Observed: z, ObsVar: (hi - lo) * (hi - lo) / 16, Discrepancy: discrepancy * discrepancy * z * z}
}

// SimVariance says which stochastic variance enters the implausibility.
type SimVariance uint8

// The choices of stochastic variance.
const (
	// MeanVariance is the variance of the replication mean, s²/r: the
	// simulator's expected output is compared with the observation.
	MeanVariance SimVariance = iota
	// RunVariance is s²(1 + 1/r): the observed world is one run of the
	// stochastic process (Andrianakis et al. 2015).
	RunVariance
)

// String returns the choice's name.
func (v SimVariance) String() string {
	switch v {
	case MeanVariance:
		return "mean"
	case RunVariance:
		return "run"
	}
	return fmt.Sprintf("SimVariance(%d)", uint8(v))
}

// DefaultCutoff is the implausibility beyond which a point is ruled out.
const DefaultCutoff = 3

// Problem is what is calibrated against what.
type Problem struct {
	Inputs   []Input
	Switches []Switch
	Targets  []Target
	// Cutoff rules out a point whose score exceeds it (DefaultCutoff if 0).
	Cutoff float64
	// CutoffRank picks the score: 1 (the default, if 0) the largest
	// implausibility over targets, 2 the second largest, 3 the third.
	CutoffRank  int
	SimVariance SimVariance
}

// InputError reports one bad field of a Problem, Config or Output.
type InputError struct {
	Field   string // such as "targets[2].obs_var"
	Problem string // what is wrong and what is allowed
}

func (e *InputError) Error() string { return "history: " + e.Field + ": " + e.Problem }

func inputErr(field, format string, args ...any) error {
	return &InputError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Validate reports every problem at once (errors.Join of *InputError).
func (p Problem) Validate() error {
	var errs []error
	if len(p.Inputs)+len(p.Switches) == 0 {
		errs = append(errs, inputErr("inputs", "nothing is varied"))
	}
	names := map[string]bool{}
	name := func(field, n string) {
		switch {
		case n == "":
			errs = append(errs, inputErr(field, "no name"))
		case names[n]:
			errs = append(errs, inputErr(field, "%q is varied twice", n))
		}
		names[n] = true
	}
	for i, in := range p.Inputs {
		f := fmt.Sprintf("inputs[%d]", i)
		name(f+".name", in.Name)
		if in.Prior == nil {
			errs = append(errs, inputErr(f+".prior", "no prior"))
			continue
		}
		lo, hi := in.Bounds()
		if !finite(lo) || !finite(hi) || !(lo < hi) {
			errs = append(errs, inputErr(f+".prior", "range %g to %g (want finite, low below high)", lo, hi))
		}
	}
	for i, s := range p.Switches {
		f := fmt.Sprintf("switches[%d]", i)
		name(f+".name", s.Name)
		if len(s.Alternatives) < 2 {
			errs = append(errs, inputErr(f+".alternatives", "%d alternatives (want at least 2)", len(s.Alternatives)))
		}
	}
	if len(p.Targets) == 0 {
		errs = append(errs, inputErr("targets", "no targets"))
	}
	for i, t := range p.Targets {
		f := fmt.Sprintf("targets[%d]", i)
		if t.Name == "" {
			errs = append(errs, inputErr(f+".name", "no name"))
		}
		if !finite(t.Observed) {
			errs = append(errs, inputErr(f+".observed", "%g is not a number", t.Observed))
		}
		if !finite(t.ObsVar) || t.ObsVar < 0 || !finite(t.Discrepancy) || t.Discrepancy < 0 {
			errs = append(errs, inputErr(f, "variances %g and %g (want finite and ≥ 0)", t.ObsVar, t.Discrepancy))
		} else if t.ObsVar+t.Discrepancy == 0 {
			errs = append(errs, inputErr(f, "no observation variance and no discrepancy: state the observation's uncertainty or the model's"))
		}
	}
	if p.Cutoff < 0 || math.IsNaN(p.Cutoff) {
		errs = append(errs, inputErr("cutoff", "%g (want > 0, or 0 for %d)", p.Cutoff, DefaultCutoff))
	}
	if p.CutoffRank < 0 || p.CutoffRank > 3 || (len(p.Targets) > 0 && p.CutoffRank > len(p.Targets)) {
		errs = append(errs, inputErr("cutoff_rank", "%d (want 1 to 3, at most the %d targets)", p.CutoffRank, len(p.Targets)))
	}
	if p.SimVariance > RunVariance {
		errs = append(errs, inputErr("sim_variance", "%v (want mean or run)", p.SimVariance))
	}
	return errors.Join(errs...)
}

func (p Problem) cutoff() float64 {
	if p.Cutoff == 0 {
		return DefaultCutoff
	}
	return p.Cutoff
}

func (p Problem) rank() int { return max(1, p.CutoffRank) }

// dims returns the number of dimensions of the unit cube: inputs, then
// switches.
func (p Problem) dims() int { return len(p.Inputs) + len(p.Switches) }

// point maps prior-probability units to a Point: each input's quantile,
// each switch's alternative floor(u·K).
func (p Problem) point(u []float64) Point {
	pt := Point{X: make([]float64, len(p.Inputs)), Choice: make([]int, len(p.Switches))}
	for j, in := range p.Inputs {
		pt.X[j] = in.Prior.Quantile(clamp01(u[j]))
	}
	for k, s := range p.Switches {
		pt.Choice[k] = choice(u[len(p.Inputs)+k], len(s.Alternatives))
	}
	return pt
}

func choice(u float64, k int) int { return min(k-1, max(0, int(u*float64(k)))) }

// coords returns the emulator's coordinates of u: continuous inputs in
// prior-probability units, switches as their alternative's code.
func (p Problem) coords(u []float64) []float64 {
	c := append([]float64(nil), u...)
	for k, s := range p.Switches {
		j := len(p.Inputs) + k
		c[j] = float64(choice(u[j], len(s.Alternatives)))
	}
	return c
}

// Point is one setting of the varied inputs.
type Point struct {
	X      []float64 // one value per Problem.Inputs, in the input's units
	Choice []int     // one per Problem.Switches: an index into its Alternatives
}

func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
