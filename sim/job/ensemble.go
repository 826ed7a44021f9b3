package job

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/prim"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/robust"
	"hourglass/sim/scenario"
)

// A comparison across an ensemble (Spec.Ensemble: hourglass calibrate's
// ensemble.csv, or a file of the same form) runs the baseline and every
// alternative in every member of the ensemble: each member a setting of the
// uncertain inputs and contested facts, applied with Base.With to every
// scenario whose own space declares it (an input that a scenario's files set
// themselves, such as a place an intervention rebuilds, is left as the
// scenario sets it). Within a member the comparison has common random
// numbers: replication r of every scenario draws from (Seed, r), in every
// member alike, so a difference between members comes from their inputs.
//
// Each member's decision is the gain in the objective per dollar of extra
// cost (as the decision table ranks it); across the members, package robust
// gives each alternative's probability of being best with its Wilson
// interval, its expected rank, its regret (the shortfall of its gain per
// dollar from the best alternative's in the same member), its worst-case
// regret, and how often its cost per unit's interval excludes each rival's;
// package prim finds the conditions under which the top two swap.

// EnsembleKind is the kind a comparison across an ensemble records in its
// manifest.
const EnsembleKind = "ensemble"

// DefaultEnsembleReps is the paired replications per member of a
// comparison across an ensemble (Spec.N when 0; the command line's default
// too): the README's ensemble comparison of every shipped intervention
// finishes in minutes on two cores.
const DefaultEnsembleReps = 20

// Files of an ensemble comparison's directory.
const (
	MembersFile   = "members.csv"
	EffectsFile   = "effects.csv"
	RobustFile    = "robust.csv"
	ExclusionFile = "exclusion.csv"
	DiscoveryFile = "discovery.csv"
	EnsembleJSON  = "ensemble.json"
	MembersLog    = "members.log"
)

// ensembleMember is one member of an ensemble: what it sets.
type ensembleMember struct {
	id     string // as the file names it
	x      []float64
	choice []int
}

// ensemblePlan is an ensemble comparison prepared: its scenarios, parsed
// once, and the members read and checked.
type ensemblePlan struct {
	spec      Spec
	bases     []*scenario.Base
	scs       []*scenario.Scenario // without overrides
	spaces    []scenario.Space
	inputs    []scenario.Input  // the file's columns the baseline declares uncertain
	switches  []scenario.Switch // likewise, switches
	ignored   []string          // the file's other columns
	members   []ensembleMember
	objective experiment.Metric
	settings  json.RawMessage
}

// checkEnsemble refuses an ensemble where it does not belong.
func (s *Spec) checkEnsemble() error {
	if s.Ensemble == "" {
		return nil
	}
	if s.Kind != Compare {
		return usage("--ensemble is for compare")
	}
	if s.Precision > 0 {
		return usage("--precision with --ensemble: every member runs -n replications")
	}
	if s.PerReplication {
		return usage("--per-replication with --ensemble: the members' replications are not kept")
	}
	if !s.Design.IsZero() {
		return usage("--across with --ensemble: compare across the ensemble's members, or at levels of a key, not both")
	}
	return nil
}

// ensembleArgs are the command line's flags of a calibration or an
// ensemble comparison (CommandLine).
func (s Spec) ensembleArgs() []string {
	var args []string
	if s.Ensemble != "" {
		args = append(args, "--ensemble", s.Ensemble)
	}
	if s.Kind != Calibrate {
		return args
	}
	c := s.Calibration
	for _, f := range []struct {
		name string
		v    int
	}{{"--waves", c.Waves}, {"--runs", c.Runs}, {"--first-runs", c.FirstRuns}, {"--members", c.Members}} {
		if f.v != 0 {
			args = append(args, f.name, strconv.Itoa(f.v))
		}
	}
	if c.Discrepancy != 0 {
		args = append(args, "--discrepancy", exact(math.Max(0, c.Discrepancy)))
	}
	if c.Cutoff != 0 {
		args = append(args, "--cutoff", exact(c.Cutoff))
	}
	if c.Targets != "" {
		args = append(args, "--targets", c.Targets)
	}
	if c.From != "" {
		args = append(args, "--from", c.From)
	}
	if len(c.Inputs) > 0 {
		args = append(args, "--inputs", strings.Join(c.Inputs, ","))
	}
	return args
}

