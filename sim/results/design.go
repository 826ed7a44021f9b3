package results

import (
	"fmt"
	"slices"
)

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

// designCells returns scenario si's value of each design key, "" where it
// has none.
func (s *Set) designCells(si int) []string {
	out := make([]string, len(s.Manifest.DesignKeys))
	for i, k := range s.Manifest.DesignKeys {
		for _, p := range s.Manifest.Scenarios[si].Params {
			if p.Key == k {
				out[i] = num(p.Value)
			}
		}
	}
	return out
}

// withDesignColumns inserts the design columns into rows after column at:
// the keys into the header (rows[0]), and into every other row the values of
// the scenario named in its first column.
func (s *Set) withDesignColumns(rows [][]string, at int) [][]string {
	if len(s.Manifest.DesignKeys) == 0 {
		return rows
	}
	index := map[string]int{}
	for i, sc := range s.Manifest.Scenarios {
		index[sc.Name] = i
	}
	for r, row := range rows {
		cells := s.Manifest.DesignKeys
		if r > 0 {
			cells = s.designCells(index[row[0]])
		}
		rows[r] = slices.Concat(row[:at:at], cells, row[at:])
	}
	return rows
}

// checkDesignHeader checks that runs.csv's header has the manifest's design
// keys after scenario,replication, and the given number of metrics after
// them.
func checkDesignHeader(header, keys []string, metrics int) error {
	if len(header) != 2+len(keys)+metrics {
		return fmt.Errorf("header has %d columns, want %d (scenario, replication, %d design keys, %d metrics)", len(header), 2+len(keys)+metrics, len(keys), metrics)
	}
	for i, k := range keys {
		if header[2+i] != k {
			return fmt.Errorf("column %d is %q, the manifest's design key is %q", 3+i, header[2+i], k)
		}
	}
	return nil
}
