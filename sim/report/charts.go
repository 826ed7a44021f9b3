package report

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"hourglass/sim/results"
)

// Figure is one chart written beside the report.
type Figure struct {
	Title   string
	Caption string
	SVG     string // file name relative to the report
	PNG     string
	// Minor: shown behind a click (details) on the page, below the charts
	// that answer the report's question.
	Minor bool
}

// chartWidth is the width of every chart: the page's content is about
// 1,340 px wide, and at 96 px to the inch (the PNGs' resolution, and the
// browser's px) that is 1,005 points, 35.5 cm. The SVGs scale down with the
// page (max-width: 100%).
const chartWidth vg.Length = 1005

// lineHeight is the height of a chart of lines against x.
const lineHeight = 11 * vg.Centimeter

// Font sizes in points: at chartWidth the page shows the charts at their
// own size, so 10 pt is 13 px.
const (
	titleSize = 14
	labelSize = 12
	tickSize  = 10.5
)

var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{}, draw.RingGlyph{},
	draw.SquareGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}

// newPlot is a plot with the report's fonts, a grid, and numbers labelled
// for a person on both axes (numTicks); a nominal axis replaces its ticks.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := sansPlot()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Label.TextStyle.Font.Size = labelSize
	p.Y.Label.TextStyle.Font.Size = labelSize
	p.X.Tick.Label.Font.Size = tickSize
	p.Y.Tick.Label.Font.Size = tickSize
	p.X.Tick.Marker, p.Y.Tick.Marker = numTicks{}, numTicks{}
	p.Legend.TextStyle.Font.Size = tickSize
	p.Legend.Padding = vg.Points(3)
	p.Add(plotter.NewGrid())
	return p
}

// Every chart's text is Liberation Sans, the page's font (gonum/plot's
// default is Liberation Serif); the maps use it too (mapdraw.go's face).
const (
	chartTypeface = "Liberation"
	chartVariant  = "Sans"
)

// sansPlot is plot.New with every text in the charts' font.
func sansPlot() *plot.Plot {
	p := plot.New()
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Typeface, f.Variant = chartTypeface, chartVariant
	}
	return p
}

// sansLabels sets every text style of lb to the charts' font.
func sansLabels(lb *plotter.Labels) {
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Typeface, lb.TextStyle[i].Font.Variant = chartTypeface, chartVariant
	}
}

// numTicks places about eight labelled ticks a nice step apart (1, 2, 2.5
// or 5 times a power of ten) with four unlabelled ones between (or, with
// Log, at 1, 2 and 5 times the powers of ten) and labels them for a person: thousands
// separated, the decimals the value needs and no more (0, 2.5, 5), a minus
// sign for negatives, and Prefix and Suffix around the number: "25,000",
// "0.25", "−1,500", "$10,000", "40%".
type numTicks struct {
	Prefix, Suffix string
	Log            bool // for an axis on plot.LogScale
}

var _ plot.Ticker = numTicks{}

// Ticks implements plot.Ticker.
func (t numTicks) Ticks(lo, hi float64) []plot.Tick {
	if t.Log && lo > 0 && hi > lo {
		if ticks := t.logTicks(lo, hi); ticks != nil {
			return ticks
		}
	}
	ticks := linearTicks(lo, hi, 8)
	var major []float64
	for _, tk := range ticks {
		if tk.Label != "" {
			major = append(major, tk.Value)
		}
	}
	d := decimalsFor(major)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = t.label(ticks[i].Value, d)
		}
	}
	return ticks
}

