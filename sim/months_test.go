package sim_test

import (
	"testing"

	"hourglass/sim"
)

// TestMonthsAddUp: the monthly records of a two-year run starting in July
// name 24 consecutive months from 2005-07 and sum, to the gram, to the run's
// totals.
func TestMonthsAddUp(t *testing.T) {
	sc := loadBaseline(t)
	p := sc.Params
	p.Days = 2 * 365
	p.Start = sim.YearMonth{Year: 2005, Month: 7}
	o, err := sim.Run(sc.World, &p, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkBalance(t, &o)
	if len(o.Months) != 24 {
		t.Fatalf("%d monthly records in two years", len(o.Months))
	}
	var shipped, seized, delivered, retained, seizedIn [sim.NumCommodities]sim.Grams
	var couriers, organisers int
	for i, m := range o.Months {
		if want := (sim.YearMonth{Year: 2005, Month: 7}).Add(i); m.Month != want {
			t.Errorf("record %d is %v, want %v", i, m.Month, want)
		}
		for c := range shipped {
			shipped[c] += m.Shipped[c]
			seized[c] += m.Seized[c]
			delivered[c] += m.Delivered[c]
			retained[c] += m.Retained[c]
			for k := range m.SeizedIn {
				seizedIn[c] += m.SeizedIn[k][c]
			}
		}
		couriers += m.CourierArrests
		organisers += m.OrganiserArrests
	}
	if shipped != o.Shipped || seized != o.Seized || delivered != o.Delivered || retained != o.Retained || seizedIn != o.Seized {
		t.Errorf("months sum to shipped %v seized %v (by country %v) delivered %v retained %v; run: %v %v %v %v",
			shipped, seized, seizedIn, delivered, retained, o.Shipped, o.Seized, o.Delivered, o.Retained)
	}
	if couriers != o.CourierArrests || organisers != o.OrganiserArrests {
		t.Errorf("months sum to %d courier and %d organiser arrests; run: %d, %d", couriers, organisers, o.CourierArrests, o.OrganiserArrests)
	}
}

// TestStartMonthSetsTheSeason: swimming the Panj is possible April to
// September only, so a 90-day run from January (to March) ships nothing by swimming
// and one from June does.
func TestStartMonthSetsTheSeason(t *testing.T) {
	swum := func(start int) sim.Grams {
		w := line(sim.Traits{}, sim.Opiates, sim.Swim)
		w.Segments[0].Modes = sim.ModeSet(0).With(sim.Swim)
		w.Segments[1].Modes = sim.ModeSet(0).With(sim.Swim)
		prepare(t, w)
		p := toyParams()
		p.Days = 90
		p.Start = sim.YearMonth{Year: 2005, Month: start}
		o, err := sim.Run(w, &p, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		return o.Delivered[sim.Heroin] + o.Delivered[sim.Opium]
	}
	if jan, jun := swum(1), swum(6); jan != 0 || jun == 0 {
		t.Errorf("delivered by swimming: %d g from January, %d g from June; want none, then some", jan, jun)
	}
}

func TestYearMonth(t *testing.T) {
	for _, c := range []struct {
		in   string
		add  int
		want string
	}{
		{"2005-07", 0, "2005-07"},
		{"2005-07", 6, "2006-01"},
		{"2005-12", 1, "2006-01"},
		{"2005-01", 83, "2011-12"},
	} {
		ym, err := sim.ParseYearMonth(c.in)
		if err != nil {
			t.Fatal(err)
		}
		got := ym.Add(c.add)
		if got.String() != c.want {
			t.Errorf("%s + %d = %s, want %s", c.in, c.add, got, c.want)
		}
		if got.Sub(ym) != c.add {
			t.Errorf("%s - %s = %d, want %d", got, ym, got.Sub(ym), c.add)
		}
	}
	for _, bad := range []string{"", "2005", "2005-00", "2005-13", "05-07", "2005/07", "abcd-ef"} {
		if _, err := sim.ParseYearMonth(bad); err == nil {
			t.Errorf("%q parsed as a month", bad)
		}
	}
}

// TestEpochTakesEffectInItsMonth: a post that searches nothing until April
// and every load from April on seizes nothing in January to March and loads
// every month after.
func TestEpochTakesEffectInItsMonth(t *testing.T) {
	open := line(sim.Traits{}, sim.Opiates, sim.Truck)
	shut := line(certain, sim.Opiates, sim.Truck)
	for _, w := range []*sim.World{open, shut} {
		w.Populations[0].MaxLoadKg = 50
		w.Labs[0].StartHeroinKg = 0 // opium only, 10 kg a day: a load every few days
	}
	prepare(t, open)
	prepare(t, shut)
	p := toyParams()
	p.Adaptation.Temperature = 1 // the only route stays in use
	april := sim.YearMonth{Year: 2005, Month: 4}
	o, err := sim.RunEpochs([]sim.Epoch{{From: p.Start, World: open, Params: &p}, {From: april, World: shut, Params: &p}}, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkBalance(t, &o)
	for _, m := range o.Months {
		seized := m.Seized[sim.Heroin] + m.Seized[sim.Opium]
		before := m.Month.Sub(april) < 0
		if before && seized != 0 {
			t.Errorf("%v: %d g seized before the post opened in %v", m.Month, seized, april)
		}
		if !before && seized == 0 {
			t.Errorf("%v: nothing seized after the post opened in %v", m.Month, april)
		}
	}
}

func TestEpochsMustKeepTheNetwork(t *testing.T) {
	a := line(sim.Traits{}, sim.Opiates, sim.Truck)
	b := fork(sim.Traits{})
	prepare(t, a)
	prepare(t, b)
	p := toyParams()
	_, err := sim.RunEpochs([]sim.Epoch{{From: p.Start, World: a, Params: &p}, {From: p.Start.Add(3), World: b, Params: &p}}, 1, 0)
	if err == nil {
		t.Fatal("an epoch with another network was accepted")
	}
	_, err = sim.RunEpochs([]sim.Epoch{{From: p.Start, World: a, Params: &p}, {From: p.Start, World: a, Params: &p}}, 1, 0)
	if err == nil {
		t.Fatal("two epochs from the same month were accepted")
	}
}

// TestMonthsIn: the number of months a run touches is the length of its
// monthly records.
func TestMonthsIn(t *testing.T) {
	sc := loadBaseline(t)
	for _, c := range []struct{ start, days int }{{1, 365}, {7, 730}, {12, 31}, {12, 32}, {3, 90}, {1, 1}} {
		p := sc.Params
		p.Days, p.Start = c.days, sim.YearMonth{Year: 2005, Month: c.start}
		o, err := sim.Run(sc.World, &p, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := sim.MonthsIn(p.Start, p.Days); got != len(o.Months) {
			t.Errorf("start month %d, %d days: MonthsIn %d, the run recorded %d", c.start, c.days, got, len(o.Months))
		}
	}
}
