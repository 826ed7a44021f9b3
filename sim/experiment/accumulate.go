package experiment

import (
	"encoding/json"
	"math"
	"sort"

	"hourglass/sim"
)

// SampleCap is how many replications' values an experiment keeps per
// scenario: quantiles, the paired statistics of up to SampleCap pairs and the
// spread charts are computed from them exactly as from every replication.
// Beyond it, means, standard deviations and paired differences come from
// running (Welford) moments over every replication, and the quantiles from
// the first SampleCap replications (which are as random a sample as any:
// replications are independent and identically distributed). Memory so
// stays flat however many replications run.
const SampleCap = 2048

// BootstrapPairs is how many pairs the displacement bootstrap resamples.
// With more pairs than that, the interval is the bootstrap interval of the
// first BootstrapPairs pairs, narrowed around the estimate from all pairs by
// √(BootstrapPairs/n) (the standard error of a smooth statistic shrinks as
// 1/√n).
const BootstrapPairs = 1000

// Summary is an experiment's result: every statistic, computed once, from
// the replications committed in order.
type Summary struct {
	Kind         string            `json:"kind"`
	Seed         uint64            `json:"seed"`
	Replications int               `json:"replications"`
	Complete     bool              `json:"complete"`
	Scenarios    []ScenarioSummary `json:"scenarios"`
	// Pairwise is, for a comparison, the paired difference between every
	// two alternatives with the same baseline in every outcome of
	// DecisionOutcomes: what the decision table's test of each rank
	// against the next needs (Between). Not in summary.json.
	Pairwise []PairDiff `json:"-"`
}

// PairDiff is the paired difference of one metric between two scenarios of
// a comparison, A less B (A < B), replication by replication.
type PairDiff struct {
	A, B   int
	Metric Metric
	Diff   Diff // Relative is NaN
}

// Between returns the paired difference of metric m, scenario a less
// scenario b, and false where the summary has none.
func (s *Summary) Between(a, b int, m Metric) (Diff, bool) {
	sign := 1.0
	if a > b {
		a, b, sign = b, a, -1
	}
	for _, p := range s.Pairwise {
		if p.A == a && p.B == b && p.Metric == m {
			d := p.Diff
			if sign < 0 {
				d.Mean, d.Lo, d.Hi = -d.Mean, -d.Hi, -d.Lo
			}
			return d, true
		}
	}
	return Diff{}, false
}

// ScenarioSummary is one scenario of a Summary.
type ScenarioSummary struct {
	Name          string  `json:"name"`
	Override      string  `json:"override,omitempty"`
	AnnualCostUSD float64 `json:"annual_cost_usd"` // a year: annual costs plus capital over its lifetime
	RunCostUSD    float64 `json:"run_cost_usd"`    // over the run, discounted to its start
	// EffectDiscount weighs the run's kg as RunCostUSD weighs costs (1 for
	// a one-year run): cost per kg is cost over kg · EffectDiscount.
	EffectDiscount float64         `json:"effect_discount"`
	Metrics        MetricSummaries `json:"metrics"`
	// Baseline is the index of the scenario this one is paired with (its
	// own for a baseline; 0, left out of summary.json, in an ordinary
	// comparison or sweep): see Scenario.Baseline.
	Baseline int `json:"baseline,omitempty"`
	// Comparisons only (every alternative, against its baseline):
	Displacement           *Interval       `json:"displacement_share,omitempty"`
	FlowGains              []SegmentChange `json:"flow_gains,omitempty"`
	FlowLosses             []SegmentChange `json:"flow_losses,omitempty"`
	ExtraAnnualCostUSD     *float64        `json:"extra_annual_cost_usd,omitempty"`
	ExtraRunCostUSD        *float64        `json:"extra_run_cost_usd,omitempty"`
	CostPerExtraKgSeized   *float64        `json:"cost_per_extra_kg_seized,omitempty"`   // extra run cost per extra kg seized, discounted
	CostPerKgHeroinAverted *float64        `json:"cost_per_kg_heroin_averted,omitempty"` // likewise per kg of heroin delivery averted
	// SegmentDiffs is the paired change of the flow over each segment (both
	// directions), opiates and precursor apart, with its 95% CI: what the
	// report's difference maps draw (and draw thick only where the CI
	// excludes 0).
	SegmentDiffs []SegmentDiff `json:"-"`

	// Efforts is what each kind of enforcement effort seized, arrested and
	// cost, means over replications with 95% CIs.
	Efforts []EffortSummary `json:"efforts,omitempty"`

	// For tables and the report (not in summary.json).
	Mobile    []MobileMean    `json:"-"` // mean mobile officers by place and month
	Flows     []FlowStats     `json:"-"` // every segment, direction, mode and commodity with flow
	Breakdown []BreakdownMean `json:"-"` // mean seizures by dimension, commodity and key
	SeizedAt  []float64       `json:"-"` // mean kg seized at each place (every commodity)
	Sample    [][]float64     `json:"-"` // [metric][i]: values of the first SampleCap replications
	Monthly   []MonthStat     `json:"-"` // means by month, series and country (monthly.go)
}

