package report

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim/experiment"
)

// costPanel is one outcome's panel of the cost-effectiveness chart: a row
// per alternative with a clear gain at a cost, in the decision table's
// order, its cost per unit as a dot and its 95% interval as whiskers, on a
// log axis.
type costPanel struct {
	metric experiment.Metric
	rows   []string              // top to bottom
	cost   []experiment.Interval // of rows[i]
	// The alternatives left off the panel: no clear effect (the change's
	// CI includes 0), a clear change for the worse, or a clear gain at no
	// extra cost (no cost per unit to draw).
	unclear, worse, free []string
	plot                 *plot.Plot
	whiskers             *plotter.XErrorBars // at y = len(rows)−1−i for rows[i]
}

// costPanels builds a panel for every outcome of the decision table alts
// (in experiment.Decide's order) for which at least one alternative has a
// cost per unit, in the order of experiment.DecisionOutcomes.
func costPanels(alts []experiment.Alternative) ([]costPanel, error) {
	var panels []costPanel
	for _, m := range experiment.DecisionOutcomes {
		cp := costPanel{metric: m}
		for i := range alts {
			e, ok := alts[i].Effect(m)
			switch {
			case !ok:
			case e.CostPerUnit != nil:
				cp.rows = append(cp.rows, alts[i].Name)
				cp.cost = append(cp.cost, *e.CostPerUnit)
			case e.Dominant:
				cp.free = append(cp.free, alts[i].Name)
			case e.Clear && e.Gain.Mean < 0:
				cp.worse = append(cp.worse, alts[i].Name)
			case !e.Clear:
				cp.unclear = append(cp.unclear, alts[i].Name)
			}
		}
		if len(cp.rows) == 0 {
			continue
		}
		if err := cp.draw(); err != nil {
			return nil, err
		}
		panels = append(panels, cp)
	}
	return panels, nil
}

