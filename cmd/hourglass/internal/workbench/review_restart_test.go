package workbench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/job"
)

// TestServerStopBeforeTheManifestRequeues: a run the server stopped before
// it wrote anything is run again by the next server, not left as an empty
// directory that cannot be resumed.
func TestServerStopBeforeTheManifestRequeues(t *testing.T) {
	b := newBench(t, "")
	name := b.startRun(t)
	<-b.run.started
	b.w.Close() // the server stops during the run; the runner wrote no manifest
	f := newFakeRunner()
	w2, err := New(Config{Dir: b.dir, Shipped: scenarios.FS, Runner: f.run})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	select {
	case <-f.started:
	case <-time.After(5 * time.Second):
		ri, _ := w2.info(name)
		t.Fatalf("after a restart the run is %q (resumable %v), and it is not run again", ri.Status, ri.Resumable())
	}
	if got := f.requests()[0]; got.Resume || got.Out != filepath.Join(b.dir, "results", name) {
		t.Errorf("run again as %+v", got)
	}
}

// TestRestartRunsInTheWorkspace: a queued run a restarted server finds is
// run into its directory of this workspace, whatever directory its record
// names (a workspace moved or copied, or a record edited by hand).
func TestRestartRunsInTheWorkspace(t *testing.T) {
	b := newBench(t, "")
	b.w.Close()
	name := "compare-baseline-20260101-000000"
	elsewhere := filepath.Join(t.TempDir(), "old-workspace", "results", name)
	record := `{"name": "` + name + `", "request": {"dir": "` + elsewhere + `", "scenarios": ["baseline", "sary-tash-post"], "n": 4, "seed": 5}, "state": "queued"}`
	if err := os.MkdirAll(filepath.Join(b.dir, ".workbench", "runs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, ".workbench", "runs", name+".json"), []byte(record), 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFakeRunner()
	w, err := New(Config{Dir: b.dir, Shipped: scenarios.FS, Runner: f.run})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	<-f.started
	if got, want := f.requests()[0].Out, filepath.Join(b.dir, "results", name); got != want {
		t.Errorf("the restarted run writes into %s, want %s", got, want)
	}
}

// TestRunThatFinishesAsTheServerStops: a run whose runner returns without
// error is finished, even when the server stopped as it returned (it was
// recorded as cancelled by the server, an error beside a complete run).
func TestRunThatFinishesAsTheServerStops(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	started := make(chan struct{}, 1)
	w, err := New(Config{Dir: dir, Shipped: scenarios.FS, Runner: func(ctx context.Context, spec job.Spec, progress func(done, total int)) error {
		started <- struct{}{}
		<-ctx.Done()
		return nil // it wrote its last replication and its report
	}})
	if err != nil {
		t.Fatal(err)
	}
	w.queue.add("r1", job.Spec{Kind: job.Compare, Out: filepath.Join(dir, "results", "r1"), Scenarios: []string{"baseline", "sary-tash-post"}, N: 2})
	<-started
	w.Close()
	data, err := os.ReadFile(filepath.Join(dir, ".workbench", "runs", "r1.json"))
	if err != nil || !strings.Contains(string(data), `"state": "finished"`) || strings.Contains(string(data), "stopped") {
		t.Errorf("record %s, %v; want finished, no error", data, err)
	}
}
