package results

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LockFile is the lock of a results directory (lock.go): present while and
// after a run writes there, never listed in the manifest.
const LockFile = ".hourglass.lock"

// isTemp reports whether name is a temporary file of an atomic write
// (createTemp), left behind by a run that was killed.
func isTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// listFiles returns every regular file under dir but the manifest, the lock,
// temporary files and the files in skip, with their lengths and SHA-256, in
// path order.
func listFiles(dir string, skip ...string) ([]DataFile, error) {
	var out []DataFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() || rel == ManifestFile || rel == LockFile || isTemp(d.Name()) || contains(skip, rel) {
			return nil
		}
		f, err := hashFile(path)
		if err != nil {
			return err
		}
		f.Path = rel
		out = append(out, f)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hashFile(path string) (DataFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return DataFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return DataFile{}, err
	}
	return DataFile{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// ErrUnverifiable is returned by Verify for a manifest that lists no files:
// an incomplete run, or a directory written by an earlier hourglass.
var ErrUnverifiable = errors.New("the manifest lists no files to verify")

// Verify checks that every file the manifest of a complete directory lists
// is there with its length and SHA-256. The error names every file that is
// missing, torn or changed.
func Verify(dir string, m Manifest) error {
	if !m.Complete {
		return errorf(dir, "incomplete (%d replications of %d committed)", m.Completed, m.End-m.First)
	}
	if len(m.Files) == 0 {
		return fmt.Errorf("results %s: %w (written by an earlier hourglass, or not by hourglass)", dir, ErrUnverifiable)
	}
	var problems []string
	for _, want := range m.Files {
		got, err := hashFile(filepath.Join(dir, filepath.FromSlash(want.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, want.Path+" is missing")
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", want.Path, err))
		case got.Bytes != want.Bytes:
			problems = append(problems, fmt.Sprintf("%s has %d bytes, the manifest says %d (torn or changed)", want.Path, got.Bytes, want.Bytes))
		case got.SHA256 != want.SHA256:
			problems = append(problems, fmt.Sprintf("%s differs from the manifest's SHA-256 (changed)", want.Path))
		}
	}
	if len(problems) > 0 {
		return errorf(dir, "does not match its manifest: %s", strings.Join(problems, "; "))
	}
	return nil
}

// RemoveTemps removes the temporary files a killed run left in dir and its
// figures, and returns their names.
func RemoveTemps(dir string) ([]string, error) {
	var removed []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isTemp(d.Name()) {
			if err := os.Remove(path); err != nil {
				return err
			}
			removed = append(removed, d.Name())
		}
		return nil
	})
	return removed, err
}

// Leftovers returns the files in dir other than the lock: a new run refuses
// a directory that holds another run's files.
func Leftovers(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Name() != LockFile {
			out = append(out, e.Name())
		}
	}
	return out, nil
}
