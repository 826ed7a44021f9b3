package sim

import "math"

// Professionalization as a profile (issue #12; brief §3, §6: groups become
// smaller, more cohesive and more professional, harder to infiltrate, with
// fewer contacts to observe; they invest in standing corruption instead of
// ad-hoc bribes, contract couriers repeatedly, and their flows drop when
// particular professionals are arrested). Each dimension is a field of
// Group that a scenario can set and a sweep can vary; Profile maps the single
// number professionalization onto them.

// Profile is the professionalization profile of a group population.
type Profile struct {
	Cohesion           float64
	Retention          float64
	CounterIntel       float64
	Planning           float64
	Specialisation     float64
	Concealment        float64
	StandingCorruption float64
	Organisers         int
}

// ProfileOf returns the profile that professionalization p implies
// (assumption: the sources describe directions, not functions, so the
// simplest monotone ones):
//
//	cohesion = retention = counter-intelligence = planning = specialisation = p
//	concealment = 0.2 + 0.6·p
//	standing corruption = p
//	organisers = 1 + round(2·(1 - p))      (3 in a loose group, 1 in a tight one)
func ProfileOf(p float64) Profile {
	return Profile{Cohesion: p, Retention: p, CounterIntel: p, Planning: p, Specialisation: p,
		Concealment: 0.2 + 0.6*p, StandingCorruption: p, Organisers: 1 + int(math.Round(2*(1-p)))}
}
