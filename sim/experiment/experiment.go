package experiment

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"hourglass/sim"
)

// Scenario is one scenario of an experiment.
type Scenario struct {
	Name   string
	Label  string // a sweep or design point's settings, "" otherwise
	World  *sim.World
	Params *sim.Params
	// Epochs, when set, are the worlds of a scenario with dated events
	// (World and Params are then the first's).
	Epochs []sim.Epoch
	// What the scenario's interventions cost (scenario.Scenario's
	// AnnualCost, RunCost and EffectDiscount):
	AnnualCostUSD float64 // a year in force: annual costs plus capital over its lifetime, undiscounted
	RunCostUSD    float64 // over the run, discounted to its start
	// EffectDiscount weighs the kg of the run as RunCostUSD weighs costs:
	// cost per kg is RunCostUSD over kg · EffectDiscount. 0 counts as 1
	// (effects not discounted).
	EffectDiscount float64
	// Baseline is the index of the scenario this one is paired with,
	// replication by replication (common random numbers): its own index
	// for a baseline. The zero value pairs every scenario with the first,
	// as an ordinary comparison or sweep does; a comparison across the
	// levels of a design pairs each alternative with the baseline at its
	// own level.
	Baseline int
}

// run simulates replication rep of sc, giving up within a day once ctx is
// done.
func (sc *Scenario) run(ctx context.Context, seed, rep uint64) (sim.Outcome, error) {
	if len(sc.Epochs) > 0 {
		return sim.RunEpochsContext(ctx, sc.Epochs, seed, rep)
	}
	return sim.RunContext(ctx, sc.World, sc.Params, seed, rep)
}

// epochs returns the scenario's epochs: Epochs, or its one world from the
// run's first month.
func (sc *Scenario) epochs() []sim.Epoch {
	if len(sc.Epochs) > 0 {
		return sc.Epochs
	}
	return []sim.Epoch{{From: sc.Params.Start.Add(-sc.Params.WarmupMonths), World: sc.World, Params: sc.Params}}
}

// warmupGroups groups the scenarios that share their warm-up (the same
// sim.WarmupKey: the same worlds and parameters through it), in the order
// of their first scenario; a scenario without a warm-up, or whose warm-up
// no other shares, is a group alone. Replication r of a group warms up once
// (sim.WarmUp) and each of its scenarios continues a copy of that state,
// with the Outcome its own warm-up would give, bit for bit.
func (e *Experiment) warmupGroups() [][]int {
	var groups [][]int
	at := map[string]int{}
	for s := range e.Scenarios {
		key := ""
		if !e.separateWarmups {
			key = sim.WarmupKey(e.Scenarios[s].epochs())
		}
		if g, ok := at[key]; ok && key != "" {
			groups[g] = append(groups[g], s)
			continue
		}
		at[key] = len(groups)
		groups = append(groups, []int{s})
	}
	return groups
}

// runGroup simulates replication rep of the scenarios of group g, sharing
// their warm-up, and passes each Outcome, or the error that stopped it, to
// put with the scenario's index.
func (e *Experiment) runGroup(ctx context.Context, g []int, rep uint64, put func(s int, o *sim.Outcome, err error)) {
	if len(g) == 1 {
		o, err := e.Scenarios[g[0]].run(ctx, e.Seed, rep)
		put(g[0], &o, err)
		return
	}
	warm, err := sim.WarmUp(ctx, e.Scenarios[g[0]].epochs(), e.Seed, rep)
	for _, s := range g {
		var o sim.Outcome
		if err == nil {
			o, err = warm.Run(ctx, e.Scenarios[s].epochs())
		}
		put(s, &o, err)
	}
}

// Sink receives an experiment's replications, whole and in increasing
// index order: first those replayed from an earlier run (replayed true),
// then those run now.
type Sink interface {
	Add(r *Replication, replayed bool) error
}

// Shard is the part of an experiment's replications one process runs:
// shard Index of Count holds replications [Index·n/Count, (Index+1)·n/Count).
// The zero value is the whole experiment.
type Shard struct {
	Index, Count int
}

