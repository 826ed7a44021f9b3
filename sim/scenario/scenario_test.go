package scenario_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

// withShipped is the shipped baseline and network plus extra files.
func withShipped(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, name := range []string{"baseline.toml", "network.toml"} {
		data, err := scenarios.FS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for name, text := range extra {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestBaselineLoads(t *testing.T) {
	t.Parallel()
	sc, err := scenario.Load(scenarios.FS, scenarios.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "baseline" || len(sc.World.Places) < 50 || len(sc.Files) != 2 {
		t.Errorf("baseline: name %q, %d places, %d files", sc.Name, len(sc.World.Places), len(sc.Files))
	}
	for _, id := range []string{"afg-north", "sosnovka", "torugart", "irkeshtam", "kulma", "khorgos", "dostuk", "narynkol", "europe"} {
		if sc.World.PlaceIndex(id) < 0 {
			t.Errorf("place %s missing", id)
		}
	}
}

func TestExtendsOverridesByID(t *testing.T) {
	t.Parallel()
	fsys := withShipped(map[string]string{"post.toml": `
name = "post"
extends = "baseline.toml"
[[place]]
id = "sosnovka"
traits = { inspection_rate = 0.4 }
`})
	sc, err := scenario.Load(fsys, "post.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := sc.World.Places[sc.World.PlaceIndex("sosnovka")]
	if p.Traits.InspectionRate != 0.4 {
		t.Errorf("inspection_rate %v, want 0.4", p.Traits.InspectionRate)
	}
	if p.Traits.TrafficPerDay != 2000 || p.Country != "KG" {
		t.Errorf("override lost the other traits: %+v", p)
	}
	if sc.Name != "post" || len(sc.Files) != 3 {
		t.Errorf("name %q, files %d", sc.Name, len(sc.Files))
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []string // each must appear in the error
	}{
		{"unknown key with suggestion", `
extends = "baseline.toml"
[[place]]
id = "sosnovka"
traits = { inspecton_rate = 0.4 }
`, []string{"bad.toml:5:", `unknown key (did you mean "inspection_rate"?)`, "allowed:"}},
		{"probability out of range", `
extends = "baseline.toml"

[[place]]
id = "sosnovka"
traits = { inspection_rate = 1.7 }
`, []string{"bad.toml:6:", "place[sosnovka].traits.inspection_rate: 1.7 is not a probability (allowed: 0..1)"}},
		{"unknown place id", `
extends = "baseline.toml"
[[group]]
id = "osh-forwarders"
destinations = ["bishkek2"]
`, []string{"bad.toml:5:", `unknown place "bishkek2" (did you mean "bishkek"?)`}},
		{"bad enum", `
extends = "baseline.toml"
[[group]]
id = "osh-forwarders"
modes = ["hovercraft"]
`, []string{"bad.toml:5:", `unknown mode "hovercraft"`, "allowed: swim, boat"}},
		{"every problem in one pass", `
extends = "baseline.toml"
[params]
days = 0
[[place]]
id = "torugart"
traits = { corruption = -0.5 }
`, []string{"bad.toml:4:", "days: 0 is out of range (allowed: 1..36500)", "bad.toml:7:", "corruption: -0.5 is not a probability"}},
		{"precursor on foot", `
extends = "baseline.toml"
[[group]]
id = "osh-precursor"
modes = ["foot"]
`, []string{"bad.toml:5:", "foot cannot carry precursors"}},
		{"unreachable destination", `
extends = "baseline.toml"
[[group]]
id = "osh-forwarders"
destinations = ["europe"]
`, []string{"bad.toml:5:", "destination europe cannot be reached from osh"}},
		{"extends cycle", `
extends = "bad.toml"
`, []string{"cycle: bad.toml -> bad.toml"}},
		{"missing file", `
extends = "nosuch.toml"
`, []string{"bad.toml:2: extends: no file nosuch.toml"}},
		{"syntax error", `
extends = "baseline.toml"
[[place]
`, []string{"bad.toml:", "expected end of table array name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Load(withShipped(map[string]string{"bad.toml": tt.text}), "bad.toml")
			if err == nil {
				t.Fatal("bad input accepted")
			}
			var list scenario.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want scenario.ErrorList: %v", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// FuzzLoad feeds arbitrary scenario text: Load must return a scenario or an
// error, never panic.
func FuzzLoad(f *testing.F) {
	f.Add(`extends = "baseline.toml"`)
	f.Add("extends = \"baseline.toml\"\n[[place]]\nid = \"sosnovka\"\ntraits = { inspection_rate = 0.4 }\n")
	f.Add("[params]\ndays = -1\n[[group]]\nid = \"x\"\n")
	f.Add("[[segment]]\nfrom = \"a\"\nto = \"b\"\nmodes = [\"car\"]\n")
	f.Fuzz(func(t *testing.T, text string) {
		scenario.Load(withShipped(map[string]string{"fuzz.toml": text}), "fuzz.toml")
	})
}

func TestShippedScenariosLoad(t *testing.T) {
	t.Parallel()
	entries, err := scenarios.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".toml") || e.Name() == "targets.toml" {
			continue // targets.toml is read by hourglass validate
		}
		if _, err := scenario.Load(scenarios.FS, e.Name()); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
}

func TestInterventionAppliesAndCosts(t *testing.T) {
	t.Parallel()
	base, _ := scenario.Load(scenarios.FS, "baseline.toml")
	sc, err := scenario.Load(scenarios.FS, "sary-tash-post.toml")
	if err != nil {
		t.Fatal(err)
	}
	i := sc.World.PlaceIndex("sary-tash")
	got, was := sc.World.Places[i].Traits, base.World.Places[i].Traits
	if got.InspectionRate != 0.25 || got.Staff != 12 || got.Dogs != 2 || got.TrafficPerDay != was.TrafficPerDay {
		t.Errorf("sary-tash traits after the post: %+v", got)
	}
	// checkpoint defaults: $250,000 capital over 10 years + $150,000 a year
	if c := sc.AnnualCost(); c != 175_000 {
		t.Errorf("annual cost %v, want 175000", c)
	}
	if base.AnnualCost() != 0 {
		t.Errorf("baseline costs %v", base.AnnualCost())
	}
	rbg, _ := scenario.Load(scenarios.FS, "russian-border-guards.toml")
	if p := rbg.World.Places[rbg.World.PlaceIndex("panj-west")].Traits; p.PatrolCoverage != 0.011 || p.GuardMobility != 0.8 {
		t.Errorf("panj-west after reinforcement: %+v", p)
	}
}

func TestDrivers(t *testing.T) {
	t.Parallel()
	x, err := scenario.Load(scenarios.FS, "driver-xinjiang-market.toml")
	if err != nil {
		t.Fatal(err)
	}
	osh := x.World.PlaceIndex("osh")
	kashgar := x.World.PlaceIndex("kashgar")
	found := false
	for _, g := range x.World.Populations {
		if g.Origin == osh && slices.Contains(g.Destinations, kashgar) {
			found = true
		}
	}
	if !found {
		t.Error("xinjiang_market did not open Kashgar to the Osh groups")
	}
	p, _ := scenario.Load(scenarios.FS, "driver-professionalization.toml")
	for _, g := range p.World.Populations {
		if g.Professionalization != 0.8 {
			t.Errorf("group %s professionalization %v", g.ID, g.Professionalization)
		}
	}
	b, _ := scenario.Load(scenarios.FS, "driver-both-products.toml")
	both := 0
	for _, g := range b.World.Populations {
		if g.Product == sim.Both {
			both++
		}
	}
	if both == 0 {
		t.Error("both_products made no group move both")
	}
}

func TestBadIntervention(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"extends = \"baseline.toml\"\n[[intervention]]\ntype = \"scaner\"\nplace = \"ulken\"\n", `unknown intervention type "scaner" (did you mean "scanner"?)`},
		{"extends = \"baseline.toml\"\n[[intervention]]\ntype = \"scanner\"\nplace = \"osh\"\n", "osh is not an official crossing or checkpoint"},
		{"extends = \"baseline.toml\"\n[[intervention]]\ntype = \"checkpoint\"\nplace = \"sosnovkaa\"\n", `bad.toml:4: intervention[checkpoint@sosnovkaa].place: unknown place "sosnovkaa" (did you mean "sosnovka"?)`},
		{"extends = \"baseline.toml\"\n[[intervention]]\ntype = \"checkpoint\"\nplace = \"sosnovka\"\ninspection_rate = 3\n", "bad.toml:5: intervention[checkpoint@sosnovka].inspection_rate: 3 is not a probability"},
		{"extends = \"baseline.toml\"\n[drivers]\ntraffic_growth = { khorgoss = 2 }\n", `unknown place "khorgoss" (did you mean "khorgos"?)`},
	}
	for _, tt := range tests {
		_, err := scenario.Load(withShipped(map[string]string{"bad.toml": tt.text}), "bad.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.text, err, tt.want)
		}
	}
}

func TestUncertainChecked(t *testing.T) {
	t.Parallel()
	sc, err := scenario.Load(scenarios.FS, "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Uncertain) != 14 { // the eight and the six the mechanism cards name (docs/MODEL.md §3.6)
		t.Errorf("baseline declares %d uncertain parameters", len(sc.Uncertain))
	}
	for _, tt := range []struct{ text, want string }{
		{"extends = \"baseline.toml\"\n[[uncertain]]\nname = \"params.interdiction.tip_rat\"\nlow = 0\nhigh = 1\n", `params.interdiction.tip_rat: unknown key (did you mean "tip_rate"?)`},
		{"extends = \"baseline.toml\"\n[[uncertain]]\nname = \"group[nosuch].count\"\nlow = 1\nhigh = 2\n", `group[nosuch]: no group has id "nosuch"`},
		{"extends = \"baseline.toml\"\n[[uncertain]]\nname = \"params.days\"\nlow = 5\nhigh = 2\n", "2 is not above low 5"},
	} {
		_, err := scenario.Load(withShipped(map[string]string{"bad.toml": tt.text}), "bad.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.text, err, tt.want)
		}
	}
}

// wantProblems loads file as bad.toml (extending the shipped baseline) and
// requires exactly the problems want, in order.
func wantProblems(t *testing.T, file string, want []string) {
	t.Helper()
	_, err := scenario.Load(withShipped(map[string]string{"bad.toml": file}), "bad.toml")
	var list scenario.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T), want a scenario.ErrorList", err, err)
	}
	if got, want := err.Error(), strings.Join(want, "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestScannerPostIsWatched: a scanner intervention's post is logged and
// watched, as Khorgos is (an assumption: the equipment comes with its online
// link), where the baseline's post is not.
func TestScannerPostIsWatched(t *testing.T) {
	t.Parallel()
	base, err := scenario.Load(scenarios.FS, "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(scenarios.FS, "kz-scanners.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ulken", "kyzyltu"} {
		i := sc.World.PlaceIndex(id)
		if base.World.Places[i].Traits.Watched || !sc.World.Places[i].Traits.Watched {
			t.Errorf("%s: watched %v in the baseline, %v with the scanner; want false, true", id, base.World.Places[i].Traits.Watched, sc.World.Places[i].Traits.Watched)
		}
	}
}

// TestExtendsFindsShippedNames: a file in a subdirectory (as the examples
// are) extends a file beside it by its relative path, and a shipped
// scenario by its bare name, with or without ".toml", as the command line
// names it; the same world either way.
func TestExtendsFindsShippedNames(t *testing.T) {
	t.Parallel()
	fsys := withShipped(map[string]string{
		"examples/post.toml":   "extends = \"baseline\"\n[[place]]\nid = \"sosnovka\"\ntraits = { staff = 40 }\n",
		"examples/strong.toml": "extends = \"post.toml\"\n",
		"mine/strong.toml":     "extends = \"../examples/post.toml\"\n",
		"top.toml":             "extends = \"examples/post.toml\"\n",
	})
	staff := func(name string) int {
		t.Helper()
		sc, err := scenario.Load(fsys, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range sc.World.Places {
			if p.ID == "sosnovka" {
				return p.Traits.Staff
			}
		}
		t.Fatalf("%s: no sosnovka", name)
		return 0
	}
	for _, name := range []string{"examples/post.toml", "examples/strong.toml", "top.toml"} {
		if got := staff(name); got != 40 {
			t.Errorf("%s: Sosnovka's staff %d, want the override's 40", name, got)
		}
	}
	if _, err := scenario.Load(fsys, "mine/strong.toml"); err == nil || !strings.Contains(err.Error(), `mine/strong.toml:1: extends: "../examples/post.toml" leaves the scenario's directory`) {
		t.Errorf("a path through .. : %v", err)
	}
}
