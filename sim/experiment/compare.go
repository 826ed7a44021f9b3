package experiment

import (
	"encoding/json"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Diff is the paired difference of one metric between an alternative and
// the baseline over common replications (common random numbers).
type Diff struct {
	N            int
	Mean, SD     float64 // of alt_i - base_i
	Lo, Hi       float64 // 95% CI of the mean difference (Student t)
	Relative     float64 // mean difference / baseline mean (NaN when the baseline mean is 0)
	ExcludesZero bool    // the interval does not contain 0
}

// MarshalJSON writes the difference with snake_case keys, leaving out the
// relative change where the baseline mean is 0.
func (d Diff) MarshalJSON() ([]byte, error) {
	type out struct {
		N            int      `json:"n"`
		Mean         float64  `json:"mean"`
		SD           float64  `json:"sd"`
		Lo           float64  `json:"ci_low"`
		Hi           float64  `json:"ci_high"`
		Relative     *float64 `json:"relative,omitempty"`
		ExcludesZero bool     `json:"excludes_zero"`
	}
	o := out{N: d.N, Mean: d.Mean, SD: d.SD, Lo: d.Lo, Hi: d.Hi, ExcludesZero: d.ExcludesZero}
	if !math.IsNaN(d.Relative) {
		o.Relative = &d.Relative
	}
	return json.Marshal(o)
}

// PairedDiff compares alt with base replication by replication:
//
//	d_i = alt_i - base_i,  mean(d) ± t_{0.975, n-1} · sd(d) / √n
//
// base and alt must be the same replications in the same order.
func PairedDiff(base, alt []float64) Diff {
	if len(base) != len(alt) {
		panic("experiment: paired samples of different lengths")
	}
	d := make([]float64, len(base))
	for i := range base {
		d[i] = alt[i] - base[i]
	}
	r := Diff{N: len(d)}
	if len(d) == 0 {
		return r
	}
	r.Mean, r.SD = stat.MeanStdDev(d, nil)
	r.Lo, r.Hi = r.Mean, r.Mean
	if len(d) >= 2 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(d) - 1)}.Quantile(0.975)
		h := t * r.SD / math.Sqrt(float64(len(d)))
		r.Lo, r.Hi = r.Mean-h, r.Mean+h
	} else {
		r.SD = 0
	}
	r.Relative = math.NaN()
	if bm := stat.Mean(base, nil); bm != 0 {
		r.Relative = r.Mean / bm
	}
	r.ExcludesZero = r.Lo > 0 || r.Hi < 0
	return r
}
