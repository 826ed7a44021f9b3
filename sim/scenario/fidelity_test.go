package scenario_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

// The tests of this file pin what the sources say about the shipped network
// (issue #9): behaviours of the baseline that follow from the documents, not
// tuned numbers. Each runs the shipped scenario for fidelityReps replications
// and looks at the pooled outcomes.

const fidelityReps = 12

type pooled struct {
	sc  *scenario.Scenario
	out []sim.Outcome
}

var (
	pooledMu    sync.Mutex
	pooledCache = map[string]*pooled{}
)

// runShipped runs a shipped scenario fidelityReps times (seed 1), once per test binary.
func runShipped(t *testing.T, name string) *pooled {
	t.Helper()
	pooledMu.Lock()
	defer pooledMu.Unlock()
	if p := pooledCache[name]; p != nil {
		return p
	}
	sc, err := scenario.Load(scenarios.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	p := &pooled{sc: sc}
	for r := uint64(0); r < fidelityReps; r++ {
		o, err := sim.Run(sc.World, &sc.Params, 1, r)
		if err != nil {
			t.Fatal(err)
		}
		p.out = append(p.out, o)
	}
	pooledCache[name] = p
	return p
}

// segment returns the index of the segment between places a and b.
func (p *pooled) segment(t *testing.T, a, b string) int {
	t.Helper()
	w := p.sc.World
	si := w.SegmentBetween(w.PlaceIndex(a), w.PlaceIndex(b))
	if si < 0 {
		t.Fatalf("no segment %s-%s", a, b)
	}
	return si
}

// flow is the kg of commodities cs moved over segment si, both directions,
// by the modes for which keep is true (nil: every mode).
func (p *pooled) flow(si int, keep func(sim.Mode) bool, cs ...sim.Commodity) float64 {
	var g sim.Grams
	for _, o := range p.out {
		for d := 0; d < 2; d++ {
			for m := sim.Mode(0); m < sim.NumModes; m++ {
				if keep != nil && !keep(m) {
					continue
				}
				for _, c := range cs {
					g += o.SegmentFlow[si][d][m][c]
				}
			}
		}
	}
	return g.Kg()
}

// seized sums the seizures for which keep is true, kg.
func (p *pooled) seized(keep func(w *sim.World, s *sim.Seizure) bool) float64 {
	var g sim.Grams
	for _, o := range p.out {
		for i := range o.Seizures {
			if keep(p.sc.World, &o.Seizures[i]) {
				g += o.Seizures[i].Grams
			}
		}
	}
	return g.Kg()
}

func only(m sim.Mode) func(sim.Mode) bool { return func(x sim.Mode) bool { return x == m } }

// The precursor report: the Kulma-Murgab-Khorog route is feasible but
// unlikely, because the only vehicles crossing the Khorog bridge carry aid.
func TestAceticAnhydrideAvoidsTheKhorogBridge(t *testing.T) {
	t.Parallel()
	p := runShipped(t, "baseline.toml")
	var toLabs sim.Grams
	for _, o := range p.out {
		toLabs += o.Delivered[sim.Precursor]
	}
	bridge := p.flow(p.segment(t, "afg-badakhshan", "khorog-bridge"), nil, sim.Precursor)
	if toLabs == 0 {
		t.Fatal("no acetic anhydride reached the labs")
	}
	if share := bridge / toLabs.Kg(); share >= 0.10 {
		t.Errorf("%.0f%% of the acetic anhydride reaching the labs crossed the Khorog bridge, want under 10%%", 100*share)
	}
	// The routes of the precursor report carry it instead: the China posts,
	// Osh, and the Uzbek rail route with its Termez crossing.
	for _, s := range [][2]string{{"kashgar", "irkeshtam"}, {"termez", "afg-north"}, {"tashkent", "uz-kz-post"}} {
		if kg := p.flow(p.segment(t, s[0], s[1]), nil, sim.Precursor); kg <= 0 {
			t.Errorf("no acetic anhydride on %s-%s", s[0], s[1])
		}
	}
}

// Air couriers carry small amounts of high-purity heroin, never opium, in
// every shipped scenario.
func TestNoOpiumIsFlown(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"baseline.toml", "baseline-2008.toml"} {
		p := runShipped(t, name)
		var air, opium sim.Grams
		for _, o := range p.out {
			for si := range o.SegmentFlow {
				for d := 0; d < 2; d++ {
					opium += o.SegmentFlow[si][d][sim.Air][sim.Opium]
					air += o.SegmentFlow[si][d][sim.Air][sim.Heroin]
				}
			}
		}
		if opium != 0 {
			t.Errorf("%s: %.1f kg of opium flown", name, opium.Kg())
		}
		if air == 0 {
			t.Errorf("%s: no heroin flown at all: the air routes are unused", name)
		}
	}
}

