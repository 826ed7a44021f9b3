package job

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"hourglass/sim/design"
	"hourglass/sim/experiment"
)

// Kind is the kind of experiment a Spec describes.
type Kind uint8

const (
	// Run is replications of one scenario.
	Run Kind = iota + 1
	// Compare is a baseline and alternatives, replication by replication
	// with common random numbers: paired differences, displacement,
	// cost-effectiveness and the decision table.
	Compare
	// Sweep is one scenario at each point of a design.
	Sweep
	// Calibrate is history matching of the periods' scenarios to their
	// calibration targets in waves (calibrate.go): the ensemble of the
	// uncertain inputs the targets do not rule out.
	Calibrate
	// Optimise is a search for the portfolio of candidate interventions,
	// within a budget, that best serves the objective (Spec.Optimise).
	Optimise
)

var kindNames = []string{Run: "run", Compare: "compare", Sweep: "sweep", Calibrate: "calibrate", Optimise: "optimise"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name: run, compare or sweep.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("kind %q: want run, compare, sweep, calibrate or optimise", b)
}

// Spec describes an experiment: what the flags of hourglass run, compare
// and sweep say, and what the workbench's forms fill. Its zero values are
// the command line's defaults where it has them (Workers: every core;
// Objective: experiment.DefaultObjective).
//
// An ensemble (Ensemble: the members of a calibration, each a setting of
// the uncertain inputs) sits beside Scenarios.
type Spec struct {
	Kind Kind `json:"kind"`
	// Scenarios are as the command line names them: a TOML file's path, or
	// a shipped scenario's name. A comparison's first is its baseline; a
	// run and a sweep have one.
	Scenarios []string `json:"scenarios"`
	// N is the replications per scenario (with Precision: the most).
	N    int    `json:"n"`
	Seed uint64 `json:"seed"`
	// Workers is the number of worker goroutines (0: one per core);
	// results do not depend on it.
	Workers int `json:"workers,omitempty"`
	// Precision, when above 0, adds replications in batches until every
	// headline metric's 95% CI half-width is within Precision of its
	// mean, or N is reached. It cannot be sharded.
	Precision float64 `json:"precision,omitempty"`
	// Shard, when its Count is above 0, runs only that part of the
	// replications (hourglass merge joins the shards).
	Shard experiment.Shard `json:"shard,omitzero"`
	// PerReplication also writes every replication's seizure breakdown
	// and segment flows (large).
	PerReplication bool `json:"per_replication,omitempty"`
	// Design is a sweep's design; for a comparison, the levels it is made
	// across (an "across" design): every scenario at every point of the
	// design, each alternative paired with the baseline at the same point.
	Design Design `json:"design,omitzero"`
	// AllowDifferentWorlds lets a comparison pair an alternative with a
	// baseline it does not extend directly (see checkWorlds): its
	// differences then count everything between the two files as the
	// alternative's effect.
	AllowDifferentWorlds bool `json:"allow_different_worlds,omitempty"`
	// Question, when set, is the question the experiment asks, in words:
	// the manifest records it and the report leads with it.
	Question string `json:"question,omitempty"`
	// Objective is the metric a comparison's decision table ranks the
	// alternatives by, per dollar ("": experiment.DefaultObjective).
	Objective string `json:"objective,omitempty"`
	// Out is the results directory: new or empty ("": a new directory
	// under results/ named for the experiment and the time), or with
	// Resume, the interrupted run's.
	Out    string `json:"dir"`
	Resume bool   `json:"resume,omitempty"`
	// Calibration is a calibration's settings (Kind Calibrate; N is then
	// the replications per point and Scenarios the periods).
	Calibration Calibration `json:"calibration,omitzero"`
	// Ensemble, for a comparison, is an ensemble file (hourglass
	// calibrate's ensemble.csv): every alternative is compared with the
	// baseline in every member (ensemble.go).
	Ensemble string `json:"ensemble,omitempty"`
	// Optimise is an optimisation's candidates, budget and search.
	Optimise *OptimiseSpec `json:"optimise,omitempty"`
}

// Design is how a sweep chooses its points: the full factorial of the
// steps of its Vary ranges, a Latin hypercube of LHS points over their
// ranges (or, without Vary, over the scenario's [[uncertain]] ranges), or
// the points of a CSV file (a header of keys, one row of numbers per
// point).
type Design struct {
	Vary []Vary `json:"vary,omitempty"`
	LHS  int    `json:"lhs,omitempty"`
	File string `json:"file,omitempty"`
}

