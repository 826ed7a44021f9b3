package report

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// acrossView is a comparison across a design as its report reads it: the
// levels (with their values and labels), the alternatives' names, the
// effects and ratios (experiment.AcrossOf), and how the levels are named.
type acrossView struct {
	sum *experiment.Summary
	ac  *experiment.Across
	// x is each level's position on a chart: the value of the design's
	// key (one key), or the point's number (several, or a hypercube);
	// label each level's name in words ("0.25", "point 3"), and points
	// what each point sets, for a design of several keys ("point 3: a=1,
	// b=2").
	x      []float64
	label  []string
	points []string
	// order is the levels in increasing x.
	order []int
	// key names the levels for a chart's axis and for sentences
	// ("professionalization").
	key   string
	alts  []string // the alternatives, as named at the first level
	base  string   // the baseline's name
	pd    period
	pairs int
}

func newAcrossView(m results.Manifest, sum *experiment.Summary, days int) *acrossView {
	v := &acrossView{sum: sum, ac: experiment.AcrossOf(sum), pd: periodOf(days)}
	if len(v.ac.Levels) == 0 {
		return v
	}
	first := v.ac.Levels[0]
	v.base = v.ac.Names[first.Baseline]
	for _, s := range first.Alternatives {
		v.alts = append(v.alts, v.ac.Names[s])
	}
	v.pairs = sum.Scenarios[first.Baseline].Metrics[experiment.DefaultObjective].N
	one := len(m.DesignKeys) == 1 && m.Design == "factorial"
	v.key = "design point"
	if one {
		v.key = strings.TrimPrefix(m.DesignKeys[0], "drivers.")
	}
	for l, lv := range v.ac.Levels {
		var params []results.ParamValue
		if lv.Baseline < len(m.Scenarios) {
			params = m.Scenarios[lv.Baseline].Params
		}
		if one && len(params) == 1 {
			v.x = append(v.x, params[0].Value)
			v.label = append(v.label, fmt.Sprintf("%g", params[0].Value))
			continue
		}
		var parts []string
		for _, p := range params {
			parts = append(parts, fmt.Sprintf("%s=%g", p.Key, p.Value))
		}
		v.x = append(v.x, float64(l+1))
		v.label = append(v.label, fmt.Sprintf("point %d", l+1))
		v.points = append(v.points, fmt.Sprintf("point %d: %s", l+1, strings.Join(parts, ", ")))
	}
	v.order = make([]int, len(v.x))
	for i := range v.order {
		v.order[i] = i
	}
	slices.SortStableFunc(v.order, func(a, b int) int { return cmp.Compare(v.x[a], v.x[b]) })
	return v
}

// outcome is the index of m in experiment.DecisionOutcomes.
func outcomeIndex(m experiment.Metric) int { return slices.Index(experiment.DecisionOutcomes, m) }

// acrossOutcomes are the outcomes an across report charts and says in
// words: the objective first, then heroin reaching the markets, opiates
// seized and organisers arrested.
func acrossOutcomes(objective experiment.Metric) []experiment.Metric {
	out := []experiment.Metric{objective}
	for _, m := range []experiment.Metric{experiment.HeroinDelivered, experiment.OpiatesSeized, experiment.OrganiserArrests} {
		if m != objective {
			out = append(out, m)
		}
	}
	return out
}

