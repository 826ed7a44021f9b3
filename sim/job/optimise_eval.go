package job

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/portfolio"
	"hourglass/sim/scenario"
)

// An optimisation's evaluations. The gain of portfolio P at replication r
// of ensemble member m is
//
//	gain(P, m, r) = s · (V(base_m + P, r) − V(base_m, r))
//
// with V the objective over the measured period and s = +1 when more is
// better, −1 when less is. Both runs continue one warm-up of replication r
// (sim.WarmUp: the candidates' interventions come into force at the
// measured start, so every portfolio warms up as the base does), so
// replication r of every portfolio and of the base draws the same random
// streams: common random numbers. A value is computed once per
// optimisation: it is kept, written to the evaluation log as soon as its
// batch is done, and read back on resume or from the other shards' logs.

// evalKey is one evaluation.
type evalKey struct {
	member int
	set    portfolio.Set
	rep    int
}

// member is one world the portfolios are evaluated in: the calibrated one
// (member 0: the run-level overrides alone) or an ensemble member's.
type member struct {
	label     string
	overrides []scenario.Override
	weight    float64
	base      *scenario.Scenario // the base scenario in this member
	epochs    []sim.Epoch        // its epochs
}

// builtWorld is a portfolio's scenario in one member, built once.
type builtWorld struct {
	once   sync.Once
	sc     *scenario.Scenario
	epochs []sim.Epoch
	err    error
}

// warmRep is one replication of one member at the end of its warm-up, with
// the base's objective over the measured period.
type warmRep struct {
	once sync.Once
	warm *sim.Warm
	base float64
	err  error
}

// Bounds on what an evaluator keeps: a warm-up (a model, some hundreds of
// KB) is kept for the replications a selection asks for again and again
// (the first stages of successive selections), a built world for the
// portfolios a search comes back to.
const (
	maxWarmKept  = 256
	maxWorldKept = 4096
)

// evaluator evaluates the gains of portfolios (portfolio.Evaluator for
// member 0).
type evaluator struct {
	cands   []scenario.Candidate
	base    *scenario.Base
	members []member
	metric  experiment.Metric
	sign    float64
	seed    uint64
	workers int
	log     *evalLog // nil: nothing logged (tests)

	mu     sync.Mutex
	values map[evalKey]float64
	worlds *bounded[worldKey, builtWorld]
	warms  *bounded[repKey, warmRep]

	builds    atomic.Int64
	buildNs   atomic.Int64
	simulated atomic.Int64
	asked     atomic.Int64 // evaluations asked for, for progress
	done      atomic.Int64
	progress  func(done, total int)
}

type worldKey struct {
	member int
	set    portfolio.Set
}

type repKey struct{ member, rep int }

var _ portfolio.Evaluator = (*evaluator)(nil)

// Evaluate is portfolio.Evaluator: the gains of the jobs in the calibrated
// world (member 0).
func (e *evaluator) Evaluate(ctx context.Context, jobs []portfolio.Job) ([]float64, error) {
	keys := make([]evalKey, len(jobs))
	for i, j := range jobs {
		keys[i] = evalKey{member: 0, set: j.Portfolio, rep: j.Rep}
	}
	return e.gains(ctx, keys)
}

// gains returns the gain of every key, evaluating those not known yet
// (their share, when sharded, and the others' from the shared logs).
func (e *evaluator) gains(ctx context.Context, keys []evalKey) ([]float64, error) {
	var missing []evalKey
	seen := map[evalKey]bool{}
	e.mu.Lock()
	for _, k := range keys {
		if _, ok := e.values[k]; !ok && !k.set.IsEmpty() && !seen[k] {
			seen[k] = true
			missing = append(missing, k)
		}
	}
	e.mu.Unlock()
	e.asked.Add(int64(len(missing)))
	if len(missing) > 0 {
		var err error
		if e.log != nil && e.log.shards() > 1 {
			err = e.shared(ctx, missing)
		} else {
			err = e.run(ctx, missing)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]float64, len(keys))
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, k := range keys {
		if k.set.IsEmpty() {
			continue // buying nothing gains exactly 0
		}
		out[i] = e.values[k]
	}
	return out, nil
}

