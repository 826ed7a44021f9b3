// Package portfolio finds what to buy with a budget: the subset of
// candidate interventions (a portfolio), within the budget, whose paired
// gain over the baseline is largest, with honest statistics.
//
// The caller supplies the candidates (an id and a cost each, in USD over the
// run, discounted) and an Evaluator that returns, for a batch of jobs
// (portfolio, replication), each portfolio's gain over the baseline at that
// replication, run with common random numbers (replication r of every
// portfolio and of the baseline uses the same random streams). A
// replication is an index into the caller's sample plan, so an ensemble's
// member × seed plan fits unchanged. Evaluations are cached: a (portfolio,
// replication) pair is evaluated once per Searcher, whatever the number of
// searches, budgets and interaction reports that use it.
//
// # Search
//
// When the feasible portfolios (cost ≤ budget, the empty one included) are
// at most Config.ExhaustiveLimit (256 by default), all of them are compared
// at once by the selection procedure (Config.Selector, e.g. KN), which sends
// replications where they decide the ranking. Otherwise the search is a
// local search:
//
//  1. Greedy by marginal gain per dollar: from the empty portfolio P, the
//     candidate c that fits and maximises (V(P+c) − V(P)) / cost_c is added,
//     as long as that gain is positive. Each step is a selection
//     (Config.Greedy, OCBA by default) among the additions on the paired
//     per-replication ratios, with "stop" (the value 0) as one alternative.
//     A second greedy start maximises the marginal gain itself (a few
//     strong posts rather than many cheap ones).
//  2. Exchange moves: from P, the neighbours are every feasible portfolio
//     one move away (add one, drop one, swap one in and one out; with
//     Config.PairMoves also two out and one in, one out and two in) not yet
//     visited by this start; P and its neighbours are compared by
//     Config.Selector and the search moves to the one selected, until P
//     itself is selected (a local optimum) or Config.MaxMoves moves.
//  3. Optional restarts (Config.Restarts) from random full portfolios
//     (candidates in random order, each added if it fits), drawn from the
//     caller's Config.Rand.
//  4. A final selection among every local optimum and all its neighbours;
//     its probability of correct selection is over those portfolios, not
//     over every feasible one.
//
// # Interactions, frontier, robustness
//
// Interactions reports, for a portfolio P, each member's marginal
// contribution V(P) − V(P∖m) and the synergy V(P) − Σ_m V({m}) with paired
// confidence intervals: super-additive (the whole is more than the sum of
// its parts), sub-additive (less) or additive within noise. Frontier runs the
// search at several budgets (sharing evaluations) and marks the efficient
// points of cost against gain. Regret picks, from a portfolio × ensemble
// member matrix of values, the portfolios of least worst-case and least
// expected regret.
package portfolio
