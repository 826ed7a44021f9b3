package sim

import "math"

// produce runs the Afghan labs for one day. Heroin is made only as far as
// acetic anhydride is in stock:
//
//	made = min(capacity, precursorStock / precursorPerKgHeroin)
//
// so the precursor flow south bounds the heroin flow north. Of what is made,
// the northern share enters the northern-route stock; the rest leaves the
// model by other routes (Iran, Pakistan).
func (s *state) produce() {
	ratio := s.p.PrecursorPerKgHeroin
	for i := range s.w.Labs {
		l := &s.w.Labs[i]
		ls := &s.labs[i]
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
		s.out.PrecursorConsumed += used
		s.out.HeroinProduced += made
		ls.heroin += Grams(math.Round(float64(made) * l.NorthernShare))
	}
}

// release hands the day's opiates and precursors from their sources to the
// first groups of the chain. What is handed over counts as shipped.
func (s *state) release() {
	for i := range s.w.Labs {
		l := &s.w.Labs[i]
		ls := &s.labs[i]
		if ls.heroin > 0 {
			s.ship1(l.Place, Heroin, ls.heroin)
			ls.heroin = 0
		}
		if g := KgToGrams(l.OpiumKgPerDay); g > 0 {
			s.ship1(l.Place, Opium, g)
		}
	}
	for _, src := range s.w.PrecursorSources {
		if g := KgToGrams(src.KgPerDay); g > 0 {
			s.ship1(src.Place, Precursor, g)
		}
	}
}

func (s *state) ship1(p int, c Commodity, g Grams) {
	s.out.Shipped[c] += g
	s.mo.Shipped[c] += g
	s.handOver(p, c, g)
}

// deliverPrecursor adds acetic anhydride that reached a lab area to its stock.
func (s *state) deliverPrecursor(p int, g Grams) {
	for i := range s.w.Labs {
		if s.w.Labs[i].Place == p {
			s.labs[i].precursor += g
			return
		}
	}
}
