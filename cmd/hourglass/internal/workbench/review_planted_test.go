//go:build unix

package workbench

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/results"
)

// TestPlantedManifestCannotSteerResume: a results directory received from
// elsewhere (no record of the workbench's: a comparison from the command
// line) whose manifest names, as a scenario, a flag (--cpuprofile=FILE) or a
// file outside the workspace's scenarios is not resumed: the page says why
// and the runner is never asked. Before, Resume built the run from the
// manifest's arguments as they were, so a flag was parsed as one (and
// overwrote FILE) and a path loaded a scenario from anywhere.
func TestPlantedManifestCannotSteerResume(t *testing.T) {
	b := newBench(t, "")
	outside := t.TempDir()
	evil := filepath.Join(outside, "evil.toml")
	os.WriteFile(evil, []byte("name = \"evil\"\nextends = \"baseline\"\n"), 0o644)
	os.MkdirAll(filepath.Join(outside, "scenarios"), 0o755)
	os.WriteFile(filepath.Join(outside, "scenarios", "evil.toml"), []byte("name = \"evil\"\nextends = \"baseline\"\n"), 0o644)
	profile := filepath.Join(outside, "profile")
	for i, arg := range []string{
		"--cpuprofile=" + profile,
		"-memprofile=" + profile,
		evil,
		"../../" + filepath.Base(outside) + "/evil.toml",
		filepath.Join(b.dir, "scenarios", "..", "..", "evil.toml"),
		filepath.Join(outside, "scenarios", "evil.toml"), // a scenarios/ elsewhere: only this workspace's file of that name, and there is none
		"network", // shipped, but not a scenario
	} {
		name := "planted-" + string(rune('a'+i))
		dir := filepath.Join(b.dir, "results", name)
		os.MkdirAll(dir, 0o755)
		m := results.Manifest{Program: "hourglass", Kind: "compare", Seed: 5, Replications: 10, End: 10, Completed: 3,
			Scenarios: []results.Scenario{{Name: "baseline", Arg: "baseline"}, {Name: "x", Arg: arg}}}
		if err := results.WriteManifest(dir, m); err != nil {
			t.Fatal(err)
		}
		rec := b.post("/results/"+name+"/resume", url.Values{})
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "cannot be resumed here") {
			t.Errorf("%q: resume answered %d, want 409 saying it cannot be resumed here:\n%s", arg, rec.Code, rec.Body.String())
		}
	}
	time.Sleep(50 * time.Millisecond) // a queued run would have started by now
	if got := b.run.requests(); len(got) > 0 {
		t.Errorf("the runner was asked for %+v", got)
	}
	if _, err := os.Stat(profile); err == nil {
		t.Errorf("%s was written", profile)
	}
}

// TestPlantedRecordIsRefused: a run's record (in .workbench/runs) that
// names a scenario outside the workspace, or a flag, is not run by a
// restarted server: it fails with the reason, and the runner is never
// asked.
func TestPlantedRecordIsRefused(t *testing.T) {
	b := newBench(t, "")
	b.w.Close()
	outside := filepath.Join(t.TempDir(), "evil.toml")
	os.WriteFile(outside, []byte("name = \"evil\"\nextends = \"baseline\"\n"), 0o644)
	os.MkdirAll(filepath.Join(b.dir, ".workbench", "runs"), 0o755)
	for name, arg := range map[string]string{"rec-a": outside, "rec-b": "--cpuprofile=" + outside} {
		record := `{"name": "` + name + `", "request": {"kind": "compare", "scenarios": ["baseline", "` + arg + `"], "n": 4, "seed": 5}, "state": "queued"}`
		os.WriteFile(filepath.Join(b.dir, ".workbench", "runs", name+".json"), []byte(record), 0o644)
	}
	f := newFakeRunner()
	w, err := New(Config{Dir: b.dir, Shipped: scenarios.FS, Runner: f.run})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.queue.add("rec-c", job.Spec{Kind: job.Optimise, Optimise: &job.OptimiseSpec{Candidates: outside}})
	// an ensemble file other than the shipped one or a workspace
	// calibration's, and a calibration's targets or --from, are refused too
	csv := filepath.Join(filepath.Dir(outside), "results", "cal", job.EnsembleFile)
	os.MkdirAll(filepath.Dir(csv), 0o755)
	os.WriteFile(csv, scenarios.Ensemble, 0o644)
	w.queue.add("rec-d", job.Spec{Kind: job.Compare, Scenarios: []string{"baseline", "kz-scanners"}, Ensemble: outside})
	w.queue.add("rec-e", job.Spec{Kind: job.Compare, Scenarios: []string{"baseline", "kz-scanners"}, Ensemble: csv}) // no calibration "cal" here
	w.queue.add("rec-f", job.Spec{Kind: job.Calibrate, Calibration: job.Calibration{Targets: outside}})
	w.queue.add("rec-g", job.Spec{Kind: job.Calibrate, Calibration: job.Calibration{From: filepath.Dir(outside)}})
	for _, name := range []string{"rec-a", "rec-b", "rec-c", "rec-d", "rec-e", "rec-f", "rec-g"} {
		waitState(t, w, name, failed)
		if s, _ := w.queue.status(name); !strings.Contains(s.Error, "the workbench runs only the") {
			t.Errorf("%s: error %q", name, s.Error)
		}
	}
	if got := f.requests(); len(got) > 0 {
		t.Errorf("the runner was asked for %+v", got)
	}
}

