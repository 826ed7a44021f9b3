package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"hourglass/sim/experiment"
	"hourglass/sim/sensitivity"
)

// Sensitivity files in a results directory.
const (
	SensitivityCSVFile  = "sensitivity.csv"
	SensitivityJSONFile = "sensitivity.json"
)

// WriteSensitivity writes the indices of a sensitivity analysis of scenario
// to dir: sensitivity.csv (method, output, parameter, index, value, ci_low,
// ci_high) and sensitivity.json. morris or sobol may be nil. An index that
// is not finite (a *experiment.NonFiniteError naming the method, output,
// parameter and index) writes neither file.
func WriteSensitivity(dir, scenario string, params, outputs []string, morris *sensitivity.MorrisResult, sobol *sensitivity.SobolResult) error {
	bad := func(method, out, p, index string, xs ...float64) error {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("sensitivity: %w", &experiment.NonFiniteError{Scenario: scenario, What: fmt.Sprintf("%s %s of %s for %s", method, index, p, out), Value: x})
			}
		}
		return nil
	}
	for o, out := range outputs {
		for i, p := range params {
			var err error
			if morris != nil {
				iv := morris.MuStar[o][i]
				err = errors.Join(bad("morris", out, p, "mu_star", iv.Value, iv.Lo, iv.Hi), bad("morris", out, p, "sigma", morris.Sigma[o][i]))
			}
			if sobol != nil && err == nil {
				s1, st := sobol.S1[o][i], sobol.ST[o][i]
				err = errors.Join(bad("sobol", out, p, "S1", s1.Value, s1.Lo, s1.Hi), bad("sobol", out, p, "ST", st.Value, st.Lo, st.Hi))
			}
			if err != nil {
				return err
			}
		}
	}
	rows := [][]string{{"method", "output", "parameter", "index", "value", "ci_low", "ci_high"}}
	type entry struct {
		Method    string               `json:"method"`
		Output    string               `json:"output"`
		Parameter string               `json:"parameter"`
		Index     string               `json:"index"`
		Estimate  sensitivity.Interval `json:"estimate"`
		Sigma     *float64             `json:"sigma,omitempty"`
	}
	var entries []entry
	for o, out := range outputs {
		for i, p := range params {
			if morris != nil {
				iv := morris.MuStar[o][i]
				sg := morris.Sigma[o][i]
				rows = append(rows, []string{"morris", out, p, "mu_star", num(iv.Value), num(iv.Lo), num(iv.Hi)},
					[]string{"morris", out, p, "sigma", num(sg), "", ""})
				entries = append(entries, entry{"morris", out, p, "mu_star", iv, &sg})
			}
			if sobol != nil {
				for _, x := range []struct {
					name string
					iv   sensitivity.Interval
				}{{"S1", sobol.S1[o][i]}, {"ST", sobol.ST[o][i]}} {
					rows = append(rows, []string{"sobol", out, p, x.name, num(x.iv.Value), num(x.iv.Lo), num(x.iv.Hi)})
					entries = append(entries, entry{"sobol", out, p, x.name, x.iv, nil})
				}
			}
		}
	}
	if err := writeCSV(filepath.Join(dir, SensitivityCSVFile), rows); err != nil {
		return err
	}
	data, err := json.MarshalIndent(map[string]any{"scenario": scenario, "parameters": params, "indices": entries}, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, SensitivityJSONFile), append(data, '\n'))
}
