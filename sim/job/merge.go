package job

import (
	"context"
	"fmt"
	"sort"
	"time"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// Merge joins the results directories of the shards of one experiment
// (each complete; in any order) into out ("": results/merged-<first
// scenario>), writing the same files as one run on one machine. It checks
// that every replication is present exactly once.
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
			if _, err := log.Replay(yield); err != nil {
				return fmt.Errorf("%s: %w", dirs[i], err)
			}
		}
		return nil
	}
	dir, unlock, err := newOutDir(out, "results/merged-"+m.Scenarios[0].Name, false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m.Shard, m.First, m.End = "", 0, m.Replications
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
