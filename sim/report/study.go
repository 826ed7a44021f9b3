package report

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// Study is what a study report shows: a results.Study and how to read it.
type Study struct {
	*results.Study
	Title    string
	Question string
	// DriverLabel names the driver in words ("professionalization").
	DriverLabel string
	// Charted are the metrics drawn and summarised in words, in order.
	Charted []experiment.Metric
	Files   []string
	// Sources is the provenance table beside the report ("" when absent).
	Sources string
	// NoFigures writes the page without its charts (and no figures/).
	NoFigures bool
}

// WriteStudy draws a study's charts and writes report.html: the question,
// in plain words which program buys more per dollar at the lowest and the
// highest level and whether the intervals overlap, a chart per charted
// metric (the rate against the level, a line and 95% CI band per program),
// and the table of every rate.
func WriteStudy(dir string, s Study) error {
	if len(s.Levels) == 0 {
		return fmt.Errorf("study %s: no levels", s.Name)
	}
	if err := mkFigures(dir, s.NoFigures); err != nil {
		return err
	}
	page := &Page{Title: s.Title, Question: s.Question, Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		Files: s.Files, Sources: s.Sources, SourcesArg: s.Base}
	page.Summary = append(page.Summary, studyIntro(s))
	x := make([]float64, len(s.Levels))
	for i, l := range s.Levels {
		x[i] = l.Level
	}
	for _, m := range s.Charted {
		per := 0.0
		mean, lo, hi := make([][]float64, len(s.Programs)), make([][]float64, len(s.Programs)), make([][]float64, len(s.Programs))
		for p, prog := range s.Programs {
			for _, l := range s.Levels {
				r, ok := findRate(l.Rates, prog, m)
				if !ok {
					return fmt.Errorf("study %s: no %s for %s at %s %g", s.Name, m, prog, s.DriverLabel, l.Level)
				}
				per = r.Per
				mean[p] = append(mean[p], r.PerUnit.Mean)
				lo[p] = append(lo[p], r.PerUnit.Lo)
				hi[p] = append(hi[p], r.PerUnit.Hi)
			}
		}
		label := rateLabel(m, per)
		page.Summary = append(page.Summary, studyWords(s, m, label))
		if s.NoFigures {
			continue
		}
		p, err := programBands("Marginal "+label, s.DriverLabel, label, s.Programs, x, mean, lo, hi)
		if err != nil {
			return err
		}
		f, err := save(p, dir, "study-"+safe(m.String()), fmt.Sprintf("What each program buys per money spent, against %s: the paired difference against %s (discounted like the cost) divided by the program's extra cost over the run (discounted, costs.discount_rate), with its 95%% CI as a band (the cost is fixed, so the interval scales with it). Above 0: more than %s.", s.DriverLabel, s.Base, s.Base),
			lineHeight)
		if err != nil {
			return err
		}
		page.Figures = append(page.Figures, f)
	}
	page.Table = studyTable(s)
	page.TableNote = "Change: the mean paired difference against " + s.Base + " with its 95% CI (Student t); rate: the change per the money named in the metric column; bold rows: the change's CI excludes 0."
	return writeHTML(filepath.Join(dir, FileName), page)
}

func findRate(rates []experiment.CostRate, program string, m experiment.Metric) (experiment.CostRate, bool) {
	for _, r := range rates {
		if r.Program == program && r.Metric == m {
			return r, true
		}
	}
	return experiment.CostRate{}, false
}

// rateLabel says in words what a rate of metric m per per USD counts.
func rateLabel(m experiment.Metric, per float64) string {
	money := "USD " + fmtNum(per)
	if per == 1e6 {
		money = "USD 1 million"
	}
	switch m {
	case experiment.OpiatesSeized:
		return "opiates seized, kg per " + money
	case experiment.OrganiserArrests:
		return "organisers arrested per " + money
	case experiment.HeroinDelivered:
		return "heroin delivered, kg per " + money
	}
	return m.String() + " per " + money
}

func studyIntro(s Study) string {
	costs := map[string]float64{}
	for _, r := range s.Levels[0].Rates {
		costs[r.Program] = r.ExtraCostUSD
	}
	var parts []string
	for _, p := range s.Programs {
		parts = append(parts, fmt.Sprintf("%s USD %s", p, fmtNum(costs[p])))
	}
	levels := make([]string, len(s.Levels))
	for i, l := range s.Levels {
		levels[i] = fmt.Sprintf("%g", l.Level)
	}
	return fmt.Sprintf("At each level of %s (%s), one comparison of %d paired replications (seed %d, common random numbers) of %s with %s, every trafficking group's %s set to that level. Extra cost over the run, discounted to its start, against %s: %s. A rate is a program's change against %s, discounted alike, divided by its extra cost; its interval is the 95%% CI of the change, scaled.",
		s.DriverLabel, strings.Join(levels, ", "), s.N, s.Seed, s.Base, strings.Join(s.Programs, " and "), s.DriverLabel, s.Base, strings.Join(parts, ", "), s.Base)
}

