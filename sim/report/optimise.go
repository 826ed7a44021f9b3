package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// Optimise is what an optimisation's report shows: what hourglass optimise
// found, the base's world (for the siting map) and the closing comparison
// (for the best site's change map).
type Optimise struct {
	*results.Optimisation
	World *sim.World
	// Comparison is the closing comparison's summary (the base first, then
	// the scenarios Optimisation.ComparisonNames names); nil when there
	// was none.
	Comparison *experiment.Summary
	Days       int
	NoFigures  bool
	Sources    string // the provenance table beside the report
	Files      []string
}

// OptimiseAnswer is the answer in a few sentences: what to buy, what it
// gains with its interval, how sure the choice is (the probability of
// correct selection, or the portfolios it cannot be told from), whether the
// whole is more or less than its parts, where one new post does most, and,
// with an ensemble, what is robust.
func OptimiseAnswer(o *results.Optimisation) []string {
	var out []string
	gain := func(p results.OptPortfolio) string {
		return fmt.Sprintf("%s %s, 95%% CI %s to %s, %d replications", signed(p.Gain.Mean), o.Unit, fmtNum(p.Gain.Lo), fmtNum(p.Gain.Hi), p.Gain.N)
	}
	what := objectiveWords(o)
	if len(o.Best.IDs) == 0 {
		out = append(out, fmt.Sprintf("Buy nothing: no portfolio within %s does better on %s than %s.", budgetWords(o, o.Budget), what, o.Base))
	} else {
		out = append(out, fmt.Sprintf("Buy %s, for %s (the budget: %s). Against %s, %s %s (a gain of %s).",
			o.Best.Label(), budgetWords(o, o.Best.Cost), budgetWords(o, o.Budget), o.Base, what, changeOf(o, o.Best.Gain.Mean), gain(o.Best)))
	}
	proc := "Kim and Nelson's procedure (KN, 2001)"
	if o.Procedure == "OCBA" {
		proc = "OCBA (Chen et al. 2000)"
	}
	scope := fmt.Sprintf("every one of the %d feasible portfolios", o.Compared)
	if o.Method != "exhaustive" {
		scope = fmt.Sprintf("the %d portfolios of the local search's final selection (its local optima and their neighbours, not every feasible portfolio)", o.Compared)
	}
	switch {
	case len(o.Rivals) > 0:
		rivals := slices.Clone(o.Rivals)
		sort.SliceStable(rivals, func(i, j int) bool { return rivals[i].Gain.Mean > rivals[j].Gain.Mean })
		var names []string
		for _, r := range rivals[:min(len(rivals), 3)] {
			names = append(names, fmt.Sprintf("%s (%s %s)", r.Label(), signed(r.Gain.Mean), o.Unit))
		}
		whom := "from " + strings.Join(names, " and ")
		if len(rivals) > 3 {
			whom = fmt.Sprintf("from %d other portfolios, those of largest mean gain %s", len(rivals), strings.Join(names, ", "))
		}
		out = append(out, fmt.Sprintf("It is statistically indistinguishable, at δ = %s %s, %s: the data do not show them worse by δ (simultaneous 95%% intervals; gains over every replication evaluated). %s compared %s; its probability of correct selection is %s. More replications (-n) or a larger δ would separate them.",
			fmtNum(o.Delta), o.Unit, whom, proc, scope, pcsWords(o)))
		if core := coreMembers(o); core != "" {
			out = append(out, core)
		}
	default:
		out = append(out, fmt.Sprintf("%s compared %s: no other comes within δ = %s %s, and the probability of correct selection is %s.", proc, scope, fmtNum(o.Delta), o.Unit, pcsWords(o)))
	}
	if len(o.Interactions) > 0 && len(o.Interactions[0].Members) > 1 {
		in := o.Interactions[0]
		out = append(out, fmt.Sprintf("Its members together gain %s %s, alone %s in sum: the whole is %s (synergy %s, 95%% CI %s to %s).",
			fmtNum(in.Joint.Mean), o.Unit, fmtNum(in.SumOfParts.Mean), additivityWords(in.Kind), signed(in.Synergy.Mean), fmtNum(in.Synergy.Lo), fmtNum(in.Synergy.Hi)))
	}
	if o.BestSite >= 0 {
		s := o.Siting[o.BestSite]
		where := s.Place
		if s.Name != "" && s.Name != s.Place {
			where += " (" + s.Name + ")"
		}
		lead := "One new post does most at " + where
		if s.Gain.Mean <= 0 {
			lead = "No new post gains alone on average; the least bad is at " + where
		}
		clear := "its interval includes 0"
		if s.Gain.Lo > 0 {
			clear = "its interval is above 0"
		}
		out = append(out, fmt.Sprintf("%s: %s %s alone (95%% CI %s to %s; %s).", lead, signed(s.Gain.Mean), o.Unit, fmtNum(s.Gain.Lo), fmtNum(s.Gain.Hi), clear))
	}
	if r := o.Robustness; r != nil {
		out = append(out, fmt.Sprintf("Across the %d ensemble members, %s has the least worst-case regret (%s %s) and %s the least expected regret (%s %s); the calibrated world's choice is %s.",
			len(r.Members), r.Portfolios[r.MinimaxRegret].Label(), fmtNum(r.WorstCase[r.MinimaxRegret]), o.Unit,
			r.Portfolios[r.MinExpectedRegret].Label(), fmtNum(r.Expected[r.MinExpectedRegret]), o.Unit, r.Portfolios[r.Calibrated].Label()))
	}
	return out
}

