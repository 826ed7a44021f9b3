// Package clip cuts lines and polygons to an axis-aligned box: the route
// maps clip the geography to each panel, and scripts/clipgeo.go clips
// Natural Earth to the region.
package clip

import "math"

// Point is a point of the plane.
type Point struct{ X, Y float64 }

// Box is the closed box from Min to Max.
type Box struct{ Min, Max Point }

// Contains reports whether p is in the box.
func (b Box) Contains(p Point) bool {
	return p.X >= b.Min.X && p.X <= b.Max.X && p.Y >= b.Min.Y && p.Y <= b.Max.Y
}

// Polyline cuts a polyline to the box (Liang–Barsky on each segment),
// joining the pieces that stay connected.
func Polyline(pts []Point, b Box) [][]Point {
	var parts [][]Point
	var cur []Point
	for i := 0; i+1 < len(pts); i++ {
		p, q, ok := Segment(pts[i], pts[i+1], b)
		if !ok {
			if len(cur) > 1 {
				parts = append(parts, cur)
			}
			cur = nil
			continue
		}
		if len(cur) > 0 && cur[len(cur)-1] == p {
			cur = append(cur, q)
			continue
		}
		if len(cur) > 1 {
			parts = append(parts, cur)
		}
		cur = []Point{p, q}
	}
	if len(cur) > 1 {
		parts = append(parts, cur)
	}
	return parts
}

// Segment clips the segment pq to the box (Liang–Barsky): with
// d = q - p, the part p + t d for t0 <= t <= t1, where each edge bounds t
// by (distance to the edge) / (d across it). ok is false when no part of
// it is inside.
func Segment(p, q Point, b Box) (Point, Point, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := q.X-p.X, q.Y-p.Y
	for _, e := range [4][2]float64{{-dx, p.X - b.Min.X}, {dx, b.Max.X - p.X}, {-dy, p.Y - b.Min.Y}, {dy, b.Max.Y - p.Y}} {
		den, num := e[0], e[1]
		if den == 0 {
			if num < 0 {
				return p, q, false
			}
			continue
		}
		if t := num / den; den < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
	}
	if t0 > t1 {
		return p, q, false
	}
	at := func(t float64) Point {
		switch t {
		case 0:
			return p
		case 1:
			return q
		}
		return Point{p.X + dx*t, p.Y + dy*t}
	}
	return at(t0), at(t1), true
}

// Polygon clips a ring to the box (Sutherland–Hodgman); the result may run
// along the box's edges where the ring left it. It is nil when nothing of
// the ring is inside.
func Polygon(ring []Point, b Box) []Point {
	atX := func(p, q Point, x float64) Point { return Point{x, p.Y + (q.Y-p.Y)*(x-p.X)/(q.X-p.X)} }
	atY := func(p, q Point, y float64) Point { return Point{p.X + (q.X-p.X)*(y-p.Y)/(q.Y-p.Y), y} }
	edges := []struct {
		in  func(Point) bool
		cut func(p, q Point) Point
	}{
		{func(p Point) bool { return p.X >= b.Min.X }, func(p, q Point) Point { return atX(p, q, b.Min.X) }},
		{func(p Point) bool { return p.X <= b.Max.X }, func(p, q Point) Point { return atX(p, q, b.Max.X) }},
		{func(p Point) bool { return p.Y >= b.Min.Y }, func(p, q Point) Point { return atY(p, q, b.Min.Y) }},
		{func(p Point) bool { return p.Y <= b.Max.Y }, func(p, q Point) Point { return atY(p, q, b.Max.Y) }},
	}
	out := ring
	for _, e := range edges {
		in := out
		out = nil
		for i := range in {
			cur, prev := in[i], in[(i+len(in)-1)%len(in)]
			switch {
			case e.in(cur) && e.in(prev):
				out = append(out, cur)
			case e.in(cur):
				out = append(out, e.cut(prev, cur), cur)
			case e.in(prev):
				out = append(out, e.cut(prev, cur))
			}
		}
		if len(out) == 0 {
			return nil
		}
	}
	return out
}
