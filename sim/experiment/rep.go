package experiment

import (
	"math"
	"sort"

	"hourglass/sim"
)

// Rep is what an experiment keeps of one replication of one scenario:
// exact, compact, and enough to recompute every table and summary (so runs
// can be resumed and merged).
type Rep struct {
	Scenario    int    // index of the scenario in the experiment
	Replication uint64 // replication index: the generator is (seed, replication)
	Values      []float64
	Seized      []SeizureTotal // seizures totalled by place, commodity, mode, method and arrest
	Flows       []Flow         // every non-zero flow, by segment, direction, mode, commodity
	Efforts     [sim.NumEfforts]EffortStat
	Mobile      []Mobile // where agencies' mobile officers were, month by month (non-zero only)
	// Months is what happened in each calendar month (monthly.csv); an
	// experiment keeps it only until the replication is committed.
	Months []sim.MonthOutcome
}

// EffortStat is what one kind of enforcement effort seized, arrested and
// cost in a replication.
type EffortStat struct {
	Seized     [sim.NumCommodities]sim.Grams
	Couriers   int32
	Organisers int32
	USD        float64
}

// Mobile is the number of an agency's mobile officers at a place at the
// start of a month (1-12) of the first year.
type Mobile struct {
	Place    int32
	Month    uint8
	Officers float32
}

// SeizureTotal is the seizures of one replication that share a place, a
// commodity, a mode, a method and an outcome (arrest or not). Every
// breakdown of seizures (sim.Dimension) is a sum of these.
type SeizureTotal struct {
	Place     int32
	Commodity sim.Commodity
	Mode      sim.Mode
	Method    sim.Method
	Arrest    bool
	Grams     sim.Grams
	Events    int32
}

// Flow is the grams of one commodity moved by one mode over one segment in
// one direction (0: From to To) in one replication.
type Flow struct {
	Segment   int32
	Dir       uint8
	Mode      sim.Mode
	Commodity sim.Commodity
	Grams     sim.Grams
}

// Replication is one replication index of every scenario of an experiment:
// Reps[s] is scenario s's. Experiments commit replications whole and in
// increasing index order.
type Replication struct {
	Index uint64
	Reps  []Rep
}

// NewRep keeps what an experiment needs of an outcome.
func NewRep(scenario int, w *sim.World, o *sim.Outcome) Rep {
	r := Rep{Scenario: scenario, Replication: o.Replication, Values: Values(w, o), Months: o.Months}
	for s := range o.SegmentFlow {
		for d := 0; d < 2; d++ {
			for m := sim.Mode(0); m < sim.NumModes; m++ {
				for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
					if g := o.SegmentFlow[s][d][m][c]; g != 0 {
						r.Flows = append(r.Flows, Flow{Segment: int32(s), Dir: uint8(d), Mode: m, Commodity: c, Grams: g})
					}
				}
			}
		}
	}
	type key struct {
		place  int32
		c      sim.Commodity
		m      sim.Mode
		method sim.Method
		arrest bool
	}
	at := map[key]int{}
	for i := range o.Seizures {
		s := &o.Seizures[i]
		k := key{int32(s.Place), s.Commodity, s.Mode, s.Method, s.Arrest}
		j, ok := at[k]
		if !ok {
			j = len(r.Seized)
			at[k] = j
			r.Seized = append(r.Seized, SeizureTotal{Place: k.place, Commodity: k.c, Mode: k.m, Method: k.method, Arrest: k.arrest})
		}
		r.Seized[j].Grams += s.Grams
		r.Seized[j].Events++
	}
	sort.Slice(r.Seized, func(i, j int) bool { return r.Seized[i].less(&r.Seized[j]) })
	for e := range r.Efforts {
		r.Efforts[e] = EffortStat{Seized: o.EffortSeized[e], Couriers: int32(o.EffortCouriers[e]),
			Organisers: int32(o.EffortOrganisers[e]), USD: o.EffortUSD[e]}
	}
	for p, months := range o.MobileAt {
		for m, x := range months {
			if x != 0 {
				r.Mobile = append(r.Mobile, Mobile{Place: int32(p), Month: uint8(m + 1), Officers: x})
			}
		}
	}
	return r
}

func (a *SeizureTotal) less(b *SeizureTotal) bool {
	switch {
	case a.Place != b.Place:
		return a.Place < b.Place
	case a.Commodity != b.Commodity:
		return a.Commodity < b.Commodity
	case a.Mode != b.Mode:
		return a.Mode < b.Mode
	case a.Method != b.Method:
		return a.Method < b.Method
	}
	return !a.Arrest && b.Arrest
}

// Breakdown totals the replication's seizures by commodity and the key of
// dimension d, sorted by commodity then key (as sim.Outcome.Breakdown does).
func (r *Rep) Breakdown(w *sim.World, d sim.Dimension) []sim.BreakdownRow {
	type k struct {
		c   sim.Commodity
		key string
	}
	agg := map[k]int{}
	var rows []sim.BreakdownRow
	for i := range r.Seized {
		s := &r.Seized[i]
		key := sim.SeizureKey(w, &sim.Seizure{Place: int(s.Place), Commodity: s.Commodity, Mode: s.Mode, Method: s.Method, Arrest: s.Arrest}, d)
		j, ok := agg[k{s.Commodity, key}]
		if !ok {
			j = len(rows)
			agg[k{s.Commodity, key}] = j
			rows = append(rows, sim.BreakdownRow{Commodity: s.Commodity, Key: key})
		}
		rows[j].Grams += s.Grams
		rows[j].Events += int(s.Events)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Commodity != rows[j].Commodity {
			return rows[i].Commodity < rows[j].Commodity
		}
		return rows[i].Key < rows[j].Key
	})
	return rows
}

// opiateFlows adds the kg of opiates moved over each segment and direction,
// all modes together, into dst (indexed segment·2 + direction).
func (r *Rep) opiateFlows(dst []float64) {
	for _, f := range r.Flows {
		if f.Commodity.IsOpiate() {
			dst[int(f.Segment)*2+int(f.Dir)] += f.Grams.Kg()
		}
	}
}

// Bootstrap returns the 2.5th and 97.5th percentiles of statistic over the
// given number of resamples, with replacement, of n rows (a percentile
// bootstrap 95% interval).
func Bootstrap(n, resamples int, rng *sim.RNG, statistic func(idx []int) float64) (lo, hi float64) {
	vals := make([]float64, resamples)
	idx := make([]int, n)
	for b := range vals {
		for j := range idx {
			idx[j] = rng.Intn(n)
		}
		vals[b] = statistic(idx)
	}
	sort.Float64s(vals)
	return vals[resamples*25/1000], vals[resamples*975/1000-1]
}

// moments accumulates a mean and variance in one pass (Welford).
type moments struct {
	n       int
	mean, s float64
}

func (m *moments) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.s += d * (x - m.mean)
}

func (m *moments) sd() float64 {
	if m.n < 2 {
		return 0
	}
	return math.Sqrt(m.s / float64(m.n-1))
}