// linearTicks ticks [lo, hi] at multiples of a fifth of a nice step, the
// step 1, 2, 2.5 or 5 times a power of ten that gives at most want
// steps; the multiples of the step get a (provisional) label.
func linearTicks(lo, hi float64, want int) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / float64(want)
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			step = m * mag
			break
		}
	}
	minor := step / 5
	var ticks []plot.Tick
	for k := math.Ceil(lo/minor - 1e-9); k <= math.Floor(hi/minor+1e-9); k++ {
		tk := plot.Tick{Value: k * minor}
		if math.Mod(k, 5) == 0 {
			tk.Label = "*"
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// logTicks ticks every m·10^k (m = 1 … 9) in [lo, hi], labelling m = 1
// over more than two and a half decades (every other decade over more
// than six), m = 1, 2, 5 over more than one, and m = 1, 2, 3, 5 within
// one. It returns nil when fewer than two ticks would be labelled.
func (t numTicks) logTicks(lo, hi float64) []plot.Tick {
	decades := math.Log10(hi / lo)
	labelled := map[int]bool{1: true, 2: true, 3: true, 5: true}
	switch {
	case decades > 2.5:
		labelled = map[int]bool{1: true}
	case decades > 1:
		labelled = map[int]bool{1: true, 2: true, 5: true}
	}
	every := max(1, int(math.Ceil(decades/6)))
	var ticks []plot.Tick
	count := 0
	const tol = 1e-9
	for e := int(math.Floor(math.Log10(lo))); e <= int(math.Ceil(math.Log10(hi))); e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow10(e)
			if v < lo*(1-tol) || v > hi*(1+tol) {
				continue
			}
			tk := plot.Tick{Value: v}
			if labelled[m] && (m != 1 || e%every == 0) {
				tk.Label = t.label(v, max(0, -e))
				count++
			}
			ticks = append(ticks, tk)
		}
	}
	if count < 2 {
		return nil
	}
	return ticks
}

// label is x as a tick label with at most d decimals.
func (t numTicks) label(x float64, d int) string {
	s := numLabel(x, d)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if strings.HasPrefix(s, "−") {
		return "−" + t.Prefix + strings.TrimPrefix(s, "−") + t.Suffix
	}
	return t.Prefix + s + t.Suffix
}

// numLabel writes x with d decimals, its whole part in groups of three
// separated by commas and a minus sign (U+2212) before a negative number
// that does not round to 0: numLabel(-1234.5, 1) = "−1,234.5".
func numLabel(x float64, d int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', d, 64)
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// decimalsFor is the fewest decimals (up to 9) that write every value
// exactly, to within a millionth of the smallest gap between them: 0 for
// 0, 5,000, 10,000; 2 for 0, 0.25, 0.5.
func decimalsFor(values []float64) int {
	gap := math.Inf(1)
	for i := 1; i < len(values); i++ {
		if g := math.Abs(values[i] - values[i-1]); g > 0 {
			gap = math.Min(gap, g)
		}
	}
	if math.IsInf(gap, 1) {
		gap = 1
		for _, v := range values {
			if v != 0 {
				gap = math.Abs(v)
			}
		}
	}
	for d := 0; d < 9; d++ {
		scale := math.Pow10(d)
		exact := true
		for _, v := range values {
			if math.Abs(math.Round(v*scale)/scale-v) > gap*1e-6 {
				exact = false
				break
			}
		}
		if exact {
			return d
		}
	}
	return 9
}

// legendGap is the room between a plot and the legend panel beside it.
const legendGap vg.Length = 10 // points

// leftMargin keeps the y axis's labels off the left edge.
const leftMargin vg.Length = 4 // points

// render draws p on c with its legend, if it has one, in a panel right of
// the plot, top-aligned with the data area and clear of it. It returns the
// data area and the legend's rectangle (empty without a legend).
func render(p *plot.Plot, c draw.Canvas) (data, legend vg.Rectangle) {
	c = draw.Crop(c, leftMargin, 0, 0, 0)
	leg := p.Legend
	p.Legend = plot.NewLegend() // no entries: Draw draws no legend
	defer func() { p.Legend = leg }()
	size := leg.Rectangle(c).Size()
	if size.X == 0 {
		p.Draw(c)
		return p.DataCanvas(c).Rectangle, vg.Rectangle{}
	}
	pc := draw.Crop(c, 0, -(size.X + 2*legendGap), 0, 0)
	p.Draw(pc)
	data = p.DataCanvas(pc).Rectangle
	lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: pc.Max.X + legendGap, Y: c.Min.Y},
		Max: vg.Point{X: c.Max.X, Y: data.Max.Y}}}
	leg.Top, leg.Left, leg.XOffs, leg.YOffs = true, true, 0, 0
	leg.Draw(lc)
	legend = vg.Rectangle{Min: vg.Point{X: lc.Min.X, Y: data.Max.Y - size.Y}, Max: vg.Point{X: lc.Min.X + size.X, Y: data.Max.Y}}
	return data, legend
}

