package experiment

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"hourglass/sim"
)

// How long the chain takes to settle from its empty start, the evidence
// for the default warm-up (sim.Params.WarmupMonths, docs/warmup.svg). Long
// runs start empty, without a warm-up; for each series below and each
// warm-up of t months, the mean of the series over the year that follows
// (months t to t+11: what a one-year run after that warm-up measures, the
// seasons averaged out) is compared with its long-run value, its mean over
// the runs' last years.
// settleSeries is a quantity Settle follows: its name, unit, and its value
// in month i of a run (NaN when it has none, as the career share of a month
// without loads).
type settleSeries struct {
	name, unit string
	of         func(o *sim.Outcome, i int) float64
}

var settleSeriesList = []settleSeries{
	{"opiates in transit", "kg", func(o *sim.Outcome, i int) float64 { return opiates(o.States[i].InTransit) }},
	{"acetic anhydride in transit", "kg", func(o *sim.Outcome, i int) float64 { return o.States[i].InTransit[sim.Precursor].Kg() }},
	{"believed loss of the routes in use", "share", func(o *sim.Outcome, i int) float64 { return o.States[i].UsedBelief }},
	{"believed loss of every route", "share", func(o *sim.Outcome, i int) float64 { return o.States[i].MeanBelief }},
	{"heroin price, mean of the markets", "USD/kg", func(o *sim.Outcome, i int) float64 {
		prices := o.Months[i].MarketPrice
		if len(prices) == 0 {
			return math.NaN()
		}
		sum := 0.0
		for _, p := range prices {
			sum += p[sim.Heroin]
		}
		return sum / float64(len(prices))
	}},
	{"standing arrangements in force", "count", func(o *sim.Outcome, i int) float64 { return float64(o.States[i].Arrangements) }},
	{"career share of loads", "share", func(o *sim.Outcome, i int) float64 {
		s := o.States[i]
		if s.Trips == 0 {
			return math.NaN()
		}
		return float64(s.CareerTrips) / float64(s.Trips)
	}},
	{"acetic anhydride reaching the labs", "kg a month", func(o *sim.Outcome, i int) float64 { return o.Months[i].Delivered[sim.Precursor].Kg() }},
	{"opiates delivered", "kg a month", func(o *sim.Outcome, i int) float64 { return opiates(o.Months[i].Delivered) }},
}

// Settling is how a scenario's chain settles from its empty start.
type Settling struct {
	Start    sim.YearMonth // the runs' first month
	Reps     int
	Years    int     // the runs' length
	RefYears int     // the long run: the runs' last RefYears years
	Tol      float64 // the tolerance, a share of a series' long-run value
	Series   []SettlingSeries
}

// SettlingSeries is one series of a Settling.
type SettlingSeries struct {
	Name, Unit string
	// Year[t], Lo[t], Hi[t]: the series' mean over the year after a warm-up
	// of t months (months t to t+11 of the runs), averaged over the
	// replications, with its 95% confidence interval; t runs up to the
	// year before the long run.
	Year, Lo, Hi []float64
	// Long: the long-run value, the series' mean over the long run,
	// averaged over the replications; LongHalf its 95% CI half-width.
	Long, LongHalf float64
	// Drift: how much the series still moves a year in the runs' second
	// half, as a share of Long: the least-squares slope of each
	// replication's yearly means over the second half's years, averaged
	// over the replications, with its 95% CI [DriftLo, DriftHi]. A series
	// that has settled has a drift whose CI holds 0, or a small one.
	Drift, DriftLo, DriftHi float64
	// Settled: the shortest warm-up from which every longer one (up to the
	// year before the long run) is Close; len(Year) when there is none.
	Settled int
}

// Close reports whether the year after a warm-up of t months is within
// tolerance of the long run:
//
//	|Year_t − Long| ≤ max(tol·|Long|, √(h_t² + h_long²))
//
// with h_t and h_long the 95% CI half-widths of the two means: within tol
// of the long-run value, or indistinguishable from it.
func (s *SettlingSeries) Close(t int, tol float64) bool {
	h := (s.Hi[t] - s.Lo[t]) / 2
	return math.Abs(s.Year[t]-s.Long) <= math.Max(tol*math.Abs(s.Long), math.Hypot(h, s.LongHalf))
}

