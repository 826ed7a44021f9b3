package scenario_test

import (
	"slices"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

// The keys OverrideKeys lists are ones a sweep can set on the baseline: with
// ID as *, the override must reach a known value (range errors are fine: the
// value 1 is not valid everywhere). Loading takes ~0.1 s, so a sample of the
// keys (every sixth, and the named ones) is tried.
func TestOverrideKeysAreSettable(t *testing.T) {
	t.Parallel()
	keys := scenario.OverrideKeys()
	named := []string{"params.interdiction.tip_rate", "place[ID].traits.inspection_rate", "group[ID].professionalization",
		"segment[ID].km", "lab[ID].northern_share", "drivers.professionalization", "params.modes.air.max_load_kg"}
	for _, want := range named {
		if !slices.Contains(keys, want) {
			t.Errorf("OverrideKeys lacks %s", want)
		}
	}
	for i, k := range keys {
		if i%6 != 0 && !slices.Contains(named, k) {
			continue
		}
		o := scenario.Override{Path: strings.ReplaceAll(k, "[ID]", "[*]"), Value: 1}
		_, err := scenario.LoadWith(scenarios.FS, scenarios.Baseline, o)
		if err != nil && (strings.Contains(err.Error(), "unknown key") || strings.Contains(err.Error(), "no ") && strings.Contains(err.Error(), "has id")) {
			t.Errorf("%s: %v", k, err)
		}
	}
}
