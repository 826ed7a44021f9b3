package experiment_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"

	"hourglass/scenarios"

	"hourglass/sim/experiment"
	"hourglass/sim/scenario"
)

// load returns the shipped scenarios as experiment scenarios.
func load(t testing.TB, names ...string) []experiment.Scenario {
	t.Helper()
	var out []experiment.Scenario
	for _, name := range names {
		sc, err := scenario.Load(scenarios.FS, name+".toml")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, experiment.Scenario{Name: sc.Name, World: sc.World, Params: &sc.Params, Epochs: sc.Epochs, AnnualCostUSD: sc.AnnualCost(), RunCostUSD: sc.RunCost(), EffectDiscount: sc.EffectDiscount()})
	}
	return out
}

// run runs e and returns its result and what it committed.
func run(t *testing.T, e *experiment.Experiment) (*experiment.Result, *experiment.Collector) {
	t.Helper()
	var c experiment.Collector
	res, err := e.Run(context.Background(), &c)
	if err != nil {
		t.Fatal(err)
	}
	return res, &c
}

func summaryJSON(t *testing.T, s *experiment.Summary) string {
	t.Helper()
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func replay(reps []*experiment.Replication) func(func(*experiment.Replication) error) error {
	return func(yield func(*experiment.Replication) error) error {
		for _, r := range reps {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// The same seed gives the same replications and summary whatever the
// number of workers, and shards joined by a merge give the single run.
func TestWorkersShardsAndMergeAgree(t *testing.T) {
	scs := load(t, "baseline", "sary-tash-post")
	one, c1 := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 9, N: 7, Workers: 1})
	three, c3 := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 9, N: 7, Workers: 3})
	if !reflect.DeepEqual(c1.Replications, c3.Replications) {
		t.Fatal("replications with 1 and 3 workers differ")
	}
	if summaryJSON(t, one.Summary) != summaryJSON(t, three.Summary) {
		t.Fatal("summaries with 1 and 3 workers differ")
	}
	for i, r := range c1.Replications {
		if r.Index != uint64(i) {
			t.Fatalf("replication %d committed at position %d", r.Index, i)
		}
	}
	var parts []*experiment.Replication
	for i := range 3 {
		res, c := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 9, N: 7, Workers: 2, Shard: experiment.Shard{Index: i, Count: 3}})
		if first, end := (experiment.Shard{Index: i, Count: 3}).Range(7); res.First != first || res.End != end || len(c.Replications) != end-first {
			t.Fatalf("shard %d/3 ran %d replications [%d, %d)", i, len(c.Replications), res.First, res.End)
		}
		parts = append(parts, c.Replications...)
	}
	merged, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 9, N: 7, MergeOnly: true, Previous: replay(parts)})
	if summaryJSON(t, merged.Summary) != summaryJSON(t, one.Summary) {
		t.Error("merged shards summarise differently from the single run")
	}
	// A merge refuses a gap and a duplicate.
	for _, bad := range [][]*experiment.Replication{append(parts[:2:2], parts[3:]...), append(parts[:3:3], parts[2:]...)} {
		e := &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 9, N: 7, MergeOnly: true, Previous: replay(bad)}
		if _, err := e.Run(context.Background(), experiment.Discard); err == nil {
			t.Error("merge of a gap or a duplicate accepted")
		}
	}
}

// An interrupted experiment keeps whole replications in order, and resuming
// it from them gives the uninterrupted result.
func TestInterruptAndResume(t *testing.T) {
	scs := load(t, "baseline", "kz-scanners")
	full, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 5, N: 9, Workers: 2})

	ctx, cancel := context.WithCancel(context.Background())
	var part experiment.Collector
	e := &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 5, N: 9, Workers: 2,
		Progress: func(done, _ int) {
			if done >= 4*len(scs) {
				cancel()
			}
		}}
	res, err := e.Run(ctx, &part)
	if err == nil || res == nil || res.Completed < 4 || res.Completed >= 9 || len(part.Replications) != res.Completed {
		t.Fatalf("interrupted run: err %v, completed %v, kept %d", err, res, len(part.Replications))
	}
	resumed, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 5, N: 9, Workers: 1, Previous: replay(part.Replications)})
	if summaryJSON(t, resumed.Summary) != summaryJSON(t, full.Summary) {
		t.Error("resumed run summarises differently from the uninterrupted one")
	}
}

func TestPrecisionStopsAtWholeBatches(t *testing.T) {
	scs := load(t, "baseline")
	res, _ := run(t, &experiment.Experiment{Kind: "run", Scenarios: scs, Seed: 1, N: 200, Precision: 0.9})
	if res.Completed >= 200 || res.Completed%20 != 0 || res.End != res.Completed {
		t.Errorf("loose precision stopped after %d replications (end %d): %s", res.Completed, res.End, res.StoppedBy)
	}
	res, _ = run(t, &experiment.Experiment{Kind: "run", Scenarios: scs, Seed: 1, N: 20, Precision: 0.0001})
	if res.Completed != 20 || res.StoppedBy == "" {
		t.Errorf("tight precision: %d, %q", res.Completed, res.StoppedBy)
	}
}

