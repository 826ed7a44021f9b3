package job

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// optimiseSpec is a Spec of an optimisation of the candidates file within
// the budget (USD a year).
func optimiseSpec(t *testing.T, candidates string, budget float64, n int, objective string) Spec {
	return Spec{Kind: Optimise, N: n, Seed: 1, Workers: 2, Objective: objective, Out: filepath.Join(t.TempDir(), "out"),
		Optimise: &OptimiseSpec{Candidates: candidates, Budget: Budget{USD: budget}}}
}

func runOptimise(t *testing.T, spec Spec) *results.Optimisation {
	t.Helper()
	res, err := RunOptimise(context.Background(), spec, Options{NoFigures: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.Optimisation
}

// TestOptimiseToyWorld: in the toy world (testdata/toy/two-roads.toml),
// the loads go from a depot to a hub by road A (through a1 and a2) or road
// B (through b1). A budget buys two of three posts: a1 and b1 (inspection
// 0.5), a2 (0.3). A post on one road sends the loads to the other, so the
// best pair has one post on each road, the stronger on A: {a1, b1}, whose
// whole is more than the sum of its parts (super-additive: no detour
// left). Two posts on one road are less than the sum of theirs
// (sub-additive: the second sees what the first missed, and the loads
// leave for road B).
func TestOptimiseToyWorld(t *testing.T) {
	o := runOptimise(t, optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 30, experiment.OpiatesSeized.String()))
	if got := o.Best.IDs; !slices.Equal(got, []string{"checkpoint@a1", "checkpoint@b1"}) {
		t.Fatalf("optimise chose %v, want checkpoint@a1 and checkpoint@b1", got)
	}
	if o.Method != "exhaustive" || o.Compared != 7 {
		t.Errorf("method %s over %d portfolios, want exhaustive over the 7 within the budget", o.Method, o.Compared)
	}
	for _, p := range o.Portfolios {
		if p.Gain.Mean > o.Best.Gain.Mean {
			t.Errorf("%s gains %v, more than the chosen %v", p.Label(), p.Gain.Mean, o.Best.Gain.Mean)
		}
	}
	if k := o.Interactions[0].Kind; k != "super-additive" {
		t.Errorf("the chosen pair is %s, want super-additive", k)
	}

	o = runOptimise(t, optimiseSpec(t, "testdata/toy/one-road.toml", 200_000, 60, experiment.OpiatesSeized.String()))
	found := false
	for _, in := range o.Interactions {
		if slices.Equal(in.Portfolio.IDs, []string{"checkpoint@a1", "checkpoint@a2"}) {
			found = true
			if in.Kind != "sub-additive" || !(in.Synergy.Hi < 0) {
				t.Errorf("two posts on one road: %s, synergy %+v; want sub-additive", in.Kind, in.Synergy)
			}
		}
	}
	if !found {
		t.Errorf("the pair on one road has no interaction report (chosen %v, rivals %d)", o.Best.IDs, len(o.Rivals))
	}
}

// TestOptimiseLocalMatchesExhaustive: on the shipped world, a local search
// of a few candidates (forced: at most one portfolio compared at once)
// picks what the exhaustive search of the same candidates picks at the
// same replications (seed and -n). The budget buys china-intel-sharing
// alone or some of the four cheaper candidates, whose gains are a fraction
// of its: a choice clear at 20 replications, which a search that missed it
// would get wrong. About 7 s of CPU: CI runs it (HOURGLASS_TEST_FULL=1).
func TestOptimiseLocalMatchesExhaustive(t *testing.T) {
	if testing.Short() || os.Getenv("HOURGLASS_TEST_FULL") != "1" {
		t.Skip("two searches of the shipped world (about 7 s of CPU): runs with HOURGLASS_TEST_FULL=1 (CI), not with -short")
	}
	exhaustive := runOptimise(t, optimiseSpec(t, "testdata/optimise-small.toml", 1_100_000, 20, ""))
	spec := optimiseSpec(t, "testdata/optimise-small.toml", 1_100_000, 20, "")
	spec.Optimise.Exhaustive = 1
	local := runOptimise(t, spec)
	if exhaustive.Method != "exhaustive" || local.Method != "local search" {
		t.Fatalf("methods %s and %s", exhaustive.Method, local.Method)
	}
	if !slices.Equal(local.Best.IDs, exhaustive.Best.IDs) || !slices.Equal(local.Best.IDs, []string{"china-intel-sharing"}) {
		t.Errorf("local search chose %v, the exhaustive search %v; want china-intel-sharing", local.Best.IDs, exhaustive.Best.IDs)
	}
}

// dataFiles are the CSV and JSON files of a results directory but its
// manifests, by path.
func dataFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == results.ManifestFile {
			return err
		}
		if ext := filepath.Ext(p); ext == ".csv" || ext == ".json" {
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d data files, want %d", what, len(got), len(want))
	}
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: no %s", what, name)
		} else if g != w {
			t.Errorf("%s: %s differs", what, name)
		}
	}
}

