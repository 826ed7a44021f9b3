package report

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hourglass/sim/robust"
)

// Ensemble is what the report of a comparison across an ensemble shows:
// the decision across the members, in a table and in words, and the
// conditions under which it flips.
type Ensemble struct {
	Names     []string // the alternatives
	Baseline  string
	Objective string
	Unit      string // of the effects and regrets
	Members   int
	Effects   [][]float64 // [member][alternative]: gain per USD 1 million
	Robust    *robust.Result
	Exclusion [][]float64
	Words     string // robust's Summary
	// Discoveries are the flip of the top two, then when each "best in
	// some worlds" alternative is best.
	Discoveries []Discovery
	Ignored     []string // columns of the ensemble file no scenario uses
	Question    string
	Files       []string
	Sources     string
	NoFigures   bool
}

// Discovery is one question of scenario discovery and PRIM's answer.
type Discovery struct {
	Question     string   `json:"question"`
	Outcome      string   `json:"outcome"`
	Sentence     string   `json:"sentence"`
	Rows         int      `json:"members"`
	Hits         int      `json:"members_with_outcome"`
	Coverage     float64  `json:"coverage"`
	Density      float64  `json:"density"`
	Mass         float64  `json:"mass"`
	Restrictions []string `json:"conditions,omitempty"`
}

// EnsembleWords are the report's sentences: which choice is robust (robust's
// Summary, a sentence a line) and when the answer flips.
func EnsembleWords(e Ensemble) []string {
	var out []string
	for _, l := range strings.Split(e.Words, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	// the top two, however the verdicts fall: how often each is best or
	// within its member's own noise of the best
	order := e.order()
	for _, a := range order[:min(2, len(order))] {
		alt := e.Robust.Alternatives[a]
		out = append(out, fmt.Sprintf("%s is best or within the noise of the best (twice the standard error of the difference) in %.0f of the %d members (%.0f%%); its cost per unit's 95%% interval lies wholly below %s.",
			e.Names[a], alt.NearBestShare*float64(e.Members), e.Members, 100*alt.NearBestShare, exclusionWords(e, a, order)))
	}
	for _, d := range e.Discoveries {
		out = append(out, d.Question+" "+capitalize(d.Sentence))
	}
	if len(e.Ignored) > 0 {
		out = append(out, "Columns of the ensemble file that no scenario declares uncertain, and so not applied: "+strings.Join(e.Ignored, ", ")+".")
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// order is the alternatives by P(best), then expected rank.
func (e Ensemble) order() []int { return ByPBest(e.Robust) }

// ByPBest orders the alternatives of r by P(best), then expected rank (the
// first of equals first).
func ByPBest(r *robust.Result) []int {
	order := make([]int, len(r.Alternatives))
	for i := range order {
		order[i] = i
	}
	as := r.Alternatives
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case as[a].PBest > as[b].PBest:
			return -1
		case as[a].PBest < as[b].PBest:
			return 1
		case as[a].ExpectedRank < as[b].ExpectedRank:
			return -1
		case as[a].ExpectedRank > as[b].ExpectedRank:
			return 1
		}
		return 0
	})
	return order
}

