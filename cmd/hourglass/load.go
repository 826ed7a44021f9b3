package main

import (
	"io/fs"
	"os"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

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
// the command line (scenarios.Resolve).
func resolveScenario(arg string) (fs.FS, string, error) { return scenarios.Resolve(arg) }

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
