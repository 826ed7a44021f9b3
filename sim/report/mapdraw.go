package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"hourglass/sim"
)

// The Okabe–Ito palette: distinguishable with colour-blindness and, with the
// line dashes used for the second series, in greyscale print.
var (
	black      = color.RGBA{0x00, 0x00, 0x00, 0xff}
	orange     = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	skyBlue    = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	green      = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	blue       = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	vermillion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	purple     = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
	grey       = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
	palette    = []color.Color{vermillion, blue, green, orange, skyBlue, purple, black, grey}
)

// MapData is what a route map shows.
type MapData struct {
	World *sim.World
	Title string
	// Opiates and Precursors are the mean kg moved over each segment (both
	// directions), or for a difference map the mean change.
	Opiates, Precursors []float64
	// Seized is the mean kg seized per run at each place (any commodity).
	Seized []float64
	// Diff draws changes: rises in vermillion, falls in blue dashes.
	Diff bool
}

// Label is a placed place label, in canvas coordinates.
type Label struct {
	Text       string
	Min, Max   vg.Point
	Anchor     vg.Point // the place it names
	LeaderLine bool
}

func (l Label) overlaps(m Label) bool {
	return l.Min.X < m.Max.X && m.Min.X < l.Max.X && l.Min.Y < m.Max.Y && m.Min.Y < l.Max.Y
}

// MapSize is the default size of a route map.
const (
	MapWidth  = 27 * vg.Centimeter
	MapHeight = 20 * vg.Centimeter
)

// mapLayout projects places onto the canvas (equirectangular, scaled by the
// cosine of the mean latitude) and places the labels.
type mapLayout struct {
	pts    []vg.Point
	labels []Label
	hidden []string // places whose label found no free spot
	face   font.Face
	sty    text.Style
}

func labelFace(size vg.Length) (font.Face, text.Style) {
	fnt := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	face := font.DefaultCache.Lookup(fnt, size)
	return face, text.Style{Color: black, Font: fnt, Handler: plot.DefaultTextHandler, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

func layout(w *sim.World, x0, y0, x1, y1 vg.Length, seized []float64) *mapLayout {
	minLat, maxLat, minLon, maxLon := 90.0, -90.0, 180.0, -180.0
	for _, p := range w.Places {
		minLat, maxLat = math.Min(minLat, p.Lat), math.Max(maxLat, p.Lat)
		minLon, maxLon = math.Min(minLon, p.Lon), math.Max(maxLon, p.Lon)
	}
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	spanX, spanY := math.Max((maxLon-minLon)*k, 1e-6), math.Max(maxLat-minLat, 1e-6)
	scale := math.Min(float64(x1-x0)/spanX, float64(y1-y0)/spanY)
	offX := (float64(x1-x0) - spanX*scale) / 2
	offY := (float64(y1-y0) - spanY*scale) / 2
	m := &mapLayout{}
	m.face, m.sty = labelFace(7)
	for _, p := range w.Places {
		m.pts = append(m.pts, vg.Point{
			X: x0 + vg.Length(offX+(p.Lon-minLon)*k*scale),
			Y: y0 + vg.Length(offY+(p.Lat-minLat)*scale),
		})
	}
	m.place(w, x0, y0, x1, y1, seized)
	return m
}

// importance orders labels: hubs, sources, markets and exits first, then
// posts, then the rest, so minor labels give way when space runs out.
func importance(p *sim.Place) int {
	switch {
	case p.Roles&(sim.Stash|sim.Source|sim.Exit|sim.Market) != 0:
		return 0
	case p.Roles&(sim.Crossing|sim.Checkpoint|sim.BorderSection) != 0:
		return 1
	}
	return 2
}

// place puts each label at the first free spot among eight directions at
// growing distances (with a leader line beyond the first ring), never over
// another label or a place marker, and inside the canvas.
func (m *mapLayout) place(w *sim.World, x0, y0, x1, y1 vg.Length, seized []float64) {
	order := make([]int, len(w.Places))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return importance(&w.Places[order[a]]) < importance(&w.Places[order[b]])
	})
	const r = 3 // marker half-size, points
	var markers []Label
	for _, pt := range m.pts {
		markers = append(markers, Label{Min: vg.Point{X: pt.X - r, Y: pt.Y - r}, Max: vg.Point{X: pt.X + r, Y: pt.Y + r}})
	}
	ext := m.face.Extents()
	height := ext.Ascent + ext.Descent
	for _, i := range order {
		txt := w.Places[i].ID
		if seized != nil && seized[i] >= 0.5 {
			txt = fmt.Sprintf("%s (%s kg)", txt, short(seized[i]))
		}
		width := m.face.Width(txt)
		pt := m.pts[i]
		placed := false
		for ring, dist := range []vg.Length{4, 14, 26, 40, 56, 72, 90} {
			for _, dir := range directions {
				// anchor the box so that it grows away from the place
				cx := pt.X + vg.Length(dir[0])*dist
				cy := pt.Y + vg.Length(dir[1])*dist
				minX, minY := away(cx, dir[0], width), away(cy, dir[1], height)
				l := Label{Text: txt, Min: vg.Point{X: minX - 1, Y: minY - 1}, Max: vg.Point{X: minX + width + 1, Y: minY + height + 1},
					Anchor: pt, LeaderLine: ring > 0}
				if l.Min.X < x0 || l.Max.X > x1 || l.Min.Y < y0 || l.Max.Y > y1 || m.collides(l, markers) {
					continue
				}
				m.labels = append(m.labels, l)
				placed = true
				break
			}
			if placed {
				break
			}
		}
		if !placed {
			m.hidden = append(m.hidden, txt)
		}
	}
}

