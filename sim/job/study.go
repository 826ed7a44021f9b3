package job

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/design"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// StudySpec describes hourglass study intelligence: at each level of every
// group's professionalization, one paired comparison (common random
// numbers) of Base, informant-program and inspection-program, which cost
// the same a year; for each program, the change in opiates seized,
// organisers arrested and heroin delivered against Base, and that change
// per money spent, with 95% CIs.
type StudySpec struct {
	Name    string // the study: "intelligence"
	Base    string // the base scenario ("": the shipped baseline)
	Levels  Levels
	N       int // paired replications per comparison
	Seed    uint64
	Workers int    // 0: one per core
	Out     string // "": results/study-<name>-<time>
}

// Levels are the levels of a study's driver: From to To in Steps steps.
type Levels struct {
	From, To float64
	Steps    int
}

// MaxLevels bounds Levels.Steps: each level is a whole comparison.
const MaxLevels = 101

func (l Levels) String() string {
	return fmt.Sprintf("%s:%s:%d", strconv.FormatFloat(l.From, 'g', -1, 64), strconv.FormatFloat(l.To, 'g', -1, 64), l.Steps)
}

// ParseLevels parses FROM:TO:STEPS, with 0 <= FROM < TO <= 1 and 2 <=
// STEPS <= MaxLevels.
func ParseLevels(s string) (Levels, error) {
	bad := usage("--levels %q: want FROM:TO:STEPS with 0 <= FROM < TO <= 1 and STEPS a whole number from 2 to %d, such as 0:1:5", s, MaxLevels)
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return Levels{}, bad
	}
	from, e1 := strconv.ParseFloat(parts[0], 64)
	to, e2 := strconv.ParseFloat(parts[1], 64)
	steps, e3 := strconv.Atoi(parts[2])
	l := Levels{From: from, To: to, Steps: steps}
	if e1 != nil || e2 != nil || e3 != nil || l.values() == nil {
		return Levels{}, bad
	}
	return l, nil
}

// values are the levels, nil when they are out of range.
func (l Levels) values() []float64 {
	if math.IsNaN(l.From) || math.IsNaN(l.To) || l.From < 0 || l.To > 1 || l.From >= l.To || l.Steps < 2 || l.Steps > MaxLevels {
		return nil
	}
	d, err := design.Factorial([]design.Var{{Key: "drivers.professionalization", Low: l.From, High: l.To, Steps: l.Steps}})
	if err != nil {
		return nil
	}
	levels := make([]float64, len(d.Points))
	for i, p := range d.Points {
		levels[i] = p[0]
	}
	return levels
}

// intelligenceStudy is "hourglass study intelligence": the informant program
// against random inspection for the same money, at each level of every
// group's professionalization (issue #12, item 6).
var intelligenceStudy = struct {
	driver, driverLabel string
	programs            []string
	rates               []experiment.RateOf
	charted             []experiment.Metric
}{
	driver:      "drivers.professionalization",
	driverLabel: "professionalization",
	programs:    []string{"informant-program", "inspection-program"},
	rates: []experiment.RateOf{
		{Metric: experiment.OpiatesSeized, Per: 1_000},
		{Metric: experiment.OrganiserArrests, Per: 1_000_000},
		{Metric: experiment.HeroinDelivered, Per: 1_000},
	},
	charted: []experiment.Metric{experiment.OpiatesSeized, experiment.OrganiserArrests},
}

// StudyResult is what a study wrote.
type StudyResult struct {
	Dir   string
	Study *results.Study
}

