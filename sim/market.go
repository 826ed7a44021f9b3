package sim

import "math"

// Markets that answer risk (issue #13): the price of each commodity at each
// place moves month by month with the loss the groups experienced on loads
// heading there, in the spirit of Reuter and Kleiman's "risks and prices":
// a trafficker selling at p must recover what he paid upstream, his
// transport and margin, and the loads he expects to lose on the way:
//
//	P*_p = (P_up + k_p) / (1 − L_p)
//
// L_p is the share of the grams of c heading to p that were seized on the
// way (seized / (seized + arrived)), smoothed over the months with weight
// memory on the last month; P_up is the price paid where those loads came
// from, weighted by their grams and smoothed likewise. k_p, transport and
// margin per kg, is anchored so that P* = P⁰ (the place's input price) when
// the loss is the baseline's reference loss L^ref_p and upstream prices are
// at their inputs:
//
//	k_p = P⁰_p·(1 − L^ref_p) − P⁰_up
//	P*_p = P⁰_p + (ΔP_up + P⁰_p·(L_p − L^ref_p)) / (1 − L_p),  ΔP_up = P_up − P⁰_up
//
// with P⁰_up weighted by the same loads as P_up. L_p is capped at MaxLoss
// (a price at most ten times its anchor from risk alone) and P* held within
//
//	0 ≤ P*_p ≤ MaxPriceFactor·P⁰_p
//
// (the upper bound because ΔP_up passes each hop of a chain of handovers
// multiplied by up to 1/(1 − MaxLoss) = 10, so a long or cyclic chain
// would otherwise compound a price to +Inf). Prices move toward P* with inertia (assumption: traders adjust part of
// the way each month):
//
//	P_p ← P_p + inertia·(P*_p − P_p)
//
// A place no load heads to, or whose input price is 0, keeps P⁰. Prices
// change only at month starts, so everything traded in a month trades at
// the month's price.

// MaxLoss caps the loss rate that enters a price (assumption): a price
// rises at most tenfold from risk alone.
const MaxLoss = 0.9

// MaxPriceFactor bounds the risk-covering price P* at MaxPriceFactor times
// the place's input price (assumption): ten times what risk alone can add
// at one place, so two hops' compounding at the highest loss and nothing
// more. The shipped scenarios' prices stay below 4 times their inputs, so
// the bound never binds there; it keeps every price, and the money of a run
// (MaxUSD per kg at most times this factor), finite.
const MaxPriceFactor = 100

// market is one commodity at one place during a run.
type market struct {
	price float64 // current price, USD per kg
	loss  float64 // smoothed loss on loads heading here, L
	upDev float64 // smoothed ΔP_up: upstream prices paid above their inputs, USD per kg

	// This month's tallies of the loads that ended on the way here.
	lost, arrived Grams
	upDevUSD      float64 // Σ kg·(P_origin − P⁰_origin)
}

// initMarkets starts every market at its input price and reference loss.
func (m *model) initMarkets() {
	m.markets = make([][NumCommodities]market, len(m.world.Places))
	for p := range m.world.Places {
		for c := Commodity(0); c < NumCommodities; c++ {
			m.markets[p][c] = market{price: m.world.Places[p].Price[c], loss: m.world.Places[p].ReferenceLoss[c]}
		}
	}
}

// price is the current price of c at place p, USD per kg.
func (m *model) price(p int, c Commodity) float64 { return m.markets[p][c].price }

// tally counts, for the market it was heading to, the end of a trip: lost
// (seized on the way) or arrived.
func (m *model) tally(tr *trip, lost bool) {
	pop := &m.world.Populations[m.groups[tr.group].pop]
	dest := m.world.Routes[m.groups[tr.group].pop][tr.route].Dest
	mk := &m.markets[dest][tr.commodity]
	if lost {
		mk.lost += tr.grams
	} else {
		mk.arrived += tr.grams
	}
	mk.upDevUSD += tr.valueUSD - tr.grams.Kg()*m.world.Places[pop.Origin].Price[tr.commodity]
}

// reprice moves every market's price toward P* from last month's tallies
// (see the file comment), then clears the tallies.
func (m *model) reprice() {
	mp := &m.params.Markets
	for p := range m.markets {
		place := &m.world.Places[p]
		for c := Commodity(0); c < NumCommodities; c++ {
			mk := &m.markets[p][c]
			if n := mk.lost + mk.arrived; n > 0 {
				mk.loss += mp.Memory * (float64(mk.lost)/float64(n) - mk.loss)
				mk.upDev += mp.Memory * (mk.upDevUSD/n.Kg() - mk.upDev)
			}
			mk.lost, mk.arrived, mk.upDevUSD = 0, 0, 0
			p0 := place.Price[c]
			if p0 <= 0 {
				mk.price = p0
				continue
			}
			l := math.Min(mk.loss, MaxLoss)
			target := math.Min(MaxPriceFactor*p0, math.Max(0, p0+(mk.upDev+p0*(l-place.ReferenceLoss[c]))/(1-l)))
			mk.price += mp.Inertia * (target - mk.price)
		}
	}
}

// retailShare is the share of a load of c arriving at p sold into the local
// retail market: the place's share at its input price, scaled by demand
// that answers price with elasticity ε (assumption, docs/MODEL.md §3.3.10):
//
//	share = min(1, RetailShare_p · (P_p / P⁰_p)^ε)
func (m *model) retailShare(p int, c Commodity) float64 {
	place := &m.world.Places[p]
	share := place.RetailShare
	p0 := place.Price[c]
	if share <= 0 || p0 <= 0 || m.params.Markets.Elasticity == 0 {
		return share
	}
	return math.Min(1, share*math.Pow(m.markets[p][c].price/p0, m.params.Markets.Elasticity))
}

// sold records a load of c sold at place p at the current price.
func (m *model) sold(p int, c Commodity, g Grams) {
	m.ledger.sold(m.world.PlaceCountry[p], c, g, g.Kg()*m.markets[p][c].price)
}

// marketPrices returns this month's price of each commodity at each market
// (World.Markets), USD per kg.
func (m *model) marketPrices() [][NumCommodities]float64 {
	prices := make([][NumCommodities]float64, len(m.world.Markets))
	for i, p := range m.world.Markets {
		for c := Commodity(0); c < NumCommodities; c++ {
			prices[i][c] = m.price(p, c)
		}
	}
	return prices
}

// placePrices returns the current price of each commodity at every place,
// USD per kg.
func (m *model) placePrices() [][NumCommodities]float64 {
	prices := make([][NumCommodities]float64, len(m.markets))
	for p := range m.markets {
		for c := Commodity(0); c < NumCommodities; c++ {
			prices[p][c] = m.markets[p][c].price
		}
	}
	return prices
}