// away returns where a label of the given size starts along one axis so
// that it grows away from the place: after c going forward, before it going
// back, centred on it going sideways.
func away(c vg.Length, dir float64, size vg.Length) vg.Length {
	switch {
	case dir < -0.1:
		return c - size
	case dir < 0.1:
		return c - size/2
	}
	return c
}

// directions are the 16 compass directions a label may sit in, nearest
// first: east, west, north, south, then the diagonals and between.
var directions = func() [][2]float64 {
	d := [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, 1}, {1, -1}, {-1, -1}}
	for _, a := range []float64{22.5, 67.5, 112.5, 157.5, 202.5, 247.5, 292.5, 337.5} {
		r := a * math.Pi / 180
		d = append(d, [2]float64{math.Cos(r), math.Sin(r)})
	}
	return d
}()

func (m *mapLayout) collides(l Label, markers []Label) bool {
	for _, o := range m.labels {
		if l.overlaps(o) {
			return true
		}
	}
	for _, o := range markers {
		if l.overlaps(o) {
			return true
		}
	}
	return false
}

// short formats kg compactly: 950, 12k, 1.2M.
func short(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1e6:
		return fmt.Sprintf("%.1fM", x/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.0fk", x/1e3)
	case a >= 1e3:
		return fmt.Sprintf("%.1fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

// Map draws the route map and returns it as SVG and PNG, with the labels it
// placed and the places it could not label.
func Map(d MapData) (svg, png []byte, labels []Label, hidden []string, err error) {
	sc := vgsvg.New(MapWidth, MapHeight)
	labels, hidden = drawMap(draw.New(sc), d)
	var buf bytes.Buffer
	if _, err := sc.WriteTo(&buf); err != nil {
		return nil, nil, nil, nil, err
	}
	svg = buf.Bytes()
	ic := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(MapWidth, MapHeight), vgimg.UseDPI(110))}
	drawMap(draw.New(ic), d)
	var pbuf bytes.Buffer
	if _, err := ic.WriteTo(&pbuf); err != nil {
		return nil, nil, nil, nil, err
	}
	return svg, pbuf.Bytes(), labels, hidden, nil
}

func drawMap(c draw.Canvas, d MapData) ([]Label, []string) {
	w := d.World
	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	titleFace, titleSty := labelFace(11)
	_ = titleFace
	c.FillText(titleSty, vg.Point{X: c.Min.X + 10, Y: c.Max.Y - 18}, d.Title)

	// map area, leaving room for the title and the legend
	x0, y0, x1, y1 := c.Min.X+10, c.Min.Y+48, c.Max.X-10, c.Max.Y-26
	m := layout(w, x0, y0, x1, y1, d.Seized)

	maxFlow := 0.0
	for i := range w.Segments {
		maxFlow = math.Max(maxFlow, math.Max(math.Abs(d.Opiates[i]), math.Abs(d.Precursors[i])))
	}
	const maxWidth = 9.0
	width := func(kg float64) vg.Length {
		if maxFlow == 0 {
			return 0
		}
		return vg.Length(math.Max(0.6, maxWidth*math.Abs(kg)/maxFlow))
	}
	// network
	for i, s := range w.Segments {
		a, b := m.pts[s.From], m.pts[s.To]
		base := draw.LineStyle{Color: grey, Width: 0.5}
		if s.Modes == sim.ModeSet(0).With(sim.Air) {
			base.Dashes = []vg.Length{1, 2} // air links: dotted
		}
		c.StrokeLine2(base, a.X, a.Y, b.X, b.Y)
		for k, kg := range []float64{d.Opiates[i], d.Precursors[i]} {
			if kg == 0 {
				continue
			}
			sty := flowStyle(k, kg, d.Diff)
			sty.Width = width(kg)
			// offset the two commodities to either side of the segment
			dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
			n := math.Hypot(dx, dy)
			if n == 0 {
				continue
			}
			side := float64(sty.Width)/2 + 0.5
			if k == 1 {
				side = -side
			}
			ox, oy := vg.Length(-dy/n*side), vg.Length(dx/n*side)
			c.StrokeLines(sty, []vg.Point{{X: a.X + ox, Y: a.Y + oy}, {X: b.X + ox, Y: b.Y + oy}})
		}
	}
	// seizures, then place markers
	maxSeized := 0.0
	for _, s := range d.Seized {
		maxSeized = math.Max(maxSeized, s)
	}
	for i, p := range w.Places {
		if d.Seized != nil && d.Seized[i] > 0 && maxSeized > 0 {
			rad := vg.Length(3 + 9*math.Sqrt(d.Seized[i]/maxSeized))
			c.DrawGlyph(draw.GlyphStyle{Color: withAlpha(orange, 0xa0), Radius: rad, Shape: draw.CircleGlyph{}}, m.pts[i])
		}
		c.DrawGlyph(markerStyle(&p), m.pts[i])
	}
	// labels
	for _, l := range m.labels {
		if l.LeaderLine {
			cx, cy := (l.Min.X+l.Max.X)/2, (l.Min.Y+l.Max.Y)/2
			c.StrokeLine2(draw.LineStyle{Color: grey, Width: 0.4}, l.Anchor.X, l.Anchor.Y, cx, cy)
		}
	}
	for _, l := range m.labels {
		c.FillPolygon(withAlpha(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0xc0), []vg.Point{l.Min, {X: l.Max.X, Y: l.Min.Y}, l.Max, {X: l.Min.X, Y: l.Max.Y}})
		c.FillText(m.sty, vg.Point{X: l.Min.X + 1, Y: l.Min.Y + 1 + m.face.Extents().Descent}, l.Text)
	}
	drawLegend(c, d, maxFlow)
	return m.labels, m.hidden
}

func flowStyle(k int, kg float64, diff bool) draw.LineStyle {
	if diff {
		if kg > 0 {
			return draw.LineStyle{Color: withAlpha(vermillion, 0xd0)}
		}
		return draw.LineStyle{Color: withAlpha(blue, 0xd0), Dashes: []vg.Length{4, 2}}
	}
	if k == 0 {
		return draw.LineStyle{Color: withAlpha(vermillion, 0xd0)}
	}
	return draw.LineStyle{Color: withAlpha(blue, 0xd0), Dashes: []vg.Length{4, 2}}
}

func markerStyle(p *sim.Place) draw.GlyphStyle {
	switch {
	case p.Roles.IsPost():
		return draw.GlyphStyle{Color: black, Radius: 2.6, Shape: draw.BoxGlyph{}}
	case p.Roles.Has(sim.BorderSection):
		return draw.GlyphStyle{Color: black, Radius: 3, Shape: draw.TriangleGlyph{}}
	case p.Roles&(sim.Stash|sim.Market|sim.Source|sim.Exit) != 0:
		return draw.GlyphStyle{Color: black, Radius: 3, Shape: draw.RingGlyph{}}
	}
	return draw.GlyphStyle{Color: black, Radius: 1.5, Shape: draw.CircleGlyph{}}
}

func withAlpha(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: a}
}

