// Package prim finds the conditions under which an outcome holds, by the
// patient rule induction method (PRIM; Friedman & Fisher 1999, "Bump hunting
// in high-dimensional data"), as the EMA Workbench uses it for scenario
// discovery (Bryant & Lempert 2010; Kwakkel 2017): given an ensemble's inputs
// and, per member, whether the outcome of interest holds ("alternative X is
// best"), it finds a box — a range per input — inside which the outcome is
// common, and says it in words.
//
// For a box B over N rows of which H have the outcome, with n_B rows in B
// and h_B of them with the outcome:
//
//	coverage = h_B / H     (the share of the outcome's cases the box explains)
//	density  = h_B / n_B   (the share of the box's cases with the outcome)
//	mass     = n_B / N
//
// Peeling starts from the box of all rows and repeatedly removes a thin
// slice: for a continuous input, the rows below its α quantile or above its
// 1 − α quantile within the box; for a categorical input, one of its
// categories. Of the candidate peels that leave at least MinMass of the
// rows, it takes the one with the best objective (EMA Workbench's default,
// "lenient1": the gain in mean per row removed)
//
//	obj = (mean_new − mean_old) / (n_old − n_new)
//
// preferring, among equal objectives, a peel that restricts no new input,
// and stops when no candidate has obj > 0. Each box on the way is one point
// of the peeling trajectory, which trades coverage for density. A box is
// chosen on the trajectory (Config.Select), then pasted: limits of its
// restricted inputs are widened again, a slice of α·n_B rows (or one
// category) at a time, while that raises the mean. Last, restrictions that
// chance explains (quasi-p-value above Config.MaxQP, below) are lifted, the
// least significant first. Inputs whose limits end at the data's range are
// not restricted and not reported.
//
// Each restriction carries a quasi-p-value (Bryant & Lempert 2010): the
// one-sided binomial probability of the box's h_B hits or more among its
// n_B rows if the hit rate were that of the box without the restriction,
//
//	qp = P(X ≥ h_B),  X ~ Binomial(n_B, h'/n')
//
// where n', h' count the rows of the box with that input unrestricted. A
// large qp says the restriction adds little.
package prim

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Column is one input over the rows: continuous (Values) or categorical
// (Levels and Codes).
type Column struct {
	Name   string
	Unit   string    // printed after values in sentences ("" for none)
	Values []float64 // continuous: one value per row
	Levels []string  // categorical: the categories' names
	Codes  []int     // categorical: per row, an index into Levels
}

// Continuous returns a continuous column.
func Continuous(name, unit string, values []float64) Column {
	return Column{Name: name, Unit: unit, Values: values}
}

// Categorical returns a categorical column.
func Categorical(name string, levels []string, codes []int) Column {
	return Column{Name: name, Levels: levels, Codes: codes}
}

// IsCategorical reports whether the column is categorical.
func (c Column) IsCategorical() bool { return c.Levels != nil }

func (c Column) rows() int {
	if c.IsCategorical() {
		return len(c.Codes)
	}
	return len(c.Values)
}

// Selection says which box of the peeling trajectory is chosen.
type Selection uint8

// The selection rules.
const (
	// Knee chooses the box with the largest harmonic mean of coverage and
	// density, 2·c·d/(c + d): where peeling stops buying density with
	// little coverage and starts losing coverage for little density.
	Knee Selection = iota
	// BestDensity chooses the densest box with coverage ≥
	// Config.MinCoverage (the largest coverage among equal densities).
	BestDensity
)

// String returns the rule's name.
func (s Selection) String() string {
	switch s {
	case Knee:
		return "knee"
	case BestDensity:
		return "best density"
	}
	return fmt.Sprintf("Selection(%d)", uint8(s))
}

// Config tunes PRIM; zero values take the defaults named.
type Config struct {
	Alpha       float64   // peeling fraction (default 0.05)
	PasteAlpha  float64   // pasting fraction (default Alpha)
	MinMass     float64   // smallest box, as a share of the rows (default 0.05)
	Select      Selection // which trajectory box is chosen (default Knee)
	MinCoverage float64   // for BestDensity (default 0.5)
	// MaxQP lifts, after pasting, the restriction with the largest
	// quasi-p-value while that exceeds MaxQP (default 0.05; negative keeps
	// every restriction): a restriction that chance explains as well is
	// noise, not a condition.
	MaxQP float64
}

