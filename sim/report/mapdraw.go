package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"hourglass/sim"
	"hourglass/sim/report/clip"
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

// The map's own colours. Each means one thing on every map of a report:
// opiates are solid lines, acetic anhydride dashed, and no colour is used
// for both.
var (
	opiateFlowColour    = color.RGBA{0x8c, 0x51, 0x0a, 0xff} // brown: opiate flow
	precursorFlowColour = skyBlue                            // acetic anhydride flow
	opiateRise          = vermillion
	opiateFall          = blue
	precursorRise       = purple
	precursorFall       = green
	faintColour         = color.RGBA{0x99, 0x99, 0x99, 0xff} // a change whose CI includes 0
	networkColour       = color.RGBA{0xcc, 0xcc, 0xcc, 0xff}
	borderColour        = color.RGBA{0x55, 0x55, 0x55, 0xff}
	waterColour         = color.RGBA{0x9e, 0xc9, 0xe8, 0xff}
	riverColour         = color.RGBA{0x8c, 0xbc, 0xe0, 0xff}
	coastColour         = color.RGBA{0x6a, 0x9f, 0xc8, 0xff}
	homeLand            = color.RGBA{0xf6, 0xf3, 0xea, 0xff} // the five Central Asian states
	otherLand           = color.RGBA{0xe6, 0xe6, 0xe6, 0xff}
	countryLabelColour  = color.RGBA{0x88, 0x88, 0x88, 0xff}
	precursorDashes     = []vg.Length{5, 2}
)

// MapKind is what a route map shows.
type MapKind uint8

const (
	OpiateFlows     MapKind = iota // mean opiate flow and opiate seizures
	PrecursorFlows                 // mean acetic anhydride flow and seizures
	OpiateChange                   // paired change of the opiate flow against the baseline
	PrecursorChange                // paired change of the acetic anhydride flow
	// NetworkMarked is the network alone, with the places of
	// MapData.Marked ringed (a scenario's changed places).
	NetworkMarked
)

func (k MapKind) precursor() bool { return k == PrecursorFlows || k == PrecursorChange }
func (k MapKind) change() bool    { return k == OpiateChange || k == PrecursorChange }

func (k MapKind) commodity() string {
	if k.precursor() {
		return "acetic anhydride"
	}
	return "opiate"
}

// FlowChange is the paired change of the flow over one segment, alternative
// less baseline, with its 95% confidence interval.
type FlowChange struct {
	Kg, Lo, Hi float64
	Clear      bool // the CI excludes 0
}

// MapData is what a route map shows.
type MapData struct {
	World *sim.World
	Title string
	Kind  MapKind
	// Flow is, for a flow map, the mean kg moved over each segment (both
	// directions).
	Flow []float64
	// Change is, for a change map, the change over each segment.
	Change []FlowChange
	// Seized is the mean kg of the map's commodity seized at each place
	// (a change map: the change in that mean).
	Seized []float64
	// KgPerPt is the line-width scale, kg per point of width; 0 scales the
	// widest line to maxLineWidth. Change maps of one report share it.
	KgPerPt float64
	// Marked are, for a NetworkMarked map, the places to ring (indexed as
	// World.Places).
	Marked []bool
	// Sites are, for a siting map, places with a value each (a new post's
	// gain there alone): circles of area proportional to it (sitemap.go).
	Sites []Site
}

// MapResult is a drawn map.
type MapResult struct {
	SVG, PNG []byte
	Labels   []Label  // the place labels placed, in both panels
	Hidden   []string // places whose label found no room
	KgPerPt  float64  // the line-width scale used
}

// Label is a placed label, in canvas coordinates.
type Label struct {
	Text       string
	Panel      string // the panel it is in
	Place      string // the place it names ("" for a country or lake)
	Name       string // the place's full name
	Min, Max   vg.Point
	Anchor     vg.Point // the place it names
	LeaderLine bool
}

func (l Label) overlaps(m Label) bool {
	return l.Min.X < m.Max.X && m.Min.X < l.Max.X && l.Min.Y < m.Max.Y && m.Min.Y < l.Max.Y
}

// The map's size: two panels side by side over a legend, as wide as the
// charts (chartWidth: 1,340 px at 96 dpi).
const (
	MapWidth  = chartWidth
	MapHeight = 540 * vg.Length(1)

	maxLineWidth = 10.0 // points
	minLineWidth = 0.8
)

// frame is a box in degrees.
type frame struct{ minLon, maxLon, minLat, maxLat float64 }

// ferghanaFrame is the enlarged panel: the Ferghana valley, the Pamir and
// the Panj, where most crossings and corridors crowd together.
var ferghanaFrame = frame{66.7, 76.4, 36.3, 41.7}

// projection is the maps' Lambert conformal conic: standard parallels
// 38°N and 50°N bracket the region (36.7°N to 53.3°N), so the scale errs by
// under 3% anywhere on it.
var projection = NewConic(38, 50, 45, 70)

// panel is one map panel: a frame projected into a box of the canvas.
type panel struct {
	name, title string
	min, max    vg.Point
	cx, cy      float64 // projected km at the box's centre
	ptPerKm     float64
	scaleCorner int // 0 bottom left, 1 bottom right
}

