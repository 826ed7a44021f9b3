package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

// layered is a file system that looks in primary first, then in fallback, so
// a scenario on disk can extend the shipped baseline.
type layered struct{ primary, fallback fs.FS }

func (l layered) Open(name string) (fs.File, error) {
	f, err := l.primary.Open(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	return l.fallback.Open(name)
}

// loadScenario loads a scenario named on the command line: a file on disk,
// or the name of a shipped scenario ("baseline" or "baseline.toml").
func loadScenario(arg string) (*scenario.Scenario, error) { return loadScenarioWith(arg) }

// loadScenarioWith is loadScenario with overrides applied (sweeps,
// sensitivity). Files on disk may extend shipped ones.
func loadScenarioWith(arg string, ov ...scenario.Override) (*scenario.Scenario, error) {
	fsys, name, err := resolveScenario(arg)
	if err != nil {
		return nil, err
	}
	return scenario.LoadWith(fsys, name, ov...)
}

// resolveScenario finds the file system and file name of a scenario named on
// the command line.
func resolveScenario(arg string) (fs.FS, string, error) {
	if _, err := os.Stat(arg); err == nil {
		dir, base := filepath.Split(arg)
		if dir == "" {
			dir = "."
		}
		return layered{os.DirFS(dir), scenarios.FS}, base, nil
	}
	name := arg
	if !strings.HasSuffix(name, ".toml") {
		name += ".toml"
	}
	if _, err := fs.Stat(scenarios.FS, name); err != nil {
		return nil, "", &exitError{code: 1, msg: "no scenario file " + arg + " on disk, and no shipped scenario of that name (see scenarios/)"}
	}
	return scenarios.FS, name, nil
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
