package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/job"
	"hourglass/sim/results"
)

func TestSweepDesignErrors(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("params.interdiction.tip_rate,drivers.professionalization\n1,0\n2,x\nInf,0\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--design", "lhs:0"}, "--design lhs:0: want lhs:N, N a whole number of points from 1 to 100000"},
		{[]string{"--design", "lhs:"}, "--design lhs:: want lhs:N"},
		{[]string{"--design", "nosuchfile.csv"}, "--design nosuchfile.csv: no such file or directory"},
		{[]string{"--design", "foo"}, `--design "foo": want lhs:N (a Latin hypercube of N points) or FILE.csv (a point per row)`},
		{[]string{"--design", bad, "--vary", "drivers.professionalization=0:1:2"}, "takes its keys and values from the file: drop --vary"},
		{[]string{"--design", bad}, bad + ":3: column drivers.professionalization: \"x\" is not a number\n" + bad + ":4: column params.interdiction.tip_rate: \"Inf\" is not a finite number"},
		{nil, "sweep needs --vary KEY=FROM:TO:STEPS"},
		{[]string{"--vary", "drivers.professionalization=0:1:1"}, "STEPS a whole number of at least 2"},
		{[]string{"--vary", "drivers.professionalization=0:1:2", "--vary", "drivers.professionalization=0:1:3"}, "design: drivers.professionalization is varied twice"},
		{[]string{"--vary", "a=0:1:100", "--vary", "b=0:1:100", "--vary", "c=0:1:100"}, "the full factorial has 100×100×100 = 1000000 points (at most 100000)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := realMain(append([]string{"sweep", "--out", filepath.Join(dir, "never"), "baseline"}, tt.args...), &out, &errb)
			if code != 2 || !strings.Contains(errb.String(), tt.want) {
				t.Errorf("status %d, stderr:\n%s\nwant status 2 and %q", code, errb.String(), tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "never")); err == nil {
		t.Error("a refused sweep left a results directory")
	}
}

// readTable reads a CSV file of a results directory.
func readTable(t *testing.T, dir, file string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSweepFactorialShardsMerge(t *testing.T) {
	skipShort(t)
	withFigures(t)
	dir := t.TempDir()
	args := []string{"sweep", "-n", "3", "--seed", "2", "--quiet", "baseline",
		"--vary", "drivers.professionalization=0:1:2", "--vary", "params.interdiction.tip_rate=0.5:2:2"}
	single := filepath.Join(dir, "single")
	hourglass(t, append(args, "--out", single)...)
	setHooks(t, func() { hooks.figures = false }) // the shards and their merge are about files
	m, err := results.ReadManifest(single)
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"drivers.professionalization", "params.interdiction.tip_rate"}
	if m.Design != "factorial" || !reflect.DeepEqual(m.DesignKeys, keys) || len(m.Scenarios) != 4 {
		t.Fatalf("manifest: design %q, keys %v, %d scenarios", m.Design, m.DesignKeys, len(m.Scenarios))
	}
	// first key slowest; names short; the values in the columns
	want := [][]string{{"baseline@1", "0", "0.5"}, {"baseline@2", "0", "2"}, {"baseline@3", "1", "0.5"}, {"baseline@4", "1", "2"}}
	runs := readTable(t, single, results.RunsFile)
	if !reflect.DeepEqual(runs[0][:4], append([]string{"scenario", "replication"}, keys...)) {
		t.Errorf("runs.csv header %v", runs[0][:4])
	}
	for i, w := range want {
		row := runs[1+i] // replication-major: scenario i's replication 0
		if got := []string{row[0], row[2], row[3]}; !reflect.DeepEqual(got, w) {
			t.Errorf("runs.csv row %d: %v, want %v", 1+3*i, got, w)
		}
	}
	sum := readTable(t, single, results.SummaryCSVFile)
	if !reflect.DeepEqual(sum[0][:4], []string{"scenario", keys[0], keys[1], "metric"}) {
		t.Errorf("summary.csv header %v", sum[0][:4])
	}
	if _, err := os.Stat(filepath.Join(single, "figures", "heatmap-heroin_delivered_kg.svg")); err != nil {
		t.Errorf("no heat map: %v", err)
	}

	var shards []string
	for _, spec := range []string{"0/2", "1/2"} {
		d := filepath.Join(dir, "shard"+spec[:1])
		shards = append(shards, d)
		hourglass(t, append(args, "--out", d, "--shard", spec)...)
	}
	merged := filepath.Join(dir, "merged")
	hourglass(t, append([]string{"merge", "--quiet", "--out", merged}, shards...)...)
	sameFiles(t, single, merged)
}

func TestSweepLatinHypercube(t *testing.T) {
	parallel(t)
	skipShort(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	out := hourglass(t, "sweep", "-n", "1", "--seed", "4", "--out", a, "baseline", "--design", "lhs:5")
	hourglass(t, "sweep", "-n", "1", "--seed", "4", "--quiet", "--out", b, "baseline", "--design", "lhs:5")
	sameFiles(t, a, b)
	m, _ := results.ReadManifest(a)
	sc, err := job.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	if m.Design != "lhs" || len(m.Scenarios) != 5 || len(m.DesignKeys) != len(sc.Uncertain) {
		t.Fatalf("manifest: design %q, %d scenarios, keys %v", m.Design, len(m.Scenarios), m.DesignKeys)
	}
	if !strings.Contains(out, "baseline@5") || !strings.Contains(out, sc.Uncertain[0].Name) {
		t.Errorf("the table lacks the points or their keys:\n%s", out)
	}
	runs := readTable(t, a, results.RunsFile)
	for i, u := range sc.Uncertain {
		if runs[0][2+i] != u.Name {
			t.Errorf("column %d is %s, want %s", 2+i, runs[0][2+i], u.Name)
		}
		for r, row := range runs[1:] {
			x, err := strconv.ParseFloat(row[2+i], 64)
			if err != nil || x < u.Low || x > u.High || x != m.Scenarios[r].Params[i].Value {
				t.Errorf("%s = %s in row %d (range %g..%g, manifest %g)", u.Name, row[2+i], r+1, u.Low, u.High, m.Scenarios[r].Params[i].Value)
			}
		}
	}
}

func TestSweepDesignFile(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	points := filepath.Join(dir, "points.csv")
	os.WriteFile(points, []byte("# two points\nparams.interdiction.tip_rate\n0.5\n1.75\n"), 0o644)
	out := filepath.Join(dir, "out")
	hourglass(t, "sweep", "-n", "1", "--quiet", "--out", out, "baseline", "--design", points)
	runs := readTable(t, out, results.RunsFile)
	if got := [][]string{runs[0][:3], runs[1][:3], runs[2][:3]}; !reflect.DeepEqual(got, [][]string{
		{"scenario", "replication", "params.interdiction.tip_rate"}, {"baseline@1", "0", "0.5"}, {"baseline@2", "0", "1.75"}}) {
		t.Errorf("runs.csv starts %v", got)
	}
	m, _ := results.ReadManifest(out)
	if m.Design != "file "+points {
		t.Errorf("manifest design %q", m.Design)
	}
}
