package results

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// syncTrace returns every file operation and sync since ArmFault("trace").
func syncTrace() []string {
	fault.Lock()
	defer fault.Unlock()
	return slices.Clone(fault.synced)
}

// Commit makes the manifest's claim true after a power cut: every file it
// lists is synced, then every directory, then the manifest is written to a
// temporary file, synced, renamed into place, and the directory synced.
func TestCommitSyncOrder(t *testing.T) {
	dir := t.TempDir()
	m := Manifest{Kind: "compare", Seed: 1, Replications: 2, End: 2, Shard: "0/2"}
	if err := ArmFault("trace"); err != nil {
		t.Fatal(err)
	}
	defer ArmFault("")
	w, err := NewWriter(dir, m, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.closeTables(); err != nil {
		t.Fatal(err)
	}
	if err := writeCSV(filepath.Join(dir, SummaryCSVFile), [][]string{{"scenario"}, {"baseline"}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "figures", "seized.svg"), []byte("<svg/>")); err != nil {
		t.Fatal(err)
	}
	start := len(syncTrace())
	m.Complete = true
	if err := Commit(dir, m); err != nil {
		t.Fatal(err)
	}
	ops := syncTrace()
	creation, ops := ops[:start], ops[start:]

	manifest := filepath.Join(dir, ManifestFile)
	figures := filepath.Join(dir, "figures")
	want := []string{
		"sync " + filepath.Join(dir, "figures", "seized.svg"),
		"sync " + filepath.Join(dir, LogFile),
		"sync " + filepath.Join(dir, RunsFile),
		"sync " + filepath.Join(dir, SummaryCSVFile),
		"sync dir " + figures,
		"sync dir " + dir,
		"write " + manifest,
		"sync " + filepath.Join(dir, ".manifest.json.tmp-"),
		"rename " + manifest,
		"sync dir " + dir,
	}
	if len(ops) != len(want) {
		t.Fatalf("Commit's operations:\n%s\nwant\n%s", strings.Join(ops, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(ops[i], want[i]) {
			t.Errorf("operation %d of Commit is %q, want %q", i+1, ops[i], want[i])
		}
	}

	// Creating the directory's files: the first manifest is synced and so
	// is its directory (after the rename), and so is the directory after
	// the log is created.
	rename := slices.Index(creation, "rename "+manifest)
	if rename < 1 || !strings.HasPrefix(creation[rename-1], "sync "+filepath.Join(dir, ".manifest.json.tmp-")) ||
		rename+1 >= len(creation) || creation[rename+1] != "sync dir "+dir {
		t.Errorf("the first manifest is not written temp, sync, rename, sync dir:\n%s", strings.Join(creation, "\n"))
	}
	if n := strings.Count(strings.Join(creation, "\n"), "sync dir "+dir); n != 2 {
		t.Errorf("the directory is synced %d times as the writer starts (want 2: after the manifest, after the log is created):\n%s",
			n, strings.Join(creation, "\n"))
	}
}
