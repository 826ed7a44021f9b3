package job

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The packages are layered: the model computes, the experiment runner
// summarises, results writes files, report draws, job ties them together
// and the command line prints. TestLayers checks, from go list, the rules
// that keep it so:
//
//   - the model (hourglass/sim) imports no other package of this module
//     but its own internal ones: no scenario, experiment, results, report,
//     job or cmd;
//   - sim/experiment writes nothing: no package of this module that it
//     depends on (itself included) imports os, io/fs, io/ioutil, os/exec,
//     path/filepath or syscall, so nothing it can reach names a file (fmt
//     and the standard library below it are not counted: they write only
//     where they are told);
//   - sim/results draws nothing: neither it nor anything it depends on is
//     gonum.org/v1/plot or hourglass/sim/report.
func TestLayers(t *testing.T) {
	pkgs := goList(t, "hourglass/sim", "hourglass/sim/experiment", "hourglass/sim/results")
	deps := func(root string) []*listed {
		var out []*listed
		for _, d := range pkgs[root].Deps {
			if p, ok := pkgs[d]; ok {
				out = append(out, p)
			}
		}
		return append(out, pkgs[root])
	}
	ours := func(path string) bool { return path == "hourglass" || strings.HasPrefix(path, "hourglass/") }

	for _, p := range deps("hourglass/sim") {
		if ours(p.ImportPath) && p.ImportPath != "hourglass/sim" && !strings.HasPrefix(p.ImportPath, "hourglass/sim/internal/") {
			t.Errorf("the model (hourglass/sim) depends on %s", p.ImportPath)
		}
	}
	files := []string{"os", "io/fs", "io/ioutil", "os/exec", "path/filepath", "syscall"}
	for _, p := range deps("hourglass/sim/experiment") {
		if !ours(p.ImportPath) {
			continue
		}
		for _, imp := range p.Imports {
			if slices.Contains(files, imp) {
				t.Errorf("sim/experiment must write nothing, and %s (which it depends on) imports %s", p.ImportPath, imp)
			}
		}
	}
	for _, p := range deps("hourglass/sim/results") {
		if strings.HasPrefix(p.ImportPath, "gonum.org/v1/plot") || p.ImportPath == "hourglass/sim/report" {
			t.Errorf("sim/results must draw nothing, and depends on %s", p.ImportPath)
		}
	}
}

// listed is what go list -json says of a package.
type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// goList lists the packages and every package they depend on, by import
// path.
func goList(t *testing.T, roots ...string) map[string]*listed {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps", "-json=ImportPath,Imports,Deps"}, roots...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs := map[string]*listed{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("go list: %v", err)
		}
		pkgs[p.ImportPath] = &p
	}
	for _, r := range roots {
		if pkgs[r] == nil {
			t.Fatalf("go list does not list %s", r)
		}
	}
	return pkgs
}
