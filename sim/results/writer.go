package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// File names in a results directory.
const (
	RunsFile         = "runs.csv"
	BreakdownFile    = "breakdown.csv"
	SegmentFlowsFile = "segment_flows.csv"
	SummaryCSVFile   = "summary.csv"
	SummaryJSONFile  = "summary.json"
	// EffortsFile is what each kind of enforcement effort seized, arrested
	// and cost; MobileFile where the agencies' mobile officers were.
	EffortsFile  = "enforcement.csv"
	MobileFile   = "mobile_officers.csv"
	ManifestFile = "manifest.json"
	// Per-replication tables, written with Options.PerReplication.
	BreakdownRepsFile    = "breakdown_by_replication.csv"
	SegmentFlowsRepsFile = "segment_flows_by_replication.csv"
	// SourcesFile is where each value of each scenario comes from:
	// scenario,entry,field,value,source_or_assumption (written by the CLI,
	// from scenario.Scenario.Provenance).
	SourcesFile = "sources.csv"
)

// Writer streams an experiment's replications into a results directory and
// writes its tables and summaries at the end. It is the experiment's Sink:
// runs.csv (and, on request, the per-replication breakdown and flows) grow
// one replication at a time, and every committed replication is appended to
// the log, so memory does not grow with the number of replications.
type Writer struct {
	dir      string
	m        Manifest
	worlds   []*sim.World
	runs     *csvFile
	brk, seg *csvFile // per-replication tables, or nil
	log      *logWriter
	row      []string
}

// Options choose what a Writer writes.
type Options struct {
	// PerReplication adds breakdown_by_replication.csv and
	// segment_flows_by_replication.csv (large: every replication's seizures
	// by key and flows by segment).
	PerReplication bool
	// NoLog writes no log of replications (a merge: its inputs keep theirs).
	NoLog bool
	// LogValid is how many bytes of an existing log are whole (from
	// Log.Replay): the writer appends after them. 0 starts a new log.
	LogValid int64
}

// NewWriter starts the tables of an experiment in dir. It first writes m,
// marked incomplete, as the manifest: from then on the directory says what
// it is for, and that it is not complete until Commit.
func NewWriter(dir string, m Manifest, worlds []*sim.World, opt Options) (*Writer, error) {
	m.Complete, m.Files = false, nil
	if err := WriteManifest(dir, m); err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, m: m, worlds: worlds}
	var err error
	if w.runs, err = createCSV(filepath.Join(dir, RunsFile)); err != nil {
		return nil, err
	}
	header := append([]string{"scenario", "replication"}, m.DesignKeys...)
	for _, m := range experiment.Metrics() {
		header = append(header, m.String())
	}
	w.runs.Write(header...)
	if opt.PerReplication {
		if w.brk, err = createCSV(filepath.Join(dir, BreakdownRepsFile)); err != nil {
			w.abort()
			return nil, err
		}
		w.brk.Write("scenario", "replication", "commodity", "dimension", "key", "kg", "events")
		if w.seg, err = createCSV(filepath.Join(dir, SegmentFlowsRepsFile)); err != nil {
			w.abort()
			return nil, err
		}
		w.seg.Write("scenario", "replication", "from", "to", "mode", "commodity", "kg")
	}
	if !opt.NoLog {
		if w.log, err = openLog(dir, opt.LogValid); err != nil {
			w.abort()
			return nil, err
		}
	}
	return w, nil
}

// Add writes one replication's rows and, unless it is replayed from the
// log, appends it to the log.
//
// A replication with a metric that is not finite is not written: no file
// can hold it as a number, the summary would not be finite either, and the
// run cannot be finished (a replication computes the same on resume). Add
// then marks the manifest failed (Manifest.Failed; --resume refuses the
// directory) and returns an error that wraps ErrUnfinishable and names the
// replication, the scenario and the metric.
func (w *Writer) Add(r *experiment.Replication, replayed bool) error {
	for s := range r.Reps {
		for mi, v := range r.Reps[s].Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return w.unfinishable(fmt.Errorf("replication %d: %w", r.Index, &experiment.NonFiniteError{
					Scenario: w.m.Scenarios[s].Name, What: "metric " + experiment.Metric(mi).String(), Value: v}))
			}
		}
	}
	rep := strconv.FormatUint(r.Index, 10)
	for s := range r.Reps {
		x := &r.Reps[s]
		name := w.m.Scenarios[s].Name
		w.row = append(append(w.row[:0], name, rep), designCells(&w.m, s)...)
		for _, v := range x.Values {
			w.row = append(w.row, num(v))
		}
		w.runs.Write(w.row...)
		if w.brk != nil {
			world := w.worlds[s]
			for d := sim.Dimension(0); d < sim.NumDimensions; d++ {
				for _, b := range x.Breakdown(world, d) {
					w.brk.Write(name, rep, b.Commodity.String(), d.String(), b.Key, kgOf(b.Grams), strconv.Itoa(b.Events))
				}
			}
			for _, f := range x.Flows {
				from, to := experiment.Ends(world, int(f.Segment), int(f.Dir))
				w.seg.Write(name, rep, from, to, f.Mode.String(), f.Commodity.String(), kgOf(f.Grams))
			}
		}
	}
	if w.log != nil && !replayed {
		return w.log.append(r)
	}
	return nil
}