// Vary is a range of a sweep: the key (a path into the merged scenario,
// as hourglass list keys prints them) from From to To in Steps steps.
type Vary struct {
	Key      string
	From, To float64
	Steps    int
}

// String writes v as --vary takes it: KEY=FROM:TO:STEPS.
func (v Vary) String() string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	return fmt.Sprintf("%s=%s:%s:%d", v.Key, f(v.From), f(v.To), v.Steps)
}

// MarshalText writes v as KEY=FROM:TO:STEPS.
func (v Vary) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads KEY=FROM:TO:STEPS.
func (v *Vary) UnmarshalText(b []byte) error {
	x, err := ParseVary(string(b))
	if err == nil {
		*v = x
	}
	return err
}

// ParseVary parses KEY=FROM:TO:STEPS.
func ParseVary(s string) (Vary, error) {
	key, rng, ok := strings.Cut(s, "=")
	parts := strings.Split(rng, ":")
	if !ok || key == "" || len(parts) != 3 {
		return Vary{}, usage("--vary %q: want KEY=FROM:TO:STEPS, such as group[*].professionalization=0:1:5", s)
	}
	from, e1 := strconv.ParseFloat(parts[0], 64)
	to, e2 := strconv.ParseFloat(parts[1], 64)
	steps, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil || steps < 2 {
		return Vary{}, usage("--vary %q: FROM and TO must be numbers and STEPS a whole number of at least 2", s)
	}
	v := Vary{Key: key, From: from, To: to, Steps: steps}
	return v, v.check(s)
}

// check refuses a range that is not finite, or has fewer than 2 or more
// than MaxVarySteps steps; text is how the range was given.
func (v Vary) check(text string) error {
	if math.IsNaN(v.From) || math.IsInf(v.From, 0) || math.IsNaN(v.To) || math.IsInf(v.To, 0) {
		return usage("--vary %q: FROM and TO must be finite numbers", text)
	}
	if v.Steps < 2 {
		return usage("--vary %q: FROM and TO must be numbers and STEPS a whole number of at least 2", text)
	}
	if v.Steps > MaxVarySteps {
		return usage("--vary %q: %d steps (allowed: 2..%d)", text, v.Steps, MaxVarySteps)
	}
	return nil
}

// ParseDesign reads what --design takes into d: lhs:N (a Latin hypercube
// of N points) or FILE.csv (a point per row); "" leaves d as it is (the
// full factorial of its Vary ranges).
func ParseDesign(s string, d *Design) error {
	switch {
	case s == "":
	case strings.HasPrefix(s, "lhs:"):
		n, err := strconv.Atoi(strings.TrimPrefix(s, "lhs:"))
		if err != nil || n < 1 || n > design.MaxPoints {
			return usage("--design %s: want lhs:N, N a whole number of points from 1 to %d", s, design.MaxPoints)
		}
		d.LHS = n
	case strings.HasSuffix(strings.ToLower(s), ".csv"):
		d.File = s
	default:
		return usage("--design %q: want lhs:N (a Latin hypercube of N points) or FILE.csv (a point per row)", s)
	}
	return nil
}

// ParseSweep reads the design of a sweep (or a comparison across a design)
// as the command line gives it: each --vary KEY=FROM:TO:STEPS (ParseVary;
// a comparison's --across, ParseAcross), and --design (ParseDesign).
func ParseSweep(kind Kind, vary []string, designFlag string) (Design, error) {
	parse := ParseVary
	if kind == Compare {
		parse = ParseAcross
	}
	var d Design
	for _, v := range vary {
		x, err := parse(v)
		if err != nil {
			return Design{}, err
		}
		d.Vary = append(d.Vary, x)
	}
	return d, ParseDesign(designFlag, &d)
}

