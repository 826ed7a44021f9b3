package prim_test

import (
	"fmt"

	"hourglass/sim"
	"hourglass/sim/prim"
)

// Scenario discovery over a 1,000-member ensemble: in which members does
// the Sosnovka post beat the scanners? Here it does when corruption at Osh
// is low and professionalization high; the third input does not matter.
func ExampleFind() {
	rng := sim.NewRNG(1, 0, sim.StreamDesign, 0)
	const n = 1000
	corruption, prof, dogs := make([]float64, n), make([]float64, n), make([]float64, n)
	wins := make([]bool, n)
	for i := range wins {
		corruption[i], prof[i], dogs[i] = rng.Float64(), rng.Float64(), 10*rng.Float64()
		wins[i] = corruption[i] < 0.4 && prof[i] > 0.6
	}
	res, err := prim.Find([]prim.Column{
		prim.Continuous("corruption at Osh", "", corruption),
		prim.Continuous("professionalization", "", prof),
		prim.Continuous("dogs", "per post", dogs),
	}, wins, prim.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Sentence("the Sosnovka post beats the scanners", res.Box))
	// Output:
	// the Sosnovka post beats the scanners when corruption at Osh is below 0.397 and professionalization is above 0.609 (coverage 98%, density 100%)
}
