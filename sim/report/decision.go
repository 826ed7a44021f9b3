package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"hourglass/sim/experiment"
)

// outcomeWords are how the decision table names each outcome, its unit,
// and a unit of its gain ("per kg kept from the final markets").
var outcomeWords = map[experiment.Metric]struct{ label, unit, gain string }{
	experiment.HeroinDelivered:  {"Heroin reaching the final markets", "kg", "kg of heroin kept from the final markets"},
	experiment.OpiatesDelivered: {"Opiates reaching the final markets", "kg", "kg of opiates kept from the final markets"},
	experiment.PrecursorToLabs:  {"Acetic anhydride reaching the labs", "kg", "kg of acetic anhydride kept from the labs"},
	experiment.OpiatesSeized:    {"Opiates seized", "kg", "extra kg of opiates seized"},
	experiment.HeroinSeized:     {"Heroin seized", "kg", "extra kg of heroin seized"},
	experiment.PrecursorSeized:  {"Acetic anhydride seized", "kg", "extra kg of acetic anhydride seized"},
	experiment.OrganiserArrests: {"Organisers arrested", "arrests", "extra organiser arrested"},
	experiment.CourierArrests:   {"Couriers arrested", "arrests", "extra courier arrested"},
}

func outcomeLabel(m experiment.Metric) string {
	if w, ok := outcomeWords[m]; ok {
		return w.label
	}
	return m.String()
}

func outcomeGain(m experiment.Metric) string {
	if w, ok := outcomeWords[m]; ok {
		return w.gain
	}
	return "unit of " + m.String()
}

func outcomeUnit(m experiment.Metric) string {
	if w, ok := outcomeWords[m]; ok {
		return w.unit
	}
	return m.Info().Unit.String()
}

// DecisionTable is the report's first table: one row per alternative,
// ranked by an objective, with every outcome's paired change and its cost
// per unit of gain.
type DecisionTable struct {
	Objective  string // the metric the rows are ranked by
	Objectives []Objective
	Columns    []DecisionColumn
	Rows       []DecisionRow
	Period     string // "a year", "over the 7 years"
	Per        string // "per year", "over the 7 years"
}

// Objective is one choice of the table's "rank by" menu.
type Objective struct {
	Metric, Label string
	Selected      bool
}

// DecisionColumn is one outcome of the table.
type DecisionColumn struct {
	Metric, Label, Unit, Better string
}

// DecisionRow is one alternative.
type DecisionRow struct {
	Rank        int
	Name        string
	Description string
	Cost        string // extra cost over the run, discounted
	// Ranks is the row's rank under each objective, in the order of
	// DecisionTable.Objectives, space-separated (the page's script sorts
	// by it when the reader picks another objective).
	Ranks          string
	Cells          []DecisionCell
	Displacement   string // "3.1%"
	DisplacementCI string // "2.5 to 4.6%" (bootstrap 95% CI)
}

// DecisionCell is one outcome of one alternative.
type DecisionCell struct {
	Change string // "−52 kg (−4%)"
	CI     string // "−80 to −20" (the 95% CI)
	Cost   string // "$1,900 per kg", or "" (no clear gain, or no extra cost)
	CostCI string // "$1,200 to $4,500" (Fieller's 95% interval)
	Title  string // all of it in words, for a tooltip
	// Class is "better", "worse" or "unclear" (the CI includes 0).
	Class string
}