// fitLegend is h, or more if p's legend needs more: the legend stands
// beside the data area, below the title and above the x axis.
func fitLegend(p *plot.Plot, h vg.Length) vg.Length {
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: chartWidth, Y: h}}}
	need := p.Legend.Rectangle(c).Size().Y + 3.5*vg.Centimeter
	return vg.Length(math.Max(float64(h), float64(need)))
}

// save writes p, chartWidth wide and h high (more if its legend needs it),
// as dir/figures/name.svg and .png, its legend beside the data (render).
func save(p *plot.Plot, dir, name, caption string, h vg.Length) (Figure, error) {
	return saveDrawing(dir, name, p.Title.Text, caption, chartWidth, fitLegend(p, h), func(c draw.Canvas) { render(p, c) })
}

// saveDrawing writes what drawing draws on a w × h canvas as
// dir/figures/name.svg and .png.
func saveDrawing(dir, name, title, caption string, w, h vg.Length, drawing func(draw.Canvas)) (Figure, error) {
	f := Figure{Title: title, Caption: caption, SVG: "figures/" + name + ".svg", PNG: "figures/" + name + ".png"}
	return f, writeDrawing(filepath.Join(dir, "figures", name), w, h, drawing)
}

// writeDrawing writes what drawing draws on a w × h canvas as base.svg and
// base.png.
func writeDrawing(base string, w, h vg.Length, drawing func(draw.Canvas)) error {
	name := filepath.Base(base)
	for _, ext := range []string{"svg", "png"} {
		c, err := draw.NewFormattedCanvas(w, h, ext)
		if err != nil {
			return fmt.Errorf("figure %s: %w", name, err)
		}
		drawing(draw.New(c))
		var buf bytes.Buffer
		if pc, ok := c.(vgimg.PngCanvas); ok {
			err = encodePNG(&buf, pc)
		} else {
			_, err = c.WriteTo(&buf)
		}
		if err != nil {
			return fmt.Errorf("figure %s: %w", name, err)
		}
		if err := results.WriteFileAtomic(base+"."+ext, buf.Bytes()); err != nil {
			return fmt.Errorf("figure %s: %w", name, err)
		}
	}
	return nil
}

// encodePNG writes the canvas as a PNG compressed for speed, not size
// (png.BestSpeed): the figures of a report are drawn at every run, and
// encoding them at the default level took about a third of the time a
// report's figures take; the files are somewhat larger.
func encodePNG(w io.Writer, c vgimg.PngCanvas) error {
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, c.Image())
}

// heightFor gives a horizontal chart room for n rows.
func heightFor(n int) vg.Length {
	return vg.Length(math.Max(7, 3.4+0.8*float64(n))) * vg.Centimeter
}

