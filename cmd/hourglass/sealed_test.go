package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/results"
)

// sealedCommands are the commands that write a results directory only once
// their work is done (sensitivity; study is a comparison across a design,
// written and resumed as one), each with a small, quick invocation.
func sealedCommands(t *testing.T) []struct {
	name string
	args []string
} {
	return []struct {
		name string
		args []string
	}{
		{"sensitivity", []string{"sensitivity", "--method", "morris", "-r", "2", "--levels", "2", "--reps", "1", "-j", "2", "--quiet", tinyUncertain(t)}},
	}
}

// TestSealedExclusiveOutput: sensitivity locks --out, refuse a
// directory in use or holding files (a second run on the same --out), and
// leave a manifest that lists every file and verifies.
func TestSealedExclusiveOutput(t *testing.T) {
	parallel(t)
	for _, c := range sealedCommands(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(dir, 0o755)
			unlock, err := results.Lock(dir) // as another process writing there
			if err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			if code := realMain(append(c.args, "--out", dir), &out, &errb); code != 1 || !strings.Contains(errb.String(), "another hourglass is writing to it (pid ") {
				t.Errorf("on a locked directory: status %d, %s", code, errb.String())
			}
			unlock()
			if left, _ := results.Leftovers(dir); len(left) != 0 {
				t.Errorf("a refused run left %v", left)
			}

			hourglass(t, append(c.args, "--out", dir)...)
			m, err := results.ReadManifest(dir)
			if err != nil || !m.Complete || m.Kind != c.name {
				t.Fatalf("manifest %+v, %v: want a complete %s", m, err, c.name)
			}
			if err := results.Verify(dir, m); err != nil {
				t.Error(err)
			}
			errb.Reset()
			if code := realMain([]string{"merge", "--out", filepath.Join(t.TempDir(), "m"), dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "the results of a "+c.name+", not a shard") {
				t.Errorf("merge of a %s: status %d, %s", c.name, code, errb.String())
			}
			errb.Reset()
			code := realMain(append(c.args, "--out", dir), &out, &errb)
			if code != 1 || !strings.Contains(errb.String(), "holds files of another run (manifest.json, report.html, ") || !strings.Contains(errb.String(), ", …): give a new or empty directory") {
				t.Errorf("a second run on the same --out: status %d, %s", code, errb.String())
			}
			if strings.Contains(errb.String(), "--resume") {
				t.Errorf("suggests --resume, which %s does not have: %s", c.name, errb.String())
			}

			used := filepath.Join(t.TempDir(), "used")
			os.MkdirAll(used, 0o755)
			os.WriteFile(filepath.Join(used, "notes.txt"), []byte("someone's"), 0o644)
			errb.Reset()
			if code := realMain(append(c.args, "--out", used), &out, &errb); code != 1 || !strings.Contains(errb.String(), "holds files of another run (notes.txt)") {
				t.Errorf("on a non-empty --out: status %d, %s", code, errb.String())
			}

			// checked before any work: a --out under a regular file
			errb.Reset()
			file := filepath.Join(t.TempDir(), "file")
			os.WriteFile(file, nil, 0o644)
			if code := realMain(append(c.args, "--out", filepath.Join(file, "out")), &out, &errb); code != 1 || !strings.Contains(errb.String(), "not a directory") {
				t.Errorf("on an unwritable --out: status %d, %s", code, errb.String())
			}
		})
	}
}

// sealedFaults are the faults of TestSealedFaults for a command of n file
// operations: with every fault (allFaults), a crash and a full disk at each
// operation; otherwise a sample, alternating crash and full disk: the
// writing and the renaming of the first manifest, the first data file, one
// in the middle, and the writing and renaming of the sealing manifest.
func sealedFaults(n int) []string {
	var specs []string
	for at := 1; at <= n; at++ {
		switch {
		case allFaults():
			specs = append(specs, fmt.Sprintf("crash:%d", at), fmt.Sprint(at))
		case at <= 3 || at == n/2+1 || at >= n-1:
			if len(specs)%2 == 0 {
				specs = append(specs, fmt.Sprintf("crash:%d", at))
			} else {
				specs = append(specs, fmt.Sprint(at))
			}
		}
	}
	return specs
}

// TestSealedFaults crashes sensitivity at file operations, and
// fills the disk there (sealedFaults): the directory must then never say
// complete unless every file verifies, and a file other than the manifest
// is only ever written beside a manifest that says incomplete.
func TestSealedFaults(t *testing.T) {
	skipShort(t)
	for _, c := range sealedCommands(t) {
		t.Run(c.name, func(t *testing.T) {
			ops := tracedRun(t, append(c.args, "--out", filepath.Join(t.TempDir(), "ref"))...)
			for _, spec := range sealedFaults(len(ops)) {
				at, _ := strconv.Atoi(strings.TrimPrefix(spec, "crash:"))
				dir := filepath.Join(t.TempDir(), "out")
				if !faultyRun(t, spec, append(c.args, "--out", dir)...) {
					t.Fatalf("fault %s (%s) did not strike", spec, ops[at-1])
				}
				m, err := results.ReadManifest(dir)
				if err != nil {
					left, _ := results.Leftovers(dir)
					left = slices.DeleteFunc(left, func(name string) bool { return strings.Contains(name, ".tmp-") })
					if len(left) > 0 {
						t.Errorf("fault %s (%s): %v without a manifest: %v", spec, ops[at-1], left, err)
					}
					continue
				}
				if m.Complete {
					if err := results.Verify(dir, m); err != nil {
						t.Errorf("fault %s (%s): says complete, does not verify: %v", spec, ops[at-1], err)
					}
				}
			}
		})
	}
}