// MinRows is the fewest rows PRIM accepts.
const MinRows = 10

// Errors a caller may branch on; Find wraps them with detail.
var (
	ErrTooFewRows = errors.New("prim: too few rows")
	ErrNoContrast = errors.New("prim: the outcome does not vary")
)

// InputError reports one bad argument.
type InputError struct {
	Field   string
	Problem string
}

func (e *InputError) Error() string { return "prim: " + e.Field + ": " + e.Problem }

func inputErr(field, format string, args ...any) error {
	return &InputError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Limit is a box's restriction of one column: Lo ≤ x ≤ Hi for a continuous
// column, In[code] for a categorical one.
type Limit struct {
	Lo, Hi float64
	In     []bool
}

// Box is a box with its statistics.
type Box struct {
	Limits   []Limit // one per column
	Rows     int     // n_B
	Hits     int     // h_B
	Coverage float64
	Density  float64
	Mass     float64
}

// Result is PRIM's answer.
type Result struct {
	Columns    []Column
	Trajectory []Box // from the box of all rows to the last peel
	Chosen     int   // the trajectory box chosen by Config.Select
	Box        Box   // that box after pasting: the answer
	N, H       int   // rows, and rows with the outcome
	Config     Config

	y    []bool
	full []Limit // the data's range: the box of all rows
}

// Find runs PRIM over the columns for the outcome y (one per row).
func Find(cols []Column, y []bool, cfg Config) (*Result, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := check(cols, y); err != nil {
		return nil, err
	}
	r := &Result{Columns: cols, N: len(y), y: y, Config: cfg}
	for _, v := range y {
		if v {
			r.H++
		}
	}
	switch r.H {
	case 0:
		return nil, fmt.Errorf("%w: no row of %d has the outcome", ErrNoContrast, r.N)
	case r.N:
		return nil, fmt.Errorf("%w: every row of %d has the outcome", ErrNoContrast, r.N)
	}
	r.full = make([]Limit, len(cols))
	for j, c := range cols {
		if c.IsCategorical() {
			r.full[j].In = make([]bool, len(c.Levels))
			for i := range r.full[j].In {
				r.full[j].In[i] = true
			}
			continue
		}
		r.full[j].Lo, r.full[j].Hi = math.Inf(1), math.Inf(-1)
		for _, v := range c.Values {
			r.full[j].Lo, r.full[j].Hi = math.Min(r.full[j].Lo, v), math.Max(r.full[j].Hi, v)
		}
	}
	r.peel()
	switch cfg.Select {
	case BestDensity:
		r.Chosen = BestDensityBox(r.Trajectory, cfg.MinCoverage)
	default:
		r.Chosen = KneeBox(r.Trajectory)
	}
	r.Box = r.lift(r.paste(r.Trajectory[r.Chosen]))
	return r, nil
}

func (c Config) withDefaults() (Config, error) {
	if c.Alpha == 0 {
		c.Alpha = 0.05
	}
	if c.PasteAlpha == 0 {
		c.PasteAlpha = c.Alpha
	}
	if c.MinMass == 0 {
		c.MinMass = 0.05
	}
	if c.MinCoverage == 0 {
		c.MinCoverage = 0.5
	}
	if c.MaxQP == 0 {
		c.MaxQP = 0.05
	}
	var errs []error
	if !(c.Alpha > 0 && c.Alpha < 0.5) {
		errs = append(errs, inputErr("alpha", "%g (want between 0 and 0.5)", c.Alpha))
	}
	if !(c.PasteAlpha > 0 && c.PasteAlpha < 0.5) {
		errs = append(errs, inputErr("paste_alpha", "%g (want between 0 and 0.5)", c.PasteAlpha))
	}
	if !(c.MinMass > 0 && c.MinMass < 1) {
		errs = append(errs, inputErr("min_mass", "%g (want between 0 and 1)", c.MinMass))
	}
	if !(c.MinCoverage > 0 && c.MinCoverage <= 1) {
		errs = append(errs, inputErr("min_coverage", "%g (want above 0, at most 1)", c.MinCoverage))
	}
	if c.Select > BestDensity {
		errs = append(errs, inputErr("select", "%v (want knee or best density)", c.Select))
	}
	return c, errors.Join(errs...)
}

// check refuses columns that do not fit the rows or hold bad values.
func check(cols []Column, y []bool) error {
	if len(y) < MinRows {
		return fmt.Errorf("%w: %d (want at least %d)", ErrTooFewRows, len(y), MinRows)
	}
	if len(cols) == 0 {
		return inputErr("columns", "none")
	}
	var errs []error
	for j, c := range cols {
		f := fmt.Sprintf("columns[%d] (%s)", j, c.Name)
		if c.Name == "" {
			errs = append(errs, inputErr(f, "no name"))
		}
		if c.rows() != len(y) {
			errs = append(errs, inputErr(f, "%d rows for %d outcomes", c.rows(), len(y)))
			continue
		}
		if c.IsCategorical() {
			if len(c.Levels) == 0 {
				errs = append(errs, inputErr(f, "no levels"))
			}
			for i, k := range c.Codes {
				if k < 0 || k >= len(c.Levels) {
					errs = append(errs, inputErr(f, "row %d: code %d (want 0 to %d)", i, k, len(c.Levels)-1))
					break
				}
			}
			continue
		}
		for i, v := range c.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, inputErr(f, "row %d: %g is not a number", i, v))
				break
			}
		}
	}
	return errors.Join(errs...)
}