// Study runs a study and writes study.csv, study.json, sources.csv and
// report.html into a sealed results directory: claimed (locked, manifest
// incomplete) before any replication, sealed after the last file.
// Cancelling ctx stops it with nothing written (ErrInterrupted).
func Study(ctx context.Context, spec StudySpec, opt Options) (*StudyResult, error) {
	if spec.Name != "intelligence" {
		return nil, usage("unknown study %q (available: intelligence)", spec.Name)
	}
	if spec.N < 2 {
		return nil, usage("-n %d: paired confidence intervals need at least 2 replications", spec.N)
	}
	if spec.N > MaxReplications {
		return nil, usage("-n %d: out of range (allowed: 1..%d replications)", spec.N, MaxReplications)
	}
	if spec.Workers < 0 || spec.Workers > MaxWorkers {
		return nil, usage("-j %d: out of range (allowed: 1..%d workers)", spec.Workers, MaxWorkers)
	}
	if spec.Workers == 0 {
		spec.Workers = DefaultWorkers()
	}
	if spec.Base == "" {
		spec.Base = scenarios.Baseline
	}
	levels := spec.Levels.values()
	if levels == nil {
		return nil, usage("--levels %q: want FROM:TO:STEPS with 0 <= FROM < TO <= 1 and STEPS a whole number from 2 to %d, such as 0:1:5", spec.Levels, MaxLevels)
	}
	st := intelligenceStudy
	// Load every scenario at every level before anything runs or is written,
	// so bad input leaves no results directory behind.
	names := append([]string{spec.Base}, st.programs...)
	perLevel := make([][]loaded, len(levels))
	bs := bases{}
	for i, p := range levels {
		ov := scenario.Override{Path: st.driver, Value: p, Name: "--levels " + spec.Levels.String()}
		points := make([]point, len(names))
		for k := range points {
			points[k] = point{overrides: []scenario.Override{ov}}
		}
		var err error
		if perLevel[i], err = loadAll(bs, names, points); err != nil {
			return nil, err
		}
	}
	started := time.Now().UTC()
	// Claimed before the work: a directory in use, with another run's files
	// or not writable is refused before any replication.
	m := newManifest("study", perLevel[0], spec.N, spec.Seed, spec.Workers, experiment.Shard{})
	m.Started, m.Command = started, opt.Command
	sealed, err := openSealed(spec.Out, stamped("study-"+spec.Name, started), m)
	if err != nil {
		return nil, err
	}
	defer sealed.unlock()
	dir := sealed.dir
	res := &results.Study{Name: spec.Name, Driver: st.driver, Base: perLevel[0][0].sc.Name, Programs: st.programs,
		Seed: spec.Seed, N: spec.N, Version: Version, Commit: m.Commit, Command: opt.Command, Started: started}
	perComparison := spec.N * len(names)
	for i, p := range levels {
		e := newExperiment("compare", perLevel[i], Spec{N: spec.N, Seed: spec.Seed, Workers: spec.Workers})
		e.Progress = func(done, _ int) { opt.progress(i*perComparison+done, len(levels)*perComparison) }
		r, err := e.Run(ctx, experiment.Discard)
		if err != nil {
			sealed.abandon()
			if errors.Is(err, context.Canceled) {
				return nil, fmt.Errorf("%w (nothing written)", ErrInterrupted)
			}
			return nil, fmt.Errorf("%s %g: %w", st.driverLabel, p, err)
		}
		res.Levels = append(res.Levels, results.StudyLevel{Level: p, Rates: experiment.CostRates(r.Summary, st.rates)})
	}
	res.Finished = time.Now().UTC()
	if err := results.WriteStudy(dir, res); err != nil {
		return nil, sealed.failed(err)
	}
	if err := writeSources(dir, scenariosOf(perLevel[0])); err != nil {
		return nil, sealed.failed(err)
	}
	q := fmt.Sprintf("As trafficking groups professionalise, what is intelligence worth against random checks? For the same money a year, does %s (informant handling in the Tajik and Kyrgyz drug control agencies) or %s (staff and random inspection at Tajik and Kyrgyz posts on the opiate flow) buy more opiates seized and more organisers arrested, compared with %s?",
		st.programs[0], st.programs[1], res.Base)
	if err := report.WriteStudy(dir, report.Study{Study: res, Title: "hourglass study: the value of intelligence", Question: q,
		DriverLabel: st.driverLabel, Charted: st.charted, Sources: results.SourcesFile, NoFigures: opt.NoFigures,
		Files: []string{results.StudyFile, results.StudyJSON, results.SourcesFile}}); err != nil {
		return nil, sealed.failed(fmt.Errorf("report: %w", err))
	}
	if err := sealed.seal(); err != nil {
		return nil, sealed.failed(err)
	}
	return &StudyResult{Dir: dir, Study: res}, nil
}