// Settle runs replications 0..reps-1 of w with p (without a warm-up, for
// p.Days, whole years, at least refYears+2) on a pool of workers, and
// measures how long a warm-up each series needs (SettlingSeries.Settled)
// at tolerance tol.
func Settle(ctx context.Context, w *sim.World, p *sim.Params, seed uint64, reps, workers, refYears int, tol float64) (*Settling, error) {
	years := p.Days / 365
	switch {
	case p.WarmupMonths != 0:
		return nil, fmt.Errorf("settle: the runs start from empty (warm-up %d months, want 0)", p.WarmupMonths)
	case p.Days%365 != 0 || years < refYears+2:
		return nil, fmt.Errorf("settle: %d days, want whole years, at least %d (the long run of %d years and two before it)", p.Days, refYears+2, refYears)
	case reps < 2:
		return nil, fmt.Errorf("settle: %d replications, want at least 2", reps)
	}
	months := 12 * years
	long := months - 12*refYears // the long run's first month
	// values[r][s][t]: replication r, series s, month t
	values := make([][][]float64, reps)
	ids := make([]uint64, reps)
	for i := range ids {
		ids[i] = uint64(i)
	}
	_, err := RunEach(ctx, seed, ids, workers, func(i int, rep uint64) error {
		o, err := sim.Run(w, p, seed, rep)
		if err != nil {
			return err
		}
		values[i] = make([][]float64, len(settleSeriesList))
		for s, ser := range settleSeriesList {
			values[i][s] = make([]float64, months)
			for t := range months {
				values[i][s][t] = ser.of(&o, t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// mean is a replication's mean of series s over months [from, to),
	// NaN when it has no value there.
	mean := func(r, s, from, to int) float64 {
		sum, n := 0.0, 0
		for t := from; t < to; t++ {
			if v := values[r][s][t]; !math.IsNaN(v) {
				sum, n = sum+v, n+1
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	}
	// summary is the mean over the replications of mean(r, s, from, to).
	summary := func(s, from, to int) Stats {
		x := make([]float64, 0, reps)
		for r := range values {
			if v := mean(r, s, from, to); !math.IsNaN(v) {
				x = append(x, v)
			}
		}
		return Summarize(x)
	}
	out := &Settling{Start: p.Start, Reps: reps, Years: years, RefYears: refYears, Tol: tol}
	last := long - 12 // the last warm-up whose year ends before the long run
	for s, ser := range settleSeriesList {
		ss := SettlingSeries{Name: ser.name, Unit: ser.unit}
		lr := summary(s, long, months)
		ss.Long, ss.LongHalf = lr.Mean, (lr.Hi-lr.Lo)/2
		dr := Summarize(slopes(values, s, years))
		ss.Drift, ss.DriftLo, ss.DriftHi = dr.Mean/ss.Long, dr.Lo/ss.Long, dr.Hi/ss.Long
		for t := 0; t <= last; t++ {
			st := summary(s, t, t+12)
			ss.Year, ss.Lo, ss.Hi = append(ss.Year, st.Mean), append(ss.Lo, st.Lo), append(ss.Hi, st.Hi)
		}
		ss.Settled = len(ss.Year)
		for t := last; t >= 0 && ss.Close(t, tol); t-- {
			ss.Settled = t
		}
		out.Series = append(out.Series, ss)
	}
	return out, nil
}

// Drifts reports whether a series still drifts in the runs' second half:
// its drift's CI excludes 0 and the drift is at least min a year (as a
// share of the long-run value). Such a series has no settled value to
// reach: its Settled grows with the runs' length.
func (s *SettlingSeries) Drifts(min float64) bool {
	return (s.DriftLo > 0 || s.DriftHi < 0) && math.Abs(s.Drift) >= min
}

// slopes returns, for each replication, the least-squares slope per year
// of its yearly means of series s over the second half of the runs' years
// (years/2 .. years-1, at least two):
//
//	slope = Σ (y_k − ȳ)(x_k − x̄) / Σ (x_k − x̄)²
func slopes(values [][][]float64, s, years int) []float64 {
	first := min(years/2, years-2)
	out := make([]float64, 0, len(values))
	for r := range values {
		var xs, ys []float64
		for y := first; y < years; y++ {
			sum, n := 0.0, 0
			for t := 12 * y; t < 12*(y+1); t++ {
				if v := values[r][s][t]; !math.IsNaN(v) {
					sum, n = sum+v, n+1
				}
			}
			if n > 0 {
				xs, ys = append(xs, float64(y)), append(ys, sum/float64(n))
			}
		}
		if len(xs) < 2 {
			continue
		}
		_, slope := stat.LinearRegression(xs, ys, nil, false)
		out = append(out, slope)
	}
	return out
}