// TestOptimiseResumeAndShards: a search stopped partway (as by Ctrl-C) and
// resumed writes the files an uninterrupted one writes; so do two shards
// sharing a directory, each evaluating its part of every batch.
func TestOptimiseResumeAndShards(t *testing.T) {
	spec := optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 20, experiment.OpiatesSeized.String())
	runOptimise(t, spec)
	want := dataFiles(t, spec.Out)

	stopped := optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 20, experiment.OpiatesSeized.String())
	ctx, cancel := context.WithCancel(context.Background())
	_, err := RunOptimise(ctx, stopped, Options{NoFigures: true, Progress: func(done, _ int) {
		if done >= 50 {
			cancel()
		}
	}})
	if err == nil || !strings.Contains(err.Error(), ErrInterrupted.Error()) {
		t.Fatalf("stopped run: %v, want %v", err, ErrInterrupted)
	}
	if _, err := os.Stat(filepath.Join(stopped.Out, results.OptimiseJSON)); err == nil {
		t.Fatal("a stopped search wrote its results")
	}
	stopped.Resume = true
	runOptimise(t, stopped)
	sameFiles(t, "resumed", dataFiles(t, stopped.Out), want)

	shared := filepath.Join(t.TempDir(), "shared")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		s := optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 20, experiment.OpiatesSeized.String())
		s.Out, s.Workers, s.Shard = shared, 1, experiment.Shard{Index: i, Count: 2}
		wg.Go(func() {
			_, errs[i] = RunOptimise(context.Background(), s, Options{NoFigures: true})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := dataFiles(t, shared)
	for name := range got {
		if strings.HasPrefix(name, evaluationsDir+string(filepath.Separator)) {
			delete(got, name)
		}
	}
	sameFiles(t, "two shards", got, want)
}

// TestOptimiseRefuses: bad optimisations are refused before anything is
// run or written, with what is wrong.
func TestOptimiseRefuses(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Spec)
		want   string
	}{
		{"no candidates", func(s *Spec) { s.Optimise.Candidates = "" }, "optimise needs --candidates FILE"},
		{"no such file", func(s *Spec) { s.Optimise.Candidates = "testdata/none.toml" }, "--candidates testdata/none.toml: no such file"},
		{"no such shipped file", func(s *Spec) { s.Optimise.Candidates = "three-million" }, "no shipped candidates file of that name (shipped: two-million)"},
		{"buys nothing", func(s *Spec) { s.Optimise.Budget.USD = 50_000 }, "buys nothing: the cheapest candidate, checkpoint@a1, costs USD 100,000 a year"},
		{"bad objective", func(s *Spec) { s.Objective = "heroin_delivrd_kg" }, "--objective"},
		{"bad procedure", func(s *Spec) { s.Optimise.Procedure = "rinott" }, "--procedure \"rinott\": want kn"},
		{"shard without out", func(s *Spec) { s.Out, s.Shard = "", experiment.Shard{Index: 0, Count: 2} }, "give --out DIR"},
		{"scenarios", func(s *Spec) { s.Scenarios = []string{"baseline"} }, "optimise takes its scenarios from the candidates file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 20, "")
			c.change(&spec)
			_, err := Prepare(spec)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if _, serr := os.Stat(spec.Out); serr == nil {
				t.Errorf("%s was made", spec.Out)
			}
		})
	}
}

// TestBudget reads and writes budgets.
func TestBudget(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Budget
		err  string
	}{
		{"2000000", Budget{USD: 2e6}, ""},
		{"2e6/year", Budget{USD: 2e6}, ""},
		{"2,000,000", Budget{USD: 2e6}, ""},
		{"10000000/run", Budget{USD: 1e7, PerRun: true}, ""},
		{"-5", Budget{}, "want a positive number"},
		{"2e6/decade", Budget{}, `unknown unit "decade"`},
		{"lots", Budget{}, "want a positive number"},
	} {
		got, err := ParseBudget(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %+v, %v; want %+v", c.in, got, err, c.want)
		}
		if back, err := ParseBudget(got.String()); err != nil || back != got {
			t.Errorf("%q: %s reads back as %+v, %v", c.in, got, back, err)
		}
	}
}

