package portfolio

import (
	"context"
	"fmt"

	"hourglass/sim/selection"
)

// DefaultExhaustiveLimit is the largest number of feasible portfolios that
// are compared all at once rather than by the local search. KN keeps the
// first-stage variance of every pair, so its memory grows as the square of
// the alternatives: 256 portfolios are 65,536 pairs.
const DefaultExhaustiveLimit = 256

// Source is a source of random 64-bit values, such as the *sim.RNG of
// sim.NewRNG(seed, 0, sim.StreamDesign, key). The search draws from it only
// for random restarts.
type Source interface {
	Uint64() uint64
}

// Config sets how a Searcher searches. The zero value of every field but
// Selector is usable.
type Config struct {
	// Selector compares portfolios on their gains: every feasible one in an
	// exhaustive search, a portfolio and its neighbours in an exchange
	// step, the local optima and their neighbours at the end. Required;
	// for example selection.KN{Alpha: 0.05, Delta: 5, Batch: 5}, with Delta
	// the smallest gain difference worth telling apart (in the objective's
	// units, such as kg).
	Selector selection.Selector
	// Greedy compares the additions of a greedy step on their paired gain
	// per dollar, or gain (nil: selection.OCBA{Alpha: Alpha,
	// PerAlternative: 20}; a KN here needs a Delta that suits both).
	// Greedy steps only choose where the exchange moves start.
	Greedy selection.Selector
	// Alpha is 1 − the confidence of the reported intervals of values,
	// marginal contributions and synergies (0: 0.05).
	Alpha float64
	// ExhaustiveLimit: at most this many feasible portfolios are compared
	// all at once (0: DefaultExhaustiveLimit).
	ExhaustiveLimit int
	// PairMoves widens the exchange neighbourhood from add, drop and swap
	// (about |P|·(k−|P|) neighbours) to also exchanging two members for one
	// non-member and one member for two (about |P|·(k−|P|)²/2 more). It
	// finds optima that single moves miss when candidates interact
	// strongly (closing every road of a detour), at several times the
	// evaluations per step.
	PairMoves bool
	// Restarts of the local search from random full portfolios (0: none);
	// they need Rand.
	Restarts int
	Rand     Source
	// MaxMoves caps the exchange moves of each start (0: 100).
	MaxMoves int
	// InteractionReps is the least number of replications behind an
	// interaction report (0: 20); more are used when the portfolio has more.
	InteractionReps int
	// MaxRivals is how many of the chosen portfolio's contenders get an
	// interaction report besides it (0: 3; negative: none).
	MaxRivals int
}

func (c Config) alpha() float64 {
	if c.Alpha == 0 {
		return 0.05
	}
	return c.Alpha
}

func (c Config) greedy() selection.Selector {
	if c.Greedy == nil {
		return selection.OCBA{Alpha: c.alpha(), PerAlternative: 20}
	}
	return c.Greedy
}

func (c Config) exhaustiveLimit() int {
	if c.ExhaustiveLimit == 0 {
		return DefaultExhaustiveLimit
	}
	return c.ExhaustiveLimit
}

func (c Config) maxMoves() int {
	if c.MaxMoves == 0 {
		return 100
	}
	return c.MaxMoves
}

func (c Config) interactionReps() int {
	if c.InteractionReps == 0 {
		return 20
	}
	return c.InteractionReps
}

func (c Config) maxRivals() int {
	switch {
	case c.MaxRivals == 0:
		return 3
	case c.MaxRivals < 0:
		return 0
	}
	return c.MaxRivals
}

func (c Config) check() error {
	switch {
	case c.Selector == nil:
		return &ConfigError{Field: "Selector", Value: "nil", Want: "a selection procedure, e.g. selection.KN{Alpha: 0.05, Delta: 5}"}
	case !(c.Alpha >= 0 && c.Alpha < 1):
		return &ConfigError{Field: "Alpha", Value: fmt.Sprint(c.Alpha), Want: "0 < α < 1 (0 for 0.05)"}
	case c.ExhaustiveLimit < 0:
		return &ConfigError{Field: "ExhaustiveLimit", Value: fmt.Sprint(c.ExhaustiveLimit), Want: fmt.Sprintf("≥ 1 (0 for %d)", DefaultExhaustiveLimit)}
	case c.Restarts < 0:
		return &ConfigError{Field: "Restarts", Value: fmt.Sprint(c.Restarts), Want: "≥ 0"}
	case c.Restarts > 0 && c.Rand == nil:
		return &ConfigError{Field: "Rand", Value: "nil", Want: fmt.Sprintf("a random source for the %d restarts", c.Restarts)}
	case c.MaxMoves < 0:
		return &ConfigError{Field: "MaxMoves", Value: fmt.Sprint(c.MaxMoves), Want: "≥ 1 (0 for 100)"}
	case c.InteractionReps < 0 || c.InteractionReps == 1:
		return &ConfigError{Field: "InteractionReps", Value: fmt.Sprint(c.InteractionReps), Want: "≥ 2 (0 for 20)"}
	}
	return nil
}

// Searcher searches the portfolios of one set of candidates. It keeps every
// gain it has evaluated, so successive searches (several budgets, a
// frontier, interaction reports) share their evaluations. A Searcher is not
// safe for concurrent use; the evaluator does the parallel work.
type Searcher struct {
	cands []Candidate
	cfg   Config
	cache *cache
}

