package workbench

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/job"
)

// TestOptimiseForm: the budget form fills the Spec of hourglass optimise
// and queues it; a candidates file pasted in is saved in the workspace and
// its problems are said on the form at their lines, as are a budget that is
// not a number and one that buys nothing.
func TestOptimiseForm(t *testing.T) {
	b := newBench(t, "")
	if rec := b.do("GET", "/optimise/new", nil, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "shipped/two-million") {
		t.Fatalf("GET /optimise/new: %d", rec.Code)
	}
	rec := b.post("/optimise", url.Values{"candidates": {"shipped/two-million"}, "budget": {"2000000"}, "n": {"20"}, "seed": {"3"},
		"objective": {"heroin_delivered_kg"}, "procedure": {"kn"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/results/optimise-two-million-") {
		t.Fatalf("optimise: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	<-b.run.started
	name := strings.TrimPrefix(rec.Header().Get("Location"), "/results/")
	spec := b.run.requests()[0]
	want := "hourglass optimise -n 20 --seed 3 --out " + filepath.Join(b.dir, "results", name) + " --budget 2000000/year --candidates two-million --procedure kn"
	if got := strings.Join(spec.CommandLine(), " "); spec.Kind != job.Optimise || got != want {
		t.Errorf("queued %s %q\nwant optimise %q", spec.Kind, got, want)
	}

	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"candidates": {"shipped/two-million"}, "budget": {"lots"}, "n": {"20"}, "seed": {"1"}}, "budget &#34;lots&#34;: want a positive number"},
		{url.Values{"candidates": {"shipped/two-million"}, "budget": {"1000"}, "n": {"20"}, "seed": {"1"}}, "buys nothing: the cheapest candidate"},
		{url.Values{"text": {"[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh2\"]\nassumption = \"x\"\n"}, "saveas": {"my-posts"}, "budget": {"500000"}, "n": {"20"}, "seed": {"1"}},
			"my-posts.toml:3: post[checkpoint].places: unknown place &#34;osh2&#34; (did you mean &#34;osh&#34;?)"},
		{url.Values{"text": {"[[post]]\n"}, "saveas": {"../x"}, "budget": {"500000"}, "n": {"20"}, "seed": {"1"}}, "save as &#34;../x&#34;: want a name"},
	} {
		rec := b.post("/optimise", c.form)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%v: %d, the page does not say %q:\n%s", c.form, rec.Code, c.want, rec.Body.String())
		}
	}
	if rec := b.do("GET", "/optimise/new", nil, nil); !strings.Contains(rec.Body.String(), "mine/my-posts") {
		t.Error("the saved candidates file is not offered")
	}
}
