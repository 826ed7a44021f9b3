package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

// The warm-up (issue 21, item 8). A run starts with empty stocks and loads,
// prior beliefs, input prices, no standing arrangements and no career
// couriers; a chain that has run for years has none of these. So a run
// starts Params.WarmupMonths before Params.Start and discards those months:
// the engine's clock, the seasons and the calendar run through them, the
// epochs dated in them take over in their month, and everything the model
// holds carries over to the first measured day (stocks, loads on the road,
// beliefs, prices, arrangements, informants, couriers' careers, units'
// effort, mobile officers, groups' cash). The Outcome is of the measured
// period alone, and its balances start from what the chain held then
// (Outcome.InTransitAtStart, CouriersActiveAtStart, GroupCashAtStart).
//
// Scenarios whose warm-ups are the same (equal WarmupKey: the same worlds
// and parameters through the warm-up) share it: WarmUp runs it once per
// replication, and Warm.Run continues a copy of it into each scenario's
// measured period. A shared warm-up gives every scenario the Outcome its
// own would, bit for bit (common random numbers: every stream is copied
// where it was).

// MaxWarmupMonths is the longest warm-up (a hundred years).
const MaxWarmupMonths = 1200

// daysIn is the days of the months calendar months from start.
func daysIn(start YearMonth, months int) int {
	days := 0
	for i := range months {
		m := start.Add(i).Month
		days += monthStart[m] - monthStart[m-1]
	}
	return days
}

// Warm is one replication at the end of its warm-up: what the measured
// periods of the scenarios that share the warm-up start from. Run never
// changes it, so it serves every scenario that shares it, one after the
// other or at once.
type Warm struct {
	m                 *model // nil: no warm-up (Run starts from scratch)
	start             YearMonth
	warm              int // months
	seed, replication uint64
}

// WarmUp simulates the warm-up of one replication: the epochs from the
// run's first month (Params.Start less Params.WarmupMonths) to the measured
// start, each taking over at the start of its month. Epochs from the
// measured start on are ignored. With no warm-up it returns a Warm that
// runs each scenario from its start.
func WarmUp(ctx context.Context, epochs []Epoch, seed, replication uint64) (*Warm, error) {
	if err := checkEpochs(epochs); err != nil {
		return nil, err
	}
	p := epochs[0].Params
	w := &Warm{start: p.Start, warm: p.WarmupMonths, seed: seed, replication: replication}
	if p.WarmupMonths == 0 {
		return w, nil
	}
	m, _, err := warmUp(ctx, epochs, seed, replication)
	if err != nil {
		return nil, err
	}
	m.laterEpochs, m.ledger = nil, ledger{} // the warm-up's record is discarded
	w.m = m
	return w, nil
}

// Run simulates the measured period of a scenario that shares the warm-up
// (WarmupKey(epochs) is the key of the epochs w was warmed up with): a copy
// of w enters the epochs from the measured start on. Epochs before it are
// the warm-up's, already run. The Outcome is the one RunEpochs(epochs)
// gives, bit for bit.
func (w *Warm) Run(ctx context.Context, epochs []Epoch) (Outcome, error) {
	if err := checkEpochs(epochs); err != nil {
		return Outcome{}, err
	}
	p := epochs[0].Params
	if p.Start != w.start || p.WarmupMonths != w.warm {
		return Outcome{}, fmt.Errorf("sim: a run from %v after %d months of warm-up cannot continue a warm-up to %v of %d months",
			p.Start, p.WarmupMonths, w.start, w.warm)
	}
	if w.m == nil {
		return run(ctx, epochs[0].World, p, epochs[1:], w.seed, w.replication)
	}
	_, measured := splitEpochs(epochs)
	return w.m.copy().measure(ctx, measured)
}

// runWarm is RunEpochs with a warm-up: the warm-up, then the measured
// period, on one model.
func runWarm(ctx context.Context, epochs []Epoch, seed, replication uint64) (Outcome, error) {
	m, measured, err := warmUp(ctx, epochs, seed, replication)
	if err != nil {
		return Outcome{}, err
	}
	return m.measure(ctx, measured)
}

// warmUp runs the warm-up of epochs (WarmupMonths > 0) and returns the
// model at its end, with the epochs of the measured period (splitEpochs).
func warmUp(ctx context.Context, epochs []Epoch, seed, replication uint64) (*model, []Epoch, error) {
	warm, measured := splitEpochs(epochs)
	m := newModel(warm[0].World, warm[0].Params, seed, replication)
	m.laterEpochs = warm[1:]
	if err := m.days(ctx, m.firstDay); err != nil {
		return nil, nil, err
	}
	return m, measured, nil
}

