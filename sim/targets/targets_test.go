package targets_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/targets"
)

// world is a toy network: a Tajik border post and a Kazakh one.
func world() *sim.World {
	w := &sim.World{Places: []sim.Place{
		{ID: "tj-post", Country: "TJ", Border: "AF", Roles: sim.Crossing},
		{ID: "almaty", Country: "KZ", Roles: sim.Stash},
	}}
	w.Countries = []string{"TJ", "KZ"}
	w.PlaceCountry = []int{0, 1}
	return w
}

// rep is a hand-built replication: kg of heroin seized at the border post
// and at Almaty, and a Kazakh retention share.
func rep(border, inland, retained float64) experiment.Rep {
	v := make([]float64, experiment.NumMetrics)
	v[experiment.RetainedShareKZ] = retained
	return experiment.Rep{Values: v, Seized: []experiment.SeizureTotal{
		{Place: 0, Commodity: sim.Heroin, Method: sim.Dogs, Arrest: true, Grams: sim.KgToGrams(border), Events: 1},
		{Place: 1, Commodity: sim.Heroin, Method: sim.Raid, Arrest: true, Grams: sim.KgToGrams(inland), Events: 1},
	}}
}

const file = `scenario = "baseline.toml"

[[target]]
name = "retention"
metric = "opiates_retained_share_in_KZ"
min = 0.10
max = 0.15
informative = false
why = "the retail share is an input"
source = "brief §4"

[[target]]
name = "border share"
breakdown = { commodity = "opiates", dimension = "location", key = "border", as = "share" }
min = 0.2
max = 0.8
informative = true
source = "assumption"

[[target]]
name = "heroin in KZ"
breakdown = { commodity = "heroin", dimension = "country", key = "KZ" }
observed = 100
tolerance = 0.5
informative = true
source = "brief §4"

[[target]]
name = "heroin seizure events at both, 2008"
scenario = "baseline-2008.toml"
breakdown = { commodity = "heroin", dimension = "country", keys = ["TJ", "KZ"], as = "events" }
min = 0
max = 3
informative = true
source = "brief §4"
`

func TestCheckOnHandBuiltReplications(t *testing.T) {
	tf, err := targets.Load(fstest.MapFS{"t.toml": {Data: []byte(file)}}, "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tf.Scenarios(), []string{"baseline.toml", "baseline-2008.toml"}; !slices.Equal(got, want) {
		t.Errorf("scenarios %v, want %v", got, want)
	}
	reps := []experiment.Rep{rep(30, 70, 0.12), rep(50, 150, 0.16)}
	if n := len(tf.For("baseline-2008.toml").Target); n != 1 {
		t.Fatalf("%d targets of baseline-2008, want 1", n)
	}
	// two heroin seizures in each replication, at the two countries summed
	if r := tf.For("baseline-2008.toml").Check(world(), reps)[0]; r.Mean != 2 || !r.Pass {
		t.Errorf("events at TJ and KZ: mean %v pass %v, want 2 true", r.Mean, r.Pass)
	}
	if tf.Target[0].IsInformative() || !tf.Target[1].IsInformative() {
		t.Error("informative flags misread")
	}
	got := tf.For("baseline.toml").Check(world(), reps)
	want := []struct {
		mean float64
		pass bool
	}{
		{0.14, true},  // retention: mean of 0.12 and 0.16, within 0.10-0.15
		{0.275, true}, // border share: (0.3 + 0.25) / 2
		{110, true},   // heroin seized in KZ: (70 + 150) / 2 within 50-150
	}
	for i, r := range got {
		if d := r.Mean - want[i].mean; d > 1e-9 || d < -1e-9 || r.Pass != want[i].pass {
			t.Errorf("%s: mean %v pass %v, want %v %v", r.Target.Name, r.Mean, r.Pass, want[i].mean, want[i].pass)
		}
	}
	if lo, hi := got[2].AcceptLo, got[2].AcceptHi; lo != 50 || hi != 150 {
		t.Errorf("accepted range [%v, %v], want [50, 150]", lo, hi)
	}
	got = tf.For("baseline.toml").Check(world(), []experiment.Rep{rep(90, 10, 0.05)})
	if got[0].Pass || got[1].Pass || got[2].Pass {
		t.Errorf("targets missed by far pass: %+v", got)
	}
}

func TestLoadErrors(t *testing.T) {
	bad := `scenario = "baseline.toml"
[[target]]
name = "a"
metric = "opiates_seized_kg_kg"
min = 0.5
max = 0.1
tolerance = -1

informative = true

[[target]]
name = "b"
breakdown = { commodity = "gold", dimension = "colour", key = "x", as = "tonnes" }
observed = 1
informative = false

[[target]]
name = "c"
breakdown = { commodity = "heroin", dimension = "country" }
observed = 1
source = "x"
`
	_, err := targets.Load(fstest.MapFS{"t.toml": {Data: []byte(bad)}}, "t.toml")
	if err == nil {
		t.Fatal("bad targets accepted")
	}
	for _, want := range []string{
		`t.toml: target[0] "a": unknown metric "opiates_seized_kg_kg"`,
		`t.toml: target[0] "a": min 0.5 above max 0.1`,
		`t.toml: target[0] "a": tolerance -1 is negative`,
		`t.toml: target[1] "b": breakdown.commodity "gold"`,
		`t.toml: target[1] "b": breakdown.dimension "colour"`,
		`t.toml: target[1] "b": breakdown.as "tonnes"`,
		`t.toml: target[1] "b": no source`,
		`t.toml: target[1] "b": informative = false needs why`,
		`t.toml: target[2] "c": informative is not set`,
		`t.toml: target[2] "c": breakdown: no key (set key, or keys to sum several)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}

// A targets file goes through the scenario loader's reader: nested 10,000
// deep (after a string that ends in extra quotes), or a directory, it is
// refused before it is decoded; nor is it taken for a targets file.
func TestLoadRefusesWhatTheLoaderRefuses(t *testing.T) {
	deep := "[[target]]\nname = \"\"\"a\"\"\"\"\nx = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"
	fsys := fstest.MapFS{"deep.toml": {Data: []byte(deep)}, "dir.toml": {Mode: fs.ModeDir}}
	for name, want := range map[string]string{
		"deep.toml": "deep.toml:3: arrays and tables nest more than 32 deep (allowed: at most 32)",
		"dir.toml":  "read dir.toml: a directory, not a regular file (allowed: a TOML file)",
	} {
		if _, err := targets.Load(fsys, name); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
	}
	if targets.IsTargetsFile([]byte(deep)) {
		t.Error("a file nested 10,000 deep is taken for a targets file")
	}
}
