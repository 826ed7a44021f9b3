package report

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is one chart written beside the report.
type Figure struct {
	Title   string
	Caption string
	SVG     string // file name relative to the report
	PNG     string
}

var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{}, draw.RingGlyph{},
	draw.SquareGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}

func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 12
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Label.Font.Size = 9
	p.Y.Tick.Label.Font.Size = 9
	p.Legend.TextStyle.Font.Size = 9
	p.Add(plotter.NewGrid())
	return p
}

// save writes p as dir/figures/name.svg and .png.
func save(p *plot.Plot, dir, name, caption string, w, h vg.Length) (Figure, error) {
	f := Figure{Title: p.Title.Text, Caption: caption, SVG: "figures/" + name + ".svg", PNG: "figures/" + name + ".png"}
	if err := p.Save(w, h, filepath.Join(dir, f.SVG)); err != nil {
		return f, fmt.Errorf("figure %s: %w", name, err)
	}
	if err := p.Save(w, h, filepath.Join(dir, f.PNG)); err != nil {
		return f, fmt.Errorf("figure %s: %w", name, err)
	}
	return f, nil
}

// heightFor gives a horizontal chart room for n rows.
func heightFor(n int) vg.Length {
	return vg.Length(math.Max(7, 2.2+0.75*float64(n))) * vg.Centimeter
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
	bars, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return nil, err
	}
	eb, err := horizontal(bars, c, 0, xys, errs)
	if err != nil {
		return nil, err
	}
	p.Add(bars, eb)
	p.NominalY(rev...)
	top := 0.0
	for i := range hi {
		top = math.Max(top, math.Max(hi[i], mean[i]))
	}
	p.X.Min, p.X.Max = math.Min(0, p.X.Min), top*1.06
	return p, nil
}

// horizontal styles bars as horizontal, in colour c, shifted by offset, and
// returns their error bars.
func horizontal(bars *plotter.BarChart, c color.Color, offset vg.Length, xys plotter.XYs, errs plotter.XErrors) (*plotter.XErrorBars, error) {
	bars.Horizontal = true
	bars.Color = c
	bars.LineStyle.Width = 0
	bars.Offset = offset
	eb, err := plotter.NewXErrorBars(struct {
		plotter.XYer
		plotter.XErrorer
	}{xys, errs})
	if err != nil {
		return nil, err
	}
	eb.LineStyle.Width = vg.Points(1.2)
	return eb, nil
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
				off = 0.5 * (float64(s)/float64(len(series)-1) - 0.5)
			}
			xys[k] = plotter.XY{X: values[s][k], Y: float64(n-1-k) + off}
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: palette[s%len(palette)], Radius: vg.Points(3.2), Shape: glyphs[(s/len(palette)+s)%len(glyphs)]}
		p.Add(sc)
		p.Legend.Add(name, sc)
	}
	rev := make([]string, n)
	for k := range cats {
		rev[n-1-k] = cats[k]
	}
	p.NominalY(rev...)
	p.Legend.Top = true
	// leave the right third for the legend, clear of the markers
	top := 0.0
	for _, row := range values {
		for _, v := range row {
			top = math.Max(top, v)
		}
	}
	p.X.Min, p.X.Max = 0, math.Max(1, top)*1.55
	return p, nil
}

// boxes are horizontal box plots of each name's replications.
func boxes(title, xlabel string, names []string, values [][]float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, "")
	n := len(names)
	rev := make([]string, n)
	for i := range names {
		j := n - 1 - i
		b, err := plotter.NewBoxPlot(vg.Points(12), float64(j), plotter.Values(values[i]))
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.FillColor = withAlpha(skyBlue, 0x90)
		p.Add(b)
		rev[j] = names[i]
	}
	p.NominalY(rev...)
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
	p.Legend.Add("mean", l)
	p.Legend.Add("95% CI", pg)
	p.Legend.Top = true
	return p, nil
}
