package results_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

// tee is a Sink that writes to a Writer and keeps what it wrote.
type tee struct {
	w    *results.Writer
	kept experiment.Collector
}

func (t *tee) Add(r *experiment.Replication, replayed bool) error {
	t.kept.Add(r, replayed)
	return t.w.Add(r, replayed)
}

// comparison returns a small comparison of baseline and sary-tash-post
// (six replications, seed 3) restricted to shard, its manifest and worlds.
func comparison(t *testing.T, shard experiment.Shard) (*experiment.Experiment, results.Manifest, []*sim.World) {
	t.Helper()
	e := &experiment.Experiment{Kind: "compare", Seed: 3, N: 6, Shard: shard}
	m := results.Manifest{Kind: "compare", Seed: 3, Replications: 6, Shard: shard.String()}
	m.First, m.End = shard.Range(6)
	var worlds []*sim.World
	for _, name := range []string{"baseline", "sary-tash-post"} {
		sc, err := scenario.Load(scenarios.FS, name+".toml")
		if err != nil {
			t.Fatal(err)
		}
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs})
		m.Scenarios = append(m.Scenarios, results.Scenario{Name: sc.Name})
		worlds = append(worlds, sc.World)
	}
	return e, m, worlds
}

// finish runs e into w and commits the directory.
func finish(t *testing.T, e *experiment.Experiment, w *results.Writer, m results.Manifest) []*experiment.Replication {
	t.Helper()
	sink := &tee{w: w}
	res, err := e.Run(context.Background(), sink)
	if err != nil {
		t.Fatal(err)
	}
	m.Complete, m.Completed = true, res.Completed
	if err := w.Finish(res.Summary, m); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(m); err != nil {
		t.Fatal(err)
	}
	return sink.kept.Replications
}

// write runs a small shard of a comparison into dir and returns what it committed.
func write(t *testing.T, dir string, shard experiment.Shard) (results.Manifest, []*experiment.Replication, []*sim.World) {
	t.Helper()
	e, m, worlds := comparison(t, shard)
	w, err := results.NewWriter(dir, m, worlds, results.Options{PerReplication: true})
	if err != nil {
		t.Fatal(err)
	}
	kept := finish(t, e, w, m)
	m, err = results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m, kept, worlds
}

