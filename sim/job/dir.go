package job

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// defaultDir is where an experiment's results go without Spec.Out:
// results/<name>-<start time> (newOutDir adds -2, -3, … if it is taken).
func defaultDir(kind Kind, scs []loaded, started time.Time) string {
	name := scs[0].sc.Name
	if kind == Compare && scs[0].suffix != "" {
		name = "compare-across-" + stemOf(scs[0])
	} else if kind == Compare {
		name = "compare-" + name
	} else if kind == Sweep {
		if i := strings.IndexAny(name, "[@"); i > 0 {
			name = name[:i]
		}
		name = "sweep-" + name
	}
	return stamped(name, started)
}

// stamped is results/<name>-<time>, the name made safe (safeName).
func stamped(name string, t time.Time) string {
	return filepath.Join("results", safeName(name)+"-"+t.Format("20060102-150405"))
}

// maxNameInDir bounds the part of a default directory's name taken from a
// scenario's name.
const maxNameInDir = 64

// safeName is name as a default results directory may hold it: only
// ASCII letters, digits, '.', '_' and '-' (any other run of characters,
// a path separator or ".." included, becomes one '-'), not beginning with
// '.' or '-', at most maxNameInDir bytes, and "scenario" when nothing is
// left. A scenario's name is text from its file (name = "../../x"), never
// a path.
func safeName(name string) string {
	kept := strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return r
		}
		return '-'
	}, name)
	out := strings.Trim(unsafeRun.ReplaceAllString(kept, "-"), ".-")
	if len(out) > maxNameInDir {
		out = strings.TrimRight(out[:maxNameInDir], ".-")
	}
	if out == "" {
		return "scenario"
	}
	return out
}

// unsafeRun is a run of dots and dashes with a dash in it, or of two dots
// or more: one dash in a safe name.
var unsafeRun = regexp.MustCompile(`[.-]*-[.-]*|\.\.+`)

// resolveDir is dir with every symbolic link in it resolved (those of the
// part that exists), once, before anything is written: a results directory
// given through a link (--out LINK) is then written, walked and verified
// as the directory it is, and a link to nothing is refused at the start.
func resolveDir(dir string) (string, error) {
	at, rest := filepath.Clean(dir), ""
	for {
		if _, err := os.Lstat(at); err == nil {
			break
		}
		parent := filepath.Dir(at)
		if parent == at {
			return dir, nil // nothing of it exists
		}
		rest, at = filepath.Join(filepath.Base(at), rest), parent
	}
	real, err := filepath.EvalSymlinks(at)
	if err != nil {
		return "", fmt.Errorf("results directory %s: %w (a link to nothing?)", dir, err)
	}
	return filepath.Join(real, rest), nil
}

// newOutDir makes the directory of a new run and locks it: out, or, when out
// is empty, a new directory named base (base-2, base-3, … when that exists,
// so that two runs started in the same second never share one). It refuses
// a directory another process is writing to or that holds another run's
// files; resumable says whether to suggest --resume for such a directory.
func newOutDir(out, base string, resumable bool) (dir string, unlock func(), err error) {
	if dir, err = resolveDir(out); err != nil {
		return "", nil, err
	}
	if out == "" {
		if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
			return "", nil, err
		}
		for i := 1; ; i++ {
			dir = base
			if i > 1 {
				dir = fmt.Sprintf("%s-%d", base, i)
			}
			err := os.Mkdir(dir, 0o755)
			if err == nil {
				break
			}
			if !errors.Is(err, fs.ErrExist) || i == 1000 {
				return "", nil, err
			}
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, err
	}
	if unlock, err = results.Lock(dir); err != nil {
		return "", nil, err
	}
	// the temporary files of a process killed while writing here are
	// nobody's (the lock is ours): a directory left with nothing else,
	// killed before its first file was in place, is empty
	if _, err := results.RemoveTemps(dir); err != nil {
		unlock()
		return "", nil, err
	}
	left, err := results.Leftovers(dir)
	if err != nil {
		unlock()
		return "", nil, err
	}
	if len(left) == 1 && left[0] == results.ManifestFile && abandonedSealed(dir) {
		if err := os.Remove(filepath.Join(dir, results.ManifestFile)); err != nil {
			unlock()
			return "", nil, err
		}
		left = nil
	}
	if len(left) > 0 {
		unlock()
		if len(left) > 3 {
			left = append(left[:3], "…")
		}
		msg := fmt.Sprintf("%s holds files of another run (%s): give a new or empty directory", dir, strings.Join(left, ", "))
		if resumable {
			msg += ", or finish an interrupted run with --resume " + dir
		}
		return "", nil, errors.New(msg)
	}
	return dir, unlock, nil
}

