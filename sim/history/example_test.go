package history_test

import (
	"context"
	"fmt"

	"hourglass/sim"
	"hourglass/sim/history"
)

// A stochastic toy simulator with two inputs, of which the one target
// measures only the first: calibration pins the first and leaves the
// second free.
func ExampleCalibrate() {
	problem := history.Problem{
		Inputs: []history.Input{
			{Name: "corruption", Prior: history.Uniform{Lo: 0, Hi: 1}},
			{Name: "dogs", Prior: history.LogUniform{Lo: 1, Hi: 100}},
		},
		// observed 0.3 to 0.5, read as a 95% interval, with a 5% discrepancy
		Targets: []history.Target{history.NewTarget("seizure share", 0.3, 0.5, 0.05)},
	}
	simulate := func(_ context.Context, job history.Job) (history.Output, error) {
		rng := sim.NewRNG(1, job.ID, sim.StreamEncounter, 0) // seeds from the job, not the worker
		sum, sumSq := 0.0, 0.0
		for range job.Reps {
			y := job.Point.X[0] + 0.05*rng.NormFloat64()
			sum, sumSq = sum+y, sumSq+y*y
		}
		n := float64(job.Reps)
		mean := sum / n
		s2 := (sumSq - n*mean*mean) / (n - 1)
		return history.Output{Mean: []float64{mean}, Var: []float64{s2 / n}}, nil
	}
	res, err := history.Calibrate(context.Background(), problem,
		history.Config{Waves: 3, Runs: 30, Reps: 10},
		history.Pool(simulate, 2), sim.NewRNG(1, 0, sim.StreamDesign, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range res.Waves {
		fmt.Printf("wave %d: %d runs, %d kept, kept fraction %.2f\n", w.Number, len(w.Runs), w.Kept, w.KeptFraction)
	}
	fmt.Println("stopped:", res.Stop)
	for _, m := range res.Marginals(0) {
		fmt.Printf("%s: constrained %v\n", m.Name, m.Constrained)
	}
	// Output:
	// wave 1: 30 runs, 10 kept, kept fraction 0.33
	// wave 2: 30 runs, 26 kept, kept fraction 0.34
	// stopped: emulator variance small against the other variances
	// corruption: constrained true
	// dogs: constrained false
}
