package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromiumArgs are the flags that run Debian's Chromium headless here: no
// sandbox (root), and none of its background network traffic.
var chromiumArgs = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"}

// chromiumOrSkip returns the path of Debian's chromium, or skips the test
// without it, unless HOURGLASS_BROWSER_TEST=require (CI), which fails it.
// exec.LookPath stats the path, so go test's cache knows when Chromium
// appears and runs the test again.
func chromiumOrSkip(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("HOURGLASS_BROWSER_TEST") == "require" {
			t.Fatal("chromium not found, and HOURGLASS_BROWSER_TEST=require: run scripts/install-chromium.sh")
		}
		t.Skip("chromium not installed: run scripts/install-chromium.sh to run the browser test (CI does)")
	}
	return bin
}

// TestReportInChromium opens report.html in headless Chromium and checks that
// the page renders, every image loads and the summary sentence is there; it
// keeps a screenshot in the test's artifact directory (go test -artifacts).
// Without Chromium it skips, unless HOURGLASS_BROWSER_TEST=require (CI).
func TestReportInChromium(t *testing.T) {
	bin := chromiumOrSkip(t)
	dir := filepath.Join(t.TempDir(), "res")
	hourglass(t, "compare", "-n", "10", "--quiet", "--out", dir, "baseline", "russian-border-guards", "sary-tash-post")
	page, err := filepath.Abs(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(extra ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		args := append(append(append([]string{}, chromiumArgs...), "--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000"), extra...)
		cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
		}
		return out
	}
	dom := string(run("--dump-dom"))
	m := regexp.MustCompile(`data-images="(\d+)/(\d+)"`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the page's script did not run (no data-images count)")
	}
	if m[1] != m[2] || m[2] == "0" {
		t.Errorf("%s of %s images loaded", m[1], m[2])
	}
	if !strings.Contains(dom, "raises opiate seizures in Tajikistan by") {
		t.Error("the summary sentence is missing from the rendered page")
	}
	shot := filepath.Join(t.ArtifactDir(), "report.png")
	run("--window-size=1280,2400", "--screenshot="+shot)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no screenshot of the page: %v", err)
	}
	t.Logf("screenshot: %s", shot)
}
