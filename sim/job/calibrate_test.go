package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/targets"
)

// toyTruth is the toy world's true opium output (lab[lab].opium_kg_per_day
// in sim/testdata/tiny.toml), which the synthetic targets are computed at.
const toyTruth = 2.0

// toyWorld writes, into a new directory, the tiny test world with one
// uncertain input (the lab's opium output, plausible from 0.5 to 8 kg a
// day) and a targets file whose one target is what the model gives at the
// true output (the mean of 400 replications), with tolerance tol. It
// returns the targets file's path.
func toyWorld(t *testing.T, tol float64) string {
	t.Helper()
	dir := t.TempDir()
	tiny, err := os.ReadFile(filepath.Join("..", "testdata", "tiny.toml"))
	if err != nil {
		t.Fatal(err)
	}
	toy := strings.Replace(string(tiny), "opium_kg_per_day = 2\n", "opium_kg_per_day = 2\nranges = { opium_kg_per_day = [0.5, 8] }\n", 1)
	write(t, filepath.Join(dir, "toy.toml"), toy)
	// the truth: what the model gives at the true value
	scs, err := loadAll(bases{}, []string{filepath.Join(dir, "toy.toml")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := newExperiment("run", scs, Spec{N: 400, Seed: 99, Workers: 2})
	var kept experiment.Collector
	if _, err := e.Run(context.Background(), &kept); err != nil {
		t.Fatal(err)
	}
	probe := filepath.Join(dir, "probe.toml")
	write(t, probe, "scenario = \"toy.toml\"\n[[target]]\nname = \"opiates shipped\"\nmetric = \"opiates_shipped_kg\"\nobserved = 1\nsource = \"x\"\ninformative = true\n")
	tf, err := targets.Load(os.DirFS(dir), "probe.toml")
	if err != nil {
		t.Fatal(err)
	}
	truth := tf.Check(scs[0].sc.World, kept.Reps(0))[0].Mean
	path := filepath.Join(dir, "targets.toml")
	write(t, path, fmt.Sprintf("scenario = \"toy.toml\"\n[[target]]\nname = \"opiates shipped\"\nmetric = \"opiates_shipped_kg\"\nobserved = %g\ntolerance = %g\nsource = \"the model at opium_kg_per_day = %g\"\ninformative = true\n", truth, tol, toyTruth))
	return path
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// toySpec is a small calibration of the toy world.
func toySpec(targetsPath, out string) Spec {
	return Spec{Kind: Calibrate, N: 40, Seed: 3, Workers: 2, Out: out,
		Calibration: Calibration{Targets: targetsPath, Waves: 3, Runs: 24, Discrepancy: -1, Inputs: []string{"lab[lab].opium_kg_per_day"}}}
}

func calibrate(t *testing.T, spec Spec, opt Options) *Result {
	t.Helper()
	j, err := Prepare(spec)
	if err != nil {
		t.Fatal(err)
	}
	opt.NoFigures = true
	res, err := j.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestCalibrateToyWorld calibrates a world with a known true input: the
// ensemble keeps the truth and rules out most of the prior space, and a
// target with a wide observation uncertainty rules out less.
func TestCalibrateToyWorld(t *testing.T) {
	narrow := calibrate(t, toySpec(toyWorld(t, 0.03), filepath.Join(t.TempDir(), "narrow")), Options{}).Calibration
	wide := calibrate(t, toySpec(toyWorld(t, 1), filepath.Join(t.TempDir(), "wide")), Options{}).Calibration
	last := func(c *CalibrationResult) float64 { return c.Waves[len(c.Waves)-1].KeptFraction }
	members := narrow.Ensemble()
	if len(members) < 5 {
		t.Fatalf("narrow target: %d members", len(members))
	}
	lo, hi := members[0].Point.X[0], members[0].Point.X[0]
	for _, m := range members {
		lo, hi = min(lo, m.Point.X[0]), max(hi, m.Point.X[0])
	}
	if !(lo <= toyTruth && toyTruth <= hi) {
		t.Errorf("narrow target: kept opium output %.2f to %.2f, without the truth %g", lo, hi, toyTruth)
	}
	if f := last(narrow); f > 0.5 {
		t.Errorf("narrow target: kept %.0f%% of the prior space, want most ruled out", 100*f)
	}
	if !narrow.Marginals(0)[0].Constrained {
		t.Error("narrow target: the opium output is not marked constrained")
	}
	t.Logf("kept: narrow %.1f%%, wide %.1f%% of the prior space; narrow members %.2f to %.2f", 100*last(narrow), 100*last(wide), lo, hi)
	if fn, fw := last(narrow), last(wide); !(fw > 1.5*fn) {
		t.Errorf("a wide target kept %.0f%% of the space, a narrow one %.0f%%: want the wide one to keep much more", 100*fw, 100*fn)
	}
}

// TestCalibrateResumes kills a calibration part way (a cancel, then a torn
// record at the end of its log, as a SIGKILL mid-write leaves it), resumes
// it, and gets every file an uninterrupted calibration writes, byte for
// byte; and the same from two shards merged round by round.
func TestCalibrateResumes(t *testing.T) {
	tp := toyWorld(t, 0.05)
	base := t.TempDir()
	whole := calibrate(t, toySpec(tp, filepath.Join(base, "whole")), Options{})

	// killed after 30 runs
	spec := toySpec(tp, filepath.Join(base, "killed"))
	j, err := Prepare(spec)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runs := 0
	res, err := j.Run(ctx, Options{NoFigures: true, Progress: func(done, total int) {
		if done > 0 {
			if runs++; runs == 30 {
				cancel()
			}
		}
	}})
	if !errors.Is(err, ErrInterrupted) || !res.Interrupted {
		t.Fatalf("cancelled: %v (interrupted %v)", err, res != nil && res.Interrupted)
	}
	f, err := os.OpenFile(filepath.Join(spec.Out, CalibrationLog), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"key":8589934593,"in":["40","1.2`)
	f.Close()
	spec.Resume = true
	resumed := calibrate(t, spec, Options{})
	if resumed.Calibration.Ran == 0 || resumed.Calibration.Ran >= runsOf(whole) {
		t.Errorf("the resumed run made %d runs of %d", resumed.Calibration.Ran, runsOf(whole))
	}
	sameTopFiles(t, whole.Dir, spec.Out)

	// sharded: rounds of two shards, merged, until the calibration is done
	from := ""
	for round := 1; ; round++ {
		var dirs []string
		for i := range 2 {
			s := toySpec(tp, filepath.Join(base, fmt.Sprintf("r%d-s%d", round, i)))
			s.Shard = experiment.Shard{Index: i, Count: 2}
			s.Calibration.From = from
			calibrate(t, s, Options{})
			dirs = append(dirs, s.Out)
		}
		merged := filepath.Join(base, fmt.Sprintf("merged-%d", round))
		res, err := Merge(context.Background(), dirs, merged, Options{NoFigures: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Calibration.Pending == "" {
			sameTopFiles(t, whole.Dir, merged)
			break
		}
		if round > 5 {
			t.Fatal("the shards never finish")
		}
		from = merged
	}
}

func runsOf(r *Result) int {
	n := 0
	for _, w := range r.Calibration.Waves {
		n += len(w.Runs)
	}
	return n
}

// sameTopFiles compares every file of dir a but the manifest and the report
// (which carry times) with dir b's.
func sameTopFiles(t *testing.T, a, b string) {
	t.Helper()
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || name == "manifest.json" || name == "report.html" || strings.HasPrefix(name, ".") {
			continue
		}
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s (%v)", name, a, b, err)
		}
	}
}
