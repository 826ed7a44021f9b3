package results_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// recordStart returns the offset of the k-th record (from 0) of dir's log.
func recordStart(t *testing.T, dir string, k int) int64 {
	t.Helper()
	log, err := results.OpenLog(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	valid, err := log.Replay(func(*experiment.Replication) error {
		if n == k {
			return stop
		}
		n++
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("the log has fewer than %d records (%v)", k+1, err)
	}
	return valid
}

// sameDataFiles fails the test unless dirs a and b hold the same files with
// the same bytes, the manifest and the lock left out.
func sameDataFiles(t *testing.T, a, b string) {
	t.Helper()
	list := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == results.ManifestFile || e.Name() == results.LockFile {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = data
		}
		return out
	}
	fa, fb := list(a), list(b)
	if len(fa) != len(fb) {
		t.Errorf("%d files against %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs from an uninterrupted run's", name)
		}
	}
}

// A power cut can leave the log's last blocks zero-filled or holding
// garbage; a kill can tear its last record. Resuming truncates the log to
// its last whole record and ends with files identical to an uninterrupted
// run's.
func TestResumeAfterDamagedTail(t *testing.T) {
	shard := experiment.Shard{Index: 1, Count: 2}
	ref := t.TempDir()
	write(t, ref, shard)
	whole, err := os.ReadFile(filepath.Join(ref, results.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	cut := recordStart(t, ref, 1) // one whole record, then the tail
	next := recordStart(t, ref, 2)
	huge := []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01} // a length of 2⁶³
	for _, tt := range []struct {
		name string
		tail []byte
	}{
		{"zero-filled", make([]byte, 4096)},
		{"one zero byte", []byte{0}},
		{"a length of 2^63", append(huge, 1, 2, 3)},
		{"a length beyond the file", append([]byte{0xff, 0xff, 0x7f}, whole[cut+3:cut+40]...)},
		{"garbage", bytes.Repeat([]byte("garbage!"), 300)},
		{"a torn record", whole[cut : cut+(next-cut)/2]},
		{"a record with a flipped byte", func() []byte {
			b := bytes.Clone(whole[cut:])
			b[(next-cut)/2] ^= 0x40
			return b
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			e, m, worlds := comparison(t, shard)
			// the directory as a power cut after the first replication
			// leaves it: an incomplete manifest, a log with a bad tail
			if err := results.WriteManifest(dir, m); err != nil {
				t.Fatal(err)
			}
			damaged := append(bytes.Clone(whole[:cut]), tt.tail...)
			if err := os.WriteFile(filepath.Join(dir, results.LogFile), damaged, 0o644); err != nil {
				t.Fatal(err)
			}
			log, err := results.OpenLog(dir, len(m.Scenarios))
			if err != nil {
				t.Fatal(err)
			}
			valid, err := log.Replay(func(*experiment.Replication) error { return nil })
			if err != nil || valid != cut {
				t.Fatalf("replay: %d whole bytes (want %d), %v", valid, cut, err)
			}
			if _, err := log.ReplayAll(func(*experiment.Replication) error { return nil }); err == nil ||
				!strings.Contains(err.Error(), "replications.log: damaged record at byte "+strconv.FormatInt(cut, 10)) {
				t.Errorf("replay of a log that must be whole: %v", err)
			}
			e.Previous = func(yield func(*experiment.Replication) error) error {
				_, err := log.Replay(yield)
				return err
			}
			w, err := results.NewWriter(dir, m, worlds, results.Options{PerReplication: true, LogValid: valid})
			if err != nil {
				t.Fatal(err)
			}
			finish(t, e, w, m)
			sameDataFiles(t, ref, dir)
		})
	}
}

// A complete shard whose log was damaged after its manifest was written is
// refused by Verify (so by merge), naming the log and where its records
// stop being whole; --resume can then rebuild it (above).
func TestVerifyNamesLogDamage(t *testing.T) {
	dir := t.TempDir()
	m, _, _ := write(t, dir, experiment.Shard{Index: 0, Count: 2})
	path := filepath.Join(dir, results.LogFile)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(bytes.Clone(whole), make([]byte, 512)...), 0o644); err != nil {
		t.Fatal(err)
	}
	err = results.Verify(dir, m)
	want := "replications.log has " + strconv.Itoa(len(whole)+512) + " bytes, the manifest says " + strconv.Itoa(len(whole)) +
		" (torn or changed; its records are whole up to byte " + strconv.Itoa(len(whole)) + ", then: zero length"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a zero-filled tail after a complete log:\n got %v\nwant %s", err, want)
	}
	log, err := results.OpenLog(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	var le *results.LogError
	if _, err := log.ReplayAll(func(*experiment.Replication) error { return nil }); !errors.As(err, &le) || le.Offset != int64(len(whole)) {
		t.Errorf("ReplayAll: %v", err)
	}
}
