package portfolio

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Candidate is one thing that can be bought: a shipped intervention
// ("kz-scanners") or a new post of some kind at some place
// ("checkpoint@sosnovka").
type Candidate struct {
	ID   string  // unique, not empty
	Cost float64 // USD over the run, discounted; ≥ 0
}

// CandidateError reports a candidate that cannot be used.
type CandidateError struct {
	Index   int    // position in the candidate list
	ID      string // the candidate's id ("" if missing)
	Problem string
}

func (e *CandidateError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("portfolio: candidates[%d]: %s", e.Index, e.Problem)
	}
	return fmt.Sprintf("portfolio: candidates[%d] %q: %s", e.Index, e.ID, e.Problem)
}

// BudgetError reports a budget that buys nothing or is not a budget.
type BudgetError struct {
	Budget   float64
	Cheapest Candidate // the cheapest candidate (zero if the budget is not a number ≥ 0)
}

func (e *BudgetError) Error() string {
	if !(e.Budget >= 0) || math.IsInf(e.Budget, 1) {
		return fmt.Sprintf("portfolio: budget %v USD is not an amount (want a finite number ≥ 0)", e.Budget)
	}
	return fmt.Sprintf("portfolio: budget %s USD is below the cheapest candidate (%q, %s USD): nothing can be bought",
		strconv.FormatFloat(e.Budget, 'f', -1, 64), e.Cheapest.ID, strconv.FormatFloat(e.Cheapest.Cost, 'f', -1, 64))
}

// ConfigError reports a search setting outside its allowed range.
type ConfigError struct {
	Field string // the Config field
	Value string // the value given
	Want  string // what is allowed
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("portfolio: Config.%s: %s (want %s)", e.Field, e.Value, e.Want)
}

// ValidateCandidates checks every candidate and reports every problem at
// once (errors.Join of *CandidateError): an empty or duplicate id, a cost
// that is negative or not a finite number, more than MaxCandidates, none.
func ValidateCandidates(cands []Candidate) error {
	if len(cands) == 0 {
		return &CandidateError{Index: 0, Problem: "no candidates (want at least one)"}
	}
	var errs []error
	if len(cands) > MaxCandidates {
		errs = append(errs, &CandidateError{Index: MaxCandidates, ID: cands[MaxCandidates].ID,
			Problem: fmt.Sprintf("%d candidates, at most %d are supported", len(cands), MaxCandidates)})
	}
	first := make(map[string]int, len(cands))
	for i, c := range cands {
		switch {
		case c.ID == "":
			errs = append(errs, &CandidateError{Index: i, Problem: "empty id"})
		default:
			if j, dup := first[c.ID]; dup {
				errs = append(errs, &CandidateError{Index: i, ID: c.ID, Problem: fmt.Sprintf("duplicate id (first at candidates[%d])", j)})
			} else {
				first[c.ID] = i
			}
		}
		switch {
		case math.IsNaN(c.Cost) || math.IsInf(c.Cost, 0):
			errs = append(errs, &CandidateError{Index: i, ID: c.ID, Problem: fmt.Sprintf("cost %v is not a finite number", c.Cost)})
		case c.Cost < 0:
			errs = append(errs, &CandidateError{Index: i, ID: c.ID, Problem: fmt.Sprintf("cost %v USD is negative (want ≥ 0)", c.Cost)})
		}
	}
	return errors.Join(errs...)
}

// checkBudget returns a *BudgetError if the budget is not a finite number
// ≥ 0 or buys no candidate.
func checkBudget(cands []Candidate, budget float64) error {
	if !(budget >= 0) || math.IsInf(budget, 1) {
		return &BudgetError{Budget: budget}
	}
	cheapest := cands[0]
	for _, c := range cands[1:] {
		if c.Cost < cheapest.Cost {
			cheapest = c
		}
	}
	if !fits(cheapest.Cost, budget) {
		return &BudgetError{Budget: budget, Cheapest: cheapest}
	}
	return nil
}

// fits reports whether a cost is within the budget, allowing for rounding
// in sums of costs (a relative 10⁻⁹).
func fits(cost, budget float64) bool {
	return cost <= budget+1e-9*math.Max(1, math.Abs(budget))
}

// Enumerate lists the portfolios whose cost fits the budget, the empty one
// included, ordered by size and then by members, as long as there are at
// most limit of them; complete is false (and sets partial) when there are
// more.
func Enumerate(cands []Candidate, budget float64, limit int) (sets []Set, complete bool) {
	var rec func(i int, s Set, cost float64) bool
	rec = func(i int, s Set, cost float64) bool {
		if i == len(cands) {
			if len(sets) == limit {
				return false
			}
			sets = append(sets, s)
			return true
		}
		if !rec(i+1, s, cost) {
			return false
		}
		if c := cost + cands[i].Cost; fits(c, budget) {
			return rec(i+1, s.With(i), c)
		}
		return true
	}
	complete = rec(0, Set{}, 0)
	slices.SortFunc(sets, compareSets)
	return sets, complete
}
