package experiment

import (
	"fmt"
	"math"
	"strings"
)

// This file holds what a comparison across the levels of a design reports:
// at each level, every alternative's effect against the baseline at the
// same level, and the first alternative's gain over each other's (the
// ratio a study asks for: "what does an informant programme buy against
// random inspection, as groups professionalise?").

// Level is one point of a comparison across a design: its baseline and the
// alternatives paired with it, as indices into the summary's scenarios, in
// the order they were named.
type Level struct {
	Baseline     int
	Alternatives []int
}

// Levels groups a comparison's scenarios by the baseline each is paired
// with (ScenarioSummary.Baseline), in the order of the baselines: one level
// for an ordinary comparison, one per point for a comparison across a
// design.
func Levels(sum *Summary) []Level {
	var out []Level
	at := map[int]int{}
	for i := range sum.Scenarios {
		if sum.Scenarios[i].Baseline == i {
			at[i] = len(out)
			out = append(out, Level{Baseline: i})
		}
	}
	for i := range sum.Scenarios {
		if b := sum.Scenarios[i].Baseline; b != i {
			if l, ok := at[b]; ok {
				out[l].Alternatives = append(out[l].Alternatives, i)
			}
		}
	}
	return out
}

// Across is what a comparison across a design reports, level by level.
type Across struct {
	Levels []Level
	// Names are every scenario's name without its level's suffix
	// ("informant-program" for "informant-program[drivers.professionalization=0.5]"
	// or "informant-program@3"), by scenario index: what a chart's legend
	// calls it.
	Names []string
	// Effects[l][a][k] is alternative a of level l in DecisionOutcomes[k]:
	// its paired change against the baseline of its level, with the raw
	// and Holm-adjusted p-values over every alternative × level × headline
	// metric (Cells), and its cost per unit where the gain is clear after
	// the adjustment (as Decide).
	Effects [][][]Effect
	// Ratios[l][a-1][k] is, for every alternative a ≥ 1 of level l, the
	// first alternative's gain over a's in DecisionOutcomes[k] (Fieller).
	Ratios [][][]Ratio
}

// Ratio is one alternative's gain over another's at the same level, both
// against the same baseline, with Fieller's 95% interval.
type Ratio struct {
	Of, Over int // scenario indices: the ratio is Of's gain over Over's
	Metric   Metric
	// PerDollar: the ratio is of gains per dollar (each gain · effect
	// discount / extra cost), since both cost more than the baseline;
	// otherwise of the gains themselves.
	PerDollar bool
	N         int
	Estimate  float64 // NaN where Over's mean gain is 0
	// Lo and Hi are Fieller's 95% interval; Bounded is false where it is
	// not a finite interval (Over's gain is not clearly away from 0), and
	// Lo and Hi are then −Inf and +Inf.
	Lo, Hi  float64
	Bounded bool
}

// AcrossOf computes the effects and ratios of a comparison across a design
// (or of an ordinary comparison, as one level).
func AcrossOf(sum *Summary) *Across {
	out := &Across{Levels: Levels(sum), Names: make([]string, len(sum.Scenarios))}
	cells := Cells(sum)
	for l, lv := range out.Levels {
		for _, s := range append([]int{lv.Baseline}, lv.Alternatives...) {
			out.Names[s] = stem(&sum.Scenarios[s], l)
		}
		effects := make([][]Effect, len(lv.Alternatives))
		for a, s := range lv.Alternatives {
			ss := &sum.Scenarios[s]
			cost := 0.0
			if ss.ExtraRunCostUSD != nil {
				cost = *ss.ExtraRunCostUSD
			}
			for _, m := range DecisionOutcomes {
				e := Effect{Metric: m, Diff: Diff{Relative: math.NaN()}, P: 1, PAdjusted: 1}
				for _, c := range cells[s] {
					if c.Metric == m {
						e = c
					}
				}
				if c, ok := CostPerUnit(cost, e.Gain, discountOf(sum, s)); ok && e.Clear {
					e.CostPerUnit = &c
				}
				e.Dominant = e.Clear && e.Gain.Lo > 0 && cost <= 0
				effects[a] = append(effects[a], e)
			}
		}
		out.Effects = append(out.Effects, effects)
		var ratios [][]Ratio
		for a := 1; a < len(lv.Alternatives); a++ {
			var row []Ratio
			for _, m := range DecisionOutcomes {
				row = append(row, RatioOf(sum, lv.Alternatives[0], lv.Alternatives[a], m))
			}
			ratios = append(ratios, row)
		}
		out.Ratios = append(out.Ratios, ratios)
	}
	return out
}

