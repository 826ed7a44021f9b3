// Package history calibrates a stochastic simulator by history matching in
// waves (Craig et al. 1997; Vernon, Goldstein & Bower 2010, "Galaxy
// formation: a Bayesian uncertainty analysis"; Andrianakis et al. 2015,
// "Bayesian history matching of complex infectious disease models using
// emulation", for an agent-based model). Rather than fit one best parameter
// set, it rules out the inputs at which the simulator cannot reproduce the
// observations, given every stated uncertainty, and keeps the rest: the
// not-ruled-out-yet (NROY) space, sampled as an ensemble.
//
// # Implausibility
//
// For target t with observation z_t, observation variance V_o,t, model
// discrepancy variance V_d,t (a stated assumption) and a simulated mean
// f̄_t(x) over r replications with variance of the mean V_s,t(x):
//
//	I_t(x) = |f̄_t(x) − z_t| / sqrt(V_o,t + V_s,t(x) + V_d,t)
//
// A point is ruled out when its score, the largest I_t over targets (or the
// second or third largest, Problem.CutoffRank, which Vernon et al. use so
// that one badly emulated or misjudged target cannot rule out the truth
// alone), exceeds the cutoff c (3 by default, Pukelsheim's three-sigma rule:
// at least 95% of any unimodal distribution lies within three standard
// deviations). With Problem.SimVariance = RunVariance, V_s is instead the
// variance of one run plus that of the mean, s²(1 + 1/r), for the
// observed world is one realization of a stochastic process (Andrianakis et
// al. 2015, eq. 6).
//
// # Waves
//
// Inputs are handled in prior-probability units u = F(x) (F the prior's
// CDF), so a uniform draw of u is a draw from the prior, whatever its shape,
// and the "fraction of space" is prior probability. Contested switches are
// categorical inputs drawn uniformly over their alternatives.
//
//  1. Wave 1 runs a Latin hypercube of Config.FirstRuns points over the
//     whole box; each is simulated (Config.Reps replications) and kept if
//     its score is within the cutoff.
//
//  2. Each later wave fits one Gaussian-process emulator per target (package
//     hourglass/sim/gp) to the runs so far (the newest Config.MaxTrain;
//     noise nugget = each run's V_s), then draws Latin-hypercube candidates
//     in the region around the kept points (their bounding box and the last
//     wave's emulated survivors', widened by Config.Margin, or the whole box
//     with Config.WholeBox) and screens them with the emulated
//     implausibility
//
//     I_t(x) = |m_t(x) − z_t| / sqrt(V_o,t + V_s,t + V_d,t + v_t(x))
//
//     where m_t, v_t are the emulator's mean and variance and V_s,t that of
//     the most correlated training run. The share of candidates not ruled
//     out, times the region's prior probability, estimates the NROY fraction
//     (Wave.KeptFraction). Up to Config.Runs survivors are then simulated:
//     a member is kept only on its simulated score, never on the emulator's.
//
//  3. The waves stop after Config.Waves waves; or when the emulator's
//     variance is small against the others (the mean over survivors of
//     v_t / (V_o,t + V_s,t + V_d,t) below Config.EmulatorShare for every
//     target: the emulator is as sure as the data allow, so another wave
//     cannot rule out much more; Vernon et al. 2010 §5); or when the
//     emulated NROY fraction shrank by less than Config.MinShrink from the
//     previous emulated wave; or when the emulator rules out every
//     candidate (the simulator cannot match the targets as stated). With
//     Config.Members the emulator and shrinkage rules wait until the
//     ensemble has that many members.
//
// The ensemble is every simulated run, of any wave, whose simulated score is
// within the cutoff.
//
// # Parallelism, seeds and resuming
//
// The caller implements Simulator, which receives a whole wave's jobs at
// once and returns their outputs in job order; Pool turns a one-point
// function into one that runs a fixed number of workers. Each Job has an ID
// unique across the calibration (wave<<32 | index), from which the caller
// derives the replications' seeds, so a job's output does not depend on
// which worker ran it or when. Calibrate draws every candidate from the one
// Source it is given, in the calling goroutine, so the same seed gives the
// same waves whatever the number of workers; and a calibration killed
// mid-way and started again proposes the same jobs, which a caching
// Simulator can answer from the runs already saved.
package history
