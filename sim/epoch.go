package sim

import (
	"context"
	"fmt"
)

// Epoch is the world and parameters in force from a month on: a scenario's
// dated events (scenario [[event]]) make a run a sequence of epochs. Every
// epoch's world has the same places, segments, routes, agencies and group
// populations as the first; only values differ (traits, schedules, rates,
// lab output, groups' profiles, interventions at existing places).
type Epoch struct {
	From   YearMonth
	World  *World
	Params *Params
}

// RunEpochs simulates one replication through the epochs, the first from
// the run's first month (Params.Start, or the warm-up's first month when
// Params.WarmupMonths > 0); each later one takes over at the start of its
// month. Run(w, p, ...) is RunEpochs with the one epoch of w and p.
func RunEpochs(epochs []Epoch, seed, replication uint64) (Outcome, error) {
	return RunEpochsContext(context.Background(), epochs, seed, replication)
}

// RunEpochsContext is RunEpochs that stops within a day's step once ctx is
// done, returning ctx's error and no outcome.
func RunEpochsContext(ctx context.Context, epochs []Epoch, seed, replication uint64) (Outcome, error) {
	if err := checkEpochs(epochs); err != nil {
		return Outcome{}, err
	}
	if epochs[0].Params.WarmupMonths > 0 {
		return runWarm(ctx, epochs, seed, replication)
	}
	return run(ctx, epochs[0].World, epochs[0].Params, epochs[1:], seed, replication)
}

// checkEpochs checks that epochs make a run: a first that can run, and
// later ones in order, after the run's first month, on the same network,
// with the same start, length and warm-up.
func checkEpochs(epochs []Epoch) error {
	if len(epochs) == 0 {
		return fmt.Errorf("sim: no epoch to run")
	}
	first := epochs[0]
	if err := checkRun(first.World, first.Params); err != nil {
		return err
	}
	runStart := first.Params.Start.Add(-first.Params.WarmupMonths)
	for i := 1; i < len(epochs); i++ {
		e := epochs[i]
		if e.From.Sub(epochs[i-1].From) <= 0 || e.From.Sub(runStart) <= 0 {
			return fmt.Errorf("sim: epoch %d (%v) does not follow epoch %d (%v) and the run's first month (%v)", i, e.From, i-1, epochs[i-1].From, runStart)
		}
		if err := SameNetwork(first.World, e.World, true); err != nil {
			return fmt.Errorf("sim: epoch %v: %w", e.From, err)
		}
		if e.Params.Days != first.Params.Days || e.Params.Start != first.Params.Start || e.Params.WarmupMonths != first.Params.WarmupMonths {
			return fmt.Errorf("sim: epoch %v changes the run's start, length or warm-up", e.From)
		}
	}
	return nil
}

// SameNetwork reports how b's network differs from a's, or nil: the places,
// segments, agencies and group populations an epoch must keep, and, with
// routes, the same candidate routes (UnionRoutes gives them).
func SameNetwork(a, b *World, routes bool) error {
	switch {
	case b.PlaceCountry == nil || b.Routes == nil:
		return fmt.Errorf("world not prepared (call World.Prepare)")
	case len(a.Places) != len(b.Places):
		return fmt.Errorf("%d places, not %d", len(b.Places), len(a.Places))
	case len(a.Segments) != len(b.Segments):
		return fmt.Errorf("%d segments, not %d", len(b.Segments), len(a.Segments))
	case len(a.Populations) != len(b.Populations):
		return fmt.Errorf("%d group populations, not %d", len(b.Populations), len(a.Populations))
	case len(a.Agencies) != len(b.Agencies):
		return fmt.Errorf("%d agencies, not %d", len(b.Agencies), len(a.Agencies))
	}
	for i := range a.Places {
		if a.Places[i].ID != b.Places[i].ID {
			return fmt.Errorf("place %d is %q, not %q", i, b.Places[i].ID, a.Places[i].ID)
		}
	}
	for i := range a.Populations {
		ga, gb := &a.Populations[i], &b.Populations[i]
		if ga.ID != gb.ID || ga.Count != gb.Count || ga.Couriers != gb.Couriers {
			return fmt.Errorf("group %q: its id, count or couriers changed (groups are agents for the whole run)", ga.ID)
		}
		if !routes {
			continue
		}
		if len(a.Routes[i]) != len(b.Routes[i]) {
			return fmt.Errorf("group %q has %d routes, not %d (give every epoch the same routes: UnionRoutes)",
				ga.ID, len(b.Routes[i]), len(a.Routes[i]))
		}
		for r := range a.Routes[i] {
			ra, rb := &a.Routes[i][r], &b.Routes[i][r]
			if ra.Mode != rb.Mode || ra.Dest != rb.Dest || len(ra.Segs) != len(rb.Segs) {
				return fmt.Errorf("group %q: route %d changed", ga.ID, r)
			}
		}
	}
	return nil
}

// enter switches the run to epoch e at the start of a month: the world and
// parameters change; each place whose traits or agency changed gets its unit
// drawn again (from the same stream as at the start, so a change of a trait
// moves its draw, common random numbers kept), keeping the mobile officers
// sent there and, where its methods are the same, its effort; route costs and
// load sizes are worked out again.
func (m *model) enter(e Epoch) {
	old := m.world
	m.world, m.params = e.World, e.Params
	for i := range m.world.Places {
		a, b := &old.Places[i], &m.world.Places[i]
		if a.Traits == b.Traits && a.Agency == b.Agency {
			continue
		}
		m.units[i].redraw(b, &m.params.Interdiction, m.seed, m.replication)
	}
	m.measureRoutes()
}
