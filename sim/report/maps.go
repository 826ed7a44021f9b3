package report

import (
	"fmt"
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

func maps(dir string, m results.Manifest, worlds []*sim.World, sum *experiment.Summary, pd period) ([]Figure, []string, error) {
	w := worlds[0]
	var figs []Figure
	var hidden []string
	draw := func(d MapData, file, caption string) error {
		svg, png, _, h, err := Map(d)
		if err != nil {
			return err
		}
		hidden = append(hidden, h...)
		if err := results.WriteFileAtomic(filepath.Join(dir, "figures", file+".svg"), svg); err != nil {
			return err
		}
		if err := results.WriteFileAtomic(filepath.Join(dir, "figures", file+".png"), png); err != nil {
			return err
		}
		figs = append(figs, Figure{Title: d.Title, Caption: caption, SVG: "figures/" + file + ".svg", PNG: "figures/" + file + ".png"})
		return nil
	}
	bo, bp, bs := MeanFlows(w, &sum.Scenarios[0])
	if err := draw(MapData{World: w, Title: sum.Scenarios[0].Name + ": mean flows and seizures " + pd.per, Opiates: bo, Precursors: bp, Seized: bs},
		"map-"+safe(sum.Scenarios[0].Name), "Line width is proportional to the mean kg moved "+pd.per+"; circles show mean kg seized "+pd.per+" at each place."); err != nil {
		return nil, nil, err
	}
	if len(sum.Scenarios) < 2 {
		return figs, hidden, nil
	}
	others := make([]int, 0, len(sum.Scenarios)-1)
	for si := 1; si < len(sum.Scenarios); si++ {
		others = append(others, si)
	}
	if m.Kind == "sweep" {
		others = others[len(others)-1:]
	}
	for _, si := range others {
		if worlds[si] != nil && len(worlds[si].Segments) != len(w.Segments) {
			continue // a different network: no segment-by-segment difference
		}
		ao, ap, as := MeanFlows(worlds[si], &sum.Scenarios[si])
		do, dp, ds := make([]float64, len(ao)), make([]float64, len(ao)), make([]float64, len(as))
		for s := range ao {
			do[s], dp[s] = ao[s]-bo[s], ap[s]-bp[s]
		}
		for p := range as {
			ds[p] = math.Max(0, as[p]-bs[p])
		}
		name := sum.Scenarios[si].Name
		d := MapData{World: w, Title: fmt.Sprintf("%s against %s: change in opiate flow", name, sum.Scenarios[0].Name),
			Opiates: positive(do), Precursors: negative(do), Seized: ds, Diff: true}
		if err := draw(d, "map-diff-"+safe(name), "Vermillion: opiate flow rose; blue dashes: it fell (width ∝ change in mean kg "+pd.per+"). Circles: extra kg seized "+pd.per+"."); err != nil {
			return nil, nil, err
		}
		_ = dp
	}
	return figs, hidden, nil
}

func positive(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Max(0, v)
	}
	return out
}

func negative(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Min(0, v)
	}
	return out
}

// mapsSection is the report's "Route maps" section (a template of the page).
const mapsSection = `<h2 id="maps">Route maps</h2>
{{range .Maps}}<figure>
<img src="{{.SVG}}" alt="{{.Title}}" />
<figcaption>{{.Caption}} <a href="{{.PNG}}">PNG</a></figcaption>
</figure>
{{end}}{{if .Hidden}}<p class="note">Labels left off for lack of room: {{range .Hidden}}{{.}}; {{end}}</p>{{end}}
`
