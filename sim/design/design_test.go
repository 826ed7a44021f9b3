package design

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"hourglass/sim"
)

func TestFactorial(t *testing.T) {
	tests := []struct {
		name   string
		vars   []Var
		points int
		first  Point
		last   Point
		second Point // the first var varies slowest
	}{
		{"one var", []Var{{"a", 0, 1, 3}}, 3, Point{0}, Point{1}, Point{0.5}},
		{"two vars", []Var{{"a", 0, 1, 2}, {"b", 10, 20, 3}}, 6, Point{0, 10}, Point{1, 20}, Point{0, 15}},
		{"descending", []Var{{"a", 1, 0, 5}}, 5, Point{1}, Point{0}, Point{0.75}},
		{"awkward ends", []Var{{"a", 0.1, 0.7, 7}}, 7, Point{0.1}, Point{0.7}, Point{0.1 + 0.6/6}},
		{"three vars", []Var{{"a", 0, 1, 2}, {"b", 0, 1, 2}, {"c", 0, 1, 4}}, 16, Point{0, 0, 0}, Point{1, 1, 1}, Point{0, 0, 1.0 / 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Factorial(tt.vars)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Points) != tt.points {
				t.Fatalf("%d points, want %d", len(d.Points), tt.points)
			}
			if !reflect.DeepEqual(d.Points[0], tt.first) || !reflect.DeepEqual(d.Points[len(d.Points)-1], tt.last) || !reflect.DeepEqual(d.Points[1], tt.second) {
				t.Errorf("points %v … %v, want %v, %v … %v", d.Points[0], d.Points[len(d.Points)-1], tt.first, tt.second, tt.last)
			}
			seen := map[string]bool{}
			for _, p := range d.Points {
				if seen[fmt.Sprint(p)] {
					t.Errorf("point %v twice", p)
				}
				seen[fmt.Sprint(p)] = true
			}
		})
	}
}

func TestFactorialErrors(t *testing.T) {
	tests := []struct {
		name string
		vars []Var
		want string
	}{
		{"none", nil, "design: no variables"},
		{"one step", []Var{{"a", 0, 1, 1}}, "design: a: 1 steps (want at least 2)"},
		{"duplicate", []Var{{"a", 0, 1, 2}, {"a", 0, 1, 2}}, "design: a is varied twice"},
		{"no key", []Var{{"", 0, 1, 2}}, "design: a variable has no key"},
		{"infinite", []Var{{"a", 0, math.Inf(1), 2}}, "design: a: range 0 to +Inf is not finite"},
		{"too many", []Var{{"a", 0, 1, 100}, {"b", 0, 1, 100}, {"c", 0, 1, 100}}, "design: the full factorial has 100×100×100 = 1000000 points (at most 100000)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Factorial(tt.vars)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLatinHypercube(t *testing.T) {
	vars := []Var{{Key: "a", Low: 0, High: 1}, {Key: "b", Low: -5, High: 5}, {Key: "c", Low: 2, High: 1}}
	for _, n := range []int{1, 2, 7, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			d, err := LatinHypercube(vars, n, sim.NewRNG(3, 0, sim.StreamDesign, 0))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Points) != n {
				t.Fatalf("%d points", len(d.Points))
			}
			for j, v := range vars {
				// exactly one point in each of the n strata of every var
				count := make([]int, n)
				for _, p := range d.Points {
					s := int(math.Floor((p[j] - v.Low) / (v.High - v.Low) * float64(n)))
					if s < 0 || s >= n {
						t.Fatalf("%s = %g outside %g..%g", v.Key, p[j], v.Low, v.High)
					}
					count[s]++
				}
				for s, c := range count {
					if c != 1 {
						t.Errorf("%s: %d points in stratum %d, want 1", v.Key, c, s)
					}
				}
			}
			again, _ := LatinHypercube(vars, n, sim.NewRNG(3, 0, sim.StreamDesign, 0))
			if !reflect.DeepEqual(d, again) {
				t.Error("the same seed gave a different design")
			}
			if n > 2 {
				other, _ := LatinHypercube(vars, n, sim.NewRNG(4, 0, sim.StreamDesign, 0))
				if reflect.DeepEqual(d.Points, other.Points) {
					t.Error("another seed gave the same design")
				}
			}
		})
	}
	for _, tt := range []struct {
		n    int
		vars []Var
		want string
	}{
		{0, vars, "design: Latin hypercube of 0 points (want 1 to 100000)"},
		{100001, vars, "design: Latin hypercube of 100001 points (want 1 to 100000)"},
		{5, nil, "design: no variables"},
	} {
		_, err := LatinHypercube(tt.vars, tt.n, sim.NewRNG(1, 0, sim.StreamDesign, 0))
		if err == nil || err.Error() != tt.want {
			t.Errorf("n=%d: error %v, want %q", tt.n, err, tt.want)
		}
	}
}

func TestReadCSV(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("# a comment\na, b\n1,2\n 3 ,-4.5e1\n"), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := Design{Vars: []Var{{Key: "a", Low: 1, High: 3}, {Key: "b", Low: -45, High: 2}}, Points: []Point{{1, 2}, {3, -45}}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("got %+v, want %+v", d, want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "p.csv: empty design (want a header of keys and a row per point)"},
		{"header only", "a,b\n", "p.csv: no points (want a row of values after the header)"},
		{"duplicate key", "a,a\n1,2\n", "p.csv:1: column a: duplicate key"},
		{"empty key", "a,,b\n1,2,3\n", "p.csv:1: column 2: empty key"},
		{"all problems at once", "a,b\n1,x\nNaN,2\n3\n4,+Inf\n",
			"p.csv:2: column b: \"x\" is not a number\n" +
				"p.csv:3: column a: \"NaN\" is not a finite number\n" +
				"p.csv:4: 1 values for 2 keys\n" +
				"p.csv:5: column b: \"+Inf\" is not a finite number"},
		{"bad quote", "a\n\"1\n", "p.csv:2: extraneous or missing \" in quoted-field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in), "p.csv")
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a\n", "", "a,a\n1,1\n", "x\nNaN\n", "a,b\n1\n\"", "#c\nk\n1e308\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ReadCSV(strings.NewReader(in), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if len(d.Points) == 0 || len(d.Vars) == 0 {
			t.Fatalf("accepted an empty design: %+v", d)
		}
		seen := map[string]bool{}
		for _, v := range d.Vars {
			if v.Key == "" || seen[v.Key] {
				t.Errorf("accepted key %q", v.Key)
			}
			seen[v.Key] = true
		}
		for _, p := range d.Points {
			if len(p) != len(d.Vars) {
				t.Fatalf("point %v for %d vars", p, len(d.Vars))
			}
			for j, x := range p {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < d.Vars[j].Low || x > d.Vars[j].High {
					t.Errorf("value %g of %s outside %g..%g", x, d.Vars[j].Key, d.Vars[j].Low, d.Vars[j].High)
				}
			}
		}
	})
}
