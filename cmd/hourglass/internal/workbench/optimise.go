package workbench

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/job"
)

// What to buy with a budget: a form that fills the job.Spec of hourglass
// optimise (its candidates, budget, objective, replications and seed) and
// queues it like a comparison; the result page shows its report, which
// leads with the chosen portfolio, its frontier and its siting map.
//
// Candidates files are the shipped ones (scenarios/candidates) and the
// user's, in WORKSPACE/candidates (a file pasted into the form is saved
// there). A user's file names shipped scenarios by name, and the user's by
// path from its directory (../scenarios/NAME.toml).

// candidatesDir is the workspace's directory of candidates files.
const candidatesDir = "candidates"

// optimiseFormData is what the form shows.
type optimiseFormData struct {
	Errors     []string
	Choices    []string // shipped/NAME and mine/NAME
	Choice     string
	Text       string // a candidates file pasted in
	SaveAs     string
	Budget     string
	PerRun     bool
	N, Seed    string
	Years      string
	Procedure  string
	Objective  string
	Objectives []string
}

func (w *Workbench) optimiseFormData() optimiseFormData {
	d := optimiseFormData{Budget: "2000000", N: "100", Seed: "1", Procedure: "kn", Objective: experiment.DefaultObjective.String()}
	for _, m := range experiment.DecisionOutcomes {
		d.Objectives = append(d.Objectives, m.String())
	}
	entries, _ := fs.ReadDir(scenarios.CandidatesFS, "candidates")
	for _, e := range entries {
		d.Choices = append(d.Choices, "shipped/"+strings.TrimSuffix(e.Name(), ".toml"))
	}
	mine, _ := os.ReadDir(filepath.Join(w.cfg.Dir, candidatesDir))
	for _, e := range mine {
		if n := strings.TrimSuffix(e.Name(), ".toml"); e.Type().IsRegular() && validName(n) && n != e.Name() {
			d.Choices = append(d.Choices, "mine/"+n)
		}
	}
	if len(d.Choices) > 0 {
		d.Choice = d.Choices[0]
	}
	return d
}

func (w *Workbench) optimiseForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, http.StatusOK, "optimise", "What to buy with a budget", w.optimiseFormData())
}

// startOptimise checks the form, saves a pasted candidates file, prepares
// the optimisation (so that a bad candidates file is said here, with its
// lines) and queues it into a new results directory.
func (w *Workbench) startOptimise(rw http.ResponseWriter, r *http.Request) {
	d := w.optimiseFormData()
	d.Choice, d.Text, d.SaveAs = r.PostFormValue("candidates"), r.PostFormValue("text"), strings.TrimSpace(r.PostFormValue("saveas"))
	d.Budget, d.PerRun, d.N, d.Seed = r.PostFormValue("budget"), r.PostFormValue("per-run") != "", r.PostFormValue("n"), r.PostFormValue("seed")
	d.Years, d.Procedure, d.Objective = r.PostFormValue("years"), r.PostFormValue("procedure"), r.PostFormValue("objective")
	bad := func(format string, args ...any) { d.Errors = append(d.Errors, fmt.Sprintf(format, args...)) }
	o := &job.OptimiseSpec{Procedure: d.Procedure}
	spec := job.Spec{Kind: job.Optimise, Optimise: o, Objective: d.Objective}
	label := ""
	switch {
	case strings.TrimSpace(d.Text) != "":
		if !validName(d.SaveAs) {
			bad("save as %q: want a name of lower-case letters, digits, '.', '_' or '-' (no .toml), such as my-posts", d.SaveAs)
			break
		}
		path, err := w.saveCandidates(d.SaveAs, d.Text)
		if err != nil {
			bad("save %s: %v", d.SaveAs, err)
			break
		}
		o.Candidates, label = path, d.SaveAs
		d.Choice = "mine/" + d.SaveAs
	case strings.HasPrefix(d.Choice, "shipped/") && slices.Contains(d.Choices, d.Choice):
		label = strings.TrimPrefix(d.Choice, "shipped/")
		o.Candidates = label
	case strings.HasPrefix(d.Choice, "mine/") && slices.Contains(d.Choices, d.Choice):
		label = strings.TrimPrefix(d.Choice, "mine/")
		o.Candidates = filepath.Join(w.cfg.Dir, candidatesDir, label+".toml")
	default:
		bad("candidates %q: choose a candidates file, or paste one", d.Choice)
	}
	budget := d.Budget
	if d.PerRun {
		budget += "/run"
	}
	var err error
	if o.Budget, err = job.ParseBudget(budget); err != nil {
		bad("budget %q: want a positive number of USD (2000000)", d.Budget)
	}
	if spec.N, err = strconv.Atoi(strings.TrimSpace(d.N)); err != nil || spec.N < 2 || spec.N > job.MaxReplications {
		bad("replications %q: want a whole number from 2 to %d", d.N, job.MaxReplications)
	}
	if spec.Seed, err = strconv.ParseUint(strings.TrimSpace(d.Seed), 10, 64); err != nil {
		bad("seed %q: want a whole number >= 0", d.Seed)
	}
	if y := strings.TrimSpace(d.Years); y != "" {
		if o.Years, err = strconv.Atoi(y); err != nil || o.Years < 1 || o.Years > 100 {
			bad("years %q: want a whole number from 1 to 100, or nothing for the base's own", y)
		}
	}
	if len(d.Errors) == 0 {
		name, err := w.newResultsDir("optimise-" + label)
		if err != nil {
			w.fail(rw, http.StatusInternalServerError, "results directory: %v", err)
			return
		}
		spec.Out = filepath.Join(w.cfg.Dir, "results", name)
		if _, err := job.Prepare(spec); err != nil {
			w.results.Remove(name) // still empty
			d.Errors = append(d.Errors, strings.Split(err.Error(), "\n")...)
		} else {
			w.queue.add(name, spec)
			http.Redirect(rw, r, "/results/"+name, http.StatusSeeOther)
			return
		}
	}
	w.render(rw, http.StatusUnprocessableEntity, "optimise", "What to buy with a budget", d)
}

// saveCandidates writes a pasted candidates file as
// WORKSPACE/candidates/NAME.toml, inside the workspace whatever the name
// (an os.Root), and returns its path.
func (w *Workbench) saveCandidates(name, text string) (string, error) {
	dir := filepath.Join(w.cfg.Dir, candidatesDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	if info, err := root.Lstat(name + ".toml"); err == nil && !info.Mode().IsRegular() {
		return "", errors.New("not a regular file")
	}
	if err := root.WriteFile(name+".toml", []byte(text), 0o644); err != nil {
		return "", err
	}
	return filepath.Join(dir, name+".toml"), nil
}
