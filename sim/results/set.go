package results

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// File names in a results directory.
const (
	RunsFile         = "runs.csv"
	BreakdownFile    = "breakdown.csv"
	SegmentFlowsFile = "segment_flows.csv"
	FlowsFile        = "flows.csv"
	SummaryCSVFile   = "summary.csv"
	SummaryJSONFile  = "summary.json"
	ManifestFile     = "manifest.json"
	// SourcesFile is where each value of each scenario comes from:
	// scenario,entry,field,value,source_or_assumption (written by the CLI,
	// from scenario.Scenario.Provenance).
	SourcesFile = "sources.csv"
)

// Scenario is one scenario of an experiment as the manifest records it.
type Scenario struct {
	Name          string     `json:"name"`
	Arg           string     `json:"arg"`                // as named on the command line
	Override      string     `json:"override,omitempty"` // sweep step: path=value
	Files         []FileHash `json:"files"`
	AnnualCostUSD float64    `json:"annual_cost_usd"` // interventions: annual cost plus capital over its lifetime

	// Params is a sweep point: the value of each design key (design.go).
	Params []ParamValue `json:"params,omitempty"`
}

// FileHash is a scenario file and its SHA-256.
type FileHash struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Manifest says what produced a results directory and whether it is complete.
type Manifest struct {
	Program      string     `json:"program"`
	Version      string     `json:"version"`
	Commit       string     `json:"commit"`
	Command      []string   `json:"command"`
	Kind         string     `json:"kind"` // run, compare or sweep
	Seed         uint64     `json:"seed"`
	Replications int        `json:"replications"`    // per scenario, in the whole experiment
	Shard        string     `json:"shard,omitempty"` // "I/N" when this directory holds one shard
	First        int        `json:"first_replication"`
	End          int        `json:"end_replication"` // one past the last replication this directory is for
	Workers      int        `json:"workers"`
	Precision    float64    `json:"precision,omitempty"`
	StoppedBy    string     `json:"stopped_by,omitempty"`
	Scenarios    []Scenario `json:"scenarios"`
	Started      time.Time  `json:"started"`
	Finished     time.Time  `json:"finished"`
	Completed    int        `json:"completed_replications"` // per scenario
	Complete     bool       `json:"complete"`

	// Design is how a sweep's points were made: "factorial", "lhs" or
	// "file NAME"; DesignKeys are the keys it varies (see DesignKeys), one
	// column each in runs.csv and summary.csv (design.go).
	Design     string   `json:"design,omitempty"`
	DesignKeys []string `json:"design_keys,omitempty"`
}

// Set is an experiment's replications with what is needed to summarise them.
type Set struct {
	Manifest Manifest
	Worlds   []*sim.World // per scenario, for segment and place names
	Reps     []experiment.Rep
}

// Write writes every file of the set to dir: the per-replication tables,
// the summaries computed from them, and the manifest (last).
func (s *Set) Write(dir string) error {
	experiment.SortReps(s.Reps)
	steps := []func(string) error{s.writeRuns, s.writeBreakdown, s.writeSegmentFlows, s.writeFlows, s.writeSummary}
	for _, step := range steps {
		if err := step(dir); err != nil {
			return err
		}
	}
	data, err := json.MarshalIndent(s.Manifest, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, ManifestFile), append(data, '\n'))
}

func (s *Set) name(i int) string { return s.Manifest.Scenarios[i].Name }

func (s *Set) writeRuns(dir string) error {
	out, err := createCSV(filepath.Join(dir, RunsFile))
	if err != nil {
		return err
	}
	header := append([]string{"scenario", "replication"}, s.Manifest.DesignKeys...)
	for _, m := range experiment.Metrics {
		header = append(header, m.Name)
	}
	out.Write(header...)
	row := make([]string, 0, len(header))
	for _, r := range s.Reps {
		row = append(row[:0], s.name(r.Scenario), strconv.FormatUint(r.Replication, 10))
		row = append(row, s.designCells(r.Scenario)...)
		for _, x := range r.Values {
			row = append(row, num(x))
		}
		out.Write(row...)
	}
	return out.Close()
}

func kgOf(g sim.Grams) string { return strconv.FormatFloat(g.Kg(), 'f', 3, 64) }