// prepareEnsemble loads the scenarios and reads the ensemble file, checking
// every member on every scenario before anything runs.
func prepareEnsemble(spec Spec) (*ensemblePlan, error) {
	obj, err := experiment.ParseMetric(spec.Objective)
	if err != nil {
		return nil, usage("--objective: %v", err)
	}
	p := &ensemblePlan{spec: spec, objective: obj}
	bs := bases{}
	scs, err := loadAll(bs, spec.Scenarios, nil)
	if err != nil {
		return nil, err
	}
	for _, l := range scs {
		b, _ := bs.base(l.arg)
		p.bases = append(p.bases, b)
		p.scs = append(p.scs, l.sc)
		p.spaces = append(p.spaces, l.sc.Space())
	}
	for i, sc := range p.scs[1:] {
		if !(sc.RunCost() > p.scs[0].RunCost()) {
			return nil, usage("%s costs no more than %s: an ensemble comparison ranks the alternatives by their gain per dollar of extra cost", spec.Scenarios[i+1], spec.Scenarios[0])
		}
	}
	data, err := readEnsemble(spec.Ensemble)
	if err != nil {
		return nil, fmt.Errorf("--ensemble: %w", err)
	}
	if err := p.readMembers(data); err != nil {
		return nil, err
	}
	// every member builds in every scenario
	for _, m := range p.members {
		for s := range p.scs {
			if _, err := p.bases[s].With(p.overrides(s, m)...); err != nil {
				return nil, fmt.Errorf("%s: member %s in %s: %w", spec.Ensemble, m.id, spec.Scenarios[s], err)
			}
		}
	}
	set := struct {
		Ensemble  string   `json:"ensemble"`
		Hash      string   `json:"ensemble_sha256"`
		Objective string   `json:"objective"`
		Members   int      `json:"members"`
		Columns   []string `json:"columns"`
	}{spec.Ensemble, sha(data), obj.String(), len(p.members), p.columns()}
	if p.settings, err = json.Marshal(set); err != nil {
		return nil, err
	}
	return p, nil
}

// columns names the ensemble's applied columns: inputs, then switches.
func (p *ensemblePlan) columns() []string {
	var out []string
	for _, in := range p.inputs {
		out = append(out, in.Path)
	}
	for _, s := range p.switches {
		out = append(out, s.Name)
	}
	return out
}

// metaColumns are the columns of ensemble.csv that describe a member rather
// than set it.
func metaColumn(name string) bool {
	return name == "member" || name == "wave" || name == "run" || name == "score" || strings.HasPrefix(name, "I[")
}

// readMembers reads the members: a header naming the baseline's uncertain
// inputs (paths) and switches (names), one member per row.
func (p *ensemblePlan) readMembers(data []byte) error {
	r := csv.NewReader(strings.NewReader(string(data)))
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %v", p.spec.Ensemble, err)
	}
	space := p.spaces[0]
	type col struct {
		at    int
		input int // index into p.inputs, or -1
		sw    int // index into p.switches, or -1
	}
	var cols []col
	idCol := -1
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "member" {
			idCol = i
		}
		if metaColumn(h) {
			continue
		}
		if k := slices.IndexFunc(space.Inputs, func(in scenario.Input) bool { return in.Path == h }); k >= 0 {
			cols = append(cols, col{i, len(p.inputs), -1})
			p.inputs = append(p.inputs, space.Inputs[k])
			continue
		}
		if k := slices.IndexFunc(space.Switches, func(s scenario.Switch) bool { return s.Name == h }); k >= 0 {
			cols = append(cols, col{i, -1, len(p.switches)})
			p.switches = append(p.switches, space.Switches[k])
			continue
		}
		p.ignored = append(p.ignored, h)
	}
	if len(cols) == 0 {
		var allowed []string
		for _, in := range space.Inputs {
			allowed = append(allowed, in.Path)
		}
		for _, s := range space.Switches {
			allowed = append(allowed, s.Name)
		}
		return fmt.Errorf("%s:1: no column is an uncertain input or switch of %s (allowed: %s)", p.spec.Ensemble, p.spec.Scenarios[0], strings.Join(allowed, ", "))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %v", p.spec.Ensemble, err)
		}
		line, _ := r.FieldPos(0)
		m := ensembleMember{id: strconv.Itoa(len(p.members) + 1), x: make([]float64, len(p.inputs)), choice: make([]int, len(p.switches))}
		if idCol >= 0 {
			m.id = strings.TrimSpace(rec[idCol])
		}
		for _, c := range cols {
			cell := strings.TrimSpace(rec[c.at])
			if c.input >= 0 {
				x, err := strconv.ParseFloat(cell, 64)
				if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("%s:%d: %s: %q is not a finite number", p.spec.Ensemble, line, header[c.at], cell)
				}
				m.x[c.input] = x
				continue
			}
			s := p.switches[c.sw]
			k, ok := s.Choice(cell)
			if !ok {
				return fmt.Errorf("%s:%d: %s: %q is not an alternative (allowed: %s)", p.spec.Ensemble, line, s.Name, cell, s)
			}
			m.choice[c.sw] = k
		}
		p.members = append(p.members, m)
	}
	if len(p.members) == 0 {
		return fmt.Errorf("%s: no members (one row per member after the header)", p.spec.Ensemble)
	}
	return nil
}

