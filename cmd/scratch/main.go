package main

import (
	"fmt"
	"os"

	"hourglass/scenarios"
	"hourglass/sim/scenario"
)

func main() {
	sc, err := scenario.Load(scenarios.FS, os.Args[1])
	if err != nil {
		panic(err)
	}
	w := sc.World
	for _, a := range w.Agencies {
		fmt.Println(a.ID, a.SharesIntel)
	}
	fmt.Println("nizhny traffic", w.Places[w.PlaceIndex("nizhny-panj")].Traits.TrafficPerDay)
	for gi, g := range w.Populations {
		if g.ID != os.Args[2] {
			continue
		}
		for _, r := range w.Routes[gi] {
			fmt.Printf("%s: %s km=%.0f h=%.1f\n", g.ID, w.Describe(&r), r.Km, r.Hours)
		}
	}
}
