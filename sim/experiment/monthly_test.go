package experiment_test

import (
	"context"
	"math"
	"os"
	"testing"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// TestMonthlyAddsUp: on the tiny network with a dated event, every
// network-wide monthly mean sums over the months to the run-level mean of
// the metric of the same name, the seizures in each country sum to all
// seizures month by month, and every month has every replication.
func TestMonthlyAddsUp(t *testing.T) {
	sc, err := scenario.Load(os.DirFS("../testdata"), "tiny-event.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Epochs) != 2 {
		t.Fatalf("%d epochs, want the start and the event", len(sc.Epochs))
	}
	const n = 6
	e := &experiment.Experiment{Kind: "run", Seed: 4, N: n, Workers: 2,
		Scenarios: []experiment.Scenario{{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs}}}
	res, err := e.Run(context.Background(), experiment.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ss := &res.Summary.Scenarios[0]
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	checked := 0
	for ser := experiment.MonthSeries(0); ser < experiment.NumMonthSeries; ser++ {
		if ser.ByCountry() {
			continue
		}
		m, err := experiment.ParseMetric(ser.String())
		if err != nil {
			t.Errorf("series %s is named like no metric: %v", ser, err)
			continue
		}
		months := ss.MonthSeriesOf(ser, experiment.AllCountries)
		if len(months) != 8 {
			t.Fatalf("%s: %d months, want 8", ser, len(months))
		}
		sum := 0.0
		for i, st := range months {
			if want := (sim.YearMonth{Year: 2005, Month: 1}).Add(i); st.Month != want || st.N != n {
				t.Errorf("%s: month %d is %v with n %d, want %v with n %d", ser, i, st.Month, st.N, want, n)
			}
			if st.Lo > st.Mean || st.Hi < st.Mean {
				t.Errorf("%s %v: mean %v outside its CI [%v, %v]", ser, st.Month, st.Mean, st.Lo, st.Hi)
			}
			sum += st.Mean
		}
		if run := ss.Metrics[m].Mean; !near(sum, run) {
			t.Errorf("%s: monthly means sum to %v, the run's mean is %v", ser, sum, run)
		}
		if sum != 0 {
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("only %d series are non-zero: the tiny run tests little", checked)
	}
	for _, code := range []string{"TJ", "KG"} {
		m, _ := experiment.SeizedIn(code)
		sum := 0.0
		for _, st := range ss.MonthSeriesOf(experiment.MonthOpiatesSeizedIn, code) {
			sum += st.Mean
		}
		if run := ss.Metrics[m].Mean; !near(sum, run) {
			t.Errorf("opiates seized in %s: monthly means sum to %v, the run's mean is %v", code, sum, run)
		}
	}
	all := ss.MonthSeriesOf(experiment.MonthOpiatesSeized, experiment.AllCountries)
	for i := range all {
		byCountry := 0.0
		for _, code := range sc.World.Countries {
			byCountry += ss.MonthSeriesOf(experiment.MonthOpiatesSeizedIn, code)[i].Mean
		}
		if !near(byCountry, all[i].Mean) {
			t.Errorf("%v: seizures by country sum to %v, all seizures %v", all[i].Month, byCountry, all[i].Mean)
		}
	}
}

func TestMonthSeriesNames(t *testing.T) {
	for _, c := range []struct {
		s    experiment.MonthSeries
		want string
	}{
		{experiment.MonthOpiatesSeized, "opiates_seized_kg"},
		{experiment.MonthPrecursorToLabs, "precursor_to_labs_kg"},
		{experiment.MonthCourierArrests, "courier_arrests"},
		{experiment.MonthBribes, "bribes_usd"},
		{experiment.MonthOpiatesEnteredIn, "opiates_entered_kg"},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("series %d is %q, want %q", c.s, got, c.want)
		}
	}
}
