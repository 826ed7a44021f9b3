package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"hourglass/sim/results"
)

// sealedDir is the results directory of a command that computes everything
// before it writes anything (study, sensitivity) and cannot be resumed. Like
// a run's, it is locked and must be new or empty; its manifest, marked
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
// its manifest still says incomplete.
func (s *sealedDir) failed(err error) error {
	return fmt.Errorf("%w; %s is incomplete: run again into a new or empty directory", err, s.dir)
}
