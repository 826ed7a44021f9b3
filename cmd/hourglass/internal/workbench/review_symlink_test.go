package workbench

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSymlinksOutOfTheWorkspace: a link in the workspace to a file or a
// directory outside it serves nothing of it.
func TestSymlinksOutOfTheWorkspace(t *testing.T) {
	b := newBench(t, "")
	b.fakeResults("r1")
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.toml"), []byte("name = \"TOPSECRET\"\n"), 0o644)
	os.Symlink(filepath.Join(outside, "secret.toml"), filepath.Join(b.dir, "results", "r1", "leak.html"))
	os.Symlink(outside, filepath.Join(b.dir, "results", "r1", "out"))
	os.Symlink(outside, filepath.Join(b.dir, "results", "out"))
	os.Symlink(filepath.Join(outside, "secret.toml"), filepath.Join(b.dir, "scenarios", "leak.toml"))
	for _, target := range []string{"/results/r1/files/leak.html", "/results/r1/files/out/secret.toml", "/results/out/files/secret.toml",
		"/report/" + b.w.reportMAC("out") + "/out/secret.toml", "/report/" + b.w.reportMAC("r1") + "/r1/leak.html",
		"/scenarios/mine/leak", "/edit/mine/leak", "/scenarios/mine/leak/map.svg", "/scenarios", "/results", "/results/r1"} {
		rec := b.do("GET", target, nil, nil)
		if strings.Contains(rec.Body.String(), "TOPSECRET") {
			t.Errorf("GET %s: %d shows a file outside the workspace", target, rec.Code)
		}
		if rec.Code == http.StatusInternalServerError {
			t.Errorf("GET %s: %d", target, rec.Code)
		}
	}
}
