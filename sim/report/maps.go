package report

import (
	"fmt"
	"html/template"
	"math"
	"path/filepath"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// MeanFlows returns the mean kg of opiates and precursors moved over each
// segment of w (both directions), and the mean kg seized at each place, of
// one scenario's summary.
func MeanFlows(w *sim.World, s *experiment.ScenarioSummary) (opiates, precursors, seized []float64) {
	opiates, precursors = make([]float64, len(w.Segments)), make([]float64, len(w.Segments))
	for _, f := range s.Flows {
		if f.Segment < 0 || f.Segment >= len(w.Segments) {
			continue
		}
		if f.Commodity.IsOpiate() {
			opiates[f.Segment] += f.Mean
		} else {
			precursors[f.Segment] += f.Mean
		}
	}
	seized = append([]float64(nil), s.SeizedAt...)
	if len(seized) != len(w.Places) {
		seized = make([]float64, len(w.Places))
	}
	return opiates, precursors, seized
}

// SeizedByPlace returns the mean kg of opiates and of acetic anhydride
// seized at each place of w per run, from the scenario's breakdown by place.
func SeizedByPlace(w *sim.World, s *experiment.ScenarioSummary) (opiates, precursors []float64) {
	opiates, precursors = make([]float64, len(w.Places)), make([]float64, len(w.Places))
	index := make(map[string]int, len(w.Places))
	for i, p := range w.Places {
		index[p.ID] = i
	}
	for _, b := range s.Breakdown {
		i, ok := index[b.Key]
		if b.Dimension != sim.ByPlace || !ok {
			continue
		}
		if b.Commodity.IsOpiate() {
			opiates[i] += b.Kg
		} else {
			precursors[i] += b.Kg
		}
	}
	return opiates, precursors
}

// MapFigure is a route map of the report: its files, and the SVG itself,
// which the page shows inline so that it can be zoomed and panned offline.
type MapFigure struct {
	Figure
	Inline template.HTML
	// Main: one of the maps that answer the report's question (the
	// baseline's flows and the top choices' changes, of the objective's
	// commodity), shown open; the others are behind a click.
	Main bool
}

// mapSpec is one map the report draws, with its file name and caption.
type mapSpec struct {
	data          MapData
	file, caption string
	main          bool
}

// mapSpecs lists the report's maps: the baseline's opiate and acetic
// anhydride flows, then for each alternative (the last one of a sweep) the
// change of each against the baseline. The opiate change maps share one
// line-width scale, and so do the precursor change maps.
//
// The main maps are the baseline's flow of the objective's commodity
// (opiates, or acetic anhydride for a precursor objective) and its change
// for the top choices: the first two ranked alternatives of a comparison
// (the first listed where none is ranked), the last point of a sweep.
func mapSpecs(m results.Manifest, worlds []*sim.World, sum *experiment.Summary, pd period) []mapSpec {
	if len(worlds) == 0 || worlds[0] == nil || len(sum.Scenarios) == 0 {
		return nil
	}
	w := worlds[0]
	base := &sum.Scenarios[0]
	bo, bp, _ := MeanFlows(w, base)
	so, sp := SeizedByPlace(w, base)
	specs := []mapSpec{
		{MapData{World: w, Kind: OpiateFlows, Title: base.Name + ": opiate flows and opiate seizures " + pd.per, Flow: bo, Seized: so},
			"map-" + safe(base.Name),
			"Opiates (heroin and opium). Line width: mean kg moved " + pd.per + " over the segment, both ways; circles: mean kg of opiates seized " + pd.per + " at the place (label).", false},
		{MapData{World: w, Kind: PrecursorFlows, Title: base.Name + ": acetic anhydride flows and seizures " + pd.per, Flow: bp, Seized: sp},
			"map-precursor-" + safe(base.Name),
			"Acetic anhydride (heroin precursor), dashed. Line width: mean kg moved " + pd.per + "; circles: mean kg of acetic anhydride seized " + pd.per + " at the place.", false},
	}
	var others []int
	for si := 1; si < len(sum.Scenarios); si++ {
		if si < len(worlds) && worlds[si] != nil && len(worlds[si].Segments) != len(w.Segments) {
			continue // a different network: no segment-by-segment difference
		}
		others = append(others, si)
	}
	if m.Kind == "sweep" && len(others) > 1 {
		others = others[len(others)-1:]
	}
	objective := objectiveOf(Input{Manifest: m})
	precursorQuestion := objective == experiment.PrecursorToLabs || objective == experiment.PrecursorSeized
	specs[0].main, specs[1].main = !precursorQuestion, precursorQuestion
	top := map[int]bool{}
	if m.Kind == "compare" {
		for i, a := range experiment.Decide(sum, objective) {
			if i == 0 || (a.Ranked && len(top) < 2) {
				top[a.Index] = true
			}
		}
	} else if len(others) > 0 {
		top[others[len(others)-1]] = true
	}
	var opiateMaps, precursorMaps []int
	for _, si := range others {
		alt := &sum.Scenarios[si]
		co, cp := segmentChanges(w, alt)
		ao, ap := SeizedByPlace(w, alt)
		dso, dsp := make([]float64, len(ao)), make([]float64, len(ap))
		for p := range ao {
			dso[p], dsp[p] = math.Max(0, ao[p]-so[p]), math.Max(0, ap[p]-sp[p])
		}
		name := alt.Name
		opiateMaps = append(opiateMaps, len(specs))
		specs = append(specs, mapSpec{MapData{World: w, Kind: OpiateChange, Title: fmt.Sprintf("%s against %s: change in opiate flow %s", name, base.Name, pd.per), Change: co, Seized: dso},
			"map-diff-" + safe(name),
			"Opiates. Vermillion: flow rose; blue: it fell; drawn thick, width proportional to the mean paired change in kg " + pd.per + " (one scale on every opiate change map), only where its 95% CI excludes 0; grey dots: a change whose CI includes 0. Light circles: rise in mean opiate kg seized at the place (means, no CI; grey where no change on the map is clear).",
			top[si] && !precursorQuestion})
		precursorMaps = append(precursorMaps, len(specs))
		specs = append(specs, mapSpec{MapData{World: w, Kind: PrecursorChange, Title: fmt.Sprintf("%s against %s: change in acetic anhydride flow %s", name, base.Name, pd.per), Change: cp, Seized: dsp},
			"map-diff-precursor-" + safe(name),
			"Acetic anhydride, dashed. Purple: flow rose; green: it fell; thick only where the 95% CI of the paired change excludes 0 (one scale on every precursor change map); grey dots: CI includes 0. Light circles: rise in mean kg of acetic anhydride seized (no CI; grey where no change on the map is clear).",
			top[si] && precursorQuestion})
	}
	for _, group := range [][]int{opiateMaps, precursorMaps} {
		var all [][]FlowChange
		for _, i := range group {
			all = append(all, specs[i].data.Change)
		}
		scale := SharedScale(all...)
		for _, i := range group {
			specs[i].data.KgPerPt = scale
		}
	}
	return specs
}

// segmentChanges returns the change of the opiate and of the acetic
// anhydride flow over each segment of w, from the alternative's paired
// segment differences.
func segmentChanges(w *sim.World, alt *experiment.ScenarioSummary) (opiates, precursors []FlowChange) {
	opiates, precursors = make([]FlowChange, len(w.Segments)), make([]FlowChange, len(w.Segments))
	for _, d := range alt.SegmentDiffs {
		if d.Segment < 0 || d.Segment >= len(w.Segments) || math.IsNaN(d.Diff.Mean) {
			continue
		}
		c := FlowChange{Kg: d.Diff.Mean, Lo: d.Diff.Lo, Hi: d.Diff.Hi, Clear: d.Diff.ExcludesZero}
		if d.Precursor {
			precursors[d.Segment] = c
		} else {
			opiates[d.Segment] = c
		}
	}
	return opiates, precursors
}

func maps(dir string, m results.Manifest, worlds []*sim.World, sum *experiment.Summary, pd period) ([]MapFigure, []string, error) {
	var figs []MapFigure
	var hidden []string
	for _, s := range mapSpecs(m, worlds, sum, pd) {
		res, err := Map(s.data)
		if err != nil {
			return nil, nil, err
		}
		for _, h := range res.Hidden {
			hidden = append(hidden, s.file+": "+h)
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, "figures", s.file+".svg"), res.SVG); err != nil {
			return nil, nil, err
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, "figures", s.file+".png"), res.PNG); err != nil {
			return nil, nil, err
		}
		figs = append(figs, MapFigure{
			Figure: Figure{Title: s.data.Title, Caption: s.caption, SVG: "figures/" + s.file + ".svg", PNG: "figures/" + s.file + ".png"},
			// the SVG is written by svgPainter, which escapes every text
			Inline: template.HTML(res.SVG),
			Main:   s.main,
		})
	}
	return figs, hidden, nil
}

