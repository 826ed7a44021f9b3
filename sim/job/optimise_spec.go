package job

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/selection"
)

// OptimiseSpec is what hourglass optimise adds to a Spec of kind Optimise:
// the candidates, the budget and how the search decides. The Spec's N is
// the most replications any portfolio gets (KN's cap; OCBA's mean per
// portfolio), and the replications of the closing comparison; Seed,
// Workers, Shard, Objective, Out and Resume mean what they mean for
// compare.
type OptimiseSpec struct {
	// Candidates is a candidates file: a path, or the name of a shipped one
	// (scenarios/candidates: two-million).
	Candidates string `json:"candidates"`
	Budget     Budget `json:"budget"`
	// Ensemble, when set, is a file of ensemble members as hourglass
	// calibrate writes ensemble.csv (the shipped one by that name): a
	// header of override keys and switches of the base (and optionally
	// weight and member), one row of values per member (readEnsemble).
	Ensemble string `json:"ensemble,omitempty"`
	// EnsembleN is the replications of each portfolio in each member
	// (0: 20).
	EnsembleN int `json:"ensemble_n,omitempty"`
	// Years, when above 0, sets the run's length (params.years) of the base
	// and of every portfolio.
	Years int `json:"years,omitempty"`
	// Procedure is the ranking-and-selection procedure: "kn" (Kim and
	// Nelson 2001; the default) or "ocba" (Chen et al. 2000).
	Procedure string `json:"procedure,omitempty"`
	// Delta is the indifference zone: the smallest difference in the
	// objective worth telling apart, in its unit (0: 1% of the base's mean
	// over the first stage, or 1 when that mean is 0).
	Delta float64 `json:"delta,omitempty"`
	// FirstStage is the replications every portfolio gets first (0: 10).
	FirstStage int `json:"first_stage,omitempty"`
	// Levels is the number of budget levels of the frontier (0: 6).
	Levels int `json:"levels,omitempty"`
	// Exhaustive is the largest number of feasible portfolios compared all
	// at once; more are searched locally (0: 256).
	Exhaustive int `json:"exhaustive,omitempty"`
}

// Budget is what hourglass optimise may spend: USD a year, or with PerRun
// USD over the whole run, discounted to its start.
//
// A portfolio's cost is what the loader's cost model says its
// interventions cost over the run, discounted (scenario.Cost.PresentValue;
// capital charged for the share of its lifetime within the run): C. Against
// a budget a year it is C / a(T), the level yearly payment of the same
// present value (a(T) = Σ_{i<T} min(1, T−i)/(1+r)^i, scenario's
// AnnuityYears); for a one-year run that is annual costs plus capital over
// its lifetime, the scenario's annual cost.
type Budget struct {
	USD    float64
	PerRun bool
}

// String writes b as --budget takes it: USD/year or USD/run.
func (b Budget) String() string {
	unit := "/year"
	if b.PerRun {
		unit = "/run"
	}
	return strconv.FormatFloat(b.USD, 'f', -1, 64) + unit
}

// MarshalText writes b as USD/year or USD/run.
func (b Budget) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText reads what ParseBudget reads.
func (b *Budget) UnmarshalText(text []byte) error {
	x, err := ParseBudget(string(text))
	if err == nil {
		*b = x
	}
	return err
}

// ParseBudget reads a budget: USD a year ("2000000", "2e6", "2,000,000",
// "2000000/year") or over the run ("10000000/run").
func ParseBudget(s string) (Budget, error) {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), "/")
	var b Budget
	switch strings.TrimSpace(unit) {
	case "", "year", "yr", "a":
	case "run":
		b.PerRun = true
	default:
		return Budget{}, usage("--budget %q: unknown unit %q (allowed: USD, USD/year or USD/run)", s, unit)
	}
	x, err := strconv.ParseFloat(strings.NewReplacer(",", "", "_", "", " ", "").Replace(num), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x <= 0 {
		return Budget{}, usage("--budget %q: want a positive number of USD, a year (2000000) or over the run (10000000/run)", s)
	}
	b.USD = x
	return b, nil
}

// MaxFrontierLevels bounds OptimiseSpec.Levels: each level is a search.
const MaxFrontierLevels = 50

