package job

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
	"hourglass/sim/sensitivity"
)

// Method is what a sensitivity analysis computes.
type Method uint8

const (
	// Both is Morris screening and Sobol indices.
	Both Method = iota
	// Morris is Morris screening (elementary effects) alone.
	Morris
	// Sobol is Sobol indices (Saltelli sampling) alone.
	Sobol
)

var methodNames = []string{Both: "both", Morris: "morris", Sobol: "sobol"}

func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// ParseMethod reads morris, sobol or both.
func ParseMethod(s string) (Method, error) {
	for i, n := range methodNames {
		if n == s {
			return Method(i), nil
		}
	}
	return 0, usage("--method %q (allowed: morris, sobol, both)", s)
}

// MarshalText writes the method's name.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads morris, sobol or both.
func (m *Method) UnmarshalText(b []byte) (err error) {
	*m, err = ParseMethod(string(b))
	return err
}

// SensitivitySpec describes hourglass sensitivity: which of a scenario's
// [[uncertain]] parameters (name, low, high) drive each headline metric.
// Each model evaluation is the mean of Reps replications, with the same
// replication seeds at every point (common random numbers).
type SensitivitySpec struct {
	Scenario string // "": the shipped baseline
	Method   Method
	R        int // Morris trajectories
	Levels   int // Morris grid levels
	N        int // Sobol base samples (cost: N·(k+2) evaluations)
	Reps     int // replications averaged per evaluation
	Seed     uint64
	Workers  int    // 0: one per core
	Out      string // "": results/sensitivity-<scenario>-<time>
}

// check refuses, as a usage error, the first count out of its range.
func (s SensitivitySpec) check() error {
	for _, c := range []struct {
		flag      string
		x, lo, hi int
		what      string
	}{{"-r", s.R, 2, MaxReplications, "trajectories"}, {"-levels", s.Levels, 2, 1000, "levels"}, {"-N", s.N, 4, MaxReplications, "samples"},
		{"-reps", s.Reps, 1, MaxReplications, "replications"}, {"-j", s.Workers, 0, MaxWorkers, "workers"}} {
		if c.x < c.lo || c.x > c.hi {
			return usage("%s %d: out of range (allowed: %d..%d %s)", c.flag, c.x, max(c.lo, 1), c.hi, c.what)
		}
	}
	return nil
}

// SensitivityResult is what a sensitivity analysis wrote.
type SensitivityResult struct {
	Dir     string
	Params  []string // the uncertain parameters with their ranges
	Outputs []string // the metrics
	Shown   []int    // the outputs the report charts (indices into Outputs)
	Morris  *sensitivity.MorrisResult
	Sobol   *sensitivity.SobolResult
}

// Sensitivity runs a sensitivity analysis and writes sensitivity.csv,
// sensitivity.json and report.html into a sealed results directory
// (see Study).
func Sensitivity(ctx context.Context, spec SensitivitySpec, opt Options) (*SensitivityResult, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	if spec.Workers == 0 {
		spec.Workers = DefaultWorkers()
	}
	if spec.Scenario == "" {
		spec.Scenario = scenarios.Baseline
	}
	bs := bases{}
	scs, err := loadAll(bs, []string{spec.Scenario}, nil)
	if err != nil {
		return nil, err
	}
	base, _ := bs.base(spec.Scenario) // prepared by loadAll
	sc := scs[0].sc
	unc := sc.Uncertain
	if len(unc) == 0 {
		return nil, fmt.Errorf("%s declares no [[uncertain]] parameters (name, low, high)", spec.Scenario)
	}
	res := &SensitivityResult{Params: make([]string, len(unc)), Outputs: make([]string, experiment.NumMetrics)}
	for i, u := range unc {
		res.Params[i] = fmt.Sprintf("%s [%g, %g]", u.Name, u.Low, u.High)
	}
	for i, m := range experiment.Metrics() {
		res.Outputs[i] = m.String()
	}
	for _, m := range []experiment.Metric{experiment.OpiatesDelivered, experiment.OpiatesSeized, experiment.PrecursorToLabs, experiment.Bribes} {
		res.Shown = append(res.Shown, int(m))
	}
	started := time.Now().UTC()
	// Claimed before the work: a directory in use, with another run's files
	// or not writable is refused before any evaluation.
	m := newManifest("sensitivity", scs, spec.Reps, spec.Seed, spec.Workers, experiment.Shard{})
	m.Started, m.Command = started, opt.Command
	sealed, err := openSealed(spec.Out, stamped("sensitivity-"+sc.Name, started), m)
	if err != nil {
		return nil, err
	}
	defer sealed.unlock()
	res.Dir = sealed.dir
	eval := func(x [][]float64) ([][]float64, error) {
		return experiment.PointMeans(ctx, len(x), spec.Reps, spec.Workers, spec.Seed, func(i int) (*sim.World, []sim.Epoch, error) {
			ov := make([]scenario.Override, len(unc))
			for k, u := range unc {
				ov[k] = scenario.Override{Path: u.Name, Value: u.Low + x[i][k]*(u.High-u.Low)}
			}
			s, err := base.With(ov...) // from the workers at once: a Base allows it
			if err != nil {
				return nil, nil, fmt.Errorf("point %v: %w", ov, err)
			}
			return s.World, s.AllEpochs(), nil // the interventions from their start, not through the warm-up
		}, opt.progress)
	}
	if spec.Method != Sobol {
		res.Morris, err = sensitivity.Morris(eval, len(unc), spec.R, spec.Levels, spec.Seed)
	}
	if err == nil && spec.Method != Morris {
		res.Sobol, err = sensitivity.Sobol(eval, len(unc), spec.N, spec.Seed)
	}
	if err != nil {
		sealed.abandon()
		if errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("%w (nothing written)", ErrInterrupted)
		}
		return nil, err
	}
	if err := results.WriteSensitivity(res.Dir, sc.Name, res.Params, res.Outputs, res.Morris, res.Sobol); err != nil {
		return nil, sealed.failed(err)
	}
	evals := 0
	if res.Morris != nil {
		evals += res.Morris.Evals
	}
	if res.Sobol != nil {
		evals += res.Sobol.Evals
	}
	q := fmt.Sprintf("Which of %d uncertain parameters of %s drive its headline metrics? %d model evaluations, each the mean of %d replications (seed %d); Morris: %d trajectories on %d levels; Sobol: N = %d (Saltelli sampling).",
		len(unc), sc.Name, evals, spec.Reps, spec.Seed, spec.R, spec.Levels, spec.N)
	if err := report.WriteSensitivity(res.Dir, report.Sensitivity{Scenario: sc.Name, Params: res.Params, Outputs: res.Outputs, Morris: res.Morris, Sobol: res.Sobol,
		Question: q, Files: []string{"sensitivity.csv", "sensitivity.json"}, Shown: res.Shown, NoFigures: opt.NoFigures}); err != nil {
		return nil, sealed.failed(err)
	}
	if err := sealed.seal(); err != nil {
		return nil, sealed.failed(err)
	}
	return res, nil
}
