package report

import (
	"testing"

	"hourglass/sim"
	"hourglass/sim/scenario"
)

func TestTouchedPlacesListsEffectiveTraits(t *testing.T) {
	touched := [][]scenario.Touched{nil, {{
		Place: "jalalabad", Name: "Jalalabad", Country: "KG", Interventions: []string{"checkpoint@jalalabad"},
		Before:   sim.Traits{RaidRate: 0.01},
		After:    sim.Traits{RaidRate: 0.01, InspectionRate: 0.25, Corruption: 0.65, Staff: 12},
		Defaults: "post_default KG checkpoint",
	}}}
	got := touchedPlaces([]string{"baseline", "jalalabad-post"}, touched)
	if len(got) != 1 || got[0].Scenario != "jalalabad-post" || got[0].Defaults == "" {
		t.Fatalf("touchedPlaces = %+v", got)
	}
	want := map[string]TraitChange{
		"inspection_rate": {Trait: "inspection_rate", Before: "0", After: "0.25", Changed: true},
		"corruption":      {Trait: "corruption", Before: "0", After: "0.65", Changed: true},
		"staff":           {Trait: "staff", Before: "0", After: "12", Changed: true},
		"raid_rate":       {Trait: "raid_rate", Before: "0.01", After: "0.01", Changed: false},
	}
	if len(got[0].Traits) != len(want) {
		t.Errorf("traits = %+v, want only the %d set before or after", got[0].Traits, len(want))
	}
	for _, tc := range got[0].Traits {
		if w, ok := want[tc.Trait]; !ok || w != tc {
			t.Errorf("trait %+v, want %+v", tc, w)
		}
	}
}