// known reports whether every key has a value.
func (e *evaluator) known(keys []evalKey) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, k := range keys {
		if _, ok := e.values[k]; !ok {
			return false
		}
	}
	return true
}

// put records values found elsewhere (a log).
func (e *evaluator) put(keys []evalKey, vals []float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, k := range keys {
		if _, ok := e.values[k]; !ok {
			e.values[k] = vals[i]
			e.done.Add(1)
		}
	}
}

// run simulates the keys on the worker pool, in the order given (those of
// one replication together, so they share its warm-up), stores each value
// at its key and logs them in that order. On cancellation it keeps and
// logs what completed.
func (e *evaluator) run(ctx context.Context, keys []evalKey) error {
	keys = slices.Clone(keys)
	slices.SortStableFunc(keys, func(a, b evalKey) int {
		if a.member != b.member {
			return a.member - b.member
		}
		return a.rep - b.rep
	})
	vals := make([]float64, len(keys))
	reps := make([]uint64, len(keys))
	done, runErr := experiment.RunEach(ctx, e.seed, reps, e.workers, func(i int, _ uint64) error {
		v, err := e.gain(ctx, keys[i])
		vals[i] = v
		if err == nil {
			e.simulated.Add(1)
			e.report(1)
		}
		return err
	})
	var doneKeys []evalKey
	var doneVals []float64
	for i := range keys {
		if done[i] {
			doneKeys, doneVals = append(doneKeys, keys[i]), append(doneVals, vals[i])
		}
	}
	e.mu.Lock()
	for i, k := range doneKeys {
		e.values[k] = doneVals[i]
	}
	e.mu.Unlock()
	if e.log != nil {
		if err := e.log.append(doneKeys, doneVals); err != nil {
			return errors.Join(runErr, err)
		}
	}
	return runErr
}

// report tells the progress callback of n more evaluations done.
func (e *evaluator) report(n int) {
	d := e.done.Add(int64(n))
	if e.progress != nil {
		e.progress(int(d), int(max(d, e.asked.Load())))
	}
}

// shared evaluates this shard's part of the keys (owner) and waits for the other shards' parts in their logs. A part that
// does not come within patience (three times what this shard's took, and
// at least 5 s) this shard evaluates itself: a gain is the same whoever
// computes it, so the results do not depend on which shard did what, and a
// shard that never runs only slows the others.
func (e *evaluator) shared(ctx context.Context, keys []evalKey) error {
	idx, count := e.log.shard.Index, e.log.shard.Count
	var mine []evalKey
	for _, k := range keys {
		if owner(k, count) == idx {
			mine = append(mine, k)
		}
	}
	start := time.Now()
	if err := e.run(ctx, mine); err != nil {
		return err
	}
	patience := max(5*time.Second, 3*time.Since(start))
	deadline := time.Now().Add(patience)
	wait := 5 * time.Millisecond // then longer, to 200 ms: a batch of the others' is often in already
	for {
		if err := e.log.readPeers(e); err != nil {
			return err
		}
		if e.known(keys) {
			return nil
		}
		if time.Now().After(deadline) {
			var left []evalKey
			e.mu.Lock()
			for _, k := range keys {
				if _, ok := e.values[k]; !ok {
					left = append(left, k)
				}
			}
			e.mu.Unlock()
			e.log.logf("shard %s: %d evaluations of this batch have not come from the other shards in %v: evaluating them here", e.log.shard, len(left), patience.Round(time.Second))
			return e.run(ctx, left)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
			wait = min(2*wait, 200*time.Millisecond)
		}
	}
}

// gain simulates one key: the portfolio's measured period from the
// replication's warm-up, against the base's.
func (e *evaluator) gain(ctx context.Context, k evalKey) (float64, error) {
	w, err := e.warmUp(ctx, k.member, k.rep)
	if err != nil {
		return 0, err
	}
	bw, err := e.world(k.member, k.set)
	if err != nil {
		return 0, err
	}
	o, err := w.warm.Run(ctx, bw.epochs)
	if err != nil {
		return 0, err
	}
	return e.sign * (experiment.Values(bw.sc.World, &o)[e.metric] - w.base), nil
}