// NamedValue is a value with the name summary.csv gives it.
type NamedValue struct {
	Name  string
	Value float64
}

// Costs returns the extra costs and costs per kg a comparison's scenario
// has (extra_annual_cost_usd, extra_run_cost_usd, cost_per_extra_kg_seized,
// cost_per_kg_heroin_averted), in that order, leaving out those it has not.
func (s *ScenarioSummary) Costs() []NamedValue {
	var out []NamedValue
	for _, x := range []struct {
		name string
		v    *float64
	}{{"extra_annual_cost_usd", s.ExtraAnnualCostUSD}, {"extra_run_cost_usd", s.ExtraRunCostUSD},
		{"cost_per_extra_kg_seized", s.CostPerExtraKgSeized}, {"cost_per_kg_heroin_averted", s.CostPerKgHeroinAverted}} {
		if x.v != nil {
			out = append(out, NamedValue{x.name, *x.v})
		}
	}
	return out
}

// Metric returns the summary of metric m.
func (s *ScenarioSummary) Metric(m Metric) *MetricSummary { return &s.Metrics[m] }

// MetricSummaries are a scenario's metric summaries, indexed by Metric; in
// JSON an object keyed by metric name.
type MetricSummaries []MetricSummary

// MarshalJSON writes the summaries as an object keyed by metric name, in
// metric order.
func (ms MetricSummaries) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	for i := range ms {
		if i > 0 {
			buf = append(buf, ',')
		}
		k, _ := json.Marshal(Metric(i).String())
		v, err := json.Marshal(ms[i])
		if err != nil {
			return nil, err
		}
		buf = append(append(append(buf, k...), ':'), v...)
	}
	return append(buf, '}'), nil
}

