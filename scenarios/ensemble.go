package scenarios

import _ "embed"

// Ensemble is the shipped ensemble (ensemble.csv): the members of the
// history match of both periods to their calibration targets that the
// README's command made (hourglass calibrate; see the README for its seed
// and settings), for hourglass compare --ensemble.
//
//go:embed ensemble.csv
var Ensemble []byte

// EnsembleName is what names the shipped ensemble on a command line.
const EnsembleName = "ensemble.csv"
