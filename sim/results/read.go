package results

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// ReadManifest reads a results directory's manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, errorf(dir, "manifest: %v", err)
	}
	return m, nil
}

// Read reads the replications stored in dir. worlds are the experiment's
// scenarios' worlds, in manifest order.
func Read(dir string, m Manifest, worlds []*sim.World) (*Set, error) {
	s := &Set{Manifest: m, Worlds: worlds}
	index := map[string]int{}
	for i, sc := range m.Scenarios {
		index[sc.Name] = i
	}
	type key struct {
		scenario int
		rep      uint64
	}
	reps := map[key]*experiment.Rep{}
	var order []key
	rowKey := func(file string, line int, row []string) (key, *experiment.Rep, error) {
		si, ok := index[row[0]]
		if !ok {
			return key{}, nil, errorf(dir, "%s:%d: unknown scenario %q", file, line, row[0])
		}
		r, err := strconv.ParseUint(row[1], 10, 64)
		if err != nil {
			return key{}, nil, errorf(dir, "%s:%d: replication %q: %v", file, line, row[1], err)
		}
		k := key{si, r}
		return k, reps[k], nil
	}

	rows, err := readCSV(filepath.Join(dir, RunsFile))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorf(dir, "%s: no header", RunsFile)
	}
	if err := checkDesignHeader(rows[0], m.DesignKeys, len(experiment.Metrics)); err != nil {
		return nil, errorf(dir, "%s: %v (it does not match this program's metrics or the manifest)", RunsFile, err)
	}
	first := 2 + len(m.DesignKeys) // the first metric's column
	for i, row := range rows[1:] {
		k, existing, err := rowKey(RunsFile, i+2, row)
		if err != nil {
			return nil, err
		}
		if existing != nil {
			return nil, errorf(dir, "%s:%d: replication %d of %s appears twice", RunsFile, i+2, k.rep, row[0])
		}
		r := &experiment.Rep{Scenario: k.scenario, Replication: k.rep, Values: make([]float64, len(experiment.Metrics)),
			Segments: len(worlds[k.scenario].Segments)}
		for m := range experiment.Metrics {
			if r.Values[m], err = strconv.ParseFloat(row[first+m], 64); err != nil {
				return nil, errorf(dir, "%s:%d: %v", RunsFile, i+2, err)
			}
		}
		reps[k] = r
		order = append(order, k)
	}

	rows, err = readCSV(filepath.Join(dir, BreakdownFile))
	if err != nil {
		return nil, err
	}
	for i, row := range rows[1:] {
		_, r, err := rowKey(BreakdownFile, i+2, row)
		if err != nil || r == nil {
			return nil, errorf(dir, "%s:%d: no such replication in %s (%v)", BreakdownFile, i+2, RunsFile, err)
		}
		c, okC := sim.ParseCommodity(row[2])
		d, okD := sim.ParseDimension(row[3])
		kg, err1 := strconv.ParseFloat(row[5], 64)
		ev, err2 := strconv.Atoi(row[6])
		if !okC || !okD || err1 != nil || err2 != nil {
			return nil, errorf(dir, "%s:%d: malformed row %v", BreakdownFile, i+2, row)
		}
		r.Breakdown = append(r.Breakdown, experiment.BreakdownRow{Dimension: d,
			BreakdownRow: sim.BreakdownRow{Commodity: c, Key: row[4], Grams: sim.Grams(math.Round(kg * 1000)), Events: ev}})
	}

	rows, err = readCSV(filepath.Join(dir, SegmentFlowsFile))
	if err != nil {
		return nil, err
	}
	for i, row := range rows[1:] {
		k, r, err := rowKey(SegmentFlowsFile, i+2, row)
		if err != nil || r == nil {
			return nil, errorf(dir, "%s:%d: no such replication in %s (%v)", SegmentFlowsFile, i+2, RunsFile, err)
		}
		w := worlds[k.scenario]
		a, b := w.PlaceIndex(row[2]), w.PlaceIndex(row[3])
		si := w.SegmentBetween(a, b)
		m, errM := sim.ParseMode(row[4])
		c, okC := sim.ParseCommodity(row[5])
		g, err := strconv.ParseInt(row[6], 10, 64)
		if a < 0 || b < 0 || si < 0 || errM != nil || !okC || err != nil {
			return nil, errorf(dir, "%s:%d: malformed row %v (the scenario files may have changed)", SegmentFlowsFile, i+2, row)
		}
		d := uint8(0)
		if w.Segments[si].From != a {
			d = 1
		}
		r.Flows = append(r.Flows, experiment.Flow{Segment: int32(si), Dir: d, Mode: m, Commodity: c, Grams: sim.Grams(g)})
	}
	for _, k := range order {
		s.Reps = append(s.Reps, *reps[k])
	}
	experiment.SortReps(s.Reps)
	return s, nil
}

// Missing lists, per scenario, the replications in [first, end) that the set lacks.
func (s *Set) Missing(first, end int) [][]uint64 {
	have := make([]map[uint64]bool, len(s.Manifest.Scenarios))
	for i := range have {
		have[i] = map[uint64]bool{}
	}
	for _, r := range s.Reps {
		have[r.Scenario][r.Replication] = true
	}
	out := make([][]uint64, len(have))
	for i := range have {
		for r := first; r < end; r++ {
			if !have[i][uint64(r)] {
				out[i] = append(out[i], uint64(r))
			}
		}
	}
	return out
}

// Merge combines shards of one experiment: every replication must appear
// exactly once, and together they must cover [0, replications).
func Merge(sets []*Set) (*Set, error) {
	if len(sets) == 0 {
		return nil, fmt.Errorf("merge: no results directories")
	}
	first := sets[0]
	out := &Set{Manifest: first.Manifest, Worlds: first.Worlds}
	seen := map[[2]uint64]bool{}
	for _, s := range sets {
		if s.Manifest.Seed != first.Manifest.Seed || s.Manifest.Replications != first.Manifest.Replications || len(s.Manifest.Scenarios) != len(first.Manifest.Scenarios) {
			return nil, fmt.Errorf("merge: shards of different experiments (seed, replications or scenarios differ)")
		}
		for i := range s.Manifest.Scenarios {
			a, b := s.Manifest.Scenarios[i], first.Manifest.Scenarios[i]
			if a.Name != b.Name || fmt.Sprint(a.Files) != fmt.Sprint(b.Files) || a.Override != b.Override || fmt.Sprint(a.Params) != fmt.Sprint(b.Params) {
				return nil, fmt.Errorf("merge: scenario %d differs between shards (%s vs %s, or its files changed)", i, a.Name, b.Name)
			}
		}
		for _, r := range s.Reps {
			k := [2]uint64{uint64(r.Scenario), r.Replication}
			if seen[k] {
				return nil, fmt.Errorf("merge: replication %d of %s appears in more than one shard", r.Replication, first.Manifest.Scenarios[r.Scenario].Name)
			}
			seen[k] = true
			out.Reps = append(out.Reps, r)
		}
	}
	out.Manifest.Shard = ""
	out.Manifest.First, out.Manifest.End = 0, first.Manifest.Replications
	for si, missing := range out.Missing(0, first.Manifest.Replications) {
		if len(missing) > 0 {
			return nil, fmt.Errorf("merge: %s lacks %d replications (first missing: %d)", first.Manifest.Scenarios[si].Name, len(missing), missing[0])
		}
	}
	experiment.SortReps(out.Reps)
	return out, nil
}
