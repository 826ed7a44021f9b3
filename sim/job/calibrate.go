package job

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/history"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
	"hourglass/sim/targets"
)

// A calibration (Kind Calibrate) history-matches the model to the
// informative calibration targets of every period at once (package
// history): each point of the uncertain inputs (every value with a
// plausible range, and every contested fact's switch, in the periods'
// scenario files) is applied to each period's scenario, parsed once, with
// Base.With; each is run Spec.N times (replication r of a point draws from
// its own seed, derived from the calibration's and the point's ID), and the
// point is ruled out when the implausibility of any target exceeds the
// cutoff. What the targets leave in, confirmed by simulation, is the
// ensemble.
//
// The model discrepancy is a stated assumption: a standard deviation of
// Calibration.Discrepancy times each observation (DefaultDiscrepancy), the
// error of a model this coarse against any one statistic of the sources.

// DefaultDiscrepancy is the model discrepancy's standard deviation, as a
// share of each observation.
const DefaultDiscrepancy = 0.1

// DefaultCalibrationReps is the replications per point of a calibration
// (Spec.N when 0): enough for a variance of the mean.
const DefaultCalibrationReps = 10

// Calibration is what a calibration's Spec adds to the common fields (N:
// replications per point; Seed; Workers; Shard; Out; Resume; Scenarios:
// the periods, by default every scenario the targets describe that has no
// interventions of its own).
type Calibration struct {
	// Targets is the targets file ("": the shipped targets.toml).
	Targets string `json:"targets,omitempty"`
	// Waves is the most waves, Runs the points simulated per wave
	// (FirstRuns in the first); 0: history.Config's defaults.
	Waves     int `json:"waves,omitempty"`
	Runs      int `json:"runs,omitempty"`
	FirstRuns int `json:"first_runs,omitempty"`
	// Members keeps the waves going (within Waves) until the ensemble has
	// this many.
	Members int `json:"members,omitempty"`
	// Discrepancy is the model discrepancy's standard deviation as a share
	// of each observation (0: DefaultDiscrepancy; negative: none).
	Discrepancy float64 `json:"discrepancy,omitempty"`
	// Cutoff rules out a point whose implausibility exceeds it on a target
	// (0: history.DefaultCutoff, 3).
	Cutoff float64 `json:"cutoff,omitempty"`
	// From is a calibration directory (a merge of shards) whose runs are
	// replayed before any is simulated.
	From string `json:"from,omitempty"`
	// Inputs, when not empty, are the only uncertain inputs (paths) and
	// switches (names) varied; the periods' others are held at their
	// values.
	Inputs []string `json:"inputs,omitempty"`
}

// discrepancy is the share that enters the targets.
func (c Calibration) discrepancy() float64 {
	switch {
	case c.Discrepancy == 0:
		return DefaultDiscrepancy
	case c.Discrepancy < 0:
		return 0
	}
	return c.Discrepancy
}

func (c Calibration) cutoff() float64 {
	if c.Cutoff == 0 {
		return history.DefaultCutoff
	}
	return c.Cutoff
}

// Files of a calibration's directory.
const (
	CalibrationLog  = "runs.log"
	EnsembleFile    = "ensemble.csv"
	WavesFile       = "waves.csv"
	CalibrationJSON = "calibration.json"
)

// calPeriod is one period of a calibration: its scenario, parsed once, and
// its informative targets.
type calPeriod struct {
	arg     string
	base    *scenario.Base
	sc      *scenario.Scenario // without overrides
	space   scenario.Space
	targets *targets.File
}

// calPlan is a calibration prepared: its periods, the problem they make,
// and the settings a resume or a shard must share.
type calPlan struct {
	spec     Spec
	periods  []calPeriod
	inputs   []scenario.Input
	switches []scenario.Switch
	problem  history.Problem
	cfg      history.Config
	settings json.RawMessage
	tf       *targets.File
}

// calSettings are what makes two calibrations the same (the manifest's
// Settings): resuming, sharding and merging refuse any other.
type calSettings struct {
	Targets     string         `json:"targets"`
	TargetsHash string         `json:"targets_sha256"`
	Waves       int            `json:"waves"`
	Runs        int            `json:"runs"`
	FirstRuns   int            `json:"first_runs"`
	Members     int            `json:"members,omitempty"`
	Reps        int            `json:"reps"`
	Discrepancy float64        `json:"discrepancy"`
	Cutoff      float64        `json:"cutoff"`
	Inputs      []string       `json:"inputs"`
	Switches    []string       `json:"switches,omitempty"`
	Only        []string       `json:"only,omitempty"`
	Observed    []calTargetOut `json:"targets_used"`
}