// writeAcross writes the report of a comparison across a design: the
// question; in plain words, for each outcome of acrossOutcomes, the whole
// curve of each alternative's effect against the level and of the first
// alternative's gain over the others'; the charts (effect, cost per unit
// and ratio against the level); and the table of every effect.
func writeAcross(dir string, in Input) (*Page, error) {
	m, sum := in.Manifest, in.Summary
	v := newAcrossView(m, sum, in.Days)
	if len(v.ac.Levels) == 0 || len(v.alts) == 0 {
		return nil, fmt.Errorf("report: a comparison across a design with no alternatives")
	}
	objective := objectiveOf(in)
	page := &Page{Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC"), Per: v.pd.per}
	page.Title = fmt.Sprintf("hourglass compare across %s: %s against %s", v.key, joinAnd(v.alts), v.base)
	page.Question = m.Question
	if page.Question == "" {
		page.Question = fmt.Sprintf("What does %s change against %s, each at the same level of %s (%s), and which buys more?",
			joinAnd(v.alts), v.base, v.key, strings.Join(v.levelLabels(), ", "))
		if len(v.alts) == 1 {
			page.Question = fmt.Sprintf("What does %s change against %s at each level of %s (%s)?", v.alts[0], v.base, v.key, strings.Join(v.levelLabels(), ", "))
		}
	}
	page.Summary = append(page.Summary, v.intro(objective))
	for _, o := range acrossOutcomes(objective) {
		page.Summary = append(page.Summary, v.words(o))
	}
	if !in.NoFigures {
		if err := mkFigures(dir, false); err != nil {
			return nil, err
		}
		for i, o := range acrossOutcomes(objective) {
			figs, err := v.charts(dir, o, i > 0)
			if err != nil {
				return nil, err
			}
			page.Figures = append(page.Figures, figs...)
		}
	}
	var minor []string
	for _, f := range page.Figures {
		if f.Minor {
			minor = append(minor, strings.ToLower(f.Title[:1])+f.Title[1:])
		}
	}
	page.MinorFigures = strings.Join(minor, "; ")
	page.Table = v.table()
	page.TableNote = fmt.Sprintf("Each alternative's mean paired change against %s at the same level, %s, with its 95%% CI (Student t); p-values raw and after Holm's adjustment over every alternative × level × headline metric; cost per unit: the extra cost over the run, discounted, per unit of a clear gain, with Fieller's 95%% interval. Bold rows: clear after the adjustment.", v.base, v.pd.per)
	page.Notes = v.notes()
	page.Files = []string{results.AcrossFile, results.AcrossRatiosFile, results.RunsFile, results.SummaryCSVFile, results.SummaryJSONFile,
		results.SegmentChangesFile, results.MonthlyFile, results.ManifestFile}
	page.Sources, page.SourcesArg = results.SourcesFile, sourcesArg(m)
	page.Files = append(page.Files, results.SourcesFile)
	if err := writeHTML(filepath.Join(dir, FileName), page); err != nil {
		return nil, err
	}
	return page, nil
}

func (v *acrossView) levelLabels() []string {
	out := make([]string, len(v.order))
	for i, l := range v.order {
		out[i] = v.label[l]
	}
	return out
}

// intro says how the comparison is made.
func (v *acrossView) intro(objective experiment.Metric) string {
	lv := v.ac.Levels[0]
	var costs []string
	for a, s := range lv.Alternatives {
		c := 0.0
		if x := v.sum.Scenarios[s].ExtraRunCostUSD; x != nil {
			c = *x
		}
		costs = append(costs, fmt.Sprintf("%s $%s", v.alts[a], thousands(c)))
	}
	s := fmt.Sprintf("At each level of %s, %s and %s ran %d paired replications with common random numbers, and each alternative is compared with %s at the same level: its change is the effect of the alternative at that level, not of the level. Extra cost over the run, discounted, against %s at the first level: %s. The charts lead with %s.",
		v.key, v.base, joinAnd(v.alts), v.pairs, v.base, v.base, strings.Join(costs, ", "), strings.ToLower(outcomeLabel(objective)))
	if len(v.points) > 0 {
		s += " The design's points: " + strings.Join(v.points, "; ") + "."
	}
	return s
}

// words says, for outcome o, each alternative's whole curve (where its
// effect is a clear gain, clearly worse or not clear, with its value at
// every level, and how the gain moves with the level) and the first
// alternative's gain over each other's.
func (v *acrossView) words(o experiment.Metric) string {
	k := outcomeIndex(o)
	out := []string{fmt.Sprintf("%s %s, against %s at the same level:", outcomeLabel(o), v.pd.span, v.base)}
	for a, name := range v.alts {
		var class []int
		var text []string
		gains := make([]float64, len(v.order))
		for i, l := range v.order {
			e := v.ac.Effects[l][a][k]
			c := 0
			if e.Clear && e.Gain.Mean > 0 {
				c = 1
			} else if e.Clear && e.Gain.Mean < 0 {
				c = -1
			}
			class = append(class, c)
			text = append(text, changeAmount(o, e.Diff.Mean))
			gains[i] = e.Gain.Mean
		}
		runs := v.runs(class, text, map[int]string{1: "a clear gain", -1: "clearly worse", 0: "no clear effect"})
		if len(v.points) > 0 { // points of several keys have no order to follow
			out = append(out, fmt.Sprintf("%s: %s.", name, runs))
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s; %s.", name, runs, trend(gains, v.key, v.levelLabels(), "its gain")))
	}
	for r := 1; r < len(v.alts); r++ {
		var class []int
		var text []string
		perDollar := false
		for _, l := range v.order {
			ra := v.ac.Ratios[l][r-1][k]
			perDollar = perDollar || ra.PerDollar
			switch {
			case !ra.Bounded:
				class, text = append(class, 2), append(text, "")
			case ra.Lo > 1:
				class, text = append(class, 1), append(text, ratioText(ra))
			case ra.Hi < 1:
				class, text = append(class, -1), append(text, ratioText(ra))
			default:
				class, text = append(class, 0), append(text, ratioText(ra))
			}
		}
		what := "gain"
		if perDollar {
			what = "gain per dollar"
		}
		runs := v.runs(class, text, map[int]string{1: v.alts[0] + " buys clearly more", -1: v.alts[r] + " buys clearly more",
			0: "not told apart", 2: "no bounded ratio (the gain of " + v.alts[r] + " is not clearly away from 0)"})
		out = append(out, fmt.Sprintf("The ratio of %s's %s to %s's (Fieller's 95%% interval): %s.", v.alts[0], what, v.alts[r], runs))
	}
	return strings.Join(out, " ")
}

// runs says a curve as stretches of levels in the same class, with every
// level's value ("a clear gain from professionalization 0 to 0.5 (+1.2 t
// at 0, +300 kg at 0.25, +30 kg at 0.5), no clear effect at 0.75 and 1
// (+2 kg, 0)"); text[i] is level i's value in words ("" for none). A
// stretch of more than six levels gives its ends and its extremes.
func (v *acrossView) runs(class []int, text []string, words map[int]string) string {
	labels := v.levelLabels()
	key := v.key + " "
	if v.key == "design point" {
		key = ""
	}
	var parts []string
	for i := 0; i < len(class); {
		j := i
		for j+1 < len(class) && class[j+1] == class[i] {
			j++
		}
		where := fmt.Sprintf("at %s%s", key, labels[i])
		switch {
		case j == i+1:
			where = fmt.Sprintf("at %s%s and %s", key, labels[i], labels[j])
		case j > i:
			where = fmt.Sprintf("from %s%s to %s", key, labels[i], labels[j])
		}
		s := words[class[i]] + " " + where
		var vals []string
		for k := i; k <= j; k++ {
			if text[k] != "" && (j-i < 6 || k == i || k == j) {
				vals = append(vals, text[k]+" at "+labels[k])
			}
		}
		if len(vals) == 1 {
			vals[0] = text[i]
		}
		if len(vals) > 0 {
			s += " (" + strings.Join(vals, ", ") + ")"
		}
		parts = append(parts, s)
		i = j + 1
	}
	return strings.Join(parts, "; ")
}

// trend says how ys moves along the levels: steadily up or down, or where
// it is largest and smallest.
func trend(ys []float64, key string, labels []string, what string) string {
	if len(ys) < 2 {
		return what + " is measured at one level only"
	}
	up, down := true, true
	for i := 1; i < len(ys); i++ {
		up = up && ys[i] >= ys[i-1]
		down = down && ys[i] <= ys[i-1]
	}
	switch {
	case up && down:
		return what + " is the same at every level"
	case up:
		return fmt.Sprintf("%s grows steadily as %s rises", what, key)
	case down:
		return fmt.Sprintf("%s shrinks steadily as %s rises", what, key)
	}
	hi, lo := 0, 0
	for i, y := range ys {
		if y > ys[hi] {
			hi = i
		}
		if y < ys[lo] {
			lo = i
		}
	}
	return fmt.Sprintf("its estimate is largest at %s and smallest at %s, not steadily up or down", labels[hi], labels[lo])
}

// fmtRate is a ratio or rate for a sentence: three significant digits below
// 100.
func fmtRate(x float64) string {
	if math.Abs(x) >= 100 {
		return fmtNum(x)
	}
	return fmt.Sprintf("%.3g", x)
}

func ratioText(r experiment.Ratio) string {
	minus := func(s string) string { return strings.Replace(s, "-", "−", 1) }
	return fmt.Sprintf("%s, 95%% CI %s to %s", minus(fmtRate(r.Estimate)), minus(fmtRate(r.Lo)), minus(fmtRate(r.Hi)))
}

// charts draws, for outcome o, each alternative's effect against the level
// with its 95% CI, its cost per unit of a clear gain (o the objective
// only) and the first alternative's gain over each other's; minor puts
// them behind a click.
func (v *acrossView) charts(dir string, o experiment.Metric, minor bool) ([]Figure, error) {
	k := outcomeIndex(o)
	n := len(v.order)
	x := make([]float64, n)
	for i, l := range v.order {
		x[i] = v.x[l]
	}
	grid := func(rows int) (mean, lo, hi [][]float64) {
		mean, lo, hi = make([][]float64, rows), make([][]float64, rows), make([][]float64, rows)
		for r := range rows {
			mean[r], lo[r], hi[r] = make([]float64, n), make([]float64, n), make([]float64, n)
		}
		return mean, lo, hi
	}
	var figs []Figure
	unit := unitWords(o.Info().Unit) + " " + v.pd.per
	mean, lo, hi := grid(len(v.alts))
	cost, clo, chi := grid(len(v.alts))
	for a := range v.alts {
		for i, l := range v.order {
			e := v.ac.Effects[l][a][k]
			mean[a][i], lo[a][i], hi[a][i] = e.Diff.Mean, e.Diff.Lo, e.Diff.Hi
			cost[a][i], clo[a][i], chi[a][i] = math.NaN(), math.NaN(), math.NaN()
			if c := e.CostPerUnit; c != nil {
				cost[a][i], clo[a][i], chi[a][i] = c.Mean, c.Lo, c.Hi
			}
		}
	}
	title := fmt.Sprintf("%s: change against %s at each level", outcomeLabel(o), v.base)
	p, err := seriesCI(title, v.key, "change, "+unit, v.alts, x, mean, lo, hi, 0)
	if err != nil {
		return nil, err
	}
	f, err := save(p, dir, "across-effect-"+safe(o.String()), fmt.Sprintf("%s: each alternative's mean paired change against %s at the same level of %s (common random numbers), with its 95%% CI as an error bar; a dashed line at no change. Where the bar crosses 0 the change is not clear; clear after Holm's adjustment is in the table.",
		outcomeLabel(o), v.base, v.key), lineHeight)
	if err != nil {
		return nil, err
	}
	f.Minor = minor
	figs = append(figs, f)
	if !minor && anyFinite(cost) {
		p, err := seriesCI(fmt.Sprintf("Cost per %s at each level", outcomeGain(o)), v.key, "USD per "+costUnit(o), v.alts, x, cost, clo, chi, math.NaN())
		if err != nil {
			return nil, err
		}
		f, err := save(p, dir, "across-cost-"+safe(o.String()), fmt.Sprintf("The extra cost over the run, discounted, per %s, at each level where the gain is clear after Holm's adjustment (elsewhere there is no cost per unit), with Fieller's 95%% interval.", outcomeGain(o)), lineHeight)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	if len(v.alts) < 2 {
		return figs, nil
	}
	names := make([]string, len(v.alts)-1)
	rm, rlo, rhi := grid(len(v.alts) - 1)
	perDollar := false
	for r := range names {
		names[r] = v.alts[0] + " over " + v.alts[r+1]
		for i, l := range v.order {
			ra := v.ac.Ratios[l][r][k]
			perDollar = perDollar || ra.PerDollar
			rm[r][i], rlo[r][i], rhi[r][i] = math.NaN(), math.NaN(), math.NaN()
			if ra.Bounded {
				rm[r][i], rlo[r][i], rhi[r][i] = ra.Estimate, ra.Lo, ra.Hi
			}
		}
	}
	if !anyFinite(rm) {
		return figs, nil // no level has a bounded ratio: the words say so
	}
	what := "gain"
	if perDollar {
		what = "gain per dollar"
	}
	p, err = seriesCI(fmt.Sprintf("%s: %s's %s over the other's", outcomeLabel(o), v.alts[0], what), v.key, "ratio", names, x, rm, rlo, rhi, 1)
	if err != nil {
		return nil, err
	}
	f, err = save(p, dir, "across-ratio-"+safe(o.String()), fmt.Sprintf("%s's %s in %s over each other alternative's at the same level (a paired ratio: both are changes against %s in the same replications), with Fieller's 95%% interval from the two changes' variances and covariance; above the dashed line at 1 it buys more. Levels where the other's gain is not clearly away from 0 have no bounded interval and are left out.",
		v.alts[0], what, PlainName(o), v.base), lineHeight)
	if err != nil {
		return nil, err
	}
	f.Minor = minor
	return append(figs, f), nil
}

func anyFinite(rows [][]float64) bool {
	for _, r := range rows {
		for _, x := range r {
			if !math.IsNaN(x) {
				return true
			}
		}
	}
	return false
}

// seriesCI draws, for each series, its means against x as points joined by
// a line, with its 95% CI as error bars, the series a little apart in x so
// that their bars do not hide each other; NaN means no point there. ref,
// unless NaN, is drawn as a dashed line (0 for a change, 1 for a ratio).
// x must be in increasing order.
func seriesCI(title, xlabel, ylabel string, names []string, x []float64, mean, lo, hi [][]float64, ref float64) (*plot.Plot, error) {
	p := newPlot(title, xlabel, ylabel)
	if !math.IsNaN(ref) {
		line, err := plotter.NewLine(plotter.XYs{{X: x[0], Y: ref}, {X: x[len(x)-1], Y: ref}})
		if err != nil {
			return nil, err
		}
		line.Color, line.Dashes = grey, []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
	}
	span := x[len(x)-1] - x[0]
	step := span / float64(max(1, len(x)-1))
	bottom, top := math.Inf(1), math.Inf(-1)
	if !math.IsNaN(ref) {
		bottom, top = ref, ref
	}
	for s, name := range names {
		var pts plotter.XYs
		var errs plotter.YErrors
		off := 0.0
		if len(names) > 1 {
			off = 0.12 * step * (float64(s)/float64(len(names)-1) - 0.5)
		}
		for i := range x {
			if math.IsNaN(mean[s][i]) {
				continue
			}
			pts = append(pts, plotter.XY{X: x[i] + off, Y: mean[s][i]})
			errs = append(errs, struct{ Low, High float64 }{mean[s][i] - lo[s][i], hi[s][i] - mean[s][i]})
			bottom, top = math.Min(bottom, lo[s][i]), math.Max(top, hi[s][i])
		}
		if len(pts) == 0 {
			continue
		}
		c := palette[s%len(palette)]
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		styleSeries(s, l, sc, 1.2)
		sc.Radius = vg.Points(3.5)
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYer
			plotter.YErrorer
		}{pts, errs})
		if err != nil {
			return nil, err
		}
		eb.LineStyle.Color, eb.LineStyle.Width = c, vg.Points(1.2)
		p.Add(l, sc, eb)
		p.Legend.Add(name, l, sc)
	}
	if top > bottom {
		pad := 0.05 * (top - bottom)
		p.Y.Min, p.Y.Max = bottom-pad, top+pad
	}
	if span > 0 {
		p.X.Min, p.X.Max = x[0]-0.08*span, x[len(x)-1]+0.08*span
	}
	if ticks := valueTicks(x); ticks != nil {
		p.X.Tick.Marker = ticks
	}
	return p, nil
}

// table is every alternative's effect at every level in every decision
// outcome.
func (v *acrossView) table() Table {
	t := Table{Header: []string{"alternative", v.key, "outcome", "change", "95% CI", "p", "p after Holm", "clear after Holm", "cost per unit, USD", "95% interval"}, SigCol: 7}
	for a, name := range v.alts {
		for _, l := range v.order {
			for _, e := range v.ac.Effects[l][a] {
				clear := "no"
				if e.Clear {
					clear = "yes"
				}
				cost, ci := Cell{"–", ""}, Cell{"", ""}
				if c := e.CostPerUnit; c != nil {
					cost = Cell{money(c.Mean), fmt.Sprint(c.Mean)}
					ci = Cell{money(c.Lo) + " – " + money(c.Hi), fmt.Sprint(c.Lo)}
				}
				t.Rows = append(t.Rows, []Cell{{name, name}, {v.label[l], fmt.Sprint(v.x[l])}, {outcomeLabel(e.Metric), e.Metric.String()},
					{signedShort(e.Diff.Mean), fmt.Sprint(e.Diff.Mean)}, {signedShort(e.Diff.Lo) + " to " + signedShort(e.Diff.Hi), fmt.Sprint(e.Diff.Lo)},
					{pWords(e.P), fmt.Sprint(e.P)}, {pWords(e.PAdjusted), fmt.Sprint(e.PAdjusted)}, {clear, clear}, cost, ci})
			}
		}
	}
	return t
}

// notes say how the numbers of an across report are made.
func (v *acrossView) notes() []string {
	cells := 0
	for _, lv := range v.ac.Levels {
		cells += len(lv.Alternatives) * experiment.NumMetrics
	}
	out := []string{
		fmt.Sprintf("Pairing: every scenario runs at every level with the same random streams (common random numbers), and each alternative is paired with %s at its own level, replication by replication, so its change is what it does at that level.", v.base),
		fmt.Sprintf("Multiplicity: the %d changes (%d levels × %d alternatives × %d headline metrics) are one family; a change is clear only after Holm's step-down adjustment over all of them (family-wise error 5%%), as in a decision table.",
			cells, len(v.ac.Levels), len(v.alts), experiment.NumMetrics),
	}
	if len(v.alts) > 1 {
		out = append(out, "Ratios: the first alternative's gain over each other's at the same level is a ratio of two paired means, and its 95% interval is Fieller's (not a bootstrap): every ratio ρ for which a − ρb is consistent with 0 given the variances of the two changes and their covariance (from the paired difference of the two alternatives), bounded only where the other's gain is clearly away from 0. Where both cost more than the baseline it is the ratio of gains per dollar.")
	}
	return append(out, "Charts use Liberation Sans, the page's font.")
}
