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
	if _, err := os.Stat(arg); err == nil {
		dir, base := filepath.Split(arg)
		if dir == "" {
			dir = "."
		}
		return scenario.LoadWith(layered{os.DirFS(dir), scenarios.FS}, base, ov...)
	}
	name := arg
	if !strings.HasSuffix(name, ".toml") {
		name += ".toml"
	}
	if _, err := fs.Stat(scenarios.FS, name); err != nil {
		return nil, &exitError{code: 1, msg: "no scenario file " + arg + " on disk, and no shipped scenario of that name (see scenarios/)"}
	}
	return scenario.LoadWith(scenarios.FS, name, ov...)
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
