// Package results writes experiment outputs to disk: CSV tables and their
// summaries. Every file is written under a temporary name in the same
// directory and renamed into place, so a reader never sees half a file.
package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// WriteFileAtomic writes data to path by way of a temporary file in the same
// directory and a rename.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeCSV(path string, rows [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return WriteFileAtomic(path, buf.Bytes())
}

func f(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// Runs writes runs.csv: one row per scenario and replication, the headline
// metrics as columns.
func Runs(path, scenario string, first uint64, values [][]float64) error {
	header := []string{"scenario", "replication"}
	for _, m := range experiment.Metrics {
		header = append(header, m.Name)
	}
	rows := [][]string{header}
	for i, v := range values {
		row := []string{scenario, strconv.FormatUint(first+uint64(i), 10)}
		for _, x := range v {
			row = append(row, f(x))
		}
		rows = append(rows, row)
	}
	return writeCSV(path, rows)
}

// Summary writes summary.csv: per metric n, mean, sd, 95% CI and percentiles.
func Summary(path, scenario string, values [][]float64) error {
	rows := [][]string{{"scenario", "metric", "n", "mean", "sd", "ci_low", "ci_high", "p5", "p50", "p95"}}
	for m, metric := range experiment.Metrics {
		s := experiment.Summarize(experiment.Column(values, m))
		rows = append(rows, []string{scenario, metric.Name, strconv.Itoa(s.N), f(s.Mean), f(s.SD), f(s.Lo), f(s.Hi), f(s.P5), f(s.P50), f(s.P95)})
	}
	return writeCSV(path, rows)
}

// Breakdown writes breakdown.csv (tidy): scenario, replication, commodity,
// dimension, key, kg, events.
func Breakdown(path, scenario string, w *sim.World, outs []sim.Outcome) error {
	rows := [][]string{{"scenario", "replication", "commodity", "dimension", "key", "kg", "events"}}
	for i := range outs {
		o := &outs[i]
		for d := sim.Dimension(0); d < sim.NumDimensions; d++ {
			for _, r := range o.Breakdown(w, d) {
				rows = append(rows, []string{scenario, strconv.FormatUint(o.Replication, 10), r.Commodity.String(),
					d.String(), r.Key, f(r.Grams.Kg()), strconv.Itoa(r.Events)})
			}
		}
	}
	return writeCSV(path, rows)
}

// Flows writes flows.csv: per segment, direction and commodity the mean kg
// moved and its 95% CI.
func Flows(path, scenario string, w *sim.World, outs []sim.Outcome) error {
	rows := [][]string{{"scenario", "commodity", "from", "to", "modes", "mean_kg", "ci_low", "ci_high"}}
	x := make([]float64, len(outs))
	for si := range w.Segments {
		seg := &w.Segments[si]
		for d := 0; d < 2; d++ {
			from, to := seg.From, seg.To
			if d == 1 {
				from, to = to, from
			}
			for c := sim.Commodity(0); c < sim.NumCommodities; c++ {
				moved := false
				for i := range outs {
					x[i] = outs[i].SegmentFlow[si][d][c].Kg()
					moved = moved || x[i] > 0
				}
				if !moved {
					continue
				}
				s := experiment.Summarize(x)
				rows = append(rows, []string{scenario, c.String(), w.Places[from].ID, w.Places[to].ID, seg.Modes.String(), f(s.Mean), f(s.Lo), f(s.Hi)})
			}
		}
	}
	return writeCSV(path, rows)
}