func TestSummarize(t *testing.T) {
	s := experiment.Summarize([]float64{1, 2, 3, 4, 5})
	// mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451051977987
	h := 2.7764451051977987 * math.Sqrt(2.5) / math.Sqrt(5)
	if s.N != 5 || s.Mean != 3 || math.Abs(s.SD-math.Sqrt(2.5)) > 1e-12 {
		t.Errorf("n %d mean %v sd %v", s.N, s.Mean, s.SD)
	}
	if math.Abs(s.Lo-(3-h)) > 1e-9 || math.Abs(s.Hi-(3+h)) > 1e-9 {
		t.Errorf("CI [%v, %v], want [%v, %v]", s.Lo, s.Hi, 3-h, 3+h)
	}
	if s.P50 != 3 || s.P5 != 1 || s.P95 != 5 {
		t.Errorf("quantiles %v %v %v", s.P5, s.P50, s.P95)
	}
	if one := experiment.Summarize([]float64{7}); one.Lo != 7 || one.Hi != 7 || one.SD != 0 {
		t.Errorf("one value: %+v", one)
	}
}

func TestPairedDiff(t *testing.T) {
	base := []float64{10, 12, 14, 16}
	alt := []float64{11, 14, 15, 18} // differences 1, 2, 1, 2: mean 1.5, sd 0.57735
	d := experiment.PairedDiff(base, alt)
	h := 3.182446305284263 * math.Sqrt(1.0/3) / 2 // t(0.975, 3) · sd / √4
	if math.Abs(d.Mean-1.5) > 1e-12 || math.Abs(d.Lo-(1.5-h)) > 1e-9 || math.Abs(d.Hi-(1.5+h)) > 1e-9 {
		t.Errorf("diff %+v, want 1.5 ± %v", d, h)
	}
	if !d.ExcludesZero || math.Abs(d.Relative-0.115384615) > 1e-6 {
		t.Errorf("excludes zero %v, relative %v", d.ExcludesZero, d.Relative)
	}
	noise := experiment.PairedDiff([]float64{1, 2, 3}, []float64{2, 1, 3})
	if noise.ExcludesZero {
		t.Errorf("zero-mean noise called significant: %+v", noise)
	}
}

// Displacement on a toy pair: a scenario against itself displaces nothing;
// moving all opiate flow of one segment onto another displaces exactly its
// share of the total.
func TestDisplacement(t *testing.T) {
	scs := load(t, "baseline")
	_, c := run(t, &experiment.Experiment{Kind: "run", Scenarios: scs, Seed: 1, N: 5})
	twin := []experiment.Scenario{scs[0], scs[0]}
	var same, moved []*experiment.Replication
	total, shifted := 0.0, 0.0
	for _, r := range c.Replications {
		b := r.Reps[0]
		same = append(same, &experiment.Replication{Index: r.Index, Reps: []experiment.Rep{b, b}})
		m := b
		m.Flows = nil
		for _, f := range b.Flows {
			if f.Commodity.IsOpiate() {
				total += f.Grams.Kg()
				if f.Segment == 0 {
					shifted += f.Grams.Kg()
					f.Segment = 1
				}
			}
			m.Flows = append(m.Flows, f)
		}
		moved = append(moved, &experiment.Replication{Index: r.Index, Reps: []experiment.Rep{b, m}})
	}
	for _, tt := range []struct {
		reps []*experiment.Replication
		want float64
	}{{same, 0}, {moved, shifted / total}} {
		res, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: twin, Seed: 1, N: 5, MergeOnly: true, Previous: replay(tt.reps)})
		d := res.Summary.Scenarios[1].Displacement
		if math.Abs(d.Mean-tt.want) > 1e-9 || (tt.want == 0 && (d.Lo != 0 || d.Hi != 0)) {
			t.Errorf("displacement %+v, want %v", d, tt.want)
		}
	}
	if shifted == 0 {
		t.Fatal("segment 0 carries no opiates: the toy move tests nothing")
	}
}

func TestMetricNames(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range experiment.Metrics() {
		name := m.String()
		if seen[name] {
			t.Errorf("metric name %s twice", name)
		}
		seen[name] = true
		if got, err := experiment.ParseMetric(name); err != nil || got != m {
			t.Errorf("ParseMetric(%q) = %v, %v", name, got, err)
		}
	}
	kg, _ := experiment.SeizedIn("KG")
	if kg.String() != "opiates_seized_kg_in_KG" || kg.Info().Country != "KG" || kg.Info().Unit != experiment.Kg {
		t.Errorf("Kyrgyz seizures: %s %+v", kg, kg.Info())
	}
	if _, err := experiment.ParseMetric("opiates_seized_kg_kg"); err == nil || err.Error()[:40] != `unknown metric "opiates_seized_kg_kg" (d` {
		t.Errorf("old ambiguous name: %v", err)
	}
}