func newPanel(name, title string, f frame, min, max vg.Point) *panel {
	// the projected extent of the frame's edges
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i <= 20; i++ {
		t := float64(i) / 20
		lon, lat := f.minLon+t*(f.maxLon-f.minLon), f.minLat+t*(f.maxLat-f.minLat)
		for _, ll := range []LonLat{{lon, f.minLat}, {lon, f.maxLat}, {f.minLon, lat}, {f.maxLon, lat}} {
			x, y := projection.Project(ll)
			x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
		}
	}
	w, h := float64(max.X-min.X), float64(max.Y-min.Y)
	p := &panel{name: name, title: title, min: min, max: max, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2}
	p.ptPerKm = math.Min(w/math.Max(x1-x0, 1), h/math.Max(y1-y0, 1))
	return p
}

func (p *panel) at(ll LonLat) vg.Point {
	x, y := projection.Project(ll)
	return vg.Point{
		X: (p.min.X+p.max.X)/2 + vg.Length((x-p.cx)*p.ptPerKm),
		Y: (p.min.Y+p.max.Y)/2 + vg.Length((y-p.cy)*p.ptPerKm),
	}
}

// latAt is the latitude under canvas point pt.
func (p *panel) latAt(pt vg.Point) float64 {
	x := p.cx + float64(pt.X-(p.min.X+p.max.X)/2)/p.ptPerKm
	y := p.cy + float64(pt.Y-(p.min.Y+p.max.Y)/2)/p.ptPerKm
	return projection.LatAt(x, y)
}

func (p *panel) inside(pt vg.Point) bool {
	return pt.X >= p.min.X && pt.X <= p.max.X && pt.Y >= p.min.Y && pt.Y <= p.max.Y
}

// edgeToward is where the ray from the panel's centre toward pt leaves the
// panel, inset by a few points.
func (p *panel) edgeToward(pt vg.Point) vg.Point {
	const inset = 6
	c := vg.Point{X: (p.min.X + p.max.X) / 2, Y: (p.min.Y + p.max.Y) / 2}
	dx, dy := float64(pt.X-c.X), float64(pt.Y-c.Y)
	t := math.Inf(1)
	if dx > 0 {
		t = math.Min(t, float64(p.max.X-inset-c.X)/dx)
	} else if dx < 0 {
		t = math.Min(t, float64(p.min.X+inset-c.X)/dx)
	}
	if dy > 0 {
		t = math.Min(t, float64(p.max.Y-inset-c.Y)/dy)
	} else if dy < 0 {
		t = math.Min(t, float64(p.min.Y+inset-c.Y)/dy)
	}
	if math.IsInf(t, 1) {
		return c
	}
	return vg.Point{X: c.X + vg.Length(dx*t), Y: c.Y + vg.Length(dy*t)}
}

// regionFrame covers every place that is not an exit, with a margin.
func regionFrame(w *sim.World) frame {
	f := frame{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for _, p := range w.Places {
		if p.Roles.Has(sim.Exit) || (p.Lat == 0 && p.Lon == 0) {
			continue
		}
		f.minLon, f.maxLon = math.Min(f.minLon, p.Lon), math.Max(f.maxLon, p.Lon)
		f.minLat, f.maxLat = math.Min(f.minLat, p.Lat), math.Max(f.maxLat, p.Lat)
	}
	if math.IsInf(f.minLon, 1) {
		return frame{56, 89, 35.8, 54}
	}
	return frame{f.minLon - 1.2, f.maxLon + 1.2, f.minLat - 0.8, f.maxLat + 0.8}
}

// Map draws the route map, as SVG and PNG: the whole region on the left,
// the Ferghana valley, Pamir and Panj enlarged on the right, the legend
// below. Bad data (slices of the wrong length) draws nothing there rather
// than failing.
func Map(d MapData) (MapResult, error) {
	if d.World == nil {
		return MapResult{}, fmt.Errorf("map %q: no world", d.Title)
	}
	geo, err := LoadRegion()
	if err != nil {
		return MapResult{}, err
	}
	sp := newSVGPainter(MapWidth, MapHeight, d.Title)
	res := drawMap(sp, geo, d)
	res.SVG = sp.bytes()
	ic := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(MapWidth, MapHeight), vgimg.UseDPI(96))}
	drawMap(vgPainter{draw.New(ic)}, geo, d)
	var pbuf bytes.Buffer
	if err := encodePNG(&pbuf, ic); err != nil {
		return MapResult{}, err
	}
	res.PNG = pbuf.Bytes()
	return res, nil
}

// mapPanels are the two panels of a map of w.
func mapPanels(w *sim.World) []*panel {
	const top, bottom = MapHeight - 34, 76
	region := newPanel("region", "Central Asia", regionFrame(w), vg.Point{X: 8, Y: bottom}, vg.Point{X: MapWidth/2 - 4, Y: top})
	zoom := newPanel("ferghana", "Ferghana valley, Pamir and the Panj (enlarged)", ferghanaFrame, vg.Point{X: MapWidth/2 + 4, Y: bottom}, vg.Point{X: MapWidth - 8, Y: top})
	zoom.scaleCorner = 1
	return []*panel{region, zoom}
}

// seizureFill is the colour of the seizure circles: orange on a flow map;
// on a change map, where the circles are changes of means with no CI,
// lighter, and a faint grey where no change of the map is clear (so
// nothing there looks like a finding).
func seizureFill(d MapData) color.Color {
	if !d.Kind.change() {
		return withAlpha(orange, 0x90)
	}
	for _, c := range d.Change {
		if c.Clear {
			return withAlpha(orange, 0x50)
		}
	}
	return withAlpha(faintColour, 0x40)
}

