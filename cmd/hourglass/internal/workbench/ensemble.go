package workbench

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/job"
)

// A comparison across an ensemble and a calibration are queued from the
// new-run page as the command line runs them: the form fills the job.Spec
// (Spec.Ensemble, or Kind Calibrate) and the queue runs it through package
// job; the result page says, above the report, what the ensemble decided
// and where the answer flips, or what the calibration kept.

// ensembleOption is an ensemble the comparison form offers: the shipped one
// or a complete calibration of the workspace.
type ensembleOption struct {
	Value, Label string
}

// ensembleOptions lists the ensembles a comparison may run across.
func (w *Workbench) ensembleOptions() []ensembleOption {
	out := []ensembleOption{{"shipped", "the shipped ensemble (" + scenarios.EnsembleName + ")"}}
	for _, ri := range w.listResults(0) {
		if ri.Kind == job.Calibrate.String() && ri.Status == "complete" {
			if _, err := w.results.Stat(path.Join(ri.Name, job.EnsembleFile)); err == nil {
				out = append(out, ensembleOption{"results/" + ri.Name, "the calibration " + ri.Name})
			}
		}
	}
	return out
}

// ensembleArg is the --ensemble of a form's choice ("" for none), or a
// problem.
func (w *Workbench) ensembleArg(choice string) (string, string) {
	switch {
	case choice == "":
		return "", ""
	case choice == "shipped":
		return scenarios.EnsembleName, ""
	}
	name, ok := strings.CutPrefix(choice, "results/")
	if !ok || !validName(name) {
		return "", fmt.Sprintf("ensemble %q: not an ensemble of the workspace", choice)
	}
	if _, err := w.results.Stat(path.Join(name, job.EnsembleFile)); err != nil {
		return "", fmt.Sprintf("ensemble %q: the calibration has no %s (is it complete?)", choice, job.EnsembleFile)
	}
	return filepath.Join(w.cfg.Dir, "results", name, job.EnsembleFile), ""
}

// calibrateForm is the calibration form: waves, points per wave,
// replications per point and seed.
type calibrateForm struct {
	Waves, Runs, N, Seed string
	Errors               fieldErrors
}

// calibrationSpec reads the calibration form into f and the calibration it
// asks for (of every period of the shipped targets), with the stem of its
// results directory's name.
func (w *Workbench) calibrationSpec(r *http.Request, f *calibrateForm) (job.Spec, string) {
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.Waves, f.Runs, f.N, f.Seed = get("waves"), get("runs"), get("cal-n"), get("cal-seed")
	spec := job.Spec{Kind: job.Calibrate}
	for _, x := range []struct {
		name, text string
		dst        *int
		lo         int
	}{{"waves", f.Waves, &spec.Calibration.Waves, 1}, {"runs", f.Runs, &spec.Calibration.Runs, 2}, {"cal-n", f.N, &spec.N, 2}} {
		v, err := strconv.Atoi(x.text)
		if err != nil || v < x.lo || v > job.MaxReplications {
			f.Errors.add(x.name, "%s %q: want a whole number from %d to %d", x.name, x.text, x.lo, job.MaxReplications)
		}
		*x.dst = v
	}
	seed, err := strconv.ParseUint(f.Seed, 10, 64)
	if err != nil {
		f.Errors.add("cal-seed", "seed %q: want a whole number >= 0", f.Seed)
	}
	spec.Seed = seed
	return spec, "calibrate"
}

// enqueue queues spec into a new results directory named from base and
// sends the browser to its page.
func (w *Workbench) enqueue(rw http.ResponseWriter, r *http.Request, base string, spec job.Spec) {
	name, err := w.newResultsDir(base)
	if err != nil {
		w.fail(rw, http.StatusInternalServerError, "results directory: %v", err)
		return
	}
	spec.Out = filepath.Join(w.cfg.Dir, "results", name)
	w.queue.add(name, spec)
	http.Redirect(rw, r, "/results/"+name, http.StatusSeeOther)
}

// acrossLines are what the result page says above the report of an
// ensemble comparison (which choice is robust, where the answer flips) or
// of a calibration (what each wave kept, what the targets constrain).
func (w *Workbench) acrossLines(ri resultInfo) []string {
	if ri.Status != "complete" {
		return nil
	}
	switch ri.Kind {
	case job.EnsembleKind:
		var e struct {
			Words       string `json:"in_words"`
			Discoveries []struct {
				Question, Sentence string
			} `json:"discoveries"`
		}
		if !w.readJSON(path.Join(ri.Name, job.EnsembleJSON), &e) {
			return nil
		}
		lines := strings.Split(e.Words, "\n")
		for _, d := range e.Discoveries {
			lines = append(lines, d.Question+" "+d.Sentence)
		}
		return lines
	case job.Calibrate.String():
		var c struct {
			Waves []struct {
				Wave         int     `json:"wave"`
				KeptFraction float64 `json:"kept_fraction"`
			} `json:"waves"`
			Members   int `json:"members"`
			Marginals []struct {
				Input       string `json:"input"`
				Constrained bool   `json:"constrained"`
			} `json:"marginals"`
		}
		if !w.readJSON(path.Join(ri.Name, job.CalibrationJSON), &c) {
			return nil
		}
		var waves, constrained []string
		for _, wv := range c.Waves {
			waves = append(waves, fmt.Sprintf("wave %d kept %.3g%% of the prior space", wv.Wave, 100*wv.KeptFraction))
		}
		for _, m := range c.Marginals {
			if m.Constrained {
				constrained = append(constrained, m.Input)
			}
		}
		lines := []string{strings.Join(waves, "; ") + fmt.Sprintf(": %d members.", c.Members)}
		if len(constrained) > 0 {
			lines = append(lines, "The targets constrain "+strings.Join(constrained, ", ")+"; the report shows the rest.")
		}
		return append(lines, "Compare policies across this ensemble from New run.")
	}
	return nil
}

// readJSON decodes a file of the results directory (a regular file:
// readRegular).
func (w *Workbench) readJSON(name string, v any) bool {
	data, err := w.readRegular(name)
	return err == nil && json.Unmarshal(data, v) == nil
}
