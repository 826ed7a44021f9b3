package results

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"hourglass/sim/selection"
)

// The files of an optimisation (hourglass optimise).
const (
	// OptimiseJSON is the whole optimisation: what was asked, what was
	// chosen and how sure that is, every table below.
	OptimiseJSON = "optimise.json"
	// CandidatesFile lists the candidates: id, scenario, types, places,
	// their cost over the run (discounted), a year in force, against the
	// budget, and their source or assumption.
	CandidatesFile = "candidates.csv"
	// PortfoliosFile lists every portfolio evaluated: its members, cost,
	// replications and gain with its confidence interval.
	PortfoliosFile = "portfolios.csv"
	// FrontierFile is the best portfolio at each budget level.
	FrontierFile = "frontier.csv"
	// InteractionsFile is each member's marginal contribution and gain
	// alone, and each portfolio's synergy, for the chosen portfolio and its
	// rivals.
	InteractionsFile = "interactions.csv"
	// SitingFile is every candidate's gain alone, at its place.
	SitingFile = "siting.csv"
	// RobustnessFile is, with an ensemble, each compared portfolio's gain in
	// each member and its regret.
	RobustnessFile = "robustness.csv"
	// EvaluationsFile is every evaluation the search made: member,
	// replication, portfolio and gain, sorted.
	EvaluationsFile = "evaluations.csv"
	// ComparisonDir is the closing comparison: a compare results directory
	// of the base, the chosen portfolio, its runner-up and the best new site.
	ComparisonDir = "comparison"
)

// Optimisation is what hourglass optimise found.
type Optimisation struct {
	Name        string `json:"name"` // the candidates file's name
	Description string `json:"description,omitempty"`
	File        string `json:"candidates_file"`
	Base        string `json:"base"`
	// Objective is the outcome improved (a metric name), Unit its unit
	// and Better "less" or "more": a gain is the change in that direction
	// against the base, paired by replication.
	Objective string `json:"objective"`
	Unit      string `json:"unit"`
	Better    string `json:"better"`
	// Budget is in USD a year, or over the run (PerRun); every cost below
	// is in the same unit (Candidate.BudgetUSD).
	Budget   float64 `json:"budget_usd"`
	PerRun   bool    `json:"budget_per_run"`
	RunYears float64 `json:"run_years"`
	// Annuity is a(T): a cost over the run C is C/a(T) a year.
	Annuity float64 `json:"annuity_years"`
	Seed    uint64  `json:"seed"`
	// The search: the procedure (KN or OCBA) and its reference, α, δ (in
	// the objective's unit), the first stage and the cap.
	Procedure   string  `json:"procedure"`
	Reference   string  `json:"reference"`
	Alpha       float64 `json:"alpha"`
	Delta       float64 `json:"delta"`
	DeltaAuto   bool    `json:"delta_default,omitempty"`
	FirstStage  int     `json:"first_stage"`
	MaxReps     int     `json:"max_replications"`
	Method      string  `json:"method"` // exhaustive or local search
	Feasible    int     `json:"feasible,omitempty"`
	Compared    int     `json:"compared"` // portfolios in the final selection
	Evaluations int     `json:"evaluations"`
	Simulated   int     `json:"-"` // evaluations run in this process (the rest were replayed)
	Builds      int     `json:"-"` // portfolio worlds built in this process
	BuildMillis float64 `json:"-"` // their total build time

	Candidates []OptCandidate `json:"candidates"`
	// Best is the portfolio chosen; Rivals those the data do not show to
	// be worse by δ (none: Best is distinguishable from every portfolio
	// compared).
	Best   OptPortfolio   `json:"best"`
	Rivals []OptPortfolio `json:"rivals"`
	// PCS is the probability of correct selection stated: KN's guarantee
	// 1−α (Guaranteed), or the estimate APCS (OCBA, or KN stopped at its
	// cap: Truncated).
	PCS          float64          `json:"pcs"`
	Guaranteed   bool             `json:"guaranteed"`
	Truncated    bool             `json:"truncated"`
	APCS         float64          `json:"apcs"`
	Interactions []OptInteraction `json:"interactions"`
	Frontier     []OptFrontier    `json:"frontier"`
	Siting       []OptSite        `json:"siting"`
	// BestSite is the index in Siting of the new post of largest gain
	// alone (-1: no post candidates).
	BestSite   int            `json:"best_site"`
	Robustness *OptRobustness `json:"robustness,omitempty"`
	Portfolios []OptPortfolio `json:"portfolios"`
	// Comparison is the closing comparison's directory (ComparisonDir),
	// with the names its scenarios have there.
	Comparison      string   `json:"comparison,omitempty"`
	ComparisonNames []string `json:"comparison_scenarios,omitempty"`
}