// Brief §3: drug-sniffing dogs are central in Tajikistan.
func TestDogsSeizeInTajikistan(t *testing.T) {
	t.Parallel()
	p := runShipped(t, "baseline.toml")
	kg := p.seized(func(w *sim.World, s *sim.Seizure) bool {
		return s.Method == sim.Dogs && w.Places[s.Place].Country == "TJ"
	})
	if kg <= 0 {
		t.Error("dogs are credited with no seizure in Tajikistan")
	}
}

// Brief §2: few trucks on the Pamir Highway; a single driver with
// passengers as cover from Murgab to Osh.
func TestPamirOpiatesGoByCar(t *testing.T) {
	t.Parallel()
	p := runShipped(t, "baseline.toml")
	si := p.segment(t, "khorog", "murgab")
	all := p.flow(si, nil, sim.Heroin, sim.Opium)
	car := p.flow(si, only(sim.Car), sim.Heroin, sim.Opium)
	if all == 0 {
		t.Fatal("no opiates on the Khorog-Murgab road")
	}
	if car/all < 0.9 {
		t.Errorf("%.0f%% of the opiates on Khorog-Murgab go by car, want most (>= 90%%)", 100*car/all)
	}
}

// Brief §2: "dushanbe -> russia: rail, air". Loads on those routes must
// meet rail and airport controls.
func TestRailAndAirOutOfDushanbeMeetControls(t *testing.T) {
	t.Parallel()
	p := runShipped(t, "baseline.toml")
	if kg := p.flow(p.segment(t, "dushanbe", "tursunzoda"), only(sim.Rail), sim.Heroin); kg <= 0 {
		t.Error("no heroin leaves Dushanbe by rail")
	}
	if kg := p.flow(p.segment(t, "dushanbe", "russia-south"), only(sim.Air), sim.Heroin); kg <= 0 {
		t.Error("no heroin flies from Dushanbe to Russia")
	}
	for _, m := range []sim.Mode{sim.Rail, sim.Air} {
		kg := p.seized(func(w *sim.World, s *sim.Seizure) bool { return s.Mode == m && s.Commodity == sim.Heroin })
		if kg <= 0 {
			t.Errorf("no %s load of heroin is ever seized: its controls never act", m)
		}
	}
}

// The Uzbek detour and the Kazakh-Russian crossings other than Kairak are
// real alternatives: opiates use them.
func TestDetoursCarryOpiates(t *testing.T) {
	t.Parallel()
	p := runShipped(t, "baseline.toml")
	for _, s := range [][2]string{{"tashkent", "uz-kz-post"}, {"kz-ru-west", "russia-south"}, {"kz-ru-east", "russia-siberia"}, {"kairak", "russia-south"}} {
		if kg := p.flow(p.segment(t, s[0], s[1]), nil, sim.Heroin, sim.Opium); kg <= 0 {
			t.Errorf("no opiates on %s-%s", s[0], s[1])
		}
	}
}

// The Nizhny Panj crossing carries vehicles in both periods (brief §9,
// Townsend 2005: opiates also cross "via legal crossings"): the ferry of
// 2004-05 (40 vehicles a day) and the bridge of 2008 (150).
func TestNizhnyPanjByPeriod(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		traffic float64
	}{{"baseline.toml", 40}, {"baseline-2008.toml", 150}} {
		p := runShipped(t, tt.name)
		w := p.sc.World
		if got := w.Places[w.PlaceIndex("nizhny-panj")].Traits.TrafficPerDay; got != tt.traffic {
			t.Errorf("%s: Nizhny Panj traffic %v a day, want %v", tt.name, got, tt.traffic)
		}
		if kg := p.flow(p.segment(t, "afg-north", "nizhny-panj"), nil, sim.Heroin, sim.Opium, sim.Precursor); kg <= 0 {
			t.Errorf("%s: nothing crossed at Nizhny Panj", tt.name)
		}
	}
}

