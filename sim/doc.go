// Package sim is the hourglass model: an agent-based simulation of opiates
// moving north and acetic anhydride moving south through Central Asia, and of
// the border guards, checkpoints and police that interdict them.
//
// A World is the static network (places, segments) and the populations of
// trafficking groups, labs and precursor sources; Params are the behavioural
// parameters; Run simulates one replication in daily ticks and returns an
// Outcome. The package computes only: it prints nothing and reads no files.
// The model is documented in docs/MODEL.md (ODD protocol).
package sim
