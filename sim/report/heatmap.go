package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	gpalette "gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// This file draws what is particular to sweeps over several keys (a design):
// heat maps of a two-factor factorial, and the sentences of the report.

// twoFactor reports whether m is a sweep of a full factorial over exactly two
// keys: the designs a heat map shows.
func twoFactor(m results.Manifest) bool {
	return m.Kind == "sweep" && m.Design == "factorial" && len(m.DesignKeys) == 2
}

// heatCells is a grid of cells, cell (i, j) at x = i, y = j, filled by
// mean[i][j] on a colour map and labelled "mean ±half".
type heatCells struct {
	mean, half [][]float64
	colors     gpalette.ColorMap
	lo, hi     float64
	font       draw.TextStyle
}

// DataRange implements plot.DataRanger: a unit square around each cell.
func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(h.mean)) - 0.5, -0.5, float64(len(h.mean[0])) - 0.5
}

// Plot implements plot.Plotter.
func (h *heatCells) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	for i, col := range h.mean {
		for j, v := range col {
			x0, x1 := tx(float64(i)-0.5), tx(float64(i)+0.5)
			y0, y1 := ty(float64(j)-0.5), ty(float64(j)+0.5)
			fill := h.color(v)
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			sty := h.font
			sty.Color = color.Black
			if luminance(fill) < 0.45 {
				sty.Color = color.White
			}
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, cellLabel(v, h.half[i][j]))
		}
	}
}

// cellLabel is a cell's mean and the half-width of its 95% CI.
func cellLabel(mean, half float64) string {
	return fmtNum(mean) + "\n±" + fmtNum(half)
}

// color maps v from [lo, hi] onto the colour map (the middle colour when
// every cell has the same value).
func (h *heatCells) color(v float64) color.Color {
	t := 0.5
	if h.hi > h.lo {
		t = (v - h.lo) / (h.hi - h.lo)
	}
	// the ends of the map are black and white: keep to its middle
	c, err := h.colors.At(0.15 + 0.75*math.Min(1, math.Max(0, t)))
	if err != nil {
		return color.Gray{Y: 200}
	}
	return c
}

// luminance is the relative luminance of c, 0 (black) to 1 (white):
// 0.2126 R + 0.7152 G + 0.0722 B.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// heatMap is a grid with a cell per (xs[i], ys[j]), coloured by mean[i][j]
// (light: high) and labelled with it and the half-width of its 95% CI,
// half[i][j]. The axes are labelled with the keys, the ticks with the values.
func heatMap(title, xkey, ykey string, xs, ys []float64, mean, half [][]float64) (*plot.Plot, *heatCells, error) {
	if len(xs) == 0 || len(ys) == 0 || len(mean) != len(xs) || len(half) != len(xs) {
		return nil, nil, fmt.Errorf("heat map %s: %d×%d values for %d×%d cells", title, len(mean), len(ys), len(xs), len(ys))
	}
	// as newPlot, without grid lines: the cells are the grid
	p := sansPlot()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text, p.Y.Label.Text = xkey, ykey
	p.X.Label.TextStyle.Font.Size, p.Y.Label.TextStyle.Font.Size = labelSize, labelSize
	p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = tickSize, tickSize
	p.X.Tick.Marker, p.Y.Tick.Marker = ticksAt(xs), ticksAt(ys)
	h := &heatCells{mean: mean, half: half, colors: moreland.Kindlmann(), lo: math.Inf(1), hi: math.Inf(-1)}
	h.colors.SetMin(0)
	h.colors.SetMax(1)
	for i := range mean {
		if len(mean[i]) != len(ys) || len(half[i]) != len(ys) {
			return nil, nil, fmt.Errorf("heat map %s: column %d has %d values for %d cells", title, i, len(mean[i]), len(ys))
		}
		for _, v := range mean[i] {
			h.lo, h.hi = math.Min(h.lo, v), math.Max(h.hi, v)
		}
	}
	h.font = p.X.Tick.Label
	h.font.Font.Size = vg.Points(math.Max(6, math.Min(tickSize, 80/float64(max(len(xs), len(ys))))))
	p.Add(h)
	return p, h, nil
}

// colourBar is the key of a heat map's colours: a vertical bar from the
// lowest cell's value (bottom) to the highest.
type colourBar struct{ cells *heatCells }

// DataRange implements plot.DataRanger.
func (b colourBar) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 1, b.cells.lo, b.cells.hi
}

// Plot implements plot.Plotter: a hundred steps of colour.
func (b colourBar) Plot(c draw.Canvas, plt *plot.Plot) {
	tx, ty := plt.Transforms(&c)
	const steps = 100
	lo, hi := b.cells.lo, b.cells.hi
	for k := range steps {
		v0, v1 := lo+(hi-lo)*float64(k)/steps, lo+(hi-lo)*float64(k+1)/steps
		y0, y1 := ty(v0), ty(v1)+vg.Points(0.5) // overlapping: no seams
		if k == steps-1 {
			y1 = ty(v1)
		}
		c.FillPolygon(b.cells.color((v0+v1)/2), []vg.Point{{X: tx(0), Y: y0}, {X: tx(1), Y: y0}, {X: tx(1), Y: y1}, {X: tx(0), Y: y1}})
	}
}

// colourBarWidth is the room right of a heat map for its colour bar, its
// ticks and its unit.
const colourBarWidth = 4 * vg.Centimeter

