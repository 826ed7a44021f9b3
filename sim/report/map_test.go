package report

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// kmToSegment is the distance from p to the segment ab, on a local
// equirectangular plane (fine over a few km).
func kmToSegment(p, a, b LonLat) float64 {
	k := math.Cos(rad(p.Lat))
	xy := func(q LonLat) (float64, float64) { return (q.Lon - p.Lon) * k * 111.2, (q.Lat - p.Lat) * 111.2 }
	ax, ay := xy(a)
	bx, by := xy(b)
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

func nearestBorderKm(r *Region, p LonLat, a, b string) float64 {
	best := math.Inf(1)
	for _, bd := range r.Borders {
		if bd.A != a || bd.B != b {
			continue
		}
		for i := 0; i+1 < len(bd.Line); i++ {
			best = math.Min(best, kmToSegment(p, bd.Line[i], bd.Line[i+1]))
		}
	}
	return best
}

// inside is the even-odd rule.
func inside(ring []LonLat, p LonLat) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) && p.Lon < a.Lon+(b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat) {
			in = !in
		}
	}
	return in
}

// TestRegionHasThePanj checks the embedded geography: the Tajik–Afghan
// border runs along the Panj (within 20 km of points on the river and of
// the network's Panj places), and Lakes Balkhash and Issyk-Kul are there.
func TestRegionHasThePanj(t *testing.T) {
	r, err := LoadRegion()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		name string
		at   LonLat
	}{
		{"the Panj at 37.2N 68.9E", LonLat{68.9, 37.2}},
		{"nizhny-panj", LonLat{68.8, 37.1}},
		{"moscovsky", LonLat{69.7, 37.6}},
		{"darvaz", LonLat{70.8, 38.5}},
		{"khorog-bridge", LonLat{71.5, 37.5}},
	} {
		if km := nearestBorderKm(r, p.at, "AF", "TJ"); km > 20 {
			t.Errorf("%s: the nearest stretch of the AF–TJ border is %.0f km away, want under 20", p.name, km)
		}
	}
	if km := nearestBorderKm(r, LonLat{68.9, 37.2}, "KG", "TJ"); km < 100 {
		t.Errorf("a Kyrgyz–Tajik border %.0f km from the Panj", km)
	}
	for _, l := range []struct {
		name string
		at   LonLat
	}{{"Balkhash", LonLat{75.0, 46.55}}, {"Issyk-Kul", LonLat{77.3, 42.45}}} {
		found := false
		for _, poly := range r.Lakes {
			found = found || (len(poly) > 0 && inside(poly[0], l.at))
		}
		if !found {
			t.Errorf("no lake polygon holds %s (%v)", l.name, l.at)
		}
	}
	for _, c := range []string{"AF", "TJ", "KG", "KZ", "UZ", "TM", "CN", "RU"} {
		n := 0
		for _, x := range r.Countries {
			if x.ID == c {
				n++
			}
		}
		if n == 0 {
			t.Errorf("country %s missing", c)
		}
	}
}

func TestParseRegionRejectsBadData(t *testing.T) {
	for _, bad := range []string{``, `{`, `{"borders":[{"a":"AF","b":"TJ","line":[6890]}]}`, `{"lakes":[[[1,2,3]]]}`} {
		if _, err := parseRegion([]byte(bad)); err == nil {
			t.Errorf("parseRegion(%q): no error", bad)
		}
	}
}

func toyWorld() *sim.World {
	w := &sim.World{Places: []sim.Place{
		{ID: "dushanbe", Lat: 38.56, Lon: 68.77, Roles: sim.Stash},
		{ID: "khudjand", Lat: 40.28, Lon: 69.62, Roles: sim.Stash},
		{ID: "termez", Lat: 37.23, Lon: 67.28, Roles: sim.Crossing},
		{ID: "turkmenabat", Lat: 39.08, Lon: 63.58},
		{ID: "almaty", Lat: 43.25, Lon: 76.9, Roles: sim.Market},
		{ID: "astana", Lat: 51.17, Lon: 71.43},
		{ID: "russia", Lat: 51.5, Lon: 58.5, Roles: sim.Exit},
	}}
	for i := 0; i+1 < len(w.Places); i++ {
		w.Segments = append(w.Segments, sim.Segment{From: i, To: i + 1, Modes: sim.ModeSet(0).With(sim.Truck)})
	}
	return w
}

