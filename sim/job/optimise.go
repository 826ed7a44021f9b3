package job

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/portfolio"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
	"hourglass/sim/selection"
)

// optimisation is a prepared hourglass optimise: its candidates read and
// costed, its ensemble members built, before anything is run or written.
type optimisation struct {
	spec    Spec
	o       OptimiseSpec
	cands   *scenario.Candidates
	metric  experiment.Metric
	members []member
	ignored []string              // the ensemble file's columns that set nothing in the base
	costs   []portfolio.Candidate // in the budget's unit
	annuity float64
	id      string // the digest the evaluation logs carry
}

// OptimiseResult is what an optimisation wrote.
type OptimiseResult struct {
	Dir          string
	Optimisation *results.Optimisation // nil when interrupted
	Manifest     results.Manifest
	// Writer is false for a shard other than 0: it evaluated its part and
	// shard 0 writes the results.
	Writer bool
	// Interrupted says the search stopped before its end: its evaluations
	// are logged, and Spec.Resume continues it.
	Interrupted     bool
	AlreadyComplete bool
}

// RunOptimise prepares and runs hourglass optimise (a Spec of kind Optimise):
// it writes the results directory and returns what was found. Cancelling
// ctx stops it with the evaluations done so far logged (ErrInterrupted);
// Spec.Resume continues from them and gives the results an uninterrupted
// run gives.
func RunOptimise(ctx context.Context, spec Spec, opt Options) (*OptimiseResult, error) {
	j, err := Prepare(spec)
	if err != nil {
		return nil, err
	}
	if j.opt == nil {
		return nil, usage("%s is not an optimisation", spec.Kind)
	}
	return j.opt.run(ctx, opt)
}

// result runs the optimisation for Job.Run.
func (p *optimisation) result(ctx context.Context, opt Options) (*Result, error) {
	r, err := p.run(ctx, opt)
	if r == nil {
		return nil, err
	}
	return &Result{Dir: r.Dir, Manifest: r.Manifest, Interrupted: r.Interrupted, AlreadyComplete: r.AlreadyComplete}, err
}

// prepareOptimisation reads the candidates and the ensemble and checks the
// budget.
func prepareOptimisation(spec Spec) (*optimisation, error) {
	o := *spec.Optimise
	if spec.Objective == "" {
		spec.Objective = experiment.DefaultObjective.String()
	}
	metric, err := experiment.ParseMetric(spec.Objective)
	if err != nil {
		return nil, &UsageError{Msg: "--objective: " + err.Error()}
	}
	var runLevel []scenario.Override
	if o.Years > 0 {
		runLevel = append(runLevel, scenario.Override{Path: "params.years", Value: float64(o.Years), Name: "--years"})
	}
	fsys, name, resolve, err := resolveCandidates(o.Candidates)
	if err != nil {
		return nil, err
	}
	cands, err := scenario.ReadCandidates(fsys, name, resolve, scenarios.Baseline, runLevel...)
	if err != nil {
		var list scenario.ErrorList
		if errors.As(err, &list) {
			err = list
		}
		return nil, fmt.Errorf("candidates %s:\n%w", o.Candidates, err)
	}
	p := &optimisation{spec: spec, o: o, cands: cands, metric: metric}
	base, err := runnable(cands.Base.With(runLevel...))
	if err != nil {
		return nil, err
	}
	p.members = []member{{label: "calibrated", overrides: runLevel, base: base, epochs: base.AllEpochs()}}
	if o.Ensemble != "" {
		if err := p.readEnsemble(o.Ensemble, runLevel); err != nil {
			return nil, err
		}
	}
	p.annuity = 1
	if !o.Budget.PerRun {
		p.annuity = base.Costing.AnnuityYears(base.RunYears())
	}
	for _, c := range cands.List {
		p.costs = append(p.costs, portfolio.Candidate{ID: c.ID, Cost: c.RunUSD / p.annuity})
	}
	if err := portfolio.ValidateCandidates(p.costs); err != nil {
		return nil, fmt.Errorf("candidates %s: %w", o.Candidates, err)
	}
	cheapest := slices.MinFunc(p.costs, func(a, b portfolio.Candidate) int { return cmpFloat(a.Cost, b.Cost) })
	if cheapest.Cost > o.Budget.USD {
		return nil, usage("--budget %s buys nothing: the cheapest candidate, %s, costs USD %s %s", o.Budget, cheapest.ID, report.Thousands(cheapest.Cost), budgetUnit(o.Budget))
	}
	p.id = p.digest(base)
	return p, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// budgetUnit says what a cost in the budget's unit is.
func budgetUnit(b Budget) string {
	if b.PerRun {
		return "over the run, discounted"
	}
	return "a year"
}

// resolveCandidates finds a candidates file as the command line names it:
// a file on disk (a path, or a name ending in .toml that exists), whose
// scenarios are resolved from its directory; or a shipped one by name
// (scenarios/candidates), whose scenarios are the shipped ones.
func resolveCandidates(arg string) (fs.FS, string, scenario.Resolver, error) {
	isPath := strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator)
	if isPath || strings.HasSuffix(arg, ".toml") {
		if _, err := os.Lstat(arg); err == nil {
			dir, file := filepath.Split(arg)
			resolve := func(s string) (fs.FS, string, error) {
				if strings.ContainsRune(s, '/') || strings.ContainsRune(s, filepath.Separator) || strings.HasSuffix(s, ".toml") {
					if _, err := os.Lstat(filepath.Join(dir, s)); err == nil {
						return scenarios.Resolve(filepath.Join(dir, s))
					}
				}
				return scenarios.Resolve(s)
			}
			if dir == "" {
				dir = "."
			}
			return os.DirFS(dir), file, resolve, nil
		}
		if isPath {
			return nil, "", nil, usage("--candidates %s: no such file", arg)
		}
	}
	name := "candidates/" + strings.TrimSuffix(arg, ".toml") + ".toml"
	if _, err := fs.Stat(scenarios.CandidatesFS, name); err != nil {
		return nil, "", nil, usage("--candidates %s: no file of that name on disk, and no shipped candidates file of that name (shipped: %s)", arg, strings.Join(shippedCandidates(), ", "))
	}
	return scenarios.CandidatesFS, name, scenarios.Resolve, nil
}

