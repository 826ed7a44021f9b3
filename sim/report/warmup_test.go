package report_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/scenario"
)

var warmupChart = flag.Bool("warmup-chart", false, "measure how the baseline settles (200 replications of 10 years) and redraw docs/warmup.svg and .png")

// TestWarmupChart measures how the baseline settles from an empty start
// (experiment.Settle) and draws it (report.WarmupFigure). With
//
//	go test ./sim/report -run WarmupChart -warmup-chart -v
//
// it runs 200 replications of 10 years, the last two the long run, at a
// tolerance of 5%, prints every series' settling, fails unless the default
// warm-up (sim.DefaultParams().WarmupMonths) is at least as long as every
// series needs that settles (one that still drifts, by report.MinDrift a
// year or more, has no settled value to reach), and rewrites
// docs/warmup.svg and .png. Without the flag it draws a small version in a
// temporary directory.
func TestWarmupChart(t *testing.T) {
	sc, err := scenario.Load(scenarios.FS, scenarios.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	reps, years, base := 6, 4, filepath.Join(t.TempDir(), "warmup")
	if *warmupChart {
		reps, years, base = 200, 10, filepath.Join("..", "..", "docs", "warmup")
	}
	const refYears, tol = 2, 0.05
	p := sc.Params
	p.WarmupMonths, p.Days = 0, 365*years
	s, err := experiment.Settle(context.Background(), sc.World, &p, 1, reps, runtime.NumCPU(), refYears, tol)
	if err != nil {
		t.Fatal(err)
	}
	def := sim.DefaultParams().WarmupMonths
	var b strings.Builder
	fmt.Fprintf(&b, "%d replications of %d years from %v, long run years %d-%d, tolerance %g%%; default warm-up %d months\n",
		reps, years, p.Start, years-refYears+1, years, 100*tol, def)
	for _, ser := range s.Series {
		fmt.Fprintf(&b, "%-36s long run %10.4g %-10s drift %+5.1f%%/year [%+.1f, %+.1f]  settled after %2d months  first year %+6.1f%%\n",
			ser.Name, ser.Long, ser.Unit, 100*ser.Drift, 100*ser.DriftLo, 100*ser.DriftHi, ser.Settled, 100*(ser.Year[0]-ser.Long)/ser.Long)
		if *warmupChart && !ser.Drifts(report.MinDrift) && ser.Settled > def {
			t.Errorf("%s settles after %d months: the default warm-up, %d months, is too short", ser.Name, ser.Settled, def)
		}
	}
	t.Log("\n" + b.String())
	if err := report.WarmupFigure(base, s, def); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".svg", ".png"} {
		if st, err := os.Stat(base + ext); err != nil || st.Size() < 1000 {
			t.Errorf("%s%s: not written (%v)", base, ext, err)
		}
	}
}