// warmUp is replication rep of member m warmed up, with the base's value.
func (e *evaluator) warmUp(ctx context.Context, m, rep int) (*warmRep, error) {
	k := repKey{m, rep}
	e.mu.Lock()
	w := e.warms.get(k)
	e.mu.Unlock()
	w.once.Do(func() {
		mb := &e.members[m]
		w.warm, w.err = sim.WarmUp(ctx, mb.epochs, e.seed, uint64(rep))
		if w.err != nil {
			return
		}
		var o sim.Outcome
		if o, w.err = w.warm.Run(ctx, mb.epochs); w.err == nil {
			w.base = experiment.Values(mb.base.World, &o)[e.metric]
		}
	})
	if w.err != nil {
		e.mu.Lock()
		e.warms.drop(k, w) // not kept: a cancelled warm-up is done again
		e.mu.Unlock()
		return nil, w.err
	}
	return w, nil
}

// baseValue is the base's objective at replication rep of member m.
func (e *evaluator) baseValue(ctx context.Context, m, rep int) (float64, error) {
	w, err := e.warmUp(ctx, m, rep)
	if err != nil {
		return 0, err
	}
	return w.base, nil
}

// world is portfolio p built in member m.
func (e *evaluator) world(m int, p portfolio.Set) (*builtWorld, error) {
	e.mu.Lock()
	bw := e.worlds.get(worldKey{m, p})
	e.mu.Unlock()
	bw.once.Do(func() {
		start := time.Now()
		bw.sc, bw.err = e.build(m, p)
		if bw.err == nil {
			bw.epochs = bw.sc.AllEpochs()
		}
		e.builds.Add(1)
		e.buildNs.Add(int64(time.Since(start)))
	})
	return bw, bw.err
}

// build builds the base with portfolio p's interventions in member m.
func (e *evaluator) build(m int, p portfolio.Set) (*scenario.Scenario, error) {
	var add []*scenario.Interventions
	var ids []string
	for _, i := range p.Members() {
		add = append(add, e.cands[i].Interventions)
		ids = append(ids, e.cands[i].ID)
	}
	sc, err := e.base.WithInterventions(add, e.members[m].overrides...)
	if err != nil {
		return nil, fmt.Errorf("portfolio %v in %s: %w", ids, e.members[m].label, err)
	}
	return sc, nil
}

// newEvaluator is an evaluator of the candidates in the members' worlds.
func newEvaluator(base *scenario.Base, cands []scenario.Candidate, members []member, metric experiment.Metric, seed uint64, workers int) *evaluator {
	sign := -1.0
	if metric.Info().Good == experiment.Up {
		sign = 1
	}
	return &evaluator{cands: cands, base: base, members: members, metric: metric, sign: sign, seed: seed, workers: workers,
		values: map[evalKey]float64{}, worlds: newBounded[worldKey, builtWorld](maxWorldKept), warms: newBounded[repKey, warmRep](maxWarmKept)}
}

// bounded is a map that keeps its newest entries, at most max (the oldest
// goes first). Not safe for concurrent use: the evaluator's lock guards it.
type bounded[K comparable, V any] struct {
	m     map[K]*V
	order []K
	max   int
}

func newBounded[K comparable, V any](max int) *bounded[K, V] {
	return &bounded[K, V]{m: map[K]*V{}, max: max}
}

// get returns the entry of k, a new zero one if there is none.
func (b *bounded[K, V]) get(k K) *V {
	if v, ok := b.m[k]; ok {
		return v
	}
	v := new(V)
	b.m[k] = v
	b.order = append(b.order, k)
	if len(b.order) > b.max {
		delete(b.m, b.order[0])
		b.order = b.order[1:]
	}
	return v
}

// drop forgets the entry of k if it is still v.
func (b *bounded[K, V]) drop(k K, v *V) {
	if b.m[k] == v {
		delete(b.m, k)
	}
}