// mapsSection is the report's "Route maps" section (a template of the
// page). Each map sits in a viewer: the mouse wheel or the buttons zoom,
// dragging pans, all by changing the SVG's viewBox in a few lines of
// inline script (no library, no network). The script also counts, once
// the page has laid out, the place labels of each panel and the pairs of
// them whose text boxes overlap (data-labels, data-label-overlaps: what the
// browser test reads). Like the rest of the page, it uses neither < nor &.
const mapsSection = `{{if .Maps}}<h2 id="maps">Route maps</h2>
<p class="note">The maps that answer the question first: the baseline's flows and the change the top choices make; the others behind a click. Wheel or buttons to zoom, drag to pan; each map is also a file (SVG and PNG). Left panel: the whole region, exits to Russia and Europe as arrows at its edge; right panel: the Ferghana valley, the Pamir and the Panj enlarged. Places are labelled by name (hover for the full name and id). Borders: Natural Earth; lakes: OpenStreetMap contributors (ODbL); rivers: Natural Earth.</p>
{{range .Maps}}{{if .Main}}{{template "map" .}}{{end}}{{end}}{{if .MinorMaps}}<details><summary>More maps ({{.MinorMaps}})</summary>
{{range .Maps}}{{if not .Main}}{{template "map" .}}{{end}}{{end}}</details>
{{end}}{{if .Hidden}}<p class="note">Labels left off for lack of room: {{range .Hidden}}{{.}}; {{end}}</p>{{end}}
<script>
(function () {
  var views = document.querySelectorAll(".mapview");
  Array.prototype.forEach.call(views, function (view) {
    var svg = view.querySelector("svg");
    if (!svg) { return; }
    svg.style.width = "100%";
    svg.style.height = "auto";
    svg.style.display = "block";
    var home = svg.getAttribute("viewBox").split(" ").map(Number);
    var box = home.slice();
    function set() { svg.setAttribute("viewBox", box.join(" ")); }
    function zoom(f, cx, cy) {
      var w = Math.min(home[2], Math.max(home[2] / 20, box[2] / f));
      var h = w * home[3] / home[2];
      box = [cx - (cx - box[0]) * w / box[2], cy - (cy - box[1]) * h / box[3], w, h];
      set();
    }
    function toSVG(e) {
      var r = svg.getBoundingClientRect();
      return [box[0] + (e.clientX - r.left) * box[2] / r.width, box[1] + (e.clientY - r.top) * box[3] / r.height];
    }
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = toSVG(e);
      zoom(e.deltaY > 0 ? 1 / 1.25 : 1.25, p[0], p[1]);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      drag = [e.clientX, e.clientY, box[0], box[1]];
      try { svg.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic pointer */ }
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) { return; }
      var r = svg.getBoundingClientRect();
      box[0] = drag[2] - (e.clientX - drag[0]) * box[2] / r.width;
      box[1] = drag[3] - (e.clientY - drag[1]) * box[3] / r.height;
      set();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    Array.prototype.forEach.call(view.querySelectorAll("button"), function (b) {
      b.addEventListener("click", function () {
        var f = Number(b.getAttribute("data-zoom"));
        if (f === 0) { box = home.slice(); set(); return; }
        zoom(f, box[0] + box[2] / 2, box[1] + box[3] / 2);
      });
    });
    // label overlaps in each panel, from the laid-out text boxes
    Array.prototype.forEach.call(svg.querySelectorAll("g.panel"), function (panel) {
      var boxes = Array.prototype.map.call(panel.querySelectorAll("text.label-text"), function (t) { return t.getBBox(); });
      var overlaps = 0;
      boxes.forEach(function (a, i) {
        boxes.slice(i + 1).forEach(function (b) {
          if (Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5) {
            if (Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5) { overlaps++; }
          }
        });
      });
      panel.setAttribute("data-labels", String(boxes.length));
      panel.setAttribute("data-label-overlaps", String(overlaps));
    });
  });
})();
</script>
{{end}}`

// mapFigure is one map in its viewer (a template of the page).
const mapFigure = `<figure class="map">
<div class="mapview" style="position: relative; overflow: hidden; border: 1px solid #ddd; cursor: grab; touch-action: none;">
<div class="mapbuttons" style="position: absolute; right: 6px; top: 6px; z-index: 1;"><button type="button" data-zoom="1.5">+</button> <button type="button" data-zoom="0.6667">−</button> <button type="button" data-zoom="0">reset</button></div>
{{.Inline}}</div>
<figcaption><b>{{.Title}}.</b> {{.Caption}} <a href="{{.SVG}}">SVG</a> <a href="{{.PNG}}">PNG</a></figcaption>
</figure>
`
