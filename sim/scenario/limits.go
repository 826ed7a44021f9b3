package scenario

import "fmt"

// Limits on input, checked before and after decoding so that no file can make
// the loader or a run take unbounded memory or time (README, "Bad input").
const (
	// MaxFileBytes is the largest scenario or network file read: the shipped
	// network is about 100 KB.
	MaxFileBytes = 4 << 20
	// MaxNesting is the deepest nesting of arrays and inline tables (and of
	// the dotted parts of a key or table header) a file may have; the shipped
	// files nest 3 deep. It is checked on the text, before the TOML decoder
	// (which recurses without bound) sees it.
	MaxNesting = 32
	// MaxUnknownKeys is how many unknown keys of one file are reported one
	// by one; the rest are counted.
	MaxUnknownKeys = 50

	// MaxDays is the longest run: 100 years, as params.years allows.
	MaxDays = 36_500
	// MaxGroupCount is the most populations of one [[group]], MaxCouriers
	// the most couriers of each, and MaxGroupCouriers bounds their product
	// (every courier holds memory in every replication): the shipped groups
	// have at most 8 populations of 2 couriers.
	MaxGroupCount    = 10_000
	MaxCouriers      = 10_000
	MaxGroupCouriers = 1_000_000
	// MaxOrganisers is the most organisers of a group.
	MaxOrganisers = 10_000
	// MaxStaff bounds the whole-number traits of a guard unit (staff, dogs)
	// and an intervention's staff and dogs; it also bounds the officers of a
	// mobile unit.
	MaxStaff = 100_000
	// MaxUSD bounds every cost (capital_usd, annual_usd), price and budget in
	// US dollars: 10^13, a hundred times the region's yearly GDP.
	MaxUSD = 1e13
)

// checkDuplicates reports entries of one file's arrays of tables that share
// an identity (two [[place]] with id "osh"): merging would fold the second
// into the first without a word. Across files, the same identity is how a
// file overrides what it extends; within one file it is a mistake. Events
// are left out: a file may date several events to one month.
func checkDuplicates(name string, l *loaded, problems *ErrorList) {
	for _, section := range sortedKeys(l.raw) {
		elems, ok := l.raw[section].([]map[string]any)
		if !ok || section == "event" {
			continue
		}
		first := map[string]int{}
		for i, e := range elems {
			id := identity(section, e)
			if id == "" || id == "|" {
				continue
			}
			j, seen := first[id]
			if !seen {
				first[id] = i
				continue
			}
			problems.add(name, l.loc.line(fmt.Sprintf("%s[%d]", section, i)), fmt.Sprintf("%s[%s]", section, id),
				"duplicate of the entry at line %d (allowed: one entry per id in a file: merge them)",
				l.loc.line(fmt.Sprintf("%s[%d]", section, j)))
		}
	}
}