func drawMap(p painter, geo *Region, d MapData) MapResult {
	w := d.World
	res := MapResult{KgPerPt: d.KgPerPt}
	p.rect(color.White, nil, vg.Point{}, vg.Point{X: MapWidth, Y: MapHeight}, "")
	titleFace := face(12, true)
	p.text(titleFace, black, vg.Point{X: 10, Y: MapHeight - 20}, d.Title, "title")
	if res.KgPerPt <= 0 {
		res.KgPerPt = ownScale(d)
	}
	panels := mapPanels(w)
	for i, pn := range panels {
		var skip *panel
		if i == 0 {
			skip = panels[1] // the region panel leaves the enlarged area's labels to the other panel
		}
		labels, hidden := drawPanel(p, geo, d, pn, skip, res.KgPerPt)
		res.Labels = append(res.Labels, labels...)
		res.Hidden = append(res.Hidden, hidden...)
	}
	// the enlarged area's outline on the region panel
	a, b := panels[0].at(LonLat{ferghanaFrame.minLon, ferghanaFrame.minLat}), panels[0].at(LonLat{ferghanaFrame.maxLon, ferghanaFrame.maxLat})
	c1, c2 := panels[0].at(LonLat{ferghanaFrame.minLon, ferghanaFrame.maxLat}), panels[0].at(LonLat{ferghanaFrame.maxLon, ferghanaFrame.minLat})
	p.polyline(draw.LineStyle{Color: black, Width: 0.8, Dashes: []vg.Length{3, 2}}, []vg.Point{a, c1, b, c2, a}, "inset-outline")
	drawMapLegend(p, d, res.KgPerPt)
	return res
}

// ownScale is the scale at which the map's widest line is maxLineWidth.
func ownScale(d MapData) float64 {
	m := 0.0
	for _, kg := range d.Flow {
		m = math.Max(m, math.Abs(kg))
	}
	for _, c := range d.Change {
		if c.Clear {
			m = math.Max(m, math.Abs(c.Kg))
		}
	}
	if m == 0 {
		return 1
	}
	return m / maxLineWidth
}

// SharedScale is the line-width scale (kg per point) at which the largest
// clear change of any of the maps is maxLineWidth wide, so that every
// change map of a report draws a kg alike.
func SharedScale(maps ...[]FlowChange) float64 {
	m := 0.0
	for _, cs := range maps {
		for _, c := range cs {
			if c.Clear {
				m = math.Max(m, math.Abs(c.Kg))
			}
		}
	}
	if m == 0 {
		return 1
	}
	return m / maxLineWidth
}

// flowStyle is how a flow map draws kg on a segment.
func flowStyle(k MapKind, kg, kgPerPt float64) draw.LineStyle {
	sty := draw.LineStyle{Color: withAlpha(opiateFlowColour, 0xd8), Width: lineWidth(kg, kgPerPt)}
	if k.precursor() {
		sty.Color, sty.Dashes = withAlpha(precursorFlowColour, 0xe0), precursorDashes
	}
	return sty
}

func lineWidth(kg, kgPerPt float64) vg.Length {
	if kgPerPt <= 0 {
		return minLineWidth
	}
	return vg.Length(math.Max(minLineWidth, math.Abs(kg)/kgPerPt))
}

// changeStyle is how a change map draws a change: thick in the rise or fall
// colour of its commodity, width by the shared scale, where the 95% CI
// excludes 0; else thin, faint and dotted, whatever its size. The class is
// "change sig" or "change faint".
func changeStyle(k MapKind, c FlowChange, kgPerPt float64) (draw.LineStyle, string) {
	if !c.Clear {
		return draw.LineStyle{Color: faintColour, Width: 0.7, Dashes: []vg.Length{1.5, 1.5}}, "change faint"
	}
	rise, fall := opiateRise, opiateFall
	var dashes []vg.Length
	if k.precursor() {
		rise, fall, dashes = precursorRise, precursorFall, precursorDashes
	}
	col := rise
	if c.Kg < 0 {
		col = fall
	}
	return draw.LineStyle{Color: withAlpha(col, 0xe0), Width: lineWidth(c.Kg, kgPerPt), Dashes: dashes}, "change sig"
}

func withAlpha(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: a}
}

func face(size vg.Length, bold bool) font.Face {
	fnt := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		fnt.Weight = 700
	}
	return font.DefaultCache.Lookup(fnt, size)
}

// canvasLine is a list of points in canvas coordinates.
func (p *panel) line(ll []LonLat) []vg.Point {
	out := make([]vg.Point, len(ll))
	for i, x := range ll {
		out[i] = p.at(x)
	}
	return out
}

