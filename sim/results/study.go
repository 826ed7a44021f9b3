package results

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"time"

	"hourglass/sim/experiment"
)

// The files of a study (hourglass study).
const (
	// StudyFile holds, per level of the studied driver, program and metric,
	// the paired difference against the base scenario and the difference
	// per money spent: level, program, metric, diff_mean, ci_low, ci_high,
	// extra_cost_usd, per_unit, per_unit_ci_low, per_unit_ci_high.
	StudyFile = "study.csv"
	// StudyJSON is the same with what produced it.
	StudyJSON = "study.json"
)

// Study is a study: one paired comparison of a base scenario and programs
// at each level of a driver, and what each program buys per money spent.
type Study struct {
	Name     string    // "intelligence"
	Driver   string    // the key set at each level, "drivers.professionalization"
	Base     string    // the base scenario
	Programs []string  // the programs compared with it
	Seed     uint64    // master seed of every comparison (common random numbers across levels too)
	N        int       // paired replications per comparison
	Version  string    // program version
	Commit   string    // git commit
	Command  []string  // command line
	Started  time.Time // UTC
	Finished time.Time
	Levels   []StudyLevel
}

// StudyLevel is the comparison at one level of the driver.
type StudyLevel struct {
	Level float64
	Rates []experiment.CostRate
}

// WriteStudy writes dir/study.csv and dir/study.json. A value that is not
// finite (a *experiment.NonFiniteError naming the level, program and
// metric) writes neither; the values allowed to be NaN are those that
// stand for "none" (no extra cost, so no rate per money; a relative change
// where the base is 0), written as an empty cell or null.
func WriteStudy(dir string, s *Study) error {
	if err := checkStudy(s); err != nil {
		return fmt.Errorf("study: %w", err)
	}
	rows := [][]string{{"level", "program", "metric", "diff_mean", "ci_low", "ci_high", "extra_cost_usd", "per_unit", "per_unit_ci_low", "per_unit_ci_high"}}
	for _, l := range s.Levels {
		for _, r := range l.Rates {
			rows = append(rows, []string{num(l.Level), r.Program, r.Metric.String(), num(r.Diff.Mean), num(r.Diff.Lo), num(r.Diff.Hi),
				optNum(r.ExtraCostUSD), optNum(r.PerUnit.Mean), optNum(r.PerUnit.Lo), optNum(r.PerUnit.Hi)})
		}
	}
	if err := writeCSV(filepath.Join(dir, StudyFile), rows); err != nil {
		return fmt.Errorf("study: %w", err)
	}
	data, err := json.MarshalIndent(studyJSON(s), "", "  ")
	if err != nil {
		return fmt.Errorf("study: %w", err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, StudyJSON), append(data, '\n')); err != nil {
		return fmt.Errorf("study: %w", err)
	}
	return nil
}

// checkStudy returns a *experiment.NonFiniteError for the first value of s
// that is not finite and may not be NaN, or nil.
func checkStudy(s *Study) error {
	for _, l := range s.Levels {
		for _, r := range l.Rates {
			what := fmt.Sprintf("level %g: %s: %s", l.Level, r.Program, r.Metric)
			for _, v := range []struct {
				name string
				x    float64
				none bool // NaN stands for none
			}{{"level", l.Level, false}, {"diff_mean", r.Diff.Mean, false}, {"diff_sd", r.Diff.SD, false}, {"ci_low", r.Diff.Lo, false}, {"ci_high", r.Diff.Hi, false},
				{"extra_cost_usd", r.ExtraCostUSD, true}, {"per_unit", r.PerUnit.Mean, true}, {"per_unit_ci_low", r.PerUnit.Lo, true}, {"per_unit_ci_high", r.PerUnit.Hi, true}} {
				if math.IsInf(v.x, 0) || math.IsNaN(v.x) && !v.none {
					return &experiment.NonFiniteError{Scenario: s.Base, What: what + " " + v.name, Value: v.x}
				}
			}
		}
	}
	return nil
}

// optNum is num, or "" for NaN (no cost, so no rate).
func optNum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return num(x)
}

// optFloat is x, or nil (null in JSON) for NaN.
func optFloat(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

type studyRateJSON struct {
	Program      string          `json:"program"`
	Metric       string          `json:"metric"`
	Diff         experiment.Diff `json:"diff"`
	ExtraCostUSD *float64        `json:"extra_cost_usd"` // over the run, discounted
	PerUSD       float64         `json:"per_usd"`        // per_unit is the difference, discounted alike, per this many USD
	PerUnit      *float64        `json:"per_unit"`
	PerUnitLo    *float64        `json:"per_unit_ci_low"`
	PerUnitHi    *float64        `json:"per_unit_ci_high"`
}

type studyLevelJSON struct {
	Level float64         `json:"level"`
	Rates []studyRateJSON `json:"rates"`
}

type studyFileJSON struct {
	Study        string           `json:"study"`
	Driver       string           `json:"driver"`
	Base         string           `json:"base"`
	Programs     []string         `json:"programs"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
	Program      string           `json:"program"`
	Version      string           `json:"version"`
	Commit       string           `json:"commit"`
	Command      []string         `json:"command"`
	Started      time.Time        `json:"started"`
	Finished     time.Time        `json:"finished"`
	Levels       []studyLevelJSON `json:"levels"`
}

func studyJSON(s *Study) studyFileJSON {
	out := studyFileJSON{Study: s.Name, Driver: s.Driver, Base: s.Base, Programs: s.Programs, Seed: s.Seed, Replications: s.N,
		Program: "hourglass", Version: s.Version, Commit: s.Commit, Command: s.Command, Started: s.Started, Finished: s.Finished}
	for _, l := range s.Levels {
		lj := studyLevelJSON{Level: l.Level}
		for _, r := range l.Rates {
			lj.Rates = append(lj.Rates, studyRateJSON{Program: r.Program, Metric: r.Metric.String(), Diff: r.Diff,
				ExtraCostUSD: optFloat(r.ExtraCostUSD), PerUSD: r.Per,
				PerUnit: optFloat(r.PerUnit.Mean), PerUnitLo: optFloat(r.PerUnit.Lo), PerUnitHi: optFloat(r.PerUnit.Hi)})
		}
		out.Levels = append(out.Levels, lj)
	}
	return out
}
