package workbench

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"hourglass/sim/experiment"
	"hourglass/sim/job"
	"hourglass/sim/scenario"
)

// maxVary is how many keys the sweep form varies at once, and how many the
// comparison form's levels may cross.
const maxVary = 3

// runFormData is the new-run page's data: a comparison form and a sweep
// form, each with fields of its own (so that a problem with one never
// changes the other) and its problems beside the fields they are about.
type runFormData struct {
	Scenarios []entry
	// Groups are the alternatives, as policies, drivers and other worlds;
	// the form offers those that extend the chosen baseline.
	Groups     []altGroup
	Keys       []string
	Objectives []string
	Compare    compareForm
	Sweep      sweepForm
	// Ensembles are what a comparison may run across (ensemble.go);
	// Calibrate is the calibration form.
	Ensembles []ensembleOption
	Calibrate calibrateForm
}

// compareForm is the comparison form: a baseline and alternatives,
// optionally at each level of a design (each alternative against the
// baseline at the same level).
type compareForm struct {
	Baseline             string
	Alts                 map[string]bool
	N, Seed, Precision   string
	Objective            string
	Across               []varyRow
	AllowDifferentWorlds bool
	Ensemble             string // "" (one world), "shipped" or "results/NAME"
	Errors               fieldErrors
	queuedAcross         bool
}

// sweepForm is the sweep form: one scenario at each point of a design.
type sweepForm struct {
	Scenario           string
	N, Seed, Precision string
	Vary               []varyRow
	Design, LHSPoints  string
	Errors             fieldErrors
}

// varyRow is one KEY=FROM:TO:STEPS of a form.
type varyRow struct{ Key, From, To, Steps string }

// fieldErrors are a form's problems by the name of the field each is
// about ("" for the form as a whole).
type fieldErrors map[string]string

func (e fieldErrors) add(field, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if old, ok := e[field]; ok {
		msg = old + "; " + msg
	}
	e[field] = msg
}

// fieldError is one field's problem, as the field-error template shows it
// beside the field.
type fieldError struct{ Name, Msg string }

// entryChoice is a list of scenarios to choose from and the one chosen.
type entryChoice struct {
	Entries  []entry
	Selected string
}

// List is every problem, in the order of fields, for the form's summary.
func (e fieldErrors) List() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = e[k]
	}
	return out
}

func (w *Workbench) runFormData() runFormData {
	d := runFormData{Keys: scenario.OverrideKeys(),
		Compare: compareForm{Baseline: shipped + "/baseline", Alts: map[string]bool{}, N: "100", Seed: "1",
			Objective: experiment.DefaultObjective.String(), Across: make([]varyRow, maxVary), Errors: fieldErrors{}},
		Sweep: sweepForm{Scenario: shipped + "/baseline", N: "100", Seed: "1", Design: "factorial", LHSPoints: "20",
			Vary: make([]varyRow, maxVary), Errors: fieldErrors{}}}
	for _, m := range experiment.DecisionOutcomes {
		d.Objectives = append(d.Objectives, m.String())
	}
	for _, e := range w.library.entries() {
		if e.Problem == "" {
			d.Scenarios = append(d.Scenarios, e)
		}
	}
	d.Groups = alternativeGroups(d.Scenarios)
	d.Ensembles = w.ensembleOptions()
	d.Calibrate = calibrateForm{Waves: "4", Runs: "230", N: "10", Seed: "1", Errors: fieldErrors{}}
	return d
}

func (w *Workbench) runForm(rw http.ResponseWriter, r *http.Request) {
	d := w.runFormData()
	if a := r.URL.Query().Get("alt"); a != "" {
		d.Compare.Alts[a] = true
		if e, ok := w.findRef(a); ok && e.Parent != "" {
			d.Compare.Baseline = e.Parent
		}
	}
	w.render(rw, http.StatusOK, "run", "New run", d)
}

// findRef finds a scenario by its Ref (origin/name).
func (w *Workbench) findRef(ref string) (entry, bool) {
	origin, name, _ := strings.Cut(ref, "/")
	return w.library.find(origin, name)
}