// MetricSummary is one metric of one scenario.
type MetricSummary struct {
	Stats
	VsBaseline *Diff `json:"vs_baseline,omitempty"`
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

// SegmentDiff is the paired change, alternative less baseline, of the kg
// of one class of commodity moved over one segment in both directions.
type SegmentDiff struct {
	Segment   int     // index into the world's segments
	Precursor bool    // acetic anhydride; false: opiates (heroin and opium)
	BaseKg    float64 // the baseline's mean kg there
	Diff      Diff    // Relative is against BaseKg (NaN where it is 0)
}

// FlowStats is the mean flow of one commodity by one mode over one segment
// in one direction, with its 95% confidence interval.
type FlowStats struct {
	Segment   int
	Dir       int
	Mode      sim.Mode
	Commodity sim.Commodity
	Mean      float64 // kg
	Lo, Hi    float64
}

// EffortSummary is one kind of enforcement effort in one scenario.
type EffortSummary struct {
	Effort      string   `json:"effort"`
	OpiatesKg   Interval `json:"opiates_seized_kg"`
	PrecursorKg Interval `json:"precursor_seized_kg"`
	Couriers    Interval `json:"courier_arrests"`
	Organisers  Interval `json:"organiser_arrests"`
	USD         Interval `json:"spent_usd"`
	// Ratios of the means: kg of opiates seized per 1,000 USD, organisers
	// arrested per million USD (0 where nothing was spent).
	KgPer1000USD      float64 `json:"opiates_kg_per_1000_usd"`
	OrganisersPerMUSD float64 `json:"organisers_per_million_usd"`
}

// MobileMean is the mean number of mobile officers at a place at the start
// of a month.
type MobileMean struct {
	Place    int
	Month    int
	Officers float64
}

// BreakdownMean is the mean of one breakdown of seizures per replication.
type BreakdownMean struct {
	Dimension sim.Dimension
	Commodity sim.Commodity
	Key       string
	Kg        float64
	Events    float64
}

// Spec names what the accumulator summarises.
type Spec struct {
	Kind   string
	Seed   uint64
	N      int // replications asked for, per scenario
	Names  []string
	Labels []string  // sweep override labels, per scenario
	Costs  []float64 // annual cost of the interventions, per scenario
	// RunCosts and EffectDiscounts: the interventions' cost over the run,
	// discounted, and the discount of its kg (Scenario), per scenario.
	RunCosts        []float64
	EffectDiscounts []float64
	Worlds          []*sim.World
	// Baselines are the index of the scenario each is paired with
	// (Scenario.Baseline); nil pairs every scenario with the first.
	Baselines []int
}

// baseline is the index of the scenario s is paired with.
func (sp *Spec) baseline(s int) int {
	if sp.Baselines == nil {
		return 0
	}
	return sp.Baselines[s]
}

// paired says whether scenario s is an alternative, paired with another
// scenario (its baseline), rather than a baseline itself.
func (sp *Spec) paired(s int) bool { return sp.baseline(s) != s }

// accumulator folds committed replications into every statistic an
// experiment reports, in memory that does not grow with the number of
// replications beyond SampleCap and BootstrapPairs.
type accumulator struct {
	spec    Spec
	n       int
	metrics [][]moments   // [scenario][metric]
	diffs   [][]moments   // [scenario][metric]: alt - base, scenario > 0
	sample  [][][]float64 // [scenario][metric][i], the first SampleCap
	flowSum [][]float64   // [scenario][key]: Σ kg, key = flowKey
	flowSq  [][]float64   // Σ kg²
	seized  [][]float64   // [scenario][place]: Σ kg
	brk     []map[brkKey]*[2]float64
	pairs   [][]sparse                   // [scenario][i]: opiate flow by segment·2+dir of the first BootstrapPairs
	efforts [][sim.NumEfforts][5]moments // [scenario][effort]: opiates kg, precursor kg, couriers, organisers, USD
	mobile  []map[[2]int]float64         // [scenario][place, month]: Σ officers
	monthly monthlyAcc
	// segDiff: [scenario][segment·2+class] the paired change alt − base of
	// the kg moved over a segment (both directions), class 0 opiates and 1
	// precursor; scenarios on another network than the first have none.
	segDiff [][]moments
	segBase [][]float64 // scratch: [baseline] a baseline's kg by segment·2+class (nil for the others)
	segAlt  []float64   // scratch: an alternative's
	// between: for a comparison, [p][k] the running moments of alt_a −
	// alt_b in DecisionOutcomes[k], for every pair p = betweenPairs[p] =
	// (a, b) of alternatives a < b paired with the same baseline; nil for
	// other kinds.
	between      [][]moments
	betweenPairs [][2]int
}

// alternativePairs lists the pairs (a, b), a < b, of alternatives paired
// with the same baseline, in the order (1,2), (1,3), …, (2,3), …: every two
// alternatives of an ordinary comparison, and of a comparison across a
// design every two at the same level.
func alternativePairs(sp *Spec) [][2]int {
	var out [][2]int
	for a := range sp.Names {
		for b := a + 1; b < len(sp.Names); b++ {
			if sp.paired(a) && sp.paired(b) && sp.baseline(a) == sp.baseline(b) {
				out = append(out, [2]int{a, b})
			}
		}
	}
	return out
}

type brkKey struct {
	d   sim.Dimension
	c   sim.Commodity
	key string
}

const flowsPerSegDir = int(sim.NumModes) * int(sim.NumCommodities)

func flowKey(seg, dir int, m sim.Mode, c sim.Commodity) int {
	return (seg*2+dir)*flowsPerSegDir + int(m)*int(sim.NumCommodities) + int(c)
}

func newAccumulator(spec Spec) *accumulator {
	k := len(spec.Names)
	a := &accumulator{spec: spec, metrics: make([][]moments, k), diffs: make([][]moments, k), sample: make([][][]float64, k),
		flowSum: make([][]float64, k), flowSq: make([][]float64, k), seized: make([][]float64, k),
		brk: make([]map[brkKey]*[2]float64, k), pairs: make([][]sparse, k),
		efforts: make([][sim.NumEfforts][5]moments, k), mobile: make([]map[[2]int]float64, k), monthly: newMonthlyAcc(spec.Worlds),
		segDiff: make([][]moments, k)}
	if k > 0 {
		a.segBase = make([][]float64, k)
		for s := range k {
			b := spec.baseline(s)
			if !spec.paired(s) || len(spec.Worlds[s].Segments) != len(spec.Worlds[b].Segments) {
				continue
			}
			width := len(spec.Worlds[b].Segments) * 2
			a.segDiff[s] = make([]moments, width)
			if a.segBase[b] == nil {
				a.segBase[b] = make([]float64, width)
			}
			if len(a.segAlt) < width {
				a.segAlt = make([]float64, width)
			}
		}
	}
	if spec.Kind == "compare" && k > 2 {
		a.betweenPairs = alternativePairs(&a.spec)
		a.between = make([][]moments, len(a.betweenPairs))
		for p := range a.between {
			a.between[p] = make([]moments, len(DecisionOutcomes))
		}
	}
	for s := range k {
		w := spec.Worlds[s]
		a.metrics[s] = make([]moments, NumMetrics)
		a.diffs[s] = make([]moments, NumMetrics)
		a.sample[s] = make([][]float64, NumMetrics)
		a.flowSum[s] = make([]float64, len(w.Segments)*2*flowsPerSegDir)
		a.flowSq[s] = make([]float64, len(w.Segments)*2*flowsPerSegDir)
		a.seized[s] = make([]float64, len(w.Places))
		a.brk[s] = map[brkKey]*[2]float64{}
		a.mobile[s] = map[[2]int]float64{}
	}
	return a
}

// add folds in one replication of every scenario.
func (a *accumulator) add(r *Replication) {
	a.n++
	for p, xy := range a.betweenPairs {
		mo := a.between[p]
		for i, m := range DecisionOutcomes {
			mo[i].add(r.Reps[xy[0]].Values[m] - r.Reps[xy[1]].Values[m])
		}
	}
	for b, dst := range a.segBase {
		if dst != nil {
			segmentClassFlows(&r.Reps[b], dst)
		}
	}
	for s := range r.Reps {
		rep := &r.Reps[s]
		w := a.spec.Worlds[s]
		base := &r.Reps[a.spec.baseline(s)]
		paired := a.spec.paired(s)
		for m, x := range rep.Values {
			a.metrics[s][m].add(x)
			if paired {
				a.diffs[s][m].add(x - base.Values[m])
			}
			if a.n <= SampleCap {
				a.sample[s][m] = append(a.sample[s][m], x)
			}
		}
		for _, f := range rep.Flows {
			k := flowKey(int(f.Segment), int(f.Dir), f.Mode, f.Commodity)
			kg := f.Grams.Kg()
			a.flowSum[s][k] += kg
			a.flowSq[s][k] += kg * kg
		}
		for _, st := range rep.Seized {
			a.seized[s][st.Place] += st.Grams.Kg()
		}
		for e, x := range rep.Efforts {
			m := &a.efforts[s][e]
			m[0].add((x.Seized[sim.Heroin] + x.Seized[sim.Opium]).Kg())
			m[1].add(x.Seized[sim.Precursor].Kg())
			m[2].add(float64(x.Couriers))
			m[3].add(float64(x.Organisers))
			m[4].add(x.USD)
		}
		for _, mb := range rep.Mobile {
			a.mobile[s][[2]int{int(mb.Place), int(mb.Month)}] += float64(mb.Officers)
		}
		a.monthly.add(s, rep.Months)
		for d := sim.Dimension(0); d < sim.NumDimensions; d++ {
			for _, b := range rep.Breakdown(w, d) {
				k := brkKey{d, b.Commodity, b.Key}
				v := a.brk[s][k]
				if v == nil {
					v = new([2]float64)
					a.brk[s][k] = v
				}
				v[0] += b.Grams.Kg()
				v[1] += float64(b.Events)
			}
		}
		if a.segDiff[s] != nil {
			sb := a.segBase[a.spec.baseline(s)]
			alt := a.segAlt[:len(sb)]
			segmentClassFlows(rep, alt)
			for k, x := range alt {
				a.segDiff[s][k].add(x - sb[k])
			}
		}
		if a.n <= BootstrapPairs && len(r.Reps) > 1 {
			of := make([]float64, len(w.Segments)*2)
			rep.opiateFlows(of)
			a.pairs[s] = append(a.pairs[s], sparseOf(of))
		}
	}
}

// segmentClassFlows sets dst[segment·2+class] to the kg of opiates (class
// 0) or precursor (class 1) rep moved over each segment, both directions.
func segmentClassFlows(rep *Rep, dst []float64) {
	clear(dst)
	for _, f := range rep.Flows {
		class := 0
		if !f.Commodity.IsOpiate() {
			class = 1
		}
		dst[int(f.Segment)*2+class] += f.Grams.Kg()
	}
}

// stats returns metric m of scenario s: exact from the sample while every
// replication is in it, from the running moments beyond.
func (a *accumulator) stats(s int, m Metric) Stats {
	if a.n <= SampleCap {
		return Summarize(a.sample[s][m])
	}
	st := Summarize(a.sample[s][m]) // quantiles of the first SampleCap
	mo := &a.metrics[s][m]
	st.N, st.Mean, st.SD = mo.n, mo.mean, mo.sd()
	h := tQuantile(mo.n) * st.SD / math.Sqrt(float64(mo.n))
	st.Lo, st.Hi = st.Mean-h, st.Mean+h
	return st
}

// diff returns the paired difference of metric m, scenario s against its
// baseline.
func (a *accumulator) diff(s int, m Metric) Diff {
	b := a.spec.baseline(s)
	if a.n <= SampleCap {
		return PairedDiff(a.sample[b][m], a.sample[s][m])
	}
	mo := &a.diffs[s][m]
	d := Diff{N: mo.n, Mean: mo.mean, SD: mo.sd()}
	h := tQuantile(mo.n) * d.SD / math.Sqrt(float64(mo.n))
	d.Lo, d.Hi = d.Mean-h, d.Mean+h
	d.Relative = math.NaN()
	if bm := a.metrics[b][m].mean; bm != 0 {
		d.Relative = d.Mean / bm
	}
	d.ExcludesZero = d.Lo > 0 || d.Hi < 0
	return d
}

// halfWidthRatio is the widest 95% CI half-width of any headline metric of
// any scenario relative to its |mean| (metrics with mean 0 left out), and
// what it is.
func (a *accumulator) halfWidthRatio() (float64, string) {
	worst, what := 0.0, ""
	for s := range a.metrics {
		for m := range a.metrics[s] {
			mo := &a.metrics[s][m]
			if mo.mean == 0 || mo.n < 2 {
				continue
			}
			r := tQuantile(mo.n) * mo.sd() / math.Sqrt(float64(mo.n)) / math.Abs(mo.mean)
			if r > worst {
				worst, what = r, a.spec.Names[s]+" "+Metric(m).String()
			}
		}
	}
	return worst, what
}

// summary computes the Summary of everything added so far.
func (a *accumulator) summary(complete bool) *Summary {
	sum := &Summary{Kind: a.spec.Kind, Seed: a.spec.Seed, Replications: a.spec.N, Complete: complete}
	for s := range a.spec.Names {
		ss := ScenarioSummary{Name: a.spec.Names[s], AnnualCostUSD: a.spec.Costs[s], RunCostUSD: a.spec.RunCosts[s],
			EffectDiscount: a.spec.EffectDiscounts[s], Metrics: make(MetricSummaries, NumMetrics)}
		if a.spec.Labels != nil {
			ss.Override = a.spec.Labels[s]
		}
		ss.Baseline = a.spec.baseline(s)
		paired := a.spec.paired(s)
		for m := range Metric(NumMetrics) {
			ss.Metrics[m].Stats = a.stats(s, m)
			if paired && a.n > 0 {
				d := a.diff(s, m)
				ss.Metrics[m].VsBaseline = &d
			}
		}
		ss.Sample = a.sample[s]
		ss.Monthly = a.monthly.stats(s)
		a.tables(s, &ss)
		if paired && a.n > 0 {
			a.compare(s, &ss)
		}
		sum.Scenarios = append(sum.Scenarios, ss)
	}
	sum.Pairwise = a.pairwise()
	return sum
}

// pairwise is the paired difference between every two alternatives with
// the same baseline in every decision outcome: exact from the sample while every replication is
// in it (as diff), from the running moments beyond.
func (a *accumulator) pairwise() []PairDiff {
	if a.between == nil || a.n == 0 {
		return nil
	}
	var out []PairDiff
	for p, xy := range a.betweenPairs {
		x, y := xy[0], xy[1]
		mo := a.between[p]
		for i, m := range DecisionOutcomes {
			var d Diff
			if a.n <= SampleCap {
				d = PairedDiff(a.sample[y][m], a.sample[x][m])
			} else {
				d = Diff{N: mo[i].n, Mean: mo[i].mean, SD: mo[i].sd()}
				h := tQuantile(d.N) * d.SD / math.Sqrt(float64(d.N))
				d.Lo, d.Hi = d.Mean-h, d.Mean+h
				d.ExcludesZero = d.Lo > 0 || d.Hi < 0
			}
			d.Relative = math.NaN()
			out = append(out, PairDiff{A: x, B: y, Metric: m, Diff: d})
		}
	}
	return out
}

// tables fills the mean flows, breakdowns and seizures per place of scenario s.
func (a *accumulator) tables(s int, ss *ScenarioSummary) {
	if a.n == 0 {
		return
	}
	n := float64(a.n)
	w := a.spec.Worlds[s]
	for seg := range w.Segments {
		for d := 0; d < 2; d++ {
			for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
				for m := sim.Mode(0); m < sim.NumModes; m++ {
					k := flowKey(seg, d, m, c)
					sum, sq := a.flowSum[s][k], a.flowSq[s][k]
					if sum == 0 {
						continue
					}
					fs := FlowStats{Segment: seg, Dir: d, Mode: m, Commodity: c, Mean: sum / n, Lo: sum / n, Hi: sum / n}
					if a.n >= 2 {
						sd := math.Sqrt(math.Max(0, (sq-sum*sum/n)/(n-1)))
						h := tQuantile(a.n) * sd / math.Sqrt(n)
						fs.Lo, fs.Hi = fs.Mean-h, fs.Mean+h
					}
					ss.Flows = append(ss.Flows, fs)
				}
			}
		}
	}
	for k, v := range a.brk[s] {
		ss.Breakdown = append(ss.Breakdown, BreakdownMean{Dimension: k.d, Commodity: k.c, Key: k.key, Kg: v[0] / n, Events: v[1] / n})
	}
	sort.Slice(ss.Breakdown, func(i, j int) bool {
		x, y := &ss.Breakdown[i], &ss.Breakdown[j]
		if x.Dimension != y.Dimension {
			return x.Dimension < y.Dimension
		}
		if x.Commodity != y.Commodity {
			return x.Commodity < y.Commodity
		}
		return x.Key < y.Key
	})
	ss.SeizedAt = make([]float64, len(w.Places))
	for p, kg := range a.seized[s] {
		ss.SeizedAt[p] = kg / n
	}
	for e := sim.Effort(0); e < sim.NumEfforts; e++ {
		m := &a.efforts[s][e]
		es := EffortSummary{Effort: e.String(), OpiatesKg: interval(&m[0]), PrecursorKg: interval(&m[1]),
			Couriers: interval(&m[2]), Organisers: interval(&m[3]), USD: interval(&m[4])}
		if usd := m[4].mean; usd > 0 {
			es.KgPer1000USD = m[0].mean / usd * 1000
			es.OrganisersPerMUSD = m[3].mean / usd * 1e6
		}
		ss.Efforts = append(ss.Efforts, es)
	}
	for k, sum := range a.mobile[s] {
		ss.Mobile = append(ss.Mobile, MobileMean{Place: k[0], Month: k[1], Officers: sum / n})
	}
	sort.Slice(ss.Mobile, func(i, j int) bool {
		if ss.Mobile[i].Place != ss.Mobile[j].Place {
			return ss.Mobile[i].Place < ss.Mobile[j].Place
		}
		return ss.Mobile[i].Month < ss.Mobile[j].Month
	})
}

