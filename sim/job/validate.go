package job

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/targets"
)

// ValidateSpec describes hourglass validate: a scenario against
// calibration targets.
type ValidateSpec struct {
	// Targets is the targets file ("": the shipped scenarios/targets.toml).
	Targets string
	// Scenario is the scenario to check ("": the file's own scenario, or
	// the shipped baseline; ValidateAll checks every scenario it names).
	Scenario string
	N        int // replications, at least 2
	Seed     uint64
	Workers  int // 0: one per core
}

// Validation is a scenario checked against calibration targets.
type Validation struct {
	Scenario string // as loaded
	Results  []targets.Result
	Failed   int // targets whose accepted range the simulated mean misses
}

// Validate runs the scenario and checks every target that describes it
// (a scenario the file names none for is checked against the targets of the
// file's own scenario): the simulated mean with its 95% CI against the
// observed value or range. It writes nothing.
func Validate(ctx context.Context, spec ValidateSpec) (*Validation, error) {
	tf, err := validateSetUp(&spec)
	if err != nil {
		return nil, err
	}
	name := spec.Scenario
	if name == "" {
		name = tf.Scenario
	}
	if name == "" {
		name = scenarios.Baseline
	}
	return validateOne(ctx, spec, tf, name)
}

// ValidateAll checks every scenario the targets file names against its
// targets, in the order they first appear, or with spec.Scenario set, that
// scenario alone (as Validate).
func ValidateAll(ctx context.Context, spec ValidateSpec) ([]*Validation, error) {
	if spec.Scenario != "" {
		v, err := Validate(ctx, spec)
		if err != nil {
			return nil, err
		}
		return []*Validation{v}, nil
	}
	tf, err := validateSetUp(&spec)
	if err != nil {
		return nil, err
	}
	var out []*Validation
	for _, name := range tf.Scenarios() {
		v, err := validateOne(ctx, spec, tf, name)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// WriteValidations writes every validation in vs as hourglass validate prints it
// (for each target, the simulated mean with its 95% CI, the observed value
// or range, and pass or fail; spec gives the replications and seed), and
// returns an error when a target failed.
func WriteValidations(w io.Writer, vs []*Validation, spec ValidateSpec) error {
	failed, total := 0, 0
	for i, v := range vs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Validating %s against %d targets: %d replications, seed %d\n\n", v.Scenario, len(v.Results), spec.N, spec.Seed)
		report.TargetsText(w, v.Results)
		failed += v.Failed
		total += len(v.Results)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d targets failed", failed, total)
	}
	fmt.Fprintf(w, "\nall %d targets pass\n", total)
	return nil
}

// validateSetUp checks spec, fills its defaults and reads its targets.
func validateSetUp(spec *ValidateSpec) (*targets.File, error) {
	if spec.N < 2 {
		return nil, usage("-n must be at least 2 for confidence intervals")
	}
	if spec.Workers == 0 {
		spec.Workers = DefaultWorkers()
	}
	var tf *targets.File
	var err error
	if spec.Targets == "" {
		tf, err = targets.Load(scenarios.FS, "targets.toml")
	} else {
		dir, base := filepath.Split(spec.Targets)
		if dir == "" {
			dir = "."
		}
		tf, err = targets.Load(os.DirFS(dir), base)
	}
	if err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	return tf, nil
}

// validateOne runs scenario name and checks tf's targets of it.
func validateOne(ctx context.Context, spec ValidateSpec, tf *targets.File, name string) (*Validation, error) {
	sub := tf.For(name)
	if len(sub.Target) == 0 && !strings.HasSuffix(name, ".toml") {
		sub = tf.For(name + ".toml")
	}
	if len(sub.Target) == 0 {
		sub = tf.For(tf.Scenario)
	}
	arg := name
	if shipped := strings.TrimSuffix(name, ".toml"); !strings.ContainsRune(name, '/') {
		if _, err := fs.Stat(scenarios.FS, shipped+".toml"); err == nil {
			arg = shipped // a shipped scenario the targets name by its file name
		}
	}
	scs, err := loadAll(bases{}, []string{arg}, nil)
	if err != nil {
		return nil, err
	}
	e := newExperiment("run", scs, Spec{N: spec.N, Seed: spec.Seed, Workers: spec.Workers})
	var kept experiment.Collector
	if _, err := e.Run(ctx, &kept); err != nil {
		return nil, err
	}
	v := &Validation{Scenario: scs[0].sc.Name, Results: sub.Check(scs[0].sc.World, kept.Reps(0))}
	for _, r := range v.Results {
		if !r.Pass {
			v.Failed++
		}
	}
	return v, nil
}
