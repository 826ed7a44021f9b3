package portfolio

import (
	"context"
	"fmt"
	"math"
)

// localSearch fills res.Alternatives with every local optimum and its
// neighbours, starting from the greedy portfolio, the extra starts and the
// random restarts.
func (s *Searcher) localSearch(ctx context.Context, budget float64, extra []Set, res *Result) error {
	var starts []Set
	for _, perDollar := range []bool{true, false} {
		g, err := s.greedy(ctx, budget, perDollar)
		if err != nil {
			return err
		}
		starts = append(starts, g)
	}
	for _, p := range extra {
		if fits(s.Cost(p), budget) {
			starts = append(starts, p)
		}
	}
	for range s.cfg.Restarts {
		starts = append(starts, s.randomFull(budget))
	}
	started := map[Set]bool{}
	inFinal := map[Set]bool{}
	add := func(p Set) {
		if !inFinal[p] {
			inFinal[p] = true
			res.Alternatives = append(res.Alternatives, p)
		}
	}
	for _, start := range starts {
		if started[start] {
			continue // a restart drawn twice, or equal to the greedy start
		}
		started[start] = true
		opt, moves, err := s.exchange(ctx, budget, start)
		if err != nil {
			return err
		}
		res.Moves += moves
		res.LocalOptima = append(res.LocalOptima, opt)
		add(opt)
		for _, n := range s.neighbours(opt, budget, nil) {
			add(n)
		}
	}
	return nil
}

// greedy adds, from the empty portfolio, the candidate of largest paired
// marginal gain per dollar (perDollar) or largest marginal gain, while one
// fits and its gain is positive:
//
//	c* = argmax_{c ∉ P, cost(P)+cost_c ≤ B} (V(P+c) − V(P)) / max(cost_c, 10⁻⁶ B)   (per dollar)
//	c* = argmax_{c ∉ P, cost(P)+cost_c ≤ B}  V(P+c) − V(P)                          (gain)
//
// Each step is a selection among the additions, on the per-replication
// values of the criterion, with "stop" (the constant 0) as alternative 0, so
// a step adds nothing unless some addition is selected over 0. (A free
// candidate counts as costing a millionth of the budget.) The local search
// starts from both: per dollar favours many cheap posts, gain a few strong
// ones, and taking the better of the two is the classic remedy for the
// ratio greedy's blind spot in knapsack problems.
func (s *Searcher) greedy(ctx context.Context, budget float64, perDollar bool) (Set, error) {
	var p Set
	floor := 1e-6 * math.Max(budget, 1)
	for {
		cost := s.Cost(p)
		alts := []combo{{}} // stop
		var adds []int
		for i, c := range s.cands {
			if !p.Has(i) && fits(cost+c.Cost, budget) {
				w := 1.0
				if perDollar {
					w = 1 / math.Max(c.Cost, floor)
				}
				adds = append(adds, i)
				alts = append(alts, combo{{p.With(i), w}, {p, -w}})
			}
		}
		if len(adds) == 0 {
			return p, nil
		}
		sel, err := s.cfg.greedy().Select(ctx, len(alts), s.cache.sampler(alts))
		if err != nil {
			return p, fmt.Errorf("portfolio: greedy step from %v: %w", p, err)
		}
		if sel.Best == 0 {
			return p, nil
		}
		p = p.With(adds[sel.Best-1])
	}
}

// exchange moves from start to the neighbour the selector picks among the
// portfolio and its unvisited neighbours, until it picks the portfolio
// itself, no neighbour is left or Config.MaxMoves moves are made.
func (s *Searcher) exchange(ctx context.Context, budget float64, start Set) (Set, int, error) {
	p := start
	visited := map[Set]bool{p: true}
	moves := 0
	for moves < s.cfg.maxMoves() {
		nb := s.neighbours(p, budget, visited)
		if len(nb) == 0 {
			break
		}
		alts := []combo{single(p)}
		for _, n := range nb {
			alts = append(alts, single(n))
		}
		sel, err := s.cfg.Selector.Select(ctx, len(alts), s.cache.sampler(alts))
		if err != nil {
			return p, moves, fmt.Errorf("portfolio: exchange step from %v: %w", p, err)
		}
		if sel.Best == 0 {
			break
		}
		p = nb[sel.Best-1]
		visited[p] = true
		moves++
	}
	return p, moves, nil
}

// neighbours lists the feasible portfolios one move from p and not in skip:
// every addition (by candidate), every removal, every swap (one member out,
// one non-member in), and with Config.PairMoves every exchange of two
// members for one non-member and of one member for two non-members.
func (s *Searcher) neighbours(p Set, budget float64, skip map[Set]bool) []Set {
	cost := s.Cost(p)
	var out []Set
	keep := func(q Set, c float64) {
		if fits(c, budget) && !skip[q] {
			out = append(out, q)
		}
	}
	members := p.Members()
	var others []int
	for i := range s.cands {
		if !p.Has(i) {
			others = append(others, i)
		}
	}
	c := func(i int) float64 { return s.cands[i].Cost }
	for _, i := range others {
		keep(p.With(i), cost+c(i))
	}
	for _, i := range members {
		keep(p.Without(i), cost-c(i))
	}
	for _, i := range members {
		for _, j := range others {
			keep(p.Without(i).With(j), cost-c(i)+c(j))
		}
	}
	if !s.cfg.PairMoves {
		return out
	}
	for a, i := range members {
		for _, i2 := range members[a+1:] {
			for _, j := range others {
				keep(p.Without(i).Without(i2).With(j), cost-c(i)-c(i2)+c(j))
			}
		}
	}
	for _, i := range members {
		for a, j := range others {
			for _, j2 := range others[a+1:] {
				keep(p.Without(i).With(j).With(j2), cost-c(i)+c(j)+c(j2))
			}
		}
	}
	return out
}

// randomFull adds the candidates in a random order (from Config.Rand), each
// one that still fits.
func (s *Searcher) randomFull(budget float64) Set {
	order := make([]int, len(s.cands))
	for i := range order {
		order[i] = i
	}
	for i := len(order) - 1; i > 0; i-- { // Fisher–Yates
		j := uniform(s.cfg.Rand, i+1)
		order[i], order[j] = order[j], order[i]
	}
	var p Set
	var cost float64
	for _, i := range order {
		if c := cost + s.cands[i].Cost; fits(c, budget) {
			p, cost = p.With(i), c
		}
	}
	return p
}

// uniform draws an integer in [0, n) without modulo bias (rejection).
func uniform(src Source, n int) int {
	limit := math.MaxUint64 - math.MaxUint64%uint64(n)
	for {
		if v := src.Uint64(); v < limit {
			return int(v % uint64(n))
		}
	}
}
