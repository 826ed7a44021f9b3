package sim

// The ledger is the one writer of a run's Outcome (Mesa's DataCollector, as
// a small type in a hot loop): behaviour tells it what happened through the
// named methods below and never touches the Outcome's fields, so an event is
// recorded in one place, and a new metric is one method, not ten edits. It
// also keeps the record of the month in progress (Outcome.Months).
//
// Every method only adds to what it records (or, at the end of the run and
// at month starts, sets what it records): none draws a random number or
// changes the model, so calling one never changes a result.
type ledger struct {
	out   Outcome
	start YearMonth     // the first month it records
	month *MonthOutcome // this month's record, the last of out.Months
	state *MonthState   // this month's state, the last of out.States
}

// newLedger opens the outcome of replication rep of w over the days from
// the first day of month start: every table sized for w, nothing recorded
// yet.
func newLedger(w *World, seed, rep uint64, start YearMonth, days int) ledger {
	return ledger{start: start, out: Outcome{
		Seed: seed, Replication: rep, Days: days,
		SegmentFlow: make([][2][NumModes][NumCommodities]Grams, len(w.Segments)),
		Entered:     make([][NumCommodities]Grams, len(w.Countries)),
		FollowedIn:  make([]int, len(w.Countries)),
		RetainedIn:  make([][NumCommodities]Grams, len(w.Countries)),
		DeliveredAt: make([][NumCommodities]Grams, len(w.Places)),
		ArrivedAt:   make([][NumCommodities]Grams, len(w.Places)),
		LostTo:      make([][NumCommodities]Grams, len(w.Places)),
		SoldIn:      make([][NumCommodities]Grams, len(w.Countries)),
		SoldUSDIn:   make([][NumCommodities]float64, len(w.Countries)),
		MobileAt:    make([][12]float32, len(w.Places)),
		Months:      make([]MonthOutcome, 0, MonthsIn(start, days)),
		States:      make([]MonthState, 0, MonthsIn(start, days)),
	}}
}

// openMonth opens the record of the next calendar month, the n-th from the
// ledger's start (n = the months recorded so far).
func (l *ledger) openMonth(countries int) {
	l.out.Months = append(l.out.Months, MonthOutcome{Month: l.start.Add(len(l.out.Months)),
		SeizedIn:  make([][NumCommodities]Grams, countries),
		EnteredIn: make([][NumCommodities]Grams, countries),
		SoldIn:    make([][NumCommodities]Grams, countries),
		SoldUSDIn: make([][NumCommodities]float64, countries)})
	l.month = &l.out.Months[len(l.out.Months)-1]
	l.out.States = append(l.out.States, MonthState{Month: l.month.Month})
	l.state = &l.out.States[len(l.out.States)-1]
}

// monthState records the chain's state at the month's start (after the
// month start's decisions): what is in transit, the groups' mean believed
// loss of every route and of the routes in use, and the standing
// arrangements in force.
func (l *ledger) monthState(inTransit [NumCommodities]Grams, meanBelief, usedBelief float64, arrangements int) {
	l.state.InTransit, l.state.MeanBelief, l.state.UsedBelief, l.state.Arrangements = inTransit, meanBelief, usedBelief, arrangements
}

// atStart records what the chain holds at the first measured day, after a
// warm-up: in transit, the couriers working and the groups' cash. The
// balances of the measured period start from them.
func (l *ledger) atStart(inTransit [NumCommodities]Grams, couriers int, cash int64) {
	l.out.InTransitAtStart, l.out.CouriersActiveAtStart, l.out.GroupCashAtStart = inTransit, couriers, cash
}

// monthPrices records the month's price of each commodity at each market
// (prices move only at month starts).
func (l *ledger) monthPrices(prices [][NumCommodities]float64) { l.month.MarketPrice = prices }

// mobileAt records the mobile officers at place p at the start of month
// (1-12) of the run's first year.
func (l *ledger) mobileAt(p, month int, officers float64) {
	l.out.MobileAt[p][month-1] = float32(officers)
}

// shipped records g grams of c released from a source into the chain.
func (l *ledger) shipped(c Commodity, g Grams) {
	l.out.Shipped[c] += g
	l.month.Shipped[c] += g
}

// produced records a day of the labs: heroin made and precursor used.
func (l *ledger) produced(heroin, precursor Grams) {
	l.out.HeroinProduced += heroin
	l.out.PrecursorConsumed += precursor
}

// dispatched records a load setting out, carried by a retained courier or
// by one contracted for it.
func (l *ledger) dispatched(retained bool) {
	l.out.Trips++
	l.state.Trips++
	if retained {
		l.out.CareerTrips++
		l.state.CareerTrips++
	}
}

// traversed records g grams of c moved by mode over segment seg in
// direction dir (0: From to To), from country ka into country kb.
func (l *ledger) traversed(seg, dir int, mode Mode, c Commodity, g Grams, ka, kb int) {
	l.out.SegmentFlow[seg][dir][mode][c] += g
	if ka != kb {
		l.out.Entered[kb][c] += g
		l.month.EnteredIn[kb][c] += g
	}
}

// encountered records a load meeting a guard unit.
func (l *ledger) encountered() { l.out.Encounters++ }

// seized records seizure z, made in country k by effort, of a load heading
// to place dest.
func (l *ledger) seized(z Seizure, k, dest int, effort Effort) {
	c, g := z.Commodity, z.Grams
	l.out.Seized[c] += g
	l.month.Seized[c] += g
	l.month.SeizedIn[k][c] += g
	l.out.EffortSeized[effort][c] += g
	l.out.LostTo[dest][c] += g
	l.out.Seizures = append(l.out.Seizures, z)
}