// readEnsemble reads the members of an ensemble file as hourglass
// calibrate writes its ensemble.csv (the shipped one by its name, as
// compare --ensemble reads it): a header of override keys, of switches of
// the base scenario (a cell names the alternative) and of the columns that
// describe a member rather than set it (metaColumn: skipped; weight: the
// member's weight in the expected regret), one row per member. A column
// that is neither a key (it has no '.') nor a switch of the base is a
// switch of another period of the calibration (baseline-2008's kz-rail):
// like compare --ensemble, optimise leaves it out, and says so in
// robustness.ignored_columns. Each member
// is built once here, to refuse one that does not build; a problem names
// the file and line.
func (p *optimisation) readEnsemble(path string, runLevel []scenario.Override) error {
	data, err := readEnsemble(path)
	if err != nil {
		return usage("--ensemble %s: %v", path, err)
	}
	r := csv.NewReader(strings.NewReader(string(data)))
	r.Comment, r.FieldsPerRecord, r.TrimLeadingSpace = '#', 0, true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("--ensemble %s: %v", path, err)
	}
	switches := p.members[0].base.Space().Switches
	skip := make([]bool, len(header))
	for j, h := range header {
		h = strings.TrimSpace(h)
		other := !metaColumn(h) && h != "weight" && !strings.ContainsAny(h, ".[") && !slices.ContainsFunc(switches, func(s scenario.Switch) bool { return s.Name == h })
		if skip[j] = metaColumn(h) || other; other {
			p.ignored = append(p.ignored, h)
		}
	}
	var problems []string
	for i := 0; ; i++ {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			if i == 0 {
				problems = append(problems, path+": no members (one row per member after the header)")
			}
			break
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", path, err))
			break
		}
		line, _ := r.FieldPos(0)
		m := member{label: fmt.Sprintf("member %d", i+1), weight: 1, overrides: slices.Clone(runLevel)}
		bad := false
		for j, h := range header {
			h, cell := strings.TrimSpace(h), strings.TrimSpace(row[j])
			if h == "member" {
				m.label = "member " + cell
			}
			if skip[j] {
				continue
			}
			if k := slices.IndexFunc(switches, func(s scenario.Switch) bool { return s.Name == h }); k >= 0 {
				c, ok := switches[k].Choice(cell)
				if !ok {
					problems = append(problems, fmt.Sprintf("%s:%d: %s: %q is not an alternative (allowed: %s)", path, line, h, cell, switches[k]))
					bad = true
				} else {
					m.overrides = append(m.overrides, switches[k].Overrides(c)...)
				}
				continue
			}
			x, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				problems = append(problems, fmt.Sprintf("%s:%d: %s: %q is not a finite number (a column is an override key, a switch of the base, or one of member, wave, run, score, I[...] and weight)", path, line, h, cell))
				bad = true
				continue
			}
			if h == "weight" {
				m.weight = x
				continue
			}
			m.overrides = append(m.overrides, scenario.Override{Path: h, Value: x, Name: fmt.Sprintf("%s:%d: %s", path, line, h)})
		}
		if !(m.weight >= 0) {
			problems = append(problems, fmt.Sprintf("%s:%d: weight %v is negative", path, line, m.weight))
			continue
		}
		if bad {
			continue
		}
		sc, err := runnable(p.cands.Base.With(m.overrides...))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v", path, line, err))
			continue
		}
		m.base, m.epochs = sc, sc.AllEpochs()
		p.members = append(p.members, m)
	}
	if len(problems) > 0 {
		return errors.New("--ensemble: invalid members:\n" + strings.Join(problems, "\n"))
	}
	return nil
}

