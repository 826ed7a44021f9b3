package report

import (
	"gonum.org/v1/plot/vg"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// charts draws the report's charts into dir/figures.
func charts(dir string, m results.Manifest, sum *experiment.Summary, names []string, pd period) ([]Figure, error) {
	var figs []Figure
	w := 17 * vg.Centimeter
	h := heightFor(len(names))
	add := func(f Figure, err error) error {
		if err == nil {
			figs = append(figs, f)
		}
		return err
	}
	metricBars := func(metric experiment.Metric, title, xlabel, file, caption string, c interface{ RGBA() (r, g, b, a uint32) }) error {
		mean, lo, hi := make([]float64, len(names)), make([]float64, len(names)), make([]float64, len(names))
		for i, s := range sum.Scenarios {
			ms := s.Metrics[metric]
			mean[i], lo[i], hi[i] = ms.Mean, ms.Lo, ms.Hi
		}
		p, err := barsCI(title, xlabel, names, mean, lo, hi, c)
		if err != nil {
			return err
		}
		return add(save(p, dir, file, caption, w, h))
	}
	if twoFactor(m) {
		hm, err := heatMaps(dir, m, sum)
		if err != nil {
			return nil, err
		}
		figs = append(figs, hm...)
	} else if m.Kind == "sweep" && len(m.DesignKeys) <= 1 {
		x := make([]float64, len(sum.Scenarios))
		for i := range sum.Scenarios {
			x[i] = sweepValue(&sum.Scenarios[i])
		}
		for _, mt := range []struct {
			metric      experiment.Metric
			title, unit string
		}{
			{experiment.OpiatesSeized, "Opiates seized", "kg " + pd.per},
			{experiment.OpiatesDelivered, "Opiates delivered to final markets", "kg " + pd.per},
			{experiment.PrecursorToLabs, "Acetic anhydride reaching the labs", "kg " + pd.per},
			{experiment.Bribes, "Bribes paid", "USD " + pd.per},
			{experiment.CourierArrests, "Couriers arrested", "arrests " + pd.per},
			{experiment.OrganiserArrests, "Organisers arrested", "arrests " + pd.per},
		} {
			mean, lo, hi := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
			for i, s := range sum.Scenarios {
				ms := s.Metrics[mt.metric]
				mean[i], lo[i], hi[i] = ms.Mean, ms.Lo, ms.Hi
			}
			p, err := band(mt.title+" against "+sweepKey(sum), sweepKey(sum), mt.unit, x, mean, lo, hi)
			if err != nil {
				return nil, err
			}
			if err := add(save(p, dir, "sweep-"+mt.metric.String(), "Mean over replications with its 95% confidence interval (Student t), at each step.", w, 9*vg.Centimeter)); err != nil {
				return nil, err
			}
		}
	} else {
		if err := metricBars(experiment.OpiatesSeized, "Opiates seized", "kg "+pd.per+" (mean, 95% CI)", "seized",
			"Mean opiate seizures "+pd.per+" with 95% confidence intervals.", vermillion); err != nil {
			return nil, err
		}
		if err := metricBars(experiment.OpiatesDelivered, "Opiates delivered to final markets", "kg "+pd.per+" (mean, 95% CI)", "delivered",
			"Opiates reaching Russia, Europe or Xinjiang "+pd.per+", with 95% confidence intervals.", blue); err != nil {
			return nil, err
		}
	}
	if m.Kind == "compare" {
		alts := sum.Scenarios[1:]
		var cn []string
		var cv []float64
		for _, s := range alts {
			if s.CostPerExtraKgSeized != nil {
				cn = append(cn, s.Name)
				cv = append(cv, *s.CostPerExtraKgSeized)
			}
		}
		if len(cn) > 0 {
			p, err := barsCI("Cost per extra kg of opiates seized", "USD per kg (interventions with a clear effect)", cn, cv, cv, cv, green)
			if err != nil {
				return nil, err
			}
			if err := add(save(p, dir, "cost-effectiveness", "Extra cost over the run per extra kg seized: capital for the share of its lifetime that falls within the run plus running costs for each year in force, discounted to the run's start (costs.discount_rate), as the kg are (docs/MODEL.md §3.4); interventions whose effect on seizures is not clear (95% CI includes 0) are left out.", w, heightFor(len(cn)))); err != nil {
				return nil, err
			}
		}
		dn := make([]string, len(alts))
		dm, dl, dh := make([]float64, len(alts)), make([]float64, len(alts)), make([]float64, len(alts))
		for i, s := range alts {
			dn[i] = s.Name
			if s.Displacement != nil {
				dm[i], dl[i], dh[i] = 100*s.Displacement.Mean, 100*s.Displacement.Lo, 100*s.Displacement.Hi
			}
		}
		p, err := barsCI("Displacement of the opiate flow", "% of the baseline flow moved to other segments (bootstrap 95% CI)", dn, dm, dl, dh, orange)
		if err != nil {
			return nil, err
		}
		if err := add(save(p, dir, "displacement", "Share of the baseline's opiate flow (kg·segments) that moved to segments where flow rose, from mean flows.", w, heightFor(len(dn)))); err != nil {
			return nil, err
		}
	}
	for _, d := range []struct {
		dim         sim.Dimension
		title, file string
	}{{sim.ByCountry, "Opiate seizures by country", "by-country"}, {sim.ByMode, "Opiate seizures by transport mode", "by-mode"},
		{sim.ByMethod, "Opiate seizures by detection method", "by-method"}} {
		keys, vals := BreakdownMeans(sum, d.dim)
		if len(keys) == 0 {
			continue
		}
		p, err := dots(d.title, "kg "+pd.per+" (mean over replications)", keys, names, vals)
		if err != nil {
			return nil, err
		}
		if err := add(save(p, dir, d.file, "Mean kg of opiates seized "+pd.per+", one marker per scenario.", w, heightFor(len(keys)+len(names)/2))); err != nil {
			return nil, err
		}
	}
	for _, mt := range []struct {
		metric      experiment.Metric
		title, file string
	}{
		{experiment.OpiatesDelivered, "Opiates delivered: spread across replications", "dist-delivered"},
		{experiment.OpiatesSeized, "Opiates seized: spread across replications", "dist-seized"},
	} {
		vals := make([][]float64, len(sum.Scenarios))
		empty := false
		for i := range sum.Scenarios {
			vals[i] = sum.Scenarios[i].Sample[mt.metric]
			empty = empty || len(vals[i]) == 0
		}
		if empty {
			continue // a shard with no replications (--shard 0/8 -n 4): no spread to draw
		}
		p, err := boxes(mt.title, "kg "+pd.per, names, vals)
		if err != nil {
			return nil, err
		}
		if err := add(save(p, dir, mt.file, "Box: quartiles and median of the replications; whiskers: 1.5 IQR; points: outliers.", w, h)); err != nil {
			return nil, err
		}
	}
	return figs, nil
}