// check refuses an OptimiseSpec out of range.
func (o *OptimiseSpec) check(s *Spec) error {
	switch {
	case o.Candidates == "":
		return usage("optimise needs --candidates FILE (or a shipped candidates file: %s)", strings.Join(shippedCandidates(), ", "))
	case !(o.Budget.USD > 0) || math.IsInf(o.Budget.USD, 0):
		return usage("optimise needs --budget USD (a year; USD/run for a total over the run)")
	case o.Procedure != "" && o.Procedure != "kn" && o.Procedure != "ocba":
		return usage("--procedure %q: want kn (Kim and Nelson 2001) or ocba (Chen et al. 2000)", o.Procedure)
	case !(o.Delta >= 0) || math.IsInf(o.Delta, 0):
		return usage("--delta %v: want a difference in the objective's unit, > 0 (0: 1%% of the base's mean)", o.Delta)
	case o.FirstStage != 0 && (o.FirstStage < 2 || o.FirstStage > s.N):
		return usage("--first-stage %d: out of range (allowed: 2..%d, -n)", o.FirstStage, s.N)
	case o.Levels < 0 || o.Levels > MaxFrontierLevels:
		return usage("--levels %d: out of range (allowed: 1..%d budget levels)", o.Levels, MaxFrontierLevels)
	case o.Exhaustive < 0:
		return usage("--exhaustive %d: want at least 1 portfolio (0: %d)", o.Exhaustive, 256)
	case o.Years < 0 || o.Years > 100:
		return usage("--years %d: out of range (allowed: 1..100; 0: the base's own)", o.Years)
	case o.EnsembleN < 0 || o.EnsembleN > MaxReplications:
		return usage("--ensemble-n %d: out of range (allowed: 2..%d)", o.EnsembleN, MaxReplications)
	case o.EnsembleN == 1:
		return usage("--ensemble-n 1: want at least 2 replications per member")
	}
	if s.N < 2 {
		return usage("-n %d: a selection needs at least 2 replications of each portfolio", s.N)
	}
	if o.FirstStage == 0 && s.N < 10 {
		return usage("-n %d: below the first stage of 10 replications (set --first-stage)", s.N)
	}
	return checkObjective(s.Objective)
}

// procedure is the name of the procedure, as the output names it.
func (o *OptimiseSpec) procedure() selection.Procedure {
	if o.Procedure == "ocba" {
		return selection.ProcOCBA
	}
	return selection.ProcKN
}

func (o *OptimiseSpec) firstStage() int {
	if o.FirstStage == 0 {
		return selection.DefaultN0
	}
	return o.FirstStage
}

func (o *OptimiseSpec) levels() int {
	if o.Levels == 0 {
		return 6
	}
	return o.Levels
}

func (o *OptimiseSpec) ensembleN() int {
	if o.EnsembleN == 0 {
		return 20
	}
	return o.EnsembleN
}

// commandLine is the optimise flags of o, as a person would type them.
func (o *OptimiseSpec) commandLine() []string {
	args := []string{"--budget", o.Budget.String(), "--candidates", o.Candidates}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, kv := range []struct {
		flag, value string
		set         bool
	}{{"--ensemble", o.Ensemble, o.Ensemble != ""}, {"--ensemble-n", strconv.Itoa(o.EnsembleN), o.EnsembleN != 0},
		{"--years", strconv.Itoa(o.Years), o.Years != 0}, {"--procedure", o.Procedure, o.Procedure != ""},
		{"--delta", f(o.Delta), o.Delta != 0}, {"--first-stage", strconv.Itoa(o.FirstStage), o.FirstStage != 0},
		{"--levels", strconv.Itoa(o.Levels), o.Levels != 0}, {"--exhaustive", strconv.Itoa(o.Exhaustive), o.Exhaustive != 0}} {
		if kv.set {
			args = append(args, kv.flag, kv.value)
		}
	}
	return args
}

// OptimiseHelp is what hourglass help optimise says besides the flags.
const OptimiseHelp = `Finds the portfolio of candidate interventions, within the budget, that best
serves the objective (default heroin_delivered_kg: heroin kept from the final
markets), with common random numbers: replication r of every portfolio and of
the base shares the base's warm-up and random streams.

--budget USD is a yearly budget: each portfolio's cost over the run,
discounted (the loader's cost model), spread evenly over the run's years
(for the default one-year run: annual costs plus capital over its lifetime).
USD/run is a total over the run instead. A candidates file (TOML) lists
scenarios that extend the base ([[candidate]] scenario = NAME) and new posts
([[post]] type = KIND, places = [...] or where = { country, role }); see
scenarios/candidates/two-million.toml.

Search: every feasible portfolio at once when there are at most --exhaustive
of them; otherwise greedy by gain per dollar and by gain, then exchange moves
(add, drop, swap) to a local optimum, then a final selection. Each selection
is KN (Kim and Nelson 2001: P(correct selection) >= 0.95 when the best leads
by --delta) or OCBA (Chen et al. 2000: replications where they decide the
ranking, with its estimated P(correct selection)). Then the frontier (the
best portfolio at --levels budget levels), each member's marginal
contribution and the synergy of the chosen portfolio and its rivals, every
candidate's gain alone on a map (siting), and, with --ensemble, the
portfolio of least worst-case and expected regret across the members.

Sharding (a Slurm array): every shard runs the same search with
--shard I/N --out DIR (one shared DIR); each evaluates its part of every
batch, reads the others' from DIR/evaluations, and evaluates what a missing
shard has not (results do not depend on it); shard 0 writes the results.
--resume DIR continues an interrupted search from its evaluations.`

