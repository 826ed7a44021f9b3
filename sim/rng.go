package sim

// This file is the only place that constructs random-number generators.
// golang.org/x/exp/rand is frozen upstream; switching to math/rand/v2's PCG
// changes this file alone.

//lint:ignore SA1019 the design card fixes golang.org/x/exp/rand; this file alone constructs generators, so a move to math/rand/v2 is one file
import "golang.org/x/exp/rand"

// Stream names a purpose that owns its own random stream, so that adding a
// draw for one purpose does not shift the draws of any other (common random
// numbers across scenarios).
type Stream uint64

// The random streams of one replication.
const (
	StreamTraits     Stream = iota + 1 // epistemic draws of each place's effective probabilities
	StreamShipments                    // supply, load sizes, courier traits, route choice
	StreamEncounter                    // inspections, detections, bribes, escapes, arrests
	StreamBeliefs                      // what groups hear of other groups' losses
	StreamBootstrap                    // resampling replications for confidence intervals (not the model)
	StreamDesign                       // sampling the points of an experimental design (not the model)
	StreamIntel                        // informant recruitment, tips, leaks, controlled deliveries
	StreamCorruption                   // standing arrangements: forming and breaking
)

// RNG is the generator type the model draws from. Its Source has Uint64, so
// it also serves as the Src of gonum's distuv distributions.
type RNG = rand.Rand

// NewRNG returns the generator for one purpose of one replication, and, where
// key is not zero, for one keyed item (such as a place, hashed from its id) so
// that adding an item does not shift the draws of the others.
func NewRNG(seed, replication uint64, stream Stream, key uint64) *RNG {
	return newGenerator(seed, replication, stream, key).RNG
}

// mix folds v into h with the SplitMix64 finalizer, so nearby seeds and
// replication indices give unrelated streams.
func mix(h, v uint64) uint64 {
	z := h + v*0xbf58476d1ce4e5b9 + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// HashID turns an id into a stream key (FNV-1a, 64 bit).
func HashID(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return h
}

// generator is one of a model's random streams with the state behind it,
// so that a copy of the model (a shared warm-up, warmup.go) continues every
// stream from where it was, independently of the original. Its methods are
// RNG's.
type generator struct {
	*RNG
	src *rand.PCGSource
}

// newGenerator returns the stream NewRNG(seed, replication, stream, key)
// gives, with its state.
func newGenerator(seed, replication uint64, stream Stream, key uint64) generator {
	src := &rand.PCGSource{}
	src.Seed(mix(mix(mix(seed^0x9e3779b97f4a7c15, replication), uint64(stream)), key))
	return generator{RNG: rand.New(src), src: src}
}

// copy returns a generator that draws the numbers g would draw next, without
// sharing its state: drawing from one leaves the other where it was.
func (g generator) copy() generator {
	src := *g.src
	return generator{RNG: rand.New(&src), src: &src}
}
