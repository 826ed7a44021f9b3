package scenarios_test

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenReps are the replications of every shipped scenario the outcome
// golden pins, all with seed 1.
const goldenReps = 3

// outcomeHash is the SHA-256 of every field of o, each written as its name
// and its value with %v (exact for floats: the shortest text that reads back
// to the same bits), in declaration order.
func outcomeHash(o *sim.Outcome) string {
	h := sha256.New()
	v := reflect.ValueOf(o).Elem()
	for i := 0; i < v.NumField(); i++ {
		fmt.Fprintf(h, "%s=%v\n", v.Type().Field(i).Name, v.Field(i).Interface())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestShippedOutcomesUnchanged runs every shipped scenario (not the network
// or the targets) for replications 0..2 with seed 1, through its epochs, and
// compares a hash of every Outcome field with testdata/outcomes.golden: a
// change of the model's code that is meant to leave results alone must leave
// this file alone, bit for bit. Rewrite it with -update only when a change
// of results is intended.
func TestShippedOutcomesUnchanged(t *testing.T) {
	entries, err := scenarios.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		name := e.Name()
		if name == "network.toml" || name == "targets.toml" {
			continue
		}
		sc, err := scenario.Load(scenarios.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		epochs := sc.Epochs
		if len(epochs) == 0 {
			epochs = []sim.Epoch{{From: sc.Params.Start, World: sc.World, Params: &sc.Params}}
		}
		for rep := uint64(0); rep < goldenReps; rep++ {
			o, err := sim.RunEpochs(epochs, 1, rep)
			if err != nil {
				t.Fatalf("%s rep %d: %v", name, rep, err)
			}
			fmt.Fprintf(&b, "%s %d %s\n", name, rep, outcomeHash(&o))
		}
	}
	got := b.String()
	path := filepath.Join("testdata", "outcomes.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -run ShippedOutcomes -update to create it)", err)
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	if len(wl) != len(gl) {
		t.Errorf("%d outcomes, %s has %d", len(gl)-1, path, len(wl)-1)
	}
	for i := 0; i < len(wl) && i < len(gl); i++ {
		if wl[i] != gl[i] {
			t.Errorf("outcome differs from %s:\n  want %s\n  got  %s", path, wl[i], gl[i])
		}
	}
}