func drawPanel(p painter, geo *Region, d MapData, pn *panel, skip *panel, kgPerPt float64) ([]Label, []string) {
	w := d.World
	p.group("panel", "data-panel", pn.name)
	p.rect(otherLand, nil, pn.min, pn.max, "")
	// countries, water, borders
	p.group("countries")
	for _, c := range geo.Countries {
		fill := otherLand
		switch c.ID {
		case "KZ", "KG", "TJ", "UZ", "TM":
			fill = homeLand
		}
		var rings [][]vg.Point
		for _, r := range c.Rings {
			if cr := clipPolygon(pn.line(r), pn.min, pn.max); len(cr) >= 3 {
				rings = append(rings, cr)
			}
		}
		p.polygon(fill, rings, "country")
	}
	p.end()
	p.group("water")
	for _, poly := range geo.Lakes {
		var rings [][]vg.Point
		for _, r := range poly {
			if cr := clipPolygon(pn.line(r), pn.min, pn.max); len(cr) >= 3 {
				rings = append(rings, cr)
			}
		}
		p.polygon(waterColour, rings, "lake")
	}
	for _, c := range geo.Coasts {
		for _, part := range clipPolyline(pn.line(c), pn.min, pn.max) {
			p.polyline(draw.LineStyle{Color: coastColour, Width: 0.5}, part, "coast")
		}
	}
	for _, r := range geo.Rivers {
		for _, part := range clipPolyline(pn.line(r), pn.min, pn.max) {
			p.polyline(draw.LineStyle{Color: riverColour, Width: 0.9}, part, "river")
		}
	}
	p.end()
	p.group("borders")
	for _, b := range geo.Borders {
		for _, part := range clipPolyline(pn.line(b.Line), pn.min, pn.max) {
			p.polyline(draw.LineStyle{Color: borderColour, Width: 0.9}, part, "border", "data-a", b.A, "data-b", b.B)
		}
	}
	p.end()

	pts := make([]vg.Point, len(w.Places))
	for i, pl := range w.Places {
		pts[i] = pn.at(LonLat{pl.Lon, pl.Lat})
		if pl.Roles.Has(sim.Exit) && pn.name == "region" {
			pts[i] = pn.edgeToward(pts[i]) // exits: arrows at the edge, not lines across
		}
	}
	// the network, then the flows or changes
	p.group("network")
	for i, s := range w.Segments {
		for _, part := range segmentLines(w, pn, pts, i) {
			sty := draw.LineStyle{Color: networkColour, Width: 0.5}
			if s.Modes == sim.ModeSet(0).With(sim.Air) {
				sty.Dashes = []vg.Length{1, 2}
			}
			p.polyline(sty, part, "segment")
		}
	}
	p.end()
	p.group("flows")
	drawFlows(p, d, pn, pts, kgPerPt)
	p.end()
	// seizures, then the places
	p.group("seizures")
	maxSeized := 0.0
	for _, s := range d.Seized {
		maxSeized = math.Max(maxSeized, s)
	}
	if len(d.Seized) == len(w.Places) && maxSeized > 0 {
		fill := seizureFill(d)
		for i := range w.Places {
			if s := d.Seized[i]; s > 0 && pn.inside(pts[i]) {
				p.marker(dotMarker, pts[i], vg.Length(2.5+9*math.Sqrt(s/maxSeized)), fill, "seizure")
			}
		}
	}
	drawSites(p, d, pn, pts)
	if d.Kind == NetworkMarked && len(d.Marked) == len(w.Places) {
		for i, m := range d.Marked {
			if m && pn.inside(pts[i]) {
				p.marker(dotMarker, pts[i], 9, withAlpha(purple, 0x90), "marked")
			}
		}
	}
	p.end()
	p.group("places")
	for i := range w.Places {
		pl := &w.Places[i]
		if !pn.inside(pts[i]) {
			continue
		}
		if pl.Roles.Has(sim.Exit) {
			drawExitArrow(p, pn, pts[i])
			continue
		}
		m, r := markerOf(pl)
		p.marker(m, pts[i], r, black, "place")
	}
	p.end()
	labels, hidden := placeLabels(w, pn, skip, pts, d)
	drawLabels(p, labels)
	drawScaleBar(p, pn)
	p.text(face(9, true), black, vg.Point{X: pn.min.X + 4, Y: pn.max.Y + 5}, pn.title, "panel-title")
	p.rect(nil, borderColour, pn.min, pn.max, "panel-frame")
	p.end()
	return labels, hidden
}

// segmentLines is how segment i runs on the panel, clipped to it: a line
// between its places, or a short stub with an arrow toward the exit for an
// air link to an exit.
func segmentLines(w *sim.World, pn *panel, pts []vg.Point, i int) [][]vg.Point {
	s := w.Segments[i]
	if s.From < 0 || s.To < 0 || s.From >= len(pts) || s.To >= len(pts) {
		return nil
	}
	a, b := pts[s.From], pts[s.To]
	air := s.Modes == sim.ModeSet(0).With(sim.Air)
	fromExit, toExit := w.Places[s.From].Roles.Has(sim.Exit), w.Places[s.To].Roles.Has(sim.Exit)
	if air && (fromExit || toExit) {
		if fromExit {
			a, b = b, a
		}
		dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
		n := math.Hypot(dx, dy)
		if n == 0 || !pn.inside(a) {
			return nil
		}
		const stub = 26
		end := vg.Point{X: a.X + vg.Length(dx/n*stub), Y: a.Y + vg.Length(dy/n*stub)}
		return [][]vg.Point{{a, end}}
	}
	return clipPolyline([]vg.Point{a, b}, pn.min, pn.max)
}