// ParseShard resolves the shard a process runs, as the command line gives
// it: flag is --shard I/N; count is --shards N, with the index from
// JOB_COMPLETION_INDEX (Kubernetes Indexed Job); without either,
// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm array job).
// getenv reads the environment (os.Getenv). Not sharded: the zero Shard.
func ParseShard(flag string, count int, getenv func(string) string) (experiment.Shard, error) {
	if count < 0 || count > MaxReplications {
		return experiment.Shard{}, usage("--shards %d: out of range (allowed: 1..%d)", count, MaxReplications)
	}
	idx, n := -1, 0
	switch {
	case flag != "":
		a, b, ok := strings.Cut(flag, "/")
		i, e1 := strconv.Atoi(a)
		c, e2 := strconv.Atoi(b)
		if !ok || e1 != nil || e2 != nil {
			return experiment.Shard{}, usage("--shard %q: want I/N, such as 0/4", flag)
		}
		idx, n = i, c
	case count > 0:
		v := getenv("JOB_COMPLETION_INDEX")
		i, e := strconv.Atoi(v)
		if e != nil {
			return experiment.Shard{}, usage("--shards %d: JOB_COMPLETION_INDEX is %q, want a number", count, v)
		}
		idx, n = i, count
	case getenv("SLURM_ARRAY_TASK_ID") != "" && getenv("SLURM_ARRAY_TASK_COUNT") != "":
		i, e1 := strconv.Atoi(getenv("SLURM_ARRAY_TASK_ID"))
		c, e2 := strconv.Atoi(getenv("SLURM_ARRAY_TASK_COUNT"))
		if e1 != nil || e2 != nil {
			return experiment.Shard{}, usage("SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT must be numbers")
		}
		idx, n = i, c
	default:
		return experiment.Shard{}, nil
	}
	shard := experiment.Shard{Index: idx, Count: n}
	if n < 1 || idx < 0 || idx >= n {
		return shard, usage("shard %d/%d: want 0 <= I < N", idx, n)
	}
	if n > MaxReplications {
		if flag != "" {
			return shard, usage("--shard %s: out of range (allowed: at most %d shards)", flag, MaxReplications)
		}
		return shard, usage("shard %s: out of range (allowed: at most %d shards)", shard, MaxReplications)
	}
	return shard, nil
}

func checkShard(s experiment.Shard) error {
	if s != (experiment.Shard{}) && (s.Count < 1 || s.Index < 0 || s.Index >= s.Count) {
		return usage("shard %d/%d: want 0 <= I < N", s.Index, s.Count)
	}
	return nil
}

// check refuses a spec out of range, as usage errors, and an output
// directory (Out, or results/ by default) that cannot be written.
func (s *Spec) check() error {
	switch s.Kind {
	case Run:
		if len(s.Scenarios) != 1 {
			return usage("run takes one scenario (use compare for several)")
		}
		if s.N < 1 {
			return usage("-n %d: need at least 1 replication", s.N)
		}
	case Compare:
		if err := checkObjective(s.Objective); err != nil {
			return err
		}
		if len(s.Scenarios) < 2 {
			return usage("compare needs a baseline and at least one alternative")
		}
		if s.N < 2 {
			return usage("-n %d: paired confidence intervals need at least 2 replications", s.N)
		}
	case Sweep:
		if len(s.Scenarios) != 1 {
			return usage("sweep takes one scenario")
		}
	case Calibrate:
		if s.Precision > 0 {
			return usage("--precision: a calibration runs -n replications at every point")
		}
	case Optimise:
		if s.Optimise == nil {
			return usage("optimise: no candidates and budget (Spec.Optimise is nil)")
		}
		if len(s.Scenarios) > 0 {
			return usage("optimise takes its scenarios from the candidates file (its base), not %s", strings.Join(s.Scenarios, " "))
		}
		if s.Shard.Count > 1 && s.Out == "" {
			return usage("--shard %d/%d: give --out DIR, the directory every shard shares", s.Shard.Index, s.Shard.Count)
		}
		if s.Precision > 0 || s.PerReplication {
			return usage("optimise decides the replications itself: no --precision or --per-replication")
		}
		if err := s.Optimise.check(s); err != nil {
			return err
		}
	default:
		return usage("%v: not an experiment (want run, compare, sweep, calibrate or optimise)", s.Kind)
	}
	if err := s.checkEnsemble(); err != nil {
		return err
	}
	if s.N < 1 || s.N > MaxReplications {
		return usage("-n %d: out of range (allowed: 1..%d replications)", s.N, MaxReplications)
	}
	if s.Workers < 0 || s.Workers > MaxWorkers {
		return usage("-j %d: out of range (allowed: 1..%d workers)", s.Workers, MaxWorkers)
	}
	if p := s.Precision; !(p >= 0 && p < 1) {
		return usage("--precision %v: out of range (allowed: 0 < p < 1, a fraction of the mean; 0 for off)", p)
	}
	if err := checkShard(s.Shard); err != nil {
		return err
	}
	if s.Shard.Count > 0 && s.Precision > 0 {
		return usage("--precision decides the number of replications as it goes: it cannot be sharded")
	}
	if s.Resume && s.Out == "" {
		return usage("resume: which results directory? (Out is empty)")
	}
	if err := checkWritable(outOrResults(s.Out)); err != nil {
		return err
	}
	if s.Kind != Optimise && s.Optimise != nil {
		return usage("%s takes no candidates or budget (only optimise does)", s.Kind)
	}
	if s.Kind == Sweep || s.Kind == Compare && !s.Design.IsZero() {
		return s.Design.check()
	}
	if !s.Design.IsZero() {
		return usage("%s takes no design (sweep and compare do)", s.Kind)
	}
	return nil
}