// forgetSeizures drops the seizure records (EncounterCost, which runs
// encounters by the million, keeps their slice from growing).
func (l *ledger) forgetSeizures() { l.out.Seizures = l.out.Seizures[:0] }

// arrested records a courier arrested with a load seized by effort.
func (l *ledger) arrested(effort Effort) {
	l.out.CourierArrests++
	l.month.CourierArrests++
	l.out.EffortCouriers[effort]++
}

// organiserArrested records an organiser arrested, found by effort.
func (l *ledger) organiserArrested(effort Effort) {
	l.out.OrganiserArrests++
	l.month.OrganiserArrests++
	l.out.EffortOrganisers[effort]++
}

// arrived records g grams of c reaching place p at the end of a trip.
func (l *ledger) arrived(p int, c Commodity, g Grams) { l.out.ArrivedAt[p][c] += g }

// sold records g grams of c sold in country k for usd.
func (l *ledger) sold(k int, c Commodity, g Grams, usd float64) {
	l.out.SoldIn[k][c] += g
	l.out.SoldUSDIn[k][c] += usd
	l.month.SoldIn[k][c] += g
	l.month.SoldUSDIn[k][c] += usd
}

// retained records g grams of c sold into retail in country k.
func (l *ledger) retained(k int, c Commodity, g Grams) {
	l.out.Retained[c] += g
	l.month.Retained[c] += g
	l.out.RetainedIn[k][c] += g
}

// delivered records g grams of c leaving the chain at place p (a final
// market, an exit, or a lab for the precursor).
func (l *ledger) delivered(p int, c Commodity, g Grams) {
	l.out.Delivered[c] += g
	l.month.Delivered[c] += g
	l.out.DeliveredAt[p][c] += g
}

// paid records a payment by a group, in cents.
func (l *ledger) paid(cents int64) { l.out.GroupPayments += cents }

// earned records a group's income, in cents.
func (l *ledger) earned(cents int64) { l.out.GroupIncome += cents }

// bribed records an ad-hoc bribe or a roadside extortion of usd.
func (l *ledger) bribed(usd float64) {
	l.out.BribesUSD += usd
	l.month.BribesUSD += usd
	l.out.AdHocUSD += usd
	l.out.Bribes++
}

// arrangementKept records a standing arrangement kept for a month and its
// fee of usd paid.
func (l *ledger) arrangementKept(usd float64) {
	l.out.BribesUSD += usd
	l.month.BribesUSD += usd
	l.out.StandingUSD += usd
	l.out.Bribes++
	l.out.ArrangementMonths++
}

// arranged records a standing arrangement formed.
func (l *ledger) arranged() { l.out.Arrangements++ }

// arrangementBroken records a standing arrangement ended.
func (l *ledger) arrangementBroken() { l.out.ArrangementsBroken++ }

// spent records usd spent on effort e.
func (l *ledger) spent(e Effort, usd float64) { l.out.EffortUSD[e] += usd }

// tipReceived records an informant reporting a load.
func (l *ledger) tipReceived() { l.out.TipsReceived++ }

// tipLeaked records a tip leaked to the group by a corrupt unit.
func (l *ledger) tipLeaked() { l.out.TipsLeaked++ }

// tipActed records a tip acted on by a unit on the load's route.
func (l *ledger) tipActed() { l.out.TipsActed++ }

// halted: pressure halted an investigation (corruption.go).
func (l *ledger) halted() { l.out.InvestigationsHalted++ }

// followed records a controlled delivery begun.
func (l *ledger) followed(country int) {
	l.out.Followed++
	if country >= 0 {
		l.out.FollowedIn[country]++
	}
}

// followArrest records an organiser arrested at the end of a controlled
// delivery (organiserArrested records the arrest itself).
func (l *ledger) followArrest() { l.out.FollowArrests++ }

// hired records a courier taken on (contracted for a load, or a new
// retained courier).
func (l *ledger) hired() { l.out.CouriersHired++ }

// couriersLeft records n couriers leaving the trade: contracted couriers
// after their load, retained ones retiring or let go with a dissolved group.
func (l *ledger) couriersLeft(n int) { l.out.CouriersRetired += n }

// disrupted records a group stopped by an organiser's arrest.
func (l *ledger) disrupted() { l.out.GroupsDisrupted++ }

// dissolved records a group dissolved (its last organiser arrested).
func (l *ledger) dissolved() { l.out.GroupsDissolved++ }

// replaced records a dissolved group's niche filled by a new group.
func (l *ledger) replaced() { l.out.GroupsReplaced++ }

// inTransit records, at the end of the run, g grams of c still in a group's
// stock or on the road.
func (l *ledger) inTransit(c Commodity, g Grams) { l.out.InTransit[c] += g }

// couriersActive records, at the end of the run, n couriers still working
// (on the road, or retained and waiting for a load).
func (l *ledger) couriersActive(n int) { l.out.CouriersActive += n }

// cashHeld records, at the end of the run, a group's cash in cents.
func (l *ledger) cashHeld(cents int64) { l.out.GroupCash += cents }

// finalPrices records the prices of the run's last month at every place.
func (l *ledger) finalPrices(prices [][NumCommodities]float64) { l.out.Price = prices }