// interventions are the shipped policy scenarios of the default comparison
// (make run).
var interventions = []string{"baseline", "sary-tash-post", "kz-scanners",
	"china-intel-sharing", "russian-border-guards", "informant-program"}

// BenchmarkDefaultComparison runs the default comparison, 20 replications
// per scenario, on 1 and on 2 workers: the ratio of the two is the scaling.
func BenchmarkDefaultComparison(b *testing.B) {
	scs := load(b, interventions...)
	const n = 20
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("j%d", workers), func(b *testing.B) {
			for b.Loop() {
				e := &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 1, N: n, Workers: workers}
				if _, err := e.Run(context.Background(), experiment.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*len(scs)), "replications/op")
		})
	}
}

// BenchmarkSummaryMemory measures the memory an experiment holds as the
// number of replications grows: allocated bytes per op rise with
// replications (every outcome is allocated), but what the experiment keeps
// is bounded by SampleCap and BootstrapPairs (see BENCHMARKS.md for RSS).
func BenchmarkSummaryMemory(b *testing.B) {
	scs := load(b, "baseline", "sary-tash-post")
	for _, n := range []int{50, 200} {
		b.Run(fmt.Sprintf("n%d", n), func(b *testing.B) {
			for b.Loop() {
				e := &experiment.Experiment{Kind: "compare", Scenarios: scs, Seed: 1, N: n}
				if _, err := e.Run(context.Background(), experiment.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Segment differences on the same toy pairs: a scenario against itself
// changes no segment; moving segment 0's opiates onto segment 1 lowers
// segment 0 by exactly what it carried, replication by replication, and
// leaves its precursor untouched.
func TestSegmentDiffs(t *testing.T) {
	scs := load(t, "baseline")
	_, c := run(t, &experiment.Experiment{Kind: "run", Scenarios: scs, Seed: 1, N: 5})
	twin := []experiment.Scenario{scs[0], scs[0]}
	var same, moved []*experiment.Replication
	var perRep []float64 // opiate kg moved off segment 0, per replication
	for _, r := range c.Replications {
		b := r.Reps[0]
		same = append(same, &experiment.Replication{Index: r.Index, Reps: []experiment.Rep{b, b}})
		m := b
		m.Flows = nil
		kg := 0.0
		for _, f := range b.Flows {
			if f.Commodity.IsOpiate() && f.Segment == 0 {
				kg += f.Grams.Kg()
				f.Segment = 1
			}
			m.Flows = append(m.Flows, f)
		}
		perRep = append(perRep, kg)
		moved = append(moved, &experiment.Replication{Index: r.Index, Reps: []experiment.Rep{b, m}})
	}
	res, _ := run(t, &experiment.Experiment{Kind: "compare", Scenarios: twin, Seed: 1, N: 5, MergeOnly: true, Previous: replay(same)})
	for _, d := range res.Summary.Scenarios[1].SegmentDiffs {
		if d.Diff.Mean != 0 || d.Diff.ExcludesZero {
			t.Errorf("a scenario against itself changes segment %d: %+v", d.Segment, d.Diff)
		}
	}
	res, _ = run(t, &experiment.Experiment{Kind: "compare", Scenarios: twin, Seed: 1, N: 5, MergeOnly: true, Previous: replay(moved)})
	zero := make([]float64, len(perRep))
	neg := make([]float64, len(perRep))
	for i, kg := range perRep {
		neg[i] = -kg
	}
	want := experiment.PairedDiff(zero, neg)
	found := false
	for _, d := range res.Summary.Scenarios[1].SegmentDiffs {
		switch {
		case d.Segment == 0 && !d.Precursor:
			found = true
			if math.Abs(d.Diff.Mean-want.Mean) > 1e-9 || math.Abs(d.Diff.Lo-want.Lo) > 1e-6 || math.Abs(d.Diff.Hi-want.Hi) > 1e-6 {
				t.Errorf("segment 0 opiates: %+v, want %+v", d.Diff, want)
			}
			if math.Abs(d.BaseKg-stat(perRep)) > 1e-9 {
				t.Errorf("segment 0 baseline %v kg, want %v", d.BaseKg, stat(perRep))
			}
		case d.Segment == 0 && d.Precursor, d.Segment > 1:
			if d.Diff.Mean != 0 {
				t.Errorf("segment %d (precursor %v) changed by %v", d.Segment, d.Precursor, d.Diff.Mean)
			}
		}
	}
	if !found || stat(perRep) == 0 {
		t.Fatal("segment 0 carries no opiates: the toy move tests nothing")
	}
}

func stat(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