func (s *Set) writeBreakdown(dir string) error {
	out, err := createCSV(filepath.Join(dir, BreakdownFile))
	if err != nil {
		return err
	}
	out.Write("scenario", "replication", "commodity", "dimension", "key", "kg", "events")
	for _, r := range s.Reps {
		rep := strconv.FormatUint(r.Replication, 10)
		for _, b := range r.Breakdown {
			out.Write(s.name(r.Scenario), rep, b.Commodity.String(), b.Dimension.String(), b.Key, kgOf(b.Grams), strconv.Itoa(b.Events))
		}
	}
	return out.Close()
}

// ends returns the place ids at the ends of segment si in direction d.
func ends(w *sim.World, si, d int) (string, string) {
	a, b := w.Places[w.Segments[si].From].ID, w.Places[w.Segments[si].To].ID
	if d == 1 {
		return b, a
	}
	return a, b
}

func (s *Set) writeSegmentFlows(dir string) error {
	out, err := createCSV(filepath.Join(dir, SegmentFlowsFile))
	if err != nil {
		return err
	}
	out.Write("scenario", "replication", "from", "to", "mode", "commodity", "grams")
	for _, r := range s.Reps {
		w := s.Worlds[r.Scenario]
		rep := strconv.FormatUint(r.Replication, 10)
		for _, f := range r.Flows {
			from, to := ends(w, int(f.Segment), int(f.Dir))
			out.Write(s.name(r.Scenario), rep, from, to, f.Mode.String(), f.Commodity.String(), strconv.FormatInt(int64(f.Grams), 10))
		}
	}
	return out.Close()
}

// byScenario splits the sorted replications by scenario.
func (s *Set) byScenario() [][]experiment.Rep {
	out := make([][]experiment.Rep, len(s.Manifest.Scenarios))
	for _, r := range s.Reps {
		out[r.Scenario] = append(out[r.Scenario], r)
	}
	return out
}

func (s *Set) writeFlows(dir string) error {
	rows := [][]string{{"scenario", "commodity", "from", "to", "mode", "mean_kg", "ci_low", "ci_high"}}
	for si, reps := range s.byScenario() {
		if len(reps) == 0 {
			continue
		}
		w := s.Worlds[si]
		// kg[key][i]: replication i's flow for key = ((segment·2 + dir)·modes + mode)·commodities + commodity
		const per = int(sim.NumModes) * int(sim.NumCommodities)
		kg := make([][]float64, len(w.Segments)*2*per)
		for i, r := range reps {
			for _, f := range r.Flows {
				k := (int(f.Segment)*2+int(f.Dir))*per + int(f.Mode)*int(sim.NumCommodities) + int(f.Commodity)
				if kg[k] == nil {
					kg[k] = make([]float64, len(reps))
				}
				kg[k][i] = f.Grams.Kg()
			}
		}
		for seg := range w.Segments {
			for d := 0; d < 2; d++ {
				for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
					for m := sim.Mode(0); m < sim.NumModes; m++ {
						x := kg[(seg*2+d)*per+int(m)*int(sim.NumCommodities)+int(c)]
						if x == nil {
							continue
						}
						sum := experiment.Summarize(x)
						from, to := ends(w, seg, d)
						rows = append(rows, []string{s.name(si), c.String(), from, to, m.String(), num(sum.Mean), num(sum.Lo), num(sum.Hi)})
					}
				}
			}
		}
	}
	return writeCSV(filepath.Join(dir, FlowsFile), rows)
}

// MetricSummary is one metric of one scenario in summary.json.
type MetricSummary struct {
	experiment.Summary
	VsBaseline *DiffJSON `json:"vs_baseline,omitempty"`
}

// DiffJSON is a paired difference as summary.json writes it.
type DiffJSON struct {
	Mean         float64  `json:"mean"`
	Lo           float64  `json:"ci_low"`
	Hi           float64  `json:"ci_high"`
	Relative     *float64 `json:"relative,omitempty"`
	ExcludesZero bool     `json:"excludes_zero"`
}

// Interval is an estimate with its 95% confidence interval.
type Interval struct {
	N    int     `json:"n"`
	Mean float64 `json:"estimate"`
	Lo   float64 `json:"ci_low"`
	Hi   float64 `json:"ci_high"`
}