// draw makes the panel's plot.
func (cp *costPanel) draw() error {
	unit := outcomeGain(cp.metric)
	p := newPlot("Cost per "+unit, "USD per "+unit+" (log scale)", "")
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = numTicks{Prefix: "$", Log: true}
	n := len(cp.rows)
	xys := make(plotter.XYs, n)
	errs := make(plotter.XErrors, n)
	rev := make([]string, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, c := range cp.cost {
		j := n - 1 - i // the first row on top
		xys[j] = plotter.XY{X: c.Mean, Y: float64(j)}
		errs[j] = struct{ Low, High float64 }{c.Mean - c.Lo, c.Hi - c.Mean}
		rev[j] = cp.rows[i]
		lo, hi = math.Min(lo, c.Lo), math.Max(hi, c.Hi)
	}
	// at least a decade, and a tenth of the span again on each side
	if hi/lo < 10 {
		mid := math.Sqrt(hi * lo)
		lo, hi = mid/math.Sqrt(10), mid*math.Sqrt(10)
	}
	pad := math.Pow(hi/lo, 0.1)
	p.X.Min, p.X.Max = lo/pad, hi*pad

	eb, err := xErrorBars(xys, errs)
	if err != nil {
		return err
	}
	eb.LineStyle.Width = vg.Points(1.6)
	eb.LineStyle.Color = green
	eb.CapWidth = vg.Points(9)
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: green, Radius: vg.Points(4.5), Shape: draw.CircleGlyph{}}
	// each dot's figures above it, toward the middle of the axis
	labels := plotter.XYLabels{XYs: xys, Labels: make([]string, n)}
	for j := range xys {
		c := cp.cost[n-1-j]
		// as the decision table writes money
		labels.Labels[j] = fmt.Sprintf("$%s (95%% CI $%s to $%s)", money(c.Mean), money(c.Lo), money(c.Hi))
	}
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	sansLabels(lb)
	span := math.Log(p.X.Max / p.X.Min)
	for j := range lb.TextStyle {
		lb.TextStyle[j].Font.Size = vg.Points(tickSize - 1)
		lb.TextStyle[j].YAlign = text.YBottom
		lb.TextStyle[j].XAlign = draw.XLeft
		if math.Log(xys[j].X/p.X.Min)/span > 0.6 {
			lb.TextStyle[j].XAlign = draw.XRight
		}
	}
	lb.Offset = vg.Point{Y: vg.Points(7)}
	p.Add(eb, sc, lb)
	p.NominalY(rev...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.35 // room above the top row's figures
	cp.plot, cp.whiskers = p, eb
	return nil
}

// costPanelHeight is the height of a panel of n rows, with room below
// it before the next.
func costPanelHeight(n int) vg.Length {
	return vg.Length(3.4+0.85*float64(n)) * vg.Centimeter
}

// costPanelGap is the room between the panels.
const costPanelGap = 0.5 * vg.Centimeter

// costFigure draws the panels one under another, their data areas aligned,
// as dir/figures/cost-effectiveness.svg and .png, with a caption naming the
// alternatives each panel leaves off and why. It writes nothing and returns
// false when there are no panels.
func costFigure(dir string, alts []experiment.Alternative, objective experiment.Metric) (Figure, bool, error) {
	panels, err := costPanels(alts)
	if err != nil || len(panels) == 0 {
		return Figure{}, false, err
	}
	heights := make([]vg.Length, len(panels))
	var total vg.Length
	for i, cp := range panels {
		heights[i] = costPanelHeight(len(cp.rows))
		total += heights[i]
	}
	// the widest y axis (the longest name) sets where every data area starts
	offsets := make([]vg.Length, len(panels))
	var widest vg.Length
	for i, cp := range panels {
		c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: chartWidth, Y: heights[i]}}}
		offsets[i] = cp.plot.DataCanvas(c).Min.X
		widest = max(widest, offsets[i])
	}
	drawing := func(c draw.Canvas) {
		top := c.Max.Y
		for i, cp := range panels {
			pc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: c.Min.X + widest - offsets[i], Y: top - heights[i] + costPanelGap},
				Max: vg.Point{X: c.Max.X, Y: top}}}
			render(cp.plot, pc)
			top -= heights[i]
		}
	}
	var b strings.Builder
	b.WriteString("Extra cost over the run per unit of each outcome gained, for every alternative whose gain is clear (its 95% CI lies above 0): the dot is the extra cost divided by the mean gain, the whiskers its 95% interval (Fieller's: the gain's 95% CI inverted, the cost being fixed by the scenario). Costs and effects are discounted alike to the run's start (costs.discount_rate, docs/MODEL.md §3.4). Log scale: equal steps are equal ratios. Rows follow the decision table, ranked by cost per " + outcomeGain(objective) + ".")
	var left []string
	for _, cp := range panels {
		var parts []string
		for _, g := range []struct {
			names []string
			why   string
		}{{cp.unclear, "no clear effect"}, {cp.worse, "clearly worse"}, {cp.free, "a clear gain at no extra cost"}} {
			if len(g.names) > 0 {
				parts = append(parts, strings.Join(g.names, ", ")+" ("+g.why+")")
			}
		}
		if len(parts) > 0 {
			left = append(left, outcomeLabel(cp.metric)+": "+strings.Join(parts, "; "))
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, " Left off the panels: %s.", strings.Join(left, ". "))
	}
	var none []string
	for _, m := range experiment.DecisionOutcomes {
		drawn := false
		for _, cp := range panels {
			drawn = drawn || cp.metric == m
		}
		if !drawn {
			label := outcomeLabel(m)
			none = append(none, strings.ToLower(label[:1])+label[1:])
		}
	}
	if len(none) > 0 {
		fmt.Fprintf(&b, " No alternative has a clear gain at a cost in: %s.", strings.Join(none, "; "))
	}
	f, err := saveDrawing(dir, "cost-effectiveness", "Cost per unit gained, by outcome", b.String(), chartWidth, total, drawing)
	return f, err == nil, err
}
