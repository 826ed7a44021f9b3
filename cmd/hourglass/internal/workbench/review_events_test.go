package workbench

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestEventsEndWhenTheServerStops: the progress stream of a queued run
// ends when the workbench closes, so that the server's shutdown does not
// wait for the browsers watching it (the run stays queued for the next
// server and the stream had nothing left to wait for).
func TestEventsEndWhenTheServerStops(t *testing.T) {
	b := newBench(t, "")
	b.startRun(t)
	<-b.run.started
	waiting := b.startRun(t)
	srv := httptest.NewServer(b.h)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/results/"+waiting+"/events", nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() || !strings.Contains(lines.Text(), `"queued"`) {
		t.Fatalf("first event %q", lines.Text())
	}
	b.w.Close()
	ended := make(chan struct{})
	go func() {
		for lines.Scan() {
		}
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(3 * time.Second):
		t.Fatal("the stream of a queued run goes on after the workbench closed")
	}
}