// digest names the optimisation in its evaluation logs: what the gains
// depend on (the base's files, the candidates' interventions and costs,
// the objective, the seed and every member's overrides).
func (p *optimisation) digest(base *scenario.Scenario) string {
	h := sha256.New()
	fmt.Fprintf(h, "objective %s seed %d\n", p.metric, p.spec.Seed)
	for _, f := range base.Files {
		fmt.Fprintf(h, "file %s %s\n", filepath.Base(f.Path), f.SHA256)
	}
	for _, c := range p.cands.List {
		fmt.Fprintf(h, "candidate %s %v %.6f\n", c.ID, c.Interventions.IDs(), c.RunUSD)
	}
	for _, m := range p.members {
		fmt.Fprintf(h, "member %v\n", m.overrides)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// writer says whether this process writes the results: not sharded, or
// shard 0.
func (p *optimisation) writer() bool { return p.spec.Shard.Count <= 1 || p.spec.Shard.Index == 0 }

// run searches, and the writer writes the results directory.
func (p *optimisation) run(ctx context.Context, opt Options) (res *OptimiseResult, err error) {
	spec := p.spec
	started := time.Now().UTC()
	res = &OptimiseResult{Writer: p.writer()}
	m := p.manifest(opt, started)
	dir, unlock, done, err := p.claim(m)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res.Dir = dir
	if done {
		res.AlreadyComplete = true
		res.Manifest, _ = results.ReadManifest(dir)
		res.Optimisation, _ = results.ReadOptimisation(dir)
		return res, nil
	}
	log, err := openEvalLog(dir, spec.Shard, p.id, len(p.costs), opt.logf)
	if err != nil {
		return nil, err
	}
	defer log.close()
	e := newEvaluator(p.cands.Base, p.cands.List, p.members, p.metric, spec.Seed, spec.Workers)
	e.progress = opt.Progress
	e.log = log
	if err := log.readAll(e); err != nil {
		return nil, err
	}
	replayed := len(e.values)
	if replayed > 0 {
		opt.logf("%d evaluations read from %s", replayed, filepath.Join(dir, evaluationsDir))
	}
	out, err := p.search(ctx, e)
	interrupted := func(err error) (*OptimiseResult, error) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			res.Interrupted = true
			if res.Writer {
				m.Finished = time.Now().UTC()
				if werr := results.WriteManifest(dir, m); werr != nil {
					return res, errors.Join(err, werr)
				}
			}
			return res, fmt.Errorf("%w: the evaluations so far are in %s; continue with --resume %s", ErrInterrupted, dir, dir)
		}
		return nil, err
	}
	if err != nil {
		return interrupted(err)
	}
	res.Optimisation = out
	if !res.Writer {
		return res, nil
	}
	cmp, err := p.compare(ctx, dir, out, opt)
	if err != nil {
		return interrupted(err)
	}
	if err := p.write(dir, out, e, cmp, opt); err != nil {
		return nil, fmt.Errorf("%w; %s is incomplete: finish it with --resume %s", err, dir, dir)
	}
	m.Finished, m.Complete, m.Completed = time.Now().UTC(), true, out.Evaluations
	if err := results.Commit(dir, m); err != nil {
		return nil, err
	}
	res.Manifest = m
	return res, nil
}