// inside reports whether row i lies in the limits, skipping column skip
// (−1 for none).
func (r *Result) inside(lim []Limit, i, skip int) bool {
	for j, c := range r.Columns {
		if j == skip {
			continue
		}
		if c.IsCategorical() {
			if !lim[j].In[c.Codes[i]] {
				return false
			}
		} else if v := c.Values[i]; v < lim[j].Lo || v > lim[j].Hi {
			return false
		}
	}
	return true
}

// box returns the box of the limits with its statistics.
func (r *Result) box(lim []Limit) Box {
	b := Box{Limits: lim}
	for i := range r.y {
		if r.inside(lim, i, -1) {
			b.Rows++
			if r.y[i] {
				b.Hits++
			}
		}
	}
	r.stats(&b)
	return b
}

func (r *Result) stats(b *Box) {
	b.Coverage = float64(b.Hits) / float64(r.H)
	b.Mass = float64(b.Rows) / float64(r.N)
	b.Density = 0
	if b.Rows > 0 {
		b.Density = float64(b.Hits) / float64(b.Rows)
	}
}

// restricted reports whether column j's limit is narrower than the data's.
func (r *Result) restricted(lim []Limit, j int) bool {
	if r.Columns[j].IsCategorical() {
		for k, in := range lim[j].In {
			if !in && r.full[j].In[k] {
				return true
			}
		}
		return false
	}
	return lim[j].Lo > r.full[j].Lo || lim[j].Hi < r.full[j].Hi
}

func (r *Result) nRestricted(lim []Limit) int {
	n := 0
	for j := range lim {
		if r.restricted(lim, j) {
			n++
		}
	}
	return n
}

// candidate is a peel or paste: new limits and the rows they hold.
type candidate struct {
	lim        []Limit
	rows, hits int
}

func cloneLimits(lim []Limit) []Limit {
	out := make([]Limit, len(lim))
	for j, l := range lim {
		out[j] = Limit{Lo: l.Lo, Hi: l.Hi}
		if l.In != nil {
			out[j].In = append([]bool(nil), l.In...)
		}
	}
	return out
}