// drawFlows draws each segment's flow (offset to one side of the network
// line, so that the two directions of a road do not hide the base) or
// change.
func drawFlows(p painter, d MapData, pn *panel, pts []vg.Point, kgPerPt float64) {
	w := d.World
	for i, s := range w.Segments {
		if s.From < 0 || s.To < 0 || s.From >= len(w.Places) || s.To >= len(w.Places) {
			continue // a malformed world: draw what can be drawn
		}
		var sty draw.LineStyle
		var class string
		attrs := []string{"data-seg", segName(w, i)}
		switch {
		case d.Kind.change() && i < len(d.Change) && d.Change[i].Kg != 0:
			c := d.Change[i]
			sty, class = changeStyle(d.Kind, c, kgPerPt)
			sig := "0"
			if c.Clear {
				sig = "1"
			}
			attrs = append(attrs, "data-sig", sig, "data-kg", fmtKg(c.Kg), "data-lo", fmtKg(c.Lo), "data-hi", fmtKg(c.Hi))
		case !d.Kind.change() && i < len(d.Flow) && d.Flow[i] != 0:
			sty, class = flowStyle(d.Kind, d.Flow[i], kgPerPt), "flow"
			attrs = append(attrs, "data-kg", fmtKg(d.Flow[i]))
		default:
			continue
		}
		arrow := class != "change faint" && (w.Places[s.From].Roles.Has(sim.Exit) || w.Places[s.To].Roles.Has(sim.Exit))
		if s.Modes == sim.ModeSet(0).With(sim.Air) {
			class += " air"
		}
		for _, part := range segmentLines(w, pn, pts, i) {
			p.polyline(sty, part, class, attrs...)
			if len(part) == 2 && arrow {
				drawArrowHead(p, part, s, w, sty)
			}
		}
	}
}

// drawArrowHead puts an arrow head at the exit end of a segment.
func drawArrowHead(p painter, part []vg.Point, s sim.Segment, w *sim.World, sty draw.LineStyle) {
	a, b := part[0], part[1]
	if w.Places[s.From].Roles.Has(sim.Exit) && s.Modes != sim.ModeSet(0).With(sim.Air) {
		a, b = b, a
	}
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	ux, uy := dx/n, dy/n
	size := math.Max(4, float64(sty.Width)*1.4)
	back := vg.Point{X: b.X - vg.Length(ux*size), Y: b.Y - vg.Length(uy*size)}
	left := vg.Point{X: back.X - vg.Length(uy*size*0.6), Y: back.Y + vg.Length(ux*size*0.6)}
	right := vg.Point{X: back.X + vg.Length(uy*size*0.6), Y: back.Y - vg.Length(ux*size*0.6)}
	tip := vg.Point{X: b.X + vg.Length(ux*size*0.5), Y: b.Y + vg.Length(uy*size*0.5)}
	p.polygon(sty.Color, [][]vg.Point{{left, tip, right}}, "arrowhead")
}

// drawExitArrow marks an exit at the panel's edge: a black arrow pointing
// out of the frame.
func drawExitArrow(p painter, pn *panel, at vg.Point) {
	c := vg.Point{X: (pn.min.X + pn.max.X) / 2, Y: (pn.min.Y + pn.max.Y) / 2}
	dx, dy := float64(at.X-c.X), float64(at.Y-c.Y)
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	ux, uy := dx/n, dy/n
	const size = 6
	back := vg.Point{X: at.X - vg.Length(ux*size), Y: at.Y - vg.Length(uy*size)}
	left := vg.Point{X: back.X - vg.Length(uy*size*0.7), Y: back.Y + vg.Length(ux*size*0.7)}
	right := vg.Point{X: back.X + vg.Length(uy*size*0.7), Y: back.Y - vg.Length(ux*size*0.7)}
	p.polygon(black, [][]vg.Point{{left, at, right}}, "exit")
}

func segName(w *sim.World, i int) string {
	s := w.Segments[i]
	return w.Places[s.From].ID + "–" + w.Places[s.To].ID
}