// barsCI is a horizontal bar chart of means with 95% CI error bars, one bar
// per name (top to bottom in the given order).
func barsCI(title, xlabel string, names []string, mean, lo, hi []float64, c color.Color) (*plot.Plot, error) {
	p := newPlot(title, xlabel, "")
	n := len(names)
	vals := make(plotter.Values, n)
	errs := make(plotter.XErrors, n)
	xys := make(plotter.XYs, n)
	rev := make([]string, n)
	for i := range names {
		j := n - 1 - i // first name on top
		vals[j] = mean[i]
		errs[j] = struct{ Low, High float64 }{mean[i] - lo[i], hi[i] - mean[i]}
		xys[j] = plotter.XY{X: mean[i], Y: float64(j)}
		rev[j] = names[i]
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(16))
	if err != nil {
		return nil, err
	}
	eb, err := horizontal(bars, c, 0, xys, errs)
	if err != nil {
		return nil, err
	}
	p.Add(bars, eb)
	p.NominalY(rev...)
	bottom, top := 0.0, 0.0
	for i := range hi {
		bottom = math.Min(bottom, math.Min(lo[i], mean[i]))
		top = math.Max(top, math.Max(hi[i], mean[i]))
	}
	pad := 0.04 * (top - bottom)
	if bottom < 0 {
		bottom -= pad
	}
	p.X.Min, p.X.Max = bottom, top+pad
	return p, nil
}

// horizontal styles bars as horizontal, in colour c, shifted by offset, and
// returns their error bars.
func horizontal(bars *plotter.BarChart, c color.Color, offset vg.Length, xys plotter.XYs, errs plotter.XErrors) (*plotter.XErrorBars, error) {
	bars.Horizontal = true
	bars.Color = c
	bars.LineStyle.Width = 0
	bars.Offset = offset
	eb, err := xErrorBars(xys, errs)
	if err != nil {
		return nil, err
	}
	eb.LineStyle.Width = vg.Points(1.2)
	return eb, nil
}

// xErrorBars are horizontal error bars from xys[i].X − errs[i].Low to
// xys[i].X + errs[i].High at height xys[i].Y.
func xErrorBars(xys plotter.XYs, errs plotter.XErrors) (*plotter.XErrorBars, error) {
	return plotter.NewXErrorBars(struct {
		plotter.XYer
		plotter.XErrorer
	}{xys, errs})
}

// dots is a dot plot: one row per category, one marker (colour and shape)
// per series, so many scenarios stay readable. values[s][k] is series s,
// category k.
func dots(title, xlabel string, cats, series []string, values [][]float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, "")
	n := len(cats)
	for s, name := range series {
		xys := make(plotter.XYs, n)
		for k := range cats {
			// spread the series a little around the row
			off := 0.0
			if len(series) > 1 {
				off = 0.5 * (0.5 - float64(s)/float64(len(series)-1))
			}
			xys[k] = plotter.XY{X: values[s][k], Y: float64(n-1-k) + off}
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: palette[s%len(palette)], Radius: vg.Points(3.5), Shape: glyphs[(s/len(palette)+s)%len(glyphs)]}
		p.Add(sc)
		p.Legend.Add(name, sc)
	}
	rev := make([]string, n)
	for k := range cats {
		rev[n-1-k] = cats[k]
	}
	p.NominalY(rev...)
	top := 0.0
	for _, row := range values {
		for _, v := range row {
			top = math.Max(top, v)
		}
	}
	p.X.Min, p.X.Max = 0, math.Max(1, top)*1.04
	return p, nil
}

// boxes are horizontal box plots of each name's replications.
func boxes(title, xlabel string, names []string, values [][]float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, "")
	n := len(names)
	rev := make([]string, n)
	for i := range names {
		j := n - 1 - i
		b, err := plotter.NewBoxPlot(vg.Points(14), float64(j), plotter.Values(values[i]))
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.FillColor = withAlpha(skyBlue, 0x90)
		p.Add(b)
		rev[j] = names[i]
	}
	p.NominalY(rev...)
	p.X.Min = math.Min(0, p.X.Min)
	return p, nil
}