// peel builds the peeling trajectory.
func (r *Result) peel() {
	lim := cloneLimits(r.full)
	cur := r.box(lim)
	r.Trajectory = []Box{cur}
	minRows := int(math.Ceil(r.Config.MinMass * float64(r.N)))
	for {
		var in []int
		for i := range r.y {
			if r.inside(lim, i, -1) {
				in = append(in, i)
			}
		}
		best, bestObj, bestFree := candidate{}, 0.0, -1
		for _, c := range r.peels(lim, in) {
			if c.rows < minRows || c.rows >= cur.Rows {
				continue
			}
			obj := (float64(c.hits)/float64(c.rows) - cur.Density) / float64(cur.Rows-c.rows)
			free := len(lim) - r.nRestricted(c.lim)
			if obj > bestObj || (obj == bestObj && obj > 0 && free > bestFree) {
				best, bestObj, bestFree = c, obj, free
			}
		}
		if bestObj <= 0 {
			return
		}
		lim = best.lim
		cur = Box{Limits: lim, Rows: best.rows, Hits: best.hits}
		r.stats(&cur)
		r.Trajectory = append(r.Trajectory, cur)
	}
}

// peels returns every candidate peel of the box lim holding rows in: for
// each continuous column the lower and the upper α slice, for each
// categorical column each category still in the box (if another remains).
func (r *Result) peels(lim []Limit, in []int) []candidate {
	var out []candidate
	m := len(in)
	k := max(1, int(r.Config.Alpha*float64(m)))
	vals := make([]float64, m)
	for j, c := range r.Columns {
		if c.IsCategorical() {
			count := make([]int, len(c.Levels))
			for _, i := range in {
				count[c.Codes[i]]++
			}
			present := 0
			for _, n := range count {
				if n > 0 {
					present++
				}
			}
			if present < 2 {
				continue
			}
			for level, n := range count {
				if n == 0 {
					continue
				}
				nl := cloneLimits(lim)
				nl[j].In[level] = false
				out = append(out, r.count(nl, in, j))
			}
			continue
		}
		for n, i := range in {
			vals[n] = c.Values[i]
		}
		sort.Float64s(vals)
		if vals[0] == vals[m-1] {
			continue
		}
		lo := vals[min(k, m-1)]
		if lo == vals[0] {
			lo = vals[sort.Search(m, func(n int) bool { return vals[n] > vals[0] })]
		}
		nl := cloneLimits(lim)
		nl[j].Lo = lo
		out = append(out, r.count(nl, in, j))
		hi := vals[max(m-1-k, 0)]
		if hi == vals[m-1] {
			hi = vals[sort.Search(m, func(n int) bool { return vals[n] >= vals[m-1] })-1]
		}
		nl = cloneLimits(lim)
		nl[j].Hi = hi
		out = append(out, r.count(nl, in, j))
	}
	return out
}

// count counts the rows of in (all inside the box lim narrows at column j
// alone) that lie inside lim, and their hits.
func (r *Result) count(lim []Limit, in []int, j int) candidate {
	c := candidate{lim: lim}
	col := r.Columns[j]
	for _, i := range in {
		var ok bool
		if col.IsCategorical() {
			ok = lim[j].In[col.Codes[i]]
		} else {
			ok = col.Values[i] >= lim[j].Lo && col.Values[i] <= lim[j].Hi
		}
		if ok {
			c.rows++
			if r.y[i] {
				c.hits++
			}
		}
	}
	return c
}

// paste widens the box's restricted limits while that raises its mean
// (lenient objective, as for peeling): for a continuous limit, to take in
// the PasteAlpha·n_B nearest rows beyond it that meet the other limits; for
// a categorical one, one category back.
func (r *Result) paste(b Box) Box {
	lim := cloneLimits(b.Limits)
	cur := b
	for {
		best, bestObj := candidate{}, 0.0
		k := max(1, int(r.Config.PasteAlpha*float64(cur.Rows)))
		for j, c := range r.Columns {
			if !r.restricted(lim, j) {
				continue
			}
			var cands [][]Limit
			if c.IsCategorical() {
				for level, in := range lim[j].In {
					if !in {
						nl := cloneLimits(lim)
						nl[j].In[level] = true
						cands = append(cands, nl)
					}
				}
			} else {
				// rows meeting the other limits, beyond this one
				var below, above []float64
				for i := range r.y {
					if !r.inside(lim, i, j) {
						continue
					}
					switch v := c.Values[i]; {
					case v < lim[j].Lo:
						below = append(below, v)
					case v > lim[j].Hi:
						above = append(above, v)
					}
				}
				if len(below) > 0 {
					sort.Sort(sort.Reverse(sort.Float64Slice(below)))
					nl := cloneLimits(lim)
					nl[j].Lo = below[min(k, len(below))-1]
					cands = append(cands, nl)
				}
				if len(above) > 0 {
					sort.Float64s(above)
					nl := cloneLimits(lim)
					nl[j].Hi = above[min(k, len(above))-1]
					cands = append(cands, nl)
				}
			}
			for _, nl := range cands {
				nb := r.box(nl)
				if nb.Rows <= cur.Rows {
					continue
				}
				obj := (nb.Density - cur.Density) / float64(nb.Rows-cur.Rows)
				if obj > bestObj {
					best, bestObj = candidate{lim: nl, rows: nb.Rows, hits: nb.Hits}, obj
				}
			}
		}
		if bestObj <= 0 {
			return cur
		}
		lim = best.lim
		cur = Box{Limits: lim, Rows: best.rows, Hits: best.hits}
		r.stats(&cur)
	}
}

