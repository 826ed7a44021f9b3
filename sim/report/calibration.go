package report

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim/history"
)

// Calibration is what a calibration's report shows: its waves, which
// inputs the targets constrain and which they leave free, and what is held
// fixed.
type Calibration struct {
	Result   *history.Result
	Question string
	Periods  []string
	Inputs   []CalInput  // in the problem's order
	Fixed    []FixedNote // per period
	Files    []string
	Sources  string
	// NoFigures writes the page without its charts (and no figures/).
	NoFigures bool
}

// CalInput is an uncertain input as the report names it.
type CalInput struct {
	Name  string
	Range string  // as the file declares it
	Value float64 // the scenario's own
	At    string  // where the range is declared
}

// FixedNote says, for one period, how many numbers marked assumption are
// held fixed (no range) and how many inputs and switches are varied.
type FixedNote struct {
	Scenario    string `json:"scenario"`
	Fixed       int    `json:"fixed"`
	Assumptions int    `json:"assumptions"`
	Inputs      int    `json:"inputs"`
	Switches    int    `json:"switches"`
	// Held counts the inputs and switches the scenario declares but the
	// calibration held at their values (Calibration.Inputs).
	Held int `json:"declared_but_held"`
}

// String says the note in words.
func (f FixedNote) String() string {
	s := fmt.Sprintf("%s: %d uncertain inputs and %d switches varied; %d of its %d numbers marked assumption held fixed at their values (they have no plausible range)",
		f.Scenario, f.Inputs, f.Switches, f.Fixed, f.Assumptions)
	if f.Held > 0 {
		s += fmt.Sprintf(", and %d inputs and switches with a range or alternatives held at their own", f.Held)
	}
	return s
}

// CalibrationWords are the report's sentences: the kept fraction per wave,
// the size of the ensemble, which inputs are constrained and which free,
// the switches the targets favour, and what is held fixed.
func CalibrationWords(c Calibration) []string {
	r := c.Result
	var waves []string
	for _, w := range r.Waves {
		waves = append(waves, fmt.Sprintf("wave %d kept %s of the prior space (%d of %d runs kept)", w.Number, percent(w.KeptFraction), w.Kept, len(w.Runs)))
	}
	members := len(r.Ensemble())
	out := []string{fmt.Sprintf("History matching ran %d waves (%s), stopping because: %s. The ensemble has %d members, each confirmed by simulation.",
		len(r.Waves), strings.Join(waves, "; "), r.Stop, members)}
	if members == 0 {
		out = append(out, "No point matched every target within the cutoff: the model, as its inputs range, cannot reproduce the targets as stated (widen a range, add a switch, or revisit the discrepancy).")
		return out
	}
	var constrained, free []string
	for _, m := range r.Marginals(0) {
		s := fmt.Sprintf("%s (kept 5-95%%: %s to %s of %s to %s)", m.Name, fmtNum(m.Quantiles[0]), fmtNum(m.Quantiles[4]), fmtNum(m.PriorLo), fmtNum(m.PriorHi))
		if m.Constrained {
			constrained = append(constrained, s)
		} else {
			free = append(free, m.Name)
		}
	}
	if len(constrained) > 0 {
		out = append(out, "The targets constrain "+strings.Join(constrained, "; ")+".")
	} else {
		out = append(out, "The targets constrain no input on its own (each kept interquartile range is at least 70% of its prior's): they rule out combinations, not single values.")
	}
	if len(free) > 0 {
		out = append(out, "They leave free: "+strings.Join(free, ", ")+".")
	}
	for _, s := range r.SwitchMarginals() {
		var parts []string
		for i, a := range s.Alternatives {
			parts = append(parts, fmt.Sprintf("%s %d", a, s.Counts[i]))
		}
		verdict := "the targets do not choose between its alternatives"
		if s.Constrained {
			verdict = "the targets disfavour an alternative"
		}
		out = append(out, fmt.Sprintf("Switch %s: %s (kept members: %s).", s.Name, verdict, strings.Join(parts, ", ")))
	}
	for _, f := range c.Fixed {
		out = append(out, "Held fixed: "+f.String()+".")
	}
	return out
}

// percent writes a share as a percentage with the digits it needs.
func percent(x float64) string {
	switch {
	case x >= 0.1:
		return fmt.Sprintf("%.0f%%", 100*x)
	case x >= 0.001:
		return fmt.Sprintf("%.2g%%", 100*x)
	}
	return fmt.Sprintf("%.2g%%", 100*x)
}