// WriteEnsemble draws the ensemble comparison's charts and writes
// report.html.
func WriteEnsemble(dir string, e Ensemble) error {
	if err := mkFigures(dir, e.NoFigures); err != nil {
		return err
	}
	page := &Page{Title: "hourglass compare across the ensemble: " + e.Baseline, Question: e.Question,
		Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC"), Files: e.Files, Sources: e.Sources, SourcesArg: e.Baseline}
	words := EnsembleWords(e)
	if len(words) > 0 {
		page.Answer = words[:min(2, len(words))]
		page.Summary = words
	}
	order := e.order()
	if !e.NoFigures {
		names := make([]string, len(order))
		mean, lo, hi := make([]float64, len(order)), make([]float64, len(order)), make([]float64, len(order))
		for k, a := range order {
			alt := e.Robust.Alternatives[a]
			names[k], mean[k], lo[k], hi[k] = e.Names[a], 100*alt.PBest, 100*alt.PBestLo, 100*alt.PBestHi
		}
		p, err := barsCI("P(best): the share of members in which each alternative buys the most", "% of members (Wilson 95% CI)", names, mean, lo, hi, blue)
		if err != nil {
			return err
		}
		f, err := save(p, dir, "p-best", fmt.Sprintf("The share of the %d members in which each alternative gives the most %s, with Wilson's 95%% interval (how precisely %d members estimate the share).", e.Members, e.Unit, e.Members), heightFor(len(names)))
		if err != nil {
			return err
		}
		page.Figures = append(page.Figures, f)
		p, err = regretChart(e, order)
		if err != nil {
			return err
		}
		f, err = save(p, dir, "regret", "Each member's regret for each alternative: its shortfall from the best alternative of the same member, in "+e.Unit+"; the bar is the mean, the right end of the dots the worst case.", heightFor(len(names)))
		if err != nil {
			return err
		}
		page.Figures = append(page.Figures, f)
	}
	page.Table = ensembleTable(e, order)
	page.TableNote = "The decision across the members: P(best) with Wilson's 95% interval, the expected rank (1 the best), the mean and the worst-case regret (the shortfall from the best alternative in the same member), the share of members in which the alternative is best or within the noise of the best (twice the standard error of the difference), the verdict, and how often its cost per unit's 95% interval lies wholly below each rival's. Bold: robust."
	return writeHTML(filepath.Join(dir, FileName), page)
}

// regretChart shows each member's regret for each alternative as dots,
// with the mean as a bar.
func regretChart(e Ensemble, order []int) (*plot.Plot, error) {
	p := newPlot("Regret in each member", "regret ("+e.Unit+")", "")
	n := len(order)
	vals := make(plotter.Values, n)
	rev := make([]string, n)
	var dots plotter.XYs
	for k, a := range order {
		j := n - 1 - k
		alt := e.Robust.Alternatives[a]
		vals[j] = alt.MeanRegret
		rev[j] = e.Names[a]
		for m, r := range alt.Regret {
			jitter := 0.3 * (float64(m%7)/6 - 0.5)
			dots = append(dots, plotter.XY{X: r, Y: float64(j) + jitter})
		}
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return nil, err
	}
	bars.Horizontal, bars.Color, bars.LineStyle.Width = true, grey, 0
	sc, err := plotter.NewScatter(dots)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: vermillion, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
	p.Add(bars, sc)
	p.NominalY(rev...)
	p.X.Min = 0
	return p, nil
}

// ensembleTable is the decision table across the members.
func ensembleTable(e Ensemble, order []int) Table {
	t := Table{Header: []string{"alternative", "verdict", "P(best)", "95% CI", "expected rank", "mean regret", "worst-case regret", "near best", "cost per unit below rival's"}, SigCol: 9}
	t.Header = append(t.Header, "robust")
	for _, a := range order {
		alt := e.Robust.Alternatives[a]
		var ex []string
		for _, b := range order {
			if b != a {
				ex = append(ex, fmt.Sprintf("%s %.0f%%", e.Names[b], 100*e.Exclusion[a][b]))
			}
		}
		rob := "no"
		if alt.Verdict.Robust() {
			rob = "yes"
		}
		t.Rows = append(t.Rows, []Cell{{e.Names[a], e.Names[a]}, {alt.Verdict.String(), alt.Verdict.String()},
			{fmt.Sprintf("%.0f%%", 100*alt.PBest), fmt.Sprint(alt.PBest)}, {fmt.Sprintf("%.0f–%.0f%%", 100*alt.PBestLo, 100*alt.PBestHi), fmt.Sprint(alt.PBestLo)},
			num(alt.ExpectedRank), num(alt.MeanRegret), num(alt.MaxRegret), {fmt.Sprintf("%.0f%%", 100*alt.NearBestShare), fmt.Sprint(alt.NearBestShare)},
			{strings.Join(ex, "; "), ""}, {rob, rob}})
	}
	return t
}

// EnsembleText prints the console's decision table across the members and
// the sentences.
func EnsembleText(w io.Writer, e Ensemble) {
	fmt.Fprintf(w, "Across %d members, ranked by %s (gain per dollar: %s):\n", e.Members, e.Objective, e.Unit)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "alternative\tP(best)\t95% CI\tE[rank]\tmean regret\tworst regret\tverdict")
	for _, a := range e.order() {
		alt := e.Robust.Alternatives[a]
		fmt.Fprintf(tw, "%s\t%.0f%%\t%.0f-%.0f%%\t%.2f\t%s\t%s\t%s\n", e.Names[a], 100*alt.PBest, 100*alt.PBestLo, 100*alt.PBestHi,
			alt.ExpectedRank, numLabel(alt.MeanRegret, digits(alt.MeanRegret)), numLabel(alt.MaxRegret, digits(alt.MaxRegret)), alt.Verdict)
	}
	tw.Flush()
	for _, s := range EnsembleWords(e) {
		fmt.Fprintln(w, s)
	}
}

// digits are the decimals a regret needs: three significant figures.
func digits(x float64) int {
	if x == 0 || math.IsNaN(x) {
		return 0
	}
	return max(0, 2-int(math.Floor(math.Log10(math.Abs(x)))))
}

// exclusionWords says how often alternative a's cost per unit interval lies
// below that of the first other alternative in order.
func exclusionWords(e Ensemble, a int, order []int) string {
	for _, b := range order {
		if b != a {
			return fmt.Sprintf("%s's in %.0f%% of the members", e.Names[b], 100*e.Exclusion[a][b])
		}
	}
	return "no rival's"
}
