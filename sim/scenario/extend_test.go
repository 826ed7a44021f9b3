package scenario

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"hourglass/scenarios"
	"hourglass/sim"
)

// extendCases are [[intervention]] entries added to a shipped scenario: a
// checkpoint where a post stands, one where none does (its routes are
// searched again), a scanner and dog teams, mobile units, an agency
// programme, and several at once.
var extendCases = []struct{ base, entries string }{
	{"baseline.toml", `[[intervention]]
type = "checkpoint"
place = "sosnovka"
inspection_rate = 0.25
staff = 12
dogs = 2`},
	{"baseline.toml", `[[intervention]]
type = "checkpoint"
place = "osh"`},
	{"baseline.toml", `[[intervention]]
type = "scanner"
places = ["ulken", "kyzyltu"]
scanner = "truck-xray"
[[intervention]]
type = "dog-team"
places = ["ulken", "kyzyltu"]
dogs = 2`},
	{"baseline.toml", `[[intervention]]
type = "mobile-units"
places = ["nizhny-panj", "tursunzoda", "panj-west"]
precursor_knowledge = 0.4
[[intervention]]
type = "informant-program"
agencies = ["tj-dca", "kg-dca"]
[[intervention]]
type = "checkpoint"
place = "jalalabad"
capital_usd = 1000
annual_usd = 2000`},
	{"baseline-2008.toml", `[[intervention]]
type = "checkpoint"
place = "kara-balta"`},
	{"history-2004-2010.toml", `[[intervention]]
type = "dog-team"
place = "sosnovka"`},
}

// TestWithInterventionsAsLoadWith checks that Base.WithInterventions gives
// what LoadWith gives for a file that extends the base with the same
// entries: the same worlds, parameters, epochs, costs and touched places,
// with and without overrides.
func TestWithInterventionsAsLoadWith(t *testing.T) {
	t.Parallel()
	for _, c := range extendCases {
		b, err := Prepare(scenarios.FS, c.base)
		if err != nil {
			t.Fatal(err)
		}
		var raw struct {
			Intervention []map[string]any `toml:"intervention"`
		}
		if _, err := toml.Decode(c.entries, &raw); err != nil {
			t.Fatal(err)
		}
		// one Interventions per entry, as a portfolio adds candidates
		var add []*Interventions
		for _, tb := range raw.Intervention {
			iv, err := NewInterventions([]map[string]any{tb})
			if err != nil {
				t.Fatal(err)
			}
			add = append(add, iv)
		}
		fsys := fstest.MapFS{"ext.toml": {Data: []byte("extends = \"" + c.base + "\"\n" + c.entries + "\n")}}
		for _, ov := range [][]Override{nil, {{Path: "params.interdiction.tip_rate", Value: 0.2}, {Path: "group[*].professionalization", Value: 0.7}}} {
			got, err := b.WithInterventions(add, ov...)
			if err != nil {
				t.Fatalf("%s + %s: %v", c.base, c.entries, err)
			}
			want, err := LoadWith(scenarios.Layered{fsys, scenarios.FS}, "ext.toml", ov...)
			if err != nil {
				t.Fatal(err)
			}
			base, err := b.With(ov...)
			if err != nil {
				t.Fatal(err)
			}
			if sim.WarmupKey(got.AllEpochs()) != sim.WarmupKey(base.AllEpochs()) {
				t.Errorf("%s + %s: the portfolio does not warm up as the base does", c.base, strings.SplitN(c.entries, "\n", 3)[1:2])
			}
			for _, f := range []struct {
				name      string
				got, want any
			}{{"World", got.World, want.World}, {"Params", got.Params, want.Params}, {"Epochs", got.Epochs, want.Epochs},
				{"Costs", got.Costs, want.Costs}, {"Costing", got.Costing, want.Costing}, {"Touched", got.Touched, want.Touched},
				{"Uncertain", got.Uncertain, want.Uncertain}} {
				if !reflect.DeepEqual(f.got, f.want) {
					t.Errorf("%s + %s with %v: %s differs", c.base, strings.SplitN(c.entries, "\n", 3)[1:2], ov, f.name)
				}
			}
		}
	}
}

// BenchmarkWithInterventions builds the baseline with candidates'
// interventions from a Base prepared once, as hourglass optimise builds
// each portfolio: a checkpoint where a post stands (the Base's routes are
// kept), one where none does (its place's roles change, so the routes are
// searched again), and the three of kz-scanners and sosnovka-post at once;
// and, for comparison, LoadWith of a file with the same entries.
func BenchmarkWithInterventions(b *testing.B) {
	base, err := Prepare(scenarios.FS, "baseline.toml")
	if err != nil {
		b.Fatal(err)
	}
	entries := func(text string) []*Interventions {
		var raw struct {
			Intervention []map[string]any `toml:"intervention"`
		}
		if _, err := toml.Decode(text, &raw); err != nil {
			b.Fatal(err)
		}
		iv, err := NewInterventions(raw.Intervention)
		if err != nil {
			b.Fatal(err)
		}
		return []*Interventions{iv}
	}
	for _, c := range []struct{ name, text string }{
		{"checkpoint at a post", extendCases[0].entries},
		{"checkpoint where none stands", extendCases[1].entries},
		{"three interventions", extendCases[0].entries + "\n" + extendCases[2].entries},
	} {
		add := entries(c.text)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := base.WithInterventions(add); err != nil {
					b.Fatal(err)
				}
			}
		})
		fsys := scenarios.Layered{fstest.MapFS{"ext.toml": {Data: []byte("extends = \"baseline.toml\"\n" + c.text + "\n")}}, scenarios.FS}
		b.Run(c.name+"/LoadWith", func(b *testing.B) {
			for b.Loop() {
				if _, err := LoadWith(fsys, "ext.toml"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
