package results_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// A summary value that is not finite fails the run before any summary file
// is written, naming the scenario and the value; the manifest says why, and
// the directory cannot be resumed (resuming would compute it again).
func TestNonFiniteSummary(t *testing.T) {
	summaryFiles := []string{results.SegmentFlowsFile, results.BreakdownFile, results.EffortsFile, results.MobileFile,
		results.MonthlyFile, results.DecisionFile, results.SegmentChangesFile, results.SummaryJSONFile, results.SummaryCSVFile}
	for _, tt := range []struct {
		name   string
		poison func(*experiment.Summary)
		want   string
	}{
		{"a metric's mean", func(s *experiment.Summary) {
			s.Scenarios[1].Metrics[experiment.OpiatesSeized].Mean = math.NaN()
		}, `scenario "sary-tash-post": metric opiates_seized_kg: mean is NaN`},
		{"a paired difference", func(s *experiment.Summary) {
			s.Scenarios[1].Metrics[experiment.HeroinDelivered].VsBaseline.Hi = math.Inf(1)
		}, `scenario "sary-tash-post": metric heroin_delivered_kg: diff_ci_high is +Inf`},
		{"a flow", func(s *experiment.Summary) { s.Scenarios[0].Flows[0].Lo = math.Inf(-1) }, `scenario "baseline": `},
		{"a month", func(s *experiment.Summary) { s.Scenarios[0].Monthly[3].Mean = math.NaN() }, `scenario "baseline": monthly `},
		{"a cost", func(s *experiment.Summary) { s.Scenarios[1].RunCostUSD = math.Inf(1) }, `scenario "sary-tash-post": run_cost_usd is +Inf`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			e, m, worlds := comparison(t, experiment.Shard{})
			w, err := results.NewWriter(dir, m, worlds, results.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.Run(context.Background(), w)
			if err != nil {
				t.Fatal(err)
			}
			tt.poison(res.Summary)
			m.Complete, m.Completed = true, res.Completed
			err = w.Finish(res.Summary, m)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "fix the input") {
				t.Fatalf("Finish: %v\nwant an error with %q, saying to fix the input", err, tt.want)
			}
			var nf *experiment.NonFiniteError
			if !errors.Is(err, results.ErrUnfinishable) || !errors.As(err, &nf) {
				t.Errorf("Finish: %v is not ErrUnfinishable with a *NonFiniteError", err)
			}
			for _, f := range summaryFiles {
				if _, err := os.Stat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was written (%v)", f, err)
				}
			}
			// The manifest says what happened, in words a reader of the file
			// finds, and not complete; a caller that then writes the
			// manifest of an interrupted run does not erase it.
			if err := w.Interrupted(m); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(dir, results.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			var raw map[string]any
			if err := json.Unmarshal(data, &raw); err != nil {
				t.Fatal(err)
			}
			if failed, _ := raw["failed"].(string); raw["complete"] != false || !strings.Contains(failed, tt.want) {
				t.Errorf("manifest: complete %v, failed %q", raw["complete"], failed)
			}
			// --resume opens the log: refused, with what to do.
			if _, err := results.OpenLog(dir, 2); err == nil || !strings.Contains(err.Error(), "fix the input and run the experiment again") {
				t.Errorf("the log of a run that cannot be finished opens for resuming: %v", err)
			}
			back, err := results.ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := results.Verify(dir, back); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}