// OptCandidate is one candidate.
type OptCandidate struct {
	ID         string   `json:"id"`
	Scenario   string   `json:"scenario,omitempty"`
	Kinds      []string `json:"types"`
	Places     []string `json:"places"`
	RunUSD     float64  `json:"run_cost_usd"`    // over the run, discounted
	AnnualUSD  float64  `json:"annual_cost_usd"` // a year in force, undiscounted
	BudgetUSD  float64  `json:"cost_usd"`        // against the budget: a year (RunUSD/a(T)) or over the run
	Source     string   `json:"source,omitempty"`
	Assumption string   `json:"assumption,omitempty"`
}

// OptPortfolio is one portfolio with its gain.
type OptPortfolio struct {
	IDs  []string `json:"members"`
	Cost float64  `json:"cost_usd"` // in the budget's unit
	Gain Gain     `json:"gain"`     // the objective's gain against the base, 1−α interval
}

// Label is the portfolio's members joined by " + ", or "nothing".
func (p OptPortfolio) Label() string {
	if len(p.IDs) == 0 {
		return "nothing"
	}
	return strings.Join(p.IDs, " + ")
}

// OptContribution is one member's part in a portfolio.
type OptContribution struct {
	ID       string `json:"id"`
	Marginal Gain   `json:"marginal"` // V(P) − V(P∖m)
	Alone    Gain   `json:"alone"`    // V({m})
}

// OptInteraction says how a portfolio's members work together.
type OptInteraction struct {
	Portfolio  OptPortfolio      `json:"portfolio"`
	Joint      Gain              `json:"joint"`
	SumOfParts Gain              `json:"sum_of_parts"`
	Synergy    Gain              `json:"synergy"` // V(P) − Σ V({m})
	Kind       string            `json:"kind"`    // additive, sub-additive or super-additive
	Members    []OptContribution `json:"members"`
}

// OptFrontier is the best portfolio at one budget level.
type OptFrontier struct {
	Budget     float64      `json:"budget_usd"`
	Best       OptPortfolio `json:"best"`
	PCS        float64      `json:"pcs"`
	Guaranteed bool         `json:"guaranteed"`
	Rivals     int          `json:"rivals"`
	Method     string       `json:"method"`
	Efficient  bool         `json:"efficient"`
}

// OptSite is one candidate bought alone, at its place.
type OptSite struct {
	ID       string  `json:"id"`
	Place    string  `json:"place"`
	Name     string  `json:"name"`
	Lat, Lon float64 `json:"-"`
	Post     bool    `json:"post"` // a new post ([[post]]), not a scenario's interventions
	Cost     float64 `json:"cost_usd"`
	Gain     Gain    `json:"gain"`
}

