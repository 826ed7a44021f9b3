package workbench

import (
	"path"
	"strings"

	"hourglass/sim/scenario"
)

// What a scenario is, as an alternative to the one it extends (the run
// form groups the alternatives so).
const (
	groupPolicy = "Policies"      // adds interventions, and nothing else of the world
	groupDriver = "Drivers"       // sets [drivers] (and segments they need): a trend, not a policy
	groupWorld  = "Other worlds"  // another period, a history with dated events, a changed network
	groupNone   = "Not scenarios" // no text to read
)

// kindOf says what a scenario file's own text makes it: a policy (only
// [[intervention]] entries, costs and notes), a driver ([drivers], with no
// interventions, events or changed places, groups or agencies), or another
// world.
func kindOf(text []byte) string {
	var f map[string]any
	if _, err := scenario.Decode("", string(text), &f); err != nil {
		return groupNone
	}
	has := func(k string) bool { _, ok := f[k]; return ok }
	world := has("event") || has("place") || has("group") || has("agency") || has("lab") || has("precursor_source") || has("params")
	switch {
	case has("intervention") && !world && !has("drivers"):
		return groupPolicy
	case has("drivers") && !has("intervention") && !world:
		return groupDriver
	}
	return groupWorld
}

// parentOf is the Ref of the scenario a file extends ("" for none): a
// workspace file never takes a shipped name, so a shipped name is the
// shipped scenario.
func (l *library) parentOf(extends string) string {
	if extends == "" {
		return ""
	}
	name := strings.TrimSuffix(path.Base(extends), ".toml")
	if l.isShipped(name) {
		return shipped + "/" + name
	}
	return mine + "/" + name
}

// altGroup is a group of alternatives of the run form.
type altGroup struct {
	Name    string
	Entries []entry
}

// alternativeGroups groups the scenarios that can be alternatives (any that
// extends another) as policies, drivers and other worlds.
func alternativeGroups(entries []entry) []altGroup {
	var out []altGroup
	for _, g := range []string{groupPolicy, groupDriver, groupWorld} {
		ag := altGroup{Name: g}
		for _, e := range entries {
			if e.Group == g && e.Parent != "" {
				ag.Entries = append(ag.Entries, e)
			}
		}
		if len(ag.Entries) > 0 {
			out = append(out, ag)
		}
	}
	return out
}
