package report

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// maxMonthlyLines is the most scenarios a monthly chart draws: every
// scenario of a comparison of the shipped interventions (nine), and of a
// longer sweep every k-th point, the first and the last among them
// (monthlyShown).
const maxMonthlyLines = 12

// monthlyShown are the scenarios a monthly chart draws, of n: all of them
// up to maxMonthlyLines, else every k-th with the last, k the smallest
// step that keeps them within maxMonthlyLines.
func monthlyShown(n int) []int {
	k := 1
	for (n-2)/k+2 > maxMonthlyLines {
		k++
	}
	var out []int
	for s := 0; s < n; s += k {
		out = append(out, s)
	}
	if out[len(out)-1] != n-1 {
		out = append(out, n-1)
	}
	return out
}

// eventGrey draws the lines of event months: darker than the grid and the
// zero line.
var eventGrey = color.RGBA{0x55, 0x55, 0x55, 0xff}

// monthlyCharts draws the "Month by month" charts: for each charted series,
// one line of monthly means with its 95% CI band per scenario, and a dashed
// vertical line, labelled with its month, at the start of every month in
// which a scenario's dated events take effect. events[s] are scenario s's
// event months (nil for none). It draws nothing when the scenarios share
// fewer than two months.
func monthlyCharts(dir string, sum *experiment.Summary, events [][]sim.YearMonth) ([]Figure, error) {
	months := commonMonths(sum)
	if len(months) < 2 {
		return nil, nil
	}
	// a colour (and past the palette a dash) each: a long sweep's many
	// points would tangle the lines, so it shows every k-th
	shown := monthlyShown(len(sum.Scenarios))
	names, labels := make([]string, len(shown)), make([]string, len(shown))
	var shownEvents [][]sim.YearMonth
	for i, s := range shown {
		names[i] = sum.Scenarios[s].Name
		labels[i] = pointLabel(names[i])
		if o := sum.Scenarios[s].Override; o != "" {
			labels[i] = pointLabel(o)
		}
		if s < len(events) {
			shownEvents = append(shownEvents, events[s])
		}
	}
	events = shownEvents
	first, n := months[0], len(months)
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i) + 0.5 // the middle of month i; month i spans [i, i+1)
	}
	marks, which := eventMarks(events, names, first, n)
	var figs []Figure
	for _, c := range []struct {
		series            experiment.MonthSeries
		title, unit, file string
	}{
		{experiment.MonthOpiatesDelivered, "Opiates delivered to final markets, kg a month", "opiates delivered, kg in the month", "monthly-delivered"},
		{experiment.MonthOpiatesSeized, "Opiates seized, kg a month", "opiates seized, kg in the month", "monthly-seized"},
	} {
		mean, lo, hi := make([][]float64, len(names)), make([][]float64, len(names)), make([][]float64, len(names))
		for s := range names {
			byMonth := map[sim.YearMonth]experiment.MonthStat{}
			for _, st := range sum.Scenarios[shown[s]].MonthSeriesOf(c.series, experiment.AllCountries) {
				byMonth[st.Month] = st
			}
			for _, ym := range months {
				st := byMonth[ym]
				mean[s] = append(mean[s], st.Mean)
				lo[s] = append(lo[s], st.Lo)
				hi[s] = append(hi[s], st.Hi)
			}
		}
		p, err := programBands(c.title, "month", c.unit, labels, x, mean, lo, hi)
		if err != nil {
			return nil, err
		}
		p.X.Min, p.X.Max = 0, float64(n)
		p.X.Tick.Marker = monthTicks{first: first, n: n}
		if err := markEvents(p, marks, first); err != nil {
			return nil, err
		}
		caption := fmt.Sprintf("%s, %s to %s: the mean over replications of each month (line) with its 95%% CI (band, Student t), per scenario.",
			strings.TrimSuffix(c.title, ", kg a month"), first, first.Add(n-1))
		if o := sum.Scenarios[0].Override; o != "" {
			key, _, _ := strings.Cut(o, "=")
			caption += " Scenarios are named by the value of " + key + "."
		}
		if len(shown) < len(sum.Scenarios) {
			caption += fmt.Sprintf(" %d of the %d scenarios: every %s, the first and the last among them, because more lines could not be told apart; all are in monthly.csv.",
				len(shown), len(sum.Scenarios), ordinal(shown[1]-shown[0]))
		} else if len(shown) > 1 {
			caption += fmt.Sprintf(" All %d scenarios.", len(shown))
		}
		if len(which) > 0 {
			caption += " Dashed vertical lines: the start of a month in which dated events take effect (" + strings.Join(which, "; ") + ")."
		}
		f, err := save(p, dir, c.file, caption, lineHeight)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// ordinal is "2nd", "3rd", "4th"...
func ordinal(k int) string {
	switch {
	case k%100 >= 11 && k%100 <= 13:
		return fmt.Sprintf("%dth", k)
	case k%10 == 2:
		return fmt.Sprintf("%dnd", k)
	case k%10 == 3:
		return fmt.Sprintf("%drd", k)
	}
	return fmt.Sprintf("%dth", k)
}

// commonMonths are the months every scenario of sum has statistics for, in
// order (the first scenario's order).
func commonMonths(sum *experiment.Summary) []sim.YearMonth {
	if len(sum.Scenarios) == 0 {
		return nil
	}
	var out []sim.YearMonth
	for _, st := range sum.Scenarios[0].Monthly {
		if len(out) == 0 || out[len(out)-1] != st.Month {
			out = append(out, st.Month)
		}
	}
	for _, sc := range sum.Scenarios[1:] {
		has := map[sim.YearMonth]bool{}
		for _, st := range sc.Monthly {
			has[st.Month] = true
		}
		out = slices.DeleteFunc(out, func(ym sim.YearMonth) bool { return !has[ym] })
	}
	return out
}

// eventMarks returns the distinct event months inside the n months from
// first (an event at the start is in force all along: no line), in order,
// and for the caption each with the scenarios it belongs to.
func eventMarks(events [][]sim.YearMonth, names []string, first sim.YearMonth, n int) ([]sim.YearMonth, []string) {
	owners := map[sim.YearMonth][]string{}
	var marks []sim.YearMonth
	for s, list := range events {
		for _, ym := range list {
			if d := ym.Sub(first); d <= 0 || d >= n {
				continue
			}
			if _, ok := owners[ym]; !ok {
				marks = append(marks, ym)
			}
			if s < len(names) && !slices.Contains(owners[ym], names[s]) {
				owners[ym] = append(owners[ym], names[s])
			}
		}
	}
	slices.SortFunc(marks, func(a, b sim.YearMonth) int { return a.Sub(b) })
	which := make([]string, len(marks))
	for i, ym := range marks {
		which[i] = ym.String() + ": " + strings.Join(owners[ym], ", ")
	}
	return marks, which
}

// markEvents draws a dashed vertical line at the start of each event month
// (x = months since first) across the plot's height, with the month written
// at its top.
func markEvents(p *plot.Plot, marks []sim.YearMonth, first sim.YearMonth) error {
	if len(marks) == 0 {
		return nil
	}
	bottom, top := p.Y.Min, p.Y.Max
	p.Y.Max = top + 0.1*(top-bottom) // a strip for the labels
	labels := plotter.XYLabels{}
	// Labels of events close together go on rows below one another (a
	// label is about five months wide at a seven-year span).
	var rowEnd []float64
	for _, ym := range marks {
		at := float64(ym.Sub(first))
		row := 0
		for row < len(rowEnd) && at-rowEnd[row] < 6 {
			row++
		}
		if row == len(rowEnd) {
			rowEnd = append(rowEnd, 0)
		}
		rowEnd[row] = at
		l, err := plotter.NewLine(plotter.XYs{{X: at, Y: bottom}, {X: at, Y: p.Y.Max}})
		if err != nil {
			return err
		}
		l.Color, l.Width, l.Dashes = eventGrey, vg.Points(1), []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(l)
		labels.XYs = append(labels.XYs, plotter.XY{X: at, Y: p.Y.Max - (0.01+0.045*float64(row))*(p.Y.Max-bottom)})
		labels.Labels = append(labels.Labels, ym.String())
	}
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	sansLabels(lb)
	for i := range lb.TextStyle {
		lb.TextStyle[i].Color = eventGrey
		lb.TextStyle[i].Font.Size = vg.Points(8)
		lb.TextStyle[i].YAlign = text.YTop
	}
	lb.Offset = vg.Point{X: vg.Points(3), Y: -vg.Points(2)}
	p.Add(lb)
	return nil
}

// monthTicks marks the months of an axis whose month i spans [i, i+1) from
// first: a tick at the start of every month, labelled (YYYY-MM) every step
// months so that at most a dozen labels show, on months that divide the
// year evenly (January, April, July, October for a step of 3).
type monthTicks struct {
	first sim.YearMonth
	n     int
}

// Ticks implements plot.Ticker.
func (t monthTicks) Ticks(min, max float64) []plot.Tick {
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120} {
		step = s
		if t.n/s <= 12 {
			break
		}
	}
	var ticks []plot.Tick
	for i := 0; i <= t.n; i++ {
		if float64(i) < min || float64(i) > max {
			continue
		}
		ym := t.first.Add(i)
		tk := plot.Tick{Value: float64(i)}
		index := ym.Year*12 + ym.Month - 1
		if index%step == 0 {
			tk.Label = ym.String()
		}
		if tk.Label != "" || t.n <= 120 {
			ticks = append(ticks, tk)
		}
	}
	return ticks
}
