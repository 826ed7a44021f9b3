package portfolio_test

import (
	"context"
	"testing"

	"hourglass/sim/portfolio"
)

// TestFrontierMonotone: along the budget levels of the two-road toy each
// level's choice is within δ of that level's true optimum and within the
// budget, no larger budget's choice is worth less than a smaller one's
// (beyond δ), and the efficient points rise in cost and in gain.
func TestFrontierMonotone(t *testing.T) {
	w := twoRoads()
	s, err := portfolio.New(w.candidates(), w.evaluator(2), knConfig())
	if err != nil {
		t.Fatal(err)
	}
	levels := append(portfolio.BudgetLevels(w.candidates(), 6, 11), 0.5, 6) // 0.5 buys nothing; 6 repeats
	points, err := s.Frontier(context.Background(), levels)
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 12 {
		t.Fatalf("%d points for 11 distinct levels and 0.5", len(points))
	}
	if !points[0].Best.Set.IsEmpty() || points[0].Budget != 0.5 || points[0].Best.Value.Mean != 0 {
		t.Errorf("below the cheapest post: %+v, want the empty portfolio", points[0])
	}
	best := 0.0
	var last *portfolio.FrontierPoint
	for i, p := range points {
		_, first, _ := w.optimum(p.Budget)
		got := w.caught(p.Best.Set)
		if p.Best.Cost > p.Budget || got < first-delta {
			t.Errorf("budget %v: chose %v costing %v worth %.1f kg, optimum %.1f", p.Budget, p.Best.IDs, p.Best.Cost, got, first)
		}
		if got < best-delta {
			t.Errorf("budget %v: chose a portfolio worth %.1f kg, a smaller budget's is worth %.1f", p.Budget, got, best)
		}
		best = max(best, got)
		if i > 0 && p.Budget <= points[i-1].Budget {
			t.Errorf("levels out of order: %v after %v", p.Budget, points[i-1].Budget)
		}
		if p.Efficient {
			if last != nil && !(p.Best.Cost > last.Best.Cost && p.Best.Value.Mean > last.Best.Value.Mean) {
				t.Errorf("efficient point %v (%.2f M$, %.1f kg) after %v (%.2f M$, %.1f kg)", p.Best.IDs, p.Best.Cost, p.Best.Value.Mean, last.Best.IDs, last.Best.Cost, last.Best.Value.Mean)
			}
			last = &points[i]
		}
		t.Logf("budget %.2f: %-12v cost %.1f gain %.1f [%.1f, %.1f] efficient %v", p.Budget, p.Best.IDs, p.Best.Cost, p.Best.Value.Mean, p.Best.Value.Lo, p.Best.Value.Hi, p.Efficient)
	}
	if last == nil || last.Best.Set.IsEmpty() {
		t.Error("no efficient point buys anything")
	}
}

func TestBudgetLevels(t *testing.T) {
	c := []portfolio.Candidate{{"a", 2}, {"b", 1}}
	got := portfolio.BudgetLevels(c, 5, 5)
	want := []float64{1, 2, 3, 4, 5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("levels %v, want %v", got, want)
		}
	}
	if l := portfolio.BudgetLevels(c, 5, 1); len(l) != 1 || l[0] != 5 {
		t.Errorf("one level: %v", l)
	}
}
