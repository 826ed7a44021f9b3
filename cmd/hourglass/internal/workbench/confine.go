package workbench

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"hourglass/scenarios"

	"hourglass/sim/job"
	"hourglass/sim/results"
)

// What a run may name. Results directories are meant to be shared, so a
// manifest (and a run's record, which sits in the workspace) is read as
// untrusted: before any run or resume, every scenario it names is matched
// to a scenario of the library (a shipped one by its bare name, or a file of
// WORKSPACE/scenarios by its path there) and replaced by the library's own
// argument for it; anything else is refused. job.Spec holds no argv, so an
// argument shaped like a flag (--cpuprofile=FILE) is only a scenario name
// that matches nothing.

// confineArg is the library's scenario that arg, as a record or manifest
// gives it, names: a bare shipped name (with or without .toml; not the
// network or the targets), or a path to a file directly in the workspace's
// scenarios directory that the library reads (through os.Root, so a link
// out of the workspace does not count). A path in another directory named
// scenarios (a workspace since moved) names the file of that name in this
// workspace's: whatever the path says, only this workspace's files are
// read.
func (l *library) confineArg(arg, workspace string) (entry, error) {
	bad := func(why string) (entry, error) {
		return entry{}, fmt.Errorf("scenario %q: %s (the workbench runs only the shipped scenarios and the files of %s)", arg, why, filepath.Join(workspace, "scenarios"))
	}
	if arg == "" || strings.HasPrefix(arg, "-") {
		return bad("not a scenario")
	}
	if !strings.ContainsAny(arg, `/\`) {
		name := strings.TrimSuffix(arg, ".toml")
		if e, ok := l.find(shipped, name); ok {
			return e, nil
		}
		return bad("no shipped scenario of that name")
	}
	// the workspace's scenarios directory, or one of that name (the record
	// of a workspace since moved): the file of that name here
	dir, file := filepath.Split(filepath.Clean(arg))
	if filepath.Base(dir) != "scenarios" || !strings.HasSuffix(file, ".toml") {
		return bad("outside the workspace's scenarios")
	}
	if e, ok := l.find(mine, strings.TrimSuffix(file, ".toml")); ok {
		return e, nil
	}
	return bad("no such file in the workspace's scenarios")
}

// confineSpec is spec with every scenario replaced by the library's
// argument for it (confineArg), an optimisation's candidates file confined
// likewise (confineCandidates), a comparison's ensemble likewise
// (confineEnsemble), and its results directory that of name in the
// workspace; it refuses a spec with anything else the workbench never sets
// (a design file, an optimisation's ensemble file, a calibration's targets
// or --from).
func (w *Workbench) confineSpec(name string, spec job.Spec) (job.Spec, error) {
	if !validName(name) {
		return spec, fmt.Errorf("%q is not the name of a results directory", name)
	}
	if spec.Design.File != "" {
		return spec, errors.New("a design file: the workbench runs only the designs of its forms")
	}
	scs := make([]string, len(spec.Scenarios))
	for i, a := range spec.Scenarios {
		e, err := w.library.confineArg(a, w.cfg.Dir)
		if err != nil {
			return spec, err
		}
		scs[i] = w.library.arg(e, w.cfg.Dir)
	}
	spec.Scenarios = scs
	if c := spec.Calibration; c.Targets != "" || c.From != "" {
		return spec, errors.New("a calibration's targets or --from directory: the workbench runs only the calibrations of its form")
	}
	if spec.Ensemble != "" {
		e, err := w.confineEnsemble(spec.Ensemble)
		if err != nil {
			return spec, err
		}
		spec.Ensemble = e
	}
	if o := spec.Optimise; o != nil {
		if o.Ensemble != "" {
			return spec, errors.New("an ensemble file: the workbench runs only the optimisations of its form")
		}
		c, err := w.confineCandidates(o.Candidates)
		if err != nil {
			return spec, err
		}
		oc := *o
		oc.Candidates = c
		spec.Optimise = &oc
	}
	spec.Out = filepath.Join(w.cfg.Dir, "results", name)
	return spec, nil
}

// confineCandidates is the candidates file arg names, as a record gives
// it, if it is one the optimise form offers: a shipped one by its bare name,
// or a regular file of WORKSPACE/candidates by its path there (a path in
// another directory named candidates, of a workspace since moved, names the
// file of that name here).
func (w *Workbench) confineCandidates(arg string) (string, error) {
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("candidates %q: %s (the workbench runs only the shipped candidates files and those of %s)", arg, why, filepath.Join(w.cfg.Dir, candidatesDir))
	}
	if !strings.ContainsAny(arg, `/\`) {
		if _, err := fs.Stat(scenarios.CandidatesFS, path.Join(candidatesDir, strings.TrimSuffix(arg, ".toml")+".toml")); err != nil || !validName(strings.TrimSuffix(arg, ".toml")) {
			return bad("no shipped candidates file of that name")
		}
		return arg, nil
	}
	dir, file := filepath.Split(filepath.Clean(arg))
	name := strings.TrimSuffix(file, ".toml")
	if filepath.Base(dir) != candidatesDir || name == file || !validName(name) {
		return bad("outside the workspace's candidates")
	}
	local := filepath.Join(w.cfg.Dir, candidatesDir, file)
	if st, err := os.Lstat(local); err != nil || !st.Mode().IsRegular() {
		return bad("no such file in the workspace's candidates")
	}
	return local, nil
}

// confineEnsemble is the ensemble file arg names, as a record gives it, if
// it is one the comparison form offers (ensembleArg): the shipped one by
// its name, or the ensemble.csv of a calibration in the workspace's results
// (a path in another directory named results, of a workspace since moved,
// names the calibration of that name here), a regular file.
func (w *Workbench) confineEnsemble(arg string) (string, error) {
	if arg == scenarios.EnsembleName {
		return arg, nil
	}
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("ensemble %q: %s (the workbench runs only the shipped ensemble and those of the calibrations in %s)", arg, why, filepath.Join(w.cfg.Dir, "results"))
	}
	run, file := filepath.Split(filepath.Clean(arg))
	run = filepath.Clean(run)
	name := filepath.Base(run)
	if file != job.EnsembleFile || filepath.Base(filepath.Dir(run)) != "results" || !validName(name) {
		return bad("outside the workspace's calibrations")
	}
	if st, err := w.results.Lstat(path.Join(name, job.EnsembleFile)); err != nil || !st.Mode().IsRegular() {
		return bad("no such calibration's ensemble in the workspace")
	}
	return filepath.Join(w.cfg.Dir, "results", name, job.EnsembleFile), nil
}

// readManifest reads the manifest of the results directory name, only if
// it is a regular file (a received directory may hold a named pipe there,
// which would block the page) of at most results.MaxManifestBytes.
func (w *Workbench) readManifest(name string) ([]byte, error) {
	return w.readRegular(path.Join(name, results.ManifestFile))
}

// readRegular reads the file p of the results, only if it is a regular
// file of at most results.MaxManifestBytes (a manifest, a calibration's or
// an ensemble comparison's JSON).
func (w *Workbench) readRegular(p string) ([]byte, error) {
	st, err := w.results.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > results.MaxManifestBytes {
		return nil, fmt.Errorf("%s: not a file hourglass wrote", p)
	}
	return w.results.ReadFile(p)
}
