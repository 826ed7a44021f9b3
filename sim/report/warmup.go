package report

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim/experiment"
)

// MinDrift is the drift a year, as a share of the long-run value, from which
// a series that still moves in the second half of the runs is taken to
// drift (experiment.SettlingSeries.Drifts): it has no settled value, and
// the warm-up need not wait for it.
const MinDrift = 0.01

// WarmupFigure draws how a chain settles from its empty start (s, from
// experiment.Settle) against the length of the warm-up, and marks the
// warm-up of warmup months: for each series, its mean over the year after a
// warm-up of t months as a difference from its long-run value, in percent,
//
//	100 · (Year_t − Long) / Long
//
// with its 95% CI, the band of ±Tol around 0, and, in the legend, the
// warm-up each series needs (or its drift, when it drifts). It writes
// base.svg and base.png.
func WarmupFigure(base string, s *experiment.Settling, warmup int) error {
	if len(s.Series) == 0 || len(s.Series[0].Year) < 2 {
		return fmt.Errorf("warm-up figure: nothing to draw")
	}
	// every third month: 85 glyphs a line would hide the lines
	const step = 3
	n := len(s.Series[0].Year)
	var x []float64
	for t := 0; t < n; t += step {
		x = append(x, float64(t))
	}
	var names []string
	mean, lo, hi := make([][]float64, len(s.Series)), make([][]float64, len(s.Series)), make([][]float64, len(s.Series))
	for i, ser := range s.Series {
		name := fmt.Sprintf("%s: settled after %d months", ser.Name, ser.Settled)
		if ser.Drifts(MinDrift) {
			name = fmt.Sprintf("%s: drifts %+.1f%% a year, no settled value", ser.Name, 100*ser.Drift)
		}
		names = append(names, name)
		for t := 0; t < n; t += step {
			pct := func(v float64) float64 { return 100 * (v - ser.Long) / ser.Long }
			mean[i] = append(mean[i], pct(ser.Year[t]))
			lo[i] = append(lo[i], pct(ser.Lo[t]))
			hi[i] = append(hi[i], pct(ser.Hi[t]))
		}
	}
	title := fmt.Sprintf("The year after t months of warm-up against years %d-%d (%d replications from %v)",
		s.Years-s.RefYears+1, s.Years, s.Reps, s.Start)
	p, err := programBands(title, "warm-up, months (the measured year begins after it)", "difference from the long-run value, %", names, x, mean, lo, hi)
	if err != nil {
		return err
	}
	tol, end := 100*s.Tol, x[len(x)-1]
	var band *plotter.Line
	for _, y := range []float64{-tol, tol} {
		if band, err = plotter.NewLine(plotter.XYs{{X: 0, Y: y}, {X: end, Y: y}}); err != nil {
			return err
		}
		band.Color, band.Width, band.Dashes = black, vg.Points(1), []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(band)
	}
	mark, err := plotter.NewLine(plotter.XYs{{X: float64(warmup), Y: p.Y.Min}, {X: float64(warmup), Y: p.Y.Max}})
	if err != nil {
		return err
	}
	mark.Color, mark.Width, mark.Dashes = eventGrey, vg.Points(1.5), []vg.Length{vg.Points(5), vg.Points(3)}
	p.Add(mark)
	p.Legend.Add(fmt.Sprintf("±%g%% of the long-run value", tol), band)
	p.Legend.Add(fmt.Sprintf("the default warm-up, %d months", warmup), mark)
	p.X.Min, p.X.Max = 0, end
	return writeDrawing(base, chartWidth, fitLegend(p, 16*vg.Centimeter), func(c draw.Canvas) { render(p, c) })
}
