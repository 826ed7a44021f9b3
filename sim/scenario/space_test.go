package scenario

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"hourglass/scenarios"
)

// TestBadRangesAndSwitches loads files with bad plausible ranges and
// switches (extending the shipped baseline) and compares every problem
// with the message a person would act on, at its file and line.
func TestBadRangesAndSwitches(t *testing.T) {
	t.Parallel()
	const ext = "extends = \"baseline.toml\"\n"
	tests := []struct {
		name, file string
		want       []string
		space      bool // the problem is found by CheckSpace, not by loading
	}{
		{name: "lo not below hi", file: ext + "[params.interdiction]\nranges = { tip_rate = [1.5, 0.3] }\n",
			want: []string{"bad.toml:3: params.interdiction.ranges.tip_rate: range [1.5, 0.3]: lo 1.5 is not below hi 0.3"}},
		{name: "one bound", file: ext + "[params.interdiction]\nranges = { tip_rate = [0.3] }\n",
			want: []string{`bad.toml:3: params.interdiction.ranges.tip_rate: [0.3] is not a range (allowed: [lo, hi], or { lo = .., hi = .., dist = "uniform" | "log-uniform" | "triangular", mode = .. })`}},
		{name: "unknown key", file: ext + "[params.interdiction]\nranges = { tip_rat = [0.3, 1] }\n",
			want: []string{`bad.toml:3: params.interdiction.ranges.tip_rat: tip_rat is not a field of params.interdiction (did you mean "tip_rate"?) (allowed: ` + interdictionFields + `)`}},
		{name: "value outside its range", file: ext + "[params.interdiction]\ntip_rate = 2\nranges = { tip_rate = [0.3, 1.5] }\n",
			want: []string{"bad.toml:4: params.interdiction.ranges.tip_rate: the value 2 is outside its own range [0.3, 1.5]"}},
		{name: "default outside a range", file: ext + "[params.interdiction]\nranges = { dog_efficacy = [0.7, 0.9] }\n",
			want: []string{"bad.toml:3: params.interdiction.ranges.dog_efficacy: the value 0.5 is outside its own range [0.7, 0.9]"}},
		{name: "a range for a name", file: ext + "[[place]]\nid = \"kairak\"\nranges = { \"traits.scanner\" = [0, 1] }\n",
			want: []string{`bad.toml:4: place[kairak].ranges.traits.scanner: place[kairak].traits.scanner has no value in this scenario (allowed: a range beside a value a file sets, or a parameter's default)`}},
		{name: "a range for a boolean", file: ext + "[[place]]\nid = \"nizhny-panj\"\nranges = { \"traits.heroin_bonus\" = [0, 1] }\n",
			want: []string{`bad.toml:4: place[nizhny-panj].ranges.traits.heroin_bonus: place[nizhny-panj].traits.heroin_bonus is true, not a number: a range is for a number (declare a contested choice as a [[switch]])`}},
		{name: "log-uniform from zero", file: ext + "[[agency]]\nid = \"tj-dca\"\nranges = { informant_usd = { lo = 0, hi = 30000, dist = \"log-uniform\" } }\n",
			want: []string{"bad.toml:4: agency[tj-dca].ranges.informant_usd: range [0, 30000] log-uniform: a log-uniform range needs lo > 0"}},
		{name: "triangular without its mode", file: ext + "[params.interdiction]\nranges = { tip_rate = { lo = 0.1, hi = 1, dist = \"triangular\" } }\n",
			want: []string{"bad.toml:3: params.interdiction.ranges.tip_rate: range: a triangular range needs its mode (the most likely value)"}},
		{name: "unknown dist", file: ext + "[params.interdiction]\nranges = { tip_rate = { lo = 0.1, hi = 1, dist = \"normal\" } }\n",
			want: []string{`bad.toml:3: params.interdiction.ranges.tip_rate: unknown dist "normal" (allowed: uniform, log-uniform, triangular)`}},
		{name: "a range at the top", file: ext + "ranges = { \"params.interdiction.tip_rate\" = [0.3, 1] }\n",
			want: []string{"bad.toml:2: ranges: a range goes beside its value, in the table or entry that holds it (such as [params.interdiction] ranges = { tip_rate = [0.3, 1.5] })"}},
		{name: "a probability's range past 1", space: true, file: ext + "[[place]]\nid = \"nizhny-panj\"\nranges = { \"traits.inspection_rate\" = [0.05, 1.5] }\n",
			want: []string{"bad.toml:4: ranges.place[nizhny-panj].traits.inspection_rate: hi 1.5: place[nizhny-panj].traits.inspection_rate: 1.5 is not a probability (allowed: 0..1)"}},
		{name: "one alternative", file: ext + "[[switch]]\nname = \"x\"\nalternatives = [{ name = \"a\", set = { \"drivers.both_products\" = true } }]\n",
			want: []string{"bad.toml:4: switch[x].alternatives: 1 alternatives (allowed: at least 2, each { name = .., set = { PATH = VALUE } })"}},
		{name: "an alternative of an unknown key", file: ext + "[[switch]]\nname = \"x\"\nalternatives = [{ name = \"a\", set = { \"drivers.both_product\" = true } }, { name = \"b\", set = { \"drivers.both_products\" = false } }]\n",
			want: []string{`bad.toml:4: switch[x].alternatives: alternative "a": drivers.both_product: unknown key (did you mean "both_products"?) (allowed: ` + driverFields + `)`}},
		{name: "an alternative of the wrong type", file: ext + "[[switch]]\nname = \"x\"\nalternatives = [{ name = \"a\", set = { \"drivers.both_products\" = 1 } }, { name = \"b\", set = { \"drivers.both_products\" = false } }]\n",
			want: []string{`bad.toml:4: switch[x].alternatives: alternative "a": drivers.both_products: takes true or false, not a number`}},
		{name: "two alternatives of one name", file: ext + "[[switch]]\nname = \"x\"\nalternatives = [{ name = \"a\", set = { \"drivers.both_products\" = true } }, { name = \"a\", set = { \"drivers.both_products\" = false } }]\n",
			want: []string{`bad.toml:4: switch[x].alternatives: two alternatives are named "a"`}},
		{name: "an alternative that sets nothing", file: ext + "[[switch]]\nname = \"x\"\nalternatives = [{ name = \"a\" }, { name = \"b\", set = { \"drivers.both_products\" = false } }]\n",
			want: []string{`bad.toml:4: switch[x].alternatives: alternative "a" sets nothing (allowed: set = { PATH = VALUE })`}},
		{name: "an alternative off the documented range", space: true, file: ext + "[[switch]]\nname = \"x\"\nalternatives = [{ name = \"a\", set = { \"place[osh].traits.corruption\" = 2 } }, { name = \"b\", set = { \"place[osh].traits.corruption\" = 0.5 } }]\n",
			want: []string{`bad.toml:2: switch[x]: alternative "a": place[osh].traits.corruption: 2 is not a probability (allowed: 0..1)`}},
		{name: "uncertain twice ranged", file: ext + "[[uncertain]]\nname = \"params.interdiction.dog_efficacy\"\nlow = 0.1\nhigh = 0.9\n",
			want: []string{"bad.toml:3: uncertain[params.interdiction.dog_efficacy].name: params.interdiction.dog_efficacy has its range [0.3, 0.9] at sim.ParamNotes: drop low and high here (a range is declared once, beside its value)"}},
		{name: "uncertain without a range", file: ext + "[[uncertain]]\nname = \"params.interdiction.scanner_tc\"\n",
			want: []string{"bad.toml:3: uncertain[params.interdiction.scanner_tc].name: params.interdiction.scanner_tc has no range: declare one beside the value (ranges = { key = [lo, hi] }) or give low and high here"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := layeredFS{fstest.MapFS{"bad.toml": {Data: []byte(tc.file)}}}
			var err error
			if tc.space {
				b, perr := Prepare(fsys, "bad.toml")
				if perr != nil {
					t.Fatalf("Prepare: %v", perr)
				}
				err = b.CheckSpace()
			} else {
				_, err = Load(fsys, "bad.toml")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want an ErrorList", err)
			}
			var got []string
			for _, p := range list {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

const (
	interdictionFields = "concentration, inspections_per_staff_day, intel_only_factor, professional_evasion, knowledge_evasion, tip_detection, dog_efficacy, scanner_tc, scanner_truck, scanner_hours, scan_minutes, truck_share, metal_share, referral_tc, referral_truck, guided_search, scanner_displaces, watched_bribe_cut, corrupt_inspection, dog_hours, dog_checks_per_hour, test_kit_efficacy, concealment_shield, dog_concealment_shield, winter_penalty, heroin_bonus_penalty, tip_rate, precursor_visibility"
	driverFields       = "professionalization, profile, both_products, xinjiang_market, kz_rail_majority, traffic_growth, afghan_output"
)

// layeredFS reads a file from its own map, and every other from the
// shipped scenarios.
type layeredFS struct{ own fstest.MapFS }

func (l layeredFS) Open(name string) (fs.File, error) {
	if _, ok := l.own[name]; ok {
		return l.own.Open(name)
	}
	return scenarios.FS.Open(name)
}

// TestSpaceOfTheBaseline lists the baseline's uncertain inputs and
// switches: every range declared (sim.ParamNotes and network.toml), the
// five contested facts of the two periods, the Osh-Bishkek road's traffic,
// and the numbers held fixed.
func TestSpaceOfTheBaseline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		inputs, switches int
	}{{"baseline.toml", 23, 5}, {"baseline-2008.toml", 23, 6}} {
		b, err := Prepare(scenarios.FS, tc.name)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := b.With()
		if err != nil {
			t.Fatal(err)
		}
		sp := sc.Space()
		if len(sp.Inputs) != tc.inputs || len(sp.Switches) != tc.switches {
			t.Errorf("%s: %d inputs and %d switches, want %d and %d", tc.name, len(sp.Inputs), len(sp.Switches), tc.inputs, tc.switches)
		}
		for _, in := range sp.Inputs {
			if !in.Range.Contains(in.Value) {
				t.Errorf("%s: %s = %v outside its range %s", tc.name, in.Path, in.Value, in.Range)
			}
		}
		for _, s := range sp.Switches {
			if s.Own < 0 {
				t.Errorf("%s: switch %s: the scenario's own values match no alternative", tc.name, s.Name)
			}
		}
		if !(sp.Fixed > 0 && sp.Fixed < sp.Assumptions) {
			t.Errorf("%s: %d of %d assumptions fixed", tc.name, sp.Fixed, sp.Assumptions)
		}
		if err := b.CheckSpace(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		// Every alternative builds as LoadWith builds it: booleans and
		// numbers set in the decoded tables; twice, the second time with
		// the routes of a route graph of its own (both products) kept by
		// the Base.
		for range 2 {
			for _, s := range sp.Switches {
				for i := range s.Alternatives {
					sameAsLoadWith(t, b, tc.name, s.Overrides(i)...)
				}
			}
		}
		if len(b.variants) == 0 {
			t.Errorf("%s: no variant kept for the switch to both products", tc.name)
		}
	}
}

// BenchmarkMemberSetup is the cost of setting up one ensemble member: a
// shipped period, parsed once, built with a member's overrides (every
// uncertain input at the middle of its range; every switch at the
// scenario's own alternative, or at its other one), as a calibration point
// or compare --ensemble builds each scenario of each member. Switching the
// groups to move both products changes the populations, whose routes are
// searched again: that member costs as much as a scenario's first build.
func BenchmarkMemberSetup(b *testing.B) {
	for _, name := range []string{"baseline.toml", "baseline-2008.toml"} {
		base, err := Prepare(scenarios.FS, name)
		if err != nil {
			b.Fatal(err)
		}
		sc, err := base.With()
		if err != nil {
			b.Fatal(err)
		}
		sp := sc.Space()
		for _, switches := range []string{"own", "other"} {
			var ov []Override
			for _, in := range sp.Inputs {
				ov = append(ov, Override{Path: in.Path, Value: (in.Range.Lo + in.Range.Hi) / 2})
			}
			for _, s := range sp.Switches {
				alt := s.Own
				if switches == "other" {
					alt = 1 - s.Own
				}
				ov = append(ov, s.Overrides(alt)...)
			}
			b.Run(name+"/switches="+switches, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := base.With(ov...); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