// band is a line of means against x with its 95% CI as a shaded band. The
// points are drawn in order of x (a Latin hypercube's are not).
func band(title, xlabel, ylabel string, x, mean, lo, hi []float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, ylabel)
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return x[order[a]] < x[order[b]] })
	poly := make(plotter.XYs, 0, 2*len(x))
	line := make(plotter.XYs, len(x))
	for k, i := range order {
		poly = append(poly, plotter.XY{X: x[i], Y: hi[i]})
		line[k] = plotter.XY{X: x[i], Y: mean[i]}
	}
	for k := len(order) - 1; k >= 0; k-- {
		poly = append(poly, plotter.XY{X: x[order[k]], Y: lo[order[k]]})
	}
	pg, err := plotter.NewPolygon(poly)
	if err != nil {
		return nil, err
	}
	pg.Color = withAlpha(skyBlue, 0x70)
	pg.LineStyle.Width = 0
	p.Add(pg)
	l, pts, err := plotter.NewLinePoints(line)
	if err != nil {
		return nil, err
	}
	l.Color, pts.Color = blue, blue
	l.Width = vg.Points(1.5)
	p.Add(l, pts)
	p.Legend.Add("mean", l, pts)
	p.Legend.Add("95% CI", pg)
	if ticks := valueTicks(x); ticks != nil {
		p.X.Tick.Marker = ticks
	}
	return p, nil
}

// valueTicks labels an axis at each distinct value of x, for a sweep's few
// points; nil for more than a dozen.
func valueTicks(x []float64) plot.ConstantTicks {
	vals := append([]float64(nil), x...)
	sort.Float64s(vals)
	vals = slices.Compact(vals)
	if len(vals) > 12 {
		return nil
	}
	d := decimalsFor(vals)
	ticks := make(plot.ConstantTicks, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: v, Label: numTicks{}.label(v, d)}
	}
	return ticks
}

// programBands draws, for each series, its means against x as a line with
// its 95% CI as a shaded band in the series' colour, and a dashed line at 0.
// x must be in increasing order.
func programBands(title, xlabel, ylabel string, names []string, x []float64, mean, lo, hi [][]float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, ylabel)
	zero, err := plotter.NewLine(plotter.XYs{{X: x[0], Y: 0}, {X: x[len(x)-1], Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.Color, zero.Dashes = grey, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)
	for s, name := range names {
		c := palette[s%len(palette)]
		poly := make(plotter.XYs, 0, 2*len(x))
		line := make(plotter.XYs, len(x))
		for i := range x {
			poly = append(poly, plotter.XY{X: x[i], Y: hi[s][i]})
			line[i] = plotter.XY{X: x[i], Y: mean[s][i]}
		}
		for i := len(x) - 1; i >= 0; i-- {
			poly = append(poly, plotter.XY{X: x[i], Y: lo[s][i]})
		}
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return nil, err
		}
		if rgba, ok := c.(color.RGBA); ok {
			pg.Color = withAlpha(rgba, 0x40)
		}
		pg.LineStyle.Width = 0
		l, pts, err := plotter.NewLinePoints(line)
		if err != nil {
			return nil, err
		}
		styleSeries(s, l, pts, 1.5)
		p.Add(pg, l, pts)
		p.Legend.Add(name, pg, l, pts)
	}
	// 0 in view, and a little room above the highest band
	bottom, top := 0.0, 0.0
	for s := range names {
		for i := range x {
			bottom, top = math.Min(bottom, lo[s][i]), math.Max(top, hi[s][i])
		}
	}
	if top > bottom {
		p.Y.Min, p.Y.Max = bottom, top+0.04*(top-bottom)
	}
	if ticks := valueTicks(x); ticks != nil {
		p.X.Tick.Marker = ticks
	}
	return p, nil
}

// styleSeries draws series s in its colour of the palette, its line width
// points wide; past the palette, dashed lines and other shapes tell the
// series apart.
func styleSeries(s int, l *plotter.Line, pts *plotter.Scatter, width float64) {
	c := palette[s%len(palette)]
	l.Color, pts.Color = c, c
	l.Width = vg.Points(width)
	pts.Shape = glyphs[(s/len(palette)+s)%len(glyphs)]
	if s >= len(palette) {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(2)}
	}
}
