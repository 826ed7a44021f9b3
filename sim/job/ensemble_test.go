package job

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/robust"
	"hourglass/sim/scenario"
)

// TestEnsembleDecisionSwaps analyses a hand-made ensemble of 20 members in
// which two alternatives swap: A buys 10 a million dollars where x < 0.5
// and 2 elsewhere, B 5 everywhere. Each is best in half the members; A's
// regret is 3 where B wins, B's 5 where A wins; PRIM says when B wins.
func TestEnsembleDecisionSwaps(t *testing.T) {
	p := &ensemblePlan{objective: experiment.OpiatesSeized,
		scs:    []*scenario.Scenario{{Name: "base"}, {Name: "A"}, {Name: "B"}},
		inputs: []scenario.Input{{Path: "x"}, {Path: "noise"}}}
	var effects [][]memberEffect
	for m := range 20 {
		x := (float64(m) + 0.5) / 20
		p.members = append(p.members, ensembleMember{id: fmt.Sprint(m + 1), x: []float64{x, math.Mod(float64(m)*0.37, 1)}})
		a := 10.0
		if x >= 0.5 {
			a = 2
		}
		effects = append(effects, []memberEffect{
			{PerM: a, PerMSE: 0.1, CostPerUnit: robust.Interval{Lo: 1 / a * 0.9, Hi: 1 / a * 1.1}},
			{PerM: 5, PerMSE: 0.1, CostPerUnit: robust.Interval{Lo: 0.18, Hi: 0.22}},
		})
	}
	er, err := p.analyse(effects)
	if err != nil {
		t.Fatal(err)
	}
	a, b := er.Robust.Alternatives[0], er.Robust.Alternatives[1]
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"P(best) of A", a.PBest, 0.5}, {"P(best) of B", b.PBest, 0.5},
		{"expected rank of A", a.ExpectedRank, 1.5},
		{"mean regret of A", a.MeanRegret, 1.5}, {"mean regret of B", b.MeanRegret, 2.5},
		{"worst regret of A", a.MaxRegret, 3}, {"worst regret of B", b.MaxRegret, 5},
		// A's cost per unit, [0.09, 0.11] where it buys 10, lies below B's
		// [0.18, 0.22] in half the members; B's below A's [0.45, 0.55] in the other half
		{"A's interval below B's", er.Exclusion[0][1], 0.5}, {"B's interval below A's", er.Exclusion[1][0], 0.5},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if er.Robust.Minimax != 0 {
		t.Errorf("least worst-case regret: alternative %d, want A", er.Robust.Minimax)
	}
	if er.Flip == nil || !strings.Contains(er.Flip.Sentence, "x is above") || strings.Contains(er.Flip.Sentence, "noise") {
		t.Errorf("flip: %+v, want B beating A when x is above about 0.5", er.Flip)
	}
}

