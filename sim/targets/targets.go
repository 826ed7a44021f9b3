// Package targets reads calibration targets (scenarios/targets.toml) and
// checks simulated replications against them: the simulated mean with its
// 95% confidence interval, the observed value or range, and pass or fail.
//
// Each target names the scenario (the period) it describes, and says
// whether it is informative: whether the observation constrains something
// the model does not take as an input. A target that only confirms an input
// (a price the network file sets, a retail share) is kept, marked
// informative = false with the reason, so that a pass is not mistaken for
// evidence.
package targets

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// File is a targets file.
type File struct {
	// Scenario is the scenario of the targets that name none.
	Scenario string   `toml:"scenario"`
	Target   []Target `toml:"target"`
}

// Target is one observed quantity the model should reproduce.
type Target struct {
	Name      string     `toml:"name"`
	Scenario  string     `toml:"scenario"`  // the scenario (period) it describes; "": the file's
	Metric    string     `toml:"metric"`    // a headline metric, or
	Breakdown *Breakdown `toml:"breakdown"` // a breakdown of seizures
	Observed  *float64   `toml:"observed"`  // a value, or
	Min       *float64   `toml:"min"`       // a range
	Max       *float64   `toml:"max"`
	Tolerance float64    `toml:"tolerance"` // widens the range by this fraction of its bounds
	Source    string     `toml:"source"`
	// Informative says whether the observation constrains something the
	// model does not take as an input; Why says what it only confirms when
	// it does not. Required, so that every target says which it is.
	Informative *bool  `toml:"informative"`
	Why         string `toml:"why"`

	metric experiment.Metric // Metric, parsed
}

// IsInformative reports whether t constrains the model (Informative).
func (t *Target) IsInformative() bool { return t.Informative != nil && *t.Informative }

// Breakdown selects seizures: commodity (heroin, opium, precursor or
// opiates), dimension and key (or keys, summed), as kg per year, as a share
// of that commodity's seizures, or as seizure events per year.
type Breakdown struct {
	Commodity string   `toml:"commodity"`
	Dimension string   `toml:"dimension"`
	Key       string   `toml:"key"`
	Keys      []string `toml:"keys"`
	As        string   `toml:"as"` // "kg" (default), "share" or "events"
}

// keys returns the breakdown's keys.
func (b *Breakdown) keys() []string {
	if b.Key != "" {
		return append([]string{b.Key}, b.Keys...)
	}
	return b.Keys
}

// ScenarioOf returns the scenario target t describes.
func (f *File) ScenarioOf(t *Target) string {
	if t.Scenario != "" {
		return t.Scenario
	}
	return f.Scenario
}