func TestLogRoundTrip(t *testing.T) {
	dir := t.TempDir()
	_, kept, _ := write(t, dir, experiment.Shard{Index: 1, Count: 2})
	log, err := results.OpenLog(dir, 2)
	if err != nil {
		t.Fatalf("a shard must keep its log: %v", err)
	}
	var back []*experiment.Replication
	valid, err := log.Replay(func(r *experiment.Replication) error { back = append(back, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, kept) {
		t.Fatal("the log gives back other replications than were written")
	}
	st, _ := os.Stat(filepath.Join(dir, results.LogFile))
	if valid != st.Size() {
		t.Errorf("valid bytes %d, file %d", valid, st.Size())
	}
	// A torn tail (a kill mid-write) ends the log at the last whole record.
	data, _ := os.ReadFile(filepath.Join(dir, results.LogFile))
	for _, cut := range []int64{valid - 1, valid - 200, valid - 4} {
		os.WriteFile(filepath.Join(dir, results.LogFile), data[:cut], 0o644)
		n := 0
		v, err := log.Replay(func(*experiment.Replication) error { n++; return nil })
		if err != nil || n != len(kept)-1 || v >= cut {
			t.Errorf("cut at %d: %d whole replications (want %d), valid %d, err %v", cut, n, len(kept)-1, v, err)
		}
	}
	// A flipped byte fails the checksum.
	bad := append([]byte(nil), data...)
	bad[len(bad)-10] ^= 0xff
	os.WriteFile(filepath.Join(dir, results.LogFile), bad, 0o644)
	n := 0
	if _, err := log.Replay(func(*experiment.Replication) error { n++; return nil }); err != nil || n != len(kept)-1 {
		t.Errorf("corrupt last record: %d replications, err %v", n, err)
	}
}

func TestWriterTables(t *testing.T) {
	dir := t.TempDir()
	_, kept, _ := write(t, dir, experiment.Shard{})
	if _, err := os.Stat(filepath.Join(dir, results.LogFile)); !os.IsNotExist(err) {
		t.Errorf("a complete unsharded run keeps its log (%v)", err)
	}
	runs, _ := os.ReadFile(filepath.Join(dir, results.RunsFile))
	lines := strings.Split(strings.TrimSpace(string(runs)), "\n")
	if len(lines) != 1+2*len(kept) || !strings.HasPrefix(lines[1], "baseline,0,") || !strings.HasPrefix(lines[2], "sary-tash-post,0,") {
		t.Errorf("runs.csv: %d lines, replication-major: %q %q", len(lines), lines[1][:20], lines[2][:20])
	}
	for _, f := range []string{results.RunsFile, results.BreakdownFile, results.SegmentFlowsFile, results.SummaryCSVFile,
		results.SummaryJSONFile, results.ManifestFile, results.BreakdownRepsFile, results.SegmentFlowsRepsFile, results.MonthlyFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v", f, st.Mode().Perm())
		}
	}
	seg, _ := os.ReadFile(filepath.Join(dir, results.SegmentFlowsRepsFile))
	if !strings.HasPrefix(string(seg), "scenario,replication,from,to,mode,commodity,kg\n") {
		t.Errorf("per-replication flows are not in kg: %.60s", seg)
	}
}

func TestSameExperiment(t *testing.T) {
	a := results.Manifest{Kind: "compare", Seed: 1, Replications: 10, Scenarios: []results.Scenario{{Name: "baseline",
		Files: []results.FileHash{{Path: "baseline.toml", SHA256: "aa"}}}}}
	for _, tt := range []struct {
		change func(*results.Manifest)
		want   string
	}{
		{func(m *results.Manifest) {}, ""},
		{func(m *results.Manifest) { m.Seed = 2 }, "--seed 1 -n 10 against --seed 2 -n 10"},
		{func(m *results.Manifest) { m.Precision = 0.1 }, "--precision 0 against --precision 0.1"},
		{func(m *results.Manifest) { m.Scenarios = []results.Scenario{{Name: "other"}} }, "scenario 0 is baseline against other"},
		{func(m *results.Manifest) {
			m.Scenarios = []results.Scenario{{Name: "baseline", Files: []results.FileHash{{Path: "baseline.toml", SHA256: "bb"}}}}
		}, "scenario baseline changed"},
	} {
		b := a
		tt.change(&b)
		err := results.SameExperiment(a, b)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, experiment.Shard{Index: 0, Count: 2})
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.Verify(dir, m); err != nil {
		t.Fatalf("a directory just committed: %v", err)
	}
	var listed []string
	for _, f := range m.Files {
		listed = append(listed, f.Path)
	}
	if !slices.Contains(listed, results.LogFile) || !slices.Contains(listed, results.RunsFile) || slices.Contains(listed, results.ManifestFile) {
		t.Errorf("a shard's manifest lists %v", listed)
	}
	runs := filepath.Join(dir, results.RunsFile)
	data, _ := os.ReadFile(runs)
	os.WriteFile(runs, data[:len(data)/2], 0o644)
	os.Remove(filepath.Join(dir, results.BreakdownFile))
	err = results.Verify(dir, m)
	if err == nil || !strings.Contains(err.Error(), "runs.csv has") || !strings.Contains(err.Error(), "breakdown.csv is missing") {
		t.Errorf("a torn runs.csv and no breakdown.csv: %v", err)
	}
	data[len(data)-2] ^= 1 // same length, other bytes
	os.WriteFile(runs, data, 0o644)
	if err := results.Verify(dir, m); err == nil || !strings.Contains(err.Error(), "runs.csv differs") {
		t.Errorf("a changed runs.csv: %v", err)
	}
	m.Complete = false
	if err := results.Verify(dir, m); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("an incomplete manifest: %v", err)
	}
}

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	unlock, err := results.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open files: a second open file in this process
	// is refused as another process would be.
	if _, err := results.Lock(dir); !errors.Is(err, results.ErrLocked) || !strings.Contains(err.Error(), "pid ") {
		t.Errorf("second lock: %v", err)
	}
	unlock()
	unlock2, err := results.Lock(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
}

// decision.csv agrees with summary.csv on every outcome's paired change,
// and segment_changes.csv adds up to the change in segment_flows.csv.
func TestDecisionAndSegmentChanges(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, experiment.Shard{})
	read := func(name string) []map[string]string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		head := strings.Split(lines[0], ",")
		var out []map[string]string
		for _, l := range lines[1:] {
			row := map[string]string{}
			for i, v := range strings.Split(l, ",") {
				if _, dup := row[head[i]]; !dup {
					row[head[i]] = v
				}
			}
			out = append(out, row)
		}
		return out
	}
	want := map[string]string{}
	for _, r := range read(results.SummaryCSVFile) {
		if r["scenario"] == "sary-tash-post" {
			want[r["metric"]] = r["diff_mean"]
		}
	}
	dec := read(results.DecisionFile)
	if len(dec) != len(experiment.DecisionOutcomes) {
		t.Fatalf("decision.csv: %d rows, want one per outcome (%d)", len(dec), len(experiment.DecisionOutcomes))
	}
	for _, r := range dec {
		if r["rank"] != "1" || r["scenario"] != "sary-tash-post" || r["diff_mean"] != want[r["outcome"]] {
			t.Errorf("decision row %v: summary.csv says diff %q", r, want[r["outcome"]])
		}
		if r["cost_per_unit_usd"] != "" {
			t.Errorf("a scenario with no costs got a cost per unit: %v", r)
		}
	}
	flow := map[string]float64{}
	for _, r := range read(results.SegmentFlowsFile) {
		if r["commodity"] != "precursor" {
			v, _ := strconv.ParseFloat(r["mean_kg"], 64)
			flow[r["scenario"]] += v
		}
	}
	sum := 0.0
	for _, r := range read(results.SegmentChangesFile) {
		if r["class"] == "opiates" {
			v, _ := strconv.ParseFloat(r["diff_mean"], 64)
			sum += v
		}
	}
	if d := flow["sary-tash-post"] - flow["baseline"]; math.Abs(sum-d) > 1e-6*math.Max(1, math.Abs(d)) {
		t.Errorf("segment changes add up to %v kg, segment flows differ by %v kg", sum, d)
	}
}
