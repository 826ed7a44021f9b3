package clip

import (
	"reflect"
	"testing"
)

var unit = Box{Point{0, 0}, Point{1, 1}}

func TestPolyline(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []Point
		want [][]Point
	}{
		{"inside", []Point{{0.2, 0.2}, {0.5, 0.5}, {0.8, 0.2}}, [][]Point{{{0.2, 0.2}, {0.5, 0.5}, {0.8, 0.2}}}},
		{"across", []Point{{-1, 0.5}, {2, 0.5}}, [][]Point{{{0, 0.5}, {1, 0.5}}}},
		{"out and back", []Point{{0.5, 0.5}, {0.5, 2}, {0, 0}}, [][]Point{{{0.5, 0.5}, {0.5, 1}}, {{0.25, 1}, {0, 0}}}},
		{"outside", []Point{{2, 2}, {3, 3}}, nil},
		{"one point", []Point{{0.5, 0.5}}, nil},
	} {
		if got := Polyline(c.in, unit); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPolygon(t *testing.T) {
	// a square over the box's corner keeps the quarter inside
	got := Polygon([]Point{{0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}, {0.5, 1.5}}, unit)
	area := 0.0
	for i := range got {
		j := (i + 1) % len(got)
		area += got[i].X*got[j].Y - got[j].X*got[i].Y
	}
	if area/2 != 0.25 {
		t.Errorf("clipped %v: area %g, want 0.25", got, area/2)
	}
	if got := Polygon([]Point{{2, 2}, {3, 2}, {3, 3}}, unit); got != nil {
		t.Errorf("a ring outside: %v", got)
	}
}
