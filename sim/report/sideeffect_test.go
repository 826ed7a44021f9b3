package report_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
)

// change is a paired change over n pairs with its 95% CI.
func change(n int, mean, sd, relative float64) *experiment.Diff {
	h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975) * sd / math.Sqrt(float64(n))
	return &experiment.Diff{N: n, Mean: mean, SD: sd, Lo: mean - h, Hi: mean + h, Relative: relative, ExcludesZero: mean-h > 0 || mean+h < 0}
}

// TestSideEffectInRowAndWords: an alternative that keeps heroin from the
// markets while bribes rise clearly (issue 22: kz-scanners, +$315,000 a
// year, +729%) shows the rise as a side effect under its name in the
// decision table, in its plain words, in the answer on the first screen,
// and in the rows the console prints; a rise clear only in its own test is
// not a side effect but a hatched cell.
func TestSideEffectInRowAndWords(t *testing.T) {
	const n = 200
	sum := &experiment.Summary{Kind: "compare", Replications: n, Complete: true}
	for i, name := range []string{"baseline", "kz-scanners"} {
		ss := experiment.ScenarioSummary{Name: name, EffectDiscount: 1, Metrics: make(experiment.MetricSummaries, experiment.NumMetrics)}
		for m := range ss.Metrics {
			ss.Metrics[m].Stats = experiment.Stats{N: n, Mean: 1000}
			if i > 0 {
				ss.Metrics[m].VsBaseline = change(n, 0, 10, 0)
			}
		}
		if i > 0 {
			cost := 592000.0
			ss.ExtraRunCostUSD = &cost
			ss.Metrics[experiment.HeroinDelivered].VsBaseline = change(n, -2808, 1900, -0.19)
			ss.Metrics[experiment.Bribes].VsBaseline = change(n, 315000, 250000, 7.29)
			// t = 2.2 alone (p ≈ 0.03): clear in its own test, not after Holm
			ss.Metrics[experiment.TipsLeaked].VsBaseline = change(n, 2.2*10/math.Sqrt(n), 10, 0.05)
		}
		sum.Scenarios = append(sum.Scenarios, ss)
	}
	dir := t.TempDir()
	in := report.Input{Manifest: results.Manifest{Kind: "compare", Seed: 1, Replications: n, Completed: n, End: n, Complete: true,
		Started: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, Summary: sum, Days: 365, NoFigures: true}
	page, err := report.Write(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	const want = "bribes +$315,000 a year (+729%)"
	row := page.Decision.Rows[0]
	if row.Name != "kz-scanners" || row.Rank != "1" || len(row.SideEffects) != 1 || row.SideEffects[0] != want {
		t.Errorf("decision row %s, rank %s, side effects %q; want rank 1 with %q", row.Name, row.Rank, row.SideEffects, want)
	}
	if words := strings.Join(page.Summary, " "); !strings.Contains(words, "Side effects: "+want+".") {
		t.Errorf("the plain words do not say the side effect %q: %q", want, page.Summary)
	}
	if len(page.Answer) != 3 || !strings.HasPrefix(page.Answer[0], "kz-scanners ") || page.Answer[1] != "Its side effects: "+want+"." {
		t.Errorf("the answer does not name the top choice's side effect: %q", page.Answer)
	}
	rows := report.Rows(sum, experiment.DefaultObjective, 365)
	if len(rows) != 1 || rows[0].Rank != 1 || len(rows[0].SideEffects) != 1 || rows[0].SideEffects[0] != want {
		t.Errorf("console rows %+v: want rank 1 with %q", rows, want)
	}
	for i, c := range page.Decision.Columns {
		if c.Metric == experiment.HeroinDelivered.String() && row.Cells[i].Class != "better" {
			t.Errorf("heroin delivered: %+v, want better", row.Cells[i])
		}
	}
	for _, r := range page.Others.Rows {
		if r.Label == "Tips leaked to the group" && (r.Cells[0].Class != "chance" || !strings.Contains(r.Cells[0].Chance, "not after Holm")) {
			t.Errorf("tips leaked, clear alone only: %+v", r.Cells[0])
		}
	}
	for _, s := range row.SideEffects {
		if strings.Contains(s, "tips") {
			t.Errorf("a change clear only in its own test is a side effect: %s", s)
		}
	}
}

// TestEveryMetricWithADirectionHasAPlainName: a side effect can be any
// metric with a better direction, and the answer on the report's first
// screen names it in plain words ("investigations halted", not
// investigations_halted).
func TestEveryMetricWithADirectionHasAPlainName(t *testing.T) {
	for m := range experiment.Metric(experiment.NumMetrics) {
		if m.Info().Good == experiment.Neutral {
			continue
		}
		if name := report.PlainName(m); strings.Contains(name, "_") || name == "" {
			t.Errorf("%s: plain name %q", m, name)
		}
	}
}