// lift lifts the box's least significant restriction while its quasi-p
// exceeds Config.MaxQP.
func (r *Result) lift(b Box) Box {
	if r.Config.MaxQP < 0 {
		return b
	}
	for {
		worst, worstQP := -1, r.Config.MaxQP
		for _, rs := range r.Restrictions(b) {
			if rs.QP > worstQP {
				worst, worstQP = rs.Column, rs.QP
			}
		}
		if worst < 0 {
			return b
		}
		lim := cloneLimits(b.Limits)
		lim[worst] = cloneLimits(r.full[worst : worst+1])[0]
		b = r.box(lim)
	}
}

// KneeBox returns the index of the trajectory box with the largest
// harmonic mean of coverage and density (the first among equals).
func KneeBox(traj []Box) int {
	best, bestF := 0, -1.0
	for i, b := range traj {
		f := 0.0
		if b.Coverage+b.Density > 0 {
			f = 2 * b.Coverage * b.Density / (b.Coverage + b.Density)
		}
		if f > bestF {
			best, bestF = i, f
		}
	}
	return best
}

// BestDensityBox returns the index of the densest trajectory box with
// coverage ≥ minCoverage (the first, so the widest, among equal
// densities); the first box if none qualifies.
func BestDensityBox(traj []Box, minCoverage float64) int {
	best := 0
	for i, b := range traj {
		if b.Coverage >= minCoverage && b.Density > traj[best].Density {
			best = i
		}
	}
	return best
}

// Restriction is one restricted column of a box.
type Restriction struct {
	Column       int // index into Result.Columns
	Name, Unit   string
	Lo, Hi       float64  // continuous: the box's limits
	LoCut, HiCut bool     // continuous: whether each side is restricted
	Levels       []string // categorical: the categories kept
	QP           float64  // quasi-p-value (see the package doc)
}

// Restrictions returns the restricted columns of b, in column order.
func (r *Result) Restrictions(b Box) []Restriction {
	var out []Restriction
	for j, c := range r.Columns {
		if !r.restricted(b.Limits, j) {
			continue
		}
		rs := Restriction{Column: j, Name: c.Name, Unit: c.Unit, QP: r.quasiP(b, j)}
		if c.IsCategorical() {
			for k, in := range b.Limits[j].In {
				if in {
					rs.Levels = append(rs.Levels, c.Levels[k])
				}
			}
		} else {
			rs.Lo, rs.Hi = b.Limits[j].Lo, b.Limits[j].Hi
			rs.LoCut, rs.HiCut = rs.Lo > r.full[j].Lo, rs.Hi < r.full[j].Hi
		}
		out = append(out, rs)
	}
	return out
}

// quasiP returns the quasi-p-value of b's restriction of column j.
func (r *Result) quasiP(b Box, j int) float64 {
	rows, hits := 0, 0
	for i := range r.y {
		if r.inside(b.Limits, i, j) {
			rows++
			if r.y[i] {
				hits++
			}
		}
	}
	p0 := float64(hits) / float64(rows)
	if b.Hits == 0 || p0 >= 1 {
		return 1
	}
	return distuv.Binomial{N: float64(b.Rows), P: p0}.Survival(float64(b.Hits - 1))
}
