package sim_test

import (
	"fmt"
	"os"

	"hourglass/sim"
	"hourglass/sim/scenario"
)

// Run one replication of a scenario and check its mass balance.
func ExampleRun() {
	sc, err := scenario.Load(os.DirFS("testdata"), "tiny.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	o, err := sim.Run(sc.World, &sc.Params, 2026, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := sim.Heroin
	fmt.Printf("heroin shipped %.0f kg = seized %.0f + delivered %.0f + retained %.0f + in transit %.0f\n",
		o.Shipped[h].Kg(), o.Seized[h].Kg(), o.Delivered[h].Kg(), o.Retained[h].Kg(), o.InTransit[h].Kg())
	fmt.Println("balanced:", o.Shipped[h] == o.Seized[h]+o.Delivered[h]+o.Retained[h]+o.InTransit[h])
	// Output:
	// heroin shipped 565 kg = seized 0 + delivered 294 + retained 37 + in transit 234
	// balanced: true
}

// Months open at the Kulma Pass, and when a load arriving in January can cross.
func ExampleNextOpen() {
	arrival := 10.0 * 24 // 11 January, midnight
	open := sim.NextOpen(sim.Kulma, arrival, true)
	fmt.Printf("waits %.0f days, crosses in month %d\n", (open-arrival)/24, sim.Month(int(open/24)))
	// Output: waits 110 days, crosses in month 5
}
