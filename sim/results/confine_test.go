package results_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// A planted manifest cannot make Verify (so merge and --resume) read a file
// outside its directory: an absolute path, a .. element or a symbolic link
// that leaves the directory is refused, even when the file outside matches
// what the manifest says of it.
func TestPlantedManifest(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	secret := []byte("not a file of the results directory\n")
	if err := os.WriteFile(filepath.Join(outside, "secret"), secret, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(secret)
	entry := func(path string) results.DataFile {
		return results.DataFile{Path: path, Bytes: int64(len(secret)), SHA256: hex.EncodeToString(sum[:])}
	}
	dir := filepath.Join(base, "shard")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m, _, _ := write(t, dir, experiment.Shard{Index: 0, Count: 2})
	if err := os.Symlink(outside, filepath.Join(dir, "figures-link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "secret-link")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path     string
		lexical  bool // refused by ReadManifest, before any file is opened
		contains string
	}{
		{filepath.Join(outside, "secret"), true, "an absolute path"},
		{"../outside/secret", true, "a .. element"},
		{"figures/../../outside/secret", true, "a .. element"},
		{"figures-link/secret", false, "goes through a symbolic link that leaves the directory (figures-link)"},
		{"secret-link", false, "goes through a symbolic link that leaves the directory (secret-link)"},
	} {
		planted := m
		planted.Files = append(append([]results.DataFile(nil), m.Files...), entry(tt.path))
		err := results.Verify(dir, planted)
		if err == nil || !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("Verify with %q: %v\nwant %q", tt.path, err, tt.contains)
		}
		data, _ := json.Marshal(planted)
		os.WriteFile(filepath.Join(dir, results.ManifestFile), data, 0o644)
		_, err = results.ReadManifest(dir)
		if tt.lexical && (err == nil || !strings.Contains(err.Error(), "files[") || !strings.Contains(err.Error(), tt.contains)) {
			t.Errorf("ReadManifest with %q: %v", tt.path, err)
		}
		if !tt.lexical && err != nil {
			t.Errorf("ReadManifest with %q: %v (a link is found when opening)", tt.path, err)
		}
	}
	// Commit lists no file through a link that leaves the directory.
	if err := results.Commit(dir, m); err == nil || !strings.Contains(err.Error(), "symbolic link that leaves the directory") {
		t.Errorf("Commit of a directory with a link out of it: %v", err)
	}
	os.Remove(filepath.Join(dir, "figures-link"))
	os.Remove(filepath.Join(dir, "secret-link"))
	// A link that stays inside is a file of the directory like any other.
	if err := os.Symlink(results.RunsFile, filepath.Join(dir, "runs-link.csv")); err != nil {
		t.Fatal(err)
	}
	if err := results.Commit(dir, m); err != nil {
		t.Fatal(err)
	}
	back, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.Verify(dir, back); err != nil {
		t.Errorf("a link inside the directory: %v", err)
	}
}

func TestCheckPath(t *testing.T) {
	for _, tt := range []struct {
		path string
		ok   bool
	}{
		{"runs.csv", true},
		{"figures/map-baseline.svg", true},
		{"a/./b", true},
		{"", false},
		{"/etc/passwd", false},
		{"..", false},
		{"../x", false},
		{"figures/../..", false},
		{"figures/..", false},
	} {
		if err := results.CheckPath(tt.path); (err == nil) != tt.ok {
			t.Errorf("CheckPath(%q) = %v", tt.path, err)
		}
	}
}
