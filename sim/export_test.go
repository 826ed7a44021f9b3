package sim

// RouteChooser returns a function that makes one route choice of the i-th
// group (modulo the number of groups) of a fresh run of w with p, in June, for
// a load of the commodity it carries first, with twice the mode's mean load in
// stock: route choice alone, for BenchmarkRouteChoice. It reports the route
// chosen.
func RouteChooser(w *World, p *Params) func(i int) int {
	s := newState(w, p, 1, 0)
	s.newMonth()
	goods := make([]Commodity, len(s.groups))
	for gi := range s.groups {
		g := &s.groups[gi]
		pop := &w.Groups[g.pop]
		for c := Commodity(0); c < NumCommodities; c++ {
			if pop.Product.Carries(c) {
				goods[gi] = c
				g.stock[c] = KgToGrams(2 * s.meanLoad(pop, Truck, c))
				break
			}
		}
	}
	return func(i int) int {
		gi := i % len(s.groups)
		return s.chooseRoute(gi, goods[gi], 6)
	}
}
