//go:build unix

package job

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/results"
)

// TestOutThroughALink: a results directory given through a symbolic link
// (--out LINK) is resolved once, at the start: the run completes into the
// directory the link names, its files verify, and --resume through the
// link finds it complete. A link to nothing is refused before any work.
// Before, the run failed after all its work ("read LINK/.: is a directory":
// the walk that lists the files does not follow a linked root) and could
// never be finished through the link.
func TestOutThroughALink(t *testing.T) {
	tmp := t.TempDir()
	real, link := filepath.Join(tmp, "real"), filepath.Join(tmp, "link")
	os.Mkdir(real, 0o755)
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	spec := Spec{Kind: Run, Scenarios: []string{"../testdata/tiny.toml"}, N: 2, Seed: 1, Workers: 1, Out: link}
	run := func(spec Spec) (*Result, error) {
		j, err := Prepare(spec)
		if err != nil {
			return nil, err
		}
		return j.Run(context.Background(), Options{NoFigures: true})
	}
	res, err := run(spec)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dir != real {
		t.Errorf("results in %s, want %s (the link resolved)", res.Dir, real)
	}
	if m, err := results.ReadManifest(real); err != nil || !m.Complete || results.Verify(real, m) != nil {
		t.Errorf("the linked directory: complete %v, %v, verify %v", m.Complete, err, results.Verify(real, m))
	}
	spec.Resume = true
	if res, err = run(spec); err != nil || !res.AlreadyComplete {
		t.Errorf("--resume through the link: %v, complete already %v", err, res != nil && res.AlreadyComplete)
	}
	dangling := filepath.Join(tmp, "dangling")
	os.Symlink(filepath.Join(tmp, "nothing"), dangling)
	spec.Out, spec.Resume = dangling, false
	if _, err := Prepare(spec); err == nil || !strings.Contains(err.Error(), dangling) {
		t.Errorf("a link to nothing: %v, want refused naming it", err)
	}
}