// TestPlantedLinksInAResultsDirectory: a received results directory whose
// lock file and log are symbolic links to a file of the user's: resuming it
// (the real runner) fails, and the file is untouched. Before, taking the
// lock truncated the file the link pointed to, and so did the log's
// truncation to its last whole record.
func TestPlantedLinksInAResultsDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	w, err := New(Config{Dir: dir, Shipped: scenarios.FS, Runner: Run})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	precious := filepath.Join(t.TempDir(), "precious")
	os.WriteFile(precious, []byte("keep me\n"), 0o644)
	for i, link := range []string{results.LockFile, results.LogFile} {
		name := "linked-" + string(rune('a'+i))
		rd := filepath.Join(dir, "results", name)
		os.MkdirAll(rd, 0o755)
		m := results.Manifest{Program: "hourglass", Kind: "compare", Seed: 5, Replications: 4, End: 4, Completed: 1,
			Scenarios: []results.Scenario{{Name: "baseline", Arg: "baseline"}, {Name: "sosnovka-post", Arg: "sosnovka-post"}}}
		if err := results.WriteManifest(rd, m); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(precious, filepath.Join(rd, link)); err != nil {
			t.Fatal(err)
		}
		w.queue.add(name, job.Spec{Kind: job.Compare, Scenarios: []string{"baseline", "sosnovka-post"}, N: 4, Seed: 5, Out: rd, Resume: true})
		waitState(t, w, name, failed)
	}
	if data, _ := os.ReadFile(precious); string(data) != "keep me\n" {
		t.Errorf("the file a planted link points to now holds %q", data)
	}
}

// TestUnfinishableRunIsNotOffered: a directory whose manifest says the run
// can never be finished (results.Manifest.Failed: a value that is not
// finite) is shown as failed with the reason, and Resume is not offered
// (before, it was "incomplete (resumable)", and every resume failed the
// same way).
func TestUnfinishableRunIsNotOffered(t *testing.T) {
	b := newBench(t, "")
	name := "compare-x"
	dir := filepath.Join(b.dir, "results", name)
	os.MkdirAll(dir, 0o755)
	m := results.Manifest{Program: "hourglass", Kind: "compare", Seed: 5, Replications: 10, End: 10, Completed: 3,
		Failed:    `replication 3: scenario "x": metric bribes_usd is +Inf`,
		Scenarios: []results.Scenario{{Name: "baseline", Arg: "baseline"}, {Name: "sosnovka-post", Arg: "sosnovka-post"}}}
	if err := results.WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	ri, _ := b.w.info(name)
	if ri.Status != failed || ri.Resumable() || !strings.Contains(ri.Error, "bribes_usd is +Inf") {
		t.Errorf("status %q, resumable %v, error %q; want failed with the reason, not resumable", ri.Status, ri.Resumable(), ri.Error)
	}
	if rec := b.post("/results/"+name+"/resume", url.Values{}); rec.Code != http.StatusConflict {
		t.Errorf("resume: %d, want 409", rec.Code)
	}
}