// decisionTable builds the decision table of a comparison, ranked by
// objective.
func decisionTable(sum *experiment.Summary, descriptions []string, objective experiment.Metric, pd period) *DecisionTable {
	alts := experiment.Decide(sum, objective)
	if len(alts) == 0 {
		return nil
	}
	t := &DecisionTable{Objective: objective.String(), Period: pd.span, Per: pd.per}
	rankOf := make([]map[string]int, len(experiment.DecisionOutcomes))
	for i, m := range experiment.DecisionOutcomes {
		t.Objectives = append(t.Objectives, Objective{Metric: m.String(), Label: outcomeGain(m), Selected: m == objective})
		better := "more is better"
		if m.Info().Good == experiment.Down {
			better = "less is better"
		}
		t.Columns = append(t.Columns, DecisionColumn{Metric: m.String(), Label: outcomeLabel(m), Unit: outcomeUnit(m), Better: better})
		rankOf[i] = map[string]int{}
		for r, a := range experiment.Decide(sum, m) {
			rankOf[i][a.Name] = r + 1
		}
	}
	desc := map[string]string{}
	for i, s := range sum.Scenarios {
		if i < len(descriptions) {
			desc[s.Name] = descriptions[i]
		}
	}
	for r, a := range alts {
		row := DecisionRow{Rank: r + 1, Name: a.Name, Description: desc[a.Name], Cost: "$" + thousands(a.ExtraCostUSD)}
		ranks := make([]string, len(rankOf))
		for i := range rankOf {
			ranks[i] = strconv.Itoa(rankOf[i][a.Name])
		}
		row.Ranks = strings.Join(ranks, " ")
		for _, m := range experiment.DecisionOutcomes {
			e, ok := a.Effect(m)
			if !ok {
				row.Cells = append(row.Cells, DecisionCell{Change: "–", Class: "unclear"})
				continue
			}
			row.Cells = append(row.Cells, decisionCell(e))
		}
		if d := a.Displacement; d != nil {
			row.Displacement = fmt.Sprintf("%.1f%%", 100*d.Mean)
			row.DisplacementCI = fmt.Sprintf("%.1f to %.1f%%", 100*d.Lo, 100*d.Hi)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// decisionCell says one effect: its change with its CI, and its cost per
// unit of gain with its interval where the gain is clear.
func decisionCell(e experiment.Effect) DecisionCell {
	c := DecisionCell{Class: "unclear"}
	c.Change = signedShort(e.Diff.Mean)
	if !math.IsNaN(e.Diff.Relative) {
		c.Change += fmt.Sprintf(" (%s)", relative(e.Diff.Relative))
	}
	c.CI = fmt.Sprintf("%s to %s", signedShort(e.Diff.Lo), signedShort(e.Diff.Hi))
	c.Title = fmt.Sprintf("%s: %s, 95%% CI %s", outcomeLabel(e.Metric), c.Change, c.CI)
	switch {
	case !e.Clear:
		c.Title += ": no clear effect"
	case e.Gain.Mean > 0:
		c.Class = "better"
	default:
		c.Class = "worse"
	}
	switch {
	case e.CostPerUnit != nil:
		c.Cost = fmt.Sprintf("$%s per %s", money(e.CostPerUnit.Mean), costUnit(e.Metric))
		c.CostCI = fmt.Sprintf("$%s to $%s", money(e.CostPerUnit.Lo), money(e.CostPerUnit.Hi))
		c.Title += fmt.Sprintf("; $%s per %s (95%% CI %s)", money(e.CostPerUnit.Mean), outcomeGain(e.Metric), c.CostCI)
	case e.Dominant:
		c.Cost = "no extra cost"
	}
	return c
}

// costUnit is the unit a cost cell counts per: "kg" or "arrest".
func costUnit(m experiment.Metric) string {
	if m.Info().Unit == experiment.Kg {
		return "kg"
	}
	return "arrest"
}

// shortGain is the unit of gain as a cost cell names it ("kg kept from
// the labs", "kg seized", "arrest").
func shortGain(m experiment.Metric) string {
	switch m {
	case experiment.HeroinDelivered, experiment.OpiatesDelivered:
		return "kg kept from the markets"
	case experiment.PrecursorToLabs:
		return "kg kept from the labs"
	case experiment.OpiatesSeized, experiment.HeroinSeized, experiment.PrecursorSeized:
		return "extra kg seized"
	case experiment.OrganiserArrests, experiment.CourierArrests:
		return "extra arrest"
	}
	return "unit of " + m.String()
}

// money formats dollars for a person: thousands separated, cents only
// below 10.
func money(x float64) string {
	if math.Abs(x) < 10 {
		if s := fmt.Sprintf("%.2f", x); s != "-0.00" {
			return s
		}
		return "0.00"
	}
	return thousands(x)
}

// signedShort is a change for a table cell: a sign, thousands separated,
// one decimal below 10 ("+1,234", "−0.4", "0").
func signedShort(x float64) string {
	a := math.Abs(x)
	s := thousands(a)
	if a < 10 {
		s = fmt.Sprintf("%.1f", a)
	}
	switch {
	case s == "0" || s == "0.0":
		return "0"
	case x > 0:
		return "+" + s
	}
	return "−" + s
}

// relative is a relative change in whole percent, "0%" when it rounds to
// none ("+55%", "−4%").
func relative(x float64) string {
	if math.Abs(x) < 0.005 {
		return "0%"
	}
	return pct(x)
}

// rankingSentences say the decision table in words: the alternatives with
// a clear gain in the objective, best buy first, and those without.
func rankingSentences(alts []experiment.Alternative, objective experiment.Metric, pd period) []string {
	var clear, unclear []string
	for _, a := range alts {
		e, _ := a.Effect(objective)
		switch {
		case e.Dominant:
			clear = append(clear, fmt.Sprintf("%s (a clear gain of %s %s at no extra cost)", a.Name, fmtNum(e.Gain.Mean), outcomeUnit(objective)))
		case e.CostPerUnit != nil:
			clear = append(clear, fmt.Sprintf("%s at $%s per %s (95%% CI $%s to $%s)", a.Name, money(e.CostPerUnit.Mean),
				shortGain(objective), money(e.CostPerUnit.Lo), money(e.CostPerUnit.Hi)))
		case e.Clear && e.Gain.Mean < 0:
			unclear = append(unclear, a.Name+" (which makes it worse)")
		default:
			unclear = append(unclear, a.Name)
		}
	}
	var out []string
	what := outcomeGain(objective)
	if len(clear) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "Ranked by cost per %s %s: ", what, pd.span)
		for i, c := range clear {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%d. %s", i+1, c)
		}
		b.WriteString(".")
		out = append(out, b.String())
	} else {
		out = append(out, fmt.Sprintf("No alternative clearly changes %s (%s) in the right direction, so none has a cost per %s.",
			strings.ToLower(outcomeLabel(objective)), pd.span, what))
	}
	if len(unclear) > 0 && len(clear) > 0 {
		out = append(out, fmt.Sprintf("No clear gain in %s: %s.", strings.ToLower(outcomeLabel(objective)), strings.Join(unclear, ", ")))
	}
	return out
}

// OutcomeTable is the report's table of the other outcomes of a
// comparison: markets, money, intelligence and the groups, each as the
// baseline's level and every alternative's paired change with its CI.
type OutcomeTable struct {
	Alternatives []string
	Rows         []OutcomeRow
}

// OutcomeRow is one metric of the OutcomeTable.
type OutcomeRow struct {
	Label, Doc, Unit, Level string
	Cells                   []DecisionCell // one per alternative
}

// otherOutcomes are the metrics of the OutcomeTable, by theme.
func otherOutcomes() []experiment.Metric {
	var out []experiment.Metric
	for i := range experiment.PriceCountries {
		out = append(out, experiment.Metric(experiment.NumMetrics-len(experiment.PriceCountries)+i))
	}
	return append(out, experiment.OpiatesRetained, experiment.HeroinProduced,
		experiment.Bribes, experiment.BribesStanding, experiment.ArrangementsInForce,
		experiment.TipsReceived, experiment.TipsActed, experiment.TipsLeaked, experiment.ControlledDeliveries, experiment.FollowArrests,
		experiment.GroupsDisrupted, experiment.GroupsDissolved, experiment.GroupsReplaced, experiment.CouriersHired,
		experiment.GroupsNet, experiment.EnforcementSpent)
}

// outcomeTable builds the OutcomeTable of a comparison, alternatives in
// the decision table's order. A change is "better" or "worse" where the
// metric has a direction enforcement wants and its CI excludes 0, and
// "clear" where it has none (a price, money spent).
func outcomeTable(sum *experiment.Summary, objective experiment.Metric) *OutcomeTable {
	alts := experiment.Decide(sum, objective)
	if len(alts) == 0 {
		return nil
	}
	t := &OutcomeTable{}
	for _, a := range alts {
		t.Alternatives = append(t.Alternatives, a.Name)
	}
	base := &sum.Scenarios[0]
	for _, m := range otherOutcomes() {
		info := m.Info()
		row := OutcomeRow{Label: shortLabel(m), Doc: info.Doc, Unit: unitWords(info.Unit), Level: fmtNum(base.Metrics[m].Mean)}
		for _, a := range alts {
			d := sum.Scenarios[a.Index].Metrics[m].VsBaseline
			if d == nil {
				row.Cells = append(row.Cells, DecisionCell{Change: "–", Class: "unclear"})
				continue
			}
			e := experiment.Effect{Metric: m, Diff: *d, Clear: d.ExcludesZero,
				Gain: experiment.Interval{N: d.N, Mean: float64(info.Good) * d.Mean}}
			c := decisionCell(e)
			if e.Clear && info.Good == experiment.Neutral {
				c.Class = "clear"
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// shortLabels name the OutcomeTable's metrics in a few words (the
// metric's Info.Doc says it in full, in the row's tooltip).
var shortLabels = map[experiment.Metric]string{
	experiment.OpiatesRetained: "Opiates sold in transit markets", experiment.HeroinProduced: "Heroin made by the labs",
	experiment.Bribes: "Bribes, extortion and fees paid", experiment.BribesStanding: "of which standing fees",
	experiment.ArrangementsInForce: "Standing arrangements in force", experiment.TipsReceived: "Tips from informants",
	experiment.TipsActed: "Tips acted on", experiment.TipsLeaked: "Tips leaked to the group",
	experiment.ControlledDeliveries: "Controlled deliveries", experiment.FollowArrests: "Organisers arrested at their end",
	experiment.GroupsDisrupted: "Groups disrupted", experiment.GroupsDissolved: "Groups dissolved",
	experiment.GroupsReplaced: "Groups replaced", experiment.CouriersHired: "Couriers hired",
	experiment.GroupsNet: "Groups' net income", experiment.EnforcementSpent: "Enforcement spending",
}

func shortLabel(m experiment.Metric) string {
	if l, ok := shortLabels[m]; ok {
		return l
	}
	if info := m.Info(); info.Unit == experiment.USDPerKg {
		return "Heroin price in " + info.Country
	}
	return m.String()
}

// unitWords names a metric's unit for a table heading.
func unitWords(u experiment.Unit) string {
	switch u {
	case experiment.Kg:
		return "kg"
	case experiment.USD:
		return "USD"
	case experiment.USDPerKg:
		return "USD per kg"
	case experiment.Share:
		return "share"
	}
	return "count"
}
