package report_test

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
)

// TestWriteStudySaysWhichBuysMore builds a study by hand: at the low level A
// buys clearly more opiates per dollar than B, at the high level B is ahead
// but the intervals overlap. The plain words must say so, with the figures.
func TestWriteStudySaysWhichBuysMore(t *testing.T) {
	rate := func(prog string, m experiment.Metric, per, mean, lo, hi float64) experiment.CostRate {
		d := experiment.Diff{N: 50, Mean: mean * 500_000 / per, Lo: lo * 500_000 / per, Hi: hi * 500_000 / per}
		d.ExcludesZero = d.Lo > 0 || d.Hi < 0
		return experiment.CostRate{Program: prog, Metric: m, Diff: d, ExtraCostUSD: 500_000, Per: per, PerUnit: experiment.PerDollar(d, 500_000, per)}
	}
	s := &results.Study{Name: "intelligence", Driver: "drivers.professionalization", Base: "baseline", Programs: []string{"A", "B"}, Seed: 1, N: 50,
		Levels: []results.StudyLevel{
			{Level: 0, Rates: []experiment.CostRate{
				rate("A", experiment.OpiatesSeized, 1000, 2, 1.5, 2.5), rate("B", experiment.OpiatesSeized, 1000, 0.5, 0, 1)}},
			{Level: 1, Rates: []experiment.CostRate{
				rate("A", experiment.OpiatesSeized, 1000, 1, 0.5, 1.5), rate("B", experiment.OpiatesSeized, 1000, 1.2, 0.8, 1.6)}},
		}}
	dir := t.TempDir()
	if err := report.WriteStudy(dir, report.Study{Study: s, Title: "study", Question: "which?", DriverLabel: "professionalization",
		Charted: []experiment.Metric{experiment.OpiatesSeized}, Files: []string{results.StudyFile}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, report.FileName))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		"At the lowest professionalization studied (0), opiates seized, kg per USD 1,000: A 2 (95% CI 1.5 to 2.5); B 0.5 (95% CI 0 to 1). Here A buys more per dollar, and the intervals do not overlap.",
		"At the highest professionalization studied (1), opiates seized, kg per USD 1,000: A 1 (95% CI 0.5 to 1.5); B 1.2 (95% CI 0.8 to 1.6). Here B comes out ahead, but the intervals overlap",
		"figures/study-opiates_seized_kg.svg",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(page))
	dec.Strict, dec.Entity = true, xml.HTMLEntity
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("report.html is not well-formed: %v", err)
		}
	}
}
