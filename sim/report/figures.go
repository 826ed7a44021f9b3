package report

import (
	"fmt"
	"image/color"
	"strings"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// charts draws the report's charts into dir/figures. names are the
// scenarios' names; the charts label a sweep's points by their values
// (chartLabels).
func charts(dir string, m results.Manifest, sum *experiment.Summary, names []string, pd period) ([]Figure, error) {
	var figs []Figure
	labels := chartLabels(m, sum, names)
	keys := sweptKeys(m, sum)
	add := func(f Figure, err error) error {
		if err == nil {
			if keys != "" && !strings.Contains(f.Caption, keys) {
				f.Caption += " Scenarios are named by the value of " + keys + "."
			}
			figs = append(figs, f)
		}
		return err
	}
	metricBars := func(metric experiment.Metric, title, xlabel, file, caption string, c color.Color) error {
		mean, lo, hi := make([]float64, len(labels)), make([]float64, len(labels)), make([]float64, len(labels))
		for i, s := range sum.Scenarios {
			ms := s.Metrics[metric]
			mean[i], lo[i], hi[i] = ms.Mean, ms.Lo, ms.Hi
		}
		p, err := barsCI(title, xlabel, labels, mean, lo, hi, c)
		if err != nil {
			return err
		}
		return add(save(p, dir, file, caption, heightFor(len(labels))))
	}
	if twoFactor(m) {
		hm, err := heatMaps(dir, m, sum, pd)
		if err != nil {
			return nil, err
		}
		figs = append(figs, hm...)
	} else if m.Kind == "sweep" && len(m.DesignKeys) <= 1 {
		key := sweepKey(sum)
		x := make([]float64, len(sum.Scenarios))
		for i := range sum.Scenarios {
			x[i] = sweepValue(&sum.Scenarios[i])
		}
		for _, mt := range []struct {
			metric      experiment.Metric
			title, unit string
			prefix      string
		}{
			{experiment.OpiatesSeized, "Opiates seized", "kg " + pd.per, ""},
			{experiment.OpiatesDelivered, "Opiates delivered to final markets", "kg " + pd.per, ""},
			{experiment.PrecursorToLabs, "Acetic anhydride reaching the labs", "kg " + pd.per, ""},
			{experiment.Bribes, "Bribes paid", "USD " + pd.per, "$"},
			{experiment.CourierArrests, "Couriers arrested", "arrests " + pd.per, ""},
			{experiment.OrganiserArrests, "Organisers arrested", "arrests " + pd.per, ""},
		} {
			mean, lo, hi := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
			for i, s := range sum.Scenarios {
				ms := s.Metrics[mt.metric]
				mean[i], lo[i], hi[i] = ms.Mean, ms.Lo, ms.Hi
			}
			p, err := band(mt.title+" against "+shortKey(key), key+" (the swept value)", mt.title+", "+mt.unit, x, mean, lo, hi)
			if err != nil {
				return nil, err
			}
			p.Y.Tick.Marker = numTicks{Prefix: mt.prefix}
			caption := fmt.Sprintf("%s %s at each value of %s: the mean over replications (line) with its 95%% confidence interval (band, Student t).", mt.title, mt.unit, key)
			if err := add(save(p, dir, "sweep-"+mt.metric.String(), caption, lineHeight)); err != nil {
				return nil, err
			}
		}
	} else {
		if err := metricBars(experiment.OpiatesSeized, "Opiates seized", "opiates seized, kg "+pd.per+" (mean, 95% CI)", "seized",
			"Mean opiate seizures "+pd.per+" with 95% confidence intervals.", vermillion); err != nil {
			return nil, err
		}
		if err := metricBars(experiment.OpiatesDelivered, "Opiates delivered to final markets", "opiates delivered to Russia, Europe or Xinjiang, kg "+pd.per+" (mean, 95% CI)", "delivered",
			"Opiates reaching Russia, Europe or Xinjiang "+pd.per+", with 95% confidence intervals.", blue); err != nil {
			return nil, err
		}
	}
	if m.Kind == "compare" {
		objective := objectiveOf(Input{Manifest: m})
		ranked := experiment.Decide(sum, objective) // the decision table's order
		f, ok, err := costFigure(dir, ranked, objective)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
		dn := make([]string, len(ranked))
		dm, dl, dh := make([]float64, len(ranked)), make([]float64, len(ranked)), make([]float64, len(ranked))
		for i, a := range ranked {
			dn[i] = labels[a.Index]
			if d := a.Displacement; d != nil {
				dm[i], dl[i], dh[i] = 100*d.Mean, 100*d.Lo, 100*d.Hi
			}
		}
		p, err := barsCI("Displacement of the opiate flow", "% of the baseline opiate flow moved to other segments (mean, bootstrap 95% CI)", dn, dm, dl, dh, orange)
		if err != nil {
			return nil, err
		}
		p.X.Tick.Marker = numTicks{Suffix: "%"}
		if err := add(save(p, dir, "displacement", "Share of the baseline's opiate flow (kg·segments) that moved to segments where flow rose, from mean flows, with its bootstrap 95% confidence interval over the paired replications (docs/MODEL.md §3.5).", heightFor(len(dn)))); err != nil {
			return nil, err
		}
	}
	for _, d := range []struct {
		dim         sim.Dimension
		title, file string
		caption     string
	}{{sim.ByCountry, "Opiate seizures by country", "by-country", "where the opiates are seized: the country whose unit seized them"},
		{sim.ByMode, "Opiate seizures by transport mode", "by-mode", "how the seized loads travelled: by car, truck, rail or air, on foot, by pack animal, boat, or swimming a river"},
		{sim.ByMethod, "Opiate seizures by detection method", "by-method", "what found the loads: a manual search, dogs, a scanner, a test kit, intelligence, a patrol or a raid"}} {
		keys, vals := BreakdownMeans(sum, d.dim)
		if len(keys) == 0 {
			continue
		}
		p, err := dots(d.title, "opiates seized, kg "+pd.per+" (mean over replications)", keys, labels, vals)
		if err != nil {
			return nil, err
		}
		if err := add(save(p, dir, d.file, fmt.Sprintf("Mean kg of opiates seized %s by %s, %s; one marker per scenario.", pd.per, d.dim, d.caption), heightFor(len(keys)+len(labels)/2))); err != nil {
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
		p, err := boxes(mt.title, strings.ToLower(mt.title[:1])+mt.title[1:strings.Index(mt.title, ":")]+", kg "+pd.per+" (one replication each)", labels, vals)
		if err != nil {
			return nil, err
		}
		if err := add(save(p, dir, mt.file, "Box: quartiles and median of the replications; whiskers: 1.5 IQR; points: outliers.", heightFor(len(labels)))); err != nil {
			return nil, err
		}
	}
	if m.Kind == "compare" {
		// the decision table says the levels; the cost and displacement
		// charts answer the question, the rest is behind a click
		for i := range figs {
			figs[i].Minor = figs[i].SVG != "figures/cost-effectiveness.svg" && figs[i].SVG != "figures/displacement.svg"
		}
	}
	return figs, nil
}

// chartLabels are the names the charts give the scenarios of sum: a sweep
// point by its settings ("professionalization = 0.2", see pointLabel), a
// design's point by every key's value from the manifest, any other
// scenario by its name.
func chartLabels(m results.Manifest, sum *experiment.Summary, names []string) []string {
	out := make([]string, len(sum.Scenarios))
	for i := range sum.Scenarios {
		s := &sum.Scenarios[i]
		switch {
		case s.Override != "":
			out[i] = pointLabel(s.Override)
		case i < len(m.Scenarios) && len(m.Scenarios[i].Params) > 0:
			parts := make([]string, len(m.Scenarios[i].Params))
			for k, pv := range m.Scenarios[i].Params {
				parts[k] = fmt.Sprintf("%s = %g", shortKey(pv.Key), pv.Value)
			}
			out[i] = strings.Join(parts, ", ")
		case i < len(names):
			out[i] = pointLabel(names[i])
		default:
			out[i] = pointLabel(s.Name)
		}
	}
	return out
}

// sweptKeys names in full the keys a sweep varies ("drivers.professionalization"),
// or is "" for any other experiment.
func sweptKeys(m results.Manifest, sum *experiment.Summary) string {
	if len(m.DesignKeys) > 0 {
		return strings.Join(m.DesignKeys, " and ")
	}
	if m.Kind == "sweep" {
		return sweepKey(sum)
	}
	return ""
}

// pointLabel names a sweep's point by its key's last part and its value:
// "professionalization = 0.2" from the override
// "drivers.professionalization=0.2" or the scenario name
// "baseline[drivers.professionalization=0.2]". A name that is neither is
// returned as it is.
func pointLabel(s string) string {
	setting := s
	if open := strings.IndexByte(s, '['); open > 0 && strings.HasSuffix(s, "]") && strings.Contains(s[open:], "=") && !strings.ContainsAny(s[:open], "=.") {
		setting = s[open+1 : len(s)-1] // strip the scenario's name
	}
	eq := strings.LastIndexByte(setting, '=')
	if eq <= 0 || strings.ContainsAny(setting[eq+1:], "[]=") {
		return s
	}
	return shortKey(setting[:eq]) + " = " + strings.TrimSpace(setting[eq+1:])
}

// shortKey is a sweep key without its section: its last part, after the
// id of the element it selects when that is one element:
// "drivers.professionalization" → "professionalization",
// "group[*].professionalization" → "professionalization",
// "place[sosnovka].traits.inspection_rate" → "sosnovka inspection_rate".
func shortKey(key string) string {
	parts := strings.Split(key, ".")
	last := parts[len(parts)-1]
	for _, p := range parts[:len(parts)-1] {
		if open := strings.IndexByte(p, '['); open >= 0 && strings.HasSuffix(p, "]") {
			if id := p[open+1 : len(p)-1]; id != "*" && id != "" {
				return id + " " + last
			}
		}
	}
	return last
}
