package scenario_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"hourglass/sim/scenario"
)

// sourcedFS is testdata/sourced.toml with extra files beside it.
func sourcedFS(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	data, err := os.ReadFile("testdata/sourced.toml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"sourced.toml": &fstest.MapFile{Data: data}}
	for name, text := range extra {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// derived changes one field of a sourced place without a note, one with a
// file-level note, and one with its own note, and sweeps a parameter.
const derived = `
name = "derived"
extends = "sourced.toml"

[[place]]
id = "lab"
lat = 36.8

[[segment]]
from = "post"
to = "lab"
hours = 6
assumption = "test: slower"

[[group]]
id = "forwarders"
cash = 0.1
sources = { cash = "brief §3: inland couriers try a bribe first" }
`

func TestProvenanceRows(t *testing.T) {
	t.Parallel()
	fsys := sourcedFS(t, map[string]string{"derived.toml": derived})
	sc, err := scenario.LoadWith(fsys, "derived.toml", scenario.Override{Path: "params.adaptation.temperature", Value: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]scenario.ProvenanceRow{}
	for _, r := range sc.Provenance() {
		rows[r.Entry+" "+r.Field] = r
	}
	tests := []struct {
		key, value, note string
	}{
		// entry-level source of the base file
		{"place[lab] country", "AF", "source: brief §1: northern Afghanistan labs"},
		// set by the derived file, which has no note: the base entry's source
		{"place[lab] lat", "36.8", "source: brief §1: northern Afghanistan labs"},
		// field-level note refines the entry's assumption, also through a sub-table
		{"place[post] traits.corruption", "0.5", "source: brief §3: corruption is pervasive at posts"},
		{"place[post] traits.staff", "5", "assumption: a generic internal post"},
		{"segment[lab|post] km", "200", "source: brief §2: 200 km"},
		// the derived file's entry note covers what it sets, not the rest
		{"segment[lab|post] hours", "6", "assumption: test: slower"},
		{"segment[lab|post] condition", "0.5", "assumption: a made-up road"},
		{"group[forwarders] cash", "0.1", "source: brief §3: inland couriers try a bribe first"},
		{"group[forwarders] couriers", "1", "source: brief §3: handover chains"},
		// an entry without a note falls back to its file's note
		{"place[hub] country", "KG", "source: test file"},
		// parameters: the table's note, a field note in a sub-table, an override, a default
		{"params days", "60", "source: test: two months"},
		{"params interdiction.tip_rate", "1.5", "assumption: test: more tips"},
		{"params adaptation.temperature", "0.1", "assumption: set by override params.adaptation.temperature=0.1"},
		{"params modes.truck.max_load_kg", "500", "source: brief §3: a 537 kg truck seizure is on record, which bounds truck loads"},
		{"params modes.swim.months", "4 5 6 7 8 9", "assumption: the Panj is swimmable April-September, for the brief's swimming unlikely in autumn-winter (brief §2)"},
	}
	for _, tt := range tests {
		r, ok := rows[tt.key]
		if !ok {
			t.Errorf("%s: no row", tt.key)
			continue
		}
		if r.Value != tt.value || r.Note() != tt.note {
			t.Errorf("%s = %q, %q; want %q, %q", tt.key, r.Value, r.Note(), tt.value, tt.note)
		}
	}
	for _, absent := range []string{"place[lab] id", "place[lab] source", "segment[lab|post] from", "place[post] sources.traits.corruption"} {
		if _, ok := rows[absent]; ok {
			t.Errorf("row %q: identity and provenance keys are not values", absent)
		}
	}
}

func TestProvenanceKeysChecked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"field-level note for an unknown field", `
extends = "sourced.toml"
[[segment]]
from = "lab"
to = "post"
sources = { kmm = "brief §2" }
`, []string{`bad.toml:6: segment[lab|post].sources.kmm: kmm is not a field of segment[lab|post] (did you mean "km"?) (allowed: from, to, modes, km,`}},
		{"nested field in a params sub-table", `
extends = "sourced.toml"
[params.modes.car]
max_load_kg = 100
assumptions = { max_load = "test" }
`, []string{`bad.toml:5: params.modes.car.assumptions.max_load: max_load is not a field of params.modes.car (did you mean "max_load_kg"?)`}},
		{"misspelt provenance key is an unknown key", `
extends = "sourced.toml"
[[place]]
id = "hub"
sourse = "brief §1"
`, []string{`bad.toml:5: place.sourse: unknown key (did you mean "source"?) (allowed: id, name,`, "source, assumption, sources, assumptions, ranges"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Load(sourcedFS(t, map[string]string{"bad.toml": tt.text}), "bad.toml")
			if err == nil {
				t.Fatal("loaded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestLoadRequiringSources(t *testing.T) {
	t.Parallel()
	fsys := sourcedFS(t, map[string]string{"derived.toml": derived, "bad.toml": `
extends = "sourced.toml"
[[place]]
id = "hub"
traits = { corruption = 2 }
`})
	if _, err := scenario.LoadRequiringSources(fsys, "derived.toml"); err == nil {
		t.Fatal("derived.toml passes, but its place[lab] and group[forwarders] (a field note only) and the base's place[hub] have no source")
	} else {
		var list scenario.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("not an ErrorList: %v", err)
		}
		want := "derived.toml:5: place[lab]: no source or assumption\nderived.toml:15: group[forwarders]: no source or assumption\nsourced.toml:34: place[hub]: no source or assumption"
		if err.Error() != want {
			t.Errorf("got\n%v\nwant\n%s", err, want)
		}
	}
	// validation and source problems in one pass
	_, err := scenario.LoadRequiringSources(fsys, "bad.toml")
	want := "bad.toml:3: place[hub]: no source or assumption\nbad.toml:5: place[hub].traits.corruption: 2 is not a probability (allowed: 0..1)\nsourced.toml:34: place[hub]: no source or assumption"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	// without --sources, the same files load
	if _, err := scenario.Load(fsys, "derived.toml"); err != nil {
		t.Error(err)
	}
}

// network writes a network of n places in a row, each joined to the next
// two (2n segments), every entry with a source.
func network(n int) string {
	var b strings.Builder
	b.WriteString("source = \"generated\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[place]]\nid = \"p%d\"\ncountry = \"KG\"\nlat = 40\nlon = 70\nsource = \"s\"\ntraits = { inspection_rate = 0.1 }\n", i)
	}
	for i := 0; i < n; i++ {
		for _, j := range []int{i + 1, i + 2} {
			fmt.Fprintf(&b, "[[segment]]\nfrom = \"p%d\"\nto = \"p%d\"\nmodes = [\"car\"]\nkm = 10\nhours = 1\nsource = \"s\"\n", i, j%n)
		}
	}
	return b.String()
}

// BenchmarkProvenance lists the sources of generated networks of growing
// size (sources.csv): the time grows with the size, not its square.
func BenchmarkProvenance(b *testing.B) {
	for _, n := range []int{1000, 2000, 4000} {
		b.Run(fmt.Sprintf("%d-places-%d-segments", n, 2*n), func(b *testing.B) {
			sc, err := scenario.Load(fstest.MapFS{"net.toml": {Data: []byte(network(n))}}, "net.toml")
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if rows := sc.Provenance(); len(rows) < 3*n {
					b.Fatalf("%d rows", len(rows))
				}
			}
		})
	}
}
