package job

import (
	"hourglass/sim/scenario"
	"hourglass/sim/targets"
)

// Checked is a file hourglass check read.
type Checked struct {
	// IsTargets says the file is a calibration targets file (Targets, when
	// it loads), not a scenario or network file (Scenario).
	IsTargets bool
	Targets   *targets.File
	Scenario  *scenario.Scenario
}

// Check reads a file as the command line names it, and runs nothing: a
// calibration targets file, each of whose targets must name its source, or
// a scenario or network file with what it extends, as Load reads it; with
// sources, every entry of every scenario file read must name its source or
// assumption. The scenario is also built at both ends of every plausible
// range and with every alternative of every switch it declares
// (scenario.Base.CheckSpace).
func Check(arg string, sources bool) (Checked, error) {
	fsys, name, err := Resolve(arg)
	if err != nil {
		return Checked{}, err
	}
	if data, err := scenario.ReadFile(fsys, name); err == nil && targets.IsTargetsFile(data) { // bounded: the loader reports what it refuses
		tf, err := targets.Load(fsys, name)
		return Checked{IsTargets: true, Targets: tf}, err
	}
	var sc *scenario.Scenario
	if sources {
		sc, err = scenario.LoadRequiringSources(fsys, name)
	} else {
		sc, err = Load(arg)
	}
	if err == nil {
		// every range's ends and every switch's alternatives build
		if b, perr := prepare(arg); perr == nil {
			err = b.CheckSpace()
		}
	}
	return Checked{Scenario: sc}, err
}