func drawLegend(c draw.Canvas, d MapData, maxFlow float64) {
	_, sty := labelFace(8)
	x, y := c.Min.X+10, c.Min.Y+30
	first, second := "opiates (kg per year)", "precursors (kg per year)"
	if d.Diff {
		first, second = "flow rose (kg per year)", "flow fell (kg per year)"
	}
	for k, name := range []string{first, second} {
		ls := flowStyle(k, 1-2*float64(k), d.Diff)
		if !d.Diff {
			ls = flowStyle(k, 1, false)
		}
		ls.Width = 4
		c.StrokeLine2(ls, x, y, x+24, y)
		c.FillText(sty, vg.Point{X: x + 28, Y: y - 3}, name)
		x += 170
	}
	c.FillText(sty, vg.Point{X: x, Y: y - 3}, fmt.Sprintf("widest line = %s kg", short(maxFlow)))
	y -= 16
	x = c.Min.X + 10
	for _, g := range []struct {
		sty  draw.GlyphStyle
		name string
	}{
		{markerStyle(&sim.Place{Roles: sim.Stash}), "hub, market, source, exit"},
		{markerStyle(&sim.Place{Roles: sim.Crossing}), "crossing or checkpoint"},
		{markerStyle(&sim.Place{Roles: sim.BorderSection}), "green-border section"},
		{draw.GlyphStyle{Color: withAlpha(orange, 0xa0), Radius: 6, Shape: draw.CircleGlyph{}}, "seizures (area ~ kg; label: mean kg per run)"},
	} {
		c.DrawGlyph(g.sty, vg.Point{X: x + 4, Y: y})
		c.FillText(sty, vg.Point{X: x + 14, Y: y - 3}, g.name)
		x += 170
	}
}