// prepareCalibration reads the targets, prepares every period and builds
// the problem, refusing bad input before anything is written.
func prepareCalibration(spec Spec) (*calPlan, error) {
	c := spec.Calibration
	if c.Waves < 0 || c.Runs < 0 || c.FirstRuns < 0 || c.Members < 0 {
		return nil, usage("--waves, --runs, --first-runs and --members must not be negative")
	}
	if math.IsNaN(c.Discrepancy) || math.IsInf(c.Discrepancy, 0) || math.IsNaN(c.Cutoff) || c.Cutoff < 0 || math.IsInf(c.Cutoff, 0) {
		return nil, usage("--discrepancy and --cutoff must be finite numbers (--cutoff > 0)")
	}
	if spec.N < 2 {
		return nil, usage("-n %d: a point's variance needs at least 2 replications", spec.N)
	}
	var fsys fs.FS = scenarios.FS
	name := "targets.toml"
	if c.Targets != "" {
		dir, base := filepath.Split(c.Targets)
		if dir == "" {
			dir = "."
		}
		fsys, name = os.DirFS(dir), base
	}
	tf, err := targets.Load(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	data, err := scenario.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	p := &calPlan{spec: spec, tf: tf}
	args := spec.Scenarios
	explicit := len(args) > 0
	if !explicit {
		for _, s := range tf.Scenarios() {
			args = append(args, periodArg(c.Targets, s))
		}
	}
	bs := bases{}
	for _, arg := range args {
		sub := informative(tf, arg)
		if len(sub.Target) == 0 {
			if explicit {
				return nil, usage("%s: no informative target in %s describes it (allowed: %s)", arg, targetsName(c.Targets), strings.Join(tf.Scenarios(), ", "))
			}
			continue
		}
		scs, err := loadAll(bs, []string{arg}, nil)
		if err != nil {
			return nil, err
		}
		sc := scs[0].sc
		if len(sc.Costs) > 0 && !explicit {
			continue // an intervention's target (its own check), not a period's
		}
		base, _ := bs.base(arg)
		if err := base.CheckSpace(); err != nil {
			return nil, err
		}
		p.periods = append(p.periods, calPeriod{arg: arg, base: base, sc: sc, space: sc.Space(), targets: sub})
	}
	if len(p.periods) == 0 {
		return nil, usage("no period to calibrate: no scenario without interventions has an informative target in %s", targetsName(c.Targets))
	}
	// the union of the periods' inputs and switches: the same value must
	// have the same range wherever it is uncertain
	at := map[string]int{}
	sw := map[string]int{}
	for _, per := range p.periods {
		for _, in := range per.space.Inputs {
			if i, ok := at[in.Path]; ok {
				if p.inputs[i].Range != in.Range {
					return nil, fmt.Errorf("%s: range %s in %s, %s in %s: an input takes one range in every period", in.Path, p.inputs[i].Range, p.periods[0].arg, in.Range, per.arg)
				}
				continue
			}
			at[in.Path] = len(p.inputs)
			p.inputs = append(p.inputs, in)
		}
		for _, s := range per.space.Switches {
			if i, ok := sw[s.Name]; ok {
				if p.switches[i].String() != s.String() {
					return nil, fmt.Errorf("switch %s: alternatives %s in one period, %s in %s", s.Name, p.switches[i], s, per.arg)
				}
				continue
			}
			sw[s.Name] = len(p.switches)
			p.switches = append(p.switches, s)
		}
	}
	if len(c.Inputs) > 0 {
		var allowed []string
		for _, in := range p.inputs {
			allowed = append(allowed, in.Path)
		}
		for _, s := range p.switches {
			allowed = append(allowed, s.Name)
		}
		for _, name := range c.Inputs {
			if !slices.Contains(allowed, name) {
				return nil, usage("--inputs %s: not an uncertain input or switch of the periods (allowed: %s)", name, strings.Join(allowed, ", "))
			}
		}
		p.inputs = slices.DeleteFunc(p.inputs, func(in scenario.Input) bool { return !slices.Contains(c.Inputs, in.Path) })
		p.switches = slices.DeleteFunc(p.switches, func(s scenario.Switch) bool { return !slices.Contains(c.Inputs, s.Name) })
	}
	if len(p.inputs) == 0 && len(p.switches) == 0 {
		return nil, usage("nothing to calibrate: the periods declare no plausible range (ranges = ...) and no [[switch]]")
	}
	disc := c.discrepancy()
	var observed []calTargetOut
	for _, in := range p.inputs {
		p.problem.Inputs = append(p.problem.Inputs, history.Input{Name: in.Path, Prior: prior(in.Range)})
	}
	for _, s := range p.switches {
		hs := history.Switch{Name: s.Name}
		for _, a := range s.Alternatives {
			hs.Alternatives = append(hs.Alternatives, a.Name)
		}
		p.problem.Switches = append(p.problem.Switches, hs)
	}
	for _, per := range p.periods {
		for i := range per.targets.Target {
			t := &per.targets.Target[i]
			lo, hi := t.Bounds()
			ht := history.NewTarget(per.sc.Name+": "+t.Name, lo, hi, disc)
			p.problem.Targets = append(p.problem.Targets, ht)
			observed = append(observed, calTargetOut{Name: ht.Name, Period: per.sc.Name, Observed: ht.Observed, ObsSD: math.Sqrt(ht.ObsVar), DiscrepancySD: math.Sqrt(ht.Discrepancy)})
		}
	}
	p.problem.Cutoff = c.cutoff()
	if err := p.problem.Validate(); err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	p.cfg = history.Config{Waves: c.Waves, Runs: c.Runs, FirstRuns: c.FirstRuns, Reps: spec.N, Members: c.Members, Workers: spec.Workers}
	p.cfg = withHistoryDefaults(p.cfg, p.problem)
	set := calSettings{Targets: targetsName(c.Targets), TargetsHash: sha(data), Waves: p.cfg.Waves, Runs: p.cfg.Runs, FirstRuns: p.cfg.FirstRuns,
		Members: p.cfg.Members, Reps: spec.N, Discrepancy: disc, Cutoff: p.problem.Cutoff, Observed: observed, Only: c.Inputs}
	for _, in := range p.inputs {
		set.Inputs = append(set.Inputs, in.Path+" "+in.Range.String())
	}
	for _, s := range p.switches {
		set.Switches = append(set.Switches, s.Name+": "+s.String())
	}
	if p.settings, err = json.Marshal(set); err != nil {
		return nil, err
	}
	return p, nil
}

// withHistoryDefaults fills cfg's zero sizes as history.Calibrate will, so
// that the manifest records them.
func withHistoryDefaults(cfg history.Config, p history.Problem) history.Config {
	d := len(p.Inputs) + len(p.Switches)
	if cfg.Waves == 0 {
		cfg.Waves = 4
	}
	if cfg.Runs == 0 {
		cfg.Runs = max(20, 10*d)
	}
	if cfg.FirstRuns == 0 {
		cfg.FirstRuns = cfg.Runs
	}
	return cfg
}

// informative is the informative targets of the scenario arg names.
func informative(tf *targets.File, arg string) *targets.File {
	var sub *targets.File
	for _, name := range []string{arg, arg + ".toml", filepath.Base(arg), filepath.Base(arg) + ".toml"} {
		if sub = tf.For(name); len(sub.Target) > 0 {
			break
		}
	}
	out := &targets.File{Scenario: sub.Scenario}
	for _, t := range sub.Target {
		if t.IsInformative() {
			out.Target = append(out.Target, t)
		}
	}
	return out
}

// periodArg is the scenario a targets file names, as the command line would
// name it: a file beside the targets file when there is one, else the
// shipped scenario.
func periodArg(targetsPath, name string) string {
	if targetsPath != "" {
		p := filepath.Join(filepath.Dir(targetsPath), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return strings.TrimSuffix(name, ".toml")
}

func targetsName(path string) string {
	if path == "" {
		return "targets.toml (shipped)"
	}
	return path
}

// prior is a range's prior for history.
func prior(r scenario.Range) history.Prior {
	switch r.Dist {
	case scenario.LogUniform:
		return history.LogUniform{Lo: r.Lo, Hi: r.Hi}
	case scenario.Triangular:
		return distuv.NewTriangle(r.Lo, r.Hi, r.Mode, nil)
	}
	return history.Uniform{Lo: r.Lo, Hi: r.Hi}
}

// overrides are what point x sets in period per: each input and switch the
// period declares.
func (p *calPlan) overrides(per *calPeriod, x history.Point) []scenario.Override {
	var ov []scenario.Override
	for i, in := range p.inputs {
		if slices.ContainsFunc(per.space.Inputs, func(o scenario.Input) bool { return o.Path == in.Path }) {
			ov = append(ov, scenario.Override{Path: in.Path, Value: x.X[i], Name: "calibration input " + in.Path})
		}
	}
	for k, s := range p.switches {
		if slices.ContainsFunc(per.space.Switches, func(o scenario.Switch) bool { return o.Name == s.Name }) {
			ov = append(ov, s.Overrides(x.Choice[k])...)
		}
	}
	return ov
}

// runSeed is the seed of a calibration point's replications: its own,
// from the calibration's seed and the point's ID (replication r of the
// point draws from (runSeed, r)).
func runSeed(seed, id uint64) uint64 {
	h := seed ^ 0x9e3779b97f4a7c15*(id+1)
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9
	h = (h ^ (h >> 27)) * 0x94d049bb133111eb
	return h ^ (h >> 31)
}

// simulate runs one point in every period: the mean of each informative
// target over the job's replications and the variance of that mean.
func (p *calPlan) simulate(ctx context.Context, jb history.Job) (history.Output, error) {
	var out history.Output
	for i := range p.periods {
		per := &p.periods[i]
		sc, err := per.base.With(p.overrides(per, jb.Point)...)
		if err != nil {
			return out, fmt.Errorf("%s at point %d of wave %d: %w", per.arg, jb.Index, jb.Wave, err)
		}
		e := &experiment.Experiment{Kind: "run", Seed: runSeed(p.spec.Seed, jb.ID), N: jb.Reps, Workers: 1,
			Scenarios: []experiment.Scenario{{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs}}}
		var kept experiment.Collector
		if _, err := e.Run(ctx, &kept); err != nil {
			return out, err
		}
		for _, r := range per.targets.Check(sc.World, kept.Reps(0)) {
			out.Mean = append(out.Mean, r.Mean)
			out.Var = append(out.Var, r.SD*r.SD/float64(r.N))
		}
	}
	return out, nil
}

// jobIn is what a log record of job holds as its input: replications, the
// inputs' values and the switches' choices, exactly.
func jobIn(jb history.Job) []string {
	in := append([]string{strconv.Itoa(jb.Reps)}, exacts(jb.Point.X)...)
	for _, c := range jb.Point.Choice {
		in = append(in, "#"+strconv.Itoa(c))
	}
	return in
}

// errPending is what the cached simulator returns when a wave needs runs
// it does not make: another shard's share, or, for a merge, none.
type errPending struct {
	wave, missing int
}

func (e *errPending) Error() string {
	return fmt.Sprintf("wave %d needs %d runs that this process does not make", e.wave, e.missing)
}

// cachedSimulator answers a wave's jobs from the log of runs, runs those of
// its share that are missing (each logged as it completes), and stops at a
// wave whose other runs belong to other shards.
type cachedSimulator struct {
	plan     *calPlan
	log      *runLog
	shard    experiment.Shard
	replay   bool // run nothing (a merge)
	workers  int
	progress func(done, total int)
	ran      int // runs made now
}

func (c *cachedSimulator) Simulate(ctx context.Context, jobs []history.Job) ([]history.Output, error) {
	outs := make([]history.Output, len(jobs))
	first, end := 0, len(jobs)
	if c.shard.Count > 0 {
		first, end = c.shard.Range(len(jobs))
	}
	var mine []history.Job
	var at []int
	missing := 0
	for i, jb := range jobs {
		r, ok := c.log.get(jb.ID)
		if !ok {
			if c.replay || i < first || i >= end {
				missing++
			} else {
				mine, at = append(mine, jb), append(at, i)
			}
			continue
		}
		if !slices.Equal(r.In, jobIn(jb)) {
			return nil, fmt.Errorf("run %d of wave %d in %s is not the point this calibration proposes there: not the same calibration (other settings, seed or files)", jb.Index, jb.Wave, c.log.path)
		}
		n := len(r.Out) / 2
		mean, err1 := parseExacts(r.Out[:n])
		vars, err2 := parseExacts(r.Out[n:])
		if err1 != nil || err2 != nil || len(r.Out) != 2*len(c.plan.problem.Targets) {
			return nil, fmt.Errorf("%s: run %d of wave %d: a damaged record", c.log.path, jb.Index, jb.Wave)
		}
		outs[i] = history.Output{Mean: mean, Var: vars}
	}
	if len(mine) > 0 {
		done, reps := 0, c.plan.spec.N // progress in replications (of each period)
		c.progress(0, len(mine)*reps)
		var mu sync.Mutex
		point := func(ctx context.Context, jb history.Job) (history.Output, error) {
			out, err := c.plan.simulate(ctx, jb)
			if err != nil {
				return out, err
			}
			rec := logRecord{Key: jb.ID, In: jobIn(jb), Out: append(exacts(out.Mean), exacts(out.Var)...)}
			if err := c.log.add(rec); err != nil {
				return out, err
			}
			mu.Lock()
			done++
			c.ran++
			c.progress(done*reps, len(mine)*reps)
			mu.Unlock()
			return out, nil
		}
		got, err := history.Pool(point, c.workers).Simulate(ctx, mine)
		if err != nil {
			return nil, err
		}
		for k, i := range at {
			outs[i] = got[k]
		}
	}
	if missing > 0 {
		return nil, &errPending{wave: jobs[0].Wave, missing: missing}
	}
	return outs, nil
}

// CalibrationResult is what a calibration found.
type CalibrationResult struct {
	*history.Result
	Periods  []string           // the periods' scenarios, as loaded
	Inputs   []scenario.Input   // the uncertain inputs, in the problem's order
	Switches []scenario.Switch  // the contested facts
	Fixed    []report.FixedNote // per period: numbers marked assumption held fixed
	Members  int
	Ran      int // points simulated by this process (the rest replayed)
	// Pending, when not "", says that the calibration stopped before its
	// end because a wave needs runs this process does not make (another
	// shard's, or, for a merge, any): what to run next.
	Pending string
}

// calibrationQuestion is the report's question.
func (p *calPlan) question() string {
	var names []string
	for _, per := range p.periods {
		names = append(names, per.sc.Name)
	}
	return fmt.Sprintf("Which settings of %d uncertain inputs and %d contested facts can reproduce the %d informative calibration targets of %s at once, given the observations' uncertainty, the model's own noise (%d replications a point) and a model discrepancy of %g%% of each observation (an assumption)? History matching in waves, cutoff %g.",
		len(p.inputs), len(p.switches), len(p.problem.Targets), strings.Join(names, " and "), p.spec.N, 100*p.spec.Calibration.discrepancy(), p.problem.Cutoff)
}

// manifest describes the calibration, started now.
func (p *calPlan) manifest(opt Options) results.Manifest {
	var scs []loaded
	for _, per := range p.periods {
		scs = append(scs, loaded{sc: per.sc, arg: per.arg})
	}
	m := newManifest(Calibrate.String(), scs, p.spec.N, p.spec.Seed, p.spec.Workers, p.spec.Shard)
	m.First, m.End = 0, 0
	m.Settings = p.settings
	m.Command = opt.Command
	if m.Command == nil {
		m.Command = p.spec.CommandLine()
	}
	return m
}

// runCalibration runs a prepared calibration into its directory: a new
// one, or with Spec.Resume the interrupted one, replaying its log.
func (j *Job) runCalibration(ctx context.Context, opt Options) (*Result, error) {
	p := j.cal
	spec := j.spec
	m := p.manifest(opt)
	dir, unlock, done, err := claim(spec, &m, "calibrate-"+p.periods[0].sc.Name, "calibration")
	if err != nil || done != nil {
		return done, err
	}
	defer unlock()
	res := &Result{Dir: dir}
	log, err := openRunLog(logIn(dir, CalibrationLog))
	if err != nil {
		return nil, err
	}
	if c := spec.Calibration.From; c != "" {
		if err := p.replayFrom(log, c); err != nil {
			log.close()
			return nil, err
		}
	}
	cs := &cachedSimulator{plan: p, log: log, shard: spec.Shard, workers: spec.Workers, progress: opt.progress}
	cr, err := p.calibrate(ctx, cs)
	if err != nil {
		var pending *errPending
		if !errors.As(err, &pending) {
			log.close()
		}
		switch {
		case pending != nil:
			// this shard's share of the wave is done: a complete directory
			// that a merge joins
			if err := log.finish(); err != nil {
				return nil, err
			}
			m.StoppedBy = fmt.Sprintf("wave %d: this shard's %d runs are done; %d are other shards': merge the shards (hourglass merge), then run the next round with --from the merged directory", pending.wave, cs.ran, pending.missing)
			m.Finished, m.Complete, m.Completed = time.Now().UTC(), true, len(log.recs)
			if err := results.Commit(dir, m); err != nil {
				return nil, err
			}
			res.Manifest = m
			res.Calibration = &CalibrationResult{Pending: m.StoppedBy, Ran: cs.ran}
			return res, nil
		case ctx.Err() != nil:
			m.Completed = len(log.recs)
			if werr := results.WriteManifest(dir, m); werr != nil {
				return nil, werr
			}
			res.Manifest, res.Interrupted = m, true
			return res, ErrInterrupted
		}
		return nil, err
	}
	cr.Ran = cs.ran
	if err := log.finish(); err != nil {
		return nil, err
	}
	res.Calibration = cr
	m.Completed = len(log.recs)
	if err := p.write(dir, cr, opt); err != nil {
		return nil, fmt.Errorf("%w; %s is incomplete: finish it with --resume %s", err, dir, dir)
	}
	m.Finished, m.Complete = time.Now().UTC(), true
	if err := results.Commit(dir, m); err != nil {
		return nil, err
	}
	res.Manifest = m
	return res, nil
}

// replayFrom adds the runs of calibration directory from (a merge of a
// round of shards) to log, after checking that it is the same calibration.
func (p *calPlan) replayFrom(log *runLog, from string) error {
	old, err := results.ReadManifest(from)
	if err != nil {
		return fmt.Errorf("--from %s: %w", from, err)
	}
	m := p.manifest(Options{})
	if err := results.SameExperiment(old, m); err != nil {
		return fmt.Errorf("--from %s: not the same calibration: %v", from, err)
	}
	if !old.Complete {
		return fmt.Errorf("--from %s: incomplete: finish it first", from)
	}
	recs, err := readRunLog(logIn(from, CalibrationLog))
	if err != nil {
		return fmt.Errorf("--from %s: %w", from, err)
	}
	return log.merge(from, recs)
}

// calibrate runs history matching with the simulator s.
func (p *calPlan) calibrate(ctx context.Context, s history.Simulator) (*CalibrationResult, error) {
	src := sim.NewRNG(p.spec.Seed, 0, sim.StreamDesign, calibrationKey)
	hr, err := history.Calibrate(ctx, p.problem, p.cfg, s, src)
	if err != nil {
		return nil, err
	}
	cr := &CalibrationResult{Result: hr, Inputs: p.inputs, Switches: p.switches, Members: len(hr.Ensemble())}
	for _, per := range p.periods {
		cr.Periods = append(cr.Periods, per.sc.Name)
		f := report.FixedNote{Scenario: per.sc.Name, Fixed: per.space.Fixed, Assumptions: per.space.Assumptions}
		for _, in := range per.space.Inputs {
			if slices.ContainsFunc(p.inputs, func(x scenario.Input) bool { return x.Path == in.Path }) {
				f.Inputs++
			} else {
				f.Held++
			}
		}
		for _, s := range per.space.Switches {
			if slices.ContainsFunc(p.switches, func(x scenario.Switch) bool { return x.Name == s.Name }) {
				f.Switches++
			} else {
				f.Held++
			}
		}
		cr.Fixed = append(cr.Fixed, f)
	}
	return cr, nil
}

// calibrationKey keys the calibration's stream of candidate points.
var calibrationKey = func() uint64 {
	h := fnv.New64a()
	h.Write([]byte("hourglass calibrate"))
	return h.Sum64()
}()

// calTargetOut is a target as calibration.json records it.
type calTargetOut struct {
	Name          string  `json:"name"`
	Period        string  `json:"period"`
	Observed      float64 `json:"observed"`
	ObsSD         float64 `json:"observation_sd"`
	DiscrepancySD float64 `json:"discrepancy_sd"`
}

// write writes ensemble.csv, waves.csv, calibration.json, sources.csv and
// report.html.
func (p *calPlan) write(dir string, cr *CalibrationResult, opt Options) error {
	members := cr.Ensemble()
	header := []string{"member", "wave", "run"}
	for _, in := range p.inputs {
		header = append(header, in.Path)
	}
	for _, s := range p.switches {
		header = append(header, s.Name)
	}
	header = append(header, "score")
	for _, t := range p.problem.Targets {
		header = append(header, "I["+t.Name+"]")
	}
	rows := [][]string{header}
	for k, r := range members {
		row := []string{strconv.Itoa(k + 1), strconv.Itoa(r.Wave), strconv.Itoa(r.Index + 1)}
		row = append(row, exacts(r.Point.X)...)
		for i, c := range r.Point.Choice {
			row = append(row, p.switches[i].Alternatives[c].Name)
		}
		row = append(row, strconv.FormatFloat(r.Score, 'f', 3, 64))
		for _, x := range r.Implausibility {
			row = append(row, strconv.FormatFloat(x, 'f', 3, 64))
		}
		rows = append(rows, row)
	}
	if err := results.WriteCSV(filepath.Join(dir, EnsembleFile), rows); err != nil {
		return err
	}
	waves := [][]string{{"wave", "region_prior_share", "candidates", "survivors", "runs", "kept", "kept_fraction", "emulator_share"}}
	for _, w := range cr.Waves {
		es := ""
		if !math.IsNaN(w.EmulatorShare) {
			es = strconv.FormatFloat(w.EmulatorShare, 'g', 4, 64)
		}
		waves = append(waves, []string{strconv.Itoa(w.Number), strconv.FormatFloat(w.Region.Volume(), 'g', 4, 64), strconv.Itoa(w.Candidates),
			strconv.Itoa(w.Survivors), strconv.Itoa(len(w.Runs)), strconv.Itoa(w.Kept), strconv.FormatFloat(w.KeptFraction, 'g', 4, 64), es})
	}
	if err := results.WriteCSV(filepath.Join(dir, WavesFile), waves); err != nil {
		return err
	}
	if err := p.writeJSON(dir, cr); err != nil {
		return err
	}
	var scs []*scenario.Scenario
	for _, per := range p.periods {
		scs = append(scs, per.sc)
	}
	if err := writeSources(dir, scs); err != nil {
		return err
	}
	in := p.reportInput(cr)
	in.NoFigures = opt.NoFigures
	if err := report.WriteCalibration(dir, in); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// reportInput is what the report and the console draw from.
func (p *calPlan) reportInput(cr *CalibrationResult) report.Calibration {
	in := report.Calibration{Result: cr.Result, Question: p.question(), Fixed: cr.Fixed, Sources: results.SourcesFile,
		Files: []string{EnsembleFile, WavesFile, CalibrationJSON, results.SourcesFile, CalibrationLog}}
	for _, x := range p.inputs {
		in.Inputs = append(in.Inputs, report.CalInput{Name: x.Path, Range: x.Range.String(), Value: x.Value, At: x.At})
	}
	for _, per := range p.periods {
		in.Periods = append(in.Periods, per.sc.Name)
	}
	return in
}

// ReportInput is what the calibration's report and console table are
// drawn from.
func (r *CalibrationResult) ReportInput() report.Calibration {
	in := report.Calibration{Result: r.Result, Fixed: r.Fixed, Periods: r.Periods}
	for _, x := range r.Inputs {
		in.Inputs = append(in.Inputs, report.CalInput{Name: x.Path, Range: x.Range.String(), Value: x.Value, At: x.At})
	}
	return in
}

// writeJSON writes calibration.json: the problem, the waves, the
// marginals and the ensemble's size.
func (p *calPlan) writeJSON(dir string, cr *CalibrationResult) error {
	type input struct {
		Path  string  `json:"path"`
		Range string  `json:"range"`
		Value float64 `json:"scenario_value"`
		At    string  `json:"declared_at"`
	}
	type wave struct {
		Number        int      `json:"wave"`
		Runs          int      `json:"runs"`
		Kept          int      `json:"kept"`
		Candidates    int      `json:"candidates"`
		Survivors     int      `json:"survivors"`
		KeptFraction  float64  `json:"kept_fraction"`
		EmulatorShare *float64 `json:"emulator_share,omitempty"`
		RegionShare   float64  `json:"region_prior_share"`
	}
	type marginal struct {
		Name        string     `json:"input"`
		PriorLo     float64    `json:"prior_lo"`
		PriorHi     float64    `json:"prior_hi"`
		Quantiles   [5]float64 `json:"kept_quantiles_5_25_50_75_95"`
		IQRShare    float64    `json:"iqr_share"`
		Constrained bool       `json:"constrained"`
	}
	type switchOut struct {
		Name         string   `json:"switch"`
		Alternatives []string `json:"alternatives"`
		Kept         []int    `json:"kept_members"`
		Constrained  bool     `json:"constrained"`
	}
	out := struct {
		Periods     []string           `json:"periods"`
		Targets     []calTargetOut     `json:"targets"`
		Discrepancy float64            `json:"discrepancy_share"`
		Cutoff      float64            `json:"cutoff"`
		Reps        int                `json:"replications_per_point"`
		Seed        uint64             `json:"seed"`
		Inputs      []input            `json:"inputs"`
		Switches    []switchOut        `json:"switches"`
		Fixed       []report.FixedNote `json:"held_fixed"`
		Waves       []wave             `json:"waves"`
		Stop        string             `json:"stopped_because"`
		Members     int                `json:"members"`
		Marginals   []marginal         `json:"marginals"`
	}{Discrepancy: p.spec.Calibration.discrepancy(), Cutoff: p.problem.Cutoff, Reps: p.spec.N, Seed: p.spec.Seed, Fixed: cr.Fixed,
		Stop: cr.Stop.String(), Members: cr.Members, Periods: cr.Periods}
	var set calSettings
	if err := json.Unmarshal(p.settings, &set); err != nil {
		return err
	}
	out.Targets = set.Observed
	for _, x := range p.inputs {
		out.Inputs = append(out.Inputs, input{x.Path, x.Range.String(), x.Value, x.At})
	}
	for _, w := range cr.Waves {
		wo := wave{Number: w.Number, Runs: len(w.Runs), Kept: w.Kept, Candidates: w.Candidates, Survivors: w.Survivors,
			KeptFraction: w.KeptFraction, RegionShare: w.Region.Volume()}
		if !math.IsNaN(w.EmulatorShare) {
			es := w.EmulatorShare
			wo.EmulatorShare = &es
		}
		out.Waves = append(out.Waves, wo)
	}
	for _, m := range cr.Marginals(0) {
		q := m.Quantiles
		for i := range q {
			if math.IsNaN(q[i]) {
				q[i] = 0
			}
		}
		out.Marginals = append(out.Marginals, marginal{m.Name, m.PriorLo, m.PriorHi, q, finiteOr0(m.IQRShare), m.Constrained})
	}
	for _, s := range cr.SwitchMarginals() {
		out.Switches = append(out.Switches, switchOut{s.Name, s.Alternatives, s.Counts, s.Constrained})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return results.WriteFileAtomic(filepath.Join(dir, CalibrationJSON), append(data, '\n'))
}

func finiteOr0(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// mergeCalibration joins the directories of a round of a calibration's
// shards (each complete: its share of a wave done), replaying every run:
// when the calibration is then complete, out gets its results; when a later
// wave needs runs, out holds every run so far, and the next round of shards
// runs with --from out.
func mergeCalibration(ctx context.Context, dirs []string, ms []results.Manifest, out string, opt Options) (*Result, error) {
	m0 := ms[0]
	var set calSettings
	if err := json.Unmarshal(m0.Settings, &set); err != nil {
		return nil, fmt.Errorf("%s: manifest settings: %w", dirs[0], err)
	}
	spec := Spec{Kind: Calibrate, N: m0.Replications, Seed: m0.Seed, Workers: m0.Workers,
		Calibration: Calibration{Waves: set.Waves, Runs: set.Runs, FirstRuns: set.FirstRuns, Members: set.Members, Cutoff: set.Cutoff, Inputs: set.Only}}
	if set.Discrepancy == 0 {
		spec.Calibration.Discrepancy = -1
	} else {
		spec.Calibration.Discrepancy = set.Discrepancy
	}
	if !strings.HasSuffix(set.Targets, "(shipped)") {
		spec.Calibration.Targets = set.Targets
	}
	for _, s := range m0.Scenarios {
		spec.Scenarios = append(spec.Scenarios, s.Arg)
	}
	p, err := prepareCalibration(spec)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	m := p.manifest(opt)
	if err := results.SameExperiment(m0, m); err != nil {
		return nil, fmt.Errorf("merge: the files changed since %s ran: %v", dirs[0], err)
	}
	m.Command = opt.Command
	if m.Command == nil {
		m.Command = append([]string{"hourglass", "merge", "--out", out}, dirs...)
	}
	dir, unlock, err := newOutDir(out, filepath.Join("results", "merged-calibrate-"+safeName(m0.Scenarios[0].Name)), false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m.Shard = ""
	if err := results.WriteManifest(dir, m); err != nil {
		return nil, err
	}
	log, err := openRunLog(logIn(dir, CalibrationLog))
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		recs, err := readRunLog(logIn(d, CalibrationLog))
		if err == nil {
			err = log.merge(d, recs)
		}
		if err != nil {
			log.close()
			return nil, fmt.Errorf("merge: %w", err)
		}
	}
	cs := &cachedSimulator{plan: p, log: log, replay: true, workers: 1, progress: func(int, int) {}}
	cr, err := p.calibrate(ctx, cs)
	res := &Result{Dir: dir}
	var pending *errPending
	switch {
	case errors.As(err, &pending):
		cr = &CalibrationResult{Pending: fmt.Sprintf("wave %d needs its runs (%d): run the next round of shards with --from %s, then merge them", pending.wave, pending.missing, dir)}
		m.StoppedBy = cr.Pending
	case err != nil:
		log.close()
		return nil, fmt.Errorf("merge: %w", err)
	}
	if err := log.finish(); err != nil {
		return nil, err
	}
	m.Completed = len(log.recs)
	if cr.Pending == "" {
		if err := p.write(dir, cr, opt); err != nil {
			return nil, err
		}
	}
	m.Finished, m.Complete = time.Now().UTC(), true
	if err := results.Commit(dir, m); err != nil {
		return nil, err
	}
	res.Manifest, res.Calibration = m, cr
	return res, nil
}

// sha is the SHA-256 of data, in hex.
func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
