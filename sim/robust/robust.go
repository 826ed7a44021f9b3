// Package robust compares alternatives across an ensemble of plausible
// worlds (the members of a history-matched ensemble, each a draw from the
// space the evidence does not rule out): how often each alternative is the
// best, its expected rank, its regret in each world, and which choice holds
// up in every world rather than only in some (Savage 1951 for minimax
// regret; Lempert, Popper & Bankes 2003 and Kwakkel 2017 for robustness
// across scenarios).
//
// For effects e[m][a] (member m, alternative a; larger is better with
// Maximize, smaller with Minimize), in each member:
//
//	best_m     = max_a e[m][a]                        (min with Minimize)
//	regret[m][a] = best_m − e[m][a]                   (e[m][a] − best_m with Minimize)
//	rank[m][a] = 1 + #{b: e[m][b] better than e[m][a]} + (#{b ≠ a: e[m][b] = e[m][a]})/2
//
// An alternative tied for best with k − 1 others gets 1/k of the member.
// Across the M members:
//
//	P(best)_a = (Σ_m credit[m][a]) / M,   E[rank]_a = mean_m rank[m][a]
//	mean regret = mean_m regret[m][a],    worst-case regret = max_m regret[m][a]
//
// P(best) is the share of the ensemble's members in which a is best, each
// member a draw from the not-ruled-out space; its interval is Wilson's
// score interval (Wilson 1927) for a binomial share of M draws. It says
// how precisely the members estimate the share, not how sure the members
// themselves are: their own noise enters through Options.SE.
package robust

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Sense says whether larger or smaller effects are better.
type Sense uint8

// The senses.
const (
	Maximize Sense = iota // e.g. heroin kept from markets per dollar
	Minimize              // e.g. cost per kg kept from markets
)

// String returns the sense's name.
func (s Sense) String() string {
	switch s {
	case Maximize:
		return "maximize"
	case Minimize:
		return "minimize"
	}
	return fmt.Sprintf("Sense(%d)", uint8(s))
}

// better reports whether x is better than y.
func (s Sense) better(x, y float64) bool {
	if s == Minimize {
		return x < y
	}
	return x > y
}

// Options tunes the analysis; zero values take the defaults named.
type Options struct {
	Sense Sense
	// SE holds each effect's standard error (same shape as the effects;
	// nil for none). Within a member, a regret counts as noise when
	//
	//	regret[m][a] ≤ Z · sqrt(SE[m][a]² + SE[m][b]²)
	//
	// with b the member's best alternative.
	SE [][]float64
	// Z is the multiple of the standard error of a difference within which
	// a regret is noise (default 2).
	Z float64
	// Tolerance is a regret small enough to ignore whatever the noise, in
	// the effects' unit (default 0).
	Tolerance float64
	// RobustShare is the P(best) at which an alternative is robust on its
	// own (default 0.9).
	RobustShare float64
	// Level is the confidence level of the P(best) interval (default 0.95).
	Level float64
}

