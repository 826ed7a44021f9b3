package scenario_test

import (
	"os"
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

func TestProvenanceTry(t *testing.T) {
	sc, err := scenario.Load(sourcedFS(t, nil), "sourced.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sc.Provenance() {
		t.Logf("%s\t%s\t%s\t%s", r.Entry, r.Field, r.Value, r.Note())
	}
}