func kgOf(g sim.Grams) string { return strconv.FormatFloat(g.Kg(), 'f', 3, 64) }

// Finish closes the tables and writes the summaries. The manifest still
// says incomplete: whatever else is written (the report), Commit comes last.
//
// A summary with a value that is not finite (experiment.Summary.CheckFinite)
// writes no summary file: the run cannot be finished, and resuming it would
// compute the same value again, so Finish writes a manifest that says so
// (Manifest.Failed; --resume then refuses the directory) and returns an
// error that wraps ErrUnfinishable and names the scenario and the value.
func (w *Writer) Finish(sum *experiment.Summary, m Manifest) error {
	w.m = m
	if err := w.closeTables(); err != nil {
		return err
	}
	if err := sum.CheckFinite(); err != nil {
		return w.unfinishable(fmt.Errorf("summary: %w", err))
	}
	return writeSummaries(w.dir, &m, sum, w.worlds)
}

// unfinishable writes the manifest of a run that can never be finished,
// saying why (Manifest.Failed), and returns the error of it (wrapping
// ErrUnfinishable and why).
func (w *Writer) unfinishable(why error) error {
	w.m.Complete, w.m.Files, w.m.Failed = false, nil, why.Error()
	if werr := WriteManifest(w.dir, w.m); werr != nil {
		return fmt.Errorf("results %s: %w; then %w", w.dir, why, werr)
	}
	return unfinishable(w.dir, why)
}

// Commit marks the directory complete: it writes the manifest m, listing
// every file of the directory with its length and SHA-256, atomically and
// last. A complete, unsharded experiment needs its log no more: it is left
// out of the list and removed after.
//
// The order is what makes a complete manifest true after a power cut: every
// file it lists is synced to disk as it is hashed, then every directory of
// the tree (the names in them), and only then is the manifest written: to a
// temporary file, synced, renamed into place, and the directory synced.
func (w *Writer) Commit(m Manifest) error {
	return Commit(w.dir, m)
}

// Commit is Writer.Commit for a directory whose files are written.
func Commit(dir string, m Manifest) error {
	dropLog := m.Complete && m.Shard == ""
	var skip []string
	if dropLog {
		skip = append(skip, LogFile)
	}
	files, err := listFiles(dir, true, skip...)
	if err != nil {
		return err
	}
	m.Files = files
	if err := WriteManifest(dir, m); err != nil {
		return err
	}
	if dropLog {
		return RemoveLog(dir)
	}
	return nil
}

