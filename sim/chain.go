package sim

// Route choice that sees the chain (issue #12): a group weighs, beyond its
// own leg, the risk its load bears further down the handover chain, as far
// as its planning reaches, from what the groups it hands over to believe of
// their own routes.

// chainRisks runs at the start of every month. For each place p and
// commodity c, the risk a load handed over at p bears until it leaves the
// chain, as the groups receiving it there believe:
//
//	r_{p,c} = mean over the active groups g receiving c at p of 1 - (1 - b_g)·(1 - r_{d_g,c})
//
// where b_g is g's believed loss on its preferred route (the one it used
// last, else its least risky), and d_g that route's destination (r = 0
// where the chain ends). The chain is acyclic and short: ten passes settle it.
func (m *model) chainRisks() {
	for pass := 0; pass < 10; pass++ {
		for p := range m.receivers {
			for c := Commodity(0); c < NumCommodities; c++ {
				rs := m.receivers[p][c]
				if len(rs) == 0 {
					continue
				}
				sum, n := 0.0, 0
				for _, gi := range rs {
					g := &m.groups[gi]
					if g.dissolved {
						continue
					}
					ri := g.lastRoute
					if ri < 0 {
						ri = m.leastRisky(gi, c)
					}
					if ri < 0 {
						continue
					}
					r := &m.world.Routes[g.pop][ri]
					down := 0.0
					if !m.routeRuns[g.pop][ri].final[c] {
						down = m.downstreamRisk[r.Dest][c]
					}
					sum += 1 - (1-g.belief[ri])*(1-down)
					n++
				}
				if n > 0 {
					m.downstreamRisk[p][c] = sum / float64(n)
				}
			}
		}
	}
}

// leastRisky returns the route of group gi for commodity c it believes
// safest, or -1.
func (m *model) leastRisky(gi int, c Commodity) int {
	g := &m.groups[gi]
	best := -1
	for ri := range m.world.Routes[g.pop] {
		if !m.world.Routes[g.pop][ri].For.Carries(c) || m.routeRuns[g.pop][ri].months == noMonths {
			continue
		}
		if best < 0 || g.belief[ri] < g.belief[best] {
			best = ri
		}
	}
	return best
}

// believedLoss is group g's believed loss on route ri for a load of c: its
// own belief of the leg and, as far as its planning reaches, the risk down
// the chain beyond the destination:
//
//	b' = 1 - (1 - b_r)·(1 - planning·r_{dest,c})
func (m *model) believedLoss(g *group, pop *Group, ri int, c Commodity) float64 {
	b := g.belief[ri]
	if pop.Planning <= 0 || m.routeRuns[g.pop][ri].final[c] {
		return b
	}
	return 1 - (1-b)*(1-pop.Planning*m.downstreamRisk[m.world.Routes[g.pop][ri].Dest][c])
}
