package history

import (
	"context"
	"errors"
	"fmt"
	"math"

	"hourglass/sim/gp"
	"hourglass/sim/internal/parallel"
)

// Config sets the size and the stopping rules of a calibration. Zero values
// take the defaults named; a negative MinShrink or EmulatorShare turns that
// rule off.
type Config struct {
	Waves         int     // most waves (default 4)
	Runs          int     // points simulated per wave (default 10 per varied input, at least 20)
	FirstRuns     int     // points of wave 1 (default Runs)
	Reps          int     // replications per point, passed in each Job (default 10)
	Candidates    int     // candidates per emulator batch (default 2000)
	MaxCandidates int     // candidates per wave at most, drawn in batches until Runs survive (default 20 × Candidates)
	WholeBox      bool    // draw candidates over the whole prior box, not around the kept points
	Margin        float64 // widening of the region around the kept points, a share of its width (default 0.1)
	MinShrink     float64 // stop when the emulated kept fraction shrinks by less than this share (default 0.1)
	EmulatorShare float64 // stop when emulator variance / other variances is below this for every target (default 0.1)
	MaxTrain      int     // newest runs each emulator is trained on (default 300)
	MaxFit        int     // runs the emulator's hyperparameters are fitted to (default 100; see gp.Options.MaxFitPoints)
	Workers       int     // emulators fitted and evaluated at once (default 1; simulation parallelism is the Simulator's)
	// Members, if positive, keeps the waves going past the emulator and
	// shrinkage rules (not the wave limit) until the ensemble has this many
	// members: once the emulator is sure, another wave adds members.
	Members int
}

func (c Config) withDefaults(p Problem) (Config, error) {
	var errs []error
	for _, f := range []struct {
		name string
		v    int
	}{{"waves", c.Waves}, {"runs", c.Runs}, {"first_runs", c.FirstRuns}, {"reps", c.Reps}, {"candidates", c.Candidates},
		{"max_candidates", c.MaxCandidates}, {"max_train", c.MaxTrain}, {"max_fit", c.MaxFit}, {"workers", c.Workers},
		{"members", c.Members}} {
		if f.v < 0 {
			errs = append(errs, inputErr("config."+f.name, "%d (want ≥ 0; 0 for the default)", f.v))
		}
	}
	if math.IsNaN(c.Margin) || math.IsNaN(c.MinShrink) || math.IsNaN(c.EmulatorShare) {
		errs = append(errs, inputErr("config", "margin, min_shrink and emulator_share must be numbers"))
	}
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Waves, 4)
	def(&c.Runs, max(20, 10*p.dims()))
	def(&c.FirstRuns, c.Runs)
	def(&c.Reps, 10)
	def(&c.Candidates, 2000)
	def(&c.MaxCandidates, 20*c.Candidates)
	def(&c.MaxTrain, 300)
	def(&c.MaxFit, 100)
	def(&c.Workers, 1)
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	deff(&c.Margin, 0.1)
	deff(&c.MinShrink, 0.1)
	deff(&c.EmulatorShare, 0.1)
	c.Margin = math.Max(0, c.Margin)
	return c, nil
}

// Run is one simulated point.
type Run struct {
	Wave, Index int
	ID          uint64
	Point       Point
	// Unit is the point in prior-probability units: each input's CDF, then
	// each switch's draw on [0, 1) (its alternative is floor(u·K)).
	Unit           []float64
	Output         Output
	Implausibility []float64 // per target, from the simulation
	Score          float64   // the CutoffRank-th largest implausibility
	Kept           bool      // Score ≤ cutoff
}

// Wave records one wave.
type Wave struct {
	Number int
	// Region is where the candidates were drawn (the whole box in wave 1).
	Region Region
	// Candidates is how many points the emulator screened (0 in wave 1),
	// Survivors how many it did not rule out.
	Candidates, Survivors int
	// KeptFraction estimates the prior probability of the NROY space:
	// in wave 1 the share of simulated points kept, later the share of
	// candidates the emulator kept times the region's prior probability.
	KeptFraction float64
	// EmulatorShare is the largest over targets of the mean over survivors
	// of v_t / (V_o,t + V_s,t + V_d,t) (NaN in wave 1 and without survivors).
	EmulatorShare float64
	Runs          []Run // the simulated points, in job order
	Kept          int   // how many Runs are kept
}

