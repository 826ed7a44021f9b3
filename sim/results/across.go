package results

import (
	"math"
	"path/filepath"
	"strconv"

	"hourglass/sim/experiment"
)

// The files of a comparison across a design (compare --across), in place
// of decision.csv.
const (
	// AcrossFile is, per level and alternative, its paired change against
	// the baseline at the same level in every outcome of
	// experiment.DecisionOutcomes, with its raw and Holm-adjusted
	// p-values and its cost per unit of a clear gain.
	AcrossFile = "across.csv"
	// AcrossRatiosFile is, per level, the first alternative's gain over
	// each other's in every decision outcome, with Fieller's 95% interval.
	AcrossRatiosFile = "across_ratios.csv"
)

// acrossRows is across.csv: one row per alternative (at its level) and
// outcome, the design's columns after the scenario's name.
func acrossRows(sum *experiment.Summary, ac *experiment.Across) [][]string {
	rows := [][]string{{"scenario", "alternative", "baseline", "outcome", "unit", "better", "diff_mean", "diff_ci_low", "diff_ci_high",
		"relative_change", "p_value", "p_adjusted", "clear_adjusted", "extra_run_cost_usd", "cost_per_unit_usd", "cost_ci_low", "cost_ci_high"}}
	for l, lv := range ac.Levels {
		for a, s := range lv.Alternatives {
			cost := ""
			if c := sum.Scenarios[s].ExtraRunCostUSD; c != nil {
				cost = num(*c)
			}
			for _, e := range ac.Effects[l][a] {
				info := e.Metric.Info()
				better := "more"
				if info.Good == experiment.Down {
					better = "less"
				}
				per, lo, hi := "", "", ""
				if c := e.CostPerUnit; c != nil {
					per, lo, hi = num(c.Mean), num(c.Lo), num(c.Hi)
				}
				rows = append(rows, []string{sum.Scenarios[s].Name, ac.Names[s], sum.Scenarios[lv.Baseline].Name, e.Metric.String(),
					info.Unit.String(), better, num(e.Diff.Mean), num(e.Diff.Lo), num(e.Diff.Hi), optNum(e.Diff.Relative),
					num(e.P), num(e.PAdjusted), strconv.FormatBool(e.Clear), cost, per, lo, hi})
			}
		}
	}
	return rows
}

// ratioRows is across_ratios.csv: one row per level, other alternative and
// outcome; an interval that is not bounded has empty ends.
func ratioRows(sum *experiment.Summary, ac *experiment.Across) [][]string {
	rows := [][]string{{"scenario", "of", "over", "outcome", "per_dollar", "n", "ratio", "ci_low", "ci_high", "bounded"}}
	for l := range ac.Levels {
		for _, row := range ac.Ratios[l] {
			for _, r := range row {
				lo, hi := "", ""
				if r.Bounded {
					lo, hi = num(r.Lo), num(r.Hi)
				}
				rows = append(rows, []string{sum.Scenarios[r.Of].Name, ac.Names[r.Of], ac.Names[r.Over], r.Metric.String(),
					strconv.FormatBool(r.PerDollar), strconv.Itoa(r.N), optNum(r.Estimate), lo, hi, strconv.FormatBool(r.Bounded)})
			}
		}
	}
	return rows
}

// writeAcross writes across.csv and across_ratios.csv.
func writeAcross(dir string, m *Manifest, sum *experiment.Summary) error {
	ac := experiment.AcrossOf(sum)
	if err := writeCSV(filepath.Join(dir, AcrossFile), withDesignColumns(m, acrossRows(sum, ac), 1)); err != nil {
		return err
	}
	return writeCSV(filepath.Join(dir, AcrossRatiosFile), withDesignColumns(m, ratioRows(sum, ac), 1))
}

// optNum is num, or "" for NaN (no number: a ratio over no change).
func optNum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return num(x)
}
