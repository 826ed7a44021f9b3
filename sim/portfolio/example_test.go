package portfolio_test

import (
	"context"
	"fmt"

	"hourglass/sim/portfolio"
	"hourglass/sim/selection"
)

// What does a budget of 3 (million USD) buy on two roads? The evaluator
// here is the analytic toy world; in hourglass it runs the model for each
// (portfolio, replication) job and returns the kg kept from the markets
// against the baseline at the same replication.
func ExampleSearcher_Search() {
	w := twoRoads()
	s, err := portfolio.New(w.candidates(), w.evaluator(2), portfolio.Config{
		Selector: selection.KN{Alpha: 0.05, Delta: 5, Batch: 5}, // 5 kg worth telling apart
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Search(context.Background(), 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s search: buy %v for %.1f\n", res.Method, res.Best.IDs, res.Best.Cost)
	fmt.Printf("P(correct selection) ≥ %.2f (guaranteed: %v), rivals within 5 kg: %d\n",
		res.Selection.PCS, res.Selection.Guaranteed, len(res.Rivals))
	for _, m := range res.Interactions[0].Members {
		fmt.Printf("  %s adds %.0f kg (alone %.0f kg)\n", m.ID, m.Marginal.Mean, m.Alone.Mean)
	}
	fmt.Println("the whole is", res.Interactions[0].Kind)
	// Output:
	// exhaustive search: buy [A1 A2 B1] for 3.0
	// P(correct selection) ≥ 0.95 (guaranteed: true), rivals within 5 kg: 0
	//   A1 adds 59 kg (alone 89 kg)
	//   A2 adds 60 kg (alone 88 kg)
	//   B1 adds 243 kg (alone 81 kg)
	// the whole is super-additive
}

// The portfolios of least regret across three ensemble members.
func ExampleRegret() {
	values := [][]float64{ // kg kept from the markets: portfolio × member
		{100, 80, 10},
		{90, 85, 60},
		{98, 100, 42},
	}
	r, err := portfolio.Regret(values, nil, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("best in the calibrated world:", r.BestCalibrated)
	fmt.Println("least worst-case regret:", r.MinimaxRegret, r.WorstCase)
	fmt.Printf("least expected regret: %d %.1f\n", r.MinExpectedRegret, r.Expected)
	// Output:
	// best in the calibrated world: 0
	// least worst-case regret: 1 [50 15 18]
	// least expected regret: 2 [23.3 8.3 6.7]
}
