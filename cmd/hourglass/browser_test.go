package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// chromiumArgs are the flags that run Debian's Chromium headless here: no
// sandbox (root), and none of its background network traffic.
var chromiumArgs = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"}

// TestReportInChromium opens report.html of the default comparison (every
// shipped intervention) in headless Chromium at 1,400×900 and checks that
// the page renders, every image loads, the summary sentence is there and
// the ranked decision table fits the first screen; it keeps screenshots
// of the first screen and of the page in the test's artifact directory
// (go test -artifacts).
// Without Chromium it skips, unless HOURGLASS_BROWSER_TEST=require (CI).
func TestReportInChromium(t *testing.T) {
	bin := chromium(t)
	withFigures(t)
	dir := filepath.Join(t.TempDir(), "res")
	hourglass(t, append([]string{"compare", "-n", "10", "--quiet", "--out", dir, "baseline"}, shippedInterventions...)...)
	page, err := filepath.Abs(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(extra ...string) []byte { return runChromium(t, bin, page, extra...) }
	dom := string(run("--window-size=1400,900", "--dump-dom"))
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
	d := regexp.MustCompile(`data-decision="(-?\d+) (-?\d+)"`).FindStringSubmatch(dom)
	if d == nil {
		t.Fatal("no decision table on the rendered page")
	}
	if top, bottom := atoi(t, d[1]), atoi(t, d[2]); top < 0 || bottom > 900 || bottom <= top {
		t.Errorf("the decision table spans %d to %d px: it must lie within the first screen (900 px)", top, bottom)
	}
	if rows := strings.Count(dom, "<tr data-ranks="); rows != len(shippedInterventions) {
		t.Errorf("the decision table has %d rows, want one per alternative (%d)", rows, len(shippedInterventions))
	}
	first := filepath.Join(t.ArtifactDir(), "report-first-screen.png")
	run("--window-size=1400,900", "--screenshot="+first)
	if st, err := os.Stat(first); err != nil || st.Size() < 10_000 {
		t.Errorf("no screenshot of the first screen: %v", err)
	}
	shot := filepath.Join(t.ArtifactDir(), "report.png")
	run("--window-size=1400,2400", "--screenshot="+shot)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no screenshot of the page: %v", err)
	}
	t.Logf("screenshot: %s", shot)
}

// shippedInterventions are the policy interventions of the default
// comparison (the Makefile's INTERVENTIONS).
var shippedInterventions = []string{"sosnovka-post", "sary-tash-post", "kz-scanners", "anti-corruption",
	"china-intel-sharing", "russian-border-guards", "mobile-units-afghanistan", "informant-program"}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
