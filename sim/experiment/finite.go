package experiment

import (
	"fmt"
	"math"
)

// NonFiniteError is a summary value that is not a finite number (NaN, +Inf
// or −Inf): no file can hold it as a number (JSON has none of them), no
// decision can rest on it, and running the experiment again computes it
// again. It comes from the input (a value that overflows) or a bug, never
// from chance.
type NonFiniteError struct {
	Scenario string  // the scenario's name
	What     string  // the value: "metric opiates_seized_kg: mean", "enforcement scanner: spent_usd ci_high", …
	Value    float64 // NaN, +Inf or −Inf
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("scenario %q: %s is %v", e.Scenario, e.What, e.Value)
}

// CheckFinite returns a *NonFiniteError for the first value of the summary
// that is not finite, in the order the files list them (each scenario's
// metrics, paired differences, displacement, costs, flows, seizures,
// efforts, mobile officers, months and decision table), or nil when every
// value is finite. The only values allowed to be NaN are those that stand
// for "none" and are written as an empty cell: a paired difference's
// relative change where the baseline mean is 0, and the statistics of a
// month with no replication in it (n = 0).
func (s *Summary) CheckFinite() error {
	for si := range s.Scenarios {
		if err := s.Scenarios[si].checkFinite(); err != nil {
			return err
		}
	}
	if s.Kind == "compare" {
		for _, a := range Decide(s, DefaultObjective) {
			c := finiteCheck{scenario: a.Name}
			for _, e := range a.Effects {
				if e.CostPerUnit != nil {
					c.interval("decision table "+e.Metric.String()+": cost per unit", *e.CostPerUnit)
				}
			}
			if c.err != nil {
				return c.err
			}
		}
	}
	return nil
}

// finiteCheck keeps the first value of a scenario found not finite.
type finiteCheck struct {
	scenario string
	err      *NonFiniteError
}

func (c *finiteCheck) value(what string, x float64) {
	if c.err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		c.err = &NonFiniteError{Scenario: c.scenario, What: what, Value: x}
	}
}

func (c *finiteCheck) interval(what string, iv Interval) {
	c.value(what+" estimate", iv.Mean)
	c.value(what+" ci_low", iv.Lo)
	c.value(what+" ci_high", iv.Hi)
}

func (c *finiteCheck) diff(what string, d *Diff) {
	c.value(what+" diff_mean", d.Mean)
	c.value(what+" diff_sd", d.SD)
	c.value(what+" diff_ci_low", d.Lo)
	c.value(what+" diff_ci_high", d.Hi)
	if !math.IsNaN(d.Relative) { // NaN: no baseline to be relative to
		c.value(what+" relative_change", d.Relative)
	}
}

func (ss *ScenarioSummary) checkFinite() error {
	c := finiteCheck{scenario: ss.Name}
	c.value("annual_cost_usd", ss.AnnualCostUSD)
	c.value("run_cost_usd", ss.RunCostUSD)
	c.value("effect_discount", ss.EffectDiscount)
	for m := range ss.Metrics {
		ms := &ss.Metrics[m]
		what := "metric " + Metric(m).String() + ":"
		for _, v := range []struct {
			name string
			x    float64
		}{{"mean", ms.Mean}, {"sd", ms.SD}, {"ci_low", ms.Lo}, {"ci_high", ms.Hi}, {"p5", ms.P5}, {"p50", ms.P50}, {"p95", ms.P95}} {
			c.value(what+" "+v.name, v.x)
		}
		if ms.VsBaseline != nil {
			c.diff(what, ms.VsBaseline)
		}
	}
	if ss.Displacement != nil {
		c.interval("displacement_share", *ss.Displacement)
	}
	for _, x := range ss.Costs() {
		c.value(x.Name, x.Value)
	}
	for _, g := range [][]SegmentChange{ss.FlowGains, ss.FlowLosses} {
		for _, f := range g {
			c.value("flow change "+f.From+" to "+f.To+": kg", f.Kg)
			c.value("flow change "+f.From+" to "+f.To+": share_of_baseline", f.Share)
		}
	}
	for _, d := range ss.SegmentDiffs {
		what := fmt.Sprintf("segment %d change:", d.Segment)
		c.value(what+" baseline_kg", d.BaseKg)
		c.diff(what, &d.Diff)
	}
	for _, f := range ss.Flows {
		what := fmt.Sprintf("%s flow on segment %d:", f.Commodity, f.Segment)
		c.value(what+" mean_kg", f.Mean)
		c.value(what+" ci_low", f.Lo)
		c.value(what+" ci_high", f.Hi)
	}
	for _, b := range ss.Breakdown {
		what := "seizures by " + b.Dimension.String() + " " + b.Key + ":"
		c.value(what+" mean_kg", b.Kg)
		c.value(what+" mean_events", b.Events)
	}
	for p, kg := range ss.SeizedAt {
		c.value(fmt.Sprintf("kg seized at place %d", p), kg)
	}
	for _, e := range ss.Efforts {
		what := "enforcement " + e.Effort + ":"
		c.interval(what+" opiates_seized_kg", e.OpiatesKg)
		c.interval(what+" precursor_seized_kg", e.PrecursorKg)
		c.interval(what+" courier_arrests", e.Couriers)
		c.interval(what+" organiser_arrests", e.Organisers)
		c.interval(what+" spent_usd", e.USD)
		c.value(what+" opiates_kg_per_1000_usd", e.KgPer1000USD)
		c.value(what+" organisers_per_million_usd", e.OrganisersPerMUSD)
	}
	for _, m := range ss.Mobile {
		c.value(fmt.Sprintf("mobile officers at place %d in month %d", m.Place, m.Month), m.Officers)
	}
	for _, m := range ss.Monthly {
		if m.N > 0 { // n = 0: a price in a month with no sale, written empty
			c.interval("monthly "+m.Series.String()+" in "+m.Country+" "+m.Month.String()+":", m.Interval)
		}
	}
	if c.err != nil {
		return c.err
	}
	return nil
}
