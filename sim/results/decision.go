package results

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// More file names in a results directory (comparisons only).
const (
	// DecisionFile is the decision table: every alternative's paired change
	// in every outcome of experiment.DecisionOutcomes, with the cost per
	// unit of gain and its interval, ranked by the manifest's objective.
	DecisionFile = "decision.csv"
	// SegmentChangesFile is the paired change of each segment's flow,
	// opiates and precursor apart, with its 95% CI: what the difference
	// maps draw.
	SegmentChangesFile = "segment_changes.csv"
)

// decisionRows is decision.csv: one row per alternative and outcome, the
// alternatives in the order of the decision table (ranked by the
// manifest's objective, else experiment.DefaultObjective; the unranked
// after the ranked). The columns after dominant were added later, at the
// end, so older readers still read theirs: the cell's raw and
// Holm-adjusted p-values and its clearness after the adjustment; whether
// the alternative is ranked, and its paired test against the next ranked
// alternative; its side effects (metric names, space-separated).
func decisionRows(sum *experiment.Summary, objective experiment.Metric) [][]string {
	rows := [][]string{{"rank", "scenario", "outcome", "unit", "better", "diff_mean", "diff_ci_low", "diff_ci_high",
		"relative_change", "clear", "extra_run_cost_usd", "cost_per_unit_usd", "cost_ci_low", "cost_ci_high", "dominant",
		"p_value", "p_adjusted", "clear_adjusted", "ranked", "next_scenario", "next_p_value", "next_p_adjusted", "distinct_from_next",
		"side_effects"}}
	for i, a := range experiment.Decide(sum, objective) {
		next := []string{"", "", "", ""}
		if t := a.Next; t != nil {
			next = []string{t.Next, "", "", strconv.FormatBool(t.Distinct)}
			if t.Key != "cost" {
				next[1], next[2] = num(t.P), num(t.PAdjusted)
			}
		}
		var side []string
		for _, e := range a.SideEffects {
			side = append(side, e.Metric.String())
		}
		for _, e := range a.Effects {
			info := e.Metric.Info()
			better := "more"
			if info.Good == experiment.Down {
				better = "less"
			}
			rel := ""
			if e.Diff.Relative == e.Diff.Relative { // not NaN
				rel = num(e.Diff.Relative)
			}
			cost, lo, hi := "", "", ""
			if c := e.CostPerUnit; c != nil {
				cost, lo, hi = num(c.Mean), num(c.Lo), num(c.Hi)
			}
			row := []string{strconv.Itoa(i + 1), a.Name, e.Metric.String(), info.Unit.String(), better,
				num(e.Diff.Mean), num(e.Diff.Lo), num(e.Diff.Hi), rel, strconv.FormatBool(e.RawClear),
				num(a.ExtraCostUSD), cost, lo, hi, strconv.FormatBool(e.Dominant),
				num(e.P), num(e.PAdjusted), strconv.FormatBool(e.Clear), strconv.FormatBool(a.Ranked)}
			row = append(row, next...)
			rows = append(rows, append(row, strings.Join(side, " ")))
		}
	}
	return rows
}

// segmentChangeRows is segment_changes.csv: per alternative, segment and
// class (opiates, precursor), the baseline's mean kg over the segment (both
// directions) and the paired change with its 95% CI.
func segmentChangeRows(sum *experiment.Summary, worlds []*sim.World) [][]string {
	rows := [][]string{{"scenario", "class", "from", "to", "baseline_kg", "diff_mean", "diff_ci_low", "diff_ci_high", "clear"}}
	for si := 1; si < len(sum.Scenarios); si++ {
		sc := &sum.Scenarios[si]
		for _, d := range sc.SegmentDiffs {
			class := "opiates"
			if d.Precursor {
				class = "precursor"
			}
			from, to := experiment.Ends(worlds[sc.Baseline], d.Segment, 0)
			rows = append(rows, []string{sc.Name, class, from, to, num(d.BaseKg), num(d.Diff.Mean), num(d.Diff.Lo), num(d.Diff.Hi),
				strconv.FormatBool(d.Diff.ExcludesZero)})
		}
	}
	return rows
}

// writeDecision writes decision.csv (across.csv and across_ratios.csv
// for a comparison across a design) and segment_changes.csv of a
// comparison (nothing for a run or a sweep).
func writeDecision(dir string, m *Manifest, sum *experiment.Summary, worlds []*sim.World) error {
	if sum.Kind != "compare" || len(sum.Scenarios) < 2 {
		return nil
	}
	if len(m.DesignKeys) > 0 {
		if err := writeAcross(dir, m, sum); err != nil {
			return err
		}
		return writeCSV(filepath.Join(dir, SegmentChangesFile), withDesignColumns(m, segmentChangeRows(sum, worlds), 1))
	}
	objective := experiment.DefaultObjective
	if m.Objective != "" {
		o, err := experiment.ParseMetric(m.Objective)
		if err != nil {
			return fmt.Errorf("manifest objective: %w", err)
		}
		objective = o
	}
	if err := writeCSV(filepath.Join(dir, DecisionFile), decisionRows(sum, objective)); err != nil {
		return err
	}
	return writeCSV(filepath.Join(dir, SegmentChangesFile), segmentChangeRows(sum, worlds))
}
