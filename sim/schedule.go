package sim

import (
	"context"
	"errors"
	"fmt"
)

// The schedule: a run is a sequence of days, each in a fixed order of
// phases, with a month start's phases before the first day of every
// calendar month. The order is part of the model: every agent acts in its
// phase, over the agents in index order, so the same (seed, replication)
// draws the same numbers in the same order.

// Run simulates one replication of world w with parameters p. The seed and
// replication index fix every random draw: the same (seed, replication) gives
// the same Outcome, bit for bit. w must have been prepared (World.Prepare).
func Run(w *World, p *Params, seed, replication uint64) (Outcome, error) {
	return RunEpochs([]Epoch{{From: p.Start, World: w, Params: p}}, seed, replication)
}

// RunContext is Run that stops within a day's step once ctx is done,
// returning ctx's error and no outcome.
func RunContext(ctx context.Context, w *World, p *Params, seed, replication uint64) (Outcome, error) {
	return RunEpochsContext(ctx, []Epoch{{From: p.Start, World: w, Params: p}}, seed, replication)
}

// run simulates one replication of w with p, entering each of the later
// epochs at the start of its month. It gives up, with ctx's error, at the
// first day that begins after ctx is done.
func run(ctx context.Context, w *World, p *Params, later []Epoch, seed, replication uint64) (Outcome, error) {
	if w.PlaceCountry == nil || w.Routes == nil {
		return Outcome{}, errors.New("sim: world not prepared (call World.Prepare)")
	}
	if p.Days <= 0 {
		return Outcome{}, fmt.Errorf("sim: days must be positive, got %d", p.Days)
	}
	if p.Start.Month < 1 || p.Start.Month > 12 {
		return Outcome{}, fmt.Errorf("sim: start month must be 1-12, got %d", p.Start.Month)
	}
	m := newModel(w, p, seed, replication)
	m.laterEpochs = later
	done := ctx.Done() // nil for context.Background: never done
	for m.day = m.firstDay; m.day < m.firstDay+p.Days; m.day++ {
		if done != nil {
			select {
			case <-done:
				return Outcome{}, ctx.Err()
			default:
			}
		}
		m.step()
	}
	m.finish()
	return m.ledger.out, nil
}

// step advances the world by one day. In order:
//
//  1. on the first day of a month, the month start (monthStart);
//  2. law enforcement spends a day of its money (agency.go);
//  3. dissolved groups whose niche has waited long enough are replaced (group.go);
//  4. the labs produce (lab.go);
//  5. sources release the day's opiates and precursor to the first groups (lab.go);
//  6. each group, in order, sends loads off (group.go, route_choice.go);
//  7. every load on the road, in the order they set out, moves until the day
//     ends, meeting the units on its way (trip.go, encounter.go).
func (m *model) step() {
	month := Month(m.day)
	if m.day == m.firstDay || month != Month(m.day-1) {
		m.monthStart(month)
	}
	m.spend()
	m.refill()
	m.produce()
	m.release()
	for gi := range m.groups {
		m.dispatch(gi, month)
	}
	m.advanceTrips(month)
}

// monthStart runs the monthly decisions. In order:
//
//  1. the ledger opens the month's record;
//  2. an epoch that begins this month takes over (epoch.go);
//  3. units move effort between their methods and agencies move their
//     mobile officers between their units (not on the first day: nothing
//     has happened yet; unit.go, agency.go);
//  4. prices move with last month's losses, and are recorded (market.go);
//  5. agencies recruit informants (intelligence.go);
//  6. standing arrangements are paid or broken (corruption.go);
//  7. idle retained couriers may retire (trip.go);
//  8. the groups' view of the risk down the chain is updated (route_choice.go);
//  9. in the run's first year, where the mobile officers are is recorded.
func (m *model) monthStart(month int) {
	m.ledger.openMonth(m.params.Start, len(m.world.Countries))
	if len(m.laterEpochs) > 0 && m.laterEpochs[0].From == m.ledger.month.Month {
		m.enter(m.laterEpochs[0])
		m.laterEpochs = m.laterEpochs[1:]
	}
	if m.day > m.firstDay {
		m.reviewEffort()
		m.moveMobileOfficers()
	}
	m.reprice()
	m.ledger.monthPrices(m.marketPrices())
	m.recruit()
	m.keepArrangements()
	m.retire()
	m.chainRisks()
	if m.day-m.firstDay < 365 {
		for p := range m.units {
			m.ledger.mobileAt(p, month, m.units[p].mobile)
		}
	}
}

// finish records what is still in the chain when the run ends: stocks and
// loads on the road, the couriers still working, the groups' cash and the
// last month's prices.
func (m *model) finish() {
	for gi := range m.groups {
		for c := Commodity(0); c < NumCommodities; c++ {
			m.ledger.inTransit(c, m.groups[gi].stock[c])
		}
	}
	for i := range m.trips {
		m.ledger.inTransit(m.trips[i].commodity, m.trips[i].grams)
	}
	m.ledger.couriersActive(len(m.trips)) // every load on the road has its courier
	m.ledger.finalPrices(m.placePrices())
	for gi := range m.groups {
		m.ledger.couriersActive(len(m.groups[gi].idleCouriers))
		m.ledger.cashHeld(m.groups[gi].cash)
	}
}