// manifest describes the optimisation, started now.
func (p *optimisation) manifest(opt Options, started time.Time) results.Manifest {
	spec := p.spec
	m := results.Manifest{Program: "hourglass", Version: Version, Commit: commit(), Command: opt.Command, Kind: Optimise.String(),
		Seed: spec.Seed, Replications: spec.N, Shard: spec.Shard.String(), End: spec.N, Workers: spec.Workers, Started: started,
		Objective: spec.Objective}
	if m.Command == nil {
		m.Command = spec.CommandLine()
	}
	base := p.members[0].base
	s := results.Scenario{Name: base.Name, Arg: p.cands.BaseName, AnnualCostUSD: base.AnnualCost(), RunCostUSD: base.RunCost()}
	for _, fi := range base.Files {
		s.Files = append(s.Files, results.FileHash{Path: fi.Path, SHA256: fi.SHA256})
	}
	m.Scenarios = []results.Scenario{s}
	return m
}

// claim makes and locks the results directory, or with Spec.Resume finds
// the interrupted one (done: it is complete already). A shard other than 0
// only makes the shared directory: it writes its log there and nothing
// else.
func (p *optimisation) claim(m results.Manifest) (dir string, unlock func(), done bool, err error) {
	spec := p.spec
	nothing := func() {}
	switch {
	case !p.writer():
		if err := os.MkdirAll(spec.Out, 0o755); err != nil {
			return "", nil, false, err
		}
		return spec.Out, nothing, false, nil
	case spec.Resume || spec.Shard.Count > 1:
		dir = spec.Out
		if spec.Resume {
			if _, err := os.Stat(dir); err != nil {
				return "", nil, false, fmt.Errorf("--resume %s: %v", dir, errors.Unwrap(err))
			}
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", nil, false, err
		}
		if unlock, err = results.Lock(dir); err != nil {
			return "", nil, false, err
		}
		old, rerr := results.ReadManifest(dir)
		switch {
		case errors.Is(rerr, fs.ErrNotExist):
			if spec.Resume {
				if _, err := os.Stat(filepath.Join(dir, evaluationsDir)); err != nil {
					unlock()
					return "", nil, false, fmt.Errorf("--resume %s: no %s and no evaluations: not an optimisation's results directory", dir, results.ManifestFile)
				}
			}
		case rerr != nil:
			unlock()
			return "", nil, false, rerr
		case old.Kind != Optimise.String():
			unlock()
			return "", nil, false, fmt.Errorf("%s holds the results of %s, not of an optimisation: give a new --out", dir, old.Kind)
		case old.Complete:
			unlock()
			return dir, nothing, true, nil
		}
	default:
		name := strings.TrimSuffix(filepath.Base(p.cands.File), ".toml")
		if dir, unlock, err = newOutDir(spec.Out, stamped("optimise-"+name, m.Started), true); err != nil {
			return "", nil, false, err
		}
	}
	if err := results.WriteManifest(dir, m); err != nil {
		unlock()
		return "", nil, false, err
	}
	return dir, unlock, false, nil
}

// selector is the spec's selection procedure at δ.
func (p *optimisation) selector(delta float64) selection.Selector {
	n0 := p.o.firstStage()
	if p.o.procedure() == selection.ProcOCBA {
		return selection.OCBA{Alpha: 0.05, Delta: delta, N0: n0, PerAlternative: max(p.spec.N, n0)}
	}
	return selection.KN{Alpha: 0.05, Delta: delta, N0: n0, Batch: 5, MaxReps: p.spec.N}
}

