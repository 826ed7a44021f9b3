package results

import "slices"

// This file holds what a results directory records of an experimental design
// (a sweep's varied parameters): the manifest's design keys, each scenario's
// values, and the columns they add to runs.csv and summary.csv.

// ParamValue is the value a sweep gave one override key in one scenario.
type ParamValue struct {
	Key   string  `json:"key"`
	Value float64 `json:"value"`
}

// DesignKeys returns the override keys varied across the scenarios, in
// order of first appearance: one column each in runs.csv (after scenario,
// replication) and summary.csv (after scenario).
func DesignKeys(scenarios []Scenario) []string {
	var keys []string
	for _, s := range scenarios {
		for _, p := range s.Params {
			if !slices.Contains(keys, p.Key) {
				keys = append(keys, p.Key)
			}
		}
	}
	return keys
}

// designCells returns scenario si's value of each design key of m, "" where
// it has none.
func designCells(m *Manifest, si int) []string {
	out := make([]string, len(m.DesignKeys))
	for i, k := range m.DesignKeys {
		for _, p := range m.Scenarios[si].Params {
			if p.Key == k {
				out[i] = num(p.Value)
			}
		}
	}
	return out
}

// withDesignColumns inserts the design columns of m into rows after column
// at: the keys into the header (rows[0]), and into every other row the
// values of the scenario named in its first column.
func withDesignColumns(m *Manifest, rows [][]string, at int) [][]string {
	if len(m.DesignKeys) == 0 {
		return rows
	}
	index := map[string]int{}
	for i, sc := range m.Scenarios {
		index[sc.Name] = i
	}
	for r, row := range rows {
		cells := m.DesignKeys
		if r > 0 {
			cells = designCells(m, index[row[0]])
		}
		rows[r] = slices.Concat(row[:at:at], cells, row[at:])
	}
	return rows
}