// New returns a Searcher of the candidates, after checking them (see
// ValidateCandidates) and the configuration (*ConfigError).
func New(cands []Candidate, eval Evaluator, cfg Config) (*Searcher, error) {
	if err := ValidateCandidates(cands); err != nil {
		return nil, err
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if eval == nil {
		return nil, &ConfigError{Field: "(evaluator)", Value: "nil", Want: "an Evaluator"}
	}
	return &Searcher{cands: append([]Candidate(nil), cands...), cfg: cfg, cache: newCache(eval)}, nil
}

// Method says how a portfolio was found.
type Method uint8

// The search methods.
const (
	Exhaustive  Method = iota + 1 // every feasible portfolio compared at once
	LocalSearch                   // greedy, exchange moves, restarts, final selection
)

// String names the method.
func (m Method) String() string {
	if int(m) < len(methodNames) && methodNames[m] != "" {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

var methodNames = [...]string{Exhaustive: "exhaustive", LocalSearch: "local search"}

// Portfolio describes one portfolio.
type Portfolio struct {
	Set   Set
	IDs   []string // the members' candidate ids, in candidate order
	Cost  float64  // Σ of the members' costs
	Value selection.Interval
}

// Result is the outcome of one search.
type Result struct {
	Budget float64
	Method Method
	// Best is the portfolio selected, with its gain over every replication
	// evaluated so far (1−α interval).
	Best Portfolio
	// Rivals are Best's contenders in the final selection: the portfolios
	// the data do not show to be worse by at least the selector's δ,
	// closest first. None means Best is distinguishable from every
	// portfolio compared.
	Rivals []Portfolio
	// Selection is the final selection, over Alternatives (its indices).
	// Its PCS is over those portfolios: every feasible one for an
	// exhaustive search; the local optima and their neighbours otherwise.
	Selection    selection.Result
	Alternatives []Set
	// Interactions are Best's and then those of up to Config.MaxRivals
	// rivals.
	Interactions []Interaction
	// LocalOptima (local search) are where each start ended, in the order
	// of the distinct starts (greedy per dollar, greedy by gain, extra
	// starts, random restarts); Moves counts the exchange moves made.
	LocalOptima []Set
	Moves       int
	// Evaluations and Batches are the Searcher's totals so far: distinct
	// (portfolio, replication) jobs evaluated, and calls to the evaluator.
	Evaluations, Batches int
}

// Cost is the total cost of a portfolio.
func (s *Searcher) Cost(p Set) float64 {
	var c float64
	for _, i := range p.Members() {
		c += s.cands[i].Cost
	}
	return c
}

// Portfolio describes p with its gain over the leading replications
// evaluated so far (none: an interval of N = 0 and infinite bounds). The
// empty portfolio's gain is exactly 0 (the zero Interval).
func (s *Searcher) Portfolio(p Set) Portfolio {
	out := Portfolio{Set: p, Cost: s.Cost(p)}
	for _, i := range p.Members() {
		out.IDs = append(out.IDs, s.cands[i].ID)
	}
	if p.IsEmpty() {
		return out // buying nothing gains exactly 0: Value is the zero interval
	}
	out.Value = selection.MeanInterval(s.cache.values(p, s.cache.prefix(p)), 1-s.cfg.alpha())
	return out
}

// Search finds the best portfolio within the budget (USD). The budget must
// buy at least the cheapest candidate (*BudgetError).
func (s *Searcher) Search(ctx context.Context, budget float64) (*Result, error) {
	return s.SearchFrom(ctx, budget, nil)
}

// SearchFrom is Search with extra starts for the local search: feasible
// portfolios, such as the best of each smaller budget (Frontier), from
// which exchange moves also start, so that the best found within the
// budget is at least as good as any of them (an exhaustive search ignores
// them: it compares every feasible portfolio). Starts that do not fit the
// budget are skipped.
func (s *Searcher) SearchFrom(ctx context.Context, budget float64, starts []Set) (*Result, error) {
	if err := checkBudget(s.cands, budget); err != nil {
		return nil, err
	}
	res, err := s.search(ctx, budget, starts)
	if err != nil {
		return nil, err
	}
	top := []Set{res.Best.Set}
	for j := 0; j < len(res.Rivals) && j < s.cfg.maxRivals(); j++ {
		top = append(top, res.Rivals[j].Set)
	}
	for _, p := range top {
		in, err := s.Interactions(ctx, p)
		if err != nil {
			return nil, err
		}
		res.Interactions = append(res.Interactions, in)
	}
	res.Evaluations, res.Batches = s.cache.evals, s.cache.batches
	return res, nil
}

// search runs the exhaustive or local search, the local search also from
// the extra starts (feasible portfolios, such as a smaller budget's best).
func (s *Searcher) search(ctx context.Context, budget float64, extra []Set) (*Result, error) {
	res := &Result{Budget: budget}
	sets, complete := Enumerate(s.cands, budget, s.cfg.exhaustiveLimit())
	if complete {
		res.Method = Exhaustive
		res.Alternatives = sets
	} else {
		res.Method = LocalSearch
		if err := s.localSearch(ctx, budget, extra, res); err != nil {
			return nil, err
		}
	}
	alts := make([]combo, len(res.Alternatives))
	for i, p := range res.Alternatives {
		alts[i] = single(p)
	}
	sel, err := s.cfg.Selector.Select(ctx, len(alts), s.cache.sampler(alts))
	if err != nil {
		return nil, fmt.Errorf("portfolio: selecting among %d portfolios: %w", len(alts), err)
	}
	res.Selection = sel
	res.Best = s.Portfolio(res.Alternatives[sel.Best])
	for _, c := range sel.Contenders {
		res.Rivals = append(res.Rivals, s.Portfolio(res.Alternatives[c.Alt]))
	}
	res.Evaluations, res.Batches = s.cache.evals, s.cache.batches
	return res, nil
}
