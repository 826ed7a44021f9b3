package scenario_test

import (
	"strings"
	"testing"

	"hourglass/sim"
	"hourglass/sim/scenario"
)

const history = `extends = "baseline.toml"
[params]
years = 2
start = "2005-01"
warmup_months = 0

[[intervention]]
id = "guards"
type = "border-reinforcement"
places = ["darvaz"]
patrol_coverage = 0.12
source = "test"

[[event]]
date = "2005-07"
set = { "place[moscovsky].traits.patrol_coverage" = 0.004, "place[sosnovka].traits.scanner" = "truck-xray" }
remove = ["guards"]
source = "test"

[[event]]
date = "2006-01"
source = "test"
[[event.intervention]]
type = "checkpoint"
place = "sary-tash"

[[event]]
date = "2009-01"
set = { "params.interdiction.tip_rate" = 2 }
source = "after the run: changes nothing"
`

// TestEventsMakeEpochs: two events within a two-year run make three worlds,
// each with the values of every event up to its month; an event after the
// run makes none; an intervention an event adds is costed from its month.
func TestEventsMakeEpochs(t *testing.T) {
	t.Parallel()
	sc, err := scenario.Load(withShipped(map[string]string{"h.toml": history}), "h.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Epochs) != 3 {
		t.Fatalf("%d epochs, want 3 (start, 2005-07, 2006-01)", len(sc.Epochs))
	}
	place := func(w *sim.World, id string) *sim.Place {
		for i := range w.Places {
			if w.Places[i].ID == id {
				return &w.Places[i]
			}
		}
		t.Fatalf("no place %s", id)
		return nil
	}
	e0, e1, e2 := sc.Epochs[0], sc.Epochs[1], sc.Epochs[2]
	if e1.From.String() != "2005-07" || e2.From.String() != "2006-01" {
		t.Errorf("epochs from %v, %v", e1.From, e2.From)
	}
	if got := place(e0.World, "moscovsky").Traits.PatrolCoverage; got == 0.004 {
		t.Errorf("the 2005-07 event is in force from the start")
	}
	for _, e := range []sim.Epoch{e1, e2} {
		if got := place(e.World, "moscovsky").Traits.PatrolCoverage; got != 0.004 {
			t.Errorf("%v: Moscovsky patrol coverage %v, want 0.004", e.From, got)
		}
		if got := place(e.World, "sosnovka").Traits.Scanner; got != sim.TruckXRay {
			t.Errorf("%v: Sosnovka scanner %v, want truck-xray", e.From, got)
		}
		if e.Params.Interdiction.TipRate == 2 {
			t.Errorf("%v: the 2009 event is in force", e.From)
		}
	}
	if place(e1.World, "sary-tash").Traits == place(e2.World, "sary-tash").Traits {
		t.Errorf("the 2006-01 checkpoint did not change Sary-Tash")
	}
	if got := place(e0.World, "darvaz").Traits.PatrolCoverage; got != 0.12 {
		t.Errorf("Darvaz patrol coverage %v at the start, want the guards' 0.12", got)
	}
	if got := place(e1.World, "darvaz").Traits.PatrolCoverage; got == 0.12 {
		t.Errorf("the guards still patrol Darvaz after the event removed them")
	}
	if len(sc.Costs) != 2 || sc.Costs[1].From.String() != "2006-01" || sc.Costs[1].StartYear != 1 ||
		sc.Costs[0].Until.String() != "2005-07" || sc.Costs[0].EndYear != 0.5 {
		t.Fatalf("costs %+v, want the guards until 2005-07 and the checkpoint from 2006-01", sc.Costs)
	}
	want := sc.Costs[0].PresentValue(0, 0.5, sc.Costing) + sc.Costs[1].PresentValue(1, 2, sc.Costing)
	if got := sc.RunCost(); got != want {
		t.Errorf("run cost %v, want %v: the guards for half a year, the checkpoint from the second", got, want)
	}
	o, err := sim.RunEpochs(sc.Epochs, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Months) != 24 {
		t.Errorf("%d months in a two-year run", len(o.Months))
	}
	// Sosnovka's scanner works from 2005-07 (day 181) on, not before.
	sosnovka, after := -1, 0
	for i := range e0.World.Places {
		if e0.World.Places[i].ID == "sosnovka" {
			sosnovka = i
		}
	}
	for _, z := range o.Seizures {
		if z.Place == sosnovka && z.Method == sim.Scanner {
			if z.Day < 181 {
				t.Errorf("a scanner seizure at Sosnovka on day %d, before its scanner came on day 181", z.Day)
			}
			after++
		}
	}
	t.Logf("%d scanner seizures at Sosnovka after 2005-07", after)
}

func TestBadEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		want       []string
	}{
		{"a bad date, an unknown path, a string for a number, an event that changes nothing",
			baseExtends + "[[event]]\ndate = \"2005-13\"\nset = { \"params.days\" = 3 }\n[[event]]\ndate = \"2005-06\"\nset = { \"place[moscovsky].traits.patrol_coverag\" = 0.1, \"place[sosnovka].traits.staff\" = \"many\" }\n[[event]]\ndate = \"2005-08\"\n",
			[]string{
				`bad.toml:3: event[2005-13].date: "2005-13" is not a month (allowed: YYYY-MM, e.g. 2005-07)`,
				`bad.toml:7: event[2005-06].set: place[moscovsky].traits.patrol_coverag: unknown key (did you mean "patrol_coverage"?) (allowed: ` + traitKeys + `)`,
				`bad.toml:7: event[2005-06].set: place[sosnovka].traits.staff: "many" is not a whole number`,
				`bad.toml:8: event[2005-08]: changes nothing (allowed: set = { PATH = VALUE }, [[event.intervention]], remove = [ID])`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblems(t, tt.file, tt.want)
		})
	}
	// An event may not change the network.
	_, err := scenario.Load(withShipped(map[string]string{"bad.toml": baseExtends + "[[event]]\ndate = \"2005-06\"\nset = { \"group[osh-forwarders].count\" = 9 }\n"}), "bad.toml")
	if err == nil || !strings.Contains(err.Error(), "changes the network") {
		t.Errorf("an event changing a group's count: %v", err)
	}
}

// TestAfghanOutputScalesTheLabs: drivers.afghan_output multiplies each lab's
// opium, outside precursor and capacity, and nothing else.
func TestAfghanOutputScalesTheLabs(t *testing.T) {
	t.Parallel()
	base, err := scenario.Load(withShipped(nil), "baseline.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.LoadWith(withShipped(nil), "baseline.toml", scenario.Override{Path: "drivers.afghan_output", Value: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range sc.World.Labs {
		b := base.World.Labs[i]
		if l.OpiumKgPerDay != 2*b.OpiumKgPerDay || l.ExternalPrecursorPerDay != 2*b.ExternalPrecursorPerDay ||
			l.CapacityKgPerDay != 2*b.CapacityKgPerDay || l.StartHeroinKg != b.StartHeroinKg || l.NorthernShare != b.NorthernShare {
			t.Errorf("lab %d: %+v, from %+v", i, l, b)
		}
	}
}

// TestEventOpensABridge: the Nizhny Panj crossing, closed here until July,
// opens then; every epoch has the same routes (those over the bridge closed
// before it opens), and loads cross it only once it is open.
func TestEventOpensABridge(t *testing.T) {
	t.Parallel()
	const opens = `extends = "baseline.toml"
[params]
warmup_months = 0
[[place]]
id = "nizhny-panj"
traits = { schedule = "closed" }
source = "test"
[[group]]
id = "afg-north-suppliers"
destinations = ["moscovsky", "panj-west"]
modes = ["swim", "boat", "foot"]
source = "test: the river only, as the closed bridge leaves no road"
[[event]]
date = "2005-07"
set = { "place[nizhny-panj].traits.schedule" = "always" }
source = "test"
`
	sc, err := scenario.Load(withShipped(map[string]string{"o.toml": opens}), "o.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Epochs) != 2 {
		t.Fatalf("%d epochs", len(sc.Epochs))
	}
	bridge := -1
	for i, p := range sc.World.Places {
		if p.ID == "nizhny-panj" {
			bridge = i
		}
	}
	over := 0
	for pi := range sc.World.Populations {
		if len(sc.Epochs[0].World.Routes[pi]) != len(sc.Epochs[1].World.Routes[pi]) {
			t.Fatalf("group %s: %d routes before, %d after", sc.World.Populations[pi].ID, len(sc.Epochs[0].World.Routes[pi]), len(sc.Epochs[1].World.Routes[pi]))
		}
		for _, r := range sc.Epochs[1].World.Routes[pi] {
			for _, p := range r.Path {
				if p == bridge {
					over++
				}
			}
		}
	}
	if over == 0 {
		t.Fatal("no route crosses the opened bridge")
	}
	var crossed float64
	for rep := uint64(0); rep < 5; rep++ {
		o, err := sim.RunEpochs(sc.Epochs, 1, rep)
		if err != nil {
			t.Fatal(err)
		}
		for si, s := range sc.World.Segments {
			if s.From == bridge || s.To == bridge {
				for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
					crossed += o.Moved(si, 0, c).Kg() + o.Moved(si, 1, c).Kg()
				}
			}
		}
		for _, z := range o.Seizures {
			if z.Place == bridge && z.Day < 181 {
				t.Errorf("rep %d: a seizure at the bridge on day %d, before it opened (day 181)", rep, z.Day)
			}
		}
	}
	if crossed == 0 {
		t.Error("nothing crossed the bridge after it opened")
	}
	const closed = `extends = "baseline.toml"
[params]
warmup_months = 0
[[place]]
id = "nizhny-panj"
traits = { schedule = "closed" }
source = "test"
[[group]]
id = "afg-north-suppliers"
destinations = ["moscovsky", "panj-west"]
modes = ["swim", "boat", "foot"]
source = "test: the river only, as the closed bridge leaves no road"
`
	base, err := scenario.Load(withShipped(map[string]string{"c.toml": closed}), "c.toml")
	if err != nil {
		t.Fatal(err)
	}
	o, _ := sim.Run(base.World, &base.Params, 1, 0)
	for si, s := range base.World.Segments {
		if s.From == bridge || s.To == bridge {
			for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
				if o.Moved(si, 0, c)+o.Moved(si, 1, c) != 0 {
					t.Errorf("the closed bridge carries loads")
				}
			}
		}
	}
}