// IsZero says whether d is the zero Design.
func (d Design) IsZero() bool { return len(d.Vary) == 0 && d.LHS == 0 && d.File == "" }

// check refuses a design that names no points, or names them twice.
func (d Design) check() error {
	for _, v := range d.Vary {
		if err := v.check(v.String()); err != nil {
			return err
		}
	}
	switch {
	case d.LHS != 0 && d.File != "":
		return usage("--design lhs:%d and --design %s: give one design", d.LHS, d.File)
	case d.LHS < 0 || d.LHS > design.MaxPoints:
		return usage("--design lhs:%d: want lhs:N, N a whole number of points from 1 to %d", d.LHS, design.MaxPoints)
	case d.File != "" && len(d.Vary) > 0:
		return usage("--design %s takes its keys and values from the file: drop --vary", d.File)
	case d.LHS == 0 && d.File == "" && len(d.Vary) == 0:
		return usage("sweep needs --vary KEY=FROM:TO:STEPS (repeat it for a factorial design) or --design lhs:N or --design FILE.csv")
	}
	return nil
}

func outOrResults(dir string) string {
	if dir == "" {
		return "results"
	}
	return dir
}

// ObjectiveNames lists the outcomes a decision table can be ranked by
// (Spec.Objective), separated by commas.
func ObjectiveNames() string {
	var names []string
	for _, m := range experiment.DecisionOutcomes {
		names = append(names, m.String())
	}
	return strings.Join(names, ", ")
}

// checkObjective refuses an objective that is not a decision outcome.
func checkObjective(name string) error {
	if name == "" {
		return nil
	}
	for _, m := range experiment.DecisionOutcomes {
		if m.String() == name {
			return nil
		}
	}
	msg := fmt.Sprintf("--objective %q: not an outcome of the decision table (allowed: %s)", name, ObjectiveNames())
	if _, err := experiment.ParseMetric(name); err != nil {
		msg = fmt.Sprintf("--objective: %v", err)
		if at := strings.Index(msg, " (allowed:"); at >= 0 && strings.Contains(msg, "did you mean") {
			msg = msg[:at] + " (allowed: " + ObjectiveNames() + ")"
		}
	}
	return &UsageError{Msg: msg}
}

// CommandLine is the hourglass command that runs s, as a person would
// type it (without --quiet); when a scenario begins with "-", "--" comes
// before the scenarios, so that none is read as a flag.
func (s Spec) CommandLine() []string {
	args := []string{"hourglass", s.Kind.String(), "-n", strconv.Itoa(s.N), "--seed", strconv.FormatUint(s.Seed, 10)}
	if s.Workers > 0 {
		args = append(args, "-j", strconv.Itoa(s.Workers))
	}
	if s.Precision > 0 {
		args = append(args, "--precision", strconv.FormatFloat(s.Precision, 'g', -1, 64))
	}
	if s.Shard.Count > 0 {
		args = append(args, "--shard", fmt.Sprintf("%d/%d", s.Shard.Index, s.Shard.Count))
	}
	if s.PerReplication {
		args = append(args, "--per-replication")
	}
	if s.Objective != "" && s.Kind == Compare && s.Objective != experiment.DefaultObjective.String() {
		args = append(args, "--objective", s.Objective)
	}
	args = append(args, s.ensembleArgs()...)
	switch {
	case s.Resume:
		args = append(args, "--resume", s.Out)
	case s.Out != "":
		args = append(args, "--out", s.Out)
	}
	if s.Kind == Optimise && s.Optimise != nil {
		args = append(args, s.Optimise.commandLine()...)
		if s.Objective != "" && s.Objective != experiment.DefaultObjective.String() {
			args = append(args, "--objective", s.Objective)
		}
	}
	vary := "--vary"
	if s.Kind == Compare {
		vary = "--across"
	}
	for _, v := range s.Design.Vary {
		args = append(args, vary, v.String())
	}
	if s.AllowDifferentWorlds {
		args = append(args, "--allow-different-worlds")
	}
	if s.Design.LHS > 0 {
		args = append(args, "--design", "lhs:"+strconv.Itoa(s.Design.LHS))
	}
	if s.Design.File != "" {
		args = append(args, "--design", s.Design.File)
	}
	for _, sc := range s.Scenarios {
		if strings.HasPrefix(sc, "-") {
			args = append(args, "--") // what follows is scenarios, never flags
			break
		}
	}
	return append(args, s.Scenarios...)
}
