package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/results"
	"hourglass/sim/scenario"
)

const (
	runUsage = "run [-n N] [--seed S] [-j J] [--out DIR] [SCENARIO]"
	runShort = "run replications of a scenario (default: the shipped baseline) and summarise them"
)

var runCmd = &command{name: "run", usage: runUsage, short: runShort, run: runRun}

func runRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 20, "number of replications")
	seed := fs.Uint64("seed", 1, "master seed: with it, every result is reproducible bit for bit")
	workers := fs.Int("j", runtime.NumCPU(), "worker goroutines")
	out := fs.String("out", "", "results directory (default results/<scenario>-<timestamp>)")
	quiet := fs.Bool("quiet", false, "print only where the results are")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s\n\nSCENARIO is a TOML file or the name of a shipped scenario (default %s).\n\nFlags:\n", runUsage, runShort, scenarios.Baseline)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *n < 1 {
		return &exitError{code: 2, msg: fmt.Sprintf("-n %d: need at least 1 replication", *n)}
	}
	if len(pos) > 1 {
		return &exitError{code: 2, msg: "run takes one scenario (use compare for several)"}
	}
	arg := scenarios.Baseline
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg)
	if err != nil {
		var list scenario.ErrorList
		if errors.As(err, &list) {
			return &exitError{code: 1, msg: "invalid scenario:\n" + list.Error()}
		}
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	outs, done, err := experiment.Run(ctx, sc.World, &sc.Params, *seed, 0, *n, *workers)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	var completed []sim.Outcome
	for i := range outs {
		if done[i] {
			completed = append(completed, outs[i])
		}
	}
	if len(completed) == 0 {
		return errors.New("interrupted before any replication completed")
	}
	values := make([][]float64, len(completed))
	for i := range completed {
		values[i] = experiment.Values(sc.World, &completed[i])
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", sc.Name+"-"+start.Format("20060102-150405"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeAll(dir, sc, completed, values); err != nil {
		return err
	}
	if !*quiet {
		printSummary(stdout, sc, completed, values, *seed, time.Since(start))
	}
	fmt.Fprintf(stdout, "\n%d replications written to %s\n", len(completed), dir)
	if len(completed) < *n {
		return &exitError{code: 130, msg: fmt.Sprintf("interrupted: %d of %d replications completed", len(completed), *n)}
	}
	return nil
}

func writeAll(dir string, sc *scenario.Scenario, outs []sim.Outcome, values [][]float64) error {
	if err := results.Runs(filepath.Join(dir, "runs.csv"), sc.Name, outs[0].Replication, values); err != nil {
		return err
	}
	if err := results.Summary(filepath.Join(dir, "summary.csv"), sc.Name, values); err != nil {
		return err
	}
	if err := results.Breakdown(filepath.Join(dir, "breakdown.csv"), sc.Name, sc.World, outs); err != nil {
		return err
	}
	return results.Flows(filepath.Join(dir, "flows.csv"), sc.Name, sc.World, outs)
}

func printSummary(w io.Writer, sc *scenario.Scenario, outs []sim.Outcome, values [][]float64, seed uint64, took time.Duration) {
	fmt.Fprintf(w, "Scenario %s: %s\n", sc.Name, sc.Description)
	fmt.Fprintf(w, "%d replications of %d days, seed %d, %.1fs\n\n", len(outs), sc.Params.Days, seed, took.Seconds())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tmean\t95% CI\tp5\tp95\t")
	for m, metric := range experiment.Metrics {
		s := experiment.Summarize(experiment.Column(values, m))
		fmt.Fprintf(tw, "%s\t%s\t[%s, %s]\t%s\t%s\t\n", metric.Name, num(s.Mean), num(s.Lo), num(s.Hi), num(s.P5), num(s.P95))
	}
	tw.Flush()
	for _, d := range []sim.Dimension{sim.ByCountry, sim.ByMethod, sim.ByMode, sim.ByLocation, sim.ByOutcome} {
		fmt.Fprintf(w, "\nOpiate seizures by %s (mean kg per run): %s\n", d, breakdownLine(sc.World, outs, d))
	}
	fmt.Fprintf(w, "\nBusiest segments (mean kg of opiates per run):\n")
	for _, l := range busiest(sc.World, outs, 8) {
		fmt.Fprintln(w, "  "+l)
	}
}

// breakdownLine is "KZ 1234, KG 567, ..." of mean opiate kg per key.
func breakdownLine(w *sim.World, outs []sim.Outcome, d sim.Dimension) string {
	tot := map[string]float64{}
	for i := range outs {
		for _, r := range outs[i].Breakdown(w, d) {
			if r.Commodity.IsOpiate() {
				tot[r.Key] += r.Grams.Kg() / float64(len(outs))
			}
		}
	}
	keys := make([]string, 0, len(tot))
	for k := range tot {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if tot[keys[i]] != tot[keys[j]] {
			return tot[keys[i]] > tot[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %s", k, num(tot[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func busiest(w *sim.World, outs []sim.Outcome, k int) []string {
	type seg struct {
		name string
		kg   float64
	}
	var segs []seg
	for si := range w.Segments {
		for d := 0; d < 2; d++ {
			kg := 0.0
			for i := range outs {
				f := outs[i].SegmentFlow[si][d]
				kg += (f[sim.Heroin] + f[sim.Opium]).Kg() / float64(len(outs))
			}
			a, b := w.Places[w.Segments[si].From].ID, w.Places[w.Segments[si].To].ID
			if d == 1 {
				a, b = b, a
			}
			if kg > 0 {
				segs = append(segs, seg{a + " -> " + b, kg})
			}
		}
	}
	sort.Slice(segs, func(i, j int) bool {
		if segs[i].kg != segs[j].kg {
			return segs[i].kg > segs[j].kg
		}
		return segs[i].name < segs[j].name
	})
	var lines []string
	for i := 0; i < len(segs) && i < k; i++ {
		lines = append(lines, fmt.Sprintf("%-36s %s", segs[i].name, num(segs[i].kg)))
	}
	return lines
}

// num formats a number for a person: thousands separated, shares with 3 digits.
func num(x float64) string {
	if x != 0 && x > -10 && x < 10 {
		return fmt.Sprintf("%.3f", x)
	}
	s := fmt.Sprintf("%.0f", x)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
