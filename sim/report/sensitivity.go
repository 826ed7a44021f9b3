package report

import (
	"fmt"
	"image/color"
	"path/filepath"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim/sensitivity"
)

// Sensitivity is what a sensitivity report shows.
type Sensitivity struct {
	Scenario string
	Params   []string // uncertain parameters (with their ranges)
	Outputs  []string // output metrics
	Morris   *sensitivity.MorrisResult
	Sobol    *sensitivity.SobolResult
	Question string
	Files    []string
	Shown    []int // outputs to chart (indices into Outputs)
	// NoFigures writes the page without its charts (and no figures/).
	NoFigures bool
}

// WriteSensitivity draws the sensitivity charts and writes report.html.
func WriteSensitivity(dir string, s Sensitivity) error {
	if err := mkFigures(dir, s.NoFigures); err != nil {
		return err
	}
	page := &Page{Title: "hourglass sensitivity: " + s.Scenario, Question: s.Question,
		Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC"), Files: s.Files}
	// chart draws a chart into figures/ and adds it to the page
	chart := func(draw func() (*plot.Plot, error), name, caption string, h vg.Length) error {
		if s.NoFigures {
			return nil
		}
		p, err := draw()
		if err != nil {
			return err
		}
		f, err := save(p, dir, name, caption, h)
		page.Figures = append(page.Figures, f)
		return err
	}
	for _, o := range s.Shown {
		out := s.Outputs[o]
		if s.Sobol != nil {
			best, bestST := 0, -1.0
			for i := range s.Params {
				if st := s.Sobol.ST[o][i].Value; st > bestST {
					best, bestST = i, st
				}
			}
			iv := s.Sobol.ST[o][best]
			page.Summary = append(page.Summary, fmt.Sprintf("For %s, the most influential uncertain input is %s: its total Sobol index is %.2f (95%% CI %.2f to %.2f), so about %.0f%% of the output's variance involves it.",
				out, s.Params[best], iv.Value, iv.Lo, iv.Hi, 100*iv.Value))
			if err := chart(func() (*plot.Plot, error) {
				return sobolChart("Sobol indices: "+out, s.Params, s.Sobol.S1[o], s.Sobol.ST[o])
			}, "sobol-"+safe(out), "First-order (S1) and total (ST) Sobol indices with 95% bootstrap CIs; ST − S1 is the share through interactions. The model is stochastic: with few replications per point, indices are noisy and may leave [0, 1].", heightFor(2*len(s.Params))); err != nil {
				return err
			}
		}
		if s.Morris != nil {
			if err := chart(func() (*plot.Plot, error) {
				return morrisChart("Morris screening: "+out, out, s.Params, s.Morris.MuStar[o], s.Morris.Sigma[o])
			}, "morris-"+safe(out), "Mean absolute elementary effect μ* against its spread σ: inputs far right matter; high σ means non-linear or interacting effects.", 13*vg.Centimeter); err != nil {
				return err
			}
			if s.Sobol == nil {
				order := make([]int, len(s.Params))
				for i := range order {
					order[i] = i
				}
				sort.SliceStable(order, func(a, b int) bool { return s.Morris.MuStar[o][order[a]].Value > s.Morris.MuStar[o][order[b]].Value })
				iv := s.Morris.MuStar[o][order[0]]
				page.Summary = append(page.Summary, fmt.Sprintf("For %s, Morris screening ranks %s first (μ* %.3g, 95%% CI %.3g to %.3g).", out, s.Params[order[0]], iv.Value, iv.Lo, iv.Hi))
			}
		}
	}
	page.Table = sensitivityTable(s)
	page.TableNote = "Indices with 95% bootstrap confidence intervals; bold rows: the interval lies above 0."

	return writeHTML(filepath.Join(dir, FileName), page)
}

func sensitivityTable(s Sensitivity) Table {
	t := Table{Header: []string{"method", "output", "parameter", "index", "value", "95% CI", "", "significant"}, SigCol: 7}
	add := func(method, out, param, index string, iv sensitivity.Interval) {
		sig := "no"
		if iv.Lo > 0 {
			sig = "yes"
		}
		t.Rows = append(t.Rows, []Cell{{method, method}, {out, out}, {param, param}, {index, index}, num(iv.Value),
			{fmt.Sprintf("%s – %s", fmtNum(iv.Lo), fmtNum(iv.Hi)), fmt.Sprint(iv.Lo)}, {"", ""}, {sig, sig}})
	}
	for o, out := range s.Outputs {
		for i, p := range s.Params {
			if s.Sobol != nil {
				add("sobol", out, p, "S1", s.Sobol.S1[o][i])
				add("sobol", out, p, "ST", s.Sobol.ST[o][i])
			}
			if s.Morris != nil {
				add("morris", out, p, "mu_star", s.Morris.MuStar[o][i])
			}
		}
	}
	return t
}

// sobolChart shows S1 (vermillion) and ST (blue) side by side for each
// parameter, with their bootstrap CIs.
func sobolChart(title string, params []string, s1, st []sensitivity.Interval) (*plot.Plot, error) {
	p := newPlot(title, "index (share of output variance)", "")
	n := len(params)
	rev := make([]string, n)
	for k, series := range []struct {
		name string
		iv   []sensitivity.Interval
		c    color.Color
		off  vg.Length
	}{{"total (ST)", st, blue, 5}, {"first-order (S1)", s1, vermillion, -5}} {
		vals := make(plotter.Values, n)
		xys := make(plotter.XYs, n)
		errs := make(plotter.XErrors, n)
		for i := range params {
			j := n - 1 - i
			iv := series.iv[i]
			vals[j] = iv.Value
			errs[j] = struct{ Low, High float64 }{iv.Value - iv.Lo, iv.Hi - iv.Value}
			xys[j] = plotter.XY{X: iv.Value, Y: float64(j) + 0.18*(0.5-float64(k))*2}
			rev[j] = params[i]
		}
		bars, err := plotter.NewBarChart(vals, vg.Points(9))
		if err != nil {
			return nil, err
		}
		eb, err := horizontal(bars, series.c, series.off, xys, errs)
		if err != nil {
			return nil, err
		}
		p.Add(bars, eb)
		p.Legend.Add(series.name, bars)
	}
	p.NominalY(rev...)
	return p, nil
}

// morrisChart plots each parameter's μ* against σ, labelled with its name,
// for the output metric out.
func morrisChart(title, out string, params []string, muStar []sensitivity.Interval, sigma []float64) (*plot.Plot, error) {
	p := newPlot(title, "μ*: mean |elementary effect| (change in "+out+" as the input moves over its range)", "σ: spread of the elementary effects (same unit)")
	xys := make(plotter.XYs, len(params))
	labels := make([]string, len(params))
	for i := range params {
		xys[i] = plotter.XY{X: muStar[i].Value, Y: sigma[i]}
		labels[i] = params[i]
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: vermillion, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return nil, err
	}
	sansLabels(lb)
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = 8
	}
	lb.Offset = vg.Point{X: 4, Y: 2}
	p.Add(sc, lb)
	// room right of the points for their names, above for the top one's
	p.X.Min, p.Y.Min = 0, 0
	p.X.Max *= 1.3
	p.Y.Max *= 1.06
	return p, nil
}
