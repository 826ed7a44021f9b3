package sim

// StockByPopulation (temporary, the lead's diagnosis): final group stocks by population.
func StockByPopulation(w *World, p *Params, seed, rep uint64) map[string][NumCommodities]float64 {
	m := newModel(w, p, seed, rep)
	for m.day = m.firstDay; m.day < m.firstDay+p.Days; m.day++ {
		m.step()
	}
	out := map[string][NumCommodities]float64{}
	for gi := range m.groups {
		g := &m.groups[gi]
		x := out[w.Populations[g.pop].ID]
		for c := Commodity(0); c < NumCommodities; c++ {
			x[c] += g.stock[c].Kg()
		}
		out[w.Populations[g.pop].ID] = x
	}
	return out
}
