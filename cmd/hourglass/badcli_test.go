package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadCommandLines runs bad command lines in process: each must exit with
// its status (2 for a usage error, 1 for bad input), print its message once,
// and create no results directory (neither --out nor results/).
func TestBadCommandLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	nanLat := filepath.Join(dir, "nan-lat.toml")
	if err := os.WriteFile(nanLat, []byte("extends = \"baseline.toml\"\n[[place]]\nid = \"osh\"\nlat = nan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nanCost := filepath.Join(dir, "nan-cost.toml") // passed check, then failed after running
	if err := os.WriteFile(nanCost, []byte("extends = \"baseline.toml\"\n[[intervention]]\ntype = \"scanner\"\nplace = \"sosnovka\"\ncapital_usd = nan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.toml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// railcar-inspection extends baseline-2008 (an example since it missed its
	// preregistered outcome: scenarios/examples/)
	railcar, err := filepath.Abs(filepath.Join("..", "..", "scenarios", "examples", "railcar-inspection.toml"))
	if err != nil {
		t.Fatal(err)
	}
	const out = "OUT" // replaced by a fresh directory that must not appear
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"compare", "-n", "5", "--objective", "precursr_to_labs_kg", "--out", "OUT", "baseline", "kz-scanners"}, 2,
			`hourglass compare: --objective: unknown metric "precursr_to_labs_kg" (did you mean "precursor_to_labs_kg"?) (allowed: heroin_delivered_kg, opiates_delivered_kg, precursor_to_labs_kg, opiates_seized_kg, heroin_seized_kg, precursor_seized_kg, organiser_arrests, courier_arrests)`},
		{[]string{"compare", "-n", "5", "--objective", "bribes_usd", "--out", "OUT", "baseline", "kz-scanners"}, 2,
			`hourglass compare: --objective "bribes_usd": not an outcome of the decision table (allowed: heroin_delivered_kg, opiates_delivered_kg, precursor_to_labs_kg, opiates_seized_kg, heroin_seized_kg, precursor_seized_kg, organiser_arrests, courier_arrests)`},
		{[]string{"run", "-j", "0", "--out", "OUT"}, 2, "hourglass run: -j 0: out of range (allowed: 1..1024 workers)"},
		{[]string{"run", "-j", "-3", "--out", "OUT"}, 2, "hourglass run: -j -3: out of range (allowed: 1..1024 workers)"},
		{[]string{"run", "-j", "5000", "--out", "OUT"}, 2, "hourglass run: -j 5000: out of range (allowed: 1..1024 workers)"},
		{[]string{"run", "-n", "0", "--out", "OUT"}, 2, "hourglass run: -n 0: need at least 1 replication"},
		{[]string{"run", "-n", "-5", "--out", "OUT"}, 2, "hourglass run: -n -5: need at least 1 replication"},
		{[]string{"run", "-n", "100000000", "--out", "OUT"}, 2, "hourglass run: -n 100000000: out of range (allowed: 1..100000 replications)"},
		{[]string{"compare", "-n", "1", "--out", "OUT", "baseline", "sary-tash-post"}, 2, "hourglass compare: -n 1: paired confidence intervals need at least 2 replications"},
		// an alternative of another world: the 2008 world would count as the railcar checks' effect
		{[]string{"compare", "-n", "5", "--out", "OUT", "baseline", railcar}, 2,
			"hourglass compare: railcar-inspection extends baseline-2008, not baseline: compared with baseline, everything baseline-2008 changes"},
		{[]string{"compare", "-n", "5", "--out", "OUT", "baseline-2008", "sary-tash-post"}, 2,
			"hourglass compare: sary-tash-post extends baseline, not baseline-2008: baseline-2008"},
		{[]string{"compare", "-n", "5", "--out", "OUT", "--across", "drivers.professionalization=0:1", "baseline", "sary-tash-post"}, 2,
			`hourglass compare: --across "drivers.professionalization=0:1": want KEY=FROM:TO:STEPS`},
		{[]string{"compare", "-n", "100000000", "--out", "OUT", "baseline", "sary-tash-post"}, 2, "hourglass compare: -n 100000000: out of range (allowed: 1..100000 replications)"},
		{[]string{"run", "--precision", "-1", "--out", "OUT"}, 2, "hourglass run: --precision -1: out of range (allowed: 0 < p < 1, a fraction of the mean; 0 for off)"},
		{[]string{"run", "--precision", "1", "--out", "OUT"}, 2, "hourglass run: --precision 1: out of range (allowed: 0 < p < 1, a fraction of the mean; 0 for off)"},
		{[]string{"run", "--precision", "nan", "--out", "OUT"}, 2, "hourglass run: --precision NaN: out of range (allowed: 0 < p < 1, a fraction of the mean; 0 for off)"},
		{[]string{"run", "--precision", "0.1", "--shard", "0/2", "--out", "OUT"}, 2, "hourglass run: --precision decides the number of replications as it goes: it cannot be sharded"},
		{[]string{"run", "--shard", "9/8", "--out", "OUT"}, 2, "hourglass run: shard 9/8: want 0 <= I < N"},
		{[]string{"run", "--shard", "0/0", "--out", "OUT"}, 2, "hourglass run: shard 0/0: want 0 <= I < N"},
		{[]string{"run", "--shard", "x", "--out", "OUT"}, 2, "hourglass run: --shard \"x\": want I/N, such as 0/4"},
		{[]string{"run", "--shard", "-1/4", "--out", "OUT"}, 2, "hourglass run: shard -1/4: want 0 <= I < N"},
		{[]string{"run", "--shards", "-1", "--out", "OUT"}, 2, "hourglass run: --shards -1: out of range (allowed: 1..100000)"},
		{[]string{"run", "--shard", "0/1000000", "--out", "OUT"}, 2, "hourglass run: --shard 0/1000000: out of range (allowed: at most 100000 shards)"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=1:2:20000"}, 2, "hourglass sweep: --vary \"params.days=1:2:20000\": 20000 steps (allowed: 2..10000)"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=inf:2:3"}, 2, "hourglass sweep: --vary \"params.days=inf:2:3\": FROM and TO must be finite numbers"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=1:nan:3"}, 2, "hourglass sweep: --vary \"params.days=1:nan:3\": FROM and TO must be finite numbers"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=1:2"}, 2, "hourglass sweep: --vary \"params.days=1:2\": want KEY=FROM:TO:STEPS, such as group[*].professionalization=0:1:5"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=1:2:1"}, 2, "hourglass sweep: --vary \"params.days=1:2:1\": FROM and TO must be numbers and STEPS a whole number of at least 2"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=0:1:100000000000"}, 2, "hourglass sweep: --vary \"params.days=0:1:100000000000\": 100000000000 steps (allowed: 2..10000)"},
		{[]string{"sweep", "--out", "OUT", "--vary", "params.days=1:400:400", "--vary", "group[*].count=1:300:300"}, 2, "hourglass sweep: --vary: design: the full factorial has 400\u00d7300 = 120000 points (at most 100000)"},
		{[]string{"sweep", "--out", "OUT", "--design", "lhs:0"}, 2, "hourglass sweep: --design lhs:0: want lhs:N, N a whole number of points from 1 to 100000"},
		{[]string{"sweep", "--out", "OUT", "--design", "foo"}, 2, "hourglass sweep: --design \"foo\": want lhs:N (a Latin hypercube of N points) or FILE.csv (a point per row)"},
		{[]string{"sweep", "--out", "OUT"}, 2, "hourglass sweep: sweep needs --vary KEY=FROM:TO:STEPS (repeat it for a factorial design) or --design lhs:N or --design FILE.csv"},
		{[]string{"run", "--out", "FILE"}, 1, "hourglass run: results directory FILE: not a directory"},
		{[]string{"run", "--out", "FILE/sub"}, 1, "hourglass run: results directory FILE/sub: not a directory"},
		{[]string{"run", "-n", "2", "--out", "OUT", "network"}, 1, "network.toml: no groups: nothing would move (a network file is not a scenario: extend it and add [[group]] entries)"},
		{[]string{"run", "--out", "OUT", "nosuch"}, 1, "no scenario file nosuch on disk, and no shipped scenario of that name (shipped: baseline-2008, baseline, china-intel-sharing,"},
		{[]string{"run", "--out", "OUT", "baseline", "sary-tash-post"}, 2, "hourglass run: run takes one scenario (use compare for several)"},
		{[]string{"compare", "--out", "OUT", "baseline"}, 2, "hourglass compare: compare needs a baseline and at least one alternative"},
		{[]string{"run", "--bogus", "--out", "OUT"}, 2, "hourglass run: flag provided but not defined: -bogus"},
		{[]string{"run", "-n", "abc", "--out", "OUT"}, 2, "hourglass run: invalid value \"abc\" for flag -n: parse error"},
		{[]string{"run", "-n", "2", "--out", "OUT", "NANLAT"}, 1, "NANLAT:4: place[osh].lat: nan is not a finite number (allowed: finite numbers, not nan or inf)"},
		{[]string{"check", "NANCOST"}, 1, "nan-cost.toml:5: intervention[scanner@sosnovka].capital_usd: nan is not a finite number (allowed: finite numbers, not nan or inf)"},
		{[]string{"run", "-n", "2", "--out", "OUT", "NANCOST"}, 1, "nan-cost.toml:5: intervention[scanner@sosnovka].capital_usd: nan is not a finite number"},
		{[]string{"check", "EMPTY"}, 1, "empty.toml: no places: not a scenario"},
		{[]string{"run", "-n", "2", "--out", "OUT", "EMPTY"}, 1, "empty.toml: no places: not a scenario"},
		{[]string{"sweep", "--out", "OUT", "--vary", "place[sosnovka].traits.inspection_rat=0:1:3"}, 1, "--vary place[sosnovka].traits.inspection_rat=0:1:3: place[sosnovka].traits.inspection_rat: unknown key (did you mean \"inspection_rate\"?)"},
		{[]string{"study", "-j", "0", "baseline"}, 2, "hourglass study: -j 0: out of range (allowed: 1..1024 workers)"},
		{[]string{"validate", "-n", "0"}, 2, "hourglass validate: -n 0: out of range (allowed: 1..100000 replications)"},
		{[]string{"sensitivity", "-levels", "1", "baseline"}, 2, "hourglass sensitivity: -levels 1: out of range (allowed: 2..1000 levels)"},
		{[]string{"map", "-n", "0", "--out", "OUT"}, 2, "hourglass map: -n 0: out of range (allowed: 1..100000 replications)"},
		{[]string{"bench", "-n", "0"}, 2, "hourglass bench: -n 0: out of range (allowed: 1..100000 replications)"},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args, " ")
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir()) // results/ would appear here
			res := filepath.Join(t.TempDir(), "res")
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.NewReplacer(out, res, "FILE", file, "NANLAT", nanLat, "NANCOST", nanCost, "EMPTY", empty).Replace(a)
			}
			var stdout, stderr bytes.Buffer
			code := realMain(args, &stdout, &stderr)
			msg := strings.ReplaceAll(strings.ReplaceAll(stderr.String(), file, "FILE"), nanLat, "NANLAT")
			if code != tt.code {
				t.Errorf("exit status %d, want %d", code, tt.code)
			}
			if n := strings.Count(msg, tt.want); n != 1 {
				t.Errorf("stderr has %q %d times, want once:\n%s", tt.want, n, msg)
			}
			for _, d := range []string{res, "results"} {
				if _, err := os.Stat(d); !os.IsNotExist(err) {
					t.Errorf("%s created for a bad command line", d)
				}
			}
		})
	}
}

// An empty shard (more shards than replications) is a valid shard: it
// exits 0 with a complete results directory, so that a Slurm afterok merge
// runs (it used to fail drawing charts: "plotter: no data points").
func TestEmptyShard(t *testing.T) {
	skipShort(t)
	withFigures(t)
	res := filepath.Join(t.TempDir(), "res")
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"run", "--quiet", "--shard", "0/8", "-n", "4", "--out", res}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(res, "manifest.json")); err != nil {
		t.Error(err)
	}
}