// studyWords says which program buys more of metric m per money at the
// lowest and the highest level, with the figures, and whether the 95%
// intervals overlap (if they do, the replications cannot tell the programs
// apart at that level).
func studyWords(s Study, m experiment.Metric, label string) string {
	var out []string
	ends := []int{0, len(s.Levels) - 1}
	if ends[1] == 0 {
		ends = ends[:1]
	}
	for k, i := range ends {
		l := s.Levels[i]
		where := "lowest"
		if k == 1 {
			where = "highest"
		}
		var rs []experiment.CostRate
		for _, p := range s.Programs {
			if r, ok := findRate(l.Rates, p, m); ok && !math.IsNaN(r.PerUnit.Mean) {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		var figs []string
		best := 0
		for j, r := range rs {
			if r.PerUnit.Lo == 0 && r.PerUnit.Hi == 0 {
				figs = append(figs, fmt.Sprintf("%s 0 (no change in any replication)", r.Program))
			} else {
				figs = append(figs, fmt.Sprintf("%s %s (95%% CI %s to %s)", r.Program, fmtRate(r.PerUnit.Mean), fmtRate(r.PerUnit.Lo), fmtRate(r.PerUnit.Hi)))
			}
			if better(m, r.PerUnit.Mean, rs[best].PerUnit.Mean) {
				best = j
			}
		}
		sentence := fmt.Sprintf("At the %s %s studied (%g), %s: %s.", where, s.DriverLabel, l.Level, label, strings.Join(figs, "; "))
		tie := len(rs) >= 2
		for _, r := range rs {
			tie = tie && r.PerUnit.Mean == rs[0].PerUnit.Mean
		}
		switch {
		case tie:
			sentence += " The programs buy the same here."
		case len(rs) >= 2:
			overlap := true
			for j, r := range rs {
				if j != best && (r.PerUnit.Hi < rs[best].PerUnit.Lo || r.PerUnit.Lo > rs[best].PerUnit.Hi) {
					overlap = false
				}
			}
			if overlap {
				sentence += fmt.Sprintf(" Here %s comes out ahead, but the intervals overlap: at %d paired replications this does not tell the programs apart (overlap is a cautious test).", rs[best].Program, s.N)
			} else {
				sentence += fmt.Sprintf(" Here %s buys more per dollar, and the intervals do not overlap.", rs[best].Program)
			}
		}
		out = append(out, sentence)
	}
	return strings.Join(out, " ")
}

// better reports whether rate a is better than b for metric m: more of what
// enforcement wants (less heroin delivered, more seized).
func better(m experiment.Metric, a, b float64) bool {
	if m.Info().Good == experiment.Down {
		return a < b
	}
	return a > b
}

func fmtRate(x float64) string {
	if math.Abs(x) >= 100 {
		return fmtNum(x)
	}
	return fmt.Sprintf("%.3g", x)
}

func studyTable(s Study) Table {
	t := Table{Header: []string{"program", "metric", s.DriverLabel, "change", "95% CI", "extra cost, USD", "rate", "change clear", "rate 95% CI"}, SigCol: 7}
	for _, l := range s.Levels {
		for _, r := range l.Rates {
			clear := "no"
			if r.Diff.ExcludesZero {
				clear = "yes"
			}
			label := rateLabel(r.Metric, r.Per)
			t.Rows = append(t.Rows, []Cell{{r.Program, r.Program}, {label, label}, num(l.Level), num(r.Diff.Mean),
				{fmtNum(r.Diff.Lo) + " – " + fmtNum(r.Diff.Hi), fmt.Sprint(r.Diff.Lo)}, num(r.ExtraCostUSD),
				{fmtRate(r.PerUnit.Mean), fmt.Sprint(r.PerUnit.Mean)}, {clear, clear},
				{fmtRate(r.PerUnit.Lo) + " – " + fmtRate(r.PerUnit.Hi), fmt.Sprint(r.PerUnit.Lo)}})
		}
	}
	return t
}

// programBands draws, for each series, its means against x as a line with
// its 95% CI as a shaded band in the series' colour, and a dashed line at 0.
// x must be in increasing order.
func programBands(title, xlabel, ylabel string, names []string, x []float64, mean, lo, hi [][]float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, ylabel)
	zero, err := plotter.NewLine(plotter.XYs{{X: x[0], Y: 0}, {X: x[len(x)-1], Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.Color, zero.Dashes = grey, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)
	for s, name := range names {
		c := palette[s%len(palette)]
		poly := make(plotter.XYs, 0, 2*len(x))
		line := make(plotter.XYs, len(x))
		for i := range x {
			poly = append(poly, plotter.XY{X: x[i], Y: hi[s][i]})
			line[i] = plotter.XY{X: x[i], Y: mean[s][i]}
		}
		for i := len(x) - 1; i >= 0; i-- {
			poly = append(poly, plotter.XY{X: x[i], Y: lo[s][i]})
		}
		pg, err := plotter.NewPolygon(poly)
		if err != nil {
			return nil, err
		}
		if rgba, ok := c.(color.RGBA); ok {
			pg.Color = withAlpha(rgba, 0x40)
		}
		pg.LineStyle.Width = 0
		l, pts, err := plotter.NewLinePoints(line)
		if err != nil {
			return nil, err
		}
		l.Color, pts.Color = c, c
		l.Width = vg.Points(1.5)
		// past the palette, dashed lines and other shapes tell the
		// scenarios apart
		pts.Shape = glyphs[(s/len(palette)+s)%len(glyphs)]
		if s >= len(palette) {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(2)}
		}
		p.Add(pg, l, pts)
		p.Legend.Add(name, pg, l, pts)
	}
	// 0 in view, and a little room above the highest band
	bottom, top := 0.0, 0.0
	for s := range names {
		for i := range x {
			bottom, top = math.Min(bottom, lo[s][i]), math.Max(top, hi[s][i])
		}
	}
	if top > bottom {
		p.Y.Min, p.Y.Max = bottom, top+0.04*(top-bottom)
	}
	if ticks := valueTicks(x); ticks != nil {
		p.X.Tick.Marker = ticks
	}
	return p, nil
}
