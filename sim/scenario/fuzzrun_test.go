package scenario_test

import (
	"testing"

	"hourglass/sim"
	"hourglass/sim/scenario"
)

// FuzzLoadAndRun loads a scenario extending the shipped baseline with fuzzed
// text and, when it loads, runs one replication of at most 30 days: whatever
// the text, loading either refuses it or gives a scenario that runs, and
// nothing panics. The seeds run as a normal test (keep them few and fast);
// go test -fuzz=FuzzLoadAndRun ./sim/scenario explores further.
func FuzzLoadAndRun(f *testing.F) {
	for _, seed := range []string{
		"",
		"[[place]]\nid = \"sosnovka\"\ntraits = { inspection_rate = 0.4, staff = 3 }\n",
		"[[group]]\nid = \"osh-forwarders\"\ncount = 3\ncouriers = 2\nmax_load_kg = 0\n",
		"[[segment]]\nfrom = \"osh\"\nto = \"sary-tash\"\nkm = 1e-300\nhours = 1e300\n",
		"[params.modes.car]\nmax_load_kg = 1e300\n",
		"[[place]]\nid = \"osh\"\nlat = nan\n",
		"[[intervention]]\ntype = \"scanner\"\nplace = \"sosnovka\"\ncapital_usd = -1\n",
		"[[event]]\ndate = \"2005-02\"\nset = { \"params.interdiction.tip_rate\" = 0.9 }\n",
		"x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fsys := withShipped(map[string]string{"fuzz.toml": "extends = \"baseline.toml\"\n" + text})
		sc, err := scenario.Load(fsys, "fuzz.toml")
		if err != nil {
			return
		}
		epochs := sc.Epochs
		if len(epochs) == 0 {
			epochs = []sim.Epoch{{From: sc.Params.Start, World: sc.World, Params: &sc.Params}}
		}
		for _, e := range epochs {
			e.Params.Days = min(e.Params.Days, 30)
		}
		if _, err := sim.RunEpochs(epochs, 1, 0); err != nil {
			t.Errorf("a scenario that loads fails to run: %v", err)
		}
	})
}
