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

// Run simulates one replication of world w with parameters p (after
// p.WarmupMonths of warm-up in the same world). The seed and replication
// index fix every random draw: the same (seed, replication) gives the same
// Outcome, bit for bit. w must have been prepared (World.Prepare).
func Run(w *World, p *Params, seed, replication uint64) (Outcome, error) {
	return RunEpochs([]Epoch{{From: p.Start.Add(-p.WarmupMonths), World: w, Params: p}}, seed, replication)
}

// RunContext is Run that stops within a day's step once ctx is done,
// returning ctx's error and no outcome.
func RunContext(ctx context.Context, w *World, p *Params, seed, replication uint64) (Outcome, error) {
	return RunEpochsContext(ctx, []Epoch{{From: p.Start.Add(-p.WarmupMonths), World: w, Params: p}}, seed, replication)
}

// checkRun checks what a run needs of w and p.
func checkRun(w *World, p *Params) error {
	if w.PlaceCountry == nil || w.Routes == nil {
		return errors.New("sim: world not prepared (call World.Prepare)")
	}
	if p.Days <= 0 {
		return fmt.Errorf("sim: days must be positive, got %d", p.Days)
	}
	if p.Start.Month < 1 || p.Start.Month > 12 {
		return fmt.Errorf("sim: start month must be 1-12, got %d", p.Start.Month)
	}
	if p.WarmupMonths < 0 || p.WarmupMonths > MaxWarmupMonths {
		return fmt.Errorf("sim: warm-up of %d months (want 0..%d)", p.WarmupMonths, MaxWarmupMonths)
	}
	return nil
}

// run simulates one replication of w with p, with no warm-up, entering
// each of the later epochs at the start of its month.
func run(ctx context.Context, w *World, p *Params, later []Epoch, seed, replication uint64) (Outcome, error) {
	m := newModel(w, p, seed, replication)
	m.laterEpochs = later
	if err := m.days(ctx, m.firstDay+p.Days); err != nil {
		return Outcome{}, err
	}
	m.finish()
	return m.ledger.out, nil
}

// days runs the days from today's to end (not included). It gives up, with
// ctx's error, at the first day that begins after ctx is done.
func (m *model) days(ctx context.Context, end int) error {
	done := ctx.Done() // nil for context.Background: never done
	for ; m.day < end; m.day++ {
		if done != nil {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
		}
		m.step()
	}
	return nil
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
	if m.day == m.startDay || month != Month(m.day-1) {
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
//     mobile officers between their units (not on the run's first day:
//     nothing has happened yet; unit.go, agency.go);
//  4. prices move with last month's losses, and are recorded (market.go);
//  5. agencies recruit informants (intelligence.go);
//  6. standing arrangements are paid or broken (corruption.go);
//  7. idle retained couriers may retire (trip.go);
//  8. the groups' view of the risk down the chain is updated (route_choice.go);
//  9. the chain's state is recorded (warmup.go), and, in the first measured
//     year, where the mobile officers are.
func (m *model) monthStart(month int) {
	m.ledger.openMonth(len(m.world.Countries))
	if len(m.laterEpochs) > 0 && m.laterEpochs[0].From == m.ledger.month.Month {
		m.enter(m.laterEpochs[0])
		m.laterEpochs = m.laterEpochs[1:]
	}
	if m.day > m.startDay {
		m.reviewEffort()
		m.moveMobileOfficers()
	}
	m.reprice()
	m.ledger.monthPrices(m.marketPrices())
	m.recruit()
	m.keepArrangements()
	m.retire()
	m.chainRisks()
	m.recordState()
	if d := m.day - m.firstDay; d >= 0 && d < 365 {
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