// coreMembers says which candidates most of the portfolios the data cannot
// tell from the chosen one include (three in four or more, with how many):
// what the data do say to buy, whichever of them is best.
func coreMembers(o *results.Optimisation) string {
	top := append([]results.OptPortfolio{o.Best}, o.Rivals...)
	count := map[string]int{}
	for _, p := range top {
		for _, id := range p.IDs {
			count[id]++
		}
	}
	var core []string
	for _, c := range o.Candidates {
		if n := count[c.ID]; 4*n >= 3*len(top) {
			core = append(core, fmt.Sprintf("%s (in %d of the %d)", c.ID, n, len(top)))
		}
	}
	if len(core) == 0 {
		return ""
	}
	return fmt.Sprintf("What they share: %s; the rest of the budget buys gains the replications cannot tell apart.", strings.Join(core, ", "))
}

// objectiveWords names the objective in plain words.
func objectiveWords(o *results.Optimisation) string {
	if m, err := experiment.ParseMetric(o.Objective); err == nil {
		return PlainName(m)
	}
	return o.Objective
}

// changeOf says how the objective changes for a gain: "falls by 1,503 kg".
func changeOf(o *results.Optimisation, gain float64) string {
	if o.Better == "less" {
		gain = -gain
	}
	verb := "rises by"
	if gain < 0 {
		verb = "falls by"
	}
	return verb + " " + fmtNum(math.Abs(gain)) + " " + o.Unit
}

// budgetWords is an amount in the budget's unit.
func budgetWords(o *results.Optimisation, usd float64) string {
	if o.PerRun {
		return "USD " + thousands(usd) + " over the run"
	}
	return "USD " + thousands(usd) + " a year"
}

// pcsWords states the probability of correct selection as the procedure
// gives it.
func pcsWords(o *results.Optimisation) string {
	switch {
	case o.Guaranteed:
		return fmt.Sprintf("at least %.2f (guaranteed when the best leads every other by δ or more)", o.PCS)
	case o.Truncated:
		return fmt.Sprintf("estimated at %.2f (APCS-B, a Bonferroni lower bound; KN reached its cap of %d replications before it could decide between them, so its guarantee does not hold)", o.PCS, o.MaxReps)
	}
	return fmt.Sprintf("estimated at %.2f (APCS-B, a Bonferroni lower bound)", o.PCS)
}