// references name the procedures' papers.
var references = map[selection.Procedure]string{
	selection.ProcKN:   "Kim, S.-H. and Nelson, B. L. (2001). A fully sequential procedure for indifference-zone selection in simulation. ACM TOMACS 11(3), 251-273.",
	selection.ProcOCBA: "Chen, C.-H., Lin, J., Yücesan, E. and Chick, S. E. (2000). Simulation budget allocation for further enhancing the efficiency of ordinal optimization. Discrete Event Dynamic Systems 10(3), 251-270.",
}

// search runs the frontier, the search at the budget, the siting and the
// robustness across the ensemble: every shard the same way.
func (p *optimisation) search(ctx context.Context, e *evaluator) (*results.Optimisation, error) {
	n0 := p.o.firstStage()
	delta, auto := p.o.Delta, p.o.Delta == 0
	if auto {
		var keys []evalKey
		for r := range n0 {
			keys = append(keys, evalKey{member: 0, rep: r})
		}
		sum := 0.0
		for _, k := range keys {
			v, err := e.baseValue(ctx, k.member, k.rep)
			if err != nil {
				return nil, err
			}
			sum += v
		}
		// 1% of the base's mean; 1 unit (kg, arrest) when the base has
		// none of it (seizures in a world without posts)
		if delta = 0.01 * math.Abs(sum/float64(n0)); delta < 1e-9 {
			delta = 1
		}
	}
	cfg := portfolio.Config{Selector: p.selector(delta), Alpha: 0.05, ExhaustiveLimit: p.o.Exhaustive}
	s, err := portfolio.New(p.costs, e, cfg)
	if err != nil {
		return nil, err
	}
	budget := p.o.Budget.USD
	levels := portfolio.BudgetLevels(p.costs, budget, p.o.levels())
	var points []portfolio.FrontierPoint
	var starts []portfolio.Set
	if lower := levels[:len(levels)-1]; len(lower) > 0 {
		if points, err = s.Frontier(ctx, lower); err != nil {
			return nil, err
		}
		for _, pt := range points {
			starts = append(starts, pt.Best.Set)
		}
	}
	best, err := s.SearchFrom(ctx, budget, starts)
	if err != nil {
		return nil, err
	}
	points = append(points, portfolio.FrontierPoint{Budget: budget, Best: best.Best, PCS: best.Selection.PCS,
		Guaranteed: best.Selection.Guaranteed, Rivals: len(best.Rivals), Method: best.Method})
	siteReps := max(n0, 20)
	if err := p.evaluateAlone(ctx, e, siteReps); err != nil {
		return nil, err
	}
	base := p.members[0].base
	info := p.metric.Info()
	out := &results.Optimisation{Name: p.cands.Name, Description: p.cands.Description, File: p.o.Candidates, Base: strings.TrimSuffix(p.cands.BaseName, ".toml"),
		Objective: p.metric.String(), Unit: info.Unit.String(), Better: betterWord(info.Good),
		Budget: budget, PerRun: p.o.Budget.PerRun, RunYears: base.RunYears(), Annuity: p.annuity, Seed: p.spec.Seed,
		Procedure: best.Selection.Procedure.String(), Reference: references[best.Selection.Procedure], Alpha: best.Selection.Alpha,
		Delta: delta, DeltaAuto: auto, FirstStage: n0, MaxReps: p.spec.N, Method: best.Method.String(), Compared: len(best.Alternatives),
		PCS: best.Selection.PCS, Guaranteed: best.Selection.Guaranteed, Truncated: best.Selection.Truncated, APCS: best.Selection.APCS,
		BestSite: -1}
	if best.Method == portfolio.Exhaustive {
		out.Feasible = len(best.Alternatives)
	}
	for i, c := range p.cands.List {
		oc := results.OptCandidate{ID: c.ID, Scenario: c.Scenario, Places: c.Places, RunUSD: c.RunUSD, AnnualUSD: c.AnnualUSD,
			BudgetUSD: p.costs[i].Cost, Source: c.Source, Assumption: c.Assumption}
		for _, k := range c.Kinds {
			oc.Kinds = append(oc.Kinds, k.String())
		}
		out.Candidates = append(out.Candidates, oc)
	}
	desc := func(set portfolio.Set) results.OptPortfolio { return p.describe(e, s, set) }
	out.Best = desc(best.Best.Set)
	for _, r := range best.Rivals {
		out.Rivals = append(out.Rivals, desc(r.Set))
	}
	for _, in := range best.Interactions {
		oi := results.OptInteraction{Portfolio: desc(in.Portfolio), Joint: results.GainOf(in.Joint), SumOfParts: results.GainOf(in.SumOfParts),
			Synergy: results.GainOf(in.Synergy), Kind: in.Kind.String()}
		for _, mc := range in.Members {
			oi.Members = append(oi.Members, results.OptContribution{ID: mc.ID, Marginal: results.GainOf(mc.Marginal), Alone: results.GainOf(mc.Alone)})
		}
		out.Interactions = append(out.Interactions, oi)
	}
	for i, pt := range points {
		out.Frontier = append(out.Frontier, results.OptFrontier{Budget: pt.Budget, Best: desc(pt.Best.Set), PCS: pt.PCS,
			Guaranteed: pt.Guaranteed, Rivals: pt.Rivals, Method: pt.Method.String(), Efficient: efficient(points, i)})
	}
	p.siting(e, s, out)
	if len(p.members) > 1 {
		if out.Robustness, err = p.robustness(ctx, e, s, best, points); err != nil {
			return nil, err
		}
	}
	for _, set := range e.sets(0) {
		out.Portfolios = append(out.Portfolios, desc(set))
	}
	out.Evaluations, out.Simulated = len(e.values), int(e.simulated.Load())
	out.Builds, out.BuildMillis = int(e.builds.Load()), float64(e.buildNs.Load())/1e6
	return out, nil
}

