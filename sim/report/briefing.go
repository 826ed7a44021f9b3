package report

import (
	"fmt"
	"math"
	"strings"

	"hourglass/sim/experiment"
)

// plainNames name the headline metrics with a better direction in a few
// plain words, as a sentence uses them ("bribes +$315,000 a year").
var plainNames = map[experiment.Metric]string{
	experiment.OpiatesDelivered: "opiates reaching the final markets", experiment.HeroinDelivered: "heroin reaching the final markets",
	experiment.OpiatesSeized: "opiates seized", experiment.OpiatesRetained: "opiates sold in transit markets",
	experiment.HeroinSeized: "heroin seized", experiment.SeizureShareTJ: "share of opiates seized in Tajikistan",
	experiment.RetainedShareKZ: "share of opiates sold in Kazakhstan", experiment.PrecursorSeized: "acetic anhydride seized",
	experiment.PrecursorToLabs: "acetic anhydride reaching the labs", experiment.HeroinProduced: "heroin made by the labs",
	experiment.Bribes: "bribes", experiment.CourierArrests: "couriers arrested", experiment.OrganiserArrests: "organisers arrested",
	experiment.BribesAdHoc: "ad-hoc bribes", experiment.BribesStanding: "standing fees", experiment.ArrangementsInForce: "standing arrangements",
	experiment.TipsReceived: "tips from informants", experiment.TipsActed: "tips acted on", experiment.TipsLeaked: "tips leaked",
	experiment.FollowArrests: "organisers arrested at their end", experiment.GroupsDisrupted: "groups disrupted",
	experiment.GroupsDissolved: "groups dissolved", experiment.GroupsNet: "groups' net income",
	experiment.InvestigationsHalted: "investigations halted",
}

// PlainName names metric m in a few plain words ("bribes", "opiates seized
// in Kazakhstan").
func PlainName(m experiment.Metric) string {
	if s, ok := plainNames[m]; ok {
		return s
	}
	info := m.Info()
	if info.Country != "" {
		country := countryNames[info.Country]
		if country == "" {
			country = info.Country
		}
		switch {
		case info.Unit == experiment.USDPerKg:
			return "heroin price in " + country
		case info.Quantity == "seized":
			return "opiates seized in " + country
		}
	}
	return m.String()
}

// partOf folds a side effect into a larger one the same list names
// (ad-hoc bribes and standing fees are parts of bribes).
var partOf = map[experiment.Metric]experiment.Metric{
	experiment.BribesAdHoc: experiment.Bribes, experiment.BribesStanding: experiment.Bribes,
}

// PartOf returns the larger metric a side effect in m is said within, when
// both are side effects (ad-hoc bribes and standing fees within bribes),
// and false for a metric said on its own.
func PartOf(m experiment.Metric) (experiment.Metric, bool) {
	whole, ok := partOf[m]
	return whole, ok
}

// changeAmount is a change in metric m for a sentence: signed, in the
// metric's unit ("+$315,000", "−1.2 t", "+350 kg", "+4.5", "+2.1 points").
func changeAmount(m experiment.Metric, x float64) string {
	switch m.Info().Unit {
	case experiment.USD, experiment.USDPerKg:
		return signOf(x) + "$" + thousands(significant(math.Abs(x), 3))
	case experiment.Kg:
		return signOf(x) + tonnes(math.Abs(x))
	case experiment.Share:
		return signOf(x) + fmt.Sprintf("%.1f points", 100*math.Abs(x))
	}
	return signedShort(x)
}

// significant rounds x to d significant digits (a sum of money in a
// sentence: "$296,000", not "$296,145").
func significant(x float64, d int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow10(int(math.Floor(math.Log10(math.Abs(x)))) - d + 1)
	return math.Round(x/p) * p
}

func signOf(x float64) string {
	if x < 0 {
		return "−"
	}
	return "+"
}

// SideEffectWords says one side effect in plain words with its size over
// the period and its relative change: "bribes +$315,000 a year (+729%)".
// days is the run's length (365: "a year").
func SideEffectWords(e experiment.Effect, days int) string {
	s := fmt.Sprintf("%s %s %s", PlainName(e.Metric), changeAmount(e.Metric, e.Diff.Mean), periodOf(days).span)
	if !math.IsNaN(e.Diff.Relative) && e.Diff.Relative != 0 {
		s += fmt.Sprintf(" (%s)", relative(e.Diff.Relative))
	}
	return s
}

// sideEffectList says an alternative's side effects, each part of a larger
// one listed (ad-hoc bribes within bribes) left out.
func sideEffectList(a *experiment.Alternative, days int) []string {
	listed := map[experiment.Metric]bool{}
	for _, e := range a.SideEffects {
		listed[e.Metric] = true
	}
	var out []string
	for _, e := range a.SideEffects {
		if whole, ok := partOf[e.Metric]; ok && listed[whole] {
			continue
		}
		out = append(out, SideEffectWords(e, days))
	}
	return out
}

// Row is one alternative of a comparison's decision table as the console
// and the report's first screen say it: its rank (0: not ranked, listed
// apart), its side effects in plain words, and its test against the next
// ranked alternative.
type Row struct {
	Rank        int
	Alternative experiment.Alternative
	SideEffects []string // "bribes +$315,000 a year (+729%)"
	VsNext      string   // "distinct from china-intel-sharing (p < 0.001 after Holm)", or ""
}

// Rows returns the decision table of a comparison ranked by objective, in
// the table's order (ranked alternatives first), each with its side
// effects in words and its test against the next; days is the run's
// length.
func Rows(sum *experiment.Summary, objective experiment.Metric, days int) []Row {
	alts := experiment.Decide(sum, objective)
	out := make([]Row, len(alts))
	for i := range alts {
		a := &alts[i]
		out[i] = Row{Alternative: *a, SideEffects: sideEffectList(a, days), VsNext: vsNext(a.Next, 0)}
		if a.Ranked {
			out[i].Rank = i + 1
		}
	}
	return out
}

