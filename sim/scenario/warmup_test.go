package scenario_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"hourglass/sim"
	"hourglass/sim/scenario"
)

// warmToy is a toy world for the warm-up: heroin from a lab through a post
// that never searches, and a checkpoint intervention that makes it search.
// Nothing else can seize a load, so seizures at the post show when the
// intervention is in force.
const warmToy = `name = "warm-toy"
[params]
start = "2005-01"
warmup_months = 6

[[place]]
id = "lab"
country = "AF"
roles = ["source"]
price = { heroin = 2000 }

[[place]]
id = "post"
country = "TJ"
roles = ["checkpoint"]
price = { heroin = 2500 }
traits = { inspection_rate = 0, search_thoroughness = 0.8, staff = 50, traffic_per_day = 10 }

[[place]]
id = "out"
country = "RU"
roles = ["exit"]
price = { heroin = 30000 }

[[segment]]
from = "lab"
to = "post"
modes = ["truck"]
km = 100
hours = 3
condition = 0.5

[[segment]]
from = "post"
to = "out"
modes = ["truck"]
km = 100
hours = 3
condition = 0.5

[[lab]]
place = "lab"
start_heroin_kg = 0
capacity_kg_per_day = 20
start_precursor_kg = 1000000
northern_share = 1

[[group]]
id = "traders"
product = "heroin"
origin = "lab"
destinations = ["out"]
modes = ["truck"]
count = 1
couriers = 2
professionalization = 0
concealment = 0
courier_loyalty = 1
adaptation_speed = 0.1
cash = 0
`

// searches is the checkpoint intervention at the post, with from when set.
func searches(from string) string {
	s := "\n[[intervention]]\nid = \"search\"\ntype = \"checkpoint\"\nplace = \"post\"\ninspection_rate = 0.5\n"
	if from != "" {
		s += "from = \"" + from + "\"\n"
	}
	return s
}

