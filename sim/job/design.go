package job

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

// sweepDesign makes the design of a sweep of scenario arg, and names its
// kind for the manifest: the full factorial over the Vary grids
// ("factorial"), a Latin hypercube over the Vary ranges or the scenario's
// [[uncertain]] ranges ("lhs"), or the points of a CSV file ("file NAME").
// Each var of the design is named by where it came from ("--vary
// KEY=FROM:TO:STEPS"), so that a problem with its key is reported once, not
// at every point: see designPoints.
func sweepDesign(bs bases, arg string, spec Design, seed uint64) (d design.Design, kind string, names []string, err error) {
	var vars []design.Var
	for _, v := range spec.Vary {
		vars = append(vars, design.Var{Key: v.Key, Low: v.From, High: v.To, Steps: v.Steps})
		names = append(names, "--vary "+v.String())
	}
	switch {
	case spec.LHS > 0:
		lhs := fmt.Sprintf("lhs:%d", spec.LHS)
		if len(vars) == 0 {
			sc, err := bs.load(arg)
			if err != nil {
				return d, "", nil, err
			}
			if len(sc.Uncertain) == 0 {
				return d, "", nil, usage("--design %s without --vary samples the scenario's [[uncertain]] parameters, and %s declares none: give the ranges with --vary KEY=FROM:TO:STEPS", lhs, arg)
			}
			for _, u := range sc.Uncertain {
				vars = append(vars, design.Var{Key: u.Name, Low: u.Low, High: u.High})
				names = append(names, "[[uncertain]] "+u.Name)
			}
		}
		d, err := design.LatinHypercube(vars, spec.LHS, sim.NewRNG(seed, 0, sim.StreamDesign, 0))
		if err != nil {
			return d, "", nil, usage("--design %s: %v", lhs, err)
		}
		return d, "lhs", names, nil
	case spec.File != "":
		f, err := os.Open(spec.File)
		if err != nil {
			return d, "", nil, usage("--design %s: %v", spec.File, errors.Unwrap(err))
		}
		defer f.Close()
		if d, err = design.ReadCSV(f, spec.File); err != nil {
			return d, "", nil, usage("--design: %v", err)
		}
		for _, v := range d.Vars {
			names = append(names, "--design "+spec.File+" column "+v.Key)
		}
		return d, "file " + spec.File, names, nil
	default:
		if d, err = design.Factorial(vars); err != nil {
			return d, "", nil, usage("--vary: %v", err)
		}
		return d, "factorial", names, nil
	}
}

// designPoints turns a design into the points of a sweep: one override per
// var, named as names says. A sweep of one key names each scenario by its
// value, "[key=value]" (as sweeps always have); other designs number them,
// "@1", "@2", … to keep names short (manifest.json and the design columns of
// runs.csv and summary.csv hold the values).
func designPoints(d design.Design, kind string, names []string) []point {
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
