package sim

import (
	"strings"
	"testing"
)

// TestEveryParamHasANote walks every leaf of Params by reflection: a field
// added to Params without a note in ParamNotes fails here, naming its path.
func TestEveryParamHasANote(t *testing.T) {
	p := DefaultParams()
	notes := ParamNotes()
	leaves := map[string]bool{}
	for _, v := range ParamValues(&p) {
		leaves[v.Path] = true
		n, ok := notes[v.Path]
		if !ok {
			t.Errorf("%s: no note in ParamNotes (add its source or assumption, from docs/MODEL.md)", v.Path)
			continue
		}
		if strings.TrimSpace(n.Source) == "" && strings.TrimSpace(n.Assumption) == "" {
			t.Errorf("%s: note has neither source nor assumption", v.Path)
		}
	}
	for path := range notes {
		if !leaves[path] {
			t.Errorf("%s: note for no parameter of Params", path)
		}
	}
}

func TestParamValuesPaths(t *testing.T) {
	p := DefaultParams()
	got := map[string]any{}
	for _, v := range ParamValues(&p) {
		got[v.Path] = v.Value
	}
	tests := []struct {
		path string
		want any
	}{
		{"days", 365},
		{"interdiction.tip_rate", 0.3},
		{"modes.truck.max_load_kg", 500.0},
		{"modes.swim.months", monthsOf(4, 5, 6, 7, 8, 9)},
		{"adaptation.disruption_days", 30},
	}
	for _, tt := range tests {
		if got[tt.path] != tt.want {
			t.Errorf("%s = %v, want %v", tt.path, got[tt.path], tt.want)
		}
	}
}

// TestDogsAreShieldedLessThanAHandSearch: MODEL.md 3.3.6 says concealment
// shields a load from a dog less than from a hand search. A calibration or
// a sensitivity analysis draws both shields from their plausible ranges on
// their own, so the claim holds in every draw only if the dogs' range lies
// wholly below the hand search's, and the defaults keep the same order.
func TestDogsAreShieldedLessThanAHandSearch(t *testing.T) {
	notes, p := ParamNotes(), DefaultParams().Interdiction
	dog, hand := notes["interdiction.dog_concealment_shield"].Range, notes["interdiction.concealment_shield"].Range
	if dog == [2]float64{} || hand == [2]float64{} {
		t.Fatalf("both shields need a plausible range: dogs %v, hand search %v", dog, hand)
	}
	if dog[1] > hand[0] {
		t.Errorf("the dogs' shield may be drawn up to %g, above the hand search's lowest %g", dog[1], hand[0])
	}
	if p.DogConcealmentShield >= p.ConcealmentShield {
		t.Errorf("default dog shield %g is not below the hand search's %g", p.DogConcealmentShield, p.ConcealmentShield)
	}
}