// startRun queues a comparison (or, with kind=sweep, a sweep) into a new
// results directory. Everything a person may get wrong in a form is said
// here, beside its field, before anything is queued; what only the run can
// tell (a key that is not in the scenario) comes back as the run's error.
func (w *Workbench) startRun(rw http.ResponseWriter, r *http.Request) {
	d := w.runFormData()
	var spec job.Spec
	var errs fieldErrors
	var stem string
	switch r.PostFormValue("kind") {
	case "sweep":
		spec, stem = w.sweepSpec(r, &d.Sweep)
		errs = d.Sweep.Errors
	case "calibrate":
		spec, stem = w.calibrationSpec(r, &d.Calibrate)
		errs = d.Calibrate.Errors
	default:
		spec, stem = w.compareSpec(r, &d.Compare)
		errs = d.Compare.Errors
	}
	if len(errs) > 0 {
		w.render(rw, http.StatusUnprocessableEntity, "run", "New run", d)
		return
	}
	w.enqueue(rw, r, stem, spec)
}

// compareSpec reads the comparison form into f and the spec it asks for,
// with the stem of its results directory's name.
func (w *Workbench) compareSpec(r *http.Request, f *compareForm) (job.Spec, string) {
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.Baseline, f.N, f.Seed, f.Precision = get("baseline"), get("n"), get("seed"), get("precision")
	f.AllowDifferentWorlds = get("allow-different-worlds") != ""
	spec := job.Spec{Kind: job.Compare, AllowDifferentWorlds: f.AllowDifferentWorlds}
	base, ok := w.findRef(f.Baseline)
	if !ok {
		f.Errors.add("baseline", "scenario %q: no such scenario", f.Baseline)
	}
	spec.Scenarios = []string{w.library.arg(base, w.cfg.Dir)}
	for _, a := range r.PostForm["alt"] {
		f.Alts[a] = true
		e, ok := w.findRef(a)
		switch {
		case !ok:
			f.Errors.add("alt", "alternative %q: no such scenario", a)
			continue
		case base.Name != "" && e.Parent != base.Ref() && !f.AllowDifferentWorlds:
			f.Errors.add("alt", "%s extends %s, not the baseline %s: compared with %s, everything %s changes would count as its effect; choose %s as the baseline, or tick \"compare different worlds\"",
				e.Name, parentName(e), base.Name, base.Name, parentName(e), parentName(e))
		}
		spec.Scenarios = append(spec.Scenarios, w.library.arg(e, w.cfg.Dir))
	}
	if len(r.PostForm["alt"]) == 0 {
		f.Errors.add("alt", "choose at least one alternative to compare with the baseline")
	}
	if o := get("objective"); o != "" {
		f.Objective = o
		if !slices.Contains(experiment.DecisionOutcomes, metricNamed(o)) {
			f.Errors.add("objective", "objective %q: not an outcome of the decision table", o)
		} else if o != experiment.DefaultObjective.String() {
			spec.Objective = o
		}
	}
	f.Ensemble = get("ensemble")
	if arg, problem := w.ensembleArg(f.Ensemble); problem != "" {
		f.Errors.add("ensemble", "%s", problem)
	} else {
		spec.Ensemble = arg
	}
	spec.Design.Vary = readRows(r, "across", f.Across, f.Errors)
	f.queuedAcross = len(spec.Design.Vary) > 0
	spec.N, spec.Seed, spec.Precision = readRunSize(f.N, f.Seed, f.Precision, 2, "", f.Errors)
	stem := "compare-" + base.Name
	if f.queuedAcross {
		stem = "compare-across-" + base.Name
	}
	return spec, stem
}

// parentName is the name of the scenario e extends.
func parentName(e entry) string {
	_, name, _ := strings.Cut(e.Parent, "/")
	return name
}

// metricNamed is the metric of that name, or NumMetrics for none.
func metricNamed(name string) experiment.Metric {
	m, err := experiment.ParseMetric(name)
	if err != nil {
		return experiment.Metric(experiment.NumMetrics)
	}
	return m
}

