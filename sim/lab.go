package sim

import "math"

// labStock is one lab area's stocks during a run.
type labStock struct {
	heroin    Grams // northern-route heroin not yet released
	precursor Grams
}

// produce runs the Afghan labs for one day. Heroin is made only as far as
// acetic anhydride is in stock:
//
//	made = min(capacity, precursorStock / precursorPerKgHeroin)
//
// so the precursor flow south bounds the heroin flow north. Of what is made,
// the northern share enters the northern-route stock; the rest leaves the
// model by other routes (Iran, Pakistan).
func (m *model) produce() {
	ratio := m.params.PrecursorPerKgHeroin
	for i := range m.world.Labs {
		l := &m.world.Labs[i]
		ls := &m.labs[i]
		ls.precursor += KgToGrams(l.ExternalPrecursorPerDay)
		made := KgToGrams(l.CapacityKgPerDay)
		if ratio > 0 {
			if byPrecursor := Grams(float64(ls.precursor) / ratio); byPrecursor < made {
				made = byPrecursor
			}
		}
		if made <= 0 {
			continue
		}
		used := Grams(math.Round(float64(made) * ratio))
		if used > ls.precursor {
			used = ls.precursor
		}
		ls.precursor -= used
		m.ledger.produced(made, used)
		ls.heroin += Grams(math.Round(float64(made) * l.NorthernShare))
	}
}

// release hands the day's opiates and precursors from their sources to the
// first groups of the chain. What is handed over counts as shipped.
func (m *model) release() {
	for i := range m.world.Labs {
		l := &m.world.Labs[i]
		ls := &m.labs[i]
		if ls.heroin > 0 {
			m.supply(l.Place, Heroin, ls.heroin)
			ls.heroin = 0
		}
		if g := KgToGrams(l.OpiumKgPerDay); g > 0 {
			m.supply(l.Place, Opium, g)
		}
	}
	for _, src := range m.world.PrecursorSources {
		if g := KgToGrams(src.KgPerDay); g > 0 {
			m.supply(src.Place, Precursor, g)
		}
	}
}

// supply hands g grams of c from a source at place p to a group there: the
// grams are shipped.
func (m *model) supply(p int, c Commodity, g Grams) {
	m.ledger.shipped(c, g)
	m.handOver(p, c, g)
}

// deliverPrecursor adds acetic anhydride that reached a lab area to its stock.
func (m *model) deliverPrecursor(p int, g Grams) {
	for i := range m.world.Labs {
		if m.world.Labs[i].Place == p {
			m.labs[i].precursor += g
			return
		}
	}
}
