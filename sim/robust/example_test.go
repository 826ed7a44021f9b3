package robust_test

import (
	"fmt"

	"hourglass/sim/robust"
)

// Kilograms of heroin kept from markets per $1,000 for three interventions
// in each of six ensemble members (one per row, common random numbers
// within a row), with each estimate's standard error.
func ExampleAnalyze() {
	effects := [][]float64{
		{4.1, 3.2, 1.0},
		{3.8, 3.9, 0.9},
		{4.5, 2.1, 1.2},
		{3.9, 3.7, 1.1},
		{4.2, 3.0, 0.8},
		{4.0, 2.6, 1.0},
	}
	se := [][]float64{
		{0.2, 0.2, 0.1}, {0.2, 0.2, 0.1}, {0.2, 0.2, 0.1},
		{0.2, 0.2, 0.1}, {0.2, 0.2, 0.1}, {0.2, 0.2, 0.1},
	}
	res, err := robust.Analyze(effects, robust.Options{SE: se})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range res.Alternatives {
		fmt.Printf("%d: P(best) %.2f, expected rank %.2f, worst-case regret %.1f\n", a.Index, a.PBest, a.ExpectedRank, a.MaxRegret)
	}
	fmt.Println(res.Summary([]string{"kz-scanners", "sosnovka", "informants"}, "kg per $1000"))
	// Output:
	// 0: P(best) 0.83, expected rank 1.17, worst-case regret 0.1
	// 1: P(best) 0.17, expected rank 1.83, worst-case regret 2.4
	// 2: P(best) 0.00, expected rank 3.00, worst-case regret 3.4
	// kz-scanners is robust: best or within the noise of the best in all 6 members (best in 83%, 95% CI 44–97%); worst-case regret 0.1 kg per $1000.
	// Best only in some members: sosnovka (17%, 95% CI 3–56%).
	// Never best: informants.
	// Least worst-case regret: kz-scanners (0.1 kg per $1000; next sosnovka, 2.4 kg per $1000).
}
