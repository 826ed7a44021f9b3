package report

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

func TestNumLabel(t *testing.T) {
	for _, c := range []struct {
		x    float64
		d    int
		want string
	}{
		{1234567, 0, "1,234,567"},
		{999.6, 0, "1,000"},
		{100, 0, "100"},
		{0.25, 2, "0.25"},
		{1234.5, 1, "1,234.5"},
		{-1500, 0, "−1,500"},
		{-1234567.891, 2, "−1,234,567.89"},
		{-0.001, 2, "0.00"}, // rounds to 0: no sign
		{0, 0, "0"},
	} {
		if got := numLabel(c.x, c.d); got != c.want {
			t.Errorf("numLabel(%g, %d) = %q, want %q", c.x, c.d, got, c.want)
		}
	}
}

// labels are the labelled ticks of t over [lo, hi].
func labels(t plot.Ticker, lo, hi float64) []string {
	var out []string
	for _, tk := range t.Ticks(lo, hi) {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

func TestNumTicks(t *testing.T) {
	for _, c := range []struct {
		ticks  numTicks
		lo, hi float64
		want   []string
	}{
		{numTicks{}, 0, 25000, []string{"0", "5,000", "10,000", "15,000", "20,000", "25,000"}},
		{numTicks{}, 3, 1234567, []string{"200,000", "400,000", "600,000", "800,000", "1,000,000", "1,200,000"}},
		{numTicks{}, 0, 2.5, []string{"0", "0.5", "1", "1.5", "2", "2.5"}},                   // not 1.0, 2.0
		{numTicks{}, 0, 0.06, []string{"0", "0.01", "0.02", "0.03", "0.04", "0.05", "0.06"}}, // not 0.030000000000000002
		{numTicks{}, -1000, 1000, []string{"−1,000", "−750", "−500", "−250", "0", "250", "500", "750", "1,000"}},
		{numTicks{Suffix: "%"}, 0, 10, []string{"0%", "2%", "4%", "6%", "8%", "10%"}},
		{numTicks{Prefix: "$"}, -2000, 2000, []string{"−$2,000", "−$1,500", "−$1,000", "−$500", "$0", "$500", "$1,000", "$1,500", "$2,000"}},
		// log: powers of ten over more than two and a half decades
		{numTicks{Prefix: "$", Log: true}, 50, 50000, []string{"$100", "$1,000", "$10,000"}},
		// 1, 2, 5 over one to two and a half
		{numTicks{Prefix: "$", Log: true}, 0.02, 3, []string{"$0.02", "$0.05", "$0.1", "$0.2", "$0.5", "$1", "$2"}},
		// 1, 2, 3, 5 within one
		{numTicks{Log: true}, 150, 600, []string{"200", "300", "500"}},
		// every other power of ten over more than six decades
		{numTicks{Log: true}, 300, 3e9, []string{"10,000", "1,000,000", "100,000,000"}},
		// too narrow for log ticks: linear ones
		{numTicks{Log: true}, 400, 450, []string{"400", "410", "420", "430", "440", "450"}},
	} {
		if got := labels(c.ticks, c.lo, c.hi); !slices.Equal(got, c.want) {
			t.Errorf("%+v over [%g, %g]: %q, want %q", c.ticks, c.lo, c.hi, got, c.want)
		}
	}
	// log ticks sit at m·10^k, the unlabelled ones too
	for _, tk := range (numTicks{Log: true}).Ticks(50, 50000) {
		m := tk.Value / math.Pow10(int(math.Floor(math.Log10(tk.Value)+1e-9)))
		if math.Abs(m-math.Round(m)) > 1e-9 {
			t.Errorf("log tick at %g is not m·10^k", tk.Value)
		}
	}
}

func TestPointLabel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"baseline[drivers.professionalization=0.2]", "professionalization = 0.2"},
		{"drivers.professionalization=0.2", "professionalization = 0.2"},
		{"baseline[group[*].professionalization=1]", "professionalization = 1"},
		{"group[*].professionalization=0.75", "professionalization = 0.75"},
		{"place[sosnovka].traits.inspection_rate=0.5", "sosnovka inspection_rate = 0.5"},
		{"baseline[params.interdiction.tip_rate=2]", "tip_rate = 2"},
		{"sary-tash-post", "sary-tash-post"}, // not a sweep's point
		{"baseline@3", "baseline@3"},
	} {
		if got := pointLabel(c.in); got != c.want {
			t.Errorf("pointLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// effect is an outcome's effect with a gain of mean [lo, hi] (in the
// better direction) and, if cost > 0, its cost per unit.
func effect(m experiment.Metric, cost, mean, lo, hi float64) experiment.Effect {
	e := experiment.Effect{Metric: m, Gain: experiment.Interval{N: 20, Mean: mean, Lo: lo, Hi: hi}}
	e.Clear = lo > 0 || hi < 0
	if c, ok := experiment.CostPerUnit(cost, e.Gain, 1); ok {
		e.CostPerUnit = &c
	}
	e.Dominant = lo > 0 && cost <= 0
	return e
}

// TestCostPanels: a panel per outcome with a clear gain at a cost, its rows
// only the alternatives with such a gain, in the table's order, on a log
// axis, each dot at the cost per unit with whiskers at its interval; the
// others named for the caption.
func TestCostPanels(t *testing.T) {
	h, s := experiment.HeroinDelivered, experiment.PrecursorSeized
	alts := []experiment.Alternative{
		{Name: "cheap", ExtraCostUSD: 1e5, Effects: []experiment.Effect{effect(h, 1e5, 400, 200, 600), effect(s, 1e5, 5, -1, 11)}},
		{Name: "dear", ExtraCostUSD: 5e6, Effects: []experiment.Effect{effect(h, 5e6, 100, 10, 190), effect(s, 5e6, 3, -2, 8)}},
		{Name: "unclear", ExtraCostUSD: 2e5, Effects: []experiment.Effect{effect(h, 2e5, 50, -30, 130), effect(s, 2e5, 1, -1, 3)}},
		{Name: "free", Effects: []experiment.Effect{effect(h, 0, 80, 20, 140), effect(s, 0, 0, -1, 1)}},
		{Name: "worse", ExtraCostUSD: 3e5, Effects: []experiment.Effect{effect(h, 3e5, -90, -150, -30), effect(s, 3e5, 0, -1, 1)}},
	}
	panels, err := costPanels(alts)
	if err != nil {
		t.Fatal(err)
	}
	if len(panels) != 1 || panels[0].metric != h {
		t.Fatalf("%d panels, want one, of %s (no clear gain in %s)", len(panels), h, s)
	}
	cp := panels[0]
	if !slices.Equal(cp.rows, []string{"cheap", "dear"}) || !slices.Equal(cp.unclear, []string{"unclear"}) ||
		!slices.Equal(cp.free, []string{"free"}) || !slices.Equal(cp.worse, []string{"worse"}) {
		t.Errorf("rows %q, unclear %q, free %q, worse %q", cp.rows, cp.unclear, cp.free, cp.worse)
	}
	if _, ok := cp.plot.X.Scale.(plot.LogScale); !ok {
		t.Errorf("x scale %T, want plot.LogScale", cp.plot.X.Scale)
	}
	if tk, ok := cp.plot.X.Tick.Marker.(numTicks); !ok || !tk.Log || tk.Prefix != "$" {
		t.Errorf("x ticks %#v, want numTicks{Prefix: \"$\", Log: true}", cp.plot.X.Tick.Marker)
	}
	if !strings.Contains(cp.plot.X.Label.Text, "USD per kg of heroin") || !strings.Contains(cp.plot.X.Label.Text, "log scale") {
		t.Errorf("x axis %q does not give the unit and the scale", cp.plot.X.Label.Text)
	}
	eb := cp.whiskers
	if eb.Len() != len(cp.rows) {
		t.Fatalf("%d whiskers for %d rows", eb.Len(), len(cp.rows))
	}
	for i, name := range cp.rows {
		e, _ := alts[slices.IndexFunc(alts, func(a experiment.Alternative) bool { return a.Name == name })].Effect(h)
		want := *e.CostPerUnit
		j := len(cp.rows) - 1 - i // the first row on top
		x, y := eb.XY(j)
		low, high := eb.XError(j)
		if y != float64(j) || !near(x, want.Mean) || !near(x-low, want.Lo) || !near(x+high, want.Hi) {
			t.Errorf("%s: dot %g and whiskers %g to %g at y %g, want %g (%g to %g) at %d", name, x, x-low, x+high, y, want.Mean, want.Lo, want.Hi, j)
		}
		if !(cp.plot.X.Min > 0 && cp.plot.X.Min <= want.Lo && cp.plot.X.Max >= want.Hi) {
			t.Errorf("%s: axis %g to %g cuts its interval %g to %g", name, cp.plot.X.Min, cp.plot.X.Max, want.Lo, want.Hi)
		}
	}
	// cheap: 1e5 / 400 = $250, interval 1e5/600 to 1e5/200
	if c := cp.cost[0]; !near(c.Mean, 250) || !near(c.Lo, 1e5/600.0) || !near(c.Hi, 500) {
		t.Errorf("cheap costs %+v, want 250 (166.67 to 500)", c)
	}

	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, ok, err := costFigure(dir, alts, h)
	if err != nil || !ok {
		t.Fatalf("costFigure: %v, %v", ok, err)
	}
	for _, want := range []string{"unclear (no clear effect)", "worse (clearly worse)", "free (a clear gain at no extra cost)", "Fieller", "acetic anhydride seized"} {
		if !strings.Contains(f.Caption, want) {
			t.Errorf("caption lacks %q: %s", want, f.Caption)
		}
	}
	if w := pngWidth(t, filepath.Join(dir, f.PNG)); w != 1340 {
		t.Errorf("%s is %d px wide, want the page's 1,340", f.PNG, w)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func pngWidth(t *testing.T, path string) int {
	t.Helper()
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cfg, err := png.DecodeConfig(r)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width
}

// TestLegendBesideData draws charts with legends (a dot plot whose markers
// reach the right edge, and a CI band) and checks that the legend's box
// and every legend text drawn lie outside the data area.
func TestLegendBesideData(t *testing.T) {
	series := []string{"baseline", "sary-tash-post", "a rather long alternative name"}
	d, err := dots("dots", "kg", []string{"KZ", "KG", "TJ"}, series, [][]float64{{100, 50, 10}, {90, 60, 20}, {120, 40, 15}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := band("band", "x", "kg", []float64{0, 0.5, 1}, []float64{10, 20, 30}, []float64{5, 15, 25}, []float64{15, 25, 35})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		p       *plot.Plot
		entries []string
	}{{d, series}, {b, []string{"mean", "95% CI"}}} {
		rec := &recorder.Canvas{}
		data, legend := render(c.p, draw.NewCanvas(rec, chartWidth, heightFor(3)))
		if legend.Size().X == 0 {
			t.Fatalf("%s: no legend drawn", c.p.Title.Text)
		}
		if overlap(data, legend) {
			t.Errorf("%s: the legend %v overlaps the data area %v", c.p.Title.Text, legend, data)
		}
		found := 0
		for _, a := range rec.Actions {
			fs, ok := a.(*recorder.FillString)
			if !ok || !slices.Contains(c.entries, fs.String) {
				continue
			}
			found++
			if fs.Point.X < data.Max.X && fs.Point.X >= data.Min.X && fs.Point.Y >= data.Min.Y && fs.Point.Y <= data.Max.Y {
				t.Errorf("%s: legend text %q drawn at %v, inside the data area %v", c.p.Title.Text, fs.String, fs.Point, data)
			}
		}
		if found != len(c.entries) {
			t.Errorf("%s: %d legend texts drawn, want %d", c.p.Title.Text, found, len(c.entries))
		}
		if data.Max.X > chartWidth || data.Size().X < chartWidth/2 {
			t.Errorf("%s: data area %v for a chart %v wide", c.p.Title.Text, data, chartWidth)
		}
	}
}

func overlap(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// TestChartLabels: a sweep's points are named by their setting, a
// design's by every key's value, other scenarios by their names.
func TestChartLabels(t *testing.T) {
	for _, c := range []struct {
		name      string
		m         results.Manifest
		scenarios []experiment.ScenarioSummary
		want      []string
	}{
		{"compare", results.Manifest{Kind: "compare"},
			[]experiment.ScenarioSummary{{Name: "baseline"}, {Name: "sary-tash-post"}},
			[]string{"baseline", "sary-tash-post"}},
		{"sweep", results.Manifest{Kind: "sweep"},
			[]experiment.ScenarioSummary{{Name: "baseline[drivers.professionalization=0]", Override: "drivers.professionalization=0"},
				{Name: "baseline[drivers.professionalization=0.25]", Override: "drivers.professionalization=0.25"}},
			[]string{"professionalization = 0", "professionalization = 0.25"}},
		{"design", results.Manifest{Kind: "sweep", Scenarios: []results.Scenario{
			{Name: "baseline@1", Params: []results.ParamValue{{Key: "drivers.professionalization", Value: 0.5}, {Key: "params.interdiction.tip_rate", Value: 2}}}}},
			[]experiment.ScenarioSummary{{Name: "baseline@1"}},
			[]string{"professionalization = 0.5, tip_rate = 2"}},
	} {
		sum := &experiment.Summary{Scenarios: c.scenarios}
		names := make([]string, len(c.scenarios))
		for i, s := range c.scenarios {
			names[i] = s.Name
		}
		if got := chartLabels(c.m, sum, names); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