// additivityWords says what an interaction kind means.
func additivityWords(kind string) string {
	switch kind {
	case "sub-additive":
		return "less than the sum of its parts (sub-additive: members share the same loads)"
	case "super-additive":
		return "more than the sum of its parts (super-additive: members close each other's detours)"
	}
	return "about the sum of its parts (additive within noise)"
}

// OptimiseText prints an optimisation for a terminal: the answer, the
// frontier, the chosen portfolio's members, and the sites.
func OptimiseText(w io.Writer, o *results.Optimisation) {
	fmt.Fprintf(w, "optimise %s: %s, objective %s (%s is better), %s\n", o.Name, budgetWords(o, o.Budget), o.Objective, o.Better, o.Method)
	for _, s := range OptimiseAnswer(o) {
		fmt.Fprintln(w, s)
	}
	fmt.Fprintf(w, "\nFrontier (* efficient): budget, the best portfolio, its cost and gain in %s with 95%% CI\n", o.Unit)
	for _, f := range o.Frontier {
		mark := " "
		if f.Efficient {
			mark = "*"
		}
		fmt.Fprintf(w, "%s %14s  %-60s %14s  %s [%s, %s]\n", mark, thousands(f.Budget), f.Best.Label(), thousands(f.Best.Cost), fmtNum(f.Best.Gain.Mean), fmtNum(f.Best.Gain.Lo), fmtNum(f.Best.Gain.Hi))
	}
	if len(o.Interactions) > 0 {
		in := o.Interactions[0]
		fmt.Fprintf(w, "\nMembers of the chosen portfolio: marginal contribution V(P) - V(P without it), and gain alone, %s, 95%% CI\n", o.Unit)
		for _, m := range in.Members {
			fmt.Fprintf(w, "  %-32s marginal %s [%s, %s]  alone %s [%s, %s]\n", m.ID, fmtNum(m.Marginal.Mean), fmtNum(m.Marginal.Lo), fmtNum(m.Marginal.Hi), fmtNum(m.Alone.Mean), fmtNum(m.Alone.Lo), fmtNum(m.Alone.Hi))
		}
		fmt.Fprintf(w, "  synergy %s [%s, %s]: %s\n", fmtNum(in.Synergy.Mean), fmtNum(in.Synergy.Lo), fmtNum(in.Synergy.Hi), in.Kind)
	}
	sites := sitesByGain(o)
	if len(sites) > 0 {
		fmt.Fprintf(w, "\nOne new post, alone (%s, 95%% CI), best first\n", o.Unit)
		for _, s := range sites[:min(5, len(sites))] {
			fmt.Fprintf(w, "  %-32s %s [%s, %s]\n", s.ID, fmtNum(s.Gain.Mean), fmtNum(s.Gain.Lo), fmtNum(s.Gain.Hi))
		}
	}
	fmt.Fprintf(w, "\n%d evaluations (%d simulated now), %d portfolio worlds built in %.0f ms\n", o.Evaluations, o.Simulated, o.Builds, o.BuildMillis)
}

// sitesByGain are the new posts, largest gain first.
func sitesByGain(o *results.Optimisation) []results.OptSite {
	var out []results.OptSite
	for _, s := range o.Siting {
		if s.Post {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Gain.Mean > out[j].Gain.Mean })
	return out
}

// optimisePage is what the optimisation's template shows.
type optimisePage struct {
	*results.Optimisation
	Title, Question string
	Answer          []string
	Figures         []Figure
	Maps            []Figure
	Members         [][]string
	Frontier        [][]string
	Sites           [][]string
	Interactions    []optInteraction
	Robust          [][]string
	RobustHead      []string
	Notes           []string
	Files           []string
	Sources         string
}

type optInteraction struct {
	Title string
	Rows  [][]string
}

