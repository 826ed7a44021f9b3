package history

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim"
)

// toy is a stochastic simulator y_t = f_t(θ, choice) + N(0, sd²) per
// replication, seeded from the job's ID, as the model's would be.
func toy(sd float64, f ...func(x []float64, choice []int) float64) PointFunc {
	return func(_ context.Context, job Job) (Output, error) {
		rng := sim.NewRNG(99, job.ID, sim.StreamEncounter, 0)
		out := Output{Mean: make([]float64, len(f)), Var: make([]float64, len(f))}
		for t, ft := range f {
			truth := ft(job.Point.X, job.Point.Choice)
			ys := make([]float64, job.Reps)
			for r := range ys {
				ys[r] = truth + sd*rng.NormFloat64()
			}
			m, v := meanVar(ys)
			out.Mean[t], out.Var[t] = m, v/float64(job.Reps)
		}
		return out, nil
	}
}

func meanVar(ys []float64) (m, v float64) {
	for _, y := range ys {
		m += y
	}
	m /= float64(len(ys))
	for _, y := range ys {
		v += (y - m) * (y - m)
	}
	return m, v / float64(len(ys)-1)
}

func unitInputs(names ...string) []Input {
	in := make([]Input, len(names))
	for i, n := range names {
		in[i] = Input{Name: n, Prior: Uniform{0, 1}}
	}
	return in
}

func design(key uint64) Source { return sim.NewRNG(1, 0, sim.StreamDesign, key) }

// sumDiff is the toy world of test (a): two targets, θ1 + θ2 and θ1 − θ2,
// a third input that does nothing; the truth is θ = (0.3, 0.7, ·).
var (
	sumDiff = []func([]float64, []int) float64{
		func(x []float64, _ []int) float64 { return x[0] + x[1] },
		func(x []float64, _ []int) float64 { return x[0] - x[1] },
	}
	truth = []float64{0.3, 0.7}
)

const (
	toyNoise = 0.05 // sd of one replication
	toyObsSD = 0.02 // sd of the observation
)

func sumDiffProblem() Problem {
	return Problem{
		Inputs: unitInputs("theta1", "theta2", "theta3"),
		Targets: []Target{
			{Name: "sum", Observed: truth[0] + truth[1], ObsVar: toyObsSD * toyObsSD},
			{Name: "difference", Observed: truth[0] - truth[1], ObsVar: toyObsSD * toyObsSD},
		},
	}
}