// sweepSpec reads the sweep form into f and the spec it asks for, with the
// stem of its results directory's name.
func (w *Workbench) sweepSpec(r *http.Request, f *sweepForm) (job.Spec, string) {
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.Scenario, f.N, f.Seed, f.Precision = get("sweep-scenario"), get("sweep-n"), get("sweep-seed"), get("sweep-precision")
	f.Design, f.LHSPoints = get("design"), get("lhs")
	spec := job.Spec{Kind: job.Sweep}
	sc, ok := w.findRef(f.Scenario)
	if !ok {
		f.Errors.add("sweep-scenario", "scenario %q: no such scenario", f.Scenario)
	}
	spec.Scenarios = []string{w.library.arg(sc, w.cfg.Dir)}
	spec.Design.Vary = readRows(r, "vary", f.Vary, f.Errors)
	switch f.Design {
	case "lhs":
		p, err := strconv.Atoi(f.LHSPoints)
		if err != nil || p < 1 {
			f.Errors.add("lhs", "Latin hypercube points %q: want a whole number from 1", f.LHSPoints)
		}
		spec.Design.LHS = p
	default:
		f.Design = "factorial"
		if len(spec.Design.Vary) == 0 {
			f.Errors.add("vary-0-key", "a factorial sweep needs at least one key to vary (or choose a Latin hypercube over the scenario's uncertain parameters)")
		}
	}
	spec.N, spec.Seed, spec.Precision = readRunSize(f.N, f.Seed, f.Precision, 1, "sweep-", f.Errors)
	return spec, "sweep-" + sc.Name
}

// readRows reads the rows PREFIX-i-key, -from, -to, -steps of a form into
// rows, and returns those filled in as ranges; a row's problem is said
// beside its key.
func readRows(r *http.Request, prefix string, rows []varyRow, errs fieldErrors) []job.Vary {
	var out []job.Vary
	for i := range rows {
		v := varyRow{}
		for _, f := range []struct {
			dst  *string
			name string
		}{{&v.Key, "key"}, {&v.From, "from"}, {&v.To, "to"}, {&v.Steps, "steps"}} {
			*f.dst = strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s-%d-%s", prefix, i, f.name)))
		}
		rows[i] = v
		if v == (varyRow{}) {
			continue
		}
		from, e1 := strconv.ParseFloat(v.From, 64)
		to, e2 := strconv.ParseFloat(v.To, 64)
		steps, e3 := strconv.Atoi(v.Steps)
		if v.Key == "" || strings.ContainsAny(v.Key, "= ") || e1 != nil || e2 != nil || e3 != nil || steps < 2 ||
			math.IsInf(from, 0) || math.IsInf(to, 0) || math.IsNaN(from) || math.IsNaN(to) {
			errs.add(fmt.Sprintf("%s-%d-key", prefix, i), "want a key, FROM and TO numbers and a whole number of at least 2 STEPS (got %s=%s:%s:%s)", v.Key, v.From, v.To, v.Steps)
			continue
		}
		out = append(out, job.Vary{Key: v.Key, From: from, To: to, Steps: steps})
	}
	return out
}

// readRunSize reads a form's replications (at least minN), seed and
// precision, each field named with prefix.
func readRunSize(nText, seedText, precText string, minN int, prefix string, errs fieldErrors) (n int, seed uint64, precision float64) {
	n, err := strconv.Atoi(nText)
	if err != nil || n < minN || n > job.MaxReplications {
		errs.add(prefix+"n", "replications %q: want a whole number from %d to %d", nText, minN, job.MaxReplications)
	}
	seed, err = strconv.ParseUint(seedText, 10, 64)
	if err != nil {
		errs.add(prefix+"seed", "seed %q: want a whole number >= 0", seedText)
	}
	if precText != "" {
		precision, err = strconv.ParseFloat(precText, 64)
		if err != nil || !(precision >= 0 && precision < 1) {
			errs.add(prefix+"precision", "precision %q: want a fraction of the mean, from 0 (off) to below 1, such as 0.05", precText)
		}
	}
	return n, seed, precision
}