// betterWord says which direction of the objective is better.
func betterWord(g experiment.Good) string {
	if g == experiment.Up {
		return "more"
	}
	return "less"
}

// describe is a portfolio with its gain over every replication evaluated
// in the calibrated world (the leading ones without a gap), at 95%.
func (p *optimisation) describe(e *evaluator, s *portfolio.Searcher, set portfolio.Set) results.OptPortfolio {
	out := results.OptPortfolio{Cost: s.Cost(set)}
	for _, i := range set.Members() {
		out.IDs = append(out.IDs, p.cands.List[i].ID)
	}
	if !set.IsEmpty() {
		out.Gain = results.GainOf(selection.MeanInterval(e.leading(0, set), 0.95))
	}
	return out
}

// efficient says whether frontier point i is on the efficient frontier:
// no other level's different portfolio costs no more and gains more (or
// costs less and gains as much), and no lower level chose the same.
func efficient(points []portfolio.FrontierPoint, i int) bool {
	a := points[i].Best
	for j, q := range points {
		b := q.Best
		switch {
		case j == i:
		case b.Set == a.Set:
			if j < i {
				return false
			}
		case b.Cost <= a.Cost && b.Value.Mean >= a.Value.Mean && (b.Cost < a.Cost || b.Value.Mean > a.Value.Mean):
			return false
		}
	}
	return true
}

// evaluateAlone evaluates every candidate alone over reps replications in
// the calibrated world: the siting map's gains, and each member's gain
// alone.
func (p *optimisation) evaluateAlone(ctx context.Context, e *evaluator, reps int) error {
	var keys []evalKey
	for r := range reps {
		for i := range p.cands.List {
			keys = append(keys, evalKey{member: 0, set: portfolio.SetOf(i), rep: r})
		}
	}
	_, err := e.gains(ctx, keys)
	return err
}

// siting lists every candidate's gain alone at its place, and the best new
// post.
func (p *optimisation) siting(e *evaluator, s *portfolio.Searcher, out *results.Optimisation) {
	w := p.members[0].base.World
	best := math.Inf(-1)
	for i, c := range p.cands.List {
		g := p.describe(e, s, portfolio.SetOf(i))
		site := results.OptSite{ID: c.ID, Place: strings.Join(c.Places, "+"), Post: c.Scenario == "", Cost: g.Cost, Gain: g.Gain}
		if len(c.Places) == 1 {
			if pi := w.PlaceIndex(c.Places[0]); pi >= 0 {
				pl := &w.Places[pi]
				site.Name, site.Lat, site.Lon = pl.Name, pl.Lat, pl.Lon
			}
		}
		if site.Post && g.Gain.Mean > best {
			best, out.BestSite = g.Gain.Mean, len(out.Siting)
		}
		out.Siting = append(out.Siting, site)
	}
}

