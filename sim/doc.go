// Package sim is the hourglass model: an agent-based simulation of opiates
// moving north and acetic anhydride moving south through Central Asia, and of
// the border guards, checkpoints and police that interdict them.
//
// A World is the static network (places, segments) and the populations of
// trafficking groups, labs and precursor sources; Params are the behavioural
// parameters; Run simulates one replication in daily ticks and returns an
// Outcome. The package computes only: it prints nothing and reads no files.
// The model is documented in docs/MODEL.md (ODD protocol).
//
// Where things are, one file per agent or mechanism:
//
//	schedule.go      Run; the order of a day's phases and of a month start's
//	model.go         the state of one replication, and its setup
//	ledger.go        the one writer of the Outcome
//	group.go         a trafficking group: dispatch, hand-over, beliefs, organisers
//	route_choice.go  a group's route choice (the hot path) and the risk down the chain
//	trip.go          a courier and his trip: hiring, moving, arriving
//	unit.go          a guard unit: its drawn rates, its capacity, its effort
//	encounter.go     a load meeting a unit: patrol, search, raid, tip, seizure
//	interdiction.go  the probabilities of interdiction
//	agency.go        an agency: mobile officers, money spent
//	intelligence.go  informants, tips, controlled deliveries
//	corruption.go    standing arrangements between groups and units
//	market.go        prices that answer risk, retail demand
//	lab.go           the labs and precursor sources
//	profile.go       a group population's professionalization profile
//	epoch.go         dated events: the world changing within a run
//	world.go, routes.go, outcome.go, params.go: the inputs and the result
package sim
