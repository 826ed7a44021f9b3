package sim

import (
	"math"
	"testing"
)

// TestPriceCap: a market whose upstream prices ran far above their inputs
// (what a long or cyclic chain of handovers compounds, tenfold a hop at the
// highest loss) and that loses most of its loads moves toward
// MaxPriceFactor times its input price and no higher, month after month.
// Before the cap, P* was +Inf and so, after one month, was the price, the
// run's money and its summary.
func TestPriceCap(t *testing.T) {
	w := &World{Places: []Place{{ID: "m", Price: [NumCommodities]float64{1000, 100, 1}}}}
	m := &model{world: w, params: &Params{Markets: MarketParams{Inertia: 0.5, Memory: 0.5}}}
	m.initMarkets()
	for _, upDev := range []float64{1e6, 1e300, math.MaxFloat64} {
		mk := &m.markets[0][Heroin]
		mk.price, mk.upDev, mk.loss = 1000, upDev, 1
		for month := range 60 {
			m.reprice()
			if p := mk.price; math.IsInf(p, 0) || math.IsNaN(p) || p > MaxPriceFactor*1000 {
				t.Fatalf("upstream deviation %g, month %d: price %v, want at most %v", upDev, month, p, MaxPriceFactor*1000)
			}
		}
		if want := float64(MaxPriceFactor * 1000); math.Abs(mk.price-want) > 1e-6*want {
			t.Errorf("upstream deviation %g: price after 60 months %v, want the cap %v", upDev, mk.price, want)
		}
	}
}