// WriteOptimise draws an optimisation's charts and siting map and writes
// report.html: the answer first (the chosen portfolio, its gain, how sure
// the choice is), then the frontier, the siting map, the members and
// interactions, robustness across the ensemble, and how it was made.
func WriteOptimise(dir string, in Optimise) error {
	o := in.Optimisation
	if err := mkFigures(dir, in.NoFigures); err != nil {
		return err
	}
	page := &optimisePage{Optimisation: o, Title: "hourglass optimise: what " + budgetWords(o, o.Budget) + " buys",
		Answer: OptimiseAnswer(o), Files: in.Files, Sources: in.Sources}
	page.Question = fmt.Sprintf("Which portfolio of the %d candidates of %s, within %s, changes %s most against %s (%s is better)? Costs: the loader's cost model over the run, discounted%s.",
		len(o.Candidates), o.Name, budgetWords(o, o.Budget), objectiveWords(o), o.Base, o.Better, annuityWords(o))
	if !in.NoFigures {
		f, err := frontierChart(dir, o)
		if err != nil {
			return err
		}
		page.Figures = append(page.Figures, f)
		if m, ok, err := sitingMap(dir, in); err != nil {
			return err
		} else if ok {
			page.Maps = append(page.Maps, m)
		}
	}
	if len(o.Interactions) > 0 {
		for _, m := range o.Interactions[0].Members {
			page.Members = append(page.Members, []string{m.ID, ciCell(m.Marginal), ciCell(m.Alone)})
		}
	}
	for _, f := range o.Frontier {
		eff := ""
		if f.Efficient {
			eff = "yes"
		}
		page.Frontier = append(page.Frontier, []string{thousands(f.Budget), f.Best.Label(), thousands(f.Best.Cost), ciCell(f.Best.Gain), fmt.Sprintf("%.2f", f.PCS), fmt.Sprint(f.Rivals), eff})
	}
	for _, s := range sitesByGain(o) {
		page.Sites = append(page.Sites, []string{s.ID, s.Name, thousands(s.Cost), ciCell(s.Gain)})
	}
	for i, it := range o.Interactions {
		title := "The chosen portfolio: " + it.Portfolio.Label()
		if i > 0 {
			title = fmt.Sprintf("Rival %d: %s", i, it.Portfolio.Label())
		}
		rows := [][]string{{"the whole, V(P)", ciCell(it.Joint)}, {"sum of the parts alone", ciCell(it.SumOfParts)}, {"synergy: " + it.Kind, ciCell(it.Synergy)}}
		for _, m := range it.Members {
			rows = append(rows, []string{"without " + m.ID + " it loses", ciCell(m.Marginal)})
		}
		page.Interactions = append(page.Interactions, optInteraction{Title: title, Rows: rows})
	}
	if r := o.Robustness; r != nil {
		page.RobustHead = []string{"portfolio", "cost", "worst-case regret", "expected regret", "chosen in"}
		for p, pf := range r.Portfolios {
			var by []string
			if p == r.Calibrated {
				by = append(by, "the calibrated world")
			}
			if p == r.MinimaxRegret {
				by = append(by, "least worst-case regret")
			}
			if p == r.MinExpectedRegret {
				by = append(by, "least expected regret")
			}
			page.Robust = append(page.Robust, []string{pf.Label(), thousands(pf.Cost), fmtNum(r.WorstCase[p]), fmtNum(r.Expected[p]), strings.Join(by, "; ")})
		}
	}
	page.Notes = optimiseNotes(o)
	var buf bytes.Buffer
	if err := optimiseTemplate.Execute(&buf, page); err != nil {
		return err
	}
	return results.WriteFileAtomic(filepath.Join(dir, FileName), buf.Bytes())
}

// annuityWords says how a cost over the run becomes a cost a year.
func annuityWords(o *results.Optimisation) string {
	if o.PerRun {
		return ""
	}
	if o.RunYears == 1 {
		return "; for this one-year run, a year's cost is that: annual costs plus capital over its lifetime"
	}
	return fmt.Sprintf(", spread over the run's %s years as a level yearly payment of the same present value (÷ %s)",
		strconv.FormatFloat(o.RunYears, 'g', 4, 64), strconv.FormatFloat(o.Annuity, 'g', 4, 64))
}

// ciCell is a gain with its interval.
func ciCell(g results.Gain) string {
	return fmt.Sprintf("%s [%s, %s]", fmtNum(g.Mean), fmtNum(g.Lo), fmtNum(g.Hi))
}

