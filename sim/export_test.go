package sim

// RouteChooser returns a function that makes one route choice of the i-th
// group (modulo the number of groups) of a fresh run of w with p, in June, for
// a load of the commodity it carries first, with twice the mode's mean load in
// stock: route choice alone, for BenchmarkRouteChoice. It reports the route
// chosen.
func RouteChooser(w *World, p *Params) func(i int) int {
	m := newModel(w, p, 1, 0)
	m.ledger.openMonth(p.Start, len(w.Countries))
	goods := make([]Commodity, len(m.groups))
	for gi := range m.groups {
		g := &m.groups[gi]
		pop := &w.Populations[g.pop]
		for c := Commodity(0); c < NumCommodities; c++ {
			if pop.Product.Carries(c) {
				goods[gi] = c
				g.stock[c] = KgToGrams(2 * m.meanLoad(pop, Truck, c))
				break
			}
		}
	}
	return func(i int) int {
		gi := i % len(m.groups)
		return m.chooseRoute(gi, goods[gi], 6)
	}
}