// SegmentChange is the mean paired change of opiate flow on one segment.
type SegmentChange struct {
	From  string  `json:"from"`
	To    string  `json:"to"`
	Kg    float64 `json:"kg"`
	Share float64 `json:"share_of_baseline"` // change / baseline flow there (0 where the baseline had none)
}

// ScenarioSummary is one scenario in summary.json.
type ScenarioSummary struct {
	Name          string                   `json:"name"`
	Override      string                   `json:"override,omitempty"`
	AnnualCostUSD float64                  `json:"annual_cost_usd"`
	Metrics       map[string]MetricSummary `json:"metrics"`
	// Comparisons only (every scenario after the first, against the first):
	Displacement           *Interval       `json:"displacement_share,omitempty"`
	FlowGains              []SegmentChange `json:"flow_gains,omitempty"`
	FlowLosses             []SegmentChange `json:"flow_losses,omitempty"`
	ExtraCostUSD           *float64        `json:"extra_annual_cost_usd,omitempty"`
	CostPerExtraKgSeized   *float64        `json:"cost_per_extra_kg_seized,omitempty"`
	CostPerKgHeroinAverted *float64        `json:"cost_per_kg_heroin_averted,omitempty"`
}

// Summary is summary.json.
type Summary struct {
	Kind         string            `json:"kind"`
	Seed         uint64            `json:"seed"`
	Replications int               `json:"replications"`
	Complete     bool              `json:"complete"`
	Scenarios    []ScenarioSummary `json:"scenarios"`
}

// Summarize computes the experiment's summary from its replications.
func (s *Set) Summarize() Summary {
	experiment.SortReps(s.Reps)
	by := s.byScenario()
	out := Summary{Kind: s.Manifest.Kind, Seed: s.Manifest.Seed, Replications: s.Manifest.Replications, Complete: s.Manifest.Complete}
	metricIndex := func(name string) int {
		for i, m := range experiment.Metrics {
			if m.Name == name {
				return i
			}
		}
		panic("results: no metric " + name)
	}
	for si, reps := range by {
		sc := s.Manifest.Scenarios[si]
		ss := ScenarioSummary{Name: sc.Name, Override: sc.Override, AnnualCostUSD: sc.AnnualCostUSD, Metrics: map[string]MetricSummary{}}
		base, alt := pairs(by[0], reps)
		for m, metric := range experiment.Metrics {
			ms := MetricSummary{Summary: experiment.Summarize(column(reps, m))}
			if si > 0 && len(base) > 0 {
				d := experiment.PairedDiff(column(base, m), column(alt, m))
				ms.VsBaseline = diffJSON(d)
			}
			ss.Metrics[metric.Name] = ms
		}
		if si > 0 && len(base) > 0 {
			d, lo, hi := experiment.Displacement(base, alt, s.Manifest.Seed)
			ss.Displacement = &Interval{N: len(base), Mean: d, Lo: lo, Hi: hi}
			ss.FlowGains, ss.FlowLosses = flowChanges(s.Worlds[0], base, alt, 5)
			extra := sc.AnnualCostUSD - s.Manifest.Scenarios[0].AnnualCostUSD
			ss.ExtraCostUSD = &extra
			// Cost-effectiveness only where the change is clear: the paired
			// difference's 95% CI excludes 0 in the right direction.
			seized := ss.Metrics["opiates_seized_kg"].VsBaseline
			delivered := experiment.PairedDiff(column(base, metricIndex("heroin_delivered_kg")), column(alt, metricIndex("heroin_delivered_kg")))
			if extra > 0 && seized.ExcludesZero && seized.Mean > 0 {
				v := extra / seized.Mean
				ss.CostPerExtraKgSeized = &v
			}
			if extra > 0 && delivered.ExcludesZero && delivered.Mean < 0 {
				v := extra / -delivered.Mean
				ss.CostPerKgHeroinAverted = &v
			}
		}
		out.Scenarios = append(out.Scenarios, ss)
	}
	return out
}

func diffJSON(d experiment.Diff) *DiffJSON {
	j := &DiffJSON{Mean: d.Mean, Lo: d.Lo, Hi: d.Hi, ExcludesZero: d.ExcludesZero}
	if !math.IsNaN(d.Relative) {
		r := d.Relative
		j.Relative = &r
	}
	return j
}

