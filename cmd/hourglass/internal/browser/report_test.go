package browser

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/job"
	"hourglass/sim/report"
)

// chromiumArgs are the flags that run Debian's Chromium headless here: no
// sandbox (root), and none of its background network traffic.
var chromiumArgs = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"}

// TestReportInChromium opens report.html of the default comparison (every
// shipped intervention) at 100 replications in headless Chromium at
// 1,400×900 and checks that the page renders, every image loads, the plain
// words are there, and the first screen holds the answer, which names the
// top choice and its side effects as decision.csv lists them, or says it
// has none (issue 22), and the ranked
// decision table; it keeps screenshots of the first screen and of the page
// in the test's artifact directory (go test -artifacts).
// Without Chromium it skips, unless HOURGLASS_BROWSER_TEST=require (CI).
func TestReportInChromium(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	dir := filepath.Join(t.TempDir(), "res")
	shipped := shippedInterventions(t)
	compare(t, dir, 100, append([]string{"baseline"}, shipped...)...)
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
	if !regexp.MustCompile(`russian-border-guards: [^<]*heroin reaching the final markets`).MatchString(dom) {
		t.Error("the plain words are missing from the rendered page")
	}
	d := regexp.MustCompile(`data-decision="(-?\d+) (-?\d+)"`).FindStringSubmatch(dom)
	if d == nil {
		t.Fatal("no decision table on the rendered page")
	}
	if top, bottom := atoi(t, d[1]), atoi(t, d[2]); top < 0 || bottom > 900 || bottom <= top {
		t.Errorf("the decision table spans %d to %d px: it must lie within the first screen (900 px)", top, bottom)
	}
	if rows := strings.Count(dom, "<tr data-order="); rows != len(shipped) {
		t.Errorf("the decision table has %d rows, want one per alternative (%d)", rows, len(shipped))
	}
	// the answer, on the first screen, names the top choice and its side
	// effects as decision.csv lists them
	a := regexp.MustCompile(`data-answer="(-?\d+) (-?\d+)"`).FindStringSubmatch(dom)
	if a == nil {
		t.Fatal("no answer on the rendered page")
	}
	if top, bottom := atoi(t, a[1]), atoi(t, a[2]); top < 0 || bottom > 900 {
		t.Errorf("the answer spans %d to %d px: it must lie within the first screen (900 px)", top, bottom)
	}
	answer := regexp.MustCompile(`(?s)<p id="answer" class="answer">(.*?)</p>`).FindStringSubmatch(dom)
	topName, side := topChoice(t, dir)
	if answer == nil || !strings.HasPrefix(strings.TrimSpace(stripTags(answer[1])), "Answer. "+topName+" ") {
		t.Fatalf("the answer does not lead with the top choice %s: %v", topName, answer)
	}
	words := stripTags(answer[1])
	if len(side) == 0 && !strings.Contains(words, "It has no clear side effect") {
		t.Errorf("decision.csv lists no side effect of the top choice %s, and the answer does not say so: %s", topName, words)
	}
	for _, metric := range side {
		mt, err := experiment.ParseMetric(metric)
		if err != nil {
			t.Fatal(err)
		}
		if whole, ok := report.PartOf(mt); ok && slices.Contains(side, whole.String()) {
			mt = whole // said within the whole ("bribes", not "ad-hoc bribes")
		}
		if w := report.PlainName(mt); !strings.Contains(words, "side effects: ") || !strings.Contains(words, w) {
			t.Errorf("the answer does not name %s's side effect %s (%q): %s", topName, metric, w, words)
		}
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
// comparison: the Makefile's INTERVENTIONS, which make run compares.
func shippedInterventions(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\\\n", " "), "\n") {
		if rest, ok := strings.CutPrefix(line, "INTERVENTIONS = "); ok && len(strings.Fields(rest)) > 0 {
			return strings.Fields(rest)
		}
	}
	t.Fatal("the Makefile sets no INTERVENTIONS")
	return nil
}

// compare runs hourglass compare -n n (seed 1) of the scenarios into dir,
// figures drawn, as the command line does (package job).
func compare(t *testing.T, dir string, n int, scenarios ...string) {
	t.Helper()
	j, err := job.Prepare(job.Spec{Kind: job.Compare, Out: dir, Scenarios: scenarios, N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Run(context.Background(), job.Options{}); err != nil {
		t.Fatal(err)
	}
}

// topChoice reads decision.csv: the rank-1 alternative, if ranked, and its
// side effects (metric names).
func topChoice(t *testing.T, dir string) (string, []string) {
	t.Helper()
	rows := readTable(t, dir, "decision.csv")
	if len(rows) < 2 {
		t.Fatalf("%s: decision.csv has %d rows", dir, len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	r := rows[1]
	if r[col["ranked"]] != "true" {
		t.Fatalf("%s: no alternative is ranked", dir)
	}
	return r[col["scenario"]], strings.Fields(r[col["side_effects"]])
}

// readTable reads a CSV file of a results directory.
func readTable(t *testing.T, dir, file string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return rows
}

// stripTags is the text of an HTML fragment (tags dropped, entities of the
// dumped DOM left).
func stripTags(s string) string {
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "")), " ")
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
