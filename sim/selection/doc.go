// Package selection picks the best of k simulated alternatives when every
// observation is expensive and the alternatives are run with common random
// numbers (CRN): replication r of every alternative uses the same random
// streams, so observations are paired across alternatives and the
// comparisons use the variances of paired differences.
//
// Two procedures are provided, both maximising (negate a cost to minimise):
//
//   - KN, the fully sequential indifference-zone procedure of Kim & Nelson
//     (2001): with an indifference zone δ and confidence 1−α it guarantees
//     P(correct selection) ≥ 1−α whenever the best mean exceeds every other
//     by at least δ, and it stops sampling an alternative as soon as the
//     data show it is not the best, so clear gaps cost few replications.
//   - OCBA, the optimal computing budget allocation of Chen, Lin, Yücesan &
//     Chick (2000): a fixed total of replications is spent sequentially,
//     each increment where it most raises the approximate probability of
//     correct selection (close contenders get more, clear losers fewer);
//     the result states that approximate probability (APCS-B).
//
// A replication is an index into the caller's sample plan: alternative i's
// j-th observation is the caller's replication j, whatever that means to
// the caller (a seed, or a member × seed pair of an ensemble). Observations
// are asked for in batches (Sampler), so the caller can run each batch on a
// worker pool; the procedures are deterministic given the observations.
//
// Both procedures report, besides the selected alternative, its contenders:
// the alternatives that the data do not show to be worse than the selected
// one by at least δ (simultaneous Bonferroni confidence intervals of the
// paired differences). When there are contenders, the top alternatives are
// statistically indistinguishable at the δ chosen.
//
// References:
//
//	Kim, S.-H. and Nelson, B. L. (2001). A fully sequential procedure for
//	indifference-zone selection in simulation. ACM Transactions on Modeling
//	and Computer Simulation 11(3), 251–273.
//
//	Chen, C.-H., Lin, J., Yücesan, E. and Chick, S. E. (2000). Simulation
//	budget allocation for further enhancing the efficiency of ordinal
//	optimization. Discrete Event Dynamic Systems 10(3), 251–270.
package selection
