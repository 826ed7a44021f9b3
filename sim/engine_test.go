package sim_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

func loadBaseline(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(scenarios.FS, scenarios.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// toyParams are the default parameters without a warm-up: a toy test
// follows a mechanism from the run's empty start.
func toyParams() sim.Params {
	p := sim.DefaultParams()
	p.WarmupMonths = 0
	return p
}

// checkBalance asserts shipped + in transit at the start = seized +
// delivered + retained + in transit at the end, to the gram, for every
// commodity (in transit at the start: after a warm-up).
func checkBalance(t *testing.T, o *sim.Outcome) {
	t.Helper()
	for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
		sum := o.Seized[c] + o.Delivered[c] + o.Retained[c] + o.InTransit[c]
		if o.Shipped[c]+o.InTransitAtStart[c] != sum {
			t.Errorf("seed %d rep %d %s: shipped %d g + in transit at the start %d g != seized %d + delivered %d + retained %d + in transit %d = %d g",
				o.Seed, o.Replication, c, o.Shipped[c], o.InTransitAtStart[c], o.Seized[c], o.Delivered[c], o.Retained[c], o.InTransit[c], sum)
		}
		var seized sim.Grams
		for _, s := range o.Seizures {
			if s.Commodity == c {
				seized += s.Grams
			}
		}
		if seized != o.Seized[c] {
			t.Errorf("%s: seizure records sum to %d g, total says %d g", c, seized, o.Seized[c])
		}
	}
}

func TestMassBalanceBaseline(t *testing.T) {
	sc := loadBaseline(t)
	n := 30
	if testing.Short() {
		n = 5
	}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		o, err := sim.Run(sc.World, &sc.Params, seed, seed*7)
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, &o)
		if o.Shipped[sim.Heroin] == 0 || o.Shipped[sim.Precursor] == 0 {
			t.Fatalf("seed %d: nothing shipped: %v", seed, o.Shipped)
		}
	}
}

func TestSameSeedSameOutcome(t *testing.T) {
	sc := loadBaseline(t)
	run := func(seed, rep uint64) sim.Outcome {
		t.Helper()
		o, err := sim.Run(sc.World, &sc.Params, seed, rep)
		if err != nil {
			t.Fatalf("seed %d, replication %d: %v", seed, rep, err)
		}
		return o
	}
	a, b := run(42, 3), run(42, 3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed and replication differ")
	}
	c, d := run(43, 3), run(42, 4)
	if reflect.DeepEqual(a.Seizures, c.Seizures) || a.Seized == c.Seized {
		t.Error("different seeds gave the same seizures")
	}
	if reflect.DeepEqual(a.Seizures, d.Seizures) || a.Seized == d.Seized {
		t.Error("different replications gave the same seizures")
	}
}

