// Package scenarios embeds the shipped network and scenario files, so the
// hourglass binary runs anywhere without its source tree.
package scenarios

import "embed"

// FS holds every .toml file of this directory.
//
//go:embed *.toml
var FS embed.FS

// Baseline is the name of the default scenario.
const Baseline = "baseline.toml"