// splitEpochs splits the epochs of a run with a warm-up at its measured
// start: those before it (at least the first) and those from it on, the
// first of which begins at the measured start (the epoch in force then, if
// none begins there), so that every run enters it at the same point.
func splitEpochs(epochs []Epoch) (warm, measured []Epoch) {
	start := epochs[0].Params.Start
	i := 1
	for i < len(epochs) && epochs[i].From.Sub(start) < 0 {
		i++
	}
	warm, measured = epochs[:i], epochs[i:]
	if len(measured) == 0 || measured[0].From != start {
		last := warm[len(warm)-1]
		measured = append([]Epoch{{From: start, World: last.World, Params: last.Params}}, measured...)
	}
	return warm, measured
}

// measure runs the measured period of a model at the end of its warm-up:
// a new ledger, from what the chain holds now, records it; measured[0],
// beginning at the measured start, takes over at its first month start and
// the later epochs at theirs.
func (m *model) measure(ctx context.Context, measured []Epoch) (Outcome, error) {
	p := measured[0].Params
	m.laterEpochs = measured
	m.ledger = newLedger(m.world, m.seed, m.replication, p.Start, p.Days)
	var inTransit [NumCommodities]Grams
	couriers, cash := len(m.trips), int64(0) // every load on the road has its courier
	for gi := range m.groups {
		g := &m.groups[gi]
		for c := range inTransit {
			inTransit[c] += g.stock[c]
		}
		couriers += len(g.idleCouriers)
		cash += g.cash
	}
	for i := range m.trips {
		inTransit[m.trips[i].commodity] += m.trips[i].grams
	}
	m.ledger.atStart(inTransit, couriers, cash)
	if err := m.days(ctx, m.firstDay+p.Days); err != nil {
		return Outcome{}, err
	}
	m.finish()
	return m.ledger.out, nil
}

// recordState records the chain's state at a month start: what is in the
// groups' stocks and on the road, the groups' mean believed loss over all
// their routes and over the route each used last, and the standing
// arrangements in force.
func (m *model) recordState() {
	var inTransit [NumCommodities]Grams
	belief, used := 0.0, 0.0
	routes, users, arrangements := 0, 0, 0
	for gi := range m.groups {
		g := &m.groups[gi]
		for c := range inTransit {
			inTransit[c] += g.stock[c]
		}
		for _, b := range g.belief {
			belief += b
		}
		routes += len(g.belief)
		if g.lastRoute >= 0 {
			used += g.belief[g.lastRoute]
			users++
		}
		arrangements += len(g.arrangements)
	}
	for i := range m.trips {
		inTransit[m.trips[i].commodity] += m.trips[i].grams
	}
	if routes > 0 {
		belief /= float64(routes)
	}
	if users > 0 {
		used /= float64(users)
	}
	m.ledger.monthState(inTransit, belief, used, arrangements)
}

// copy returns a copy of the model that shares no state that changes with
// it: running one leaves the other where it was. The world, the parameters
// and who receives what where (receivers, fixed for the run) are shared;
// the ledger is not copied (measure opens a new one).
func (m *model) copy() *model {
	c := *m
	c.units = slices.Clone(m.units)
	c.groups = make([]group, len(m.groups))
	for i, g := range m.groups {
		g.belief = slices.Clone(g.belief)
		g.arrangements = slices.Clone(g.arrangements)
		g.idleCouriers = slices.Clone(g.idleCouriers)
		c.groups[i] = g
	}
	c.labs = slices.Clone(m.labs)
	c.markets = slices.Clone(m.markets)
	c.trips = slices.Clone(m.trips)
	c.routeRuns = make([][]routeRun, len(m.routeRuns))
	for i := range m.routeRuns {
		c.routeRuns[i] = slices.Clone(m.routeRuns[i])
	}
	c.downstreamRisk = slices.Clone(m.downstreamRisk)
	c.utility = make([]float64, len(m.utility))
	c.shipRNG, c.encounterRNG, c.beliefRNG = m.shipRNG.copy(), m.encounterRNG.copy(), m.beliefRNG.copy()
	c.intelRNG, c.corruptionRNG = m.intelRNG.copy(), m.corruptionRNG.copy()
	c.laterEpochs, c.ledger = nil, ledger{}
	return &c
}

// WarmupKey identifies a run's warm-up: the runs of two lists of epochs
// with the same key warm up identically (a digest of the warm-up's length,
// its start and, of each epoch before the measured start, its month, world
// and parameters but the measured period's length, which the warm-up does
// not use), so they may share it (WarmUp). It is "" when there is no
// warm-up.
func WarmupKey(epochs []Epoch) string {
	if len(epochs) == 0 || epochs[0].Params.WarmupMonths == 0 {
		return ""
	}
	h := sha256.New()
	warm, _ := splitEpochs(epochs)
	fmt.Fprintf(h, "warm-up %d months to %v\n", epochs[0].Params.WarmupMonths, epochs[0].Params.Start)
	for _, e := range warm {
		p := *e.Params
		p.Days = 0
		fmt.Fprintf(h, "epoch %v\n%#v\n%#v\n", e.From, *e.World, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
