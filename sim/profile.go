package sim

import "math"

// Professionalization as a profile (issue #12; brief §3, §6: groups become
// smaller, more cohesive and more professional, harder to infiltrate, with
// fewer contacts to observe; they invest in standing corruption instead of
// ad-hoc bribes, contract couriers repeatedly, and their flows drop when
// particular professionals are arrested). Each dimension is a field of
// Profile that a scenario can set (under the key of its toml tag, at a group
// and in [drivers.profile]) and a sweep can vary; ProfileOf maps the single
// number professionalization onto them.

// Profile is the professionalization profile of a group population: how its
// groups work. It is the one list of the dimensions: code that handles them
// by key (a scenario's) walks its fields.
type Profile struct {
	Cohesion           float64 `toml:"cohesion"`             // 0..1: fewer informants, leaks, raids and organiser links; slower, rarer handovers
	Retention          float64 `toml:"retention"`            // 0..1: share of loads carried by retained (career) couriers
	CounterIntel       float64 `toml:"counter_intelligence"` // 0..1: spotting surveillance: controlled deliveries fail
	Planning           float64 `toml:"planning"`             // 0..1: how far route choice sees the risks down the chain
	Specialisation     float64 `toml:"specialisation"`       // 0..1: sticking to the route it knows (route stickiness)
	Concealment        float64 `toml:"concealment"`          // 0..1: investment in hiding loads, scaled by purity and distance
	StandingCorruption float64 `toml:"standing_corruption"`  // 0..1: propensity to form standing arrangements with corrupt units (corruption.go)
	Organisers         int     `toml:"organisers"`           // organisers per group: arrests of all of them dissolve it
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