// heatFigure draws the heat map p beside its colour bar, labelled with
// unit, the bar as high as the map's cells.
func heatFigure(p *plot.Plot, cells *heatCells, unit string) func(draw.Canvas) {
	bar := sansPlot()
	bar.HideX()
	bar.Y.Label.Text = unit
	bar.Y.Label.TextStyle.Font.Size = labelSize
	bar.Y.Tick.Label.Font.Size = tickSize
	bar.Y.Tick.Marker = numTicks{}
	bar.Add(colourBar{cells})
	if cells.hi > cells.lo {
		bar.Y.Min, bar.Y.Max = cells.lo, cells.hi
	}
	return func(c draw.Canvas) {
		mc := draw.Crop(c, 0, -colourBarWidth, 0, 0)
		data, _ := render(p, mc)
		bc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: mc.Max.X + legendGap, Y: data.Min.Y},
			Max: vg.Point{X: c.Max.X - colourBarWidth/2, Y: data.Max.Y}}}
		bar.Draw(bc)
	}
}

// ticksAt labels the integer positions 0 … len(values)−1 with the values.
func ticksAt(values []float64) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(values))
	for i, v := range values {
		ticks[i] = plot.Tick{Value: float64(i), Label: fmt.Sprintf("%g", v)}
	}
	return ticks
}

// grid arranges the scenarios of a two-factor design: the distinct values of
// each key (in order of appearance) and each scenario's cell.
func grid(m results.Manifest) (xs, ys []float64, cell [][2]int) {
	cell = make([][2]int, len(m.Scenarios))
	for si, s := range m.Scenarios {
		for _, p := range s.Params {
			switch p.Key {
			case m.DesignKeys[0]:
				if !slices.Contains(xs, p.Value) {
					xs = append(xs, p.Value)
				}
				cell[si][0] = slices.Index(xs, p.Value)
			case m.DesignKeys[1]:
				if !slices.Contains(ys, p.Value) {
					ys = append(ys, p.Value)
				}
				cell[si][1] = slices.Index(ys, p.Value)
			}
		}
	}
	return xs, ys, cell
}

// heatMaps draws, for a two-factor design, a heat map of each headline
// metric over the two keys, its unit per pd.
func heatMaps(dir string, m results.Manifest, sum *experiment.Summary, pd period) ([]Figure, error) {
	xs, ys, cell := grid(m)
	var figs []Figure
	for _, mt := range []struct {
		metric      experiment.Metric
		title, unit string
	}{
		{experiment.HeroinDelivered, "Heroin delivered to final markets", "kg " + pd.per},
		{experiment.OpiatesSeized, "Opiates seized", "kg " + pd.per},
		{experiment.OpiatesDelivered, "Opiates delivered to final markets", "kg " + pd.per},
		{experiment.CourierArrests, "Couriers arrested", "arrests " + pd.per},
	} {
		mean, half := make([][]float64, len(xs)), make([][]float64, len(xs))
		for i := range xs {
			mean[i], half[i] = make([]float64, len(ys)), make([]float64, len(ys))
		}
		for si, s := range sum.Scenarios {
			ms := s.Metrics[mt.metric]
			mean[cell[si][0]][cell[si][1]], half[cell[si][0]][cell[si][1]] = ms.Mean, ms.HalfWidth()
		}
		p, cells, err := heatMap(mt.title+" ("+mt.unit+")", m.DesignKeys[0], m.DesignKeys[1], xs, ys, mean, half)
		if err != nil {
			return nil, err
		}
		h := vg.Length(math.Max(12, 4+1.6*float64(len(ys)))) * vg.Centimeter
		f, err := saveDrawing(dir, "heatmap-"+mt.metric.String(), p.Title.Text, "Mean over replications at each point of the grid (lighter: more; the bar beside gives the scale), ± the half-width of its 95% confidence interval (Student t).",
			chartWidth, h, heatFigure(p, cells, mt.title+", "+mt.unit))
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// designQuestion is the report's question for a sweep over several keys.
func designQuestion(m results.Manifest, base string) string {
	how := map[string]string{"factorial": "a full factorial grid", "lhs": "a Latin hypercube"}[m.Design]
	if how == "" {
		how = strings.TrimPrefix(m.Design, "file ") // the design file
	}
	return fmt.Sprintf("How do the outcomes of %s change as %s vary together (%d points: %s)?", base, strings.Join(m.DesignKeys, ", "), len(m.Scenarios), how)
}

// designSentence says how far a headline metric ranges over a design's
// points, and where.
func designSentence(sum *experiment.Summary) string {
	span := func(metric experiment.Metric) string {
		lo, hi := 0, 0
		for i, s := range sum.Scenarios {
			if s.Metrics[metric].Mean < sum.Scenarios[lo].Metrics[metric].Mean {
				lo = i
			}
			if s.Metrics[metric].Mean > sum.Scenarios[hi].Metrics[metric].Mean {
				hi = i
			}
		}
		a, b := sum.Scenarios[lo], sum.Scenarios[hi]
		return fmt.Sprintf("from %s (95%% CI %s to %s, at %s) to %s (%s to %s, at %s)",
			tonnes(a.Metrics[metric].Mean), tonnes(a.Metrics[metric].Lo), tonnes(a.Metrics[metric].Hi), a.Name,
			tonnes(b.Metrics[metric].Mean), tonnes(b.Metrics[metric].Lo), tonnes(b.Metrics[metric].Hi), b.Name)
	}
	return fmt.Sprintf("Across the %d points, mean opiate seizures range %s, and heroin delivered to final markets %s; runs.csv and summary.csv give each point's values of the keys.",
		len(sum.Scenarios), span(experiment.OpiatesSeized), span(experiment.HeroinDelivered))
}
