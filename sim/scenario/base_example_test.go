package scenario_test

import (
	"fmt"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

// A sweep reads and checks its scenario once, then builds each point from it.
func ExampleBase_With() {
	base, err := scenario.Prepare(scenarios.FS, "baseline.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rate := range []float64{0.1, 0.5, 1.5} {
		sc, err := base.With(scenario.Override{Path: "place[sosnovka].traits.inspection_rate", Value: rate})
		if err != nil {
			fmt.Println(err)
			continue
		}
		p := sc.World.Places[sc.World.PlaceIndex("sosnovka")]
		fmt.Printf("inspection rate at %s: %v\n", p.ID, p.Traits.InspectionRate)
	}
	// Output:
	// inspection rate at sosnovka: 0.1
	// inspection rate at sosnovka: 0.5
	// override place[sosnovka].traits.inspection_rate=1.5: place[sosnovka].traits.inspection_rate: 1.5 is not a probability (allowed: 0..1)
}

// sample is one point of a sensitivity analysis: a parameter, a group
// profile dimension and a post's trait.
var sample = []scenario.Override{
	{Path: "params.interdiction.tip_rate", Value: 0.3},
	{Path: "group[*].professionalization", Value: 0.7},
	{Path: "place[sosnovka].traits.inspection_rate", Value: 0.2},
}

// BenchmarkLoadWith reads, checks and builds a scenario with a set of
// overrides, as a sweep did for every point.
func BenchmarkLoadWith(b *testing.B) {
	for _, name := range []string{"baseline.toml", "history-2004-2010.toml"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := scenario.LoadWith(scenarios.FS, name, sample...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWith builds the same scenarios from a Base prepared once.
func BenchmarkWith(b *testing.B) {
	for _, name := range []string{"baseline.toml", "history-2004-2010.toml"} {
		b.Run(name, func(b *testing.B) {
			base, err := scenario.Prepare(scenarios.FS, name)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := base.With(sample...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
