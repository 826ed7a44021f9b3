package sim

import (
	"sort"
)

// Seizure is one load lost to law enforcement.
type Seizure struct {
	Day       int
	Place     int // place index
	Commodity Commodity
	Mode      Mode
	Method    Method
	Grams     Grams
	Arrest    bool // false when the courier escaped (a dumped load)
}

// MonthOutcome is what happened in one calendar month of a run.
type MonthOutcome struct {
	Month                                YearMonth
	Shipped, Seized, Delivered, Retained [NumCommodities]Grams
	// SeizedIn[k][c], EnteredIn[k][c]: grams of c seized in, and arriving
	// in from another country, country k (World.Countries).
	SeizedIn, EnteredIn              [][NumCommodities]Grams
	CourierArrests, OrganiserArrests int
	BribesUSD                        float64
	// SoldIn[k][c], SoldUSDIn[k][c]: grams of c that reached the end of a
	// trip in country k (sold there to the next group, to retail or to a
	// final market), and what they were sold for at the month's prices
	// (market.go). PriceIn gives the mean price.
	SoldIn    [][NumCommodities]Grams
	SoldUSDIn [][NumCommodities]float64
	// MarketPrice[i][c]: the price of c, USD per kg, at market World.Markets[i]
	// this month (prices move only at month starts: market.go).
	MarketPrice [][NumCommodities]float64
}

// PriceIn is the mean price, USD per kg, at which c was sold in country k in
// the month (weighted by the grams sold), or 0 when none was.
func (m *MonthOutcome) PriceIn(k int, c Commodity) float64 {
	return meanPrice(m.SoldIn[k][c], m.SoldUSDIn[k][c])
}

func meanPrice(g Grams, usd float64) float64 {
	if g <= 0 {
		return 0
	}
	return usd / g.Kg()
}

// MonthState is the chain's state at the start of a calendar month (after
// the month start's decisions), and the loads of the month: the series that
// show a run settling from its empty start (docs/warmup.svg).
type MonthState struct {
	Month YearMonth
	// InTransit: grams in the groups' stocks or on the road.
	InTransit [NumCommodities]Grams
	// MeanBelief: the groups' believed loss of their routes, averaged over
	// every group and route; UsedBelief: of the route each group used last,
	// averaged over the groups that have sent a load (the routes in use).
	MeanBelief, UsedBelief float64
	// Arrangements: standing arrangements in force.
	Arrangements int
	// Trips: loads dispatched in the month; CareerTrips: of them, carried
	// by retained (career) couriers.
	Trips, CareerTrips int
}

// Outcome is what one replication returns, over its measured period (a
// warm-up before it is simulated and discarded: warmup.go). Every mass is
// in whole grams.
//
// Mass balance holds for every commodity:
//
//	Shipped + InTransitAtStart = Seized + Delivered + Retained + InTransit
type Outcome struct {
	Seed, Replication uint64
	Days              int // measured days

	// What the chain held at the first measured day, after a warm-up (zero
	// without one): in transit, couriers working, and the groups' cash
	// (cents). The balances start from them.
	InTransitAtStart      [NumCommodities]Grams
	CouriersActiveAtStart int
	GroupCashAtStart      int64

	Shipped   [NumCommodities]Grams // released from sources into the chain
	Seized    [NumCommodities]Grams
	Delivered [NumCommodities]Grams // reached a final market, an exit, or (precursor) the labs
	Retained  [NumCommodities]Grams // sold into transit retail markets (Osh, Bishkek, Almaty...)
	InTransit [NumCommodities]Grams // in group stocks or on the road when the run ends

	HeroinProduced    Grams // by the labs during the run
	PrecursorConsumed Grams // acetic anhydride used by the labs

	BribesUSD   float64 // ad-hoc bribes, extortion and standing fees
	Bribes      int     // payments made
	AdHocUSD    float64 // of BribesUSD: ad-hoc bribes and roadside extortion
	StandingUSD float64 // of BribesUSD: monthly fees of standing arrangements

	// Enforcement as agents (unit.go, agency.go, intelligence.go, corruption.go).
	EffortUSD        [NumEfforts]float64 // money spent on each kind of effort
	EffortSeized     [NumEfforts][NumCommodities]Grams
	EffortCouriers   [NumEfforts]int // couriers arrested, by the effort that seized their load
	EffortOrganisers [NumEfforts]int // organisers arrested, likewise
	TipsReceived     int             // tips from informants inside groups
	TipsActed        int             // of them, acted on by a unit on the load's route
	TipsLeaked       int             // of them, leaked to the group by a corrupt unit
	Followed         int             // controlled deliveries run
	FollowedIn       []int           // of them, run by an agency of country k (World.Countries)
	// InvestigationsHalted: raids, controlled deliveries' arrests and
	// organiser arrests halted under pressure from a group with an
	// arrangement (corruption.go).
	InvestigationsHalted int
	FollowArrests        int // organisers arrested at the end of a controlled delivery
	Arrangements         int // standing arrangements formed
	ArrangementsBroken   int // arrangements broken (rotation, investigation, an unhidden seizure)
	ArrangementMonths    int // arrangements in force, summed over month starts
	// Groups and couriers (group.go, trip.go). Couriers balance:
	//	CouriersHired + CouriersActiveAtStart = CouriersActive + CourierArrests + CouriersRetired
	// and the groups' cash (cents):
	//	GroupIncome + GroupCashAtStart = GroupPayments + GroupCash
	GroupsDisrupted, GroupsDissolved, GroupsReplaced int
	CouriersHired, CouriersRetired, CouriersActive   int
	CareerTrips                                      int // loads carried by retained couriers
	GroupIncome, GroupPayments, GroupCash            int64

	// MobileAt[p][m]: mobile officers at place p at the start of month m (1-12)
	// of the run's first year, for places of agencies with mobile staff.
	MobileAt         [][12]float32
	CourierArrests   int
	OrganiserArrests int
	Trips            int // loads dispatched
	Encounters       int // loads meeting a guard unit

	Seizures []Seizure

	// Months is what happened in each calendar month of the run, from
	// Params.Start on (the last may be partial).
	Months []MonthOutcome
	// States is the chain's state at the start of each of those months.
	States []MonthState

	// SegmentFlow[s][d][m][c]: grams of c moved by mode m over segment s,
	// d = 0 from Segments[s].From to To, d = 1 the other way.
	SegmentFlow [][2][NumModes][NumCommodities]Grams
	// Entered[k][c]: grams of c arriving in country k (World.Countries) from
	// another country.
	Entered [][NumCommodities]Grams
	// RetainedIn[k][c]: grams of c sold into retail in country k.
	RetainedIn [][NumCommodities]Grams
	// DeliveredAt[p][c]: grams of c delivered at place p.
	DeliveredAt [][NumCommodities]Grams
	// ArrivedAt[p][c]: grams of c reaching place p at the end of a trip;
	// LostTo[p][c]: grams of c seized on trips heading to p. Their ratio
	// LostTo/(LostTo+ArrivedAt) is the loss the groups experienced on the
	// way to p (market.go; the reference losses are measured from it).
	ArrivedAt, LostTo [][NumCommodities]Grams
	// SoldIn[k][c], SoldUSDIn[k][c]: as MonthOutcome's, over the run.
	SoldIn    [][NumCommodities]Grams
	SoldUSDIn [][NumCommodities]float64
	// Price[p][c]: the price of c at place p in the run's last month, USD
	// per kg (market.go).
	Price [][NumCommodities]float64
}

