package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/sensitivity"
	"hourglass/sim/targets"
)

// Text writes an experiment's results for a person at a terminal (what
// hourglass run, compare, sweep and merge print): for one scenario its
// metrics and breakdowns; for several, the comparison with the first and
// the decision table, or each point of a sweep.
func Text(w io.Writer, in Input) {
	m, sum := in.Manifest, in.Summary
	fmt.Fprintf(w, "%s: %d replications per scenario, %d days each, seed %d\n", m.Kind, m.Completed, in.Days, m.Seed)
	if len(sum.Scenarios) == 1 {
		fmt.Fprintf(w, "Scenario %s: %s\n\n", sum.Scenarios[0].Name, in.Descriptions[0])
		printMetrics(w, &sum.Scenarios[0])
		printBreakdowns(w, sum, in.Worlds[0])
		return
	}
	if m.Kind == "sweep" {
		printSweep(w, sum, m)
		return
	}
	objective := experiment.DefaultObjective
	if o, err := experiment.ParseMetric(m.Objective); err == nil {
		objective = o
	}
	if len(m.DesignKeys) > 0 {
		printAcross(w, newAcrossView(m, sum, in.Days), objective)
		return
	}
	printComparison(w, sum, objective, in.Days)
}

// printAcross prints a comparison across a design: at each level, each
// alternative's change against the baseline at that level in the outcomes
// of acrossOutcomes, with its 95% CI (* clear after Holm), and its cost
// per unit of a clear gain in the objective; then the first alternative's
// gain over each other's (Fieller's interval).
func printAcross(w io.Writer, v *acrossView, objective experiment.Metric) {
	outcomes := acrossOutcomes(objective)
	fmt.Fprintf(w, "Each alternative against %s at the same level of %s: mean paired change [95%% CI], %s; * = clear after Holm's adjustment\n\n", v.base, v.key, v.pd.per)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\talternative\t", v.key)
	for _, o := range outcomes {
		fmt.Fprintf(tw, "%s\t", consoleColumn(o))
	}
	fmt.Fprintf(tw, "$ per unit of %s\n", consoleColumn(objective))
	for _, l := range v.order {
		for a, name := range v.alts {
			fmt.Fprintf(tw, "%s\t%s\t", v.label[l], name)
			for _, o := range outcomes {
				e := v.ac.Effects[l][a][outcomeIndex(o)]
				mark := ""
				if e.Clear {
					mark = "*"
				}
				fmt.Fprintf(tw, "%s [%s, %s]%s\t", signed(e.Diff.Mean), human(e.Diff.Lo), human(e.Diff.Hi), mark)
			}
			cost := "-"
			if c := v.ac.Effects[l][a][outcomeIndex(objective)].CostPerUnit; c != nil {
				cost = fmt.Sprintf("$%s [%s, %s]", human(c.Mean), human(c.Lo), human(c.Hi))
			}
			fmt.Fprintf(tw, "%s\n", cost)
		}
	}
	tw.Flush()
	if len(v.points) > 0 {
		fmt.Fprintf(w, "\nThe design's points: %s\n", strings.Join(v.points, "; "))
	}
	for r := 1; r < len(v.alts); r++ {
		fmt.Fprintf(w, "\n%s's gain in %s over %s's (Fieller's 95%% interval):", v.alts[0], consoleColumn(objective), v.alts[r])
		for _, l := range v.order {
			ra := v.ac.Ratios[l][r-1][outcomeIndex(objective)]
			if ra.Bounded {
				fmt.Fprintf(w, " %s: %s [%s, %s];", v.label[l], fmtRate(ra.Estimate), fmtRate(ra.Lo), fmtRate(ra.Hi))
			} else {
				fmt.Fprintf(w, " %s: unbounded;", v.label[l])
			}
		}
		fmt.Fprintln(w)
	}
}

func printMetrics(w io.Writer, sc *experiment.ScenarioSummary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tmean\t95% CI\tp5\tp95\t")
	for _, metric := range experiment.Metrics() {
		s := sc.Metrics[metric]
		fmt.Fprintf(tw, "%s\t%s\t[%s, %s]\t%s\t%s\t\n", metric, human(s.Mean), human(s.Lo), human(s.Hi), human(s.P5), human(s.P95))
	}
	tw.Flush()
}

