package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"hourglass/sim"
	"hourglass/sim/design"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// repeated is a flag that may be given several times (--vary).
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, " ") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

// parseVary parses KEY=FROM:TO:STEPS.
func parseVary(s string) (design.Var, error) {
	key, rng, ok := strings.Cut(s, "=")
	parts := strings.Split(rng, ":")
	if !ok || key == "" || len(parts) != 3 {
		return design.Var{}, fmt.Errorf("--vary %q: want KEY=FROM:TO:STEPS, such as group[*].professionalization=0:1:5", s)
	}
	from, e1 := strconv.ParseFloat(parts[0], 64)
	to, e2 := strconv.ParseFloat(parts[1], 64)
	steps, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil || steps < 2 {
		return design.Var{}, fmt.Errorf("--vary %q: FROM and TO must be numbers and STEPS a whole number of at least 2", s)
	}
	return design.Var{Key: key, Low: from, High: to, Steps: steps}, checkVarySteps(s, from, to, steps)
}

// sweepDesign makes the design of a sweep of scenario arg from its --vary
// flags and --design spec, and names its kind for the manifest: the full
// factorial over the --vary grids ("factorial"), a Latin hypercube over the
// --vary ranges or the scenario's [[uncertain]] ranges ("lhs"), or the
// points of a CSV file ("file NAME"). Bad flags are usage errors. Each var
// of the design is named by where it came from ("--vary KEY=FROM:TO:STEPS"),
// so that a problem with its key is reported once, not at every point: see
// designPoints.
func sweepDesign(arg string, vary []string, spec string, seed uint64) (design.Design, string, error) {
	usage := func(format string, args ...any) error {
		return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
	}
	var vars []design.Var
	for _, v := range vary {
		x, err := parseVary(v)
		if err != nil {
			return design.Design{}, "", usage("%v", err)
		}
		vars = append(vars, x)
	}
	switch {
	case spec == "":
		if len(vars) == 0 {
			return design.Design{}, "", usage("sweep needs --vary KEY=FROM:TO:STEPS (repeat it for a factorial design) or --design lhs:N or --design FILE.csv")
		}
		d, err := design.Factorial(vars)
		if err != nil {
			return d, "", usage("--vary: %v", err)
		}
		return d, "factorial", nil
	case strings.HasPrefix(spec, "lhs:"):
		n, err := strconv.Atoi(strings.TrimPrefix(spec, "lhs:"))
		if err != nil || n < 1 || n > design.MaxPoints {
			return design.Design{}, "", usage("--design %s: want lhs:N, N a whole number of points from 1 to %d", spec, design.MaxPoints)
		}
		if len(vars) == 0 {
			sc, err := loadScenario(arg)
			if err != nil {
				return design.Design{}, "", err
			}
			if len(sc.Uncertain) == 0 {
				return design.Design{}, "", usage("--design %s without --vary samples the scenario's [[uncertain]] parameters, and %s declares none: give the ranges with --vary KEY=FROM:TO:STEPS", spec, arg)
			}
			for _, u := range sc.Uncertain {
				vars = append(vars, design.Var{Key: u.Name, Low: u.Low, High: u.High})
			}
		}
		d, err := design.LatinHypercube(vars, n, sim.NewRNG(seed, 0, sim.StreamDesign, 0))
		if err != nil {
			return d, "", usage("--design %s: %v", spec, err)
		}
		return d, "lhs", nil
	case strings.HasSuffix(strings.ToLower(spec), ".csv"):
		if len(vars) > 0 {
			return design.Design{}, "", usage("--design %s takes its keys and values from the file: drop --vary", spec)
		}
		f, err := os.Open(spec)
		if err != nil {
			return design.Design{}, "", usage("--design %s: %v", spec, errors.Unwrap(err))
		}
		defer f.Close()
		d, err := design.ReadCSV(f, spec)
		if err != nil {
			return d, "", usage("--design: %v", err)
		}
		return d, "file " + spec, nil
	default:
		return design.Design{}, "", usage("--design %q: want lhs:N (a Latin hypercube of N points) or FILE.csv (a point per row)", spec)
	}
}

// designPoints turns a design into the points of a sweep: one override per
// var. A sweep of one key names each scenario by its value, "[key=value]"
// (as sweeps always have); other designs number them, "@1", "@2", … to keep
// names short (manifest.json and the design columns of runs.csv and
// summary.csv hold the values).
func designPoints(d design.Design, kind string, vary []string, spec string) []point {
	names := make([]string, len(d.Vars))
	for j, v := range d.Vars {
		switch {
		case j < len(vary):
			names[j] = "--vary " + vary[j]
		case strings.HasPrefix(spec, "lhs:"):
			names[j] = "[[uncertain]] " + v.Key
		default:
			names[j] = "--design " + spec + " column " + v.Key
		}
	}
	out := make([]point, len(d.Points))
	for i, p := range d.Points {
		ovs := make([]scenario.Override, len(p))
		labels := make([]string, len(p))
		for j, x := range p {
			ovs[j] = scenario.Override{Path: d.Vars[j].Key, Value: x, Name: names[j]}
			labels[j] = ovs[j].String()
		}
		out[i] = point{overrides: ovs, suffix: fmt.Sprintf("@%d", i+1)}
		if kind == "factorial" && len(p) == 1 {
			out[i].suffix = "[" + strings.Join(labels, ",") + "]"
		}
	}
	return out
}

// point is what a sweep sets in one scenario: its overrides, and how its
// name ends.
type point struct {
	overrides []scenario.Override
	suffix    string
}

// manifestPoints rebuilds the points of a sweep from its manifest (merge):
// from each scenario's params, or from the override of a manifest written
// before params were recorded.
func manifestPoints(m results.Manifest) ([]point, error) {
	out := make([]point, len(m.Scenarios))
	for i, s := range m.Scenarios {
		for _, p := range s.Params {
			out[i].overrides = append(out[i].overrides, scenario.Override{Path: p.Key, Value: p.Value})
		}
		if len(s.Params) == 0 && s.Override != "" {
			path, val, _ := strings.Cut(s.Override, "=")
			x, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return nil, fmt.Errorf("manifest: scenario %s: override %q is not KEY=NUMBER", s.Name, s.Override)
			}
			out[i].overrides = []scenario.Override{{Path: path, Value: x}}
		}
	}
	return out, nil
}