// compare fills scenario s's displacement, flow changes and
// cost-effectiveness against its baseline.
func (a *accumulator) compare(s int, ss *ScenarioSummary) {
	b := a.spec.baseline(s)
	d, lo, hi := a.displacement(s)
	ss.Displacement = &Interval{N: a.n, Mean: d, Lo: lo, Hi: hi}
	ss.FlowGains, ss.FlowLosses = a.flowChanges(s, 5)
	ss.SegmentDiffs = a.segmentDiffs(s)
	annual := a.spec.Costs[s] - a.spec.Costs[b]
	extra := a.spec.RunCosts[s] - a.spec.RunCosts[b]
	ss.ExtraAnnualCostUSD, ss.ExtraRunCostUSD = &annual, &extra
	// Cost-effectiveness only where the change is clear: the paired
	// difference's 95% CI excludes 0 in the right direction. The extra cost
	// over the run, discounted, per extra kg over the run, discounted alike:
	//
	//	cost per kg = extra run cost / (mean paired difference · effect discount)
	seized := ss.Metrics[OpiatesSeized].VsBaseline
	delivered := ss.Metrics[HeroinDelivered].VsBaseline
	w := ss.EffectDiscount
	if extra > 0 && seized.ExcludesZero && seized.Mean > 0 {
		v := extra / (seized.Mean * w)
		ss.CostPerExtraKgSeized = &v
	}
	if extra > 0 && delivered.ExcludesZero && delivered.Mean < 0 {
		v := extra / (-delivered.Mean * w)
		ss.CostPerKgHeroinAverted = &v
	}
}