func printBreakdowns(w io.Writer, sum *experiment.Summary, world *sim.World) {
	for _, d := range []sim.Dimension{sim.ByCountry, sim.ByMethod, sim.ByMode, sim.ByLocation, sim.ByOutcome} {
		keys, vals := BreakdownMeans(sum, d)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " " + human(vals[0][i])
		}
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		fmt.Fprintf(w, "\nOpiate seizures by %s (mean kg per run): %s\n", d, strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "\nBusiest segments (mean kg of opiates per run):\n")
	opiates, _, _ := MeanFlows(world, &sum.Scenarios[0])
	type seg struct {
		name string
		kg   float64
	}
	var segs []seg
	for si, kg := range opiates {
		if kg > 0 {
			segs = append(segs, seg{world.Places[world.Segments[si].From].ID + " - " + world.Places[world.Segments[si].To].ID, kg})
		}
	}
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].kg > segs[j].kg })
	for i := 0; i < len(segs) && i < 8; i++ {
		fmt.Fprintf(w, "  %-36s %s\n", segs[i].name, human(segs[i].kg))
	}
}

// compared are the metrics shown in the console's comparison table.
var compared = func() []experiment.Metric {
	out := []experiment.Metric{experiment.HeroinDelivered, experiment.OpiatesDelivered, experiment.OpiatesSeized}
	for _, code := range []string{"TJ", "KG", "KZ"} {
		m, _ := experiment.SeizedIn(code)
		out = append(out, m)
	}
	return append(out, experiment.PrecursorSeized, experiment.PrecursorToLabs, experiment.HeroinProduced, experiment.Bribes, experiment.CourierArrests, experiment.OrganiserArrests)
}()

// column is a metric's name without its kg unit, for narrow tables.
func consoleColumn(m experiment.Metric) string {
	return strings.Replace(m.String(), "_kg", "", 1)
}

func printComparison(w io.Writer, sum *experiment.Summary, objective experiment.Metric, days int) {
	base := sum.Scenarios[0]
	fmt.Fprintf(w, "Change against %s: mean paired difference (relative); * = 95%% CI excludes 0\n\n", base.Name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "scenario\t")
	for _, c := range compared {
		fmt.Fprintf(tw, "%s\t", consoleColumn(c))
	}
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "%s (level)\t", base.Name)
	for _, c := range compared {
		fmt.Fprintf(tw, "%s\t", human(base.Metrics[c].Mean))
	}
	fmt.Fprintln(tw)
	for _, sc := range sum.Scenarios[1:] {
		fmt.Fprintf(tw, "%s\t", sc.Name)
		for _, c := range compared {
			d := sc.Metrics[c].VsBaseline
			mark := ""
			if d.ExcludesZero {
				mark = "*"
			}
			rel := ""
			if !math.IsNaN(d.Relative) {
				rel = fmt.Sprintf(" (%+.0f%%)", 100*d.Relative)
			}
			fmt.Fprintf(tw, "%s%s%s\t", signed(d.Mean), rel, mark)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w)
	printDecision(w, sum, objective, days)
}

