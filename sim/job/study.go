package job

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/design"
	"hourglass/sim/experiment"
)

// StudySpec describes hourglass study intelligence, a comparison across
// the levels of every group's professionalization (Spec): at each level,
// Base, informant-program and inspection-program, which cost the same a
// year, each program paired with Base at the same level (common random
// numbers); its report gives each program's change in opiates seized,
// heroin reaching the markets and organisers arrested against the level,
// its cost per unit, and the informant program's gain over the inspection
// program's, with 95% intervals.
type StudySpec struct {
	Name    string // the study: "intelligence"
	Base    string // the base scenario ("": the shipped baseline)
	Levels  Levels
	N       int // paired replications per comparison
	Seed    uint64
	Workers int    // 0: one per core
	Out     string // "": results/compare-across-<base>-<time>
}

// Levels are the levels of a study's driver: From to To in Steps steps.
type Levels struct {
	From, To float64
	Steps    int
}

// MaxLevels bounds Levels.Steps: each level is a whole comparison.
const MaxLevels = 101

func (l Levels) String() string {
	return fmt.Sprintf("%s:%s:%d", strconv.FormatFloat(l.From, 'g', -1, 64), strconv.FormatFloat(l.To, 'g', -1, 64), l.Steps)
}

// ParseLevels parses FROM:TO:STEPS, with 0 <= FROM < TO <= 1 and 2 <=
// STEPS <= MaxLevels.
func ParseLevels(s string) (Levels, error) {
	bad := usage("--levels %q: want FROM:TO:STEPS with 0 <= FROM < TO <= 1 and STEPS a whole number from 2 to %d, such as 0:1:5", s, MaxLevels)
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return Levels{}, bad
	}
	from, e1 := strconv.ParseFloat(parts[0], 64)
	to, e2 := strconv.ParseFloat(parts[1], 64)
	steps, e3 := strconv.Atoi(parts[2])
	l := Levels{From: from, To: to, Steps: steps}
	if e1 != nil || e2 != nil || e3 != nil || l.values() == nil {
		return Levels{}, bad
	}
	return l, nil
}

// values are the levels, nil when they are out of range.
func (l Levels) values() []float64 {
	if math.IsNaN(l.From) || math.IsNaN(l.To) || l.From < 0 || l.To > 1 || l.From >= l.To || l.Steps < 2 || l.Steps > MaxLevels {
		return nil
	}
	d, err := design.Factorial([]design.Var{{Key: "drivers.professionalization", Low: l.From, High: l.To, Steps: l.Steps}})
	if err != nil {
		return nil
	}
	levels := make([]float64, len(d.Points))
	for i, p := range d.Points {
		levels[i] = p[0]
	}
	return levels
}

// Spec is the comparison across a design that the study is: what
// hourglass compare --across drivers.professionalization=LEVELS
// --objective opiates_seized_kg BASE informant-program inspection-program
// runs.
func (s StudySpec) Spec() (Spec, error) {
	if s.Name != "intelligence" {
		return Spec{}, usage("unknown study %q (available: intelligence)", s.Name)
	}
	if s.Levels.values() == nil {
		return Spec{}, usage("--levels %q: want FROM:TO:STEPS with 0 <= FROM < TO <= 1 and STEPS a whole number from 2 to %d, such as 0:1:5", s.Levels, MaxLevels)
	}
	if s.Base == "" {
		s.Base = scenarios.Baseline
	}
	programs := []string{"informant-program", "inspection-program"}
	return Spec{Kind: Compare, Scenarios: append([]string{s.Base}, programs...), N: s.N, Seed: s.Seed, Workers: s.Workers, Out: s.Out,
		Objective: experiment.OpiatesSeized.String(),
		Design:    Design{Vary: []Vary{{Key: "drivers.professionalization", From: s.Levels.From, To: s.Levels.To, Steps: s.Levels.Steps}}},
		Question: fmt.Sprintf("As trafficking groups professionalise, what is intelligence worth against random checks? For the same money a year, does %s (informant handling in the Tajik and Kyrgyz drug control agencies) or %s (staff and random inspection at Tajik and Kyrgyz posts on the opiate flow) buy more opiates seized, more organisers arrested and less heroin reaching the markets, each compared with %s at the same professionalization?",
			programs[0], programs[1], strings.TrimSuffix(s.Base, ".toml"))}, nil
}