// OptRobustness compares portfolios across the members of an ensemble.
type OptRobustness struct {
	File string `json:"file"`
	// Ignored are the file's columns that set nothing in the base: the
	// switches of a calibration's other periods.
	Ignored    []string       `json:"ignored_columns,omitempty"`
	Members    []string       `json:"members"`
	Weights    []float64      `json:"weights"`
	Reps       int            `json:"replications"` // per portfolio and member
	Portfolios []OptPortfolio `json:"portfolios"`
	// Values[p][m] is portfolio p's mean gain in member m; Regret[p][m]
	// what it loses there against the best of the portfolios compared.
	Values            [][]float64 `json:"values"`
	Regret            [][]float64 `json:"regret"`
	WorstCase         []float64   `json:"worst_case_regret"`
	Expected          []float64   `json:"expected_regret"`
	MinimaxRegret     int         `json:"minimax_regret"`
	MinExpectedRegret int         `json:"min_expected_regret"`
	// Calibrated is the portfolio chosen in the calibrated world (the
	// search's Best), as an index of Portfolios.
	Calibrated int `json:"calibrated"`
}

// Gain is a gain with its confidence interval (selection.Interval), whose
// bounds, infinite below two replications, are null in JSON.
type Gain struct {
	Mean, Lo, Hi float64
	N            int // replications behind it
}

// GainOf is iv as a Gain.
func GainOf(iv selection.Interval) Gain { return Gain{Mean: iv.Mean, Lo: iv.Lo, Hi: iv.Hi, N: iv.N} }

// Clear says whether the interval excludes 0.
func (g Gain) Clear() bool { return g.Lo > 0 || g.Hi < 0 }

type gainJSON struct {
	Mean float64  `json:"mean"`
	Lo   *float64 `json:"ci_low"`
	Hi   *float64 `json:"ci_high"`
	N    int      `json:"replications"`
}

// MarshalJSON writes the gain with null for a bound that is not finite.
func (g Gain) MarshalJSON() ([]byte, error) {
	bound := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return &x
	}
	return json.Marshal(gainJSON{Mean: g.Mean, Lo: bound(g.Lo), Hi: bound(g.Hi), N: g.N})
}

// UnmarshalJSON reads what MarshalJSON writes (a null bound is infinite).
func (g *Gain) UnmarshalJSON(data []byte) error {
	var j gainJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*g = Gain{Mean: j.Mean, Lo: math.Inf(-1), Hi: math.Inf(1), N: j.N}
	if j.Lo != nil {
		g.Lo = *j.Lo
	}
	if j.Hi != nil {
		g.Hi = *j.Hi
	}
	return nil
}

// Evaluation is one gain the search evaluated.
type Evaluation struct {
	Member, Rep int
	Portfolio   string // the members' ids joined by +
	Gain        float64
}

