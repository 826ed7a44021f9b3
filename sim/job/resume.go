package job

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// resumeDir locks the results directory of an interrupted run, checks that
// it is the experiment m, and sets e and wopt to continue from its log of
// replications. m.PerRep (--per-replication) adds the per-replication
// files to a run that had none (false keeps what the run had); a complete
// run cannot add them. A complete directory whose files match its manifest has
// nothing to resume (done); one whose files do not is rebuilt from its log,
// or refused when it has none.
func resumeDir(dir string, m *results.Manifest, e *experiment.Experiment, wopt *results.Options, opt *Options) (unlock func(), done bool, err error) {
	refuse := func(format string, args ...any) (func(), bool, error) {
		if unlock != nil {
			unlock()
		}
		return nil, false, fmt.Errorf("--resume %s: "+format, append([]any{dir}, args...)...) // %w keeps results.ErrUnfinishable
	}
	if _, err := os.Stat(dir); err != nil {
		return refuse("%v", err)
	}
	if unlock, err = results.Lock(dir); err != nil {
		return nil, false, err
	}
	old, err := results.ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return refuse("no %s: not a results directory, or its run was stopped before it wrote anything; run the experiment again without --resume", results.ManifestFile)
	} else if err != nil {
		return refuse("%v", err)
	}
	if err := old.Unfinishable(dir); err != nil {
		return refuse("%w", err)
	}
	if old.Merge {
		return refuse("the merge of shards (it keeps no log to resume from): merge the shards into it again (hourglass merge --out %s DIR...)", dir)
	}
	same := *m
	if old.Complete && old.Precision > 0 && old.StoppedBy != "" && old.Replications < m.Replications {
		// the precision stopped it early: its manifest records the
		// replications it ran, not N, which the same spec gives again
		same.Replications = old.Replications
	}
	if err := results.SameExperiment(old, same); err != nil {
		return refuse("not the same experiment: %v", err)
	}
	if old.Shard != m.Shard {
		return refuse("not the same experiment: shard %q against shard %q", old.Shard, m.Shard)
	}
	_, statErr := os.Stat(filepath.Join(dir, results.LogFile))
	hasLog := statErr == nil
	addPerRep := m.PerRep && !old.PerRep // --per-replication given to a run without it
	if old.Complete {
		verr := results.Verify(dir, old)
		if verr == nil && addPerRep {
			return refuse("--per-replication: the run is complete without per-replication files and has nothing to resume to write them: run it again with --per-replication into a new directory")
		}
		if verr == nil {
			if old.Shard == "" {
				// killed between its manifest and the removal of its log
				if err := results.RemoveLog(dir); err != nil {
					return refuse("%v", err)
				}
			}
			unlock()
			return nil, true, nil
		}
		if !hasLog {
			return refuse("%v; it keeps no log of replications to rebuild them from: run the experiment again into a new directory", verr)
		}
		opt.logf("%v: every file is rebuilt from the log of replications", verr)
	}
	if _, err := results.RemoveTemps(dir); err != nil {
		return refuse("%v", err)
	}
	// the per-replication files are kept when the run had them, and written
	// (every replication's rows rebuilt from the log) when --per-replication
	// is given now
	m.Started, m.PerRep = old.Started, old.PerRep || addPerRep
	wopt.PerReplication = m.PerRep
	if addPerRep {
		opt.logf("--per-replication: the per-replication files are written for every replication, those before the interruption from the log")
	}
	if !hasLog {
		if old.Completed > 0 {
			return refuse("its log of replications (%s) is missing: run the experiment again into a new directory", results.LogFile)
		}
		return unlock, false, nil // stopped before its first replication: start afresh
	}
	log, err := results.OpenLog(dir, len(m.Scenarios))
	if err != nil {
		return refuse("%w", err)
	}
	if wopt.LogValid, err = log.Replay(func(*experiment.Replication) error { return nil }); err != nil {
		return refuse("%w", err)
	}
	e.Previous = func(yield func(*experiment.Replication) error) error {
		_, err := log.Replay(yield)
		return err
	}
	return unlock, false, nil
}
