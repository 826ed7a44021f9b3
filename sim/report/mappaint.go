package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A painter draws the route map twice: as SVG with classes and data
// attributes (what the report's viewer and the browser test read) and onto
// a gonum canvas for the PNG. Coordinates are points with the origin at the
// bottom left, as on a gonum canvas.
type painter interface {
	// group opens a group of elements with a class and data attributes
	// (name, value pairs); end closes it.
	group(class string, attrs ...string)
	end()
	polyline(sty draw.LineStyle, pts []vg.Point, class string, attrs ...string)
	polygon(fill color.Color, rings [][]vg.Point, class string)
	rect(fill, stroke color.Color, min, max vg.Point, class string)
	marker(m markerShape, at vg.Point, radius vg.Length, fill color.Color, class string)
	// text draws s with its baseline starting at at.
	text(face font.Face, col color.Color, at vg.Point, s string, class string)
	// title gives the group just opened a tooltip (SVG only).
	title(s string)
}

type markerShape uint8

const (
	dotMarker markerShape = iota
	ringMarker
	boxMarker
	triangleMarker
)

// svgPainter writes an SVG whose user unit is the point.
type svgPainter struct {
	b      bytes.Buffer
	height vg.Length
}

func newSVGPainter(w, h vg.Length, title string) *svgPainter {
	p := &svgPainter{height: h}
	// width and height in CSS pixels (96 per inch), as the PNG at 96 dpi
	fmt.Fprintf(&p.b, `<svg xmlns="http://www.w3.org/2000/svg" class="routemap" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s" style="max-width: 100%%; height: auto;" font-family="Liberation Sans, Arial, Helvetica, sans-serif">`+"\n<title>%s</title>\n",
		svgNum(w), svgNum(h), svgNum(w*4/3), svgNum(h*4/3), esc(title), esc(title))
	return p
}

func (p *svgPainter) bytes() []byte {
	p.b.WriteString("</svg>\n")
	return p.b.Bytes()
}

func svgNum(x vg.Length) string {
	s := fmt.Sprintf("%.1f", float64(x))
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func svgColor(c color.Color) (string, string) {
	if c == nil {
		return "none", "1"
	}
	r, g, b, a := c.RGBA()
	if a == 0 {
		return "none", "1"
	}
	// un-premultiply
	r, g, b = r*0xffff/a, g*0xffff/a, b*0xffff/a
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8), fmt.Sprintf("%.2g", float64(a)/0xffff)
}

func (p *svgPainter) attrs(class string, attrs []string) {
	if class != "" {
		fmt.Fprintf(&p.b, ` class="%s"`, esc(class))
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&p.b, ` %s="%s"`, attrs[i], esc(attrs[i+1]))
	}
}

func (p *svgPainter) xy(pt vg.Point) string {
	return svgNum(pt.X) + "," + svgNum(p.height-pt.Y)
}

func (p *svgPainter) group(class string, attrs ...string) {
	p.b.WriteString("<g")
	p.attrs(class, attrs)
	p.b.WriteString(">\n")
}

func (p *svgPainter) end() { p.b.WriteString("</g>\n") }

func (p *svgPainter) path(pts []vg.Point, closed bool) string {
	var d strings.Builder
	for i, pt := range pts {
		if i == 0 {
			d.WriteString("M")
		} else {
			d.WriteString("L")
		}
		d.WriteString(p.xy(pt))
	}
	if closed {
		d.WriteString("Z")
	}
	return d.String()
}