// segmentDiffs is the paired change of scenario s's flow on every segment
// and class where either scenario moved something, with its 95% CI from
// the running moments of the per-replication differences:
//
//	mean(d) ± t_{0.975, n-1} · sd(d) / √n,  d_i = alt_i − base_i (kg, both directions)
func (a *accumulator) segmentDiffs(s int) []SegmentDiff {
	if a.segDiff[s] == nil {
		return nil
	}
	b := a.spec.baseline(s)
	base := make([]float64, len(a.segBase[b]))
	for k, sum := range a.flowSum[b] {
		seg := k / flowsPerSegDir / 2
		class := 0
		if c := sim.Commodity(k % int(sim.NumCommodities)); !c.IsOpiate() {
			class = 1
		}
		base[seg*2+class] += sum / float64(a.n)
	}
	var out []SegmentDiff
	for k := range a.segDiff[s] {
		mo := &a.segDiff[s][k]
		if base[k] == 0 && mo.mean == 0 && mo.s == 0 {
			continue
		}
		d := Diff{N: mo.n, Mean: mo.mean, SD: mo.sd(), Relative: math.NaN()}
		d.Lo, d.Hi = d.Mean, d.Mean
		if mo.n >= 2 {
			h := tQuantile(mo.n) * d.SD / math.Sqrt(float64(mo.n))
			d.Lo, d.Hi = d.Mean-h, d.Mean+h
		}
		if base[k] != 0 {
			d.Relative = d.Mean / base[k]
		}
		d.ExcludesZero = d.Lo > 0 || d.Hi < 0
		out = append(out, SegmentDiff{Segment: k / 2, Precursor: k%2 == 1, BaseKg: base[k], Diff: d})
	}
	return out
}