// RemoveLog removes dir's log of replications, if it has one.
func RemoveLog(dir string) error {
	if err := injected("remove "+filepath.Join(dir, LogFile), nil, nil); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, LogFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Interrupted closes the tables and writes the manifest of an incomplete
// run, keeping the log for --resume. After Finish found the run cannot be
// finished, the manifest keeps saying so (Manifest.Failed).
func (w *Writer) Interrupted(m Manifest) error {
	m.Complete, m.Files = false, nil
	if m.Failed == "" {
		m.Failed = w.m.Failed
	}
	err := w.closeTables()
	if err == nil {
		err = WriteManifest(w.dir, m)
	}
	return err
}

// closeTables closes the streamed tables and the log, once: a second call
// (Interrupted after Finish failed) has nothing to close.
func (w *Writer) closeTables() error {
	var errs []error
	for _, c := range []*csvFile{w.runs, w.brk, w.seg} {
		if c != nil {
			errs = append(errs, c.Close())
		}
	}
	if w.log != nil {
		errs = append(errs, w.log.close())
	}
	w.runs, w.brk, w.seg, w.log = nil, nil, nil, nil
	return errors.Join(errs...)
}

func (w *Writer) abort() {
	for _, c := range []*csvFile{w.runs, w.brk, w.seg} {
		if c != nil {
			c.f.Close()
			os.Remove(c.f.Name())
		}
	}
}

// writeSummaries writes segment_flows.csv, breakdown.csv, enforcement.csv,
// mobile_officers.csv, monthly.csv, decision.csv and segment_changes.csv
// (comparisons), summary.json and summary.csv from the summary.
func writeSummaries(dir string, m *Manifest, sum *experiment.Summary, worlds []*sim.World) error {
	flows := [][]string{{"scenario", "commodity", "from", "to", "mode", "mean_kg", "ci_low", "ci_high"}}
	brk := [][]string{{"scenario", "dimension", "commodity", "key", "mean_kg", "mean_events"}}
	for si := range sum.Scenarios {
		sc := &sum.Scenarios[si]
		for _, f := range sc.Flows {
			from, to := experiment.Ends(worlds[si], f.Segment, f.Dir)
			flows = append(flows, []string{sc.Name, f.Commodity.String(), from, to, f.Mode.String(), num(f.Mean), num(f.Lo), num(f.Hi)})
		}
		for _, b := range sc.Breakdown {
			brk = append(brk, []string{sc.Name, b.Dimension.String(), b.Commodity.String(), b.Key, num(b.Kg), num(b.Events)})
		}
	}
	if err := writeCSV(filepath.Join(dir, SegmentFlowsFile), flows); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, BreakdownFile), brk); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dir, EffortsFile), effortRows(sum)); err != nil {
		return err
	}
	mob := [][]string{{"scenario", "place", "month", "mean_officers"}}
	for si := range sum.Scenarios {
		sc := &sum.Scenarios[si]
		for _, mm := range sc.Mobile {
			mob = append(mob, []string{sc.Name, worlds[si].Places[mm.Place].ID, strconv.Itoa(mm.Month), num(mm.Officers)})
		}
	}
	if err := writeCSV(filepath.Join(dir, MobileFile), mob); err != nil {
		return err
	}
	if err := writeMonthly(dir, m, sum); err != nil {
		return err
	}
	if err := writeDecision(dir, m, sum, worlds); err != nil {
		return err
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(dir, SummaryJSONFile), append(data, '\n')); err != nil {
		return err
	}
	return writeCSV(filepath.Join(dir, SummaryCSVFile), withDesignColumns(m, summaryRows(sum), 1))
}

func summaryRows(sum *experiment.Summary) [][]string {
	rows := [][]string{{"scenario", "metric", "n", "mean", "sd", "ci_low", "ci_high", "p5", "p50", "p95",
		"diff_mean", "diff_ci_low", "diff_ci_high", "relative_change", "excludes_zero"}}
	for _, sc := range sum.Scenarios {
		for _, m := range experiment.Metrics() {
			ms := sc.Metrics[m]
			row := []string{sc.Name, m.String(), strconv.Itoa(ms.N), num(ms.Mean), num(ms.SD), num(ms.Lo), num(ms.Hi), num(ms.P5), num(ms.P50), num(ms.P95)}
			if d := ms.VsBaseline; d != nil {
				rel := ""
				if d.Relative == d.Relative { // not NaN
					rel = num(d.Relative)
				}
				row = append(row, num(d.Mean), num(d.Lo), num(d.Hi), rel, strconv.FormatBool(d.ExcludesZero))
			} else {
				row = append(row, "", "", "", "", "")
			}
			rows = append(rows, row)
		}
		if d := sc.Displacement; d != nil {
			rows = append(rows, []string{sc.Name, "displacement_share", strconv.Itoa(d.N), num(d.Mean), "", num(d.Lo), num(d.Hi),
				"", "", "", "", "", "", "", ""})
		}
		for _, extra := range sc.Costs() {
			rows = append(rows, []string{sc.Name, extra.Name, "", num(extra.Value), "", "", "", "", "", "", "", "", "", "", ""})
		}
	}
	return rows
}

// effortRows is enforcement.csv: per scenario and kind of effort, the mean
// (and 95% CI) kg seized, arrests and money spent, and kg and organisers per
// dollar.
func effortRows(sum *experiment.Summary) [][]string {
	rows := [][]string{{"scenario", "effort", "opiates_seized_kg", "ci_low", "ci_high", "precursor_seized_kg", "ci_low", "ci_high",
		"courier_arrests", "organiser_arrests", "ci_low", "ci_high", "spent_usd", "opiates_kg_per_1000_usd", "organisers_per_million_usd"}}
	for _, sc := range sum.Scenarios {
		for _, e := range sc.Efforts {
			rows = append(rows, []string{sc.Name, e.Effort, num(e.OpiatesKg.Mean), num(e.OpiatesKg.Lo), num(e.OpiatesKg.Hi),
				num(e.PrecursorKg.Mean), num(e.PrecursorKg.Lo), num(e.PrecursorKg.Hi), num(e.Couriers.Mean),
				num(e.Organisers.Mean), num(e.Organisers.Lo), num(e.Organisers.Hi), num(e.USD.Mean),
				num(e.KgPer1000USD), num(e.OrganisersPerMUSD)})
		}
	}
	return rows
}
