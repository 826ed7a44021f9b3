package job

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSafeName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"baseline", "baseline"},
		{"kz-scanners[k=0.5]", "kz-scanners-k-0.5"},
		{"../../x", "x"},
		{"/etc/passwd", "etc-passwd"},
		{"a/../b", "a-b"},
		{".hidden", "hidden"},
		{"héllo wörld", "h-llo-w-rld"},
		{"", "scenario"},
		{"../..", "scenario"},
		{strings.Repeat("a", 100), strings.Repeat("a", maxNameInDir)},
	} {
		if got := safeName(tt.in); got != tt.want {
			t.Errorf("safeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestScenarioNameCannotSteerTheDirectory: a scenario named "../../x" run
// without --out writes into results/x-<time> under the working directory,
// not two levels above it (results/../../x-<time>, as before).
func TestScenarioNameCannotSteerTheDirectory(t *testing.T) {
	tmp := t.TempDir()
	tiny, err := os.ReadFile("../testdata/tiny.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tmp, "tiny.toml"), tiny, 0o644)
	esc := filepath.Join(tmp, "esc.toml")
	os.WriteFile(esc, []byte("name = \"../../x\"\nextends = \"tiny.toml\"\n"), 0o644)
	work := filepath.Join(tmp, "a", "b")
	os.MkdirAll(work, 0o755)
	t.Chdir(work)
	j, err := Prepare(Spec{Kind: Run, Scenarios: []string{esc}, N: 1, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := j.Run(context.Background(), Options{NoFigures: true})
	if err != nil {
		t.Fatal(err)
	}
	if dir := filepath.Dir(res.Dir); dir != "results" || !strings.HasPrefix(filepath.Base(res.Dir), "x-") {
		t.Errorf("results in %s, want results/x-<time>", res.Dir)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "x-*")); len(m) > 0 {
		t.Errorf("written above the working directory: %v", m)
	}
}
