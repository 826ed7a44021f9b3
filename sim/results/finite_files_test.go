package results_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/sensitivity"
)

// TestSensitivityRefusesNonFinite: a sensitivity analysis with an index
// that is not finite writes no file and says which index. Before, the CSV
// was written with "+Inf" and the JSON then failed ("unsupported value"),
// leaving half the files.
func TestSensitivityRefusesNonFinite(t *testing.T) {
	iv := func(x float64) sensitivity.Interval { return sensitivity.Interval{Value: x, Lo: x, Hi: x} }
	morris := func(x float64) *sensitivity.MorrisResult {
		return &sensitivity.MorrisResult{MuStar: [][]sensitivity.Interval{{iv(x)}}, Sigma: [][]float64{{1}}}
	}
	for _, tt := range []struct {
		name string
		x    float64
		want string // "" for no error
	}{
		{"finite", 1, ""},
		{"an index is +Inf", math.Inf(1), `scenario "tiny": morris mu_star of p for opiates_seized_kg is +Inf`},
		{"an index is NaN", math.NaN(), `scenario "tiny": morris mu_star of p for opiates_seized_kg is NaN`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := results.WriteSensitivity(dir, "tiny", []string{"p"}, []string{"opiates_seized_kg"}, morris(tt.x), nil)
			var nf *experiment.NonFiniteError
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("%v, want no error", err)
			case tt.want != "" && (err == nil || !errors.As(err, &nf) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("%v, want a *NonFiniteError saying %q", err, tt.want)
			}
			for _, f := range []string{results.SensitivityCSVFile, results.SensitivityJSONFile} {
				_, serr := os.Stat(filepath.Join(dir, f))
				if written := serr == nil; written != (tt.want == "") {
					t.Errorf("%s written: %v", f, written)
				}
			}
		})
	}
}