func fmtKg(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func markerOf(p *sim.Place) (markerShape, vg.Length) {
	switch {
	case p.Roles.IsPost():
		return boxMarker, 2.4
	case p.Roles.Has(sim.BorderSection):
		return triangleMarker, 3
	case p.Roles&(sim.Stash|sim.Market|sim.Source) != 0:
		return ringMarker, 3
	}
	return dotMarker, 1.6
}

// countryLabels name the countries and the great lakes on the map, where
// each label sits.
var countryLabels = []struct {
	text string
	at   LonLat
	zoom bool // on the enlarged panel (else on the region panel)
}{
	{"KAZAKHSTAN", LonLat{68.5, 48.3}, false},
	{"UZBEKISTAN", LonLat{61.5, 42.2}, false},
	{"TURKMENISTAN", LonLat{59.0, 38.8}, false},
	{"AFGHANISTAN", LonLat{65.0, 36.2}, false},
	{"CHINA", LonLat{84.0, 41.5}, false},
	{"RUSSIA", LonLat{75.0, 53.6}, false},
	{"KYRGYZSTAN", LonLat{74.2, 41.9}, true},
	{"TAJIKISTAN", LonLat{70.2, 39.1}, true},
	{"AFGHANISTAN", LonLat{68.0, 36.55}, true},
	{"UZBEKISTAN", LonLat{67.4, 40.6}, true},
	{"CHINA", LonLat{75.9, 38.6}, true},
	{"L. Balkhash", LonLat{74.0, 46.3}, false},
	{"Issyk-Kul", LonLat{77.2, 42.0}, false},
}

// placeLabels places the labels of the panel's places (those not inside
// skip), after its country names, at the first free spot among sixteen
// directions at growing distances (with a leader line beyond the first
// ring), never over another label, a place marker or the scale bar, and
// inside the panel. Hubs, sources, markets and exits come first, then
// posts, then the rest, so minor labels give way when space runs out.
func placeLabels(w *sim.World, pn *panel, skip *panel, pts []vg.Point, d MapData) ([]Label, []string) {
	lf := face(7.5, false)
	ext := lf.Extents()
	height := ext.Ascent + ext.Descent
	var placed, obstacles []Label
	obstacles = append(obstacles, scaleBarBox(pn))
	for _, c := range countryLabels {
		if c.zoom != (pn.name == "ferghana") {
			continue
		}
		at := pn.at(c.at)
		cf := face(8, false)
		width := cf.Width(c.text)
		l := Label{Text: c.text, Panel: pn.name, Min: vg.Point{X: at.X - width/2, Y: at.Y}, Max: vg.Point{X: at.X + width/2, Y: at.Y + cf.Extents().Ascent}}
		if l.Min.X >= pn.min.X && l.Max.X <= pn.max.X && l.Min.Y >= pn.min.Y && l.Max.Y <= pn.max.Y {
			obstacles = append(obstacles, l)
		}
	}
	const r = 3 // marker half-size, points
	order := make([]int, 0, len(w.Places))
	for i := range w.Places {
		if !pn.inside(pts[i]) {
			continue
		}
		obstacles = append(obstacles, Label{Min: vg.Point{X: pts[i].X - r, Y: pts[i].Y - r}, Max: vg.Point{X: pts[i].X + r, Y: pts[i].Y + r}})
		if skip != nil && skip.frameHas(w.Places[i]) {
			continue
		}
		order = append(order, i)
	}
	sort.SliceStable(order, func(a, b int) bool {
		return importance(&w.Places[order[a]]) < importance(&w.Places[order[b]])
	})
	var hidden []string
	free := func(l Label) bool {
		if l.Min.X < pn.min.X+1 || l.Max.X > pn.max.X-1 || l.Min.Y < pn.min.Y+1 || l.Max.Y > pn.max.Y-1 {
			return false
		}
		for _, o := range placed {
			if l.overlaps(o) {
				return false
			}
		}
		for _, o := range obstacles {
			if l.overlaps(o) {
				return false
			}
		}
		return true
	}
	for _, i := range order {
		pl := &w.Places[i]
		txt := MapName(pl)
		if len(d.Seized) == len(w.Places) && math.Abs(d.Seized[i]) >= 0.5 {
			if d.Kind.change() {
				txt = fmt.Sprintf("%s (%+.0f kg)", txt, d.Seized[i])
				if math.Abs(d.Seized[i]) >= 1000 {
					txt = fmt.Sprintf("%s (%s%s kg)", MapName(pl), sign(d.Seized[i]), short(math.Abs(d.Seized[i])))
				}
			} else {
				txt = fmt.Sprintf("%s (%s kg)", txt, short(d.Seized[i]))
			}
		}
		width := lf.Width(txt)
		pt := pts[i]
		ok := false
		for ring, dist := range []vg.Length{4, 14, 26, 40, 56, 72, 90} {
			for _, dir := range directions {
				cx := pt.X + vg.Length(dir[0])*dist
				cy := pt.Y + vg.Length(dir[1])*dist
				minX, minY := away(cx, dir[0], width), away(cy, dir[1], height)
				l := Label{Text: txt, Panel: pn.name, Place: pl.ID, Name: pl.Name, Min: vg.Point{X: minX - 1, Y: minY - 1}, Max: vg.Point{X: minX + width + 1, Y: minY + height + 1},
					Anchor: pt, LeaderLine: ring > 0}
				if free(l) {
					placed = append(placed, l)
					ok = true
					break
				}
			}
			if ok {
				break
			}
		}
		if !ok {
			hidden = append(hidden, txt)
		}
	}
	// the country names are drawn as labels too, without a background
	for _, o := range obstacles {
		if o.Text != "" {
			placed = append(placed, o)
		}
	}
	return placed, hidden
}

// MapName is a place's name on a map: its name without what a parenthesis
// adds, and without a trailing "checkpoint", when that is at most 20
// letters ("Sary-Tash", "Nizhny Panj"); else the first name in its
// parenthesis ("Tajik posts toward Uzbekistan near Khudjand (Fotehobod)":
// "Fotehobod"); else its first words up to 20 letters ("Moscovsky-Shurobad
// stretch of the Panj": "Moscovsky-Shurobad"). Exits keep their whole
// name (two are "Russia (...)"), and a place with no name its id.
func MapName(p *sim.Place) string {
	const most = 20
	if p.Name == "" || p.Roles.Has(sim.Exit) {
		if p.Name == "" {
			return p.ID
		}
		return p.Name
	}
	head, rest, paren := strings.Cut(p.Name, " (")
	head = strings.TrimSuffix(strings.TrimSpace(head), " checkpoint")
	if utf8.RuneCountInString(head) <= most {
		return head
	}
	if paren {
		inside, _, _ := strings.Cut(rest, ")")
		first, _, _ := strings.Cut(inside, ", ")
		if n := utf8.RuneCountInString(first); n > 0 && n <= most {
			return first
		}
	}
	head, _, _ = strings.Cut(head, " / ")
	var out string
	for _, word := range strings.Fields(head) {
		next := strings.TrimSpace(out + " " + word)
		if out != "" && utf8.RuneCountInString(next) > most {
			break
		}
		out = next
	}
	return out
}

func sign(x float64) string {
	if x < 0 {
		return "−"
	}
	return "+"
}

func (p *panel) frameHas(pl sim.Place) bool {
	f := ferghanaFrame
	if p.name != "ferghana" {
		return false
	}
	return pl.Lon >= f.minLon && pl.Lon <= f.maxLon && pl.Lat >= f.minLat && pl.Lat <= f.maxLat && !pl.Roles.Has(sim.Exit)
}

// importance orders labels: hubs, sources, markets and exits first, then
// posts, then the rest.
func importance(p *sim.Place) int {
	switch {
	case p.Roles&(sim.Stash|sim.Source|sim.Exit|sim.Market) != 0:
		return 0
	case p.Roles&(sim.Crossing|sim.Checkpoint|sim.BorderSection) != 0:
		return 1
	}
	return 2
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

func drawLabels(p painter, labels []Label) {
	for _, l := range labels {
		if l.LeaderLine {
			cx, cy := (l.Min.X+l.Max.X)/2, (l.Min.Y+l.Max.Y)/2
			p.polyline(draw.LineStyle{Color: grey, Width: 0.4}, []vg.Point{l.Anchor, {X: cx, Y: cy}}, "leader")
		}
	}
	lf := face(7.5, false)
	cf := face(8, false)
	for _, l := range labels {
		if l.Place == "" {
			col := countryLabelColour
			if l.Text == "L. Balkhash" || l.Text == "Issyk-Kul" {
				col = coastColour
			}
			p.text(cf, col, l.Min, l.Text, "area-label")
			continue
		}
		p.group("label", "data-place", l.Place)
		if l.Name != "" && l.Name != l.Text {
			p.title(l.Name + " (" + l.Place + ")")
		} else {
			p.title(l.Place)
		}
		p.rect(withAlpha(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0xc8), nil, l.Min, l.Max, "")
		p.text(lf, black, vg.Point{X: l.Min.X + 1, Y: l.Min.Y + 1 + lf.Extents().Descent}, l.Text, "label-text")
		p.end()
	}
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

// scaleBar is the panel's scale bar: a round number of km, and its length
// in points at the latitude where it sits (the conic's scale varies with
// latitude only).
func scaleBar(pn *panel) (km float64, length vg.Length, at vg.Point, lat float64) {
	box := scaleBarBox(pn)
	at = vg.Point{X: box.Min.X + 6, Y: box.Min.Y + 6}
	lat = pn.latAt(at)
	ptPerGroundKm := pn.ptPerKm * projection.Scale(lat)
	km = 50
	for _, k := range []float64{50, 100, 200, 250, 500, 1000} {
		if vg.Length(k*ptPerGroundKm) <= 110 {
			km = k
		}
	}
	return km, vg.Length(km * ptPerGroundKm), at, lat
}

func scaleBarBox(pn *panel) Label {
	const w, h = 130, 26
	if pn.scaleCorner == 1 {
		return Label{Min: vg.Point{X: pn.max.X - w - 4, Y: pn.min.Y + 4}, Max: vg.Point{X: pn.max.X - 4, Y: pn.min.Y + 4 + h}}
	}
	return Label{Min: vg.Point{X: pn.min.X + 4, Y: pn.min.Y + 4}, Max: vg.Point{X: pn.min.X + 4 + w, Y: pn.min.Y + 4 + h}}
}

func drawScaleBar(p painter, pn *panel) {
	km, length, at, lat := scaleBar(pn)
	box := scaleBarBox(pn)
	p.group("scalebar", "data-km", strconv.FormatFloat(km, 'f', 0, 64), "data-pt", svgNum(length), "data-lat", strconv.FormatFloat(lat, 'f', 1, 64))
	p.rect(withAlpha(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0xd8), nil, box.Min, box.Max, "")
	half := vg.Point{X: at.X + length/2, Y: at.Y}
	end := vg.Point{X: at.X + length, Y: at.Y}
	p.polyline(draw.LineStyle{Color: black, Width: 3}, []vg.Point{at, half}, "")
	p.polyline(draw.LineStyle{Color: black, Width: 0.8}, []vg.Point{at, end}, "")
	for _, x := range []vg.Point{at, half, end} {
		p.polyline(draw.LineStyle{Color: black, Width: 0.8}, []vg.Point{{X: x.X, Y: x.Y - 2}, {X: x.X, Y: x.Y + 3}}, "")
	}
	f := face(7, false)
	p.text(f, black, vg.Point{X: at.X, Y: at.Y + 6}, fmt.Sprintf("%.0f km (at %.0f°N)", km, lat), "")
	p.end()
}

// clipPolyline cuts a polyline to the box.
func clipPolyline(pts []vg.Point, min, max vg.Point) [][]vg.Point {
	var out [][]vg.Point
	for _, part := range clip.Polyline(toClip(pts), clipBox(min, max)) {
		out = append(out, fromClip(part))
	}
	return out
}

// clipPolygon clips a ring to the box.
func clipPolygon(ring []vg.Point, min, max vg.Point) []vg.Point {
	return fromClip(clip.Polygon(toClip(ring), clipBox(min, max)))
}

func clipBox(min, max vg.Point) clip.Box {
	return clip.Box{Min: clip.Point{X: float64(min.X), Y: float64(min.Y)}, Max: clip.Point{X: float64(max.X), Y: float64(max.Y)}}
}

func toClip(pts []vg.Point) []clip.Point {
	out := make([]clip.Point, len(pts))
	for i, p := range pts {
		out[i] = clip.Point{X: float64(p.X), Y: float64(p.Y)}
	}
	return out
}

func fromClip(pts []clip.Point) []vg.Point {
	if pts == nil {
		return nil
	}
	out := make([]vg.Point, len(pts))
	for i, p := range pts {
		out[i] = vg.Point{X: vg.Length(p.X), Y: vg.Length(p.Y)}
	}
	return out
}

// drawMapLegend draws the legend below the panels: what lines, circles
// and markers mean, and the line-width scale. Each entry starts after the
// one before it.
func drawMapLegend(p painter, d MapData, kgPerPt float64) {
	p.group("legend")
	f := face(8, false)
	const gap = 16
	x, y := vg.Length(10), vg.Length(56)
	say := func(col color.Color, s string) {
		p.text(f, col, vg.Point{X: x, Y: y - 3}, s, "")
		x += f.Width(s) + gap
	}
	line := func(sty draw.LineStyle, name string) {
		p.polyline(sty, []vg.Point{{X: x, Y: y}, {X: x + 26, Y: y}}, "")
		x += 31
		say(black, name)
	}
	glyph := func(m markerShape, r vg.Length, fill color.Color, name string) {
		p.marker(m, vg.Point{X: x + 5, Y: y}, r, fill, "")
		x += 14
		say(black, name)
	}
	newRow := func() { x, y = 10, y-17 }

	com := d.Kind.commodity()
	if d.Kind == NetworkMarked {
		glyph(dotMarker, 6, withAlpha(purple, 0x90), "a place the scenario's interventions change")
		newRow()
		glyph(ringMarker, 3, black, "hub, market, source")
		glyph(boxMarker, 2.4, black, "crossing or checkpoint")
		glyph(triangleMarker, 3, black, "green-border section")
		line(draw.LineStyle{Color: borderColour, Width: 0.9}, "country border (Natural Earth)")
		p.rect(waterColour, nil, vg.Point{X: x, Y: y - 4}, vg.Point{X: x + 26, Y: y + 4}, "")
		x += 31
		say(black, "lake (OpenStreetMap)")
		p.end()
		return
	}
	if d.Kind.change() {
		rise, _ := changeStyle(d.Kind, FlowChange{Kg: 3 * kgPerPt, Clear: true}, kgPerPt)
		fall, _ := changeStyle(d.Kind, FlowChange{Kg: -3 * kgPerPt, Clear: true}, kgPerPt)
		faint, _ := changeStyle(d.Kind, FlowChange{Kg: 1}, kgPerPt)
		line(rise, com+" flow rose (95% CI excludes 0)")
		line(fall, com+" flow fell (95% CI excludes 0)")
		line(faint, "change not clear (CI includes 0), not to scale")
		say(black, fmt.Sprintf("width: 1 pt = %s kg on every %s change map", short(kgPerPt), com))
	} else {
		line(flowStyle(d.Kind, 3*kgPerPt, kgPerPt), com+" flow, mean kg both ways")
		say(black, fmt.Sprintf("width: 1 pt = %s kg; widest line %s kg", short(kgPerPt), short(kgPerPt*maxLineWidth)))
	}
	newRow()
	seized := "mean kg of " + com + " seized there (area ~ kg)"
	if d.Kind.change() {
		seized = "rise in mean kg of " + com + " seized there (no CI: drawn light)"
	}
	glyph(ringMarker, 3, black, "hub, market, source")
	glyph(boxMarker, 2.4, black, "crossing or checkpoint")
	glyph(triangleMarker, 3, black, "green-border section")
	if len(d.Sites) > 0 {
		siteLegend(glyph)
	} else {
		glyph(dotMarker, 6, seizureFill(d), seized)
	}
	p.polygon(black, [][]vg.Point{{{X: x, Y: y + 4}, {X: x + 8, Y: y}, {X: x, Y: y - 4}}}, "")
	x += 14
	say(black, "exit beyond the frame")
	line(draw.LineStyle{Color: networkColour, Width: 1, Dashes: []vg.Length{1, 2}}, "air link, toward its exit")
	newRow()
	line(draw.LineStyle{Color: borderColour, Width: 0.9}, "country border (Natural Earth)")
	p.rect(waterColour, nil, vg.Point{X: x, Y: y - 4}, vg.Point{X: x + 26, Y: y + 4}, "")
	x += 31
	say(black, "lake (OpenStreetMap)")
	line(draw.LineStyle{Color: riverColour, Width: 0.9}, "river (Natural Earth)")
	say(countryLabelColour, "Lambert conformal conic, standard parallels 38°N and 50°N; the dashed box on the left is the panel on the right")
	p.end()
}