// checkWritable reports whether results can be written in dir, without
// creating it: dir, or when it does not exist yet the nearest directory
// above it, must be a directory in which a file can be created. It runs
// before the first replication, so that a read-only results directory
// fails at once rather than after the whole run.
func checkWritable(dir string) error {
	resolved, err := resolveDir(dir)
	if err != nil {
		return err
	}
	at := filepath.Clean(resolved)
	for {
		st, err := os.Stat(at)
		if err == nil {
			if !st.IsDir() {
				if at == filepath.Clean(dir) {
					return fmt.Errorf("results directory %s: not a directory", dir)
				}
				return fmt.Errorf("results directory %s: %s is not a directory", dir, at)
			}
			break
		}
		if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("results directory %s: %v", dir, errors.Unwrap(err))
		}
		parent := filepath.Dir(at)
		if parent == at {
			return fmt.Errorf("results directory %s: no existing directory above it", dir)
		}
		at = parent
	}
	probe, err := os.CreateTemp(at, ".hourglass-writable-*")
	if err != nil {
		return fmt.Errorf("results directory %s: cannot write in %s: %v", dir, at, errors.Unwrap(err))
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

// sealedDir is the results directory of a job that computes everything
// before it writes anything (study, sensitivity) and cannot be resumed.
// Like a run's, it is locked and must be new or empty; its manifest, marked
// incomplete, is written before any other file and, listing every file with
// its SHA-256, marked complete after the last one, so a crash or a full disk
// never leaves a directory that looks complete.
type sealedDir struct {
	dir    string
	m      results.Manifest
	unlock func()
}

// openSealed makes, locks and claims the results directory of m: out, or a
// new directory named base when out is empty; the caller releases it with
// unlock. It is done before the work, so that a directory in use, one with
// another run's files or one that cannot be written is refused before any
// computing.
func openSealed(out, base string, m results.Manifest) (*sealedDir, error) {
	dir, unlock, err := newOutDir(out, base, false)
	if err != nil {
		return nil, err
	}
	m.Complete, m.Files = false, nil
	if err := results.WriteManifest(dir, m); err != nil {
		unlock()
		return nil, err
	}
	return &sealedDir{dir: dir, m: m, unlock: unlock}, nil
}

// abandonedSealed says whether dir's manifest is that of a study or
// sensitivity analysis stopped before it wrote anything (its manifest, marked
// incomplete, is its first file): a new run may take the directory.
func abandonedSealed(dir string) bool {
	m, err := results.ReadManifest(dir)
	return err == nil && !m.Complete && len(m.Files) == 0 && (m.Kind == "study" || m.Kind == "sensitivity")
}

// abandon removes the manifest of a directory nothing else was written to,
// so that it can be used again (if that fails, the manifest still says
// incomplete).
func (s *sealedDir) abandon() {
	os.Remove(filepath.Join(s.dir, results.ManifestFile))
}

// seal marks the directory complete, listing every file written.
func (s *sealedDir) seal() error {
	s.m.Finished, s.m.Complete = time.Now().UTC(), true
	return results.Commit(s.dir, s.m)
}

// failed is the error of a directory whose files could not all be written:
// its manifest still says incomplete. A value that is not finite
// (*experiment.NonFiniteError) is found before any file is written: the
// directory is then abandoned, free for the next run, and running again
// would compute the same value.
func (s *sealedDir) failed(err error) error {
	var nf *experiment.NonFiniteError
	if errors.As(err, &nf) {
		s.abandon()
		return fmt.Errorf("%w: nothing written (running it again computes the same: fix the input)", err)
	}
	return fmt.Errorf("%w; %s is incomplete: run again into a new or empty directory", err, s.dir)
}