// overrides are what member m sets in scenario s: each input and switch
// the scenario's own space declares.
func (p *ensemblePlan) overrides(s int, m ensembleMember) []scenario.Override {
	var ov []scenario.Override
	sp := p.spaces[s]
	for i, in := range p.inputs {
		if slices.ContainsFunc(sp.Inputs, func(o scenario.Input) bool { return o.Path == in.Path }) {
			ov = append(ov, scenario.Override{Path: in.Path, Value: m.x[i], Name: "member " + m.id + " " + in.Path})
		}
	}
	for k, sw := range p.switches {
		if slices.ContainsFunc(sp.Switches, func(o scenario.Switch) bool { return o.Name == sw.Name }) {
			ov = append(ov, sw.Overrides(m.choice[k])...)
		}
	}
	return ov
}

// memberEffect is one alternative's result in one member.
type memberEffect struct {
	Gain          experiment.Interval // the objective's gain over the run, with its 95% CI
	SD            float64             // of the paired differences
	Cost          float64             // extra cost over the run, discounted
	W             float64             // the effect discount
	PerM, PerMSE  float64             // gain per USD 1 million, and its standard error
	CostPerUnit   robust.Interval     // extra cost per unit of gain, 95% (Fieller); +Inf where the gain is not clear
	CostPerUnitOK bool
}

// runMember compares every scenario in member m.
func (p *ensemblePlan) runMember(ctx context.Context, m ensembleMember) ([]memberEffect, error) {
	var scs []loaded
	for s := range p.scs {
		sc, err := p.bases[s].With(p.overrides(s, m)...)
		if err != nil {
			return nil, err
		}
		scs = append(scs, loaded{sc: sc, arg: p.spec.Scenarios[s]})
	}
	e := newExperiment("compare", scs, Spec{N: p.spec.N, Seed: p.spec.Seed, Workers: p.spec.Workers})
	r, err := e.Run(ctx, experiment.Discard)
	if err != nil {
		return nil, err
	}
	if err := r.Summary.CheckFinite(); err != nil {
		// as a comparison refuses it (results.Writer.Finish): the member's
		// inputs give it again on every run
		return nil, fmt.Errorf("member %s: %w", m.id, err)
	}
	out := make([]memberEffect, len(scs)-1)
	for _, alt := range experiment.Decide(r.Summary, p.objective) {
		eff, _ := alt.Effect(p.objective)
		w := r.Summary.Scenarios[alt.Index].EffectDiscount
		me := memberEffect{Gain: eff.Gain, SD: eff.Diff.SD, Cost: alt.ExtraCostUSD, W: w}
		me.PerM = eff.Gain.Mean * w / alt.ExtraCostUSD * 1e6
		me.PerMSE = eff.Diff.SD / math.Sqrt(float64(eff.Diff.N)) * w / alt.ExtraCostUSD * 1e6
		me.CostPerUnit = robust.Interval{Lo: math.Inf(1), Hi: math.Inf(1)}
		if cpu, ok := experiment.CostPerUnit(alt.ExtraCostUSD, eff.Gain, w); ok {
			me.CostPerUnit, me.CostPerUnitOK = robust.Interval{Lo: cpu.Lo, Hi: cpu.Hi}, true
		} else if eff.Gain.Hi > 0 {
			me.CostPerUnit.Lo = alt.ExtraCostUSD / (eff.Gain.Hi * w)
		}
		out[alt.Index-1] = me
	}
	return out, nil
}