// RatioOf is alternative a's gain over alternative b's in m, both paired
// with the same baseline, with Fieller's 95% interval for a ratio of two
// correlated means. With d_a and d_b the per-replication changes against
// the baseline (n pairs), their means a and b, variances v_a and v_b and
// covariance c (from the paired difference of the two alternatives,
// Summary.Between: c = (v_a + v_b − var(x_a − x_b)) / 2), the interval is
// every ρ for which a − ρb is consistent with 0 at 95%:
//
//	(a − ρb)² ≤ t² (v_a − 2ρc + ρ²v_b) / n,   t = t_{0.975, n−1}
//
// the roots of (b² − t²v_b/n)ρ² − 2(ab − t²c/n)ρ + (a² − t²v_a/n) = 0,
// bounded only when b² > t²v_b/n (b's mean is clearly away from 0). Where
// both cost more than the baseline, the ratio is of gains per dollar: it
// and its ends are scaled by (w_a/C_a)/(w_b/C_b), C the extra cost and w
// the effect discount. The direction of the gain cancels in a ratio.
func RatioOf(sum *Summary, a, b int, m Metric) Ratio {
	r := Ratio{Of: a, Over: b, Metric: m, Estimate: math.NaN(), Lo: math.Inf(-1), Hi: math.Inf(1)}
	da, db := sum.Scenarios[a].Metric(m).VsBaseline, sum.Scenarios[b].Metric(m).VsBaseline
	between, ok := sum.Between(a, b, m)
	if da == nil || db == nil || !ok || da.N < 2 {
		return r
	}
	r.N = da.N
	n := float64(da.N)
	t := tQuantile(da.N)
	va, vb, vab := da.SD*da.SD, db.SD*db.SD, between.SD*between.SD
	c := (va + vb - vab) / 2
	scale := 1.0
	ca, cb := extraCost(sum, a), extraCost(sum, b)
	if ca > 0 && cb > 0 {
		r.PerDollar = true
		scale = (discountOf(sum, a) / ca) / (discountOf(sum, b) / cb)
	}
	if db.Mean != 0 {
		r.Estimate = da.Mean / db.Mean * scale
	}
	t2 := t * t / n
	qa := db.Mean*db.Mean - t2*vb
	qb := da.Mean*db.Mean - t2*c
	qc := da.Mean*da.Mean - t2*va
	if !(qa > 0) {
		return r
	}
	disc := math.Sqrt(math.Max(0, qb*qb-qa*qc))
	r.Lo, r.Hi, r.Bounded = (qb-disc)/qa*scale, (qb+disc)/qa*scale, true
	return r
}

// stem is a scenario's name without the suffix of level l of a design:
// "[key=value]" for a design of one key's steps, "@l+1" for another.
func stem(ss *ScenarioSummary, l int) string {
	if ss.Override != "" {
		if s, ok := strings.CutSuffix(ss.Name, "["+ss.Override+"]"); ok {
			return s
		}
	}
	return strings.TrimSuffix(ss.Name, fmt.Sprintf("@%d", l+1))
}

// extraCost is scenario i's extra cost over the run (0 where it has none).
func extraCost(sum *Summary, i int) float64 {
	if c := sum.Scenarios[i].ExtraRunCostUSD; c != nil {
		return *c
	}
	return 0
}