func (p *svgPainter) polyline(sty draw.LineStyle, pts []vg.Point, class string, attrs ...string) {
	if len(pts) < 2 {
		return
	}
	col, op := svgColor(sty.Color)
	fmt.Fprintf(&p.b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s"`, p.path(pts, false), col, svgNum(sty.Width))
	if op != "1" {
		fmt.Fprintf(&p.b, ` stroke-opacity="%s"`, op)
	}
	if len(sty.Dashes) > 0 {
		var ds []string
		for _, d := range sty.Dashes {
			ds = append(ds, svgNum(d))
		}
		fmt.Fprintf(&p.b, ` stroke-dasharray="%s"`, strings.Join(ds, " "))
	}
	p.b.WriteString(` stroke-linejoin="round"`)
	p.attrs(class, attrs)
	p.b.WriteString("/>\n")
}

func (p *svgPainter) polygon(fill color.Color, rings [][]vg.Point, class string) {
	var d strings.Builder
	for _, r := range rings {
		if len(r) >= 3 {
			d.WriteString(p.path(r, true))
		}
	}
	if d.Len() == 0 {
		return
	}
	col, op := svgColor(fill)
	fmt.Fprintf(&p.b, `<path d="%s" fill="%s" fill-rule="evenodd"`, d.String(), col)
	if op != "1" {
		fmt.Fprintf(&p.b, ` fill-opacity="%s"`, op)
	}
	p.attrs(class, nil)
	p.b.WriteString("/>\n")
}

func (p *svgPainter) rect(fill, stroke color.Color, min, max vg.Point, class string) {
	col, op := svgColor(fill)
	fmt.Fprintf(&p.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" fill-opacity="%s"`,
		svgNum(min.X), svgNum(p.height-max.Y), svgNum(max.X-min.X), svgNum(max.Y-min.Y), col, op)
	if stroke != nil {
		s, _ := svgColor(stroke)
		fmt.Fprintf(&p.b, ` stroke="%s" stroke-width="0.6"`, s)
	}
	p.attrs(class, nil)
	p.b.WriteString("/>\n")
}

func (p *svgPainter) marker(m markerShape, at vg.Point, r vg.Length, fill color.Color, class string) {
	col, op := svgColor(fill)
	switch m {
	case ringMarker:
		fmt.Fprintf(&p.b, `<circle cx="%s" cy="%s" r="%s" fill="white" stroke="%s" stroke-width="1.2"`, svgNum(at.X), svgNum(p.height-at.Y), svgNum(r), col)
	case boxMarker:
		fmt.Fprintf(&p.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"`, svgNum(at.X-r), svgNum(p.height-at.Y-r), svgNum(2*r), svgNum(2*r), col)
	case triangleMarker:
		fmt.Fprintf(&p.b, `<path d="%s" fill="%s"`, p.path(triangle(at, r), true), col)
	default:
		fmt.Fprintf(&p.b, `<circle cx="%s" cy="%s" r="%s" fill="%s"`, svgNum(at.X), svgNum(p.height-at.Y), svgNum(r), col)
	}
	if op != "1" {
		fmt.Fprintf(&p.b, ` fill-opacity="%s"`, op)
	}
	p.attrs(class, nil)
	p.b.WriteString("/>\n")
}

func triangle(at vg.Point, r vg.Length) []vg.Point {
	return []vg.Point{{X: at.X - r, Y: at.Y - r*0.8}, {X: at.X + r, Y: at.Y - r*0.8}, {X: at.X, Y: at.Y + r}}
}

func (p *svgPainter) text(face font.Face, col color.Color, at vg.Point, s string, class string) {
	c, _ := svgColor(col)
	fmt.Fprintf(&p.b, `<text x="%s" y="%s" font-size="%s" fill="%s"`, svgNum(at.X), svgNum(p.height-at.Y), svgNum(face.Font.Size), c)
	if face.Font.Weight >= 600 {
		p.b.WriteString(` font-weight="bold"`)
	}
	p.attrs(class, nil)
	fmt.Fprintf(&p.b, ">%s</text>\n", esc(s))
}

func (p *svgPainter) title(s string) { fmt.Fprintf(&p.b, "<title>%s</title>\n", esc(s)) }

// vgPainter draws onto a gonum canvas (for the PNG); it has no groups.
type vgPainter struct{ c draw.Canvas }

func (vgPainter) group(string, ...string) {}
func (vgPainter) end()                    {}
func (vgPainter) title(string)            {}

func (p vgPainter) polyline(sty draw.LineStyle, pts []vg.Point, _ string, _ ...string) {
	if len(pts) >= 2 {
		p.c.StrokeLines(sty, pts)
	}
}

func (p vgPainter) polygon(fill color.Color, rings [][]vg.Point, _ string) {
	// even-odd holes are rare in the clipped data (lakes are drawn over
	// the countries); fill each ring
	for _, r := range rings {
		if len(r) >= 3 {
			p.c.FillPolygon(fill, r)
		}
	}
}

func (p vgPainter) rect(fill, stroke color.Color, min, max vg.Point, _ string) {
	box := []vg.Point{min, {X: max.X, Y: min.Y}, max, {X: min.X, Y: max.Y}}
	if fill != nil {
		p.c.FillPolygon(fill, box)
	}
	if stroke != nil {
		p.c.StrokeLines(draw.LineStyle{Color: stroke, Width: 0.6}, append(box, min))
	}
}

func (p vgPainter) marker(m markerShape, at vg.Point, r vg.Length, fill color.Color, _ string) {
	switch m {
	case ringMarker:
		p.c.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: r, Shape: draw.CircleGlyph{}}, at)
		p.c.DrawGlyph(draw.GlyphStyle{Color: fill, Radius: r, Shape: draw.RingGlyph{}}, at)
	case boxMarker:
		p.c.DrawGlyph(draw.GlyphStyle{Color: fill, Radius: r, Shape: draw.BoxGlyph{}}, at)
	case triangleMarker:
		p.c.FillPolygon(fill, triangle(at, r))
	default:
		p.c.DrawGlyph(draw.GlyphStyle{Color: fill, Radius: r, Shape: draw.CircleGlyph{}}, at)
	}
}

func (p vgPainter) text(face font.Face, col color.Color, at vg.Point, s string, _ string) {
	p.c.SetColor(col)
	p.c.FillString(face, at, s)
}
