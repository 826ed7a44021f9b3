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