// StopReason says why the waves stopped.
type StopReason uint8

// The reasons to stop.
const (
	StopWaves    StopReason = iota + 1 // Config.Waves waves were run
	StopEmulator                       // the emulator's variance is small against the others
	StopShrink                         // the kept fraction shrank by less than Config.MinShrink
	StopEmpty                          // the emulator ruled out every candidate
)

// String returns the reason in words.
func (s StopReason) String() string {
	switch s {
	case StopWaves:
		return "wave limit reached"
	case StopEmulator:
		return "emulator variance small against the other variances"
	case StopShrink:
		return "kept fraction stopped shrinking"
	case StopEmpty:
		return "every candidate ruled out"
	}
	return fmt.Sprintf("StopReason(%d)", uint8(s))
}

// Result is a finished calibration.
type Result struct {
	Problem Problem
	Config  Config // with its defaults filled in
	Waves   []Wave
	Stop    StopReason
}

// Ensemble returns the kept runs of every wave, in wave and job order: the
// calibrated ensemble, each member confirmed by simulation.
func (r *Result) Ensemble() []Run {
	var e []Run
	for _, w := range r.Waves {
		for _, run := range w.Runs {
			if run.Kept {
				e = append(e, run)
			}
		}
	}
	return e
}

// Calibrate history-matches the simulator to the problem's targets in waves
// (see the package doc), drawing every candidate from src.
func Calibrate(ctx context.Context, p Problem, cfg Config, s Simulator, src Source) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	cfg, err := cfg.withDefaults(p)
	if err != nil {
		return nil, err
	}
	c := &calibration{p: p, cfg: cfg, sim: s, src: src, hyper: make([]*gp.Hyper, len(p.Targets))}
	res := &Result{Problem: p, Config: cfg}
	members := 0
	for k := 1; ; k++ {
		w, err := c.wave(ctx, k)
		if err != nil {
			return nil, err
		}
		res.Waves = append(res.Waves, w)
		if w.Candidates > 0 && w.Survivors == 0 {
			res.Stop = StopEmpty
			return res, nil
		}
		members += w.Kept
		short := members < cfg.Members
		switch {
		case k >= cfg.Waves:
			res.Stop = StopWaves
		case short:
			continue
		case k > 1 && w.EmulatorShare < cfg.EmulatorShare:
			res.Stop = StopEmulator
		case k > 2 && cfg.MinShrink >= 0 && w.KeptFraction > (1-cfg.MinShrink)*res.Waves[k-2].KeptFraction:
			res.Stop = StopShrink
		default:
			continue
		}
		return res, nil
	}
}

// maxGrowth bounds how often a wave's region grows (Region.widen) before
// its screen is kept.
const maxGrowth = 6

// calibration is the state carried from wave to wave.
type calibration struct {
	p     Problem
	cfg   Config
	sim   Simulator
	src   Source
	runs  []Run       // every run so far
	hyper []*gp.Hyper // last fit per target, the next fit's warm start
	// survivors are the last wave's candidates the emulator kept
	survivors [][]float64
}

// wave runs wave k.
func (c *calibration) wave(ctx context.Context, k int) (Wave, error) {
	d := len(c.p.Inputs)
	w := Wave{Number: k, EmulatorShare: math.NaN()}
	var units [][]float64
	if k == 1 {
		w.Region = wholeRegion(d)
		units = latinHypercube(w.Region, len(c.p.Switches), c.cfg.FirstRuns, c.src)
	} else {
		emus, err := c.fit()
		if err != nil {
			return w, fmt.Errorf("history: wave %d: %w", k, err)
		}
		w.Region = c.region()
		var s screen
		for grown := 0; ; grown++ {
			s, w.Candidates = screen{}, 0
			for w.Candidates < c.cfg.MaxCandidates && len(s.survivors) < c.cfg.Runs {
				n := min(c.cfg.Candidates, c.cfg.MaxCandidates-w.Candidates)
				c.screen(emus, latinHypercube(w.Region, len(c.p.Switches), n, c.src), &s)
				w.Candidates += n
			}
			if grown == maxGrowth || !w.Region.widen(s.survivors) {
				break
			}
		}
		w.Survivors = len(s.survivors)
		w.KeptFraction = w.Region.Volume() * float64(w.Survivors) / float64(w.Candidates)
		if w.Survivors > 0 {
			w.EmulatorShare = 0
			for _, sum := range s.share {
				w.EmulatorShare = math.Max(w.EmulatorShare, sum/float64(w.Survivors))
			}
		}
		c.survivors = s.survivors
		units = s.survivors[:min(len(s.survivors), c.cfg.Runs)]
	}
	if len(units) == 0 {
		return w, nil
	}
	runs, err := c.simulate(ctx, k, units)
	if err != nil {
		return w, err
	}
	w.Runs = runs
	for _, r := range runs {
		if r.Kept {
			w.Kept++
		}
	}
	if k == 1 {
		w.KeptFraction = float64(w.Kept) / float64(len(runs))
	}
	c.runs = append(c.runs, runs...)
	return w, nil
}

