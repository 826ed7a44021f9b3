package sim_test

import (
	"context"
	"reflect"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

// withWarmup loads a shipped scenario with the given warm-up.
func withWarmup(t testing.TB, name string, months int) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadWith(scenarios.FS, name, scenario.Override{Path: "params.warmup_months", Value: float64(months)})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestWarmupBalances: after a warm-up the Outcome is of the measured year
// alone (its months, days and seizures), the chain holds stock, couriers and
// cash at its start, and the mass, courier and cash balances hold from
// there, to the gram and the cent.
func TestWarmupBalances(t *testing.T) {
	for _, months := range []int{1, 13, 24} {
		sc := withWarmup(t, scenarios.Baseline, months)
		for rep := uint64(0); rep < 3; rep++ {
			o, err := sim.RunEpochs(sc.AllEpochs(), 7, rep)
			if err != nil {
				t.Fatal(err)
			}
			checkBalance(t, &o)
			checkPeople(t, &o)
			if o.Days != 365 || len(o.Months) != 12 || o.Months[0].Month != sc.Params.Start || len(o.States) != 12 {
				t.Errorf("warm-up %d: %d days, %d months from %v, %d states: want the measured year alone from %v",
					months, o.Days, len(o.Months), o.Months[0].Month, len(o.States), sc.Params.Start)
			}
			for _, s := range o.Seizures {
				if s.Day < 0 || s.Day >= 365 {
					t.Fatalf("warm-up %d: a seizure on day %d of the measured year", months, s.Day)
				}
			}
			if o.InTransitAtStart[sim.Heroin] <= 0 || o.CouriersActiveAtStart <= 0 || o.GroupCashAtStart == 0 {
				t.Errorf("warm-up %d: at the start %d g of heroin in transit, %d couriers, %d cents: the warm-up left nothing",
					months, o.InTransitAtStart[sim.Heroin], o.CouriersActiveAtStart, o.GroupCashAtStart)
			}
		}
	}
}

// TestSharedWarmupIsSeparateWarmup: the baseline and two shipped
// interventions share their warm-up (one key); replication r of each,
// continued from one warm-up (sim.WarmUp, Warm.Run), gives the Outcome its
// own warm-up gives, every field bit for bit, whatever the order the
// scenarios continue in, and the warm-up is left as it was.
func TestSharedWarmupIsSeparateWarmup(t *testing.T) {
	var scs []*scenario.Scenario
	for _, name := range []string{scenarios.Baseline, "sary-tash-post.toml", "kz-scanners.toml"} {
		scs = append(scs, withWarmup(t, name, 12))
	}
	key := sim.WarmupKey(scs[0].AllEpochs())
	for _, sc := range scs {
		if got := sim.WarmupKey(sc.AllEpochs()); got != key || got == "" {
			t.Fatalf("%s: warm-up key %q, the baseline's %q: the interventions must not be in force in the warm-up", sc.Name, got, key)
		}
	}
	for rep := uint64(0); rep < 3; rep++ {
		warm, err := sim.WarmUp(context.Background(), scs[0].AllEpochs(), 5, rep)
		if err != nil {
			t.Fatal(err)
		}
		for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}} {
			for _, i := range order {
				shared, err := warm.Run(context.Background(), scs[i].AllEpochs())
				if err != nil {
					t.Fatal(err)
				}
				separate, err := sim.RunEpochs(scs[i].AllEpochs(), 5, rep)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(shared, separate) {
					t.Errorf("%s rep %d: the shared warm-up gives another Outcome than its own (%s)", scs[i].Name, rep, firstDiff(shared, separate))
				}
			}
		}
	}
}

// firstDiff names the first Outcome field that differs.
func firstDiff(a, b sim.Outcome) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return va.Type().Field(i).Name
		}
	}
	return "none"
}

// TestWarmupCopySharesNothing: the model copied at the end of a warm-up
// shares no state with the original but the world, the parameters and the
// receivers (a field added to the model, a unit or a group without its copy
// shows here).
func TestWarmupCopySharesNothing(t *testing.T) {
	sc := withWarmup(t, scenarios.Baseline, 6)
	shared, err := sim.SharedAfterCopy(sc.World, &sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shared {
		t.Errorf("the copy shares %s with the warm-up", s)
	}
}

// TestWarmupChecks: a warm-up out of range is refused.
func TestWarmupChecks(t *testing.T) {
	sc := loadBaseline(t)
	for _, months := range []int{-1, sim.MaxWarmupMonths + 1} {
		p := sc.Params
		p.WarmupMonths = months
		if _, err := sim.Run(sc.World, &p, 1, 0); err == nil {
			t.Errorf("a warm-up of %d months ran", months)
		}
	}
}