// pWords is a p-value for a sentence: "p < 0.001" or "p = 0.03".
func pWords(p float64) string {
	switch {
	case p < 0.001:
		return "p < 0.001"
	case p < 0.01:
		return fmt.Sprintf("p = %.3f", p)
	}
	return fmt.Sprintf("p = %.2f", p)
}

// vsNext says a rank test in a few words; n, when not 0, is the pairs run.
func vsNext(t *experiment.RankTest, n int) string {
	switch {
	case t == nil:
		return ""
	case t.Key == "cost":
		return "distinct from " + t.Next + " (a clear gain at no extra cost)"
	case t.Distinct:
		return fmt.Sprintf("distinct from %s (%s after Holm)", t.Next, pWords(t.PAdjusted))
	}
	s := fmt.Sprintf("not distinct from %s (%s after Holm)", t.Next, pWords(t.PAdjusted))
	if r := t.Replications; !math.IsInf(r, 0) && !math.IsNaN(r) && r > float64(n) {
		s += fmt.Sprintf(": about %s pairs would separate them", roundPairs(r))
	}
	return s
}

// roundPairs rounds an estimate of pairs to two significant figures
// ("1,400"), as the estimate deserves.
func roundPairs(n float64) string {
	if n < 100 {
		return thousands(math.Ceil(n))
	}
	p := math.Pow10(int(math.Floor(math.Log10(n))) - 1)
	return thousands(math.Ceil(n/p) * p)
}

// answer says a comparison's answer in three sentences: the top choice by
// the objective and what it buys; its side effects; how certain its rank
// is. cells is the size of the table's family of tests.
func answer(sum *experiment.Summary, objective experiment.Metric, days int) []string {
	rows := Rows(sum, objective, days)
	if len(rows) == 0 {
		return nil
	}
	pd := periodOf(days)
	n := sum.Scenarios[0].Metrics[objective].N
	cells := (len(sum.Scenarios) - 1) * experiment.NumMetrics
	if rows[0].Rank == 0 {
		return []string{
			fmt.Sprintf("No alternative clearly improves %s after adjusting for the table's %d tests (Holm), so none is ranked.",
				strings.ToLower(outcomeLabel(objective)), cells),
			fmt.Sprintf("Changes that look clear in their own test are listed as \"clear alone\"; at %d pairs they could be chance.", n),
			"The other outcomes and the side effects of each alternative are in the table and in plain words below.",
		}
	}
	top := rows[0].Alternative
	e, _ := top.Effect(objective)
	var first string
	if e.Dominant {
		first = fmt.Sprintf("%s gives the largest clear gain in %s at no extra cost: %s %s (%s, 95%% CI %s to %s).",
			top.Name, strings.ToLower(outcomeLabel(objective)), quantity(math.Abs(e.Diff.Mean), objective), pd.span,
			relative(e.Diff.Relative), signedBound(e.Diff.Lo, objective), signedBound(e.Diff.Hi, objective))
	} else {
		first = fmt.Sprintf("%s buys the cheapest %s: $%s per %s (95%% CI $%s to $%s), a change of %s %s (%s) in %s for $%s over the run.",
			top.Name, outcomeGain(objective), money(e.CostPerUnit.Mean), costUnit(objective), money(e.CostPerUnit.Lo),
			money(e.CostPerUnit.Hi), signedQuantity(e.Diff.Mean, objective), pd.span, relative(e.Diff.Relative),
			PlainName(objective), thousands(significant(top.ExtraCostUSD, 3)))
	}
	second := "It has no clear side effect (no metric with a better direction clearly worse, after the adjustment)."
	if se := rows[0].SideEffects; len(se) > 0 {
		second = "Its side effects: " + joinAnd(se) + "."
	}
	var third string
	switch {
	case len(rows) < 2 || rows[1].Rank == 0:
		third = fmt.Sprintf("It is the only alternative with a clear gain after adjusting for the table's %d tests (Holm); the others are listed apart.", cells)
	case top.Next == nil:
		third = fmt.Sprintf("The runner-up is %s; the summary has no paired test of the two.", rows[1].Alternative.Name)
	case top.Next.Key == "cost":
		third = fmt.Sprintf("It ranks above the runner-up, %s, by its cost: its gain is clear and costs nothing extra.", top.Next.Next)
	case top.Next.Distinct:
		third = fmt.Sprintf("It is distinguishable from the runner-up, %s (paired test of the %s over %d pairs, %s after Holm's adjustment).",
			top.Next.Next, top.Next.Key, top.Next.N, pWords(top.Next.PAdjusted))
	default:
		third = fmt.Sprintf("It is not distinguishable from the runner-up, %s, at %d pairs (paired test of the %s, %s after Holm's adjustment)",
			top.Next.Next, top.Next.N, top.Next.Key, pWords(top.Next.PAdjusted))
		if r := top.Next.Replications; !math.IsInf(r, 0) && !math.IsNaN(r) {
			third += fmt.Sprintf(": about %s pairs would separate them (an estimate, at 80%% power)", roundPairs(r))
		}
		third += "."
	}
	return []string{first, second, third}
}

// signedQuantity is a change in metric m with its sign, in tonnes, kg or
// its unit.
func signedQuantity(x float64, m experiment.Metric) string {
	return strings.Replace(signOf(x)+quantity(math.Abs(x), m), "+−", "−", 1)
}

// joinAnd joins words as a list: "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