// TestScaleBarMatchesProjection measures known distances between places
// on each panel with the panel's own scale bar.
func TestScaleBarMatchesProjection(t *testing.T) {
	w := toyWorld()
	panels := mapPanels(w)
	for _, c := range []struct {
		panel int
		a, b  int
	}{{1, 0, 1}, {1, 0, 2}, {0, 2, 3}, {0, 0, 2}} {
		pn := panels[c.panel]
		km, length, _, _ := scaleBar(pn)
		if km <= 0 || length <= 20 || length > 130 {
			t.Fatalf("%s: scale bar %g km over %v", pn.name, km, length)
		}
		pa, pb := w.Places[c.a], w.Places[c.b]
		a, b := pn.at(LonLat{pa.Lon, pa.Lat}), pn.at(LonLat{pb.Lon, pb.Lat})
		onMap := math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) * km / float64(length)
		truth := GreatCircleKm(LonLat{pa.Lon, pa.Lat}, LonLat{pb.Lon, pb.Lat})
		if math.Abs(onMap/truth-1) > 0.03 {
			t.Errorf("%s: %s–%s measures %.0f km with the scale bar, %.0f km on the ground", pn.name, pa.ID, pb.ID, onMap, truth)
		}
	}
	// the projection itself: conformal, scale 1 on the standard parallels
	for _, lat := range []float64{38, 50} {
		if k := projection.Scale(lat); math.Abs(k-1) > 1e-9 {
			t.Errorf("scale at standard parallel %g: %g", lat, k)
		}
	}
	x, y := projection.Project(LonLat{71, 42.5})
	if lat := projection.LatAt(x, y); math.Abs(lat-42.5) > 1e-9 {
		t.Errorf("inverse latitude %g, want 42.5", lat)
	}
}