// (a) Calibration keeps the true parameter and rules out most of the
// space: the estimated NROY fraction is near the analytic one, the truth
// lies inside the kept ranges with a member near it, and the targets
// constrain θ1 and θ2 but leave θ3 free.
func TestCalibrateKeepsTruth(t *testing.T) {
	res, err := Calibrate(context.Background(), sumDiffProblem(),
		Config{Waves: 4, Runs: 40, Reps: 10, Candidates: 2000},
		Pool(toy(toyNoise, sumDiff...), 2), design(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Waves {
		t.Logf("wave %d: %d runs, %d kept, kept fraction %.4f, emulator share %.3g, region volume %.3f",
			w.Number, len(w.Runs), w.Kept, w.KeptFraction, w.EmulatorShare, w.Region.Volume())
	}
	t.Logf("stop: %v", res.Stop)
	// NROY: |θ1 + θ2 − 1| ≤ 3σ and |θ1 − θ2 + 0.4| ≤ 3σ, a square of
	// diagonal 2·3σ√2 … area (2·3σ)²/2 in (θ1, θ2), θ3 free.
	sigma := math.Sqrt(toyObsSD*toyObsSD + toyNoise*toyNoise/10)
	analytic := 2 * (3 * sigma) * (3 * sigma)
	last := res.Waves[len(res.Waves)-1]
	if last.KeptFraction > 0.05 || last.KeptFraction < analytic/2 || last.KeptFraction > 2*analytic {
		t.Errorf("final kept fraction %.4f, want below 0.05 and within a factor 2 of the analytic %.4f", last.KeptFraction, analytic)
	}
	ens := res.Ensemble()
	if len(ens) < 20 {
		t.Fatalf("%d members, want at least 20", len(ens))
	}
	nearest := math.Inf(1)
	for _, m := range ens {
		if m.Score > DefaultCutoff {
			t.Fatalf("member %v has score %.2f above the cutoff", m.Point.X, m.Score)
		}
		nearest = math.Min(nearest, math.Hypot(m.Point.X[0]-truth[0], m.Point.X[1]-truth[1]))
	}
	if nearest > 0.05 {
		t.Errorf("nearest member is %.3f from the truth, want ≤ 0.05", nearest)
	}
	ms := res.Marginals(0)
	for j, want := range []bool{true, true, false} {
		m := ms[j]
		t.Logf("%s: kept %.3f–%.3f, IQR share %.2f", m.Name, m.Min, m.Max, m.IQRShare)
		if m.Constrained != want {
			t.Errorf("%s: constrained %v, want %v (IQR share %.2f)", m.Name, m.Constrained, want, m.IQRShare)
		}
		if j < 2 && (truth[j] < m.Min || truth[j] > m.Max) {
			t.Errorf("%s: truth %.2f outside the kept range %.3f–%.3f", m.Name, truth[j], m.Min, m.Max)
		}
	}
}

// (a, nonlinear) Three nonlinear targets of four inputs, one input unused:
// the estimated NROY fraction is within a factor 2 of a Monte Carlo
// estimate of the true one, the truth lies in the kept ranges, and only the
// unused input is left free.
func TestCalibrateNonlinear(t *testing.T) {
	fs := []func([]float64, []int) float64{
		func(x []float64, _ []int) float64 { return math.Exp(x[0]) + x[1]*x[1] },
		func(x []float64, _ []int) float64 { return x[0]*x[2] + math.Sin(3*x[1]) },
		func(x []float64, _ []int) float64 { return math.Cos(2*x[2]) * (1 + x[0]) },
	}
	theta := []float64{0.3, 0.6, 0.5, 0.5}
	p := Problem{Inputs: unitInputs("a", "b", "c", "unused")}
	for i, f := range fs {
		p.Targets = append(p.Targets, Target{Name: fmt.Sprint("y", i), Observed: f(theta, nil), ObsVar: toyObsSD * toyObsSD})
	}
	res, err := Calibrate(context.Background(), p, Config{Waves: 5, Runs: 60, Reps: 10}, Pool(toy(toyNoise, fs...), 2), design(2))
	if err != nil {
		t.Fatal(err)
	}
	// the true NROY fraction, by Monte Carlo over the prior
	rng, kept, n := design(77), 0, 100_000
	sigma := math.Sqrt(toyObsSD*toyObsSD + toyNoise*toyNoise/10)
	for range n {
		x := []float64{rng.Float64(), rng.Float64(), rng.Float64(), rng.Float64()}
		in := true
		for k, f := range fs {
			in = in && math.Abs(f(x, nil)-p.Targets[k].Observed) <= 3*sigma
		}
		if in {
			kept++
		}
	}
	want := float64(kept) / float64(n)
	last := res.Waves[len(res.Waves)-1]
	if last.KeptFraction < want/2 || last.KeptFraction > 2*want {
		t.Errorf("kept fraction %.5f, want within a factor 2 of %.5f", last.KeptFraction, want)
	}
	for j, m := range res.Marginals(0) {
		if m.Constrained != (j < 3) {
			t.Errorf("%s: constrained %v (IQR share %.2f)", m.Name, m.Constrained, m.IQRShare)
		}
		if j < 3 && (theta[j] < m.Min || theta[j] > m.Max) {
			t.Errorf("%s: truth %.2f outside the kept range %.3f–%.3f", m.Name, theta[j], m.Min, m.Max)
		}
	}
}

// (b) A target with wide observation uncertainty constrains less than the
// same target with narrow uncertainty: a larger kept fraction and a wider
// kept range of the input it measures.
func TestWideTargetConstrainsLess(t *testing.T) {
	run := func(obsSD float64) *Result {
		p := Problem{
			Inputs:  unitInputs("theta1", "theta2"),
			Targets: []Target{{Name: "theta1", Observed: 0.4, ObsVar: obsSD * obsSD}},
		}
		f := func(x []float64, _ []int) float64 { return x[0] }
		res, err := Calibrate(context.Background(), p, Config{Waves: 3, Runs: 30, Reps: 10, Candidates: 2000},
			Pool(toy(toyNoise, f), 2), design(2))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	narrow, wide := run(0.02), run(0.1)
	fn, fw := narrow.Waves[len(narrow.Waves)-1].KeptFraction, wide.Waves[len(wide.Waves)-1].KeptFraction
	mn, mw := narrow.Marginals(0)[0], wide.Marginals(0)[0]
	t.Logf("narrow: fraction %.3f, θ1 %.3f–%.3f; wide: fraction %.3f, θ1 %.3f–%.3f", fn, mn.Min, mn.Max, fw, mw.Min, mw.Max)
	if fn >= fw/2 {
		t.Errorf("kept fraction %.3f with the narrow target, %.3f with the wide: want the narrow less than half", fn, fw)
	}
	if mn.Max-mn.Min >= mw.Max-mw.Min || mn.IQRShare >= mw.IQRShare {
		t.Errorf("θ1 kept range %.3f (IQR share %.2f) narrow, %.3f (%.2f) wide: want narrower with the narrow target",
			mn.Max-mn.Min, mn.IQRShare, mw.Max-mw.Min, mw.IQRShare)
	}
	for _, m := range []Marginal{mn, mw} {
		if m.Min > 0.4 || m.Max < 0.4 {
			t.Errorf("truth 0.4 outside the kept range %.3f–%.3f", m.Min, m.Max)
		}
	}
	if !mn.Constrained || narrow.Marginals(0)[1].Constrained {
		t.Errorf("narrow target: θ1 constrained %v (want true), θ2 %v (want false)", mn.Constrained, narrow.Marginals(0)[1].Constrained)
	}
}

// (d) The implausibility on hand-computed numbers.
func TestImplausibility(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name                           string
		sim, obs, vObs, vSim, vDisc, w float64
	}{
		{"unit", 12, 10, 1, 0.5, 2.5, 1},              // 2/√4
		{"below", 4, 10, 1, 1, 2, 3},                  // 6/√4
		{"only observation", 10.3, 10, 0.01, 0, 0, 3}, // 0.3/0.1
		{"only discrepancy", 7, 10, 0, 0, 0.25, 6},    // 3/0.5
		{"exact", 10, 10, 0, 0, 0, 0},                 // no variance, no distance
		{"no variance", 10.5, 10, 0, 0, 0, inf},       // no variance, a distance
		{"undefined output", math.NaN(), 10, 1, 1, 1, inf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Implausibility(tt.sim, tt.obs, tt.vObs, tt.vSim, tt.vDisc); math.Abs(got-tt.w) > 1e-12 && got != tt.w {
				t.Errorf("got %g, want %g", got, tt.w)
			}
		})
	}
}

func TestScore(t *testing.T) {
	is := []float64{1.5, 4, 0.2, 3.5}
	for rank, want := range map[int]float64{0: 4, 1: 4, 2: 3.5, 3: 1.5, 4: 0.2, 9: 0.2} {
		if got := Score(is, rank); got != want {
			t.Errorf("rank %d: %g, want %g", rank, got, want)
		}
	}
	if Score(nil, 1) != 0 {
		t.Error("no implausibilities should score 0")
	}
}

// A second-largest cutoff keeps a point that misses one target of three
// (Vernon et al. 2010), where the largest rules it out.
func TestCutoffRank(t *testing.T) {
	p := Problem{Inputs: unitInputs("a"), Targets: []Target{
		{Name: "x", Observed: 0, ObsVar: 1}, {Name: "y", Observed: 0, ObsVar: 1}, {Name: "z", Observed: 0, ObsVar: 1}}}
	out := Output{Mean: []float64{1, 5, 2}, Var: []float64{0, 0, 0}}
	for rank, kept := range map[int]bool{1: false, 2: true} {
		p.CutoffRank = rank
		if _, s := p.implausibilities(out, 10); (s <= p.cutoff()) != kept {
			t.Errorf("rank %d: score %g, kept %v, want %v", rank, s, !kept, kept)
		}
	}
}

// RunVariance adds the variance of one run to that of the mean.
func TestSimVariance(t *testing.T) {
	p := Problem{}
	if v := p.simVar(0.1, 9); v != 0.1 {
		t.Errorf("mean variance %g, want 0.1", v)
	}
	p.SimVariance = RunVariance
	if v := p.simVar(0.1, 9); math.Abs(v-1) > 1e-12 { // s² = 0.9, + 0.1
		t.Errorf("run variance %g, want 1", v)
	}
}

// (e) The same seed gives the same waves whatever the number of simulation
// workers and emulator workers.
func TestDeterministicAcrossWorkers(t *testing.T) {
	var first string
	for _, w := range []struct{ sim, emu int }{{1, 1}, {3, 1}, {2, 2}} {
		res, err := Calibrate(context.Background(), sumDiffProblem(),
			Config{Waves: 3, Runs: 25, Reps: 5, Candidates: 1000, Workers: w.emu},
			Pool(toy(toyNoise, sumDiff...), w.sim), design(3))
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("%+v %v", res.Waves, res.Stop)
		if first == "" {
			first = got
		} else if got != first {
			t.Errorf("workers %+v gave different waves", w)
		}
	}
}

// Config.Members keeps the waves going past the emulator rule until the
// ensemble is large enough.
func TestMembers(t *testing.T) {
	run := func(members int) *Result {
		res, err := Calibrate(context.Background(), sumDiffProblem(),
			Config{Waves: 6, Runs: 40, Reps: 10, Candidates: 2000, Members: members},
			Pool(toy(toyNoise, sumDiff...), 2), design(1))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	few, many := run(0), run(100)
	if few.Stop != StopEmulator {
		t.Fatalf("without a minimum: stop %v, want %v", few.Stop, StopEmulator)
	}
	if n := len(many.Ensemble()); n < 100 || len(many.Waves) <= len(few.Waves) {
		t.Errorf("with 100 members wanted: %d members after %d waves (%d without)", n, len(many.Waves), len(few.Waves))
	}
}

// A switch whose alternative cannot match the target is ruled out, and the
// switch's summary says so.
func TestSwitchRuledOut(t *testing.T) {
	p := Problem{
		Inputs:   unitInputs("theta"),
		Switches: []Switch{{Name: "route", Alternatives: []string{"north", "south", "east"}}},
		Targets:  []Target{{Name: "y", Observed: 0.5, ObsVar: 0.03 * 0.03}},
	}
	f := func(x []float64, c []int) float64 {
		if c[0] == 1 {
			return x[0] + 2 // south cannot reach 0.5
		}
		return x[0]
	}
	res, err := Calibrate(context.Background(), p, Config{Waves: 3, Runs: 30, Reps: 5, Candidates: 1000},
		Pool(toy(0.02, f), 1), design(4))
	if err != nil {
		t.Fatal(err)
	}
	sm := res.SwitchMarginals()[0]
	if sm.Counts[1] != 0 || sm.Counts[0] == 0 || sm.Counts[2] == 0 || !sm.Constrained {
		t.Errorf("kept per alternative %v (constrained %v): want south ruled out, the others kept", sm.Counts, sm.Constrained)
	}
}

// A target the simulator cannot reach empties the NROY space: the waves
// stop and the ensemble is empty, with no error.
func TestUnreachableTarget(t *testing.T) {
	p := Problem{Inputs: unitInputs("theta"), Targets: []Target{{Name: "y", Observed: 5, ObsVar: 0.01}}}
	f := func(x []float64, _ []int) float64 { return x[0] }
	res, err := Calibrate(context.Background(), p, Config{Waves: 4, Runs: 20, Reps: 5, Candidates: 500, MaxCandidates: 1000},
		Pool(toy(0.02, f), 1), design(5))
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != StopEmpty || len(res.Ensemble()) != 0 || len(res.Waves) != 2 {
		t.Errorf("stop %v after %d waves with %d members; want %v after 2 with none", res.Stop, len(res.Waves), len(res.Ensemble()), StopEmpty)
	}
	if m := res.Marginals(0)[0]; !math.IsNaN(m.Min) || m.Constrained {
		t.Errorf("marginal of an empty ensemble %+v, want NaN and not constrained", m)
	}
}

// A target the inputs do not move (a price held at its input) neither
// breaks the emulator nor rules anything out when it matches.
func TestConstantTarget(t *testing.T) {
	p := Problem{Inputs: unitInputs("theta"), Targets: []Target{
		{Name: "y", Observed: 0.5, ObsVar: 0.05 * 0.05},
		{Name: "price", Observed: 12000, ObsVar: 1000 * 1000},
	}}
	f := func(x []float64, _ []int) float64 { return x[0] }
	price := func([]float64, []int) float64 { return 12000 }
	res, err := Calibrate(context.Background(), p, Config{Waves: 3, Runs: 20, Reps: 5, Candidates: 500},
		Pool(toy(0, f, price), 1), design(9))
	if err != nil {
		t.Fatal(err)
	}
	last := res.Waves[len(res.Waves)-1]
	if want := 2 * 3 * 0.05; math.Abs(last.KeptFraction-want) > 0.05 {
		t.Errorf("kept fraction %.3f, want near %.2f (the first target's alone)", last.KeptFraction, want)
	}
}

// A point where an output is undefined (NaN) is ruled out and calibration
// goes on.
func TestUndefinedOutput(t *testing.T) {
	p := Problem{Inputs: unitInputs("theta"), Targets: []Target{{Name: "y", Observed: 0.5, ObsVar: 0.05 * 0.05}}}
	f := func(x []float64, _ []int) float64 {
		if x[0] > 0.8 {
			return math.NaN()
		}
		return x[0]
	}
	res, err := Calibrate(context.Background(), p, Config{Waves: 2, Runs: 20, Reps: 5, Candidates: 500},
		Pool(toy(0.01, f), 1), design(6))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Waves {
		for _, r := range w.Runs {
			if r.Point.X[0] > 0.8 && r.Kept {
				t.Errorf("a run with an undefined output was kept: %+v", r)
			}
		}
	}
	if len(res.Ensemble()) == 0 {
		t.Error("no members")
	}
}

func TestValidate(t *testing.T) {
	good := sumDiffProblem()
	tests := []struct {
		name  string
		edit  func(*Problem)
		field string
	}{
		{"no inputs", func(p *Problem) { p.Inputs = nil }, "inputs"},
		{"unnamed input", func(p *Problem) { p.Inputs[0].Name = "" }, "inputs[0].name"},
		{"twice", func(p *Problem) { p.Inputs[1].Name = "theta1" }, "inputs[1].name"},
		{"no prior", func(p *Problem) { p.Inputs[0].Prior = nil }, "inputs[0].prior"},
		{"empty range", func(p *Problem) { p.Inputs[0].Prior = Uniform{1, 1} }, "inputs[0].prior"},
		{"one alternative", func(p *Problem) { p.Switches = []Switch{{Name: "s", Alternatives: []string{"a"}}} }, "switches[0].alternatives"},
		{"no targets", func(p *Problem) { p.Targets = nil }, "targets"},
		{"no variance", func(p *Problem) { p.Targets[1].ObsVar = 0 }, "targets[1]"},
		{"negative variance", func(p *Problem) { p.Targets[0].Discrepancy = -1 }, "targets[0]"},
		{"nan observation", func(p *Problem) { p.Targets[0].Observed = math.NaN() }, "targets[0].observed"},
		{"rank", func(p *Problem) { p.CutoffRank = 3 }, "cutoff_rank"},
		{"cutoff", func(p *Problem) { p.Cutoff = -1 }, "cutoff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sumDiffProblem()
			tt.edit(&p)
			err := p.Validate()
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("error %v, want an InputError on %s", err, tt.field)
			}
			if _, cerr := Calibrate(context.Background(), p, Config{}, Pool(toy(0, sumDiff...), 1), design(0)); cerr == nil {
				t.Error("Calibrate accepted the problem")
			}
		})
	}
	if err := good.Validate(); err != nil {
		t.Errorf("good problem: %v", err)
	}
	if _, err := Calibrate(context.Background(), good, Config{Runs: -1}, Pool(toy(0, sumDiff...), 1), design(0)); err == nil {
		t.Error("negative runs accepted")
	}
}