func TestNoPrecursorNoHeroin(t *testing.T) {
	sc := loadBaseline(t)
	w := *sc.World
	w.PrecursorSources = nil
	w.Labs = append([]sim.Lab(nil), sc.World.Labs...)
	startStock := 0.0
	for i := range w.Labs {
		w.Labs[i].StartPrecursorKg = 0
		w.Labs[i].ExternalPrecursorPerDay = 0
		startStock += w.Labs[i].StartHeroinKg
	}
	p := sc.Params
	p.WarmupMonths = 0 // the starting stock, shipped in the measured year
	for seed := uint64(1); seed <= 5; seed++ {
		o, err := sim.Run(&w, &p, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		if o.HeroinProduced != 0 {
			t.Errorf("seed %d: %v kg of heroin made without precursor", seed, o.HeroinProduced.Kg())
		}
		if o.Shipped[sim.Heroin] > sim.KgToGrams(startStock) {
			t.Errorf("seed %d: shipped %v kg heroin, more than the labs' starting stock %v kg", seed, o.Shipped[sim.Heroin].Kg(), startStock)
		}
		if o.Shipped[sim.Heroin] == 0 {
			t.Errorf("seed %d: the starting stock was not shipped at all", seed)
		}
		checkBalance(t, &o)
	}
}

// line builds a three-place world: a lab (and precursor source) at "lab",
// a post with the given traits at "post", and an exit beyond it.
func line(traits sim.Traits, product sim.Product, mode sim.Mode) *sim.World {
	price := [sim.NumCommodities]float64{1000, 100, 1}
	exitPrice := [sim.NumCommodities]float64{20000, 2000, 50}
	w := &sim.World{
		Places: []sim.Place{
			{ID: "lab", Country: "AF", Roles: sim.Source, Price: price},
			{ID: "post", Country: "TJ", Border: "AF", Roles: sim.Crossing, Traits: traits, Price: price},
			{ID: "exit", Country: "RU", Roles: sim.Exit, Price: exitPrice},
		},
		Segments: []sim.Segment{
			{From: 0, To: 1, Modes: sim.ModeSet(0).With(sim.Truck).With(sim.Car), Km: 10, Hours: 1, Condition: 1},
			{From: 1, To: 2, Modes: sim.ModeSet(0).With(sim.Truck).With(sim.Car), Km: 10, Hours: 1, Condition: 1},
		},
		Labs:             []sim.Lab{{Place: 0, StartHeroinKg: 2000, NorthernShare: 1, OpiumKgPerDay: 10}},
		PrecursorSources: []sim.PrecursorSource{{Place: 0, KgPerDay: 500}},
		Populations: []sim.Population{{ID: "g", Product: product, Origin: 0, Destinations: []int{2},
			Modes: sim.ModeSet(0).With(mode), Count: 1, Couriers: 3, CourierLoyalty: 1}},
	}
	if product != sim.Precursors {
		w.PrecursorSources = nil
	} else {
		w.Populations = append(w.Populations, sim.Population{ID: "o", Product: sim.Opiates, Origin: 0, Destinations: []int{2},
			Modes: sim.ModeSet(0).With(mode), Count: 1, Couriers: 3, CourierLoyalty: 1})
	}
	return w
}

func prepare(t *testing.T, w *sim.World) {
	t.Helper()
	if err := w.Prepare(); err != nil {
		t.Fatal(err)
	}
}

// certain is a post where every load is searched and every search finds it.
var certain = sim.Traits{InspectionRate: 1, SearchThoroughness: 1, Staff: 10}

func TestCertainDetectionSeizesEveryLoad(t *testing.T) {
	w := line(certain, sim.Opiates, sim.Truck)
	prepare(t, w)
	p := toyParams()
	p.Days = 60
	for seed := uint64(1); seed <= 10; seed++ {
		o, err := sim.Run(w, &p, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, &o)
		if len(o.Seizures) == 0 {
			t.Fatal("no load reached the post")
		}
		for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
			if o.Delivered[c] != 0 {
				t.Errorf("seed %d: %v kg of %s got past a certain post", seed, o.Delivered[c].Kg(), c)
			}
		}
		for _, s := range o.Seizures {
			if w.Places[s.Place].ID != "post" {
				t.Errorf("seizure at %s, want post", w.Places[s.Place].ID)
			}
		}
		if got := o.Moved(1, 0, sim.Heroin); got != 0 {
			t.Errorf("seed %d: %v kg of heroin moved beyond the post", seed, got.Kg())
		}
	}
}