func (o Options) withDefaults() Options {
	if o.Z == 0 {
		o.Z = 2
	}
	if o.RobustShare == 0 {
		o.RobustShare = 0.9
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	return o
}

// Verdict classifies an alternative across the ensemble.
type Verdict uint8

// The verdicts, from the strongest.
const (
	// Dominant: best in at least Options.RobustShare of the members.
	Dominant Verdict = iota + 1
	// NearBest: in every member, best or within the noise (or the
	// tolerance) of the best.
	NearBest
	// SomeWorlds: best in some members, but neither of the above.
	SomeWorlds
	// Never: best in no member, and not near-best in all.
	Never
)

// String returns the verdict in words.
func (v Verdict) String() string {
	switch v {
	case Dominant:
		return "robust (best in nearly every member)"
	case NearBest:
		return "robust (within the noise of the best in every member)"
	case SomeWorlds:
		return "best only in some members"
	case Never:
		return "never best"
	}
	return fmt.Sprintf("Verdict(%d)", uint8(v))
}

// Robust reports whether the verdict is Dominant or NearBest.
func (v Verdict) Robust() bool { return v == Dominant || v == NearBest }

// Alternative is one alternative's record across the members.
type Alternative struct {
	Index            int     // column of the effects
	Wins             float64 // members in which it is best (ties split)
	PBest            float64 // Wins / members
	PBestLo, PBestHi float64 // Wilson interval of PBest at Options.Level
	ExpectedRank     float64
	Regret           []float64 // per member
	MeanRegret       float64
	MaxRegret        float64
	WorstMember      int     // the member of MaxRegret (the first)
	NearBestShare    float64 // share of members where its regret is within the noise
	Verdict          Verdict
}

// Result is the analysis of one effects matrix.
type Result struct {
	Members      int
	Alternatives []Alternative
	// Minimax is the alternative with the smallest worst-case regret (the
	// smaller mean regret among equals, then the first).
	Minimax int
	Options Options
}

// InputError reports a bad argument.
type InputError struct {
	Field   string // such as "effects[3][1]"
	Problem string
}

func (e *InputError) Error() string { return "robust: " + e.Field + ": " + e.Problem }

// ErrEmpty is returned (wrapped) for no members or no alternatives.
var ErrEmpty = errors.New("robust: nothing to compare")

// Analyze compares the alternatives (columns) across the members (rows) of
// effects (see the package doc).
func Analyze(effects [][]float64, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	if err := checkMatrix("effects", effects, func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }); err != nil {
		return nil, err
	}
	M, A := len(effects), len(effects[0])
	if opt.SE != nil {
		if len(opt.SE) != M {
			return nil, &InputError{"se", fmt.Sprintf("%d rows for %d members", len(opt.SE), M)}
		}
		if err := checkMatrix("se", opt.SE, func(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }); err != nil {
			return nil, err
		}
		if len(opt.SE[0]) != A {
			return nil, &InputError{"se", fmt.Sprintf("%d columns for %d alternatives", len(opt.SE[0]), A)}
		}
	}
	if !(opt.RobustShare > 0 && opt.RobustShare <= 1) || !(opt.Level > 0 && opt.Level < 1) || !(opt.Z >= 0) || !(opt.Tolerance >= 0) {
		return nil, &InputError{"options", fmt.Sprintf("robust share %g (want 0 to 1), level %g (want 0 to 1), z %g and tolerance %g (want ≥ 0)",
			opt.RobustShare, opt.Level, opt.Z, opt.Tolerance)}
	}
	r := &Result{Members: M, Alternatives: make([]Alternative, A), Options: opt}
	for a := range r.Alternatives {
		r.Alternatives[a] = Alternative{Index: a, Regret: make([]float64, M), WorstMember: -1, MaxRegret: math.Inf(-1)}
	}
	near := make([]int, A)
	for m, row := range effects {
		best := 0
		for a := range row {
			if opt.Sense.better(row[a], row[best]) {
				best = a
			}
		}
		tied := 0
		for _, v := range row {
			if v == row[best] {
				tied++
			}
		}
		for a, v := range row {
			alt := &r.Alternatives[a]
			regret := math.Abs(row[best] - v)
			alt.Regret[m] = regret
			alt.MeanRegret += regret / float64(M)
			if regret > alt.MaxRegret {
				alt.MaxRegret, alt.WorstMember = regret, m
			}
			if v == row[best] {
				alt.Wins += 1 / float64(tied)
			}
			better, equal := 0, 0
			for b, w := range row {
				switch {
				case opt.Sense.better(w, v):
					better++
				case w == v && b != a:
					equal++
				}
			}
			alt.ExpectedRank += (1 + float64(better) + float64(equal)/2) / float64(M)
			noise := 0.0
			if opt.SE != nil {
				noise = opt.Z * math.Hypot(opt.SE[m][a], opt.SE[m][best])
			}
			if regret <= math.Max(noise, opt.Tolerance) {
				near[a]++
			}
		}
	}
	for a := range r.Alternatives {
		alt := &r.Alternatives[a]
		alt.PBest = alt.Wins / float64(M)
		alt.PBestLo, alt.PBestHi = Wilson(alt.Wins, float64(M), opt.Level)
		alt.NearBestShare = float64(near[a]) / float64(M)
		switch {
		case alt.PBest >= opt.RobustShare:
			alt.Verdict = Dominant
		case near[a] == M:
			alt.Verdict = NearBest
		case alt.Wins > 0:
			alt.Verdict = SomeWorlds
		default:
			alt.Verdict = Never
		}
		m := &r.Alternatives[r.Minimax]
		if alt.MaxRegret < m.MaxRegret || (alt.MaxRegret == m.MaxRegret && alt.MeanRegret < m.MeanRegret) {
			r.Minimax = a
		}
	}
	return r, nil
}