// A simulator's failure or malformed output stops the calibration with an
// error that names the wave and point.
func TestSimulatorErrors(t *testing.T) {
	p := sumDiffProblem()
	boom := errors.New("boom")
	tests := []struct {
		name string
		f    PointFunc
		want string
	}{
		{"failure", func(_ context.Context, j Job) (Output, error) {
			if j.Index == 7 {
				return Output{}, boom
			}
			return toy(0.01, sumDiff...)(context.Background(), j)
		}, "wave 1: point 7: boom"},
		{"short output", func(context.Context, Job) (Output, error) {
			return Output{Mean: []float64{1}, Var: []float64{0}}, nil
		}, "1 means and 1 variances for 2 targets"},
		{"negative variance", func(context.Context, Job) (Output, error) {
			return Output{Mean: []float64{1, 1}, Var: []float64{0, -1}}, nil
		}, "difference: variance of the mean -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Calibrate(context.Background(), p, Config{Runs: 20}, Pool(tt.f, 3), design(0))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to mention %q", err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Calibrate(ctx, p, Config{Runs: 20}, Pool(toy(0.01, sumDiff...), 2), design(0)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestNewTarget(t *testing.T) {
	tg := NewTarget("retention", 0.10, 0.15, 0.1)
	if math.Abs(tg.Observed-0.125) > 1e-12 || math.Abs(tg.ObsVar-0.0125*0.0125) > 1e-15 ||
		math.Abs(tg.Discrepancy-0.0125*0.0125) > 1e-15 {
		t.Errorf("got %+v, want z 0.125, V_o and V_d 0.0125²", tg)
	}
	// a point value with a tolerance: 845 ± 75%
	tg = NewTarget("seized", 845*0.25, 845*1.75, 0)
	if math.Abs(tg.Observed-845) > 1e-9 || math.Abs(math.Sqrt(tg.ObsVar)-845*0.375) > 1e-9 {
		t.Errorf("got %+v, want z 845, sd 316.875", tg)
	}
}

func TestPriors(t *testing.T) {
	tri := distuv.NewTriangle(0, 10, 2, nil)
	for _, pr := range []struct {
		name   string
		p      Prior
		lo, hi float64
		median float64
	}{
		{"uniform", Uniform{2, 6}, 2, 6, 4},
		{"log-uniform", LogUniform{1, 100}, 1, 100, 10},
		{"triangle", tri, 0, 10, tri.Quantile(0.5)},
	} {
		in := Input{Name: pr.name, Prior: pr.p}
		if lo, hi := in.Bounds(); math.Abs(lo-pr.lo) > 1e-9 || math.Abs(hi-pr.hi) > 1e-9 {
			t.Errorf("%s: bounds %g–%g, want %g–%g", pr.name, lo, hi, pr.lo, pr.hi)
		}
		if m := pr.p.Quantile(0.5); math.Abs(m-pr.median) > 1e-9 {
			t.Errorf("%s: median %g, want %g", pr.name, m, pr.median)
		}
		for _, u := range []float64{0.1, 0.37, 0.9} {
			if back := pr.p.CDF(pr.p.Quantile(u)); math.Abs(back-u) > 1e-9 {
				t.Errorf("%s: CDF(Quantile(%g)) = %g", pr.name, u, back)
			}
		}
	}
}

// Every stratum of every dimension holds exactly one point, inside the
// region; switch dimensions span [0, 1).
func TestLatinHypercube(t *testing.T) {
	r := Region{Lo: []float64{0.2, 0}, Hi: []float64{0.6, 1}}
	const n = 50
	pts := latinHypercube(r, 1, n, design(7))
	for j := 0; j < 3; j++ {
		lo, hi := 0.0, 1.0
		if j < 2 {
			lo, hi = r.Lo[j], r.Hi[j]
		}
		seen := make([]bool, n)
		for _, p := range pts {
			k := int((p[j] - lo) / (hi - lo) * n)
			if k < 0 || k >= n || seen[k] {
				t.Fatalf("dimension %d: value %g in stratum %d twice or outside", j, p[j], k)
			}
			seen[k] = true
		}
	}
	if v := r.Volume(); math.Abs(v-0.4) > 1e-12 {
		t.Errorf("volume %g, want 0.4", v)
	}
}

func TestBoundingRegion(t *testing.T) {
	pts := [][]float64{{0.3, 0.9}, {0.5, 0.95}}
	r := boundingRegion(pts, 2, 0.1)
	// two points: each side widened by the width/(k − 1) = the width
	want := Region{Lo: []float64{0.1, 0.85}, Hi: []float64{0.7, 1}}
	for j := range want.Lo {
		if math.Abs(r.Lo[j]-want.Lo[j]) > 1e-12 || math.Abs(r.Hi[j]-want.Hi[j]) > 1e-12 {
			t.Errorf("dimension %d: %g–%g, want %g–%g", j, r.Lo[j], r.Hi[j], want.Lo[j], want.Hi[j])
		}
	}
	if r := boundingRegion(nil, 2, 0.1); r.Volume() != 1 {
		t.Errorf("no points: volume %g, want the whole box", r.Volume())
	}
	// many points: the margin, a tenth of the width
	var many [][]float64
	for i := 0; i <= 100; i++ {
		many = append(many, []float64{0.4 + 0.2*float64(i)/100})
	}
	if r := boundingRegion(many, 1, 0.1); math.Abs(r.Lo[0]-0.38) > 1e-12 || math.Abs(r.Hi[0]-0.62) > 1e-12 {
		t.Errorf("101 points on 0.4–0.6: region %g–%g, want 0.38–0.62", r.Lo[0], r.Hi[0])
	}
}

// The region grows on a side survivors reach, and only there.
func TestWiden(t *testing.T) {
	r := Region{Lo: []float64{0.2, 0}, Hi: []float64{0.4, 0.5}}
	if !r.widen([][]float64{{0.3, 0.01}, {0.399, 0.2}}) {
		t.Fatal("did not widen")
	}
	want := Region{Lo: []float64{0.2, 0}, Hi: []float64{0.5, 0.5}}
	for j := range want.Lo {
		if math.Abs(r.Lo[j]-want.Lo[j]) > 1e-12 || math.Abs(r.Hi[j]-want.Hi[j]) > 1e-12 {
			t.Errorf("dimension %d: %g–%g, want %g–%g", j, r.Lo[j], r.Hi[j], want.Lo[j], want.Hi[j])
		}
	}
	if r.widen([][]float64{{0.3, 0.2}}) {
		t.Error("widened with survivors well inside")
	}
}

func TestPairs(t *testing.T) {
	res, err := Calibrate(context.Background(), sumDiffProblem(), Config{Waves: 1, Runs: 20, Reps: 3},
		Pool(toy(toyNoise, sumDiff...), 1), design(8))
	if err != nil {
		t.Fatal(err)
	}
	ps := res.Pairs()
	if len(ps) != 3 || ps[0].X != 0 || ps[0].Y != 1 || ps[2].X != 1 || ps[2].Y != 2 {
		t.Fatalf("pairs %d, want (0,1) (0,2) (1,2)", len(ps))
	}
	if n := len(ps[1].Kept) + len(ps[1].RuledOut); n != 20 || len(ps[1].Kept) != res.Waves[0].Kept {
		t.Errorf("pair holds %d points (%d kept), want 20 (%d kept)", n, len(ps[1].Kept), res.Waves[0].Kept)
	}
}
