package job

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// Load loads a scenario as the command line names it: a TOML file on disk
// (which may extend the shipped scenarios), or the name of a shipped
// scenario ("baseline" or "baseline.toml"), with overrides applied.
func Load(arg string, ov ...scenario.Override) (*scenario.Scenario, error) {
	return bases{}.load(arg, ov...)
}

// prepare reads, decodes and checks the files of a scenario named on the
// command line, once, to build it with overrides (scenario.Prepare): every
// scenario a job runs comes from here.
func prepare(arg string) (*scenario.Base, error) {
	fsys, name, err := Resolve(arg)
	if err != nil {
		return nil, err
	}
	b, err := scenario.Prepare(fsys, name)
	return b, onDisk(arg, err)
}

// onDisk names the files of a scenario's problems as the command line
// reaches them: a file read from arg's directory by its path
// (scenarios/examples/x.toml:3, not x.toml:3); a shipped file, or one in
// the current directory, keeps its name. Other errors pass unchanged.
func onDisk(arg string, err error) error {
	var list scenario.ErrorList
	dir := filepath.Dir(arg)
	if dir == "." || !errors.As(err, &list) {
		return err
	}
	out := make(scenario.ErrorList, len(list))
	for i, p := range list {
		if p.File != "" {
			if _, serr := os.Lstat(filepath.Join(dir, p.File)); serr == nil {
				p.File = filepath.Join(dir, p.File)
			}
		}
		out[i] = p
	}
	return out
}

// bases are scenarios prepared once each, by the argument that names them,
// and built with each set of overrides from that (a sweep's points, a
// study's levels). Not safe for concurrent use; a Base is.
type bases map[string]*prepared

type prepared struct {
	base *scenario.Base
	err  error
}

// base is the scenario arg, prepared.
func (b bases) base(arg string) (*scenario.Base, error) {
	p, ok := b[arg]
	if !ok {
		p = &prepared{}
		p.base, p.err = prepare(arg)
		b[arg] = p
	}
	return p.base, p.err
}

// load builds the scenario arg with overrides.
func (b bases) load(arg string, ov ...scenario.Override) (*scenario.Scenario, error) {
	base, err := b.base(arg)
	if err != nil {
		return nil, err
	}
	return base.With(ov...)
}

// Resolve finds the file system and file name of a scenario named on the
// command line (scenarios.Resolve): a file on disk, seen with the shipped
// files behind it (so that it can extend them), or a shipped file.
func Resolve(arg string) (fs.FS, string, error) { return scenarios.Resolve(arg) }

// Shipped lists the shipped scenarios by their files' names (without
// .toml), as loaded: not the network and calibration targets files.
func Shipped() (names []string, scs []*scenario.Scenario, err error) {
	for _, n := range scenarios.Names() {
		sc, err := scenario.Load(scenarios.FS, n+".toml")
		if err != nil {
			return nil, nil, err
		}
		names, scs = append(names, n), append(scs, sc)
	}
	return names, scs, nil
}

// loaded is a scenario of an experiment with how it was named.
type loaded struct {
	sc       *scenario.Scenario
	arg      string
	override string // a sweep of one key: key=value
	suffix   string // a sweep: how the name ends ("[key=value]", "@3")
	params   []results.ParamValue
	// baseline is the index of the scenario this one is paired with (its
	// own for a baseline; 0 in an ordinary comparison): see
	// experiment.Scenario.Baseline.
	baseline int
}

// point is what a sweep sets in one scenario: its overrides, and how its
// name ends ("[key=value]", "@3").
type point struct {
	overrides []scenario.Override
	suffix    string
}

// loadAll loads every scenario before anything is run or written, so that
// bad input leaves no results directory behind, each file read once (bs).
// points, if not nil, are the overrides of each scenario of a sweep. Names
// are made unique: a sweep's scenario ends with its point's suffix, and a
// name given twice gets #2, #3, ….
func loadAll(bs bases, args []string, points []point) ([]loaded, error) {
	var out []loaded
	var problems []string
	seen := map[string]bool{}
	for i, a := range args {
		var ov []scenario.Override
		var params []results.ParamValue
		label, suffix := "", ""
		if points != nil {
			ov, suffix = points[i].overrides, points[i].suffix
			for _, o := range ov {
				params = append(params, results.ParamValue{Key: o.Path, Value: o.Value})
			}
			if len(ov) == 1 {
				label = ov[0].String()
			}
		}
		sc, err := runnable(bs.load(a, ov...))
		if err != nil {
			var list scenario.ErrorList
			if errors.As(err, &list) {
				err = list
			}
			// a sweep repeats one problem at every step: say it once
			if !seen[err.Error()] {
				seen[err.Error()] = true
				problems = append(problems, err.Error())
			}
			continue
		}
		out = append(out, loaded{sc: sc, arg: a, override: label, suffix: suffix, params: params})
	}
	if len(problems) > 0 {
		return nil, errors.New("invalid scenario:\n" + strings.Join(problems, "\n"))
	}
	names := map[string]bool{}
	for i := range out {
		name := out[i].sc.Name + out[i].suffix
		for n := 2; names[name]; n++ {
			name = fmt.Sprintf("%s#%d%s", out[i].sc.Name, n, out[i].suffix)
		}
		names[name] = true
		out[i].sc.Name = name
	}
	return out, nil
}

// runnable refuses, for run, compare, sweep and merge, a scenario that
// loads but has no trafficking groups: a network file alone, which would
// run and report zeros (hourglass check accepts it, as a network).
func runnable(sc *scenario.Scenario, err error) (*scenario.Scenario, error) {
	if err == nil && len(sc.World.Populations) == 0 {
		return nil, fmt.Errorf("%s: no groups: nothing would move (a network file is not a scenario: extend it and add [[group]] entries)", sc.Files[len(sc.Files)-1].Path)
	}
	return sc, err
}

func worldsOf(scs []loaded) []*sim.World {
	w := make([]*sim.World, len(scs))
	for i := range scs {
		w[i] = scs[i].sc.World
	}
	return w
}

func scenariosOf(scs []loaded) []*scenario.Scenario {
	out := make([]*scenario.Scenario, len(scs))
	for i := range scs {
		out[i] = scs[i].sc
	}
	return out
}
