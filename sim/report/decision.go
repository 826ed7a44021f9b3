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
// per unit of gain; the alternatives with no clear gain in the objective
// (after the adjustment) are listed apart, after the ranked ones.
type DecisionTable struct {
	Objective  string // the metric the rows are ranked by
	Objectives []Objective
	Columns    []DecisionColumn
	Rows       []DecisionRow
	// Apart is the row that separates the unranked alternatives from the
	// ranked ones.
	Apart  DecisionRow
	Period string // "a year", "over the 7 years"
	Per    string // "per year", "over the 7 years"
	// Cells is the size of the family of tests the adjustment is over
	// (alternatives × headline metrics), Pairs the replications.
	Cells, Pairs int
	Width        int // columns
	// ApartPlaced: some row is FirstApart (else the separator goes last).
	ApartPlaced bool
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

// DecisionRow is one alternative (or, with Separator set, the line above
// the alternatives listed apart).
type DecisionRow struct {
	Rank        string // "1", or "–" for an alternative listed apart
	Name        string
	Description string
	Cost        string // extra cost over the run, discounted
	// Order and Ranks are the row's position and rank label under each
	// objective, in the order of DecisionTable.Objectives, space-separated
	// (the page's script re-sorts by them when the reader picks another
	// objective); Labels, for the separator, its text under each, "|"
	// separated.
	Order, Ranks, Labels string
	// VsNext is the paired test against the next ranked alternative, in a
	// few words ("> 2: p < 0.001"), VsNextTitle in full, under the run's
	// objective.
	VsNext, VsNextTitle string
	// VsNextClass is "distinct" or "close".
	VsNextClass string
	// VsAll, VsAllClass and VsAllTitle are VsNext, VsNextClass and
	// VsNextTitle under each objective, in the order of
	// DecisionTable.Objectives, "|" separated (the page's script shows the
	// one of the objective the reader picks).
	VsAll, VsAllClass, VsAllTitle string
	// SideEffects are the clear changes for the worse in any metric (after
	// the adjustment), in plain words.
	SideEffects    []string
	Cells          []DecisionCell
	Displacement   string // "3.1%"
	DisplacementCI string // "2.5 to 4.6%" (bootstrap 95% CI)
	Separator      bool
	// FirstApart: the first alternative listed apart (the separator goes
	// above it).
	FirstApart bool
}

// DecisionCell is one outcome of one alternative.
type DecisionCell struct {
	Change string // "−52 kg (−4%)"
	CI     string // "−80 to −20" (the 95% CI)
	Cost   string // "$1,900 per kg", or "" (no clear gain, or no extra cost)
	CostCI string // "$1,200 to $4,500" (Fieller's 95% interval)
	Title  string // all of it in words, for a tooltip
	// Class is "better", "worse", "chance" (clear in its own test, not
	// after the adjustment) or "unclear" (the CI includes 0).
	Class string
	// Chance says, for a "chance" cell, both p-values ("clear alone, p
	// 0.003; 0.41 after Holm").
	Chance string
}

// decisionTable builds the decision table of a comparison, ranked by
// objective.
func decisionTable(sum *experiment.Summary, descriptions []string, objective experiment.Metric, days int) *DecisionTable {
	pd := periodOf(days)
	rows := Rows(sum, objective, days)
	if len(rows) == 0 {
		return nil
	}
	t := &DecisionTable{Objective: objective.String(), Period: pd.span, Per: pd.per,
		Cells: (len(sum.Scenarios) - 1) * experiment.NumMetrics, Pairs: sum.Scenarios[0].Metrics[objective].N,
		Width: len(experiment.DecisionOutcomes) + 4}
	orderOf := make([]map[string]string, len(experiment.DecisionOutcomes))
	rankOf := make([]map[string]string, len(experiment.DecisionOutcomes))
	vsOf := make([]map[string][3]string, len(experiment.DecisionOutcomes))
	var apartOrder, apartLabels []string
	for i, m := range experiment.DecisionOutcomes {
		t.Objectives = append(t.Objectives, Objective{Metric: m.String(), Label: outcomeGain(m), Selected: m == objective})
		better := "more is better"
		if m.Info().Good == experiment.Down {
			better = "less is better"
		}
		t.Columns = append(t.Columns, DecisionColumn{Metric: m.String(), Label: outcomeLabel(m), Unit: outcomeUnit(m), Better: better})
		orderOf[i], rankOf[i], vsOf[i] = map[string]string{}, map[string]string{}, map[string][3]string{}
		ranked := 0
		for r, a := range experiment.Decide(sum, m) {
			orderOf[i][a.Name] = strconv.Itoa(2 * r)
			rankOf[i][a.Name] = "–"
			if a.Ranked {
				rankOf[i][a.Name] = strconv.Itoa(r + 1)
				ranked++
				text, class, title := vsNextCell(a.Next, r+1, t.Pairs)
				vsOf[i][a.Name] = [3]string{text, class, title}
			}
		}
		apartOrder = append(apartOrder, strconv.Itoa(2*ranked-1))
		apartLabels = append(apartLabels, apartLabel(m, ranked, len(sum.Scenarios)-1))
	}
	desc := map[string]string{}
	for i, s := range sum.Scenarios {
		if i < len(descriptions) {
			desc[s.Name] = descriptions[i]
		}
	}
	t.Apart = DecisionRow{Separator: true, Order: strings.Join(apartOrder, " "), Labels: strings.Join(apartLabels, "|")}
	for _, r := range rows {
		a := r.Alternative
		row := DecisionRow{Rank: "–", Name: a.Name, Description: desc[a.Name], Cost: "$" + thousands(a.ExtraCostUSD), SideEffects: r.SideEffects}
		if r.Rank > 0 {
			row.Rank = strconv.Itoa(r.Rank)
		} else if !t.ApartPlaced {
			row.FirstApart, t.ApartPlaced = true, true
		}
		order, ranks := make([]string, len(orderOf)), make([]string, len(rankOf))
		var vs [3][]string
		for i := range orderOf {
			order[i], ranks[i] = orderOf[i][a.Name], rankOf[i][a.Name]
			for k, x := range vsOf[i][a.Name] {
				vs[k] = append(vs[k], x)
			}
		}
		row.Order, row.Ranks = strings.Join(order, " "), strings.Join(ranks, " ")
		row.VsAll, row.VsAllClass, row.VsAllTitle = strings.Join(vs[0], "|"), strings.Join(vs[1], "|"), strings.Join(vs[2], "|")
		if r.Rank > 0 {
			row.VsNext, row.VsNextClass, row.VsNextTitle = vsNextCell(a.Next, r.Rank, t.Pairs)
		}
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

// vsNextCell says the test of rank against the next in a few words ("> 2:
// p < 0.001", "≈ 2: p = 0.30"), its class (distinct or close) and in full;
// "" for none (the last rank). pairs is the replications run.
func vsNextCell(nt *experiment.RankTest, rank, pairs int) (text, class, title string) {
	if nt == nil {
		return "", "", ""
	}
	title = fmt.Sprintf("Rank %d against rank %d: %s", rank, rank+1, vsNext(nt, pairs))
	switch {
	case nt.Key == "cost":
		return fmt.Sprintf("> %d by cost", rank+1), "distinct", title
	case nt.Distinct:
		return fmt.Sprintf("> %d: %s", rank+1, pWords(nt.PAdjusted)), "distinct", title
	}
	return fmt.Sprintf("≈ %d: %s", rank+1, pWords(nt.PAdjusted)), "close", title
}

// apartLabel heads the alternatives listed apart under objective m.
func apartLabel(m experiment.Metric, ranked, all int) string {
	if ranked == all {
		return ""
	}
	return fmt.Sprintf("Not ranked: no clear gain in %s after Holm's adjustment", strings.ToLower(outcomeLabel(m)))
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
	c.Title = fmt.Sprintf("%s: %s, 95%% CI %s; %s, %s after Holm's adjustment", outcomeLabel(e.Metric), c.Change, c.CI,
		pWords(e.P), strings.TrimPrefix(pWords(e.PAdjusted), "p "))
	switch {
	case e.RawClear && !e.Clear:
		c.Class = "chance"
		c.Chance = fmt.Sprintf("clear alone (%s), not after Holm (%s)", pWords(e.P), strings.TrimPrefix(pWords(e.PAdjusted), "p "))
		c.Title = strings.Replace(c.Title, "after Holm's adjustment", "after Holm's adjustment over the table's tests", 1)
		c.Title += ": clear in its own test, not after the adjustment for the table's tests (it could be chance)"
	case !e.Clear:
		c.Title += ": no clear effect"
	case e.Metric.Info().Good == experiment.Neutral:
		c.Class = "clear"
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

// rankingSentences say the decision table's ranking in words: the ranked
// alternatives, best buy first, and those listed apart.
func rankingSentences(alts []experiment.Alternative, objective experiment.Metric, pd period) []string {
	var ranked, apart []string
	for _, a := range alts {
		e, _ := a.Effect(objective)
		switch {
		case !a.Ranked && e.Clear && e.Gain.Mean < 0:
			apart = append(apart, a.Name+" (worse)")
		case !a.Ranked:
			apart = append(apart, a.Name)
		case e.Dominant:
			ranked = append(ranked, fmt.Sprintf("%d. %s (no extra cost)", len(ranked)+1, a.Name))
		default:
			ranked = append(ranked, fmt.Sprintf("%d. %s ($%s per %s)", len(ranked)+1, a.Name, money(e.CostPerUnit.Mean), costUnit(objective)))
		}
	}
	what := outcomeGain(objective)
	if len(ranked) == 0 {
		return []string{fmt.Sprintf("No alternative clearly improves %s after Holm's adjustment, so none has a cost per %s or a rank.",
			strings.ToLower(outcomeLabel(objective)), what)}
	}
	s := fmt.Sprintf("Ranked by cost per %s: %s.", what, strings.Join(ranked, ", "))
	if len(apart) > 0 {
		s += fmt.Sprintf(" Not ranked, no clear gain after the adjustment: %s.", strings.Join(apart, ", "))
	}
	return []string{s}
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
	all := experiment.Cells(sum)
	cells := make([]map[experiment.Metric]experiment.Effect, len(alts))
	for i, a := range alts {
		cells[i] = map[experiment.Metric]experiment.Effect{}
		for _, e := range all[a.Index] {
			cells[i][e.Metric] = e
		}
	}
	for _, m := range otherOutcomes() {
		info := m.Info()
		row := OutcomeRow{Label: shortLabel(m), Doc: info.Doc, Unit: unitWords(info.Unit), Level: fmtNum(base.Metrics[m].Mean)}
		for i := range alts {
			e, ok := cells[i][m]
			if !ok {
				row.Cells = append(row.Cells, DecisionCell{Change: "–", Class: "unclear"})
				continue
			}
			row.Cells = append(row.Cells, decisionCell(e))
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
