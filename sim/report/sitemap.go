package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
)

// Site is a place on a siting map with what a candidate there is worth:
// a new post's gain alone in the objective (larger is better), with its
// confidence interval.
type Site struct {
	Place        int // index in World.Places
	Gain, Lo, Hi float64
	Best         bool // the site of largest gain: ringed
}

// The siting map's colours: a clear gain (its interval above 0), a gain
// whose interval includes 0, and a clear loss.
var (
	siteClear   = withAlpha(green, 0xb0)
	siteUnclear = withAlpha(faintColour, 0x80)
	siteLoss    = withAlpha(vermillion, 0xb0)
)

// drawSites draws the sites of d on panel pn: a dot of area proportional
// to each positive gain (the largest 11.5 pt in radius), a small dot for a
// gain of 0 or less, and a ring around the best.
func drawSites(p painter, d MapData, pn *panel, pts []vg.Point) {
	most := 0.0
	for _, s := range d.Sites {
		most = math.Max(most, s.Gain)
	}
	for _, s := range d.Sites {
		if s.Place < 0 || s.Place >= len(pts) || !pn.inside(pts[s.Place]) {
			continue
		}
		r := vg.Length(2.5)
		if s.Gain > 0 && most > 0 {
			r += vg.Length(9 * math.Sqrt(s.Gain/most))
		}
		if s.Best {
			p.marker(ringMarker, pts[s.Place], r+2.5, black, "best-site")
		}
		p.marker(dotMarker, pts[s.Place], r, siteFill(s), "site")
	}
}

// siteFill is a site's colour: green for a clear gain, vermillion for a
// clear loss, grey otherwise.
func siteFill(s Site) color.Color {
	switch {
	case s.Lo > 0:
		return siteClear
	case s.Hi < 0:
		return siteLoss
	}
	return siteUnclear
}

// siteLegend draws the legend's site glyphs with the map legend's glyph.
func siteLegend(glyph func(m markerShape, r vg.Length, fill color.Color, name string)) {
	glyph(dotMarker, 6, siteClear, "a new post's gain alone (area ~ gain; 95% CI above 0)")
	glyph(dotMarker, 6, siteUnclear, "CI includes 0")
	glyph(ringMarker, 6, black, "the best site")
}