func loadToy(t *testing.T, text string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(fstest.MapFS{"toy.toml": &fstest.MapFile{Data: []byte(text)}}, "toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// unrolled returns sc's epochs as a run without a warm-up from the warm-up's
// first month to the measured period's end: the same worlds at the same
// months, every month recorded.
func unrolled(sc *scenario.Scenario) []sim.Epoch {
	epochs := sc.Epochs
	if len(epochs) == 0 {
		epochs = []sim.Epoch{{From: sc.Params.Start.Add(-sc.Params.WarmupMonths), World: sc.World, Params: &sc.Params}}
	}
	first := epochs[0].From
	days := sc.Params.Days
	for m := first; m != sc.Params.Start; m = m.Add(1) {
		days += monthDays[m.Month]
	}
	out := make([]sim.Epoch, len(epochs))
	for i, e := range epochs {
		p := *e.Params
		p.Start, p.WarmupMonths, p.Days = first, 0, days
		out[i] = sim.Epoch{From: e.From, World: e.World, Params: &p}
	}
	return out
}

// seizedByMonth sums the grams seized in each month over replications
// 0..reps-1 of epochs.
func seizedByMonth(t *testing.T, epochs []sim.Epoch, reps int) map[sim.YearMonth]sim.Grams {
	t.Helper()
	by := map[sim.YearMonth]sim.Grams{}
	for rep := range reps {
		o, err := sim.RunEpochs(epochs, 1, uint64(rep))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range o.Months {
			by[m.Month] += m.Seized[sim.Heroin]
		}
	}
	return by
}

// TestInterventionStartsAtTheMeasuredStart: during the warm-up the
// scenario's world is its files without its intervention, which comes into
// force at the measured start: in the toy, the post seizes nothing in the
// warm-up months and seizes from the first measured month on. With from =
// "warmup" it seizes in the warm-up too; with a month, from that month, and
// it is costed from it.
func TestInterventionStartsAtTheMeasuredStart(t *testing.T) {
	t.Parallel()
	const reps = 4
	start := sim.YearMonth{Year: 2005, Month: 1}
	sc := loadToy(t, warmToy+searches(""))
	if len(sc.Epochs) != 2 || sc.Epochs[0].From.String() != "2004-07" || sc.Epochs[1].From != start {
		t.Fatalf("epochs %v: want the warm-up from 2004-07 and the measured start", sc.Epochs)
	}
	if c := sc.Costs; len(c) != 1 || c[0].StartYear != 0 {
		t.Errorf("costs %+v: want the intervention costed from the measured start", c)
	}
	by := seizedByMonth(t, unrolled(sc), reps)
	for m := sc.Epochs[0].From; m != start; m = m.Add(1) {
		if by[m] != 0 {
			t.Errorf("%v (warm-up): %d g seized at the post, want none: the intervention is in force in the warm-up", m, by[m])
		}
	}
	for m := start; m != start.Add(3); m = m.Add(1) {
		if by[m] <= 0 {
			t.Errorf("%v (measured): nothing seized at the post: the intervention is not in force from the measured start", m)
		}
	}
	if got := seizedByMonth(t, sc.Epochs, reps); got[start] <= 0 {
		t.Errorf("the run with its warm-up seizes nothing in its first measured month")
	}

	// from = "warmup": nothing changes at the measured start, so the
	// scenario is one world, the intervention in force.
	warm := loadToy(t, warmToy+searches("warmup"))
	if len(warm.Epochs) != 0 || warm.World.Places[1].Traits.InspectionRate != 0.5 {
		t.Fatalf("from = \"warmup\": %d epochs, inspection %v: want one world with the intervention", len(warm.Epochs), warm.World.Places[1].Traits.InspectionRate)
	}
	if by := seizedByMonth(t, unrolled(warm), reps); by[sc.Epochs[0].From.Add(1)] <= 0 {
		t.Errorf("from = \"warmup\": nothing seized in the warm-up")
	}

	april := loadToy(t, warmToy+searches("2005-04"))
	if c := april.Costs; len(c) != 1 || c[0].StartYear != 0.25 || c[0].From.String() != "2005-04" {
		t.Errorf("from = \"2005-04\": costs %+v, want it costed from 2005-04 (a quarter year)", c)
	}
	by = seizedByMonth(t, april.Epochs, reps)
	for m := start; m != start.Add(3); m = m.Add(1) {
		if by[m] != 0 {
			t.Errorf("from = \"2005-04\": %d g seized in %v", by[m], m)
		}
	}
	if by[start.Add(3)] <= 0 {
		t.Errorf("from = \"2005-04\": nothing seized in 2005-04")
	}
}

// TestWarmupEvents: an event dated in the warm-up takes effect in its
// month; one dated before the warm-up, from its first month; the warm-up's
// epochs, without the scenario's interventions, come first.
func TestWarmupEvents(t *testing.T) {
	t.Parallel()
	text := warmToy + searches("") + `
[[event]]
date = "2003-01"
set = { "place[post].traits.staff" = 60 }

[[event]]
date = "2004-10"
set = { "place[post].traits.staff" = 70 }

[[event]]
date = "2005-07"
set = { "place[post].traits.staff" = 80 }
`
	sc := loadToy(t, text)
	want := []struct {
		from          string
		staff         int
		inspection    float64
		interventions bool
	}{{"2004-07", 60, 0, false}, {"2004-10", 70, 0, false}, {"2005-01", 70, 0.5, true}, {"2005-07", 80, 0.5, true}}
	if len(sc.Epochs) != len(want) {
		t.Fatalf("%d epochs, want %d", len(sc.Epochs), len(want))
	}
	for i, w := range want {
		e := sc.Epochs[i]
		tr := e.World.Places[1].Traits
		if e.From.String() != w.from || tr.Staff != w.staff || tr.InspectionRate != w.inspection {
			t.Errorf("epoch %d: from %v, staff %d, inspection %v; want %s, %d, %v", i, e.From, tr.Staff, tr.InspectionRate, w.from, w.staff, w.inspection)
		}
	}
	if sc.World != sc.Epochs[2].World || sc.Params.Start.String() != "2005-01" || sc.Params.WarmupMonths != 6 {
		t.Errorf("the scenario's world is not the measured start's")
	}
	if _, err := sim.RunEpochs(sc.Epochs, 1, 0); err != nil {
		t.Fatal(err)
	}
}

// TestBadWarmupKeys: a warm-up out of range, a from that is not start,
// warmup or a month, a from after the run, and a from in an event's
// intervention are each refused at their file and line.
func TestBadWarmupKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		want       []string
	}{
		{"negative warm-up", "extends = \"baseline.toml\"\n[params]\nwarmup_months = -1\n",
			[]string{`bad.toml:3: params.warmup_months: -1 is out of range (allowed: 0..1200)`}},
		{"a century and more", "extends = \"baseline.toml\"\n[params]\nwarmup_months = 1201\n",
			[]string{`bad.toml:3: params.warmup_months: 1201 is out of range (allowed: 0..1200)`}},
		{"months as text", "extends = \"baseline.toml\"\n[params]\nwarmup_months = \"two years\"\n",
			[]string{`bad.toml:3: params.warmup_months: "two years" is not a whole number`}},
		{"from neither start, warmup nor a month", "extends = \"baseline.toml\"\n[[intervention]]\ntype = \"scanner\"\nplace = \"sosnovka\"\nfrom = \"later\"\n",
			[]string{`bad.toml:5: intervention[scanner@sosnovka].from: "later" is not start, warmup or a month (allowed: "start", the measured start; "warmup", the warm-up's first month; YYYY-MM, e.g. 2005-07)`}},
		{"from after the run", "extends = \"baseline.toml\"\n[[intervention]]\ntype = \"scanner\"\nplace = \"sosnovka\"\nfrom = \"2006-01\"\n",
			[]string{`bad.toml:5: intervention[scanner@sosnovka].from: 2006-01 is after the run's last month, 2005-12: the intervention would never be in force (allowed: start, warmup or a month up to 2005-12)`}},
		{"from in an event", "extends = \"baseline.toml\"\n[[event]]\ndate = \"2005-06\"\n[[event.intervention]]\ntype = \"scanner\"\nplace = \"sosnovka\"\nfrom = \"warmup\"\n",
			[]string{`bad.toml:7: event[2005-06].intervention[scanner@sosnovka].from: an event's intervention comes into force at the event's date (allowed: from in a top-level [[intervention]])`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Load(withShipped(map[string]string{"bad.toml": tt.file}), "bad.toml")
			if err == nil {
				t.Fatal("loaded")
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", err, strings.Join(tt.want, "\n"))
			}
		})
	}
}
