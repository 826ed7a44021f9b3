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

	"hourglass/sim/experiment"
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
// path order. With sync it syncs each to disk as it reads it, then every
// directory of the tree, deepest first: what a manifest written after it
// lists is then on disk whatever happens next. A symbolic link that leaves
// dir is refused.
func listFiles(dir string, sync bool, skip ...string) ([]DataFile, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var out []DataFile
	var dirs []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile || rel == LockFile || isTemp(d.Name()) || contains(skip, rel) {
			return nil
		}
		f, err := hashFile(root, rel, sync)
		if errors.Is(err, fs.ErrNotExist) {
			return err
		} else if err != nil {
			return errorf(dir, "%s", openProblem(root, rel, err))
		}
		f.Path = rel
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sync {
		for i := len(dirs) - 1; i >= 0; i-- {
			if err := syncDir(dirs[i]); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hashFile returns the length and SHA-256 of the file at rel (forward
// slashes) under root, which it cannot leave; with sync, it syncs the file
// to disk first.
func hashFile(root *os.Root, rel string, sync bool) (DataFile, error) {
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return DataFile{}, err
	}
	defer f.Close()
	if sync {
		traceSync("sync " + filepath.Join(root.Name(), filepath.FromSlash(rel)))
		if err := f.Sync(); err != nil {
			return DataFile{}, err
		}
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return DataFile{}, err
	}
	return DataFile{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// openProblem says what is wrong with rel, which root could not open
// (err): that it goes through a symbolic link that leaves the directory,
// when it does, or err.
func openProblem(root *os.Root, rel string, err error) string {
	parts := strings.Split(rel, "/")
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		if st, lerr := root.Lstat(filepath.FromSlash(prefix)); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Sprintf("%s goes through a symbolic link that leaves the directory (%s): hourglass reads and writes only inside it", rel, prefix)
		}
	}
	return fmt.Sprintf("%s: %v", rel, err)
}

// ErrUnverifiable is returned by Verify for a manifest that lists no files:
// an incomplete run, or a directory written by an earlier hourglass.
var ErrUnverifiable = errors.New("the manifest lists no files to verify")

// Verify checks that every file the manifest of a complete directory lists
// is there with its length and SHA-256. The error names every file that is
// missing, torn or changed (for the log, the first damaged record), and
// every path that is not confined to dir: absolute, with a .. element, or
// through a symbolic link that leaves it (such a file is not read).
func Verify(dir string, m Manifest) error {
	if !m.Complete {
		if m.Failed != "" {
			return errorf(dir, "incomplete: %s", m.Failed)
		}
		return errorf(dir, "incomplete (%d replications of %d committed)", m.Completed, m.End-m.First)
	}
	if len(m.Files) == 0 {
		return fmt.Errorf("results %s: %w (written by an earlier hourglass, or not by hourglass)", dir, ErrUnverifiable)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return errorf(dir, "%v", err)
	}
	defer root.Close()
	var problems []string
	for _, want := range m.Files {
		if err := CheckPath(want.Path); err != nil {
			problems = append(problems, fmt.Sprintf("%q is not a file of the directory: %v", want.Path, err))
			continue
		}
		got, err := hashFile(root, want.Path, false)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, want.Path+" is missing")
		case err != nil:
			problems = append(problems, openProblem(root, want.Path, err))
		case got.Bytes != want.Bytes:
			problems = append(problems, fmt.Sprintf("%s has %d bytes, the manifest says %d (torn or changed%s)", want.Path, got.Bytes, want.Bytes, logDamage(dir, want.Path, m)))
		case got.SHA256 != want.SHA256:
			problems = append(problems, fmt.Sprintf("%s differs from the manifest's SHA-256 (changed%s)", want.Path, logDamage(dir, want.Path, m)))
		}
	}
	if len(problems) > 0 {
		return errorf(dir, "does not match its manifest: %s", strings.Join(problems, "; "))
	}
	return nil
}

// logDamage says, for the log of replications, where its first damaged
// record is ("" for any other file, or a log whose records are whole).
func logDamage(dir, path string, m Manifest) string {
	if path != LogFile {
		return ""
	}
	l := &Log{path: filepath.Join(dir, LogFile), scenarios: len(m.Scenarios)}
	valid, err := l.ReplayAll(func(*experiment.Replication) error { return nil })
	var damage *LogError
	switch {
	case errors.As(err, &damage):
		return fmt.Sprintf("; its records are whole up to byte %d, then: %s", valid, damage.Reason)
	case err != nil:
		return "; " + err.Error()
	}
	return ""
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