// TestOptimiseEnsemble: with an ensemble, the portfolios compared are run
// in every member, and the regrets and the portfolios of least regret are
// those of their gains; a member that does not build is refused with its
// row.
func TestOptimiseEnsemble(t *testing.T) {
	spec := optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 20, experiment.OpiatesSeized.String())
	spec.Optimise.Ensemble, spec.Optimise.EnsembleN = "testdata/toy/ensemble.csv", 5
	o := runOptimise(t, spec)
	r := o.Robustness
	if r == nil || len(r.Members) != 3 || !slices.Equal(r.Weights, []float64{1, 2, 1}) || r.Reps != 5 {
		t.Fatalf("robustness %+v, want 3 members weighted 1, 2, 1, 5 replications each", r)
	}
	if !slices.Equal(r.Portfolios[r.Calibrated].IDs, o.Best.IDs) {
		t.Errorf("the calibrated world's choice is %v, the search chose %v", r.Portfolios[r.Calibrated].IDs, o.Best.IDs)
	}
	for p := range r.Portfolios {
		worst := 0.0
		for m := range r.Members {
			best := 0.0
			for q := range r.Portfolios {
				best = max(best, r.Values[q][m])
			}
			worst = max(worst, best-r.Values[p][m])
		}
		if d := worst - r.WorstCase[p]; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: worst-case regret %v, its gains give %v", r.Portfolios[p].Label(), r.WorstCase[p], worst)
		}
		if r.WorstCase[p] < r.WorstCase[r.MinimaxRegret] {
			t.Errorf("%s has less worst-case regret than the minimax portfolio", r.Portfolios[p].Label())
		}
	}

	spec = optimiseSpec(t, "testdata/toy/posts.toml", 200_000, 20, "")
	spec.Optimise.Ensemble = "testdata/toy/bad-ensemble.csv"
	if _, err := Prepare(spec); err == nil || !strings.Contains(err.Error(), "bad-ensemble.csv:3: weight -1 is negative") {
		t.Errorf("a bad ensemble: %v", err)
	}
}

// TestOptimiseReadsTheShippedEnsemble: optimise --ensemble reads an
// ensemble as hourglass calibrate writes it (the shipped ensemble.csv):
// its description columns skipped, its inputs and its switches (a cell
// names the alternative) set in each member; a switch's cell that names
// no alternative is refused with the file, line and alternatives.
func TestOptimiseReadsTheShippedEnsemble(t *testing.T) {
	lines := strings.SplitAfter(string(scenarios.Ensemble), "\n")
	dir := t.TempDir()
	first3 := filepath.Join(dir, "first3.csv")
	if err := os.WriteFile(first3, []byte(strings.Join(lines[:4], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	// member 1's tip rate and product-overlap alternative, as the file has them
	rows, err := csv.NewReader(strings.NewReader(lines[0] + lines[1])).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("the shipped ensemble's first member: %v", err)
	}
	var tip1 float64
	var overlap1 string
	for k, name := range rows[0] {
		switch name {
		case "params.interdiction.tip_rate":
			tip1, _ = strconv.ParseFloat(rows[1][k], 64)
		case "product-overlap":
			overlap1 = rows[1][k]
		}
	}
	if tip1 == 0 || overlap1 == "" {
		t.Fatalf("the shipped ensemble has no tip rate or product-overlap column: %v", rows[0])
	}
	for _, arg := range []string{first3, scenarios.EnsembleName} {
		if arg == scenarios.EnsembleName && testing.Short() {
			continue // every member of the shipped ensemble is built
		}
		spec := optimiseSpec(t, "two-million", 2_000_000, 10, "")
		spec.Optimise.Ensemble = arg
		j, err := Prepare(spec)
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		ms := j.opt.members[1:]
		if want := len(lines) - 2; arg == scenarios.EnsembleName && len(ms) != want || arg == first3 && len(ms) != 3 {
			t.Fatalf("%s: %d members", arg, len(ms))
		}
		var switched, tip bool
		for _, o := range ms[0].overrides {
			switched = switched || strings.HasPrefix(o.Name, "switch product-overlap = "+overlap1)
			tip = tip || o.Path == "params.interdiction.tip_rate" && o.Value == tip1
		}
		if !slices.Equal(j.opt.ignored, []string{"kz-rail"}) {
			t.Errorf("%s: ignored %v, want baseline-2008's switch kz-rail", arg, j.opt.ignored)
		}
		if ms[0].label != "member 1" || !switched || !tip {
			t.Errorf("%s: member 1 is %s with %v, want the switch product-overlap at %s and the tip rate %v", arg, ms[0].label, ms[0].overrides, overlap1, tip1)
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(lines[0]+strings.Replace(lines[1], ","+overlap1+",", ",other groups,", 1)), 0o644)
	spec := optimiseSpec(t, "two-million", 2_000_000, 10, "")
	spec.Optimise.Ensemble = bad
	if _, err := Prepare(spec); err == nil || !strings.Contains(err.Error(), `bad.csv:2: product-overlap: "other groups" is not an alternative (allowed: specialised groups | the same groups)`) {
		t.Errorf("a switch's unknown alternative: %v", err)
	}
}
