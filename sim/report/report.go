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
	// NoFigures writes the page without its charts and maps (and no
	// figures/): quicker, for whoever needs only the tables.
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
	Summary   []string
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
	Monthly   []Figure // month by month (runs of more than one month)
	Maps      []MapFigure
	Hidden    []string // map labels that found no room
	Touched   []TouchedPlace
	// Enforcement is, per scenario, what each kind of enforcement effort
	// seized, arrested and cost.
	Enforcement []EnforcementTable
	Files       []string
	// Sources is the provenance table beside the report ("" when absent),
	// and SourcesArg the scenario to name in "hourglass sources ARG".
	Sources, SourcesArg string
}

// Table is the sortable results table.
type Table struct {
	Header []string
	Rows   [][]Cell
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
		page.Decision = decisionTable(sum, in.Descriptions, objectiveOf(in), periodOf(in.Days))
		page.Others = outcomeTable(sum, objectiveOf(in))
	}
	page.Table = table(sum)
	page.TableNote = "Differences are paired against the first scenario, replication by replication (common random numbers); bold rows: the 95% confidence interval of the difference excludes 0."

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
		for _, a := range alts {
			alt := &sum.Scenarios[a.Index]
			desc := alt.Name
			if a.Index < len(in.Descriptions) && in.Descriptions[a.Index] != "" {
				desc = fmt.Sprintf("%s (%s)", alt.Name, in.Descriptions[a.Index])
			}
			out = append(out, compareSentence(desc, base, alt, a, pd))
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

// compareSentence says what one alternative does, e.g. "The Sosnovka post
// raises opiate seizures in Kyrgyzstan by X% (95% CI …) and displaces Y% of
// the flow …; cost per extra kg seized: $…".
func compareSentence(desc string, base, alt *experiment.ScenarioSummary, decided experiment.Alternative, pd period) string {
	var b strings.Builder
	total := alt.Metrics[experiment.OpiatesSeized].VsBaseline
	bm := base.Metrics[experiment.OpiatesSeized].Mean
	// every country where seizures changed clearly, largest change in kg first
	type change struct {
		country string
		d       *experiment.Diff
		base    float64
	}
	var changes []change
	for _, c := range countryMetrics() {
		d := alt.Metrics[c.metric].VsBaseline
		if d != nil && d.ExcludesZero && !math.IsNaN(d.Relative) {
			changes = append(changes, change{c.country, d, base.Metrics[c.metric].Mean})
		}
	}
	sort.SliceStable(changes, func(i, j int) bool { return math.Abs(changes[i].d.Mean) > math.Abs(changes[j].d.Mean) })
	fmt.Fprintf(&b, "%s: ", desc)
	switch {
	case len(changes) > 0:
		for i, c := range changes {
			verb := "raises"
			if c.d.Mean < 0 {
				verb = "lowers"
			}
			if i > 0 {
				b.WriteString(" and ")
			}
			fmt.Fprintf(&b, "%s opiate seizures in %s by %.0f%% (95%% CI %s to %s, %s %s)", verb, c.country, 100*math.Abs(c.d.Relative),
				pct(c.d.Lo/c.base), pct(c.d.Hi/c.base), signedTonnes(c.d.Mean), pd.span)
		}
		if total != nil && bm != 0 {
			fmt.Fprintf(&b, "; all opiate seizures change by %s (95%% CI %s to %s)", pct(total.Mean/bm), pct(total.Lo/bm), pct(total.Hi/bm))
		}
	case total != nil && bm != 0 && total.ExcludesZero:
		fmt.Fprintf(&b, "all opiate seizures change by %s (95%% CI %s to %s), with no clear change in any one country", pct(total.Mean/bm), pct(total.Lo/bm), pct(total.Hi/bm))
	case total != nil && bm != 0:
		fmt.Fprintf(&b, "no clear change in opiate seizures (all seizures %s, 95%% CI %s to %s)", pct(total.Mean/bm), pct(total.Lo/bm), pct(total.Hi/bm))
	}
	for _, e := range decided.Effects {
		if !e.Clear || e.Metric == experiment.OpiatesSeized {
			continue
		}
		fmt.Fprintf(&b, "; %s %s by %s (95%% CI %s to %s)", strings.ToLower(outcomeLabel(e.Metric)), changeVerb(e.Diff.Mean),
			quantity(math.Abs(e.Diff.Mean), e.Metric), signedBound(e.Diff.Lo, e.Metric), signedBound(e.Diff.Hi, e.Metric))
		if !math.IsNaN(e.Diff.Relative) {
			fmt.Fprintf(&b, ", %s", pct(e.Diff.Relative))
		}
		if e.CostPerUnit != nil {
			fmt.Fprintf(&b, ", at $%s per %s (95%% CI $%s to $%s)", money(e.CostPerUnit.Mean), shortGain(e.Metric), money(e.CostPerUnit.Lo), money(e.CostPerUnit.Hi))
		}
	}
	if d := alt.Displacement; d != nil {
		if d.Lo >= 0.005 && len(alt.FlowLosses) > 0 && len(alt.FlowGains) > 0 {
			l, g := alt.FlowLosses[0], alt.FlowGains[0]
			fmt.Fprintf(&b, "; it displaces %.1f%% of the opiate flow (95%% CI %.1f to %.1f%%), most from %s–%s (%s) to %s–%s (%s)",
				100*d.Mean, 100*d.Lo, 100*d.Hi, l.From, l.To, signedTonnes(l.Kg), g.From, g.To, signedTonnes(g.Kg))
		} else {
			fmt.Fprintf(&b, "; it displaces almost none of the opiate flow (%.1f%%, 95%% CI %.1f to %.1f%%)", 100*d.Mean, 100*d.Lo, 100*d.Hi)
		}
	}
	if e, ok := decided.Effect(experiment.OpiatesSeized); ok && e.CostPerUnit != nil {
		fmt.Fprintf(&b, "; cost per extra kg of opiates seized: $%s (95%% CI $%s to $%s)", money(e.CostPerUnit.Mean), money(e.CostPerUnit.Lo), money(e.CostPerUnit.Hi))
	}
	clear := false
	for _, e := range decided.Effects {
		clear = clear || e.Clear
	}
	if !clear {
		fmt.Fprintf(&b, "; at $%s over the run (discounted) it changes none of the decision table's outcomes clearly", thousands(decided.ExtraCostUSD))
	}
	b.WriteString(".")
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

func changeVerb(x float64) string {
	if x < 0 {
		return "falls"
	}
	return "rises"
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

func signedTonnes(kg float64) string {
	if kg > 0 {
		return "+" + tonnes(kg)
	}
	return "−" + tonnes(-kg)
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
	t := Table{Header: []string{"scenario", "metric", "mean", "95% CI", "vs first: difference", "95% CI", "relative", "CI excludes 0"}}
	for _, sc := range sum.Scenarios {
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
				row = append(row, num(d.Mean), Cell{fmt.Sprintf("%s – %s", fmtNum(d.Lo), fmtNum(d.Hi)), fmt.Sprint(d.Lo)}, rel, Cell{yes, yes})
			} else {
				row = append(row, Cell{"", ""}, Cell{"", ""}, Cell{"", ""}, Cell{"", ""})
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