// Townsend: Khudjand to Osh is 299 km, via Batken or via Uzbekistan.
func TestKhudjandOshDistance(t *testing.T) {
	t.Parallel()
	p := runShipped(t, "baseline.toml")
	w := p.sc.World
	gi := slices.IndexFunc(w.Populations, func(g sim.Population) bool { return g.ID == "khudjand-hub" })
	osh := w.PlaceIndex("osh")
	var kms []float64
	for _, r := range w.Routes[gi] {
		if r.Dest == osh && r.Mode == sim.Car {
			kms = append(kms, r.Km)
		}
	}
	if len(kms) == 0 || slices.Min(kms) != 299 {
		t.Errorf("Khudjand-Osh car routes are %v km, want the shortest 299", kms)
	}
	var via []string
	for _, r := range w.Routes[gi] {
		if r.Dest == osh && r.Mode == sim.Car && r.Km == 299 {
			via = append(via, w.Describe(&r))
		}
	}
	if len(via) < 2 {
		t.Errorf("want 299 km both via Batken and via Uzbekistan, got %s", strings.Join(via, "; "))
	}
}

// A checkpoint put where there is no guard unit starts from its country's
// documented defaults, never from zero corruption and zero traffic; its
// corruption is its staffing agency's (the Kyrgyz drug control agency's,
// which runs the Kyrgyz checkpoints), not the place's.
func TestNewPostStartsFromCountryDefaults(t *testing.T) {
	t.Parallel()
	fsys := withShipped(map[string]string{"jalalabad-post.toml": `
name = "jalalabad-post"
extends = "baseline.toml"
assumption = "test"

[[intervention]]
type = "checkpoint"
place = "jalalabad"
assumption = "test"
`})
	sc, err := scenario.Load(fsys, "jalalabad-post.toml")
	if err != nil {
		t.Fatal(err)
	}
	w := sc.World
	tr := w.Places[w.PlaceIndex("jalalabad")].Traits
	// the place's own traffic (network.toml: the Osh-Bishkek road's 2,000)
	// is kept; what it does not set comes from the KG checkpoint default
	if tr.Corruption != 0.4 || tr.TrafficPerDay != 2000 || tr.SearchThoroughness == 0 {
		t.Errorf("jalalabad post: corruption %v, traffic %v, thoroughness %v; want kg-dca's 0.4, the place's own traffic 2,000 and the default's thoroughness", tr.Corruption, tr.TrafficPerDay, tr.SearchThoroughness)
	}
	if tr.InspectionRate != 0.25 || tr.Staff != 12 {
		t.Errorf("jalalabad post: inspection %v, staff %v; want the checkpoint intervention's 0.25 and 12", tr.InspectionRate, tr.Staff)
	}
	if len(sc.Touched) != 1 || sc.Touched[0].Place != "jalalabad" || sc.Touched[0].Defaults == "" ||
		sc.Touched[0].Before.Corruption != 0 || sc.Touched[0].After.Corruption != 0.4 {
		t.Errorf("Touched = %+v, want jalalabad with its defaults, before and after", sc.Touched)
	}

	// A country with no post default is refused, with the fix in the message.
	fsys = withShipped(map[string]string{"karshi-post.toml": `
name = "karshi-post"
extends = "baseline.toml"

[[post_default]]
country = "UZ"
kind = "crossing"
traits = { corruption = 0.5 }
assumption = "test"

[[intervention]]
type = "checkpoint"
place = "turkmenabat"
`})
	_, err = scenario.Load(fsys, "karshi-post.toml")
	if err == nil || !strings.Contains(err.Error(), `turkmenabat (TM) has no guard unit, and there is no [[post_default]] with country = "TM"`) {
		t.Errorf("checkpoint in a country without defaults: got %v", err)
	}
}

// Air carries heroin alone: a group of all opiates that can only fly is refused.
func TestOpiatesByAirOnlyRefused(t *testing.T) {
	t.Parallel()
	fsys := withShipped(map[string]string{"air.toml": `
name = "air"
extends = "baseline.toml"

[[group]]
id = "bishkek-air-couriers"
product = "opiates"
`})
	_, err := scenario.Load(fsys, "air.toml")
	if err == nil || !strings.Contains(err.Error(), "group[bishkek-air-couriers].modes: no mode of this group can carry opium") {
		t.Errorf("opiates by air only: got %v", err)
	}
}

// Agencies named by places and interventions must exist: both mistakes in
// one pass, each with "did you mean".
func TestUnknownAgencies(t *testing.T) {
	t.Parallel()
	fsys := withShipped(map[string]string{"bad.toml": `
name = "bad"
extends = "baseline.toml"

[[place]]
id = "sosnovka"
agency = "kg-dcaa"

[[intervention]]
type = "informant-program"
agency = "tj-dka"
`})
	_, err := scenario.Load(fsys, "bad.toml")
	if err == nil {
		t.Fatal("unknown agencies accepted")
	}
	for _, want := range []string{`place[sosnovka].agency: unknown agency "kg-dcaa" (did you mean "kg-dca"?)`,
		`agency: unknown agency "tj-dka" (did you mean "tj-dca"?)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}