// opiateMeans returns the mean opiate flow of scenario s by segment·2+dir.
func (a *accumulator) opiateMeans(s int) []float64 {
	out := make([]float64, len(a.spec.Worlds[s].Segments)*2)
	for k, sum := range a.flowSum[s] {
		if c := sim.Commodity(k % int(sim.NumCommodities)); c.IsOpiate() {
			out[k/flowsPerSegDir] += sum
		}
	}
	for i := range out {
		out[i] /= float64(a.n)
	}
	return out
}

// displacement is the share of its baseline's opiate flow that moved to
// other segments in scenario s, from mean flows over all pairs:
//
//	D = Σ_{s,d} max(0, mean alt_{s,d} - mean base_{s,d}) / Σ_{s,d} mean base_{s,d}
//
// summed over segments and directions (kg·segments). Means, not single
// replications, are compared so that run-to-run noise, which is positive on
// some segments in any pair of runs, shrinks as replications are added. The
// 95% interval is a percentile bootstrap over the pairs (2,000 resamples,
// drawn from the bootstrap stream of the seed, so it is reproducible), of at
// most BootstrapPairs pairs (see there).
func (a *accumulator) displacement(s int) (d, lo, hi float64) {
	b := a.spec.baseline(s)
	bm, am := a.opiateMeans(b), a.opiateMeans(s)
	num, den := 0.0, 0.0
	for k := range bm {
		num += math.Max(0, am[k]-bm[k])
		den += bm[k]
	}
	d = share(num, den)
	n := len(a.pairs[b])
	if n == 0 {
		return d, d, d
	}
	// Only the segment-directions some pair uses; per pair, its differences
	// and baseline flows on them, row by row so a resample sums whole rows.
	width := len(a.spec.Worlds[b].Segments) * 2
	used := make([]bool, width)
	for i := 0; i < n; i++ {
		for _, v := range []sparse{a.pairs[b][i], a.pairs[s][i]} {
			for _, k := range v.at {
				used[k] = true
			}
		}
	}
	var cols []int
	col := make([]int, width)
	for k, u := range used {
		if u {
			col[k] = len(cols)
			cols = append(cols, k)
		}
	}
	diff, flow := make([][]float64, n), make([][]float64, n)
	for i := 0; i < n; i++ {
		diff[i], flow[i] = make([]float64, len(cols)), make([]float64, len(cols))
		bp, x := a.pairs[b][i], a.pairs[s][i]
		for j, k := range x.at {
			diff[i][col[k]] = x.val[j]
		}
		for j, k := range bp.at {
			diff[i][col[k]] -= bp.val[j]
			flow[i][col[k]] = bp.val[j]
		}
	}
	sd, sf := make([]float64, len(cols)), make([]float64, len(cols))
	stat := func(idx []int) float64 {
		clear(sd)
		clear(sf)
		for _, i := range idx {
			for j, x := range diff[i] {
				sd[j] += x
			}
			for j, x := range flow[i] {
				sf[j] += x
			}
		}
		num, den := 0.0, 0.0
		for j := range cols {
			num += math.Max(0, sd[j])
			den += sf[j]
		}
		return share(num, den)
	}
	lo, hi = Bootstrap(n, 2000, sim.NewRNG(a.spec.Seed, 0, sim.StreamBootstrap, 0), stat)
	if a.n > n {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		dn, f := stat(all), math.Sqrt(float64(n)/float64(a.n))
		lo, hi = d-(dn-lo)*f, d+(hi-dn)*f
	}
	return d, lo, hi
}