// robustness evaluates the portfolios worth comparing (the chosen one, its
// rivals, the frontier's and the local optima) in every ensemble member
// and ranks them by regret.
func (p *optimisation) robustness(ctx context.Context, e *evaluator, s *portfolio.Searcher, best *portfolio.Result, points []portfolio.FrontierPoint) (*results.OptRobustness, error) {
	var sets []portfolio.Set
	add := func(set portfolio.Set) {
		if !set.IsEmpty() && !slices.Contains(sets, set) {
			sets = append(sets, set)
		}
	}
	add(best.Best.Set)
	for _, r := range best.Rivals {
		add(r.Set)
	}
	for _, pt := range points {
		add(pt.Best.Set)
	}
	for _, lo := range best.LocalOptima {
		add(lo)
	}
	reps := p.o.ensembleN()
	var keys []evalKey
	for m := 1; m < len(p.members); m++ {
		for r := range reps {
			for _, set := range sets {
				keys = append(keys, evalKey{member: m, set: set, rep: r})
			}
		}
	}
	vals, err := e.gains(ctx, keys)
	if err != nil {
		return nil, err
	}
	ms := len(p.members) - 1
	values := make([][]float64, len(sets))
	for i := range values {
		values[i] = make([]float64, ms)
	}
	for i, k := range keys {
		values[slices.Index(sets, k.set)][k.member-1] += vals[i] / float64(reps)
	}
	out := &results.OptRobustness{File: p.o.Ensemble, Ignored: p.ignored, Reps: reps, Values: values, Calibrated: 0}
	for _, m := range p.members[1:] {
		out.Members = append(out.Members, m.label)
		out.Weights = append(out.Weights, m.weight)
	}
	for _, set := range sets {
		out.Portfolios = append(out.Portfolios, p.describe(e, s, set))
	}
	r, err := portfolio.Regret(values, out.Weights, -1)
	if err != nil {
		return nil, fmt.Errorf("--ensemble: %w", err)
	}
	out.Regret, out.WorstCase, out.Expected = r.Regret, r.WorstCase, r.Expected
	out.MinimaxRegret, out.MinExpectedRegret = r.MinimaxRegret, r.MinExpectedRegret
	return out, nil
}

// comparisonSet is one scenario of the closing comparison.
type comparisonSet struct {
	name, description string
	set               portfolio.Set
}

// compare runs the closing comparison into dir/comparison: a compare of the
// base, the chosen portfolio, its runner-up and the best new post, at the
// spec's replications and seed (common random numbers with the search),
// with the decision table, maps and report of hourglass compare. It is
// made again from nothing on resume: the same replications give the same
// files.
func (p *optimisation) compare(ctx context.Context, dir string, out *results.Optimisation, opt Options) (*Result, error) {
	sets := []comparisonSet{{name: "chosen", description: "the chosen portfolio: " + out.Best.Label(), set: p.setOf(out.Best.IDs)}}
	if len(out.Rivals) > 0 {
		sets = append(sets, comparisonSet{name: "runner-up", description: "the runner-up: " + out.Rivals[0].Label(), set: p.setOf(out.Rivals[0].IDs)})
	}
	if out.BestSite >= 0 {
		site := out.Siting[out.BestSite]
		sets = append(sets, comparisonSet{name: "best-site", description: "the best new post alone: " + site.ID, set: p.setOf([]string{site.ID})})
	}
	base := p.members[0]
	scs := []loaded{{sc: base.base, arg: p.cands.BaseName}}
	for _, c := range sets {
		if c.set.IsEmpty() {
			continue
		}
		var add []*scenario.Interventions
		for _, i := range c.set.Members() {
			add = append(add, p.cands.List[i].Interventions)
		}
		sc, err := p.cands.Base.WithInterventions(add, base.overrides...)
		if err != nil {
			return nil, err
		}
		sc.Name, sc.Description = c.name, c.description
		scs = append(scs, loaded{sc: sc, arg: c.name})
		out.ComparisonNames = append(out.ComparisonNames, c.name)
	}
	if len(scs) < 2 {
		return nil, nil // nothing chosen: nothing to compare
	}
	cdir := filepath.Join(dir, results.ComparisonDir)
	if err := os.RemoveAll(cdir); err != nil {
		return nil, err
	}
	j := &Job{spec: Spec{Kind: Compare, N: p.spec.N, Seed: p.spec.Seed, Workers: p.spec.Workers, Objective: p.spec.Objective, Out: cdir}, scs: scs}
	copt := opt
	copt.Command = append(j.spec.CommandLine()[:0:0], "hourglass", "optimise", "(closing comparison)")
	copt.CPUProfile, copt.MemProfile = "", ""
	res, err := j.Run(ctx, copt)
	if err != nil {
		return nil, fmt.Errorf("closing comparison: %w", err)
	}
	out.Comparison = results.ComparisonDir
	return res, nil
}