// PriceIn is the mean price, USD per kg, at which c was sold in country k
// over the run (weighted by the grams sold), or 0 when none was.
func (o *Outcome) PriceIn(k int, c Commodity) float64 {
	return meanPrice(o.SoldIn[k][c], o.SoldUSDIn[k][c])
}

// Moved returns the grams of c moved over segment s in direction d by any mode.
func (o *Outcome) Moved(s, d int, c Commodity) Grams {
	var g Grams
	for m := Mode(0); m < NumModes; m++ {
		g += o.SegmentFlow[s][d][m][c]
	}
	return g
}

// SeizedIn returns the grams of c seized in country k.
func (o *Outcome) SeizedIn(w *World, k int, c Commodity) Grams {
	var g Grams
	for i := range o.Seizures {
		s := &o.Seizures[i]
		if s.Commodity == c && w.PlaceCountry[s.Place] == k {
			g += s.Grams
		}
	}
	return g
}

// Dimension is a way to break seizures down.
type Dimension uint8

// The breakdown dimensions.
const (
	ByCountry  Dimension = iota // country code
	ByPlace                     // place id
	ByLocation                  // border or inland
	ByMode                      // transport mode
	ByMethod                    // detection method
	ByOutcome                   // arrest or no-arrest
	NumDimensions
)

var dimensionNames = [NumDimensions]string{"country", "place", "location", "mode", "method", "outcome"}

func (d Dimension) String() string {
	if d < NumDimensions {
		return dimensionNames[d]
	}
	return "dimension?"
}

// ParseDimension returns the dimension with the given name.
func ParseDimension(s string) (Dimension, bool) {
	for d := Dimension(0); d < NumDimensions; d++ {
		if d.String() == s {
			return d, true
		}
	}
	return 0, false
}

// BreakdownRow is the total of seizures sharing one key.
type BreakdownRow struct {
	Commodity Commodity
	Key       string
	Grams     Grams
	Events    int
}

// Breakdown totals the seizures by commodity and the key of dimension d,
// sorted by commodity then key.
func (o *Outcome) Breakdown(w *World, d Dimension) []BreakdownRow {
	type k struct {
		c   Commodity
		key string
	}
	agg := map[k]*BreakdownRow{}
	for i := range o.Seizures {
		s := &o.Seizures[i]
		key := SeizureKey(w, s, d)
		r := agg[k{s.Commodity, key}]
		if r == nil {
			r = &BreakdownRow{Commodity: s.Commodity, Key: key}
			agg[k{s.Commodity, key}] = r
		}
		r.Grams += s.Grams
		r.Events++
	}
	rows := make([]BreakdownRow, 0, len(agg))
	for _, r := range agg {
		rows = append(rows, *r)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Commodity != rows[j].Commodity {
			return rows[i].Commodity < rows[j].Commodity
		}
		return rows[i].Key < rows[j].Key
	})
	return rows
}

// SeizureKey returns the key of seizure s in dimension d.
func SeizureKey(w *World, s *Seizure, d Dimension) string {
	p := &w.Places[s.Place]
	switch d {
	case ByCountry:
		return p.Country
	case ByPlace:
		return p.ID
	case ByLocation:
		if p.IsBorder() {
			return "border"
		}
		return "inland"
	case ByMode:
		return s.Mode.String()
	case ByMethod:
		return s.Method.String()
	case ByOutcome:
		if s.Arrest {
			return "arrest"
		}
		return "no-arrest"
	}
	return ""
}