func baselineWorld(t *testing.T) *sim.World {
	t.Helper()
	sc, err := scenario.Load(scenarios.FS, "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc.World
}

// TestFerghanaLabelsDoNotOverlap draws the baseline network with a seizure
// at every place (the longest labels) and checks no two labels of a panel
// overlap, and that the enlarged panel labels every place in it.
func TestFerghanaLabelsDoNotOverlap(t *testing.T) {
	w := baselineWorld(t)
	d := MapData{World: w, Kind: OpiateFlows, Title: "labels", Flow: make([]float64, len(w.Segments)), Seized: make([]float64, len(w.Places))}
	for i := range d.Flow {
		d.Flow[i] = float64(100 * (i + 1))
	}
	for i := range d.Seized {
		d.Seized[i] = float64(1234 * (i + 1))
	}
	res, err := Map(d)
	if err != nil {
		t.Fatal(err)
	}
	perPanel := map[string]int{}
	for i, a := range res.Labels {
		perPanel[a.Panel]++
		for _, b := range res.Labels[i+1:] {
			if a.Panel == b.Panel && a.overlaps(b) {
				t.Errorf("%s panel: labels overlap: %q and %q", a.Panel, a.Text, b.Text)
			}
		}
	}
	if perPanel["ferghana"] < 30 {
		t.Errorf("only %d labels on the enlarged panel", perPanel["ferghana"])
	}
	for _, h := range res.Hidden {
		for _, id := range []string{"osh", "sary-tash", "khorog", "dushanbe", "khudjand", "batken", "nizhny-panj"} {
			if strings.HasPrefix(h, id+" ") {
				t.Errorf("no room for the label of %s", id)
			}
		}
	}
}

// TestChangeStyle: a change whose CI includes 0 is drawn faint however
// large; a clear one thick, in its commodity's rise or fall colour.
func TestChangeStyle(t *testing.T) {
	const kgPerPt = 100
	faint, class := changeStyle(OpiateChange, FlowChange{Kg: 5000, Lo: -10, Hi: 10000}, kgPerPt)
	if class != "change faint" || faint.Width >= minLineWidth || faint.Color != faintColour {
		t.Errorf("unclear change drawn %s, width %v, colour %v", class, faint.Width, faint.Color)
	}
	thick, class := changeStyle(OpiateChange, FlowChange{Kg: 500, Lo: 100, Hi: 900, Clear: true}, kgPerPt)
	if class != "change sig" || thick.Width != 5 || thick.Color != withAlpha(opiateRise, 0xe0) {
		t.Errorf("clear rise drawn %s, width %v, colour %v", class, thick.Width, thick.Color)
	}
	fall, _ := changeStyle(OpiateChange, FlowChange{Kg: -500, Lo: -900, Hi: -100, Clear: true}, kgPerPt)
	pfall, _ := changeStyle(PrecursorChange, FlowChange{Kg: -500, Lo: -900, Hi: -100, Clear: true}, kgPerPt)
	if fall.Color == pfall.Color || len(pfall.Dashes) == 0 || len(fall.Dashes) != 0 {
		t.Errorf("opiate and precursor falls look alike: %v %v / %v %v", fall.Color, fall.Dashes, pfall.Color, pfall.Dashes)
	}

	// and in the drawn SVG: the unclear change faint, the clear one thick
	w := toyWorld()
	change := make([]FlowChange, len(w.Segments))
	change[0] = FlowChange{Kg: 5000, Lo: -10, Hi: 10000}
	change[1] = FlowChange{Kg: 500, Lo: 100, Hi: 900, Clear: true}
	res, err := Map(MapData{World: w, Kind: OpiateChange, Title: "toy", Change: change, KgPerPt: kgPerPt})
	if err != nil {
		t.Fatal(err)
	}
	svg := string(res.SVG)
	for _, c := range []struct{ seg, want string }{
		{`data-seg="dushanbe–khudjand"`, `class="change faint" stroke-width="0.7" data-sig="0"`},
		{`data-seg="khudjand–termez"`, `class="change sig" stroke-width="5" data-sig="1"`},
	} {
		found := false
		for _, el := range regexp.MustCompile(`<path [^>]*>`).FindAllString(svg, -1) {
			if !strings.Contains(el, c.seg) {
				continue
			}
			found = true
			for _, attr := range strings.Fields(c.want) {
				if !strings.Contains(el, attr+" ") && !strings.Contains(el, attr+"/") {
					t.Errorf("%s drawn without %s: %s", c.seg, attr, el)
				}
			}
		}
		if !found {
			t.Errorf("no path %s", c.seg)
		}
	}
}

// TestChangeMapsShareOneScale: every opiate change map of a report draws a
// kg alike (and so does every precursor change map), at the scale of the
// largest clear change of any of them.
func TestChangeMapsShareOneScale(t *testing.T) {
	w := toyWorld()
	diffs := func(kg ...float64) []experiment.SegmentDiff {
		var out []experiment.SegmentDiff
		for i, k := range kg {
			out = append(out, experiment.SegmentDiff{Segment: i, Diff: experiment.Diff{Mean: k, Lo: k / 2, Hi: 3 * k / 2, ExcludesZero: k != 0}},
				experiment.SegmentDiff{Segment: i, Precursor: true, Diff: experiment.Diff{Mean: 10 * k, Lo: -1, Hi: 20 * k}})
		}
		return out
	}
	sum := &experiment.Summary{Scenarios: []experiment.ScenarioSummary{
		{Name: "baseline"},
		{Name: "small", SegmentDiffs: diffs(100, -50)},
		{Name: "large", SegmentDiffs: diffs(2000, 0, 100)},
	}}
	specs := mapSpecs(results.Manifest{Kind: "compare"}, []*sim.World{w, w, w}, sum, periodOf(365))
	var scales []float64
	widths := map[string]bool{}
	for _, s := range specs {
		if s.data.Kind != OpiateChange {
			continue
		}
		scales = append(scales, s.data.KgPerPt)
		res, err := Map(s.data)
		if err != nil {
			t.Fatal(err)
		}
		if res.KgPerPt != s.data.KgPerPt {
			t.Errorf("%s drawn at %g kg per pt, not the shared %g", s.data.Title, res.KgPerPt, s.data.KgPerPt)
		}
		// the 100 kg rise on the first segment, on both maps
		m := regexp.MustCompile(`stroke-width="([0-9.]+)"[^>]*class="change sig" data-seg="[^"]*" data-sig="1" data-kg="100.0"`).FindStringSubmatch(string(res.SVG))
		if m == nil {
			t.Fatalf("%s: no 100 kg change drawn", s.data.Title)
		}
		widths[m[1]] = true
	}
	if len(scales) != 2 || scales[0] != scales[1] || scales[0] != 2000/maxLineWidth {
		t.Errorf("opiate change maps' scales %v, want both %g", scales, 2000/maxLineWidth)
	}
	if len(widths) != 1 {
		t.Errorf("100 kg drawn at widths %v on the two maps", widths)
	}
	for _, s := range specs {
		if s.data.Kind == PrecursorChange && s.data.KgPerPt != 1 {
			t.Errorf("precursor change map with no clear change scaled at %g", s.data.KgPerPt)
		}
	}
}

func TestMapRejectsNoWorld(t *testing.T) {
	if _, err := Map(MapData{}); err == nil {
		t.Error("a map without a world: no error")
	}
	// slices of the wrong length draw nothing there, without panicking
	w := toyWorld()
	if _, err := Map(MapData{World: w, Kind: OpiateChange, Change: make([]FlowChange, 1), Seized: []float64{1}}); err != nil {
		t.Error(err)
	}
	w.Segments = append(w.Segments, sim.Segment{From: 0, To: 99}, sim.Segment{From: -1, To: 2})
	flow := make([]float64, len(w.Segments))
	for i := range flow {
		flow[i] = 10
	}
	if _, err := Map(MapData{World: w, Kind: OpiateFlows, Flow: flow}); err != nil {
		t.Error(err)
	}
	if _, err := Map(MapData{World: &sim.World{}, Kind: PrecursorFlows}); err != nil {
		t.Error(err)
	}
}

// A network map rings exactly the marked places, in each panel that shows
// them, says so in its legend, and claims no flows or seizures.
func TestNetworkMarkedMap(t *testing.T) {
	w := baselineWorld(t)
	marked := make([]bool, len(w.Places))
	osh := w.PlaceIndex("osh")
	if osh < 0 {
		t.Fatal("no osh in the baseline")
	}
	marked[osh] = true
	res, err := Map(MapData{World: w, Kind: NetworkMarked, Marked: marked, Title: "network"})
	if err != nil {
		t.Fatal(err)
	}
	svg := string(res.SVG)
	if n := strings.Count(svg, `class="marked"`); n != 2 {
		t.Errorf("%d rings for one marked place (osh is in both panels)", n)
	}
	if !strings.Contains(svg, "a place the scenario&#39;s interventions change") && !strings.Contains(svg, "a place the scenario's interventions change") {
		t.Error("the legend does not say what the rings mean")
	}
	for _, wrong := range []string{`class="seizure"`, `class="flow"`, "seized there", "flow, mean kg"} {
		if strings.Contains(svg, wrong) {
			t.Errorf("a network map draws %q", wrong)
		}
	}
}