// WriteCalibration draws the calibration's charts and writes report.html.
func WriteCalibration(dir string, c Calibration) error {
	if err := mkFigures(dir, c.NoFigures); err != nil {
		return err
	}
	page := &Page{Title: "hourglass calibrate: " + strings.Join(c.Periods, " and "), Question: c.Question,
		Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC"), Files: c.Files, Summary: CalibrationWords(c), Sources: c.Sources}
	if len(c.Periods) > 0 {
		page.SourcesArg = c.Periods[0]
	}
	r := c.Result
	chart := func(name, title, caption string, w, h vg.Length, drawing func(draw.Canvas) error) error {
		if c.NoFigures {
			return nil
		}
		var derr error
		f, err := saveDrawing(dir, name, title, caption, w, h, func(cv draw.Canvas) { derr = drawing(cv) })
		if err == nil {
			err = derr
		}
		page.Figures = append(page.Figures, f)
		return err
	}
	if err := chart("kept-fraction", "Kept fraction per wave", "The share of the prior space each wave keeps (not ruled out), on a log scale: wave 1 by simulation, later waves by the emulator (kept members are confirmed by simulation).",
		chartWidth, 9*vg.Centimeter, func(cv draw.Canvas) error {
			p, err := keptChart(r)
			if err == nil {
				render(p, cv)
			}
			return err
		}); err != nil {
		return err
	}
	members := r.Ensemble()
	if len(members) > 0 && len(r.Problem.Inputs) > 0 {
		cols := 3
		rows := (len(r.Problem.Inputs) + cols - 1) / cols
		if err := chart("marginals", "Kept against prior, input by input",
			"Each input's kept members (bars: the share of members in each tenth of its range) against the prior (the line: the share a tenth would hold if the targets ruled nothing out). A narrow pile means the targets constrain it; a flat one that they leave it free.",
			chartWidth, vg.Length(rows)*5.2*vg.Centimeter, func(cv draw.Canvas) error { return marginalGrid(r, cols, cv) }); err != nil {
			return err
		}
		pairs := pairInputs(r, 5)
		if len(pairs) >= 2 {
			n := len(pairs)
			if err := chart("pairs", "Kept members, two inputs at a time",
				"Pairs of the most constrained inputs: each kept member (vermillion) and each ruled-out run (grey), in the inputs' units. A corner left empty is a combination the targets rule out.",
				chartWidth, vg.Length(n-1)*7*vg.Centimeter, func(cv draw.Canvas) error { return pairGrid(r, pairs, cv) }); err != nil {
				return err
			}
		}
	}
	page.Table = calibrationTable(c)
	page.TableNote = "Each uncertain input: its plausible range, where it is declared, the scenario's own value, and the kept members' quantiles; bold rows: constrained (the kept interquartile range is below 70% of the prior's)."
	return writeHTML(filepath.Join(dir, FileName), page)
}

// keptChart plots each wave's kept fraction on a log axis.
func keptChart(r *history.Result) (*plot.Plot, error) {
	p := newPlot("Kept fraction of the prior space", "wave", "kept fraction")
	var xys plotter.XYs
	for _, w := range r.Waves {
		if w.KeptFraction > 0 {
			xys = append(xys, plotter.XY{X: float64(w.Number), Y: w.KeptFraction})
		}
	}
	if len(xys) == 0 {
		xys = append(xys, plotter.XY{X: 1, Y: 1e-6})
	}
	line, pts, err := plotter.NewLinePoints(xys)
	if err != nil {
		return nil, err
	}
	line.Color, pts.Color = blue, blue
	pts.Shape, pts.Radius = draw.CircleGlyph{}, vg.Points(4)
	p.Add(line, pts)
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = numTicks{Log: true}
	p.X.Min, p.X.Max = 0.5, float64(len(r.Waves))+0.5
	return p, nil
}

// marginalGrid draws one histogram per input of the kept members (tenths
// of the prior's range, in prior probability) with the prior's share.
func marginalGrid(r *history.Result, cols int, cv draw.Canvas) error {
	members := r.Ensemble()
	n := len(r.Problem.Inputs)
	rows := (n + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for k, in := range r.Problem.Inputs {
		lo, hi := in.Bounds()
		counts := make([]float64, 10)
		for _, m := range members {
			b := int(10 * in.Prior.CDF(m.Point.X[k]))
			counts[min(max(b, 0), 9)]++
		}
		p := newPlot(shortName(in.Name), "", "")
		p.Title.TextStyle.Font.Size = 10
		p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = 8, 8
		var bars plotter.XYs
		for b, c := range counts {
			bars = append(bars, plotter.XY{X: in.Prior.Quantile((float64(b) + 0.5) / 10), Y: c / float64(len(members))})
		}
		h, err := plotter.NewHistogram(bars, 10)
		if err != nil {
			return err
		}
		// the bins of a histogram of values already binned: one per tenth
		h.Bins = h.Bins[:0]
		for b, c := range counts {
			h.Bins = append(h.Bins, plotter.HistogramBin{Min: in.Prior.Quantile(float64(b) / 10), Max: in.Prior.Quantile(float64(b+1) / 10), Weight: c / float64(len(members))})
		}
		h.FillColor, h.LineStyle.Width = vermillion, 0
		prior, err := plotter.NewLine(plotter.XYs{{X: lo, Y: 0.1}, {X: hi, Y: 0.1}})
		if err != nil {
			return err
		}
		prior.Color, prior.Width = blue, vg.Points(1.5)
		p.Add(h, prior)
		p.X.Min, p.X.Max, p.Y.Min = lo, hi, 0
		p.Y.Max = math.Max(0.12, slices.Max(counts)/float64(len(members))*1.1)
		plots[k/cols][k%cols] = p
	}
	drawTiles(plots, 4*vg.Millimeter, cv)
	return nil
}

// drawTiles draws a grid of plots (nil: an empty tile) on cv, their axes
// aligned, pad apart.
func drawTiles(plots [][]*plot.Plot, pad vg.Length, cv draw.Canvas) {
	margin := 2 * vg.Millimeter
	tiles := draw.Tiles{Rows: len(plots), Cols: len(plots[0]), PadX: pad, PadY: pad, PadTop: margin, PadBottom: margin, PadLeft: margin, PadRight: margin}
	canvases := plot.Align(plots, tiles, cv)
	for i := range plots {
		for j, p := range plots[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
}

// pairInputs are the indices of up to k inputs for the pairs plots: the
// most constrained first (the smallest kept interquartile share).
func pairInputs(r *history.Result, k int) []int {
	ms := r.Marginals(0)
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := ms[a].IQRShare, ms[b].IQRShare
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	out := order[:min(k, len(order))]
	slices.Sort(out)
	return out
}

// pairGrid draws the lower triangle of scatter plots of the inputs ins:
// kept members over the ruled-out runs.
func pairGrid(r *history.Result, ins []int, cv draw.Canvas) error {
	n := len(ins)
	plots := make([][]*plot.Plot, n-1)
	for i := range plots {
		plots[i] = make([]*plot.Plot, n-1)
	}
	var runs []history.Run
	for _, w := range r.Waves {
		runs = append(runs, w.Runs...)
	}
	for row := 1; row < n; row++ {
		for col := 0; col < row; col++ {
			xi, yi := ins[col], ins[row]
			xname, yname := "", ""
			if row == n-1 {
				xname = shortName(r.Problem.Inputs[xi].Name)
			}
			if col == 0 {
				yname = shortName(r.Problem.Inputs[yi].Name)
			}
			p := newPlot("", xname, yname)
			p.X.Label.TextStyle.Font.Size, p.Y.Label.TextStyle.Font.Size = 8, 8
			p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = 7, 7
			var kept, out plotter.XYs
			for _, run := range runs {
				xy := plotter.XY{X: run.Point.X[xi], Y: run.Point.X[yi]}
				if run.Kept {
					kept = append(kept, xy)
				} else {
					out = append(out, xy)
				}
			}
			if len(out) > 0 {
				sc, err := plotter.NewScatter(out)
				if err != nil {
					return err
				}
				sc.GlyphStyle = draw.GlyphStyle{Color: grey, Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}}
				p.Add(sc)
			}
			if len(kept) > 0 {
				sc, err := plotter.NewScatter(kept)
				if err != nil {
					return err
				}
				sc.GlyphStyle = draw.GlyphStyle{Color: vermillion, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
				p.Add(sc)
			}
			xlo, xhi := r.Problem.Inputs[xi].Bounds()
			ylo, yhi := r.Problem.Inputs[yi].Bounds()
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
			plots[row-1][col] = p
		}
	}
	drawTiles(plots, 3*vg.Millimeter, cv)
	return nil
}

// shortName drops a path's table: "params.interdiction.tip_rate" is
// "interdiction.tip_rate", "place[almaty].traits.raid_rate" is
// "almaty raid_rate".
func shortName(path string) string {
	if rest, ok := strings.CutPrefix(path, "params."); ok {
		return rest
	}
	if i := strings.Index(path, "["); i > 0 {
		if j := strings.Index(path, "]"); j > i {
			field := path[j+1:]
			field = strings.TrimPrefix(strings.TrimPrefix(field, ".traits"), ".")
			return path[i+1:j] + " " + field
		}
	}
	return path
}

// calibrationTable is the inputs' table.
func calibrationTable(c Calibration) Table {
	t := Table{Header: []string{"input", "declared at", "range", "scenario's value", "kept 5%", "kept 50%", "kept 95%", "kept IQR / prior's", "constrained"}, SigCol: 8}
	ms := c.Result.Marginals(0)
	for i, in := range c.Inputs {
		m := ms[i]
		con := "no"
		if m.Constrained {
			con = "yes"
		}
		t.Rows = append(t.Rows, []Cell{{in.Name, in.Name}, {in.At, in.At}, {in.Range, in.Range}, num(in.Value),
			num(m.Quantiles[0]), num(m.Quantiles[2]), num(m.Quantiles[4]), num(m.IQRShare), {con, con}})
	}
	return t
}

// CalibrationText prints the console's account of a calibration: the kept
// fraction per wave, then the constrained and free inputs.
func CalibrationText(w io.Writer, c Calibration) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "wave\truns\tkept\tkept fraction\temulator share\t")
	for _, wv := range c.Result.Waves {
		es := "-"
		if !math.IsNaN(wv.EmulatorShare) {
			es = fmt.Sprintf("%.3f", wv.EmulatorShare)
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t\n", wv.Number, len(wv.Runs), wv.Kept, percent(wv.KeptFraction), es)
	}
	tw.Flush()
	for _, s := range CalibrationWords(c)[1:] {
		fmt.Fprintln(w, s)
	}
}
