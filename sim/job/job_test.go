package job

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hourglass/sim/experiment"
)

// Default directory names never collide: a second run started in the same
// second gets base-2, then base-3.
func TestNewOutDirDefaultNames(t *testing.T) {
	base := filepath.Join(t.TempDir(), "results", "run-20260101-000000")
	var got []string
	for range 3 {
		d, unlock, err := newOutDir("", base, true)
		if err != nil {
			t.Fatal(err)
		}
		unlock()
		got = append(got, d)
	}
	if want := []string{base, base + "-2", base + "-3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("directories %v, want %v", got, want)
	}
}

func TestParseShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tt := range []struct {
		flag  string
		count int
		env   func(string) string
		want  experiment.Shard
		err   string
	}{
		{"", 0, env(), experiment.Shard{}, ""},
		{"1/4", 0, env(), experiment.Shard{Index: 1, Count: 4}, ""},
		{"", 3, env("JOB_COMPLETION_INDEX", "2"), experiment.Shard{Index: 2, Count: 3}, ""},
		{"", 0, env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "5"), experiment.Shard{Index: 0, Count: 5}, ""},
		{"0/2", 0, env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "5"), experiment.Shard{Index: 0, Count: 2}, ""}, // the flag wins
		{"x", 0, env(), experiment.Shard{}, `--shard "x": want I/N, such as 0/4`},
		{"0/0", 0, env(), experiment.Shard{}, "shard 0/0: want 0 <= I < N"},
		{"4/4", 0, env(), experiment.Shard{}, "shard 4/4: want 0 <= I < N"},
		{"", 3, env(), experiment.Shard{}, `--shards 3: JOB_COMPLETION_INDEX is "", want a number`},
		{"", -1, env(), experiment.Shard{}, "--shards -1: out of range"},
		{"0/1000000", 0, env(), experiment.Shard{}, "--shard 0/1000000: out of range (allowed: at most 100000 shards)"},
	} {
		got, err := ParseShard(tt.flag, tt.count, tt.env)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseShard(%q, %d) = %v, %v; want %v", tt.flag, tt.count, got, err, tt.want)
		case tt.err != "":
			var u *UsageError
			if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseShard(%q, %d): error %v, want a usage error %q", tt.flag, tt.count, err, tt.err)
			}
		}
	}
}

// A Spec survives JSON (the workbench keeps its queue so), its ranges as
// --vary writes them.
func TestSpecJSON(t *testing.T) {
	spec := Spec{Kind: Sweep, Scenarios: []string{"baseline"}, N: 5, Seed: 2, Out: "/x/y",
		Design: Design{Vary: []Vary{{Key: "drivers.professionalization", From: 0, To: 1, Steps: 3}}, LHS: 4}}
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"kind":"sweep"`) || !strings.Contains(string(data), `"vary":["drivers.professionalization=0:1:3"]`) {
		t.Errorf("JSON %s", data)
	}
	var back Spec
	if err := json.Unmarshal(data, &back); err != nil || !reflect.DeepEqual(back, spec) {
		t.Errorf("back from JSON: %+v, %v; want %+v", back, err, spec)
	}
}

func TestCommandLine(t *testing.T) {
	for _, tt := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: Compare, Scenarios: []string{"baseline", "kz-scanners"}, N: 8, Seed: 3, Out: "res", Objective: "heroin_delivered_kg"},
			"hourglass compare -n 8 --seed 3 --out res baseline kz-scanners"},
		{Spec{Kind: Compare, Scenarios: []string{"baseline", "a.toml"}, N: 8, Seed: 3, Out: "res", Resume: true, Precision: 0.05, Objective: "courier_arrests"},
			"hourglass compare -n 8 --seed 3 --precision 0.05 --objective courier_arrests --resume res baseline a.toml"},
		{Spec{Kind: Sweep, Scenarios: []string{"baseline"}, N: 2, Seed: 1, Workers: 2, Shard: experiment.Shard{Index: 1, Count: 2},
			Design: Design{Vary: []Vary{{Key: "k", From: 0.5, To: 2, Steps: 4}}}},
			"hourglass sweep -n 2 --seed 1 -j 2 --shard 1/2 --vary k=0.5:2:4 baseline"},
		{Spec{Kind: Sweep, Scenarios: []string{"baseline"}, N: 2, Seed: 1, Design: Design{File: "d.csv"}},
			"hourglass sweep -n 2 --seed 1 --design d.csv baseline"},
		// a scenario shaped like a flag stays a scenario: -- before them
		{Spec{Kind: Compare, Scenarios: []string{"baseline", "--cpuprofile=/x"}, N: 2, Seed: 1},
			"hourglass compare -n 2 --seed 1 -- baseline --cpuprofile=/x"},
	} {
		if got := strings.Join(tt.spec.CommandLine(), " "); got != tt.want {
			t.Errorf("CommandLine = %q\nwant %q", got, tt.want)
		}
	}
}

func TestParseVary(t *testing.T) {
	v, err := ParseVary("place[osh].traits.inspection_rate=0.1:0.5:3")
	if err != nil || v != (Vary{Key: "place[osh].traits.inspection_rate", From: 0.1, To: 0.5, Steps: 3}) || v.String() != "place[osh].traits.inspection_rate=0.1:0.5:3" {
		t.Errorf("ParseVary: %+v, %v", v, err)
	}
	for _, bad := range []string{"k=0:1", "k=0:1:1", "=0:1:2", "k=x:1:2", "k=inf:1:2", "k=0:1:20000"} {
		if _, err := ParseVary(bad); err == nil {
			t.Errorf("ParseVary(%q) accepted", bad)
		}
	}
}

// A Spec out of range is refused before anything is loaded or written.
func TestPrepareRefuses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "never")
	for _, tt := range []struct {
		spec Spec
		want string
	}{
		{Spec{Scenarios: []string{"baseline"}, N: 2}, "not an experiment"},
		{Spec{Kind: Run, Scenarios: []string{"baseline", "kz-scanners"}, N: 2}, "run takes one scenario"},
		{Spec{Kind: Compare, Scenarios: []string{"baseline", "kz-scanners"}, N: 1}, "-n 1: paired confidence intervals need at least 2 replications"},
		{Spec{Kind: Compare, Scenarios: []string{"baseline", "kz-scanners"}, N: 2, Objective: "bribes_usd"}, `--objective "bribes_usd": not an outcome`},
		{Spec{Kind: Run, Scenarios: []string{"baseline"}, N: 2, Precision: 0.1, Shard: experiment.Shard{Index: 0, Count: 2}}, "cannot be sharded"},
		{Spec{Kind: Run, Scenarios: []string{"baseline"}, N: 2, Workers: -1}, "-j -1: out of range"},
		{Spec{Kind: Run, Scenarios: []string{"baseline"}, N: 2, Design: Design{LHS: 3}}, "run takes no design"},
		{Spec{Kind: Sweep, Scenarios: []string{"baseline"}, N: 2}, "sweep needs --vary"},
		{Spec{Kind: Sweep, Scenarios: []string{"baseline"}, N: 2, Design: Design{Vary: []Vary{{Key: "k", From: 0, To: 1, Steps: 1}}}}, "STEPS a whole number of at least 2"},
	} {
		tt.spec.Out = dir
		_, err := Prepare(tt.spec)
		var u *UsageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Prepare(%+v): %v, want a usage error %q", tt.spec, err, tt.want)
		}
	}
}