// optimiseNotes say how the numbers are made.
func optimiseNotes(o *results.Optimisation) []string {
	delta := fmt.Sprintf("δ = %s %s", fmtNum(o.Delta), o.Unit)
	if o.DeltaAuto {
		delta += " (the default: 1% of the base's mean over the first stage, or 1 when it is 0)"
	}
	notes := []string{
		fmt.Sprintf("Gains: the change in %s against %s, in the better direction, paired by replication: replication r of every portfolio and of the base continues the same warm-up with the same random streams (common random numbers), so differences between portfolios are measured on the same randomness.", o.Objective, o.Base),
		fmt.Sprintf("Selection: %s, with α = %.2f, %s, a first stage of %d replications and at most %d per portfolio. %s", o.Procedure, o.Alpha, delta, o.FirstStage, o.MaxReps, o.Reference),
		fmt.Sprintf("Search: %s. With at most the exhaustive limit of feasible portfolios, all are compared at once; otherwise greedy additions by gain per dollar and by gain, each a selection, then exchange moves (add, drop, swap one) until the current portfolio is selected among its neighbours, then a final selection among the local optima and their neighbours. The frontier's searches (smaller budgets) also start the search at the budget.", o.Method),
		"Interactions: each member's marginal contribution V(P) − V(P without it) and the synergy V(P) − Σ V(member alone), Student t intervals over the same replications (paired).",
		fmt.Sprintf("%d evaluations in all (%d simulated in this process, the rest read from the evaluation logs); %d portfolio worlds built in %.0f ms.", o.Evaluations, o.Simulated, o.Builds, o.BuildMillis),
	}
	if o.Comparison != "" {
		notes = append(notes, "The closing comparison ("+o.Comparison+"/report.html) runs the base, the chosen portfolio, its runner-up and the best new post as hourglass compare does, with the decision table, side effects and route maps.")
	}
	return notes
}

// frontierChart draws cost against gain: every portfolio evaluated (grey),
// the best at each budget level with its interval, the efficient ones
// joined, and the budget as a dashed line.
func frontierChart(dir string, o *results.Optimisation) (Figure, error) {
	costLabel := "cost, USD a year"
	if o.PerRun {
		costLabel = "cost over the run, USD (discounted)"
	}
	p := newPlot("Cost against gain: the frontier", costLabel, fmt.Sprintf("gain in %s, %s (95%% CI)", o.Objective, o.Unit))
	p.X.Tick.Marker = numTicks{Prefix: "$"}
	var all plotter.XYs
	for _, pf := range o.Portfolios {
		if pf.Cost <= o.Budget*(1+1e-9) { // not the candidates over the budget, evaluated alone for the siting
			all = append(all, plotter.XY{X: pf.Cost, Y: pf.Gain.Mean})
		}
	}
	if len(all) > 0 {
		sc, err := plotter.NewScatter(all)
		if err != nil {
			return Figure{}, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: withAlpha(grey, 0xc0), Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		p.Legend.Add("every portfolio evaluated within the budget (mean)", sc)
	}
	var pts, eff plotter.XYs
	var errs plotter.YErrors
	for _, f := range o.Frontier {
		xy := plotter.XY{X: f.Best.Cost, Y: f.Best.Gain.Mean}
		pts = append(pts, xy)
		errs = append(errs, struct{ Low, High float64 }{finiteOr(f.Best.Gain.Mean - f.Best.Gain.Lo), finiteOr(f.Best.Gain.Hi - f.Best.Gain.Mean)})
		if f.Efficient {
			eff = append(eff, xy)
		}
	}
	sort.Slice(eff, func(i, j int) bool { return eff[i].X < eff[j].X })
	if len(eff) > 1 {
		l, err := plotter.NewLine(eff)
		if err != nil {
			return Figure{}, err
		}
		l.Color, l.Width = blue, vg.Points(1.5)
		p.Add(l)
		p.Legend.Add("efficient frontier", l)
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return Figure{}, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: vermillion, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYer
		plotter.YErrorer
	}{pts, errs})
	if err != nil {
		return Figure{}, err
	}
	eb.Color, eb.LineStyle.Width = vermillion, vg.Points(1.2)
	p.Add(eb, sc)
	p.Legend.Add("best at a budget level, 95% CI", sc)
	top := o.Budget
	for _, xy := range all {
		top = math.Max(top, xy.X)
	}
	lo, hi := 0.0, 0.0
	for i, xy := range pts {
		lo, hi = math.Min(lo, xy.Y-errs[i].Low), math.Max(hi, xy.Y+errs[i].High)
	}
	for _, xy := range all {
		lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
	}
	bl, err := plotter.NewLine(plotter.XYs{{X: o.Budget, Y: lo}, {X: o.Budget, Y: hi}})
	if err != nil {
		return Figure{}, err
	}
	bl.Color, bl.Dashes, bl.Width = black, []vg.Length{4, 3}, vg.Points(1)
	p.Add(bl)
	p.Legend.Add("the budget", bl)
	p.X.Min, p.X.Max = 0, top*1.03
	caption := fmt.Sprintf("Each red point is the best portfolio found within one budget level, with its 95%% CI; the blue line joins the efficient ones (no cheaper portfolio gains as much); grey points are every portfolio the search evaluated (%d). The dashed line is the budget. Gains are in %s against %s, in the better direction.", len(o.Portfolios), o.Objective, o.Base)
	return save(p, dir, "frontier", caption, lineHeight)
}

