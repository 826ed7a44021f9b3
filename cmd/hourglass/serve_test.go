package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hourglass/cmd/hourglass/internal/workbench"
	"hourglass/sim/job"
	"hourglass/sim/results"
)

// lockedBuilder is a strings.Builder that one goroutine writes while
// another reads.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestWorkbenchRunIsTheCLIs: a run the workbench cancels keeps its
// replications and, resumed, gives the files of an uninterrupted
// hourglass compare, byte for byte (all but the manifest and the report,
// which carry times and the command line).
func TestWorkbenchRunIsTheCLIs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs comparisons")
	}
	withFigures(t)
	base := t.TempDir()
	dir := filepath.Join(base, "wb")
	spec := job.Spec{Kind: job.Compare, Out: dir, Scenarios: []string{"baseline", "sary-tash-post"}, N: 8, Seed: 3}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := workbench.Run(ctx, spec, func(done, total int) {
		if done >= 6 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("a cancelled run returned no error")
	}
	m, err := results.ReadManifest(dir)
	if err != nil || m.Complete || m.Completed >= 8 {
		t.Fatalf("after cancel: complete %v, %d replications, %v", m.Complete, m.Completed, err)
	}
	spec.Resume = true
	if err := workbench.Run(context.Background(), spec, func(int, int) {}); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if m, err = results.ReadManifest(dir); err != nil || !m.Complete || m.Completed != 8 {
		t.Fatalf("after resume: complete %v, %d replications, %v", m.Complete, m.Completed, err)
	}
	cli := filepath.Join(base, "cli")
	hourglass(t, "compare", "-n", "8", "--seed", "3", "--quiet", "--out", cli, "baseline", "sary-tash-post")
	sameResults(t, dir, cli)
}

// TestWorkbenchSweepIsTheCLIs: a sweep the workbench runs writes the files
// of hourglass sweep with the same flags.
func TestWorkbenchSweepIsTheCLIs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sweeps")
	}
	withFigures(t)
	base := t.TempDir()
	dir := filepath.Join(base, "wb")
	spec := job.Spec{Kind: job.Sweep, Out: dir, Scenarios: []string{"baseline"}, N: 3, Seed: 2,
		Design: job.Design{Vary: []job.Vary{{Key: "drivers.professionalization", From: 0, To: 1, Steps: 3}}}}
	if err := workbench.Run(context.Background(), spec, func(int, int) {}); err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(base, "cli")
	hourglass(t, "sweep", "-n", "3", "--seed", "2", "--quiet", "--out", cli, "--vary", "drivers.professionalization=0:1:3", "baseline")
	sameResults(t, dir, cli)
	if m, err := results.ReadManifest(dir); err != nil || m.Kind != "sweep" || len(m.Scenarios) != 3 {
		t.Errorf("manifest: %+v, %v", m, err)
	}
}

// sameResults checks that two results directories hold the same files, byte
// for byte, all but the manifest and the report (times, the command line).
func sameResults(t *testing.T, got, want string) {
	t.Helper()
	files := func(d string) map[string]string {
		out := map[string]string{}
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				rel, _ := filepath.Rel(d, p)
				switch rel {
				case results.ManifestFile, "report.html", results.LockFile:
				default:
					out[rel] = mustRead(t, p)
				}
			}
			return nil
		})
		return out
	}
	g, w := files(got), files(want)
	if len(g) != len(w) || len(w) < 10 {
		t.Errorf("%d files from the workbench, %d from the CLI", len(g), len(w))
	}
	for name, data := range w {
		if g[name] != data {
			t.Errorf("%s differs from the CLI's", name)
		}
	}
}

// TestServeCommand starts hourglass serve on a port of its choosing on
// every interface: it prints the address with a generated token, refuses a
// request without it, serves one with it, and stops on SIGINT.
func TestServeCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("listens on a port")
	}
	pr, pw := io.Pipe()
	var stderr lockedBuilder
	done := make(chan int, 1)
	go func() {
		done <- realMain([]string{"serve", "--addr", "0.0.0.0:0", "--dir", filepath.Join(t.TempDir(), "ws")}, pw, &stderr)
		pw.Close()
	}()
	stopped := false
	stop := func() int {
		stopped = true
		select {
		case code := <-done: // it ended by itself: no signal, which would end the test binary
			return code
		default:
		}
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		select {
		case code := <-done:
			return code
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop on SIGINT")
		}
		return -1
	}
	defer func() {
		if !stopped {
			stop()
		}
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (%s)", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`open http://[^/]+:(\d+)/\?token=([0-9a-f]{32}) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("printed %q", line)
	}
	base := "http://127.0.0.1:" + m[1] + "/"
	get := func(header string) int {
		req, _ := http.NewRequest("GET", base, nil)
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(""); code != http.StatusUnauthorized {
		t.Errorf("no token: %d", code)
	}
	if code := get("Bearer " + m[2]); code != http.StatusOK {
		t.Errorf("with the token: %d", code)
	}
	if !strings.Contains(stderr.String(), m[2]) {
		t.Errorf("the token is not said on stderr: %q", stderr.String())
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d: %s", code, stderr.String())
	}
}