// WriteOptimisation writes an optimisation's tables and optimise.json into
// dir, and evaluations.csv from evals (in the order given).
func WriteOptimisation(dir string, o *Optimisation, evals []Evaluation) error {
	ivs := func(iv Gain) []string {
		return []string{num(iv.Mean), num(iv.Lo), num(iv.Hi), strconv.Itoa(iv.N)}
	}
	port := func(p OptPortfolio) []string {
		return append([]string{strings.Join(p.IDs, "+"), strconv.Itoa(len(p.IDs)), num(p.Cost)}, ivs(p.Gain)...)
	}
	gainCols := []string{"gain_mean", "gain_ci_low", "gain_ci_high", "replications"}
	tables := map[string][][]string{}

	rows := [][]string{{"id", "scenario", "types", "places", "run_cost_usd", "annual_cost_usd", "cost_usd", "source", "assumption"}}
	for _, c := range o.Candidates {
		rows = append(rows, []string{c.ID, c.Scenario, strings.Join(c.Kinds, "+"), strings.Join(c.Places, "+"), num(c.RunUSD), num(c.AnnualUSD), num(c.BudgetUSD), c.Source, c.Assumption})
	}
	tables[CandidatesFile] = rows

	rows = [][]string{append([]string{"portfolio", "size", "cost_usd"}, gainCols...)}
	for _, p := range o.Portfolios {
		rows = append(rows, port(p))
	}
	tables[PortfoliosFile] = rows

	rows = [][]string{append(append([]string{"budget_usd", "portfolio", "size", "cost_usd"}, gainCols...), "pcs", "guaranteed", "rivals", "method", "efficient")}
	for _, f := range o.Frontier {
		rows = append(rows, append(append([]string{num(f.Budget)}, port(f.Best)...), num(f.PCS), strconv.FormatBool(f.Guaranteed), strconv.Itoa(f.Rivals), f.Method, strconv.FormatBool(f.Efficient)))
	}
	tables[FrontierFile] = rows

	rows = [][]string{{"portfolio", "role", "member", "mean", "ci_low", "ci_high", "replications", "kind"}}
	for i, in := range o.Interactions {
		role := "chosen"
		if i > 0 {
			role = fmt.Sprintf("rival %d", i)
		}
		label := strings.Join(in.Portfolio.IDs, "+")
		for _, r := range []struct {
			what string
			iv   Gain
		}{{"joint", in.Joint}, {"sum_of_parts", in.SumOfParts}, {"synergy", in.Synergy}} {
			rows = append(rows, append(append([]string{label, role, r.what}, ivs(r.iv)...), in.Kind))
		}
		for _, m := range in.Members {
			rows = append(rows, append(append([]string{label, role, "marginal:" + m.ID}, ivs(m.Marginal)...), ""))
			rows = append(rows, append(append([]string{label, role, "alone:" + m.ID}, ivs(m.Alone)...), ""))
		}
	}
	tables[InteractionsFile] = rows

	rows = [][]string{append([]string{"candidate", "place", "name", "post", "cost_usd"}, gainCols...)}
	for _, s := range o.Siting {
		rows = append(rows, append([]string{s.ID, s.Place, s.Name, strconv.FormatBool(s.Post), num(s.Cost)}, ivs(s.Gain)...))
	}
	tables[SitingFile] = rows

	if r := o.Robustness; r != nil {
		head := []string{"portfolio", "cost_usd", "worst_case_regret", "expected_regret", "minimax", "min_expected", "calibrated_best"}
		for _, m := range r.Members {
			head = append(head, "gain:"+m)
		}
		rows = [][]string{head}
		for p, pf := range r.Portfolios {
			row := []string{strings.Join(pf.IDs, "+"), num(pf.Cost), num(r.WorstCase[p]), num(r.Expected[p]),
				strconv.FormatBool(p == r.MinimaxRegret), strconv.FormatBool(p == r.MinExpectedRegret), strconv.FormatBool(p == r.Calibrated)}
			for _, v := range r.Values[p] {
				row = append(row, num(v))
			}
			rows = append(rows, row)
		}
		tables[RobustnessFile] = rows
	}

	rows = [][]string{{"member", "replication", "portfolio", "gain"}}
	for _, e := range evals {
		rows = append(rows, []string{strconv.Itoa(e.Member), strconv.Itoa(e.Rep), e.Portfolio, num(e.Gain)})
	}
	tables[EvaluationsFile] = rows

	for _, name := range []string{CandidatesFile, PortfoliosFile, FrontierFile, InteractionsFile, SitingFile, RobustnessFile, EvaluationsFile} {
		if t, ok := tables[name]; ok {
			if err := writeCSV(filepath.Join(dir, name), t); err != nil {
				return fmt.Errorf("optimise: %w", err)
			}
		}
	}
	data, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		return fmt.Errorf("optimise: %w", err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, OptimiseJSON), append(data, '\n')); err != nil {
		return fmt.Errorf("optimise: %w", err)
	}
	return nil
}

// ReadOptimisation reads dir/optimise.json.
func ReadOptimisation(dir string) (*Optimisation, error) {
	data, err := os.ReadFile(filepath.Join(dir, OptimiseJSON))
	if err != nil {
		return nil, err
	}
	var o Optimisation
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, OptimiseJSON), err)
	}
	return &o, nil
}
