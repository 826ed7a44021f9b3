package workbench

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/job"
	"hourglass/sim/results"
)

// TestEnsembleAndCalibrationForms: the comparison form runs across the
// shipped ensemble, the calibration form queues a calibration, both as
// the command line would run them; a bad choice is refused with the form;
// and a complete ensemble comparison's page says which choice is robust
// and where the answer flips, above its report.
func TestEnsembleAndCalibrationForms(t *testing.T) {
	b := newBench(t, "")
	form := url.Values{"baseline": {"shipped/baseline"}, "alt": {"shipped/sary-tash-post", "shipped/kz-scanners"}, "n": {"20"}, "seed": {"1"}, "ensemble": {"shipped"}}
	if rec := b.post("/runs", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("across the ensemble: %d %s", rec.Code, rec.Body.String())
	}
	<-b.run.started
	if got := strings.Join(b.run.requests()[0].CommandLine(), " "); !strings.Contains(got, "--ensemble ensemble.csv") {
		t.Errorf("args %q", got)
	}
	close(b.run.release)
	form.Set("ensemble", "results/../x")
	if rec := b.post("/runs", form); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "not an ensemble of the workspace") {
		t.Errorf("a bad ensemble: %d", rec.Code)
	}
	rec := b.post("/runs", url.Values{"kind": {"calibrate"}, "waves": {"3"}, "runs": {"50"}, "cal-n": {"8"}, "cal-seed": {"5"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("calibrate: %d %s", rec.Code, rec.Body.String())
	}
	<-b.run.started
	spec := b.run.requests()[1]
	if spec.Kind != job.Calibrate || spec.Calibration.Waves != 3 || spec.Calibration.Runs != 50 || spec.N != 8 || spec.Seed != 5 {
		t.Errorf("calibration spec %+v", spec)
	}
	if rec := b.post("/runs", url.Values{"kind": {"calibrate"}, "waves": {"0"}, "runs": {"50"}, "cal-n": {"8"}, "cal-seed": {"5"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("0 waves: %d", rec.Code)
	}

	// a complete ensemble comparison's page
	dir := filepath.Join(b.dir, "results", "ens")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, job.EnsembleJSON), []byte(`{"in_words": "kz-scanners is robust: best in 47 of the 50 members.", "discoveries": [{"question": "When does sosnovka-post beat kz-scanners?", "sentence": "sosnovka-post beats kz-scanners when x is below 0.4."}]}`), 0o644)
	if err := results.WriteManifest(dir, results.Manifest{Kind: job.EnsembleKind, Complete: true}); err != nil {
		t.Fatal(err)
	}
	page := b.do(http.MethodGet, "/results/ens", nil, nil).Body.String()
	for _, want := range []string{"kz-scanners is robust", "When does sosnovka-post beat kz-scanners? sosnovka-post beats kz-scanners when x is below 0.4."} {
		if !strings.Contains(page, want) {
			t.Errorf("the result page lacks %q", want)
		}
	}
}