// Range returns the replications [first, end) of the shard, of n in all.
func (s Shard) Range(n int) (first, end int) {
	if s.Count <= 1 {
		return 0, n
	}
	return s.Index * n / s.Count, (s.Index + 1) * n / s.Count
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Experiment is a Monte Carlo experiment: replications of one or more
// scenarios with common random numbers. Replication r of every scenario
// draws from the generator (Seed, r), whatever the worker count, shard or
// resume, so every statistic is reproducible bit for bit.
type Experiment struct {
	Kind      string // run, compare or sweep
	Scenarios []Scenario
	Seed      uint64
	N         int     // replications per scenario (with Precision, the most)
	Shard     Shard   // the replications this process runs
	Workers   int     // worker goroutines; 0: every core
	Precision float64 // > 0: add batches until every headline CI half-width is within Precision·|mean|

	// Previous replays replications committed earlier (the run being
	// resumed, or the shards being merged), in increasing index order.
	Previous func(yield func(*Replication) error) error
	// MergeOnly runs nothing: every replication must come from Previous.
	MergeOnly bool
	// Progress, when set, is told of every replication committed now.
	Progress func(done, total int)

	// Scenarios that share a warm-up run it once per replication
	// (warmupGroups); separateWarmups runs each scenario's own (tests and
	// benchmarks: the results are the same).
	separateWarmups bool
}

// Result is what Run returns.
type Result struct {
	Summary    *Summary
	First, End int    // the replications [First, End) the experiment covers
	Completed  int    // replications committed, of every scenario
	StoppedBy  string // with Precision: why it stopped
}

// BatchSize is the number of replications a precision run adds at a time.
func BatchSize(n int) int { return max(10, n/10) }

// Run runs the experiment's missing replications on a pool of workers,
// commits them whole and in order to the sink, and returns one Summary
// computed once from everything committed. When ctx is cancelled it stops
// handing out work, cuts short the replications in progress (within a
// simulated day), commits nothing more, and returns the partial result with
// ctx's error.
func (e *Experiment) Run(ctx context.Context, sink Sink) (*Result, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	first, end := e.Shard.Range(e.N)
	acc := newAccumulator(e.spec())
	res := &Result{First: first, End: end}
	next := uint64(first)
	if e.Previous != nil {
		err := e.Previous(func(r *Replication) error {
			switch {
			case r.Index < next:
				return fmt.Errorf("replication %d appears more than once (is a shard given twice?)", r.Index)
			case r.Index > next:
				return fmt.Errorf("the results lack replications %d to %d", next, r.Index-1)
			case len(r.Reps) != len(e.Scenarios):
				return fmt.Errorf("replication %d has %d scenarios, want %d", r.Index, len(r.Reps), len(e.Scenarios))
			}
			acc.add(r)
			next++
			return sink.Add(r, true)
		})
		if err != nil {
			return nil, err
		}
	}
	if e.MergeOnly {
		if next != uint64(end) {
			return nil, fmt.Errorf("the results lack replications %d to %d", next, end-1)
		}
		res.Completed = int(next) - first
		res.Summary = acc.summary(true)
		return res, nil
	}
	target := uint64(end)
	if e.Precision > 0 {
		target = max(next, uint64(first+min(e.N, BatchSize(e.N))))
	}
	groups := e.warmupGroups()
	var err error
	for {
		next, err = e.runRange(ctx, next, target, groups, acc, sink)
		if err != nil {
			break
		}
		if e.Precision <= 0 {
			break
		}
		worst, what := acc.halfWidthRatio()
		if worst <= e.Precision {
			res.StoppedBy = fmt.Sprintf("precision %g reached after %d replications", e.Precision, next-uint64(first))
			break
		}
		if target >= uint64(end) {
			res.StoppedBy = fmt.Sprintf("-n %d reached before precision %g (widest: %s ±%.1f%%)", e.N, e.Precision, what, 100*worst)
			break
		}
		target = min(uint64(end), target+uint64(BatchSize(e.N)))
	}
	res.Completed = int(next) - first
	if e.Precision > 0 && err == nil {
		res.End = int(next)
	}
	res.Summary = acc.summary(err == nil)
	return res, err
}

func (e *Experiment) check() error {
	switch {
	case len(e.Scenarios) == 0:
		return errors.New("experiment: no scenarios")
	case e.N < 1:
		return fmt.Errorf("experiment: %d replications (want at least 1)", e.N)
	case e.Shard.Count > 1 && (e.Shard.Index < 0 || e.Shard.Index >= e.Shard.Count):
		return fmt.Errorf("experiment: shard %d/%d (want 0 <= I < N)", e.Shard.Index, e.Shard.Count)
	case e.Shard.Count > 1 && e.Precision > 0:
		return errors.New("experiment: --precision decides the number of replications as it goes: it cannot be sharded")
	}
	for i, s := range e.Scenarios {
		if b := s.Baseline; b < 0 || b >= len(e.Scenarios) || e.Scenarios[b].Baseline != b {
			return fmt.Errorf("experiment: scenario %d (%s) is paired with scenario %d, which is not a baseline", i, s.Name, b)
		}
	}
	return nil
}

func (e *Experiment) spec() Spec {
	sp := Spec{Kind: e.Kind, Seed: e.Seed, N: e.N}
	for _, s := range e.Scenarios {
		sp.Names = append(sp.Names, s.Name)
		sp.Labels = append(sp.Labels, s.Label)
		sp.Costs = append(sp.Costs, s.AnnualCostUSD)
		sp.RunCosts = append(sp.RunCosts, s.RunCostUSD)
		w := s.EffectDiscount
		if w == 0 {
			w = 1
		}
		sp.EffectDiscounts = append(sp.EffectDiscounts, w)
		sp.Worlds = append(sp.Worlds, s.World)
		sp.Baselines = append(sp.Baselines, s.Baseline)
	}
	return sp
}

// runRange runs replications [from, to) of every scenario, replication-major
// (so an interrupted comparison keeps whole pairs), a job for each group of
// scenarios that share a warm-up (warmupGroups), and commits each
// replication as soon as it and every earlier one are complete. At most
// 4·workers replications are in flight or waiting, so memory does not grow
// with the range. On error it stops handing out work, lets the workers
// finish what they hold, and commits what is whole and in order; on
// cancellation the workers give up what they hold within a day's step and
// nothing more is committed.
// It returns the next replication to commit.
func (e *Experiment) runRange(ctx context.Context, from, to uint64, groups [][]int, acc *accumulator, sink Sink) (uint64, error) {
	if from >= to {
		return from, nil
	}
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	k := len(e.Scenarios)
	total := int(to-from) * k
	type job struct {
		rep uint64
		s   int // a scenario; for jobs, a group of scenarios
	}
	type done struct {
		job job
		out Rep
		err error
	}
	jobs := make(chan job)
	results := make(chan done)
	tokens := make(chan struct{}, 4*workers) // one per replication handed out and not yet committed
	stop := make(chan struct{})
	var halt sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				e.runGroup(ctx, groups[j.s], j.rep, func(s int, o *sim.Outcome, err error) {
					d := done{job: job{j.rep, s}, err: err}
					if err == nil {
						d.out = NewRep(s, e.Scenarios[s].World, o)
					}
					results <- d
				})
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	go func() {
		defer close(jobs)
		for r := from; r < to; r++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			case <-stop:
				return
			}
			for g := range groups {
				select {
				case jobs <- job{r, g}:
				case <-ctx.Done():
					return
				case <-stop:
					return
				}
			}
		}
	}()
	pending := map[uint64]*Replication{}
	next := from
	var firstErr error
	fail := func(err error) {
		if firstErr == nil {
			firstErr = err
			halt.Do(func() { close(stop) })
		}
	}
	for d := range results {
		if d.err != nil && ctx.Err() != nil && errors.Is(d.err, ctx.Err()) {
			continue // cut short by the interruption: nothing to commit
		}
		if d.err != nil {
			fail(fmt.Errorf("replication %d of %s: %w", d.job.rep, e.Scenarios[d.job.s].Name, d.err))
			continue
		}
		p := pending[d.job.rep]
		if p == nil {
			p = &Replication{Index: d.job.rep, Reps: make([]Rep, k)}
			pending[d.job.rep] = p
		}
		p.Reps[d.job.s] = d.out
		// Once interrupted, commit nothing more: what is written is what
		// was committed before the interruption.
		for firstErr == nil && ctx.Err() == nil {
			r := pending[next]
			if r == nil || !complete(r) {
				break
			}
			delete(pending, next)
			acc.add(r)
			if err := sink.Add(r, false); err != nil {
				fail(err)
				break
			}
			next++
			<-tokens
			if e.Progress != nil {
				e.Progress(int(next-from)*k, total)
			}
		}
	}
	if firstErr != nil {
		return next, firstErr
	}
	if next < to {
		return next, ctx.Err()
	}
	return next, nil
}

func complete(r *Replication) bool {
	for i := range r.Reps {
		if r.Reps[i].Values == nil {
			return false
		}
	}
	return true
}

// Discard is a Sink that keeps nothing: for experiments whose Summary is all
// that is wanted.
var Discard Sink = discard{}

type discard struct{}

func (discard) Add(*Replication, bool) error { return nil }

// Collector is a Sink that keeps every replication in memory, for small
// experiments (validation against targets, tests).
type Collector struct {
	Replications []*Replication
}

// Add keeps r.
func (c *Collector) Add(r *Replication, _ bool) error {
	c.Replications = append(c.Replications, r)
	return nil
}

// Reps returns the kept replications of scenario s, in order.
func (c *Collector) Reps(s int) []Rep {
	out := make([]Rep, len(c.Replications))
	for i, r := range c.Replications {
		out[i] = r.Reps[s]
	}
	return out
}
