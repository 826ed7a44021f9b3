package workbench

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCancelQueuedResumeKeepsItResumable: cancelling a resume that has not
// started leaves the run as it was, resumable with its own flags (a sweep's
// --vary included).
func TestCancelQueuedResumeKeepsItResumable(t *testing.T) {
	b := newBench(t, "")
	// a sweep the workbench ran, cancelled, with an incomplete manifest
	rec := b.post("/runs", url.Values{"kind": {"sweep"}, "sweep-scenario": {"shipped/baseline"}, "vary-0-key": {"drivers.professionalization"},
		"vary-0-from": {"0"}, "vary-0-to": {"1"}, "vary-0-steps": {"2"}, "sweep-n": {"4"}, "sweep-seed": {"7"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("start: %d %s", rec.Code, rec.Body.String())
	}
	name := strings.TrimPrefix(rec.Header().Get("Location"), "/results/")
	<-b.run.started
	os.WriteFile(filepath.Join(b.dir, "results", name, "manifest.json"), []byte(`{"kind": "sweep", "replications": 4, "seed": 7}`), 0o644)
	b.post("/results/"+name+"/cancel", url.Values{})
	waitState(t, b.w, name, cancelled)
	// another run keeps the queue busy, so the resume waits
	other := b.startRun(t)
	<-b.run.started
	if rec := b.post("/results/"+name+"/resume", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("resume: %d %s", rec.Code, rec.Body.String())
	}
	if rec := b.post("/results/"+name+"/cancel", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("cancel the queued resume: %d %s", rec.Code, rec.Body.String())
	}
	ri, _ := b.w.info(name)
	if !ri.Resumable() || ri.Spec == nil || len(ri.Spec.Design.Vary) != 1 {
		t.Errorf("after cancelling the queued resume: %s, resumable %v, request %+v", ri.Status, ri.Resumable(), ri.Spec)
	}
	b.post("/results/"+other+"/cancel", url.Values{})
}

func waitState(t *testing.T, w *Workbench, name, state string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, _ := w.queue.status(name)
		if s.State == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %+v, want %s", name, s, state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