func TestClosedDaysPassNothing(t *testing.T) {
	traits := certain
	traits.Schedule = sim.Kulma
	w := line(traits, sim.Opiates, sim.Truck)
	prepare(t, w)
	p := toyParams()
	o, err := sim.Run(w, &p, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Every load that passes the gate is seized there (certain detection),
	// so the seizure days are exactly the days the gate let something through.
	if len(o.Seizures) == 0 {
		t.Fatal("nothing passed Kulma all year")
	}
	openDays := map[bool]int{}
	for _, s := range o.Seizures {
		openDays[sim.KulmaOpen(s.Day)]++
	}
	if openDays[false] != 0 {
		t.Errorf("%d loads passed Kulma on closed days", openDays[false])
	}
	checkBalance(t, &o)

	traits.Schedule = sim.Closed
	if err := line(traits, sim.Opiates, sim.Truck).Prepare(); err == nil {
		t.Error("a route through a closed crossing was accepted")
	}
}

func TestScannerNeverSeesLiquidPrecursor(t *testing.T) {
	for _, kind := range []sim.ScannerKind{sim.TCScanner, sim.TruckXRay} {
		traits := sim.Traits{Scanner: kind, Staff: 10}
		w := line(traits, sim.Precursors, sim.Truck)
		prepare(t, w)
		p := toyParams()
		ip := &p.Interdiction
		ip.ScannerTC, ip.ScannerTruck, ip.ReferralTC, ip.ReferralTruck, ip.GuidedSearch, ip.MetalShare = 1, 1, 1, 1, 1, 0
		o, err := sim.Run(w, &p, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		checkBalance(t, &o)
		if o.Seized[sim.Precursor] != 0 {
			t.Errorf("%s scanner seized %v kg of liquid precursor", kind, o.Seized[sim.Precursor].Kg())
		}
		if o.Delivered[sim.Precursor] == 0 {
			t.Errorf("%s: no precursor delivered", kind)
		}
		scanned := 0
		for _, s := range o.Seizures {
			if s.Method == sim.Scanner && s.Commodity.IsOpiate() {
				scanned++
			}
		}
		if scanned == 0 {
			t.Errorf("%s scanner at certainty found no opiates in trucks either", kind)
		}
	}
}

// fork builds lab -> {a, b} -> exit: two routes of equal length to one exit,
// with the given traits at post a and an open road through b.
func fork(a sim.Traits) *sim.World {
	price := [sim.NumCommodities]float64{1000, 100, 1}
	truck := sim.ModeSet(0).With(sim.Truck)
	return &sim.World{
		Places: []sim.Place{
			{ID: "lab", Country: "AF", Roles: sim.Source, Price: price},
			{ID: "a", Country: "TJ", Roles: sim.Checkpoint, Traits: a, Price: price},
			{ID: "b", Country: "TJ", Price: price},
			{ID: "exit", Country: "RU", Roles: sim.Exit, Price: [sim.NumCommodities]float64{20000, 2000, 50}},
		},
		Segments: []sim.Segment{
			{From: 0, To: 1, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 1, To: 3, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 0, To: 2, Modes: truck, Km: 100, Hours: 2, Condition: 1},
			{From: 2, To: 3, Modes: truck, Km: 100, Hours: 2, Condition: 1},
		},
		Labs: []sim.Lab{{Place: 0, StartHeroinKg: 1, NorthernShare: 1, CapacityKgPerDay: 200, StartPrecursorKg: 1e6, OpiumKgPerDay: 0}},
		Populations: []sim.Population{{ID: "g", Product: sim.Opiates, Origin: 0, Destinations: []int{3}, Modes: truck,
			Count: 3, Couriers: 2, AdaptationSpeed: 0.3, CourierLoyalty: 1}},
	}
}

// TestNewPostDisplacesFlow: groups learn from their losses, so a post on one
// of two equal routes pushes the flow onto the other, rather than only seizing.
func TestNewPostDisplacesFlow(t *testing.T) {
	open := fork(sim.Traits{})
	guarded := fork(certain)
	prepare(t, open)
	prepare(t, guarded)
	p := toyParams()
	via := func(w *sim.World, o *sim.Outcome, seg int) float64 { return o.Moved(seg, 0, sim.Heroin).Kg() }
	var openA, openB, guardA, guardB float64
	for seed := uint64(1); seed <= 5; seed++ {
		o1, _ := sim.Run(open, &p, seed, 0)
		o2, _ := sim.Run(guarded, &p, seed, 0)
		openA += via(open, &o1, 0)
		openB += via(open, &o1, 2)
		guardA += via(guarded, &o2, 0)
		guardB += via(guarded, &o2, 2)
		checkBalance(t, &o2)
	}
	if share := openA / (openA + openB); share < 0.3 || share > 0.7 {
		t.Errorf("without the post, route a carries %.0f%% of the flow; equal routes should share it", 100*share)
	}
	if share := guardA / (guardA + guardB); share > 0.15 {
		t.Errorf("with a post seizing everything on route a, it still carries %.0f%% of the flow: groups did not adapt", 100*share)
	}
	if guardB <= openB {
		t.Errorf("the flow on route b did not rise (%.0f kg without the post, %.0f with): seizure without displacement", openB, guardB)
	}
}

func TestRunContextStopsWithinADay(t *testing.T) {
	sc := loadBaseline(t)
	sc.Params.Days = 1_000_000 // hours of simulation: the cancelled context must stop it on day one
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sim.RunContext(ctx, sc.World, &sc.Params, 1, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled run: %v, want context.Canceled", err)
	}
	sc.Params.Days = 60
	a, err := sim.RunContext(context.Background(), sc.World, &sc.Params, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sim.Run(sc.World, &sc.Params, 1, 0)
	if !reflect.DeepEqual(a, b) {
		t.Error("RunContext and Run differ")
	}
}
