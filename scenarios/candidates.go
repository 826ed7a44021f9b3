package scenarios

import "embed"

// CandidatesFS holds the shipped candidates files of hourglass optimise
// (candidates/*.toml): what a portfolio of interventions may be made of.
//
//go:embed candidates/*.toml
var CandidatesFS embed.FS