// flowChanges returns the k segments whose mean opiate flow rose most and
// the k where it fell most, scenario s against its baseline.
func (a *accumulator) flowChanges(s, k int) (gains, losses []SegmentChange) {
	b := a.spec.baseline(s)
	w := a.spec.Worlds[b]
	bm, am := a.opiateMeans(b), a.opiateMeans(s)
	var all []SegmentChange
	for si := range w.Segments {
		for d := 0; d < 2; d++ {
			delta, b := am[si*2+d]-bm[si*2+d], bm[si*2+d]
			if delta == 0 {
				continue
			}
			from, to := Ends(w, si, d)
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

// Ends returns the place ids at the ends of segment si in direction d.
func Ends(w *sim.World, si, d int) (string, string) {
	a, b := w.Places[w.Segments[si].From].ID, w.Places[w.Segments[si].To].ID
	if d == 1 {
		return b, a
	}
	return a, b
}

// sparse is a vector stored by its non-zero entries: the opiate flows of a
// replication kept for the bootstrap (most segment-directions carry none).
type sparse struct {
	at  []int32
	val []float64
}

func sparseOf(x []float64) sparse {
	var v sparse
	for k, f := range x {
		if f != 0 {
			v.at = append(v.at, int32(k))
			v.val = append(v.val, f)
		}
	}
	return v
}

// interval is the mean of m with its 95% confidence interval (Student t).
func interval(m *moments) Interval {
	iv := Interval{N: m.n, Mean: m.mean, Lo: m.mean, Hi: m.mean}
	if m.n >= 2 {
		h := tQuantile(m.n) * m.sd() / math.Sqrt(float64(m.n))
		iv.Lo, iv.Hi = m.mean-h, m.mean+h
	}
	return iv
}