// record is a member's log record.
func (me memberEffect) record() []string {
	return exacts([]float64{me.Gain.Mean, me.Gain.Lo, me.Gain.Hi, float64(me.Gain.N), me.SD, me.Cost, me.W, me.PerM, me.PerMSE,
		me.CostPerUnit.Lo, me.CostPerUnit.Hi, b2f(me.CostPerUnitOK)})
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

const memberFields = 12

// parseMember reads what record wrote.
func parseMember(ss []string) (memberEffect, error) {
	x, err := parseExacts(ss)
	if err != nil || len(x) != memberFields {
		return memberEffect{}, fmt.Errorf("a damaged record")
	}
	return memberEffect{Gain: experiment.Interval{Mean: x[0], Lo: x[1], Hi: x[2], N: int(x[3])}, SD: x[4], Cost: x[5], W: x[6], PerM: x[7], PerMSE: x[8],
		CostPerUnit: robust.Interval{Lo: x[9], Hi: x[10]}, CostPerUnitOK: x[11] == 1}, nil
}

// memberIn is what a member's log record holds as its input.
func (p *ensemblePlan) memberIn(m ensembleMember) []string {
	in := append([]string{m.id}, exacts(m.x)...)
	for _, c := range m.choice {
		in = append(in, "#"+strconv.Itoa(c))
	}
	return in
}

// manifest describes the ensemble comparison, started now.
func (p *ensemblePlan) manifest(opt Options) results.Manifest {
	var scs []loaded
	for i, sc := range p.scs {
		scs = append(scs, loaded{sc: sc, arg: p.spec.Scenarios[i]})
	}
	m := newManifest(EnsembleKind, scs, p.spec.N, p.spec.Seed, p.spec.Workers, p.spec.Shard)
	m.First, m.End = p.spec.Shard.Range(len(p.members))
	if p.spec.Shard.Count == 0 {
		m.First, m.End = 0, len(p.members)
	}
	m.Objective, m.Settings = p.objective.String(), p.settings
	m.Command = opt.Command
	if m.Command == nil {
		m.Command = p.spec.CommandLine()
	}
	return m
}

// EnsembleResult is a decision across an ensemble.
type EnsembleResult struct {
	Names     []string // the alternatives
	Baseline  string
	Objective experiment.Metric
	Unit      string // of the effects: the objective's gain per USD 1 million
	Members   []string
	Effects   [][]memberEffect // [member][alternative]
	Robust    *robust.Result
	Exclusion [][]float64 // [a][b]: share of members where a's cost per unit interval lies wholly below b's
	Words     string      // robust's Summary
	// Flip is where the top two swap, Best each "best in some worlds"
	// alternative's box (nil without the rows or the contrast PRIM needs;
	// then Note says why).
	Flip *report.Discovery
	Best []report.Discovery
	// Columns are the members' inputs and switches; Ignored the file's
	// other columns.
	Inputs, Switches, Ignored []string
	Pending                   string // a shard: its members are done; merge the shards
}

// runEnsemble runs an ensemble comparison into its directory (or resumes
// it from its log of members).
func (j *Job) runEnsemble(ctx context.Context, opt Options) (*Result, error) {
	p := j.ens
	spec := j.spec
	m := p.manifest(opt)
	dir, unlock, done, err := claim(spec, &m, "compare-ensemble-"+p.scs[0].Name, "ensemble comparison")
	if err != nil || done != nil {
		return done, err
	}
	defer unlock()
	res := &Result{Dir: dir, Scenarios: p.scs}
	log, err := openRunLog(logIn(dir, MembersLog))
	if err != nil {
		return nil, err
	}
	first, end := m.First, m.End
	effects := make([][]memberEffect, len(p.members))
	for i := first; i < end; i++ {
		mb := p.members[i]
		if r, ok := log.get(uint64(i)); ok {
			if !slices.Equal(r.In, p.memberIn(mb)) {
				log.close()
				return nil, fmt.Errorf("%s: member %s is not this ensemble's: not the same comparison", log.path, mb.id)
			}
			if effects[i], err = parseEffects(r.Out, len(p.scs)-1); err != nil {
				log.close()
				return nil, fmt.Errorf("%s: member %s: %w", log.path, mb.id, err)
			}
			continue
		}
		opt.progress((i-first)*spec.N, (end-first)*spec.N) // replications of every scenario
		eff, err := p.runMember(ctx, mb)
		if err != nil {
			log.close()
			if ctx.Err() != nil {
				m.Completed = len(log.recs)
				if werr := results.WriteManifest(dir, m); werr != nil {
					return nil, werr
				}
				res.Manifest, res.Interrupted = m, true
				return res, ErrInterrupted
			}
			return nil, fmt.Errorf("member %s: %w", mb.id, err)
		}
		var out []string
		for _, e := range eff {
			out = append(out, e.record()...)
		}
		if err := log.add(logRecord{Key: uint64(i), In: p.memberIn(mb), Out: out}); err != nil {
			log.close()
			return nil, err
		}
		effects[i] = eff
	}
	opt.progress((end-first)*spec.N, (end-first)*spec.N)
	if err := log.finish(); err != nil {
		return nil, err
	}
	m.Completed = end - first
	if spec.Shard.Count > 0 {
		m.Finished, m.Complete = time.Now().UTC(), true
		m.StoppedBy = fmt.Sprintf("members %d to %d of %d done: merge the shards (hourglass merge)", first+1, end, len(p.members))
		if err := results.Commit(dir, m); err != nil {
			return nil, err
		}
		res.Manifest, res.Ensemble = m, &EnsembleResult{Pending: m.StoppedBy}
		return res, nil
	}
	er, err := p.analyse(effects)
	if err != nil {
		return nil, err
	}
	if err := p.write(dir, er, opt); err != nil {
		return nil, fmt.Errorf("%w; %s is incomplete: finish it with --resume %s", err, dir, dir)
	}
	m.Finished, m.Complete = time.Now().UTC(), true
	if err := results.Commit(dir, m); err != nil {
		return nil, err
	}
	res.Manifest, res.Ensemble = m, er
	return res, nil
}

// parseEffects reads a member's record: memberFields numbers per
// alternative.
func parseEffects(out []string, alts int) ([]memberEffect, error) {
	if len(out) != alts*memberFields {
		return nil, errors.New("a damaged record")
	}
	effs := make([]memberEffect, alts)
	for a := range effs {
		var err error
		if effs[a], err = parseMember(out[a*memberFields : (a+1)*memberFields]); err != nil {
			return nil, err
		}
	}
	return effs, nil
}

// analyse compares the alternatives across the members and finds where the
// top two swap.
func (p *ensemblePlan) analyse(effects [][]memberEffect) (*EnsembleResult, error) {
	er := &EnsembleResult{Baseline: p.scs[0].Name, Objective: p.objective, Effects: effects, Ignored: p.ignored,
		Unit: p.objective.Info().Unit.String() + " per USD 1M"}
	if p.objective.Info().Unit == experiment.Count {
		er.Unit = "per USD 1M"
	}
	for _, sc := range p.scs[1:] {
		er.Names = append(er.Names, sc.Name)
	}
	for _, in := range p.inputs {
		er.Inputs = append(er.Inputs, in.Path)
	}
	for _, s := range p.switches {
		er.Switches = append(er.Switches, s.Name)
	}
	eff := make([][]float64, len(effects))
	se := make([][]float64, len(effects))
	cpu := make([][]robust.Interval, len(effects))
	for m, row := range effects {
		er.Members = append(er.Members, p.members[m].id)
		for _, e := range row {
			eff[m] = append(eff[m], e.PerM)
			se[m] = append(se[m], e.PerMSE)
			cpu[m] = append(cpu[m], e.CostPerUnit)
		}
	}
	var err error
	if er.Robust, err = robust.Analyze(eff, robust.Options{Sense: robust.Maximize, SE: se}); err != nil {
		return nil, err
	}
	if er.Exclusion, err = robust.Exclusion(cpu, robust.Minimize); err != nil {
		return nil, err
	}
	er.Words = er.Robust.Summary(er.Names, er.Unit)
	// scenario discovery: the members' inputs and switches
	var cols []prim.Column
	for i, in := range p.inputs {
		x := make([]float64, len(p.members))
		for m, mb := range p.members {
			x[m] = mb.x[i]
		}
		cols = append(cols, prim.Continuous(in.Path, "", x))
	}
	for k, s := range p.switches {
		codes := make([]int, len(p.members))
		for m, mb := range p.members {
			codes[m] = mb.choice[k]
		}
		var levels []string
		for _, a := range s.Alternatives {
			levels = append(levels, a.Name)
		}
		cols = append(cols, prim.Categorical(s.Name, levels, codes))
	}
	order := report.ByPBest(er.Robust)
	if len(order) >= 2 {
		top, second := order[0], order[1]
		y := make([]bool, len(eff))
		for m := range eff {
			y[m] = eff[m][second] > eff[m][top]
		}
		d := discover(cols, y, fmt.Sprintf("%s beats %s", er.Names[second], er.Names[top]),
			fmt.Sprintf("%s beats %s in every member", er.Names[top], er.Names[second]), fmt.Sprintf("%s beats %s in every member", er.Names[second], er.Names[top]))
		d.Question = fmt.Sprintf("When does %s beat %s (the top two by P(best))?", er.Names[second], er.Names[top])
		er.Flip = &d
	}
	for a, alt := range er.Robust.Alternatives {
		if alt.Verdict != robust.SomeWorlds {
			continue
		}
		y := make([]bool, len(eff))
		for m := range eff {
			y[m] = slices.Max(eff[m]) == eff[m][a]
		}
		d := discover(cols, y, er.Names[a]+" is best", "", er.Names[a]+" is best in every member")
		d.Question = fmt.Sprintf("When is %s best?", er.Names[a])
		er.Best = append(er.Best, d)
	}
	return er, nil
}

// discover runs PRIM for outcome y and says its box in words; never and
// always are the sentences for an outcome that holds in no member or in
// every one.
func discover(cols []prim.Column, y []bool, outcome, never, always string) report.Discovery {
	d := report.Discovery{Outcome: outcome, Rows: len(y)}
	for _, v := range y {
		if v {
			d.Hits++
		}
	}
	switch {
	case d.Hits == 0 && never != "":
		d.Sentence = never + "."
		return d
	case d.Hits == len(y):
		d.Sentence = always + "."
		return d
	case d.Hits == 0:
		d.Sentence = "never: " + outcome + " in no member."
		return d
	}
	res, err := prim.Find(cols, y, prim.Config{})
	if err != nil {
		d.Sentence = fmt.Sprintf("%s in %d of %d members; no box found (%v).", outcome, d.Hits, d.Rows, err)
		return d
	}
	d.Coverage, d.Density, d.Mass = res.Box.Coverage, res.Box.Density, res.Box.Mass
	for _, r := range res.Restrictions(res.Box) {
		d.Restrictions = append(d.Restrictions, r.Clause())
	}
	if len(d.Restrictions) == 0 {
		d.Sentence = fmt.Sprintf("%s in %d of the %d members, under no condition on the inputs that chance would not explain as well.", outcome, d.Hits, d.Rows)
		return d
	}
	d.Sentence = res.Sentence(outcome, res.Box) + "."
	return d
}

// write writes the ensemble comparison's files and report.
func (p *ensemblePlan) write(dir string, er *EnsembleResult, opt Options) error {
	header := append([]string{"member"}, p.columns()...)
	rows := [][]string{header}
	for _, mb := range p.members {
		row := append([]string{mb.id}, exacts(mb.x)...)
		for k, c := range mb.choice {
			row = append(row, p.switches[k].Alternatives[c].Name)
		}
		rows = append(rows, row)
	}
	if err := results.WriteCSV(filepath.Join(dir, MembersFile), rows); err != nil {
		return err
	}
	f := func(x float64) string {
		if math.IsInf(x, 1) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	obj := p.objective.String()
	rows = [][]string{{"member", "alternative", "gain_" + obj, "gain_ci_low", "gain_ci_high", "extra_cost_usd", "gain_per_musd", "gain_per_musd_se",
		"cost_per_unit", "cost_per_unit_ci_low", "cost_per_unit_ci_high", "rank", "regret_per_musd", "best"}}
	ranks := make([][]float64, len(er.Effects))
	for m, row := range er.Effects {
		for a := range row {
			ranks[m] = append(ranks[m], rankIn(row, a))
		}
	}
	for m, row := range er.Effects {
		for a, e := range row {
			cpu := ""
			if e.CostPerUnitOK {
				cpu = f(e.Cost / (e.Gain.Mean * e.W))
			}
			rows = append(rows, []string{er.Members[m], er.Names[a], f(e.Gain.Mean), f(e.Gain.Lo), f(e.Gain.Hi), f(e.Cost), f(e.PerM), f(e.PerMSE),
				cpu, f(e.CostPerUnit.Lo), f(e.CostPerUnit.Hi), f(ranks[m][a]), f(er.Robust.Alternatives[a].Regret[m]), strconv.FormatBool(ranks[m][a] <= 1)})
		}
	}
	if err := results.WriteCSV(filepath.Join(dir, EffectsFile), rows); err != nil {
		return err
	}
	rows = [][]string{{"alternative", "p_best", "p_best_ci_low", "p_best_ci_high", "expected_rank", "mean_gain_per_musd", "mean_regret_per_musd",
		"worst_regret_per_musd", "worst_member", "near_best_share", "verdict"}}
	for a, alt := range er.Robust.Alternatives {
		mean := 0.0
		for _, row := range er.Effects {
			mean += row[a].PerM / float64(len(er.Effects))
		}
		rows = append(rows, []string{er.Names[a], f(alt.PBest), f(alt.PBestLo), f(alt.PBestHi), f(alt.ExpectedRank), f(mean), f(alt.MeanRegret),
			f(alt.MaxRegret), er.Members[alt.WorstMember], f(alt.NearBestShare), alt.Verdict.String()})
	}
	if err := results.WriteCSV(filepath.Join(dir, RobustFile), rows); err != nil {
		return err
	}
	rows = [][]string{{"alternative", "rival", "share_cost_per_unit_below"}}
	for a := range er.Names {
		for b := range er.Names {
			if a != b {
				rows = append(rows, []string{er.Names[a], er.Names[b], f(er.Exclusion[a][b])})
			}
		}
	}
	if err := results.WriteCSV(filepath.Join(dir, ExclusionFile), rows); err != nil {
		return err
	}
	rows = [][]string{{"question", "sentence", "members", "members_with_outcome", "coverage", "density", "mass", "conditions"}}
	for _, d := range er.discoveries() {
		rows = append(rows, []string{d.Question, d.Sentence, strconv.Itoa(d.Rows), strconv.Itoa(d.Hits), f(d.Coverage), f(d.Density), f(d.Mass), strings.Join(d.Restrictions, "; ")})
	}
	if err := results.WriteCSV(filepath.Join(dir, DiscoveryFile), rows); err != nil {
		return err
	}
	if err := p.writeJSON(dir, er); err != nil {
		return err
	}
	if err := writeSources(dir, p.scs); err != nil {
		return err
	}
	in := er.ReportInput()
	in.Question = p.question()
	in.NoFigures = opt.NoFigures
	in.Files = []string{MembersFile, EffectsFile, RobustFile, ExclusionFile, DiscoveryFile, EnsembleJSON, results.SourcesFile, MembersLog}
	in.Sources = results.SourcesFile
	if err := report.WriteEnsemble(dir, in); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// rankIn is alternative a's rank in one member (1 the best, ties shared).
func rankIn(row []memberEffect, a int) float64 {
	r, ties := 1.0, 0.0
	for b, e := range row {
		switch {
		case e.PerM > row[a].PerM:
			r++
		case b != a && e.PerM == row[a].PerM:
			ties++
		}
	}
	return r + ties/2
}

// discoveries are the flip and every "best in some worlds" box.
func (er *EnsembleResult) discoveries() []report.Discovery {
	var out []report.Discovery
	if er.Flip != nil {
		out = append(out, *er.Flip)
	}
	return append(out, er.Best...)
}

// question is the report's question.
func (p *ensemblePlan) question() string {
	return fmt.Sprintf("Which alternative buys the most %s per dollar against %s, in every one of the %d members of the ensemble %s (each a setting of %d uncertain inputs and %d contested facts that the calibration targets do not rule out), and where does the answer change? %d paired replications per scenario in each member (seed %d).",
		p.objective.Info().Doc, p.scs[0].Name, len(p.members), p.spec.Ensemble, len(p.inputs), len(p.switches), p.spec.N, p.spec.Seed)
}

// ReportInput is what the ensemble's report and console table are drawn
// from.
func (er *EnsembleResult) ReportInput() report.Ensemble {
	in := report.Ensemble{Names: er.Names, Baseline: er.Baseline, Unit: er.Unit, Objective: er.Objective.String(), Robust: er.Robust,
		Exclusion: er.Exclusion, Words: er.Words, Discoveries: er.discoveries(), Members: len(er.Members), Ignored: er.Ignored}
	for _, row := range er.Effects {
		var r []float64
		for _, e := range row {
			r = append(r, e.PerM)
		}
		in.Effects = append(in.Effects, r)
	}
	return in
}

// writeJSON writes ensemble.json.
func (p *ensemblePlan) writeJSON(dir string, er *EnsembleResult) error {
	type alt struct {
		Name         string  `json:"alternative"`
		PBest        float64 `json:"p_best"`
		PBestLo      float64 `json:"p_best_ci_low"`
		PBestHi      float64 `json:"p_best_ci_high"`
		ExpectedRank float64 `json:"expected_rank"`
		MeanRegret   float64 `json:"mean_regret"`
		MaxRegret    float64 `json:"worst_regret"`
		Verdict      string  `json:"verdict"`
	}
	out := struct {
		Baseline    string             `json:"baseline"`
		Objective   string             `json:"objective"`
		Unit        string             `json:"unit"`
		Members     int                `json:"members"`
		Reps        int                `json:"replications_per_member"`
		Seed        uint64             `json:"seed"`
		Ensemble    string             `json:"ensemble"`
		Inputs      []string           `json:"inputs"`
		Switches    []string           `json:"switches"`
		Ignored     []string           `json:"ignored_columns,omitempty"`
		Table       []alt              `json:"alternatives"`
		Exclusion   [][]float64        `json:"exclusion"`
		Words       string             `json:"in_words"`
		Discoveries []report.Discovery `json:"discoveries"`
	}{Baseline: er.Baseline, Objective: er.Objective.String(), Unit: er.Unit, Members: len(er.Members), Reps: p.spec.N, Seed: p.spec.Seed,
		Ensemble: p.spec.Ensemble, Inputs: er.Inputs, Switches: er.Switches, Ignored: er.Ignored, Exclusion: er.Exclusion, Words: er.Words,
		Discoveries: er.discoveries()}
	for a, x := range er.Robust.Alternatives {
		out.Table = append(out.Table, alt{er.Names[a], x.PBest, x.PBestLo, x.PBestHi, x.ExpectedRank, x.MeanRegret, x.MaxRegret, x.Verdict.String()})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return results.WriteFileAtomic(filepath.Join(dir, EnsembleJSON), append(data, '\n'))
}

// mergeEnsemble joins the shards of an ensemble comparison (each complete:
// its members done) and writes the comparison across every member.
func mergeEnsemble(ctx context.Context, dirs []string, ms []results.Manifest, out string, opt Options) (*Result, error) {
	m0 := ms[0]
	var set struct {
		Ensemble string `json:"ensemble"`
	}
	if err := json.Unmarshal(m0.Settings, &set); err != nil {
		return nil, fmt.Errorf("%s: manifest settings: %w", dirs[0], err)
	}
	spec := Spec{Kind: Compare, N: m0.Replications, Seed: m0.Seed, Workers: m0.Workers, Objective: m0.Objective, Ensemble: set.Ensemble}
	for _, s := range m0.Scenarios {
		spec.Scenarios = append(spec.Scenarios, s.Arg)
	}
	p, err := prepareEnsemble(spec)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	m := p.manifest(opt)
	if err := results.SameExperiment(m0, m); err != nil {
		return nil, fmt.Errorf("merge: the files changed since %s ran: %v", dirs[0], err)
	}
	effects := make([][]memberEffect, len(p.members))
	for _, d := range dirs {
		recs, err := readRunLog(logIn(d, MembersLog))
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		for k, r := range recs {
			if int(k) >= len(p.members) || !slices.Equal(r.In, p.memberIn(p.members[k])) {
				return nil, fmt.Errorf("merge: %s: member %d is not this ensemble's", d, k+1)
			}
			if effects[k] != nil {
				return nil, fmt.Errorf("merge: member %s is in two shards", p.members[k].id)
			}
			if effects[k], err = parseEffects(r.Out, len(p.scs)-1); err != nil {
				return nil, fmt.Errorf("merge: %s: member %s: %w", d, p.members[k].id, err)
			}
		}
	}
	for k, e := range effects {
		if e == nil {
			return nil, fmt.Errorf("merge: member %s is in no shard: merge every shard", p.members[k].id)
		}
	}
	dir, unlock, err := newOutDir(out, filepath.Join("results", "merged-ensemble-"+safeName(m0.Scenarios[0].Name)), false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m.Shard, m.First, m.End = "", 0, len(p.members)
	m.Command = opt.Command
	if m.Command == nil {
		m.Command = append([]string{"hourglass", "merge", "--out", dir}, dirs...)
	}
	if err := results.WriteManifest(dir, m); err != nil {
		return nil, err
	}
	log, err := openRunLog(logIn(dir, MembersLog))
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		recs, _ := readRunLog(logIn(d, MembersLog))
		if err := log.merge(d, recs); err != nil {
			log.close()
			return nil, err
		}
	}
	if err := log.finish(); err != nil {
		return nil, err
	}
	er, err := p.analyse(effects)
	if err != nil {
		return nil, err
	}
	if err := p.write(dir, er, opt); err != nil {
		return nil, err
	}
	m.Completed, m.Finished, m.Complete = len(p.members), time.Now().UTC(), true
	if err := results.Commit(dir, m); err != nil {
		return nil, err
	}
	return &Result{Dir: dir, Manifest: m, Ensemble: er, Scenarios: p.scs}, ctx.Err()
}

// Text prints what a calibration or an ensemble comparison found, as the
// command line shows it (nothing more with quiet), then where the results
// are; it reports false, printing nothing, for a result of another kind.
func (r *Result) Text(w io.Writer, quiet bool) bool {
	switch {
	case r.Calibration != nil && r.Calibration.Pending != "":
		fmt.Fprintln(w, r.Calibration.Pending)
	case r.Calibration != nil && !quiet:
		report.CalibrationText(w, r.Calibration.ReportInput())
	case r.Ensemble != nil && r.Ensemble.Pending != "":
		fmt.Fprintln(w, r.Ensemble.Pending)
	case r.Ensemble != nil && !quiet:
		report.EnsembleText(w, r.Ensemble.ReportInput())
	case r.Calibration == nil && r.Ensemble == nil:
		return false
	}
	fmt.Fprintf(w, "results: %s\n", r.Dir)
	return true
}

// readEnsemble reads an ensemble file as the command line names it: a file
// on disk, or (a bare "ensemble.csv" or "ensemble" that is not one) the
// shipped ensemble.
func readEnsemble(arg string) ([]byte, error) {
	bare := !strings.ContainsRune(arg, '/') && !strings.ContainsRune(arg, filepath.Separator)
	if bare && (arg == "ensemble" || arg == scenarios.EnsembleName) {
		if _, err := os.Lstat(arg); err != nil {
			return scenarios.Ensemble, nil
		}
	}
	return scenario.ReadFile(os.DirFS(filepath.Dir(arg)), filepath.Base(arg))
}