// OptimiseFlags binds the flags of hourglass optimise to spec (its kind
// set to Optimise), and its usage (the usage line, then OptimiseHelp and
// the flags). It returns what finishes the spec after parsing (the budget,
// shard and resume flags; getenv, os.Getenv, gives a Slurm array's shard as
// ParseShard reads it), and the --quiet flag.
func OptimiseFlags(fs *flag.FlagSet, spec *Spec, usageLine string) (finish func(getenv func(string) string) error, quiet *bool) {
	o := &OptimiseSpec{}
	*spec = Spec{Kind: Optimise, Optimise: o}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: hourglass %s\n\n%s\n\nFlags:\n", usageLine, OptimiseHelp)
		fs.PrintDefaults()
	}
	quiet = fs.Bool("quiet", false, "no progress and no answer: only where the results are")
	budget := fs.String("budget", "", "the budget: USD a year (2000000), or USD/run for a total over the run, discounted")
	fs.StringVar(&o.Candidates, "candidates", "", "candidates file (TOML), or a shipped one: "+strings.Join(shippedCandidates(), ", "))
	fs.StringVar(&spec.Objective, "objective", experiment.DefaultObjective.String(), "the outcome to improve: "+ObjectiveNames())
	fs.StringVar(&o.Ensemble, "ensemble", "", "ensemble members (calibrate's ensemble.csv, the shipped one by that name, or a CSV of override keys, one row per member): regret across them")
	fs.IntVar(&o.EnsembleN, "ensemble-n", 0, "replications of each portfolio in each ensemble member (0: 20)")
	fs.IntVar(&spec.N, "n", 100, "the most replications of any portfolio (ocba: the mean), and of the closing comparison")
	fs.Uint64Var(&spec.Seed, "seed", 1, "master seed: with it, every result is reproducible bit for bit")
	fs.IntVar(&spec.Workers, "j", DefaultWorkers(), "worker goroutines (results do not depend on it)")
	fs.StringVar(&o.Procedure, "procedure", "kn", "kn (Kim and Nelson 2001) or ocba (Chen et al. 2000)")
	fs.Float64Var(&o.Delta, "delta", 0, "indifference zone: the smallest difference in the objective worth telling apart (0: 1% of the base's mean)")
	fs.IntVar(&o.FirstStage, "first-stage", 0, "replications of every portfolio before the procedure decides (0: 10)")
	fs.IntVar(&o.Years, "years", 0, "run length in years for the base and every portfolio (0: the base's own)")
	fs.IntVar(&o.Levels, "levels", 0, "budget levels of the frontier (0: 6)")
	fs.IntVar(&o.Exhaustive, "exhaustive", 0, "compare every feasible portfolio at once when there are at most this many (0: 256)")
	fs.StringVar(&spec.Out, "out", "", "results directory (default results/optimise-<name>-<timestamp>; required with --shard)")
	shard := fs.String("shard", "", "run shard I/N of every batch of evaluations (0-based I), with --out a directory all shards share")
	resume := fs.String("resume", "", "continue the interrupted search in this results directory")
	return func(getenv func(string) string) error {
		var err error
		if o.Budget, err = ParseBudget(*budget); *budget != "" && err != nil {
			return err
		}
		if spec.Shard, err = ParseShard(*shard, 0, getenv); err != nil {
			return err
		}
		if *resume != "" {
			spec.Out, spec.Resume = *resume, true
		}
		return nil
	}, quiet
}

// shippedCandidates lists the shipped candidates files by name.
func shippedCandidates() []string {
	entries, _ := scenarios.CandidatesFS.ReadDir("candidates")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return out
}
