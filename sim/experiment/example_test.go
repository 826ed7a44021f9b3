package experiment_test

import (
	"context"
	"fmt"

	"hourglass/scenarios"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// A comparison from Go: two shipped scenarios, common random numbers, one
// Summary. A results.Writer as the sink would stream the tables to disk.
func ExampleExperiment_Run() {
	e := &experiment.Experiment{Kind: "compare", Seed: 1, N: 4}
	for _, name := range []string{"baseline.toml", "china-intel-sharing.toml"} {
		sc, err := scenario.Load(scenarios.FS, name)
		if err != nil {
			panic(err)
		}
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs, AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost(), EffectDiscount: sc.EffectDiscount()})
	}
	res, err := e.Run(context.Background(), experiment.Discard)
	if err != nil {
		panic(err)
	}
	alt := res.Summary.Scenarios[1]
	d := alt.Metrics[experiment.PrecursorSeized].VsBaseline
	fmt.Println(alt.Name, res.Completed, "paired replications")
	fmt.Println("acetic anhydride seized rises:", d.Mean > 0)
	// Output:
	// china-intel-sharing 4 paired replications
	// acetic anhydride seized rises: true
}
