package job

import (
	"errors"
	"fmt"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
	"hourglass/sim/targets"
)

// Checked is a file hourglass check read.
type Checked struct {
	// IsTargets says the file is a calibration targets file (Targets, when
	// it loads), not a scenario or network file (Scenario).
	IsTargets bool
	Targets   *targets.File
	// Candidates is a candidates file of hourglass optimise, read as
	// optimise reads it (its scenarios resolved and built).
	Candidates *scenario.Candidates
	Scenario   *scenario.Scenario
}

// Check reads a file as the command line names it, and runs nothing: a
// calibration targets file, each of whose targets must name its source, or
// a scenario or network file with what it extends, as Load reads it; with
// sources, every entry of every scenario file read must name its source or
// assumption. The scenario is also built at both ends of every plausible
// range and with every alternative of every switch it declares
// (scenario.Base.CheckSpace). Its error is ready to print, a problem a
// line: a scenario.ErrorList (file:line: key: problem), a targets file's
// own error, or arg: what is wrong.
func Check(arg string, sources bool) (Checked, error) {
	c, err := check(arg, sources)
	var list scenario.ErrorList
	switch {
	case err == nil || c.IsTargets || c.Candidates != nil:
	case errors.As(err, &list):
		err = list
	default:
		err = fmt.Errorf("%s: %w", arg, err)
	}
	return c, err
}

func check(arg string, sources bool) (Checked, error) {
	fsys, name, err := Resolve(arg)
	if err != nil {
		return Checked{}, err
	}
	data, rerr := scenario.ReadFile(fsys, name) // bounded: the loader reports what it refuses
	if rerr == nil && targets.IsTargetsFile(data) {
		tf, err := targets.Load(fsys, name)
		return Checked{IsTargets: true, Targets: tf}, err
	}
	if rerr == nil && isCandidatesFile(data) {
		cfs, cname, resolve, err := resolveCandidates(arg)
		if err != nil {
			return Checked{}, err
		}
		cands, err := scenario.ReadCandidates(cfs, cname, resolve, scenarios.Baseline)
		if err != nil {
			return Checked{Candidates: &scenario.Candidates{}}, err
		}
		return Checked{Candidates: cands}, nil
	}
	var sc *scenario.Scenario
	if sources {
		sc, err = scenario.LoadRequiringSources(fsys, name)
		err = onDisk(arg, err)
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

// String says what a file that checks out holds, as hourglass check prints
// it: "calibration targets: 9, for baseline, ..." or "baseline: 40 places,
// 60 segments, 5 group populations".
func (c Checked) String() string {
	switch {
	case c.IsTargets && c.Targets != nil:
		return fmt.Sprintf("calibration targets: %d, for %s", len(c.Targets.Target), strings.Join(c.Targets.Scenarios(), ", "))
	case c.Candidates != nil:
		return fmt.Sprintf("optimise candidates: %d, on %s", len(c.Candidates.List), c.Candidates.BaseName)
	case c.Scenario != nil:
		w := c.Scenario.World
		return fmt.Sprintf("%s: %d places, %d segments, %d group populations", c.Scenario.Name, len(w.Places), len(w.Segments), len(w.Populations))
	}
	return "nothing read"
}

// isCandidatesFile says whether data, a TOML file that parses, is a
// candidates file of hourglass optimise: it has [[candidate]] or [[post]]
// entries and no places, segments or groups of a scenario.
func isCandidatesFile(data []byte) bool {
	top := scenario.TopKeys(data)
	return (top["candidate"] || top["post"]) && !top["place"] && !top["segment"] && !top["group"]
}