// TestCompareAcrossEnsemble runs a comparison across a hand-made ensemble
// of the tiny world: two border reinforcements of the river, to a patrol
// coverage of 0.6 (dear) and of 0.35 (cheap, a quarter of the price). Where
// the river's own patrol is low the cheap one buys more seizures per
// dollar; where it is above 0.35 it adds nothing and the dear one wins. The report and the console
// say where the answer flips.
func TestCompareAcrossEnsemble(t *testing.T) {
	dir := t.TempDir()
	tiny, err := os.ReadFile(filepath.Join("..", "testdata", "tiny.toml"))
	if err != nil {
		t.Fatal(err)
	}
	world := strings.Replace(string(tiny), "traits = { patrol_coverage = 0.2,", "ranges = { \"traits.patrol_coverage\" = [0.02, 0.55] }\ntraits = { patrol_coverage = 0.2,", 1)
	write(t, filepath.Join(dir, "toy.toml"), world)
	alt := func(name string, level, usd float64) string {
		p := filepath.Join(dir, name+".toml")
		write(t, p, fmt.Sprintf("extends = \"toy.toml\"\nname = %q\n[[intervention]]\ntype = \"border-reinforcement\"\nplaces = [\"river\"]\npatrol_coverage = %g\nguard_mobility = 0.5\ncommunications = 0.5\nannual_usd = %g\ncapital_usd = 0\n", name, level, usd))
		return p
	}
	dear, cheap := alt("dear", 0.6, 200000), alt("cheap", 0.35, 50000)
	var rows []string
	for m := range 24 {
		rows = append(rows, fmt.Sprintf("%d,%g", m+1, 0.02+0.5*float64(m)/23))
	}
	ens := filepath.Join(dir, "ensemble.csv")
	write(t, ens, "member,place[river].traits.patrol_coverage,I[ignored]\n"+strings.Join(rows, ",0\n")+",0\n")
	spec := Spec{Kind: Compare, Scenarios: []string{filepath.Join(dir, "toy.toml"), dear, cheap}, N: 24, Seed: 1, Workers: 2,
		Objective: "opiates_seized_kg", Ensemble: ens, Out: filepath.Join(dir, "out")}
	j, err := Prepare(spec)
	if err != nil {
		t.Fatal(err)
	}
	res, err := j.Run(context.Background(), Options{NoFigures: true})
	if err != nil {
		t.Fatal(err)
	}
	er := res.Ensemble
	for a, name := range er.Names {
		alt := er.Robust.Alternatives[a]
		if !(alt.PBest > 0.15 && alt.PBest < 0.85) {
			t.Errorf("%s best in %.0f%% of the members, want each best in some", name, 100*alt.PBest)
		}
	}
	if er.Flip == nil || !strings.Contains(er.Flip.Sentence, "place[river].traits.patrol_coverage") {
		t.Fatalf("flip: %+v", er.Flip)
	}
	html, err := os.ReadFile(filepath.Join(res.Dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), er.Flip.Sentence[1:]) { // capitalised on the page
		t.Errorf("report.html lacks PRIM's sentence %q", er.Flip.Sentence)
	}
	var out strings.Builder
	res.Text(&out, false)
	if !strings.Contains(out.String(), er.Flip.Sentence[1:]) || !strings.Contains(out.String(), "P(best)") {
		t.Errorf("console:\n%s", out.String())
	}
	for _, f := range []string{MembersFile, EffectsFile, RobustFile, ExclusionFile, DiscoveryFile, EnsembleJSON, MembersLog} {
		if _, err := os.Stat(filepath.Join(res.Dir, f)); err != nil {
			t.Error(err)
		}
	}

	// killed after 10 members, then resumed: the same files
	killed := spec
	killed.Out = filepath.Join(dir, "killed")
	j, err = Prepare(killed)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := j.Run(ctx, Options{NoFigures: true, Progress: func(done, _ int) {
		if done == 10*spec.N {
			cancel()
		}
	}}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("cancelled: %v", err)
	}
	killed.Resume = true
	j, err = Prepare(killed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Run(context.Background(), Options{NoFigures: true}); err != nil {
		t.Fatal(err)
	}
	sameTopFiles(t, res.Dir, killed.Out)

	// two shards merged give the same files
	var dirs []string
	for i := range 2 {
		s := spec
		s.Out = filepath.Join(dir, fmt.Sprintf("shard-%d", i))
		s.Shard = experiment.Shard{Index: i, Count: 2}
		j, err := Prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := j.Run(context.Background(), Options{NoFigures: true}); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, s.Out)
	}
	merged := filepath.Join(dir, "merged")
	if _, err := Merge(context.Background(), dirs, merged, Options{NoFigures: true}); err != nil {
		t.Fatal(err)
	}
	sameTopFiles(t, res.Dir, merged)
}

// TestBadEnsembleFiles: an ensemble file that cannot be applied is refused
// before anything runs, at its line.
func TestBadEnsembleFiles(t *testing.T) {
	dir := t.TempDir()
	tiny, err := os.ReadFile(filepath.Join("..", "testdata", "tiny.toml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "toy.toml"), strings.Replace(string(tiny), "traits = { patrol_coverage = 0.2,", "ranges = { \"traits.patrol_coverage\" = [0.02, 0.55] }\ntraits = { patrol_coverage = 0.2,", 1))
	write(t, filepath.Join(dir, "alt.toml"), "extends = \"toy.toml\"\n[[intervention]]\ntype = \"checkpoint\"\nplace = \"post\"\n")
	for _, tc := range []struct{ name, csv, want string }{
		{"no column applies", "member,wave\n1,1\n", "ensemble.csv:1: no column is an uncertain input or switch of"},
		{"not a number", "member,place[river].traits.patrol_coverage\n1,0.3\n2,lots\n", `ensemble.csv:3: place[river].traits.patrol_coverage: "lots" is not a finite number`},
		{"no members", "member,place[river].traits.patrol_coverage\n", "no members"},
		{"off its documented range", "member,place[river].traits.patrol_coverage\n1,1.5\n", "1.5 is not a probability"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ens := filepath.Join(t.TempDir(), "ensemble.csv")
			write(t, ens, tc.csv)
			_, err := Prepare(Spec{Kind: Compare, Scenarios: []string{filepath.Join(dir, "toy.toml"), filepath.Join(dir, "alt.toml")}, N: 2, Seed: 1, Ensemble: ens})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}
