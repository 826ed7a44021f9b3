package scenario

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"hourglass/scenarios"
)

// readCandidateText reads a candidates file of the given text, c.toml, its
// scenarios and base the shipped ones.
func readCandidateText(text string) (*Candidates, error) {
	fsys := fstest.MapFS{"c.toml": {Data: []byte(text)}}
	return ReadCandidates(fsys, "c.toml", scenarios.Resolve, scenarios.Baseline)
}

const goodPost = `
[[post]]
type = "checkpoint"
places = ["osh"]
assumption = "test"
`

// TestBadCandidates: every problem of a candidates file is reported with
// its file, line and key, what is wrong and what is allowed.
func TestBadCandidates(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"syntax", "name = \"x\n" + goodPost, []string{"c.toml:1:"}},
		{"unknown key", "budjet = 1\n" + goodPost, []string{"c.toml:1: budjet: unknown key"}},
		{"no candidates", "name = \"x\"\n", []string{"c.toml: no candidates (allowed: [[candidate]]"}},
		{"bad base", "base = \"baselin\"\n" + goodPost, []string{"c.toml:1: base: baselin:", "no shipped scenario"}},
		{"candidate without scenario", "[[candidate]]\nid = \"x\"\n", []string{"c.toml:1: candidate[0].scenario: missing"}},
		{"unknown scenario", "[[candidate]]\nscenario = \"kz-scaners\"\n", []string{"c.toml:2: candidate[kz-scaners].scenario:", "no shipped scenario"}},
		{"another base", "[[candidate]]\nscenario = \"../../scenarios/examples/railcar-inspection.toml\"\n", []string{"c.toml:2: candidate[../../scenarios/examples/railcar-inspection.toml].scenario: ../../scenarios/examples/railcar-inspection.toml does not extend baseline.toml directly", "baseline-2008.toml"}},
		{"more than interventions", "[[candidate]]\nscenario = \"driver-khorgos-trade\"\n", []string{"c.toml:2: candidate[driver-khorgos-trade].scenario: driver-khorgos-trade also changes drivers, segment"}},
		{"twice", "[[candidate]]\nscenario = \"kz-scanners\"\n[[candidate]]\nscenario = \"kz-scanners\"\n", []string{"c.toml:3: candidate[kz-scanners]: candidate \"kz-scanners\" is listed twice (first on line 1)"}},
		{"same intervention", "[[candidate]]\nscenario = \"sary-tash-post\"\n[[post]]\ntype = \"checkpoint\"\nplace = \"sary-tash\"\nsource = \"x\"\n", []string{"c.toml:3: post[checkpoint@sary-tash]: intervention checkpoint@sary-tash is also candidate sary-tash-post's"}},
		{"post without type", "[[post]]\nplaces = [\"osh\"]\nassumption = \"x\"\n", []string{"c.toml:1: post[0].type: missing", "allowed: checkpoint, scanner, dog-team"}},
		{"unknown type", "[[post]]\ntype = \"checkpont\"\nplaces = [\"osh\"]\nassumption = \"x\"\n", []string{"c.toml:2: post[0].type: unknown intervention type \"checkpont\" (did you mean \"checkpoint\"?)"}},
		{"agency type", "[[post]]\ntype = \"informant-program\"\nplaces = [\"osh\"]\nassumption = \"x\"\n", []string{"c.toml:2: post[0].type: informant-program works through agencies, not at places"}},
		{"no note", "[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh\"]\n", []string{"c.toml:1: post[checkpoint]: no source or assumption"}},
		{"unknown place", "[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh2\"]\nassumption = \"x\"\n", []string{"c.toml:3: post[checkpoint].places: unknown place \"osh2\" (did you mean \"osh\"?)"}},
		{"scanner off a post", "[[post]]\ntype = \"scanner\"\nplaces = [\"osh\"]\nassumption = \"x\"\n", []string{"c.toml:3: post[scanner].places: osh is not an official crossing or checkpoint (a scanner needs one"}},
		{"no places", "[[post]]\ntype = \"checkpoint\"\nassumption = \"x\"\n", []string{"c.toml:1: post[checkpoint].places: no places"}},
		{"places and where", "[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh\"]\nwhere = { country = \"KG\" }\nassumption = \"x\"\n", []string{"c.toml:4: post[checkpoint].where: give places or where, not both"}},
		{"bad selector", "[[post]]\ntype = \"checkpoint\"\nwhere = { country = \"KGZ\", role = \"raod\", except = [\"oss\"] }\nassumption = \"x\"\n",
			[]string{"post[checkpoint].where.country: no place of the network is in \"KGZ\" (did you mean \"KG\"?", "post[checkpoint].where.role: unknown role \"raod\" (did you mean \"road\"?)", "post[checkpoint].where.except: unknown place \"oss\""}},
		{"selector picks none", "[[post]]\ntype = \"scanner\"\nwhere = { country = \"KG\", role = \"market\" }\nassumption = \"x\"\n", []string{"c.toml:3: post[scanner].where: picks no place where a scanner can stand"}},
		{"from", "[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh\"]\nfrom = \"2005-01\"\nassumption = \"x\"\n", []string{"c.toml:4: post[0].from: not allowed in a [[post]]: every candidate comes into force at the measured start"}},
		{"bad value", "[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh\"]\ninspection_rate = 1.7\nassumption = \"x\"\n", []string{"c.toml:1: post[checkpoint@osh]: the base with it does not build:", "inspection_rate: 1.7 is not a probability"}},
		{"negative cost", "[[post]]\ntype = \"checkpoint\"\nplaces = [\"osh\"]\nannual_usd = -5\nassumption = \"x\"\n", []string{"c.toml:1: post[checkpoint@osh]: the base with it does not build:", "annual_usd: -5 is out of range"}},
		{"wrong type of value", "[[post]]\ntype = \"checkpoint\"\nplaces = \"osh\"\nassumption = \"x\"\n", []string{"c.toml:3: post[0].places: \"osh\" is not"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := readCandidateText(c.text)
			if err == nil {
				t.Fatalf("no error for\n%s", c.text)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestShippedCandidates reads the shipped candidates file: its scenarios'
// interventions, a checkpoint at every Kyrgyz road place but the two that
// have one, each candidate's cost as the loader's cost model gives it, and
// a source or assumption for every one.
func TestShippedCandidates(t *testing.T) {
	t.Parallel()
	c, err := ReadCandidates(scenarios.CandidatesFS, "candidates/two-million.toml", scenarios.Resolve, scenarios.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Candidate{}
	for _, x := range c.List {
		byID[x.ID] = x
		if x.Source == "" && x.Assumption == "" {
			t.Errorf("%s: no source or assumption", x.ID)
		}
	}
	for id, run := range map[string]float64{"sary-tash-post": 175_000, "kz-scanners": 592_000, "checkpoint@osh": 175_000, "russian-border-guards": 6_800_000} {
		if x, ok := byID[id]; !ok || math.Abs(x.RunUSD-run) > 1e-6 {
			t.Errorf("%s: run cost %v, want %v", id, x.RunUSD, run)
		}
	}
	for _, id := range []string{"checkpoint@sary-tash", "checkpoint@batken", "checkpoint@korday"} {
		if _, ok := byID[id]; ok {
			t.Errorf("the selector picked %s (excepted, a green border, or not in KG)", id)
		}
	}
	for _, id := range []string{"checkpoint@jalalabad", "checkpoint@sosnovka"} {
		if _, ok := byID[id]; !ok {
			t.Errorf("no %s: a Kyrgyz road place", id)
		}
	}
	if len(c.List) != 16 {
		t.Errorf("%d candidates, want the 5 shipped interventions and 11 posts", len(c.List))
	}
}

// TestPortfolioCostIsTheSumOfItsMembers: the cost over the run of the base
// with several candidates, less the base's, is the sum of their costs, at
// a five-year run too (discounted, capital within the run).
func TestPortfolioCostIsTheSumOfItsMembers(t *testing.T) {
	t.Parallel()
	for _, years := range []float64{0, 5} {
		var ov []Override
		if years > 0 {
			ov = []Override{{Path: "params.years", Value: years}}
		}
		c, err := ReadCandidates(scenarios.CandidatesFS, "candidates/two-million.toml", scenarios.Resolve, scenarios.Baseline, ov...)
		if err != nil {
			t.Fatal(err)
		}
		base, err := c.Base.With(ov...)
		if err != nil {
			t.Fatal(err)
		}
		var add []*Interventions
		sum := 0.0
		for _, x := range c.List[:6] {
			add = append(add, x.Interventions)
			sum += x.RunUSD
		}
		sc, err := c.Base.WithInterventions(add, ov...)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.RunCost() - base.RunCost(); math.Abs(got-sum) > 1e-6*sum {
			t.Errorf("%v years: the portfolio costs %v over the run, its members %v", years, got, sum)
		}
	}
}

// FuzzReadCandidates: no candidates file makes the reader panic.
func FuzzReadCandidates(f *testing.F) {
	f.Add(goodPost)
	f.Add("[[candidate]]\nscenario = \"kz-scanners\"\n")
	f.Add("[[post]]\ntype = \"dog-team\"\nwhere = { country = \"KZ\", role = \"checkpoint\" }\nsource = \"x\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := readCandidateText(text)
		if err == nil && len(c.List) == 0 {
			t.Fatal("a file without candidates was accepted")
		}
	})
}