// pairs returns the replications the two scenarios have in common, aligned.
func pairs(base, alt []experiment.Rep) ([]experiment.Rep, []experiment.Rep) {
	var b, a []experiment.Rep
	i, j := 0, 0
	for i < len(base) && j < len(alt) {
		switch {
		case base[i].Replication == alt[j].Replication:
			b, a = append(b, base[i]), append(a, alt[j])
			i++
			j++
		case base[i].Replication < alt[j].Replication:
			i++
		default:
			j++
		}
	}
	return b, a
}

func column(reps []experiment.Rep, m int) []float64 {
	x := make([]float64, len(reps))
	for i := range reps {
		x[i] = reps[i].Values[m]
	}
	return x
}

// flowChanges returns the k segments whose mean opiate flow rose most and
// the k where it fell most, alt against base.
func flowChanges(w *sim.World, base, alt []experiment.Rep, k int) (gains, losses []SegmentChange) {
	var all []SegmentChange
	n := float64(len(base))
	bf, af := make([][][2]float64, len(base)), make([][][2]float64, len(base))
	for i := range base {
		bf[i], af[i] = base[i].OpiateFlows(), alt[i].OpiateFlows()
	}
	for si := range w.Segments {
		for d := 0; d < 2; d++ {
			delta, b := 0.0, 0.0
			for i := range base {
				delta += (af[i][si][d] - bf[i][si][d]) / n
				b += bf[i][si][d] / n
			}
			if delta == 0 {
				continue
			}
			from, to := ends(w, si, d)
			c := SegmentChange{From: from, To: to, Kg: delta}
			if b > 0 {
				c.Share = delta / b
			}
			all = append(all, c)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Kg > all[j].Kg })
	for i := 0; i < len(all) && i < k && all[i].Kg > 0; i++ {
		gains = append(gains, all[i])
	}
	for i := len(all) - 1; i >= 0 && len(losses) < k && all[i].Kg < 0; i-- {
		losses = append(losses, all[i])
	}
	return gains, losses
}

func (s *Set) writeSummary(dir string) error {
	sum := s.Summarize()
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(dir, SummaryJSONFile), append(data, '\n')); err != nil {
		return err
	}
	rows := [][]string{{"scenario", "metric", "n", "mean", "sd", "ci_low", "ci_high", "p5", "p50", "p95",
		"diff_mean", "diff_ci_low", "diff_ci_high", "relative_change", "excludes_zero"}}
	opt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return num(*p)
	}
	for _, sc := range sum.Scenarios {
		for _, m := range experiment.Metrics {
			ms := sc.Metrics[m.Name]
			row := []string{sc.Name, m.Name, strconv.Itoa(ms.N), num(ms.Mean), num(ms.SD), num(ms.Lo), num(ms.Hi), num(ms.P5), num(ms.P50), num(ms.P95)}
			if d := ms.VsBaseline; d != nil {
				row = append(row, num(d.Mean), num(d.Lo), num(d.Hi), opt(d.Relative), strconv.FormatBool(d.ExcludesZero))
			} else {
				row = append(row, "", "", "", "", "")
			}
			rows = append(rows, row)
		}
		if d := sc.Displacement; d != nil {
			rows = append(rows, []string{sc.Name, "displacement_share", strconv.Itoa(d.N), num(d.Mean), "", num(d.Lo), num(d.Hi),
				"", "", "", "", "", "", "", ""})
		}
		for _, extra := range []struct {
			name string
			v    *float64
		}{{"extra_annual_cost_usd", sc.ExtraCostUSD}, {"cost_per_extra_kg_seized", sc.CostPerExtraKgSeized}, {"cost_per_kg_heroin_averted", sc.CostPerKgHeroinAverted}} {
			if extra.v != nil {
				rows = append(rows, []string{sc.Name, extra.name, "", num(*extra.v), "", "", "", "", "", "", "", "", "", "", ""})
			}
		}
	}
	return writeCSV(filepath.Join(dir, SummaryCSVFile), s.withDesignColumns(rows, 1))
}

// errorf formats a results error.
func errorf(dir, format string, args ...any) error {
	return fmt.Errorf("results %s: %s", dir, fmt.Sprintf(format, args...))
}
