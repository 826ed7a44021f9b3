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

// TestStudyAndSensitivityRefuseNonFinite: a study or sensitivity analysis
// with a value that is not finite writes no file and says which value;
// the values that stand for "none" (a study's rate per money where nothing
// was spent) may still be NaN. Before, study.csv was written with "NaN"
// and the JSON then failed ("unsupported value"), leaving half the files.
func TestStudyAndSensitivityRefuseNonFinite(t *testing.T) {
	rate := func(mean float64) experiment.CostRate {
		return experiment.CostRate{Program: "informant-program", Metric: experiment.OpiatesSeized,
			Diff: experiment.Diff{N: 2, Mean: mean, Lo: -1, Hi: 1, Relative: math.NaN()}, ExtraCostUSD: math.NaN(),
			PerUnit: experiment.Interval{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}}
	}
	study := func(mean float64) *results.Study {
		return &results.Study{Name: "intelligence", Base: "baseline", Levels: []results.StudyLevel{{Level: 0.5, Rates: []experiment.CostRate{rate(mean)}}}}
	}
	iv := func(x float64) sensitivity.Interval { return sensitivity.Interval{Value: x, Lo: x, Hi: x} }
	morris := func(x float64) *sensitivity.MorrisResult {
		return &sensitivity.MorrisResult{MuStar: [][]sensitivity.Interval{{iv(x)}}, Sigma: [][]float64{{1}}}
	}
	for _, tt := range []struct {
		name  string
		write func(dir string) error
		want  string // "" for no error
		files []string
	}{
		{"study, none is NaN", func(dir string) error { return results.WriteStudy(dir, study(1)) }, "", []string{results.StudyFile, results.StudyJSON}},
		{"study, a difference is NaN", func(dir string) error { return results.WriteStudy(dir, study(math.NaN())) },
			`scenario "baseline": level 0.5: informant-program: opiates_seized_kg diff_mean is NaN`, []string{results.StudyFile, results.StudyJSON}},
		{"sensitivity", func(dir string) error {
			return results.WriteSensitivity(dir, "tiny", []string{"p"}, []string{"opiates_seized_kg"}, morris(1), nil)
		}, "", []string{results.SensitivityCSVFile, results.SensitivityJSONFile}},
		{"sensitivity, an index is +Inf", func(dir string) error {
			return results.WriteSensitivity(dir, "tiny", []string{"p"}, []string{"opiates_seized_kg"}, morris(math.Inf(1)), nil)
		}, `scenario "tiny": morris mu_star of p for opiates_seized_kg is +Inf`, []string{results.SensitivityCSVFile, results.SensitivityJSONFile}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := tt.write(dir)
			var nf *experiment.NonFiniteError
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("%v, want no error", err)
			case tt.want != "" && (err == nil || !errors.As(err, &nf) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("%v, want a *NonFiniteError saying %q", err, tt.want)
			}
			for _, f := range tt.files {
				_, serr := os.Stat(filepath.Join(dir, f))
				if written := serr == nil; written != (tt.want == "") {
					t.Errorf("%s written: %v", f, written)
				}
			}
		})
	}
}
