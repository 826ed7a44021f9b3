package workbench

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunOfALongScenarioNameOpens: the results directory of a run of a
// scenario with a long name is one the workbench lists and opens.
func TestRunOfALongScenarioNameOpens(t *testing.T) {
	b := newBench(t, "")
	for _, n := range []int{41, 43, 50, 64} {
		name := strings.Repeat("a", n-1) + "z"
		if n == 50 {
			name = "abcdef-" + strings.Repeat("b", 43)
		}
		if err := os.WriteFile(filepath.Join(b.dir, "scenarios", name+".toml"), []byte("name = \""+name+"\"\nextends = \"baseline.toml\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []url.Values{
			{"baseline": {"mine/" + name}, "alt": {"shipped/sary-tash-post"}, "n": {"4"}, "seed": {"7"}, "allow-different-worlds": {"1"}},
			{"kind": {"sweep"}, "sweep-scenario": {"mine/" + name}, "design": {"lhs"}, "lhs": {"2"}, "sweep-n": {"4"}, "sweep-seed": {"7"}},
		} {
			rec := b.post("/runs", kind)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("start: %d %s", rec.Code, rec.Body.String())
			}
			dir := strings.TrimPrefix(rec.Header().Get("Location"), "/results/")
			if !validName(dir) {
				t.Errorf("scenario of %d characters: results directory %q is not a name the workbench opens", n, dir)
			}
			b.post("/results/"+dir+"/cancel", url.Values{})
		}
	}
}