// simulate runs the points of wave k and judges each on its simulation.
func (c *calibration) simulate(ctx context.Context, k int, units [][]float64) ([]Run, error) {
	jobs := make([]Job, len(units))
	for i, u := range units {
		jobs[i] = Job{Wave: k, Index: i, ID: jobID(k, i), Reps: c.cfg.Reps, Point: c.p.point(u)}
	}
	outs, err := c.sim.Simulate(ctx, jobs)
	if err != nil {
		return nil, fmt.Errorf("history: wave %d: %w", k, err)
	}
	if err := c.p.checkOutputs(jobs, outs); err != nil {
		return nil, err
	}
	runs := make([]Run, len(jobs))
	for i, j := range jobs {
		out := Output{Mean: append([]float64(nil), outs[i].Mean...), Var: append([]float64(nil), outs[i].Var...)}
		is, score := c.p.implausibilities(out, c.cfg.Reps)
		runs[i] = Run{Wave: k, Index: i, ID: j.ID, Point: j.Point, Unit: units[i], Output: out,
			Implausibility: is, Score: score, Kept: score <= c.p.cutoff()}
	}
	return runs, nil
}

// region returns where the next candidates are drawn: the whole box, or the
// bounding box of the kept runs and the last survivors, widened.
func (c *calibration) region() Region {
	d := len(c.p.Inputs)
	if c.cfg.WholeBox || d == 0 {
		return wholeRegion(d)
	}
	pts := append([][]float64(nil), c.survivors...)
	for _, r := range c.runs {
		if r.Kept {
			pts = append(pts, r.Unit)
		}
	}
	return boundingRegion(pts, d, c.cfg.Margin)
}

// emulator is one target's Gaussian process with, per training run, the
// stochastic variance V_s its implausibility used.
type emulator struct {
	gp     *gp.GP
	vs     []float64
	signal float64
}

// fit fits one emulator per target to the newest Config.MaxTrain runs (a
// target with fewer than three finite means gets none, and cannot rule a
// candidate out). Fits run Config.Workers at a time.
func (c *calibration) fit() ([]*emulator, error) {
	train := c.runs[max(0, len(c.runs)-c.cfg.MaxTrain):]
	kinds := make([]gp.Kind, c.p.dims())
	for k := range c.p.Switches {
		kinds[len(c.p.Inputs)+k] = gp.Categorical
	}
	emus := make([]*emulator, len(c.p.Targets))
	err := forEach(len(c.p.Targets), c.cfg.Workers, func(t int) error {
		var x [][]float64
		var y, noise, vs []float64
		for i := len(train) - 1; i >= 0; i-- { // newest first
			r := train[i]
			if !finite(r.Output.Mean[t]) {
				continue
			}
			x = append(x, c.p.coords(r.Unit))
			y = append(y, r.Output.Mean[t])
			noise = append(noise, r.Output.Var[t])
			vs = append(vs, c.p.simVar(r.Output.Var[t], c.cfg.Reps))
		}
		if len(x) < 3 {
			return nil
		}
		g, err := gp.Fit(x, y, gp.Options{Kinds: kinds, Noise: noise, Start: c.hyper[t], MaxFitPoints: c.cfg.MaxFit})
		if err != nil {
			return fmt.Errorf("emulator of %s: %w", c.p.Targets[t].Name, err)
		}
		h := g.Hyper()
		c.hyper[t] = &h
		emus[t] = &emulator{gp: g, vs: vs, signal: h.Signal}
		return nil
	})
	return emus, err
}