// printDecision prints the decision table: the alternatives ranked by the
// objective (those with no clear gain listed after, unranked, "-"), each
// with its extra cost and, per outcome, the cost per unit of a clear gain
// with its 95% interval (Fieller's), "worse" for a clear loss, "-" where
// the CI includes 0; then its displacement and where the flow rose most;
// then, under the table, each alternative's test against the next rank and
// its side effects in words. days is the run's length.
func printDecision(w io.Writer, sum *experiment.Summary, objective experiment.Metric, days int) {
	fmt.Fprintf(w, "Decision table, ranked by cost per unit of %s; each outcome: $ per unit of a clear gain [95%% interval],\n", objective)
	fmt.Fprintln(w, "free: a clear gain at no extra cost, worse: a clear loss, -: no clear effect (95% CI includes 0)")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "rank\tscenario\textra cost (run, discounted)\t")
	for _, m := range experiment.DecisionOutcomes {
		fmt.Fprintf(tw, "%s\t", consoleColumn(m))
	}
	fmt.Fprintln(tw, "displaced flow [95% CI]\tflow rose most on")
	rows := Rows(sum, objective, days)
	for _, r := range rows {
		a := r.Alternative
		rank := "-"
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		fmt.Fprintf(tw, "%s\t%s\t$%s\t", rank, a.Name, human(a.ExtraCostUSD))
		for _, m := range experiment.DecisionOutcomes { // one column each, as in the header
			e, ok := a.Effect(m)
			cell := "-"
			switch {
			case !ok:
			case e.CostPerUnit != nil:
				cell = fmt.Sprintf("$%s [%s, %s]", human(e.CostPerUnit.Mean), human(e.CostPerUnit.Lo), human(e.CostPerUnit.Hi))
			case e.Dominant:
				cell = "free"
			case e.Clear && e.Gain.Mean < 0:
				cell = "worse"
			}
			fmt.Fprintf(tw, "%s\t", cell)
		}
		sc := &sum.Scenarios[a.Index]
		gain := "-"
		if len(sc.FlowGains) > 0 {
			g := sc.FlowGains[0]
			gain = fmt.Sprintf("%s -> %s (+%s kg)", g.From, g.To, human(g.Kg))
		}
		if d := sc.Displacement; d != nil {
			fmt.Fprintf(tw, "%.1f%% [%.1f, %.1f]\t%s\n", 100*d.Mean, 100*d.Lo, 100*d.Hi, gain)
		} else {
			fmt.Fprintf(tw, "-\t%s\n", gain)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRanks and side effects (clear after Holm's adjustment over every alternative and metric):\n")
	for _, r := range rows {
		rank := "- (not ranked: no clear gain)"
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		line := fmt.Sprintf("  %s %s:", rank, r.Alternative.Name)
		if r.VsNext != "" {
			line += " " + r.VsNext + ";"
		}
		if len(r.SideEffects) > 0 {
			line += " side effects: " + strings.Join(r.SideEffects, ", ")
		} else {
			line += " no side effect"
		}
		fmt.Fprintln(w, line)
	}
}

// printSweep prints each point of a sweep: its step (key=value) for one
// key, else its name and the value of each key.
func printSweep(w io.Writer, sum *experiment.Summary, m results.Manifest) {
	fmt.Fprintln(w, "Each step with its mean and 95% CI:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	several := len(m.DesignKeys) > 1
	if several {
		fmt.Fprintf(tw, "scenario\t%s\t", strings.Join(m.DesignKeys, "\t"))
	} else {
		fmt.Fprint(tw, "step\t")
	}
	for _, c := range compared {
		fmt.Fprintf(tw, "%s\t", consoleColumn(c))
	}
	fmt.Fprintln(tw)
	for i, sc := range sum.Scenarios {
		if several {
			fmt.Fprintf(tw, "%s\t", sc.Name)
			for _, k := range m.DesignKeys {
				fmt.Fprintf(tw, "%s\t", paramValue(m.Scenarios[i], k))
			}
		} else {
			fmt.Fprintf(tw, "%s\t", sc.Override)
		}
		for _, c := range compared {
			s := sc.Metrics[c]
			fmt.Fprintf(tw, "%s ±%s\t", human(s.Mean), human(s.HalfWidth()))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func signed(x float64) string {
	if x > 0 {
		return "+" + human(x)
	}
	return human(x)
}

// human formats a number for a person (as the report does).
func human(x float64) string { return fmtNum(x) }

// paramValue is scenario s's value of design key k, "" if it has none.
func paramValue(s results.Scenario, k string) string {
	for _, p := range s.Params {
		if p.Key == k {
			return fmt.Sprintf("%.4g", p.Value)
		}
	}
	return ""
}

// SensitivityText writes a sensitivity analysis for a person at a terminal
// (hourglass sensitivity): for each shown output, each parameter's Sobol
// indices and Morris μ* and σ.
func SensitivityText(w io.Writer, params, outputs []string, shown []int, morris *sensitivity.MorrisResult, sobol *sensitivity.SobolResult) {
	for _, o := range shown {
		fmt.Fprintf(w, "\n%s\n", outputs[o])
		for i, p := range params {
			line := fmt.Sprintf("  %-58s", p)
			if sobol != nil {
				s1, st := sobol.S1[o][i], sobol.ST[o][i]
				line += fmt.Sprintf("  S1 %5.2f [%5.2f, %5.2f]  ST %5.2f [%5.2f, %5.2f]", s1.Value, s1.Lo, s1.Hi, st.Value, st.Lo, st.Hi)
			}
			if morris != nil {
				line += fmt.Sprintf("  mu* %s sigma %s", human(morris.MuStar[o][i].Value), human(morris.Sigma[o][i]))
			}
			fmt.Fprintln(w, line)
		}
	}
}

// TargetsText writes calibration targets checked against a scenario for a
// person at a terminal (hourglass validate): each target's simulated mean
// with its 95% CI, the observed value or range, the accepted range and
// PASS or FAIL; then each target's source.
func TargetsText(w io.Writer, rs []targets.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tsimulated mean [95% CI]\tobserved\taccepted\tinformative\tresult")
	for _, r := range rs {
		obs := ""
		if r.Target.Observed != nil {
			obs = human(*r.Target.Observed)
		} else {
			obs = human(*r.Target.Min) + " - " + human(*r.Target.Max)
		}
		verdict := "PASS"
		if !r.Pass {
			verdict = "FAIL"
		}
		info := "yes"
		if !r.Target.IsInformative() {
			info = "no"
		}
		fmt.Fprintf(tw, "%s\t%s [%s, %s]\t%s\t%s - %s\t%s\t%s\n", r.Target.Name, human(r.Mean), human(r.Lo), human(r.Hi), obs,
			human(r.AcceptLo), human(r.AcceptHi), info, verdict)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nSources:")
	for _, r := range rs {
		fmt.Fprintf(w, "  %s: %s\n", r.Target.Name, r.Target.Source)
		if !r.Target.IsInformative() {
			fmt.Fprintf(w, "    not informative: %s\n", r.Target.Why)
		}
	}
}
