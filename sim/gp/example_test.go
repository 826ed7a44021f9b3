package gp_test

import (
	"fmt"
	"math"

	"hourglass/sim/gp"
)

// An emulator of a smooth one-input function from eight runs on [0, 1]
// predicts an untried input between them closely and says how sure it is:
// sure at a run and between runs, unsure beyond them.
func ExampleFit() {
	var x [][]float64
	var y []float64
	for i := range 8 {
		v := float64(i) / 7
		x = append(x, []float64{v})
		y = append(y, math.Sin(4*v))
	}
	g, err := gp.Fit(x, y, gp.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, v := g.Predict([]float64{0.5})
	fmt.Printf("at 0.5: %.3f (true %.3f), sd below 0.001: %v\n", m, math.Sin(2), math.Sqrt(v) < 0.001)
	_, v = g.Predict([]float64{1.6})
	fmt.Printf("at 1.6: sd %.2f\n", math.Sqrt(v))
	// Output:
	// at 0.5: 0.909 (true 0.909), sd below 0.001: true
	// at 1.6: sd 0.26
}