// setOf is the set of the candidates with these ids.
func (p *optimisation) setOf(ids []string) portfolio.Set {
	var s portfolio.Set
	for i, c := range p.cands.List {
		if slices.Contains(ids, c.ID) {
			s = s.With(i)
		}
	}
	return s
}

// write writes the optimisation's tables, sources.csv and report.html.
func (p *optimisation) write(dir string, out *results.Optimisation, e *evaluator, cmp *Result, opt Options) error {
	if err := results.WriteOptimisation(dir, out, e.evaluations(p.cands.List)); err != nil {
		return err
	}
	if err := writeSources(dir, []*scenario.Scenario{p.members[0].base}); err != nil {
		return err
	}
	in := report.Optimise{Optimisation: out, World: p.members[0].base.World, NoFigures: opt.NoFigures, Sources: results.SourcesFile}
	if cmp != nil {
		in.Comparison = cmp.Summary
		in.Days = cmp.Scenarios[0].Params.Days
	}
	in.Files = []string{results.OptimiseJSON, results.CandidatesFile, results.PortfoliosFile, results.FrontierFile, results.InteractionsFile, results.SitingFile}
	if out.Robustness != nil {
		in.Files = append(in.Files, results.RobustnessFile)
	}
	in.Files = append(in.Files, results.EvaluationsFile, results.SourcesFile)
	if err := report.WriteOptimise(dir, in); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if p.spec.Shard.Count <= 1 {
		// everything the logs held is in evaluations.csv
		return os.RemoveAll(filepath.Join(dir, evaluationsDir))
	}
	return nil
}

// sets are the portfolios evaluated in member m, in the order of their
// members.
func (e *evaluator) sets(m int) []portfolio.Set {
	e.mu.Lock()
	seen := map[portfolio.Set]bool{}
	var out []portfolio.Set
	for k := range e.values {
		if k.member == m && !seen[k.set] {
			seen[k.set] = true
			out = append(out, k.set)
		}
	}
	e.mu.Unlock()
	slices.SortFunc(out, func(a, b portfolio.Set) int { return slices.Compare(a.Members(), b.Members()) })
	return out
}

// leading are set's gains in member m at replications 0, 1, … up to the
// first not evaluated.
func (e *evaluator) leading(m int, set portfolio.Set) []float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []float64
	for r := 0; ; r++ {
		v, ok := e.values[evalKey{member: m, set: set, rep: r}]
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// evaluations are every evaluation, by member, portfolio and replication.
func (e *evaluator) evaluations(cands []scenario.Candidate) []results.Evaluation {
	e.mu.Lock()
	defer e.mu.Unlock()
	keys := make([]evalKey, 0, len(e.values))
	for k := range e.values {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b evalKey) int {
		if a.member != b.member {
			return a.member - b.member
		}
		if c := slices.Compare(a.set.Members(), b.set.Members()); c != 0 {
			return c
		}
		return a.rep - b.rep
	})
	out := make([]results.Evaluation, len(keys))
	for i, k := range keys {
		var ids []string
		for _, c := range k.set.Members() {
			ids = append(ids, cands[c].ID)
		}
		out[i] = results.Evaluation{Member: k.member, Rep: k.rep, Portfolio: strings.Join(ids, "+"), Gain: e.values[k]}
	}
	return out
}

// owner is the shard that evaluates a key: by a hash of the key, so that
// every shard assigns it alike whatever it knows already.
func owner(k evalKey, count int) int {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d %d %s", k.member, k.rep, k.set)
	return int(h.Sum32() % uint32(count))
}
