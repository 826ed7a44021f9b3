package selection_test

import (
	"context"
	"fmt"

	"hourglass/sim/selection"
)

// KN on three alternatives run with common random numbers: the third is
// best by 2 units, more than the indifference zone of 0.5.
func ExampleKN_Select() {
	s := &synthetic{mu: []float64{0, 1, 3}, common: 5, own: 1, seed: 1}
	res, err := selection.KN{Alpha: 0.05, Delta: 0.5, Batch: 5}.Select(context.Background(), 3, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("selected %d, P(CS) ≥ %.2f guaranteed: %v\n", res.Best, res.PCS, res.Guaranteed)
	fmt.Println("indistinguishable:", res.Indistinguishable())
	d := res.Diff(2, 1)
	fmt.Printf("μ2 − μ1 in [%.1f, %.1f]\n", d.Lo, d.Hi)
	// Output:
	// selected 2, P(CS) ≥ 0.95 guaranteed: true
	// indistinguishable: false
	// μ2 − μ1 in [1.3, 2.9]
}

// OCBA spends a fixed budget of 150 replications, most of them on the two
// close alternatives.
func ExampleOCBA_Select() {
	s := &synthetic{mu: []float64{0, 2.8, 3}, common: 5, own: 1, seed: 1}
	res, err := selection.OCBA{Alpha: 0.05, Delta: 0.5, Budget: 150}.Select(context.Background(), 3, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("selected", res.Best, "replications", res.Reps)
	fmt.Printf("approximate P(CS) %.2f, contenders within δ: %d\n", res.PCS, len(res.Contenders))
	// Output:
	// selected 2 replications [10 70 70]
	// approximate P(CS) 0.78, contenders within δ: 1
}
