package report_test

import (
	"context"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// experimentRun is a small experiment over shipped scenarios, written to a
// results directory the way the CLI writes it.
type experimentRun struct {
	in  report.Input
	sum *experiment.Summary
}

// writeTables runs experiment e into dir's tables as the CLI does, and puts
// the manifest and summary into in.
func writeTables(t *testing.T, dir string, e *experiment.Experiment, m results.Manifest, in *report.Input) *experiment.Summary {
	t.Helper()
	w, err := results.NewWriter(dir, m, in.Worlds, results.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(res.Summary, m); err != nil {
		t.Fatal(err)
	}
	in.Manifest, in.Summary = m, res.Summary
	return res.Summary
}

// compareRun runs a small comparison of shipped scenarios and writes its
// tables into dir.
func compareRun(t *testing.T, dir string, n int, names ...string) experimentRun {
	t.Helper()
	m := results.Manifest{Kind: "compare", Seed: 1, Replications: n, End: n, Completed: n, Complete: true,
		Started: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	if len(names) == 1 {
		m.Kind = "run"
	}
	e := &experiment.Experiment{Kind: m.Kind, Seed: 1, N: n, Workers: 2}
	in := report.Input{Days: 365}
	for _, name := range names {
		sc, err := scenario.Load(scenarios.FS, name+".toml")
		if err != nil {
			t.Fatal(err)
		}
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs, AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost(), EffectDiscount: sc.EffectDiscount()})
		m.Scenarios = append(m.Scenarios, results.Scenario{Name: sc.Name, AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost()})
		in.Worlds = append(in.Worlds, sc.World)
		in.Descriptions = append(in.Descriptions, sc.Description)
		in.Touched = append(in.Touched, sc.Touched)
	}
	sum := writeTables(t, dir, e, m, &in)
	return experimentRun{in: in, sum: sum}
}

// checkPage parses report.html as strict XML and checks that every image
// and local link it references exists.
func checkPage(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, report.FileName))
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	images := 0
	var links []string
	ids := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("report.html is not well formed: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range el.Attr {
			if a.Name.Local == "id" {
				ids[a.Value] = true
			}
			if (el.Name.Local == "img" && a.Name.Local == "src") || (el.Name.Local == "a" && a.Name.Local == "href") {
				if strings.HasPrefix(a.Value, "#") {
					links = append(links, a.Value[1:])
					continue
				}
				if strings.Contains(a.Value, "://") {
					t.Errorf("%s refers to the network: %s", el.Name.Local, a.Value)
					continue
				}
				if _, err := os.Stat(filepath.Join(dir, a.Value)); err != nil {
					t.Errorf("broken reference %s: %v", a.Value, err)
				}
				if el.Name.Local == "img" {
					images++
				}
			}
		}
	}
	if images == 0 {
		t.Error("report has no images")
	}
	for _, l := range links {
		if !ids[l] {
			t.Errorf("a link to #%s, which no element of the page is", l)
		}
	}
	return string(data)
}

func TestCompareReport(t *testing.T) {
	dir := t.TempDir()
	r := compareRun(t, dir, 30, "baseline", "china-intel-sharing", "sary-tash-post")
	page, err := report.Write(dir, r.in)
	if err != nil {
		t.Fatal(err)
	}
	html := checkPage(t, dir)
	// Sharing with China raises acetic anhydride seizures clearly at 30
	// pairs, after the adjustment for the table's tests.
	want := "china-intel-sharing: "
	if words := strings.Join(page.Summary, " "); !strings.Contains(words, want) || !strings.Contains(words, "acetic anhydride seized") {
		t.Errorf("summary lacks %q; summary: %q", want, page.Summary)
	}
	for _, f := range []string{"figures/cost-effectiveness.svg", "figures/displacement.svg", "figures/map-baseline.svg",
		"figures/map-diff-china-intel-sharing.png", "figures/by-country.svg", "figures/dist-seized.svg"} {
		if !strings.Contains(html, f) {
			t.Errorf("report lacks %s", f)
		}
	}
}

func TestRunReport(t *testing.T) {
	dir := t.TempDir()
	r := compareRun(t, dir, 5, "baseline")
	if _, err := report.Write(dir, r.in); err != nil {
		t.Fatal(err)
	}
	html := checkPage(t, dir)
	if !strings.Contains(html, "of opiates (95% CI") || !strings.Contains(html, "reach Russia, Europe or Xinjiang") {
		t.Error("run report lacks its summary sentence")
	}
}
