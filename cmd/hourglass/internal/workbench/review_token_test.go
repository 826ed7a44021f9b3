package workbench

import (
	"net/http"
	"strings"
	"testing"
)

// TestNoRouteWithoutToken: behind a token, no address (traversals and
// encodings included) answers with content without it, but a report's
// signed address.
func TestNoRouteWithoutToken(t *testing.T) {
	b := newBench(t, "secret")
	b.fakeResults("r1")
	for _, target := range []string{"/", "/static/app.js", "/static/", "/results", "/results/r1", "/results/r1/events",
		"/results/r1/files/report.html", "/scenarios", "/scenarios/shipped/baseline", "/scenarios/shipped/baseline/map.svg",
		"/new", "/runs/new", "/side?a=r1&b=r1", "/edit/shipped/baseline",
		"/report/../results/r1", "/report/x/../../results/r1/files/report.html", "/report%2F..%2Fresults/r1",
		"/report/%2e%2e/results/r1", "/report/" + strings.Repeat("0", 32) + "/r1/report.html",
		"/report/x/r1/report.html", "/report//results/r1", "//report/../results/r1"} {
		rec := b.do("GET", target, nil, nil)
		if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), "<h1>r1</h1>") {
			t.Errorf("GET %s without the token: %d %.200s", target, rec.Code, rec.Body.String())
		}
	}
}