// checkMatrix refuses an empty, ragged or badly valued matrix.
func checkMatrix(name string, x [][]float64, ok func(float64) bool) error {
	if len(x) == 0 || len(x[0]) == 0 {
		return fmt.Errorf("%w: %s has no members or no alternatives", ErrEmpty, name)
	}
	var errs []error
	for m, row := range x {
		if len(row) != len(x[0]) {
			errs = append(errs, &InputError{fmt.Sprintf("%s[%d]", name, m), fmt.Sprintf("%d alternatives (the first member has %d)", len(row), len(x[0]))})
			continue
		}
		for a, v := range row {
			if !ok(v) {
				errs = append(errs, &InputError{fmt.Sprintf("%s[%d][%d]", name, m, a), fmt.Sprintf("%g is not allowed", v)})
			}
		}
	}
	return errors.Join(errs...)
}

// Wilson returns Wilson's score interval for a share of k successes in n
// trials at the given confidence level, with z = Φ⁻¹(1 − (1 − level)/2)
// and p = k/n:
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²)
//
// It stays inside [0, 1] and is sound for shares near 0 or 1, where the
// normal interval is not. k may be fractional (tied members split).
func Wilson(k, n, level float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	p := k / n
	d := 1 + z*z/n
	centre := (p + z*z/(2*n)) / d
	half := z / d * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// Interval is a range of an estimate, such as a cost per unit's confidence
// interval in one member.
type Interval struct{ Lo, Hi float64 }

// Exclusion returns, for every ordered pair of alternatives (a, b), the
// share of members in which a's interval lies wholly on the better side of
// b's (a.Hi < b.Lo with Minimize, a.Lo > b.Hi with Maximize): how often the
// members can tell a is better than b despite their own noise. Infinite
// bounds are allowed (a cost per unit with no effect); NaN is not. The
// diagonal is 0.
func Exclusion(intervals [][]Interval, sense Sense) ([][]float64, error) {
	if len(intervals) == 0 || len(intervals[0]) == 0 {
		return nil, fmt.Errorf("%w: no intervals", ErrEmpty)
	}
	A := len(intervals[0])
	var errs []error
	for m, row := range intervals {
		if len(row) != A {
			errs = append(errs, &InputError{fmt.Sprintf("intervals[%d]", m), fmt.Sprintf("%d alternatives (the first member has %d)", len(row), A)})
			continue
		}
		for a, iv := range row {
			if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) || iv.Lo > iv.Hi {
				errs = append(errs, &InputError{fmt.Sprintf("intervals[%d][%d]", m, a), fmt.Sprintf("[%g, %g] (want Lo ≤ Hi, numbers)", iv.Lo, iv.Hi)})
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([][]float64, A)
	for a := range out {
		out[a] = make([]float64, A)
	}
	for _, row := range intervals {
		for a, x := range row {
			for b, y := range row {
				if a != b && ((sense == Minimize && x.Hi < y.Lo) || (sense == Maximize && x.Lo > y.Hi)) {
					out[a][b]++
				}
			}
		}
	}
	for a := range out {
		for b := range out[a] {
			out[a][b] /= float64(len(intervals))
		}
	}
	return out, nil
}