// screen accumulates a wave's emulator screening over candidate batches.
type screen struct {
	survivors [][]float64
	share     []float64 // per target, Σ over survivors of v_t / (V_o,t + V_s,t + V_d,t)
}

// screen judges candidates by the emulators and appends the survivors, in
// candidate order, to s. It first bounds each implausibility from below
// with the emulator's largest possible variance (its signal variance),
// which needs only the means; then it computes the variances target by
// target for the candidates still standing, dropping a candidate as soon as
// CutoffRank of its targets exceed the cutoff. Candidates are split into
// chunks evaluated Config.Workers at a time.
func (c *calibration) screen(emus []*emulator, cand [][]float64, s *screen) {
	T := len(c.p.Targets)
	if s.share == nil {
		s.share = make([]float64, T)
	}
	coords := make([][]float64, len(cand))
	for i, u := range cand {
		coords[i] = c.p.coords(u)
	}
	cut, rank := c.p.cutoff(), c.p.rank()
	// means (and the nearest training run) of every candidate, per target
	preds := make([]gp.Prediction, T)
	forEach(T, c.cfg.Workers, func(t int) error {
		if emus[t] != nil {
			emus[t].gp.PredictMean(coords, &preds[t])
		}
		return nil
	})
	is := make([]float64, T)
	var alive []int
	for i := range cand {
		for t, tg := range c.p.Targets {
			is[t] = 0
			if e := emus[t]; e != nil {
				is[t] = Implausibility(preds[t].Mean[i], tg.Observed, tg.ObsVar, e.vs[preds[t].Nearest[i]]+e.signal, tg.Discrepancy)
			}
		}
		if Score(is, rank) <= cut {
			alive = append(alive, i)
		}
	}
	// exact implausibilities, target by target
	exceed := make([]int, len(cand))
	ratio := make([][]float64, len(cand)) // per candidate, v_t / (V_o + V_s + V_d)
	for _, i := range alive {
		ratio[i] = make([]float64, T)
	}
	for t, tg := range c.p.Targets {
		e := emus[t]
		if e == nil || len(alive) == 0 {
			continue
		}
		variance := c.variances(e.gp, coords, alive)
		next := alive[:0]
		for k, i := range alive {
			vs, v := e.vs[preds[t].Nearest[i]], variance[k]
			if Implausibility(preds[t].Mean[i], tg.Observed, tg.ObsVar, vs+v, tg.Discrepancy) > cut {
				exceed[i]++
			}
			if other := tg.ObsVar + vs + tg.Discrepancy; other > 0 {
				ratio[i][t] = v / other
			}
			if exceed[i] < rank {
				next = append(next, i)
			}
		}
		alive = next
	}
	for _, i := range alive {
		s.survivors = append(s.survivors, cand[i])
		for t, r := range ratio[i] {
			s.share[t] += r
		}
	}
}

// screenChunk is how many candidates one worker's variance solve takes.
const screenChunk = 256

// variances returns the emulator's variance at coords[i] for each i in
// which, in chunks computed Config.Workers at a time.
func (c *calibration) variances(g *gp.GP, coords [][]float64, which []int) []float64 {
	out := make([]float64, len(which))
	chunks := (len(which) + screenChunk - 1) / screenChunk
	forEach(chunks, c.cfg.Workers, func(k int) error {
		lo, hi := k*screenChunk, min(len(which), (k+1)*screenChunk)
		sub := make([][]float64, hi-lo)
		for j := range sub {
			sub[j] = coords[which[lo+j]]
		}
		var p gp.Prediction
		g.PredictBatch(sub, &p)
		copy(out[lo:hi], p.Var)
		return nil
	})
	return out
}

// forEach calls f(0) … f(n−1), up to workers at once, and returns the
// error of the lowest index that failed.
func forEach(n, workers int, f func(i int) error) error {
	return parallel.ForEach(context.Background(), n, workers, func(_ context.Context, i int) error { return f(i) })
}
