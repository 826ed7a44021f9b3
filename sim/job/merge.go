package job

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// Merge joins the results directories of the shards of one experiment
// (each complete; in any order) into out ("": results/merged-<first
// scenario>), writing the same files as one run on one machine. It checks
// that every replication is present exactly once, and reads each shard's
// log strictly (results.Log.ReplayAll: a complete shard's log is whole, so
// a damaged record is an error, not the end). out may hold a merge that
// never completed: it is taken over (takeOverMerge).
func Merge(ctx context.Context, dirs []string, out string, opt Options) (*Result, error) {
	if len(dirs) == 0 {
		return nil, usage("merge needs results directories")
	}
	var ms []results.Manifest
	for _, d := range dirs {
		m, err := results.ReadManifest(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		if m.Kind != "run" && m.Kind != "compare" && m.Kind != "sweep" && m.Kind != Calibrate.String() && m.Kind != EnsembleKind {
			return nil, fmt.Errorf("%s: the results of a %s, not a shard (run, compare, sweep, calibrate and ensemble comparisons are sharded)", d, m.Kind)
		}
		if !m.Complete {
			return nil, fmt.Errorf("%s: incomplete shard (finish it with --resume first)", d)
		}
		if err := results.Verify(d, m); err != nil {
			return nil, fmt.Errorf("merge: %w: finish it with --resume %s if it keeps its log, or run the shard again", err, d)
		}
		if len(ms) > 0 {
			if err := results.SameExperiment(ms[0], m); err != nil {
				return nil, fmt.Errorf("merge: %s is not a shard of the same experiment as %s: %v", d, dirs[0], err)
			}
		}
		ms = append(ms, m)
	}
	switch ms[0].Kind {
	case Calibrate.String():
		return mergeCalibration(ctx, dirs, ms, out, opt)
	case EnsembleKind:
		return mergeEnsemble(ctx, dirs, ms, out, opt)
	}
	// joined in replication order
	order := make([]int, len(dirs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ms[order[a]].First < ms[order[b]].First })
	m := ms[0]
	names := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		names[i] = s.Arg
	}
	points, err := manifestPoints(m)
	if err != nil {
		return nil, fmt.Errorf("merge: %s: %w", dirs[order[0]], err)
	}
	scs, err := loadAll(bases{}, names, points)
	if err != nil {
		return nil, err
	}
	for i := range scs {
		scs[i].sc.Name = m.Scenarios[i].Name // as the shards named them
		scs[i].baseline = m.Scenarios[i].Baseline
	}
	e := newExperiment(m.Kind, scs, Spec{N: m.Replications, Seed: m.Seed, Workers: m.Workers})
	e.MergeOnly = true
	e.Previous = func(yield func(*experiment.Replication) error) error {
		for _, i := range order {
			log, err := results.OpenLog(dirs[i], len(scs))
			if err != nil {
				return err
			}
			if _, err := log.ReplayAll(yield); err != nil {
				return fmt.Errorf("%s: %w", dirs[i], err)
			}
		}
		return nil
	}
	if err := takeOverMerge(out); err != nil {
		return nil, err
	}
	dir, unlock, err := newOutDir(out, filepath.Join("results", "merged-"+safeName(m.Scenarios[0].Name)), false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m.Shard, m.First, m.End, m.Merge = "", 0, m.Replications, true
	m.Complete, m.Files = false, nil
	m.Command = opt.Command
	if m.Command == nil {
		m.Command = append([]string{"hourglass", "merge", "--out", dir}, dirs...)
	}
	w, err := results.NewWriter(dir, m, worldsOf(scs), results.Options{PerReplication: m.PerRep, NoLog: true})
	if err != nil {
		return nil, err
	}
	r, err := e.Run(ctx, w)
	if err != nil {
		w.Interrupted(m)
		return nil, fmt.Errorf("merge: %w", err)
	}
	m.Complete, m.Completed, m.Finished = true, r.Completed, time.Now().UTC()
	res := &Result{Dir: dir, Manifest: m, Summary: r.Summary, Scenarios: scenariosOf(scs)}
	if err := w.Finish(r.Summary, m); err != nil {
		return nil, err
	}
	if err := writeReport(dir, res, opt); err != nil {
		return nil, err
	}
	if err := w.Commit(m); err != nil {
		return nil, err
	}
	return res, nil
}

// takeOverMerge empties out when it holds a merge that never completed (a
// manifest with Merge set and Complete not: a merge killed or failed
// there), so that merging again into it finishes the job: the files a
// merge writes are removed (top-level files and links, and figures/), the
// lock kept; anything else stays, and newOutDir then refuses the directory
// with what it holds. A complete merge, or another run's directory, is
// left alone (newOutDir refuses it).
func takeOverMerge(out string) error {
	if out == "" {
		return nil
	}
	dir, err := resolveDir(out)
	if err != nil {
		return err
	}
	m, err := results.ReadManifest(dir)
	if err != nil || !m.Merge || m.Complete {
		return nil
	}
	unlock, err := results.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		switch {
		case e.Name() == results.LockFile || e.Name() == results.ManifestFile:
		case e.Name() == "figures" && e.IsDir():
			err = os.RemoveAll(name)
		case !e.IsDir():
			err = os.Remove(name)
		}
		if err != nil {
			return fmt.Errorf("merge into %s (an interrupted merge): %w", out, err)
		}
	}
	// the manifest last: until then the directory still says what it is
	if err := os.Remove(filepath.Join(dir, results.ManifestFile)); err != nil {
		return fmt.Errorf("merge into %s (an interrupted merge): %w", out, err)
	}
	return nil
}