// finiteOr is x, or 0 when it is not finite (an interval of one replication).
func finiteOr(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// sitingMap draws where one new post does most: each new post's gain alone
// at its place, the best ringed, over the change the best one makes to the
// opiate flow (the closing comparison's paired change, with its CI: where
// the flow goes instead).
func sitingMap(dir string, in Optimise) (Figure, bool, error) {
	o := in.Optimisation
	if in.World == nil || o.BestSite < 0 {
		return Figure{}, false, nil
	}
	d := MapData{World: in.World, Title: "Where should one new post stand? Each post's gain alone, and where the best one moves the opiate flow", Kind: OpiateChange}
	for i, s := range o.Siting {
		if !s.Post {
			continue
		}
		if pi := in.World.PlaceIndex(strings.SplitN(s.Place, "+", 2)[0]); pi >= 0 {
			d.Sites = append(d.Sites, Site{Place: pi, Gain: s.Gain.Mean, Lo: s.Gain.Lo, Hi: s.Gain.Hi, Best: i == o.BestSite})
		}
	}
	d.Change = make([]FlowChange, len(in.World.Segments))
	if sum := in.Comparison; sum != nil {
		if k := slices.Index(o.ComparisonNames, "best-site"); k >= 0 && k+1 < len(sum.Scenarios) {
			d.Change, _ = segmentChanges(in.World, &sum.Scenarios[k+1])
		}
	}
	res, err := Map(d)
	if err != nil {
		return Figure{}, false, err
	}
	for ext, data := range map[string][]byte{"svg": res.SVG, "png": res.PNG} {
		if err := results.WriteFileAtomic(filepath.Join(dir, "figures", "siting."+ext), data); err != nil {
			return Figure{}, false, err
		}
	}
	best := o.Siting[o.BestSite]
	caption := fmt.Sprintf("Dots: every new post of the candidates, bought alone, at its place; area proportional to its gain in %s (%s), green where its 95%% CI is above 0. Ringed: the best, %s. Lines: the paired change in the opiate flow that the best post makes against %s (the closing comparison, %d replications): blue where the flow falls, vermillion where it rises (where it goes instead), grey where the CI includes 0.",
		o.Objective, o.Unit, best.ID, o.Base, o.MaxReps)
	return Figure{Title: d.Title, Caption: caption, SVG: "figures/siting.svg", PNG: "figures/siting.png"}, true, nil
}

// optimiseTemplate is the optimisation's page: like every report, it needs
// no network and leads with the answer.
var optimiseTemplate = template.Must(template.New("optimise").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; max-width: 1380px; margin: 1em auto; padding: 0 1em; color: #111; line-height: 1.45; }
h1 { font-size: 1.35em; }
h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
#answer { background: #f4f8fb; border-left: 4px solid #0072b2; padding: 0.4em 0.9em; }
#answer p { margin: 0.3em 0; }
.question, .note, figcaption { font-size: 0.88em; color: #444; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
table { border-collapse: collapse; font-size: 0.86em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; text-align: right; }
th { background: #f0f0f0; }
td:first-child, th:first-child, td.name, #frontier-table th:nth-child(2), #sites th:nth-child(2) { text-align: left; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div id="answer">{{range .Answer}}<p>{{.}}</p>{{end}}</div>
<p class="question">{{.Question}}</p>
{{if .Members}}<h2 id="chosen">The chosen portfolio: {{.Best.Label}}</h2>
<table id="members">
<thead><tr><th>member</th><th>marginal contribution, {{.Unit}} [95% CI]</th><th>gain alone, {{.Unit}} [95% CI]</th></tr></thead>
<tbody>{{range .Members}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<p class="note">Marginal contribution: what the portfolio loses without the member, V(P) − V(P without it); gain alone: the member bought alone. Both against {{.Base}}, paired by replication.</p>
{{end}}<h2 id="frontier">The frontier: cost against gain</h2>
{{range .Figures}}<figure><img src="{{.SVG}}" alt="{{.Title}}" /><figcaption>{{.Caption}} <a href="{{.PNG}}">PNG</a></figcaption></figure>
{{end}}<table id="frontier-table">
<thead><tr><th>budget, USD</th><th>best portfolio</th><th>cost, USD</th><th>gain, {{.Unit}} [95% CI]</th><th>P(correct selection)</th><th>rivals within δ</th><th>efficient</th></tr></thead>
<tbody>{{range .Frontier}}<tr>{{range $i, $c := .}}<td{{if eq $i 1}} class="name"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Sites}}<h2 id="siting">Siting: where should one new post stand?</h2>
{{range .Maps}}<figure><img src="{{.SVG}}" alt="{{.Title}}" /><figcaption>{{.Caption}} <a href="{{.PNG}}">PNG</a></figcaption></figure>
{{end}}<table id="sites">
<thead><tr><th>new post</th><th>place</th><th>cost, USD</th><th>gain alone, {{.Unit}} [95% CI]</th></tr></thead>
<tbody>{{range .Sites}}<tr>{{range $i, $c := .}}<td{{if eq $i 1}} class="name"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{if .Interactions}}<h2 id="interactions">Interactions: the chosen portfolio and its rivals</h2>
{{range .Interactions}}<h3>{{.Title}}</h3>
<table class="interaction"><tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{end}}{{end}}{{if .Robust}}<h2 id="robustness">Robustness across the ensemble</h2>
<table id="robust">
<thead><tr>{{range .RobustHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Robust}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<p class="note">Regret in a member: what a portfolio gains less than the best of these portfolios there ({{.Robustness.Reps}} replications each, in {{.Unit}}); worst case over the members, and expected with their weights. Per member: robustness.csv.</p>
{{end}}{{if .Comparison}}<h2 id="comparison">The closing comparison</h2>
<p><a href="{{.Comparison}}/report.html">{{.Comparison}}/report.html</a>: {{range $i, $n := .ComparisonNames}}{{if $i}}, {{end}}{{$n}}{{end}} against {{.Base}}, as hourglass compare runs them: every outcome, side effects, cost per unit and route maps.</p>
{{end}}<h2 id="notes">Notes</h2>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}<h2 id="files">Files</h2>
<p class="note">Beside this report: {{range .Files}}<a href="{{.}}">{{.}}</a> {{end}}(see results/README.md in the hourglass repository).{{if .Sources}} Where the base's numbers come from: <a href="{{.Sources}}">{{.Sources}}</a>; the candidates' costs and their sources: candidates.csv.{{end}}</p>
</body>
</html>
`))
