package portfolio

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// FrontierPoint is the best portfolio at one budget level.
type FrontierPoint struct {
	Budget float64
	Best   Portfolio // its Value is the gain's 1−α interval
	// PCS and Guaranteed are the final selection's (see selection.Result);
	// Rivals counts the portfolios indistinguishable from Best at the
	// selector's δ.
	PCS        float64
	Guaranteed bool
	Rivals     int
	Method     Method
	// Efficient marks the points of the efficient frontier: no other level
	// chose a different portfolio costing no more with a larger estimated
	// gain, and no lower level chose the same portfolio. Efficient points
	// in budget order rise in cost and in gain.
	Efficient bool
}

// Frontier searches the best portfolio at each budget level (USD, in any
// order; returned in increasing order, repeated levels once), sharing every
// evaluation, and marks the efficient frontier of cost against gain. Each
// level's search also starts from the previous level's best (it is
// feasible at the larger budget), so a larger budget is not lost to a
// poorer start. A level below the cheapest candidate buys nothing: its
// point is the empty portfolio, of gain exactly 0. No interactions are
// computed.
func (s *Searcher) Frontier(ctx context.Context, budgets []float64) ([]FrontierPoint, error) {
	levels := slices.Clone(budgets)
	for _, b := range levels {
		if !(b >= 0) || math.IsInf(b, 1) {
			return nil, &BudgetError{Budget: b}
		}
	}
	slices.Sort(levels)
	levels = slices.Compact(levels)
	points := make([]FrontierPoint, 0, len(levels))
	var prev Set
	for _, b := range levels {
		if checkBudget(s.cands, b) != nil {
			points = append(points, FrontierPoint{Budget: b, Best: s.Portfolio(Set{}), PCS: 1, Guaranteed: true, Method: Exhaustive})
			continue
		}
		res, err := s.search(ctx, b, []Set{prev})
		if err != nil {
			return nil, fmt.Errorf("portfolio: frontier at %.0f USD: %w", b, err)
		}
		points = append(points, FrontierPoint{
			Budget: b, Best: res.Best, Method: res.Method,
			PCS: res.Selection.PCS, Guaranteed: res.Selection.Guaranteed, Rivals: len(res.Rivals),
		})
		prev = res.Best.Set
	}
	// The values were computed level by level; restate each over every
	// replication now evaluated, so the points are comparable.
	for i := range points {
		points[i].Best = s.Portfolio(points[i].Best.Set)
	}
	markEfficient(points)
	return points, nil
}

// markEfficient sets Efficient on the points not dominated by another
// level's different portfolio (cost ≤ and gain ≥, one of them strictly)
// and not repeating a lower level's portfolio.
func markEfficient(points []FrontierPoint) {
	for i := range points {
		pi := points[i].Best
		eff := true
		for j := range points {
			pj := points[j].Best
			if j == i {
				continue
			}
			if pj.Set == pi.Set {
				if j < i {
					eff = false
				}
				continue
			}
			if pj.Cost <= pi.Cost && pj.Value.Mean >= pi.Value.Mean && (pj.Cost < pi.Cost || pj.Value.Mean > pi.Value.Mean) {
				eff = false
			}
		}
		points[i].Efficient = eff
	}
}

// BudgetLevels returns n budget levels evenly spaced from the cheapest
// candidate's cost to the budget (n ≥ 2; n = 1 gives the budget alone).
func BudgetLevels(cands []Candidate, budget float64, n int) []float64 {
	if n < 2 || len(cands) == 0 {
		return []float64{budget}
	}
	lo := cands[0].Cost
	for _, c := range cands[1:] {
		lo = math.Min(lo, c.Cost)
	}
	lo = math.Min(lo, budget)
	levels := make([]float64, n)
	for i := range levels {
		levels[i] = lo + (budget-lo)*float64(i)/float64(n-1)
	}
	levels[n-1] = budget
	return levels
}
