package scenarios_test

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

var printReferenceLosses = flag.Bool("reference-losses", false, "print the baseline's reference losses for network.toml (TestReferenceLosses)")

// TestReferenceLosses is the calibration run behind the reference_loss of
// every place in network.toml (sim/market.go): the baseline at 200
// replications, seed 1, with prices held at their inputs (markets.inertia =
// 0), and for each place and commodity the share of the grams heading there
// that were seized on the way, pooled over the replications:
//
//	L^ref_p = Σ LostTo_p / Σ (LostTo_p + ArrivedAt_p)
//
// Run it with
//
//	go test ./scenarios -run TestReferenceLosses -reference-losses -v
//
// and copy the printed values into network.toml. Without the flag it is
// skipped.
func TestReferenceLosses(t *testing.T) {
	if !*printReferenceLosses {
		t.Skip("prints the calibration of network.toml's reference losses: run with -reference-losses")
	}
	sc, err := scenario.Load(scenarios.FS, "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	p.Markets.Inertia = 0
	outs, _, err := experiment.Outcomes(context.Background(), sc.World, &p, 1, 0, 200, runtime.NumCPU())
	if err != nil {
		t.Fatal(err)
	}
	w := sc.World
	var b strings.Builder
	for pi := range w.Places {
		var parts []string
		for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
			var lost, arrived sim.Grams
			for i := range outs {
				lost += outs[i].LostTo[pi][c]
				arrived += outs[i].ArrivedAt[pi][c]
			}
			if lost+arrived == 0 {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s = %.3f", c, float64(lost)/float64(lost+arrived)))
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, "%s reference_loss = { %s }\n", w.Places[pi].ID, strings.Join(parts, ", "))
		}
	}
	t.Log("\n" + b.String())
}
