package report_test

import (
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/report"
)

// The decision table leads the page and judges a precursor policy by its
// precursor outcomes: china-intel-sharing's rise in acetic anhydride seized
// is clear at 20 replications (+250% in the baseline world), so it gets a
// cost per kg with its interval, in the table and in words.
func TestDecisionTableLeads(t *testing.T) {
	dir := t.TempDir()
	r := compareRun(t, dir, 20, "baseline", "sary-tash-post", "china-intel-sharing")
	page, err := report.Write(dir, r.in)
	if err != nil {
		t.Fatal(err)
	}
	html := checkPage(t, dir)
	table := strings.Index(html, `<table id="decision-table">`)
	if table < 0 {
		t.Fatal("no decision table")
	}
	for _, later := range []string{`<h2 id="summary">`, "<img", `<table id="metrics">`} {
		if i := strings.Index(html, later); i < table {
			t.Errorf("%s comes before the decision table", later)
		}
	}
	d := page.Decision
	if d == nil || len(d.Rows) != 2 || d.Objective != "heroin_delivered_kg" {
		t.Fatalf("decision table %+v", d)
	}
	col := -1
	for i, c := range d.Columns {
		if c.Metric == "precursor_seized_kg" {
			col = i
		}
	}
	var china *report.DecisionRow
	for i := range d.Rows {
		if d.Rows[i].Name == "china-intel-sharing" {
			china = &d.Rows[i]
		}
	}
	if col < 0 || china == nil {
		t.Fatalf("no precursor column (%d) or no china-intel-sharing row", col)
	}
	if c := china.Cells[col]; c.Class != "better" || !strings.HasSuffix(c.Cost, " per kg") || !strings.Contains(c.CostCI, " to $") {
		t.Errorf("china-intel-sharing's acetic anhydride seized: %+v", c)
	}
	if words := strings.Join(page.Summary, " "); !strings.Contains(words, "acetic anhydride seized +") || !strings.Contains(words, "per extra kg seized") {
		t.Errorf("the summary does not say the precursor effect and its cost: %q", page.Summary)
	}
	if !strings.Contains(html, `<span class="ci">no clear effect</span>`) {
		t.Error("no cell of the decision table is marked \"no clear effect\" (sary-tash-post has no clear effect at 20 pairs)")
	}
	if strings.Contains(html, "buys no clear increase in total seizures") {
		t.Error("a precursor policy is still judged by opiate seizures")
	}
	if !strings.HasPrefix(page.Summary[0], "Ranked by cost per kg of heroin kept from the final markets") &&
		!strings.HasPrefix(page.Summary[0], "No alternative clearly improves heroin reaching the final markets") {
		t.Errorf("the summary does not lead with the ranking: %q", page.Summary[0])
	}
	apart := false
	for i, row := range d.Rows {
		want := strconv.Itoa(i + 1)
		if apart || row.Rank == "–" {
			want, apart = "–", true
		}
		if row.Rank != want || len(strings.Fields(row.Ranks)) != len(d.Objectives) {
			t.Errorf("row %d: rank %s, ranks %q; want rank %s (the unranked after the ranked)", i, row.Rank, row.Ranks, want)
		}
		// the test against the next under every objective the menu offers,
		// the run's the one shown first
		vs := strings.Split(row.VsAll, "|")
		for k, o := range d.Objectives {
			if o.Selected && (len(vs) != len(d.Objectives) || vs[k] != row.VsNext) {
				t.Errorf("row %d: tests against the next %q, want one per objective with %q for %s", i, row.VsAll, row.VsNext, o.Metric)
			}
		}
	}
	o := page.Others
	if o == nil || len(o.Alternatives) != 2 || o.Alternatives[0] != d.Rows[0].Name {
		t.Fatalf("other outcomes %+v: want the alternatives in the decision table's order", o)
	}
	labels := map[string]bool{}
	for _, r := range o.Rows {
		labels[r.Label] = true
		if len(r.Cells) != 2 {
			t.Errorf("%s: %d cells", r.Label, len(r.Cells))
		}
	}
	for _, want := range []string{"Heroin price in TJ", "Tips from informants", "Groups dissolved", "Bribes, extortion and fees paid"} {
		if !labels[want] || !strings.Contains(html, ">"+want+"<") {
			t.Errorf("the other outcomes lack %q", want)
		}
	}
}