// Scenarios returns the scenarios the targets describe, in the order they
// first appear.
func (f *File) Scenarios() []string {
	var out []string
	for i := range f.Target {
		if s := f.ScenarioOf(&f.Target[i]); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// For returns the file's targets of one scenario, as a file of their own.
func (f *File) For(scenario string) *File {
	out := &File{Scenario: scenario}
	for i := range f.Target {
		if f.ScenarioOf(&f.Target[i]) == scenario {
			out.Target = append(out.Target, f.Target[i])
		}
	}
	return out
}

// Bounds returns the accepted range: [min·(1-tol), max·(1+tol)].
func (t *Target) Bounds() (lo, hi float64) {
	if t.Observed != nil {
		lo, hi = *t.Observed, *t.Observed
	} else {
		lo, hi = *t.Min, *t.Max
	}
	return lo * (1 - t.Tolerance), hi * (1 + t.Tolerance)
}

// IsTargetsFile reports whether a TOML document is a targets file (it has
// [[target]] entries) rather than a scenario.
// Text that is too large or nests too deep to decode safely
// (scenario.CheckText) is not.
func IsTargetsFile(data []byte) bool {
	return scenario.TopKeys(data)["target"]
}

// Load reads and checks a targets file, reporting every problem at once.
// It reads through scenario.ReadFile and scenario.CheckText, as the
// scenario loader does: a pipe, a device, a file over 4 MB or nested too
// deep is refused before it is decoded.
func Load(fsys fs.FS, name string) (*File, error) {
	data, err := scenario.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := scenario.CheckText(name, string(data)); err != nil {
		return nil, err
	}
	var f File
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s:%d: %s", name, perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var problems []string
	for _, k := range md.Undecoded() {
		problems = append(problems, fmt.Sprintf("%s: %s: unknown key (allowed: scenario, target.name, scenario, metric, breakdown.{commodity, dimension, key, keys, as}, observed, min, max, tolerance, informative, why, source)", name, k))
	}
	for i := range f.Target {
		t := &f.Target[i]
		where := fmt.Sprintf("%s: target[%d] %q", name, i, t.Name)
		if (t.Metric == "") == (t.Breakdown == nil) {
			problems = append(problems, where+": set exactly one of metric and breakdown")
		}
		if t.Metric != "" {
			m, err := experiment.ParseMetric(t.Metric)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", where, err))
			}
			t.metric = m
		}
		if b := t.Breakdown; b != nil {
			if _, ok := commodities(b.Commodity); !ok {
				problems = append(problems, fmt.Sprintf("%s: breakdown.commodity %q (allowed: heroin, opium, precursor, opiates)", where, b.Commodity))
			}
			if _, ok := sim.ParseDimension(b.Dimension); !ok {
				problems = append(problems, fmt.Sprintf("%s: breakdown.dimension %q (allowed: country, place, location, mode, method, outcome)", where, b.Dimension))
			}
			if b.As != "" && b.As != "kg" && b.As != "share" && b.As != "events" {
				problems = append(problems, fmt.Sprintf("%s: breakdown.as %q (allowed: kg, share, events)", where, b.As))
			}
			if len(b.keys()) == 0 {
				problems = append(problems, where+": breakdown: no key (set key, or keys to sum several)")
			}
		}
		if (t.Observed == nil) == (t.Min == nil || t.Max == nil) {
			problems = append(problems, where+": set observed, or both min and max")
		} else if t.Min != nil && *t.Min > *t.Max {
			problems = append(problems, fmt.Sprintf("%s: min %v above max %v", where, *t.Min, *t.Max))
		}
		if strings.TrimSpace(t.Source) == "" {
			problems = append(problems, where+": no source (every target names the document and section it comes from, or says it is an assumption)")
		}
		if t.Tolerance < 0 || math.IsNaN(t.Tolerance) {
			problems = append(problems, fmt.Sprintf("%s: tolerance %v is negative (allowed: >= 0)", where, t.Tolerance))
		}
		switch {
		case t.Informative == nil:
			problems = append(problems, where+": informative is not set (say true if the observation constrains something the model does not take as an input, or false with why = what it only confirms)")
		case !*t.Informative && strings.TrimSpace(t.Why) == "":
			problems = append(problems, where+": informative = false needs why (the input it only confirms)")
		}
		if f.ScenarioOf(t) == "" {
			problems = append(problems, where+": no scenario (set scenario here or at the top of the file)")
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return &f, nil
}

func commodities(s string) ([]sim.Commodity, bool) {
	switch s {
	case "opiates":
		return []sim.Commodity{sim.Heroin, sim.Opium}, true
	}
	if c, ok := sim.ParseCommodity(s); ok {
		return []sim.Commodity{c}, true
	}
	return nil, false
}

// Value is the target's quantity in one replication of world w.
func (t *Target) Value(w *sim.World, r *experiment.Rep) float64 {
	if t.Metric != "" {
		return r.Values[t.metric]
	}
	b := t.Breakdown
	cs, _ := commodities(b.Commodity)
	d, _ := sim.ParseDimension(b.Dimension)
	keys := b.keys()
	var match, total sim.Grams
	events := 0
	for _, row := range r.Breakdown(w, d) {
		if !contains(cs, row.Commodity) {
			continue
		}
		total += row.Grams
		if slices.Contains(keys, row.Key) {
			match += row.Grams
			events += row.Events
		}
	}
	switch b.As {
	case "share":
		if total == 0 {
			return 0
		}
		return float64(match) / float64(total)
	case "events":
		return float64(events)
	}
	return match.Kg()
}

func contains(cs []sim.Commodity, c sim.Commodity) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// Result is a target checked against replications.
type Result struct {
	Target             *Target
	experiment.Stats           // of the simulated values
	AcceptLo, AcceptHi float64 // accepted range
	Pass               bool    // the simulated mean lies in the accepted range
}

// Check evaluates every target on the replications of world w.
func (f *File) Check(w *sim.World, reps []experiment.Rep) []Result {
	var out []Result
	for i := range f.Target {
		t := &f.Target[i]
		x := make([]float64, len(reps))
		for j := range reps {
			x[j] = t.Value(w, &reps[j])
		}
		r := Result{Target: t, Stats: experiment.Summarize(x)}
		r.AcceptLo, r.AcceptHi = t.Bounds()
		r.Pass = r.Mean >= r.AcceptLo && r.Mean <= r.AcceptHi
		out = append(out, r)
	}
	return out
}
