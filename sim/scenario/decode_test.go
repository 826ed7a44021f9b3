package scenario

import (
	"io/fs"
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"

	"hourglass/scenarios"
)

// decodeBoth decodes m with decodeDirect and with decodeTables (the TOML
// text round trip), each into a copy of start, and reports a difference:
// when decodeDirect succeeds, decodeTables must too, with every key
// decoded, to a deep-equal value.
func decodeBoth(t *testing.T, what string, m map[string]any, start file) {
	t.Helper()
	direct, text := start, start
	if !decodeDirect(m, &direct) {
		return // the loader decodes such tables with decodeTables alone
	}
	md, err := decodeTables(m, &text)
	if err != nil {
		t.Fatalf("%s: decodeDirect took tables decodeTables refuses: %v", what, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("%s: decodeDirect took tables with keys decodeTables leaves: %v", what, u)
	}
	if !reflect.DeepEqual(direct, text) {
		t.Fatalf("%s: decodeDirect and decodeTables differ:\n%+v\n%+v", what, direct, text)
	}
}

// TestDecodeDirectAsTOML decodes every shipped file on its own, and every
// shipped scenario's merged tables with its events up to each epoch, both
// ways: directly and through their TOML text.
func TestDecodeDirectAsTOML(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(scenarios.FS, "*.toml")
	if err != nil {
		t.Fatal(err)
	}
	defaults := file{Params: defaultParamsConfig(), Costs: costsConfig{LifetimeYears: DefaultLifetimeYears, DiscountRate: DefaultDiscountRate}}
	for _, name := range names {
		if name == "targets.toml" {
			continue
		}
		var problems ErrorList
		chain, complete := readChain(scenarios.FS, name, nil, &problems)
		if !complete || len(problems) > 0 {
			t.Fatalf("%s: %v", name, problems.err())
		}
		for _, l := range chain {
			decodeBoth(t, l.path, l.raw, file{})
		}
		merged, err := mergeChain(name, chain, nil)
		if err != nil {
			continue // the network: no places of its own to run
		}
		events := takeEvents(merged, chain, &problems)
		decodeBoth(t, name, merged, defaults)
		for _, e := range events {
			m, err := tablesAt(merged, events, nil, e.date)
			if err != nil {
				t.Fatal(err)
			}
			decodeBoth(t, name+" from "+e.date.String(), m, defaults)
		}
	}
}

// FuzzDecodeDirect decodes any file that checkTypes lets through both ways.
func FuzzDecodeDirect(f *testing.F) {
	names, _ := fs.Glob(scenarios.FS, "*.toml")
	for _, name := range names {
		data, _ := fs.ReadFile(scenarios.FS, name)
		f.Add(string(data))
	}
	f.Add("[[place]]\nid = \"a\"\nroles = []\ntraits = {}\n[drivers]\ntraffic_growth = {}\n[params]\ndays = 10\n")
	f.Add("[[group]]\nid = \"g\"\ncount = 9007199254740993\nmax_load_kg = 9007199254740993\ncohesion = 1\n")
	f.Add("[[segment]]\nfrom = \"a\"\nto = \"b\"\nopen_months = [1, 2]\nmodes = [\"car\", \"truck\"]\n")
	f.Fuzz(func(t *testing.T, text string) {
		if _, msg := prescan(text); msg != "" {
			return
		}
		var raw map[string]any
		if _, err := toml.Decode(text, &raw); err != nil {
			return
		}
		var problems ErrorList
		checkTypes("fuzz.toml", newLocator(text), raw, &problems)
		decodeBoth(t, "fuzz.toml", raw, file{})
	})
}
