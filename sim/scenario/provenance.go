package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"hourglass/sim"
)

// provenance says where the values of a TOML table come from. Every entry
// ([[place]], [[segment]], [[group]], ...), the [params] table and its
// sub-tables, [drivers], [costs] and the file as a whole may carry it:
//
//	source = "brief §1: 311 km, at least 8 h"        # the whole entry
//	assumption = "..."                                # or: no source, chosen
//	sources = { km = "brief §2" }                     # one field
//	assumptions = { "traits.corruption" = "..." }     # one (nested) field
//	ranges = { "traits.corruption" = [0.3, 0.8] }      # a field's plausible range (ranges.go)
//
// A field-level note refines the entry-level one for that field (a sub-table
// name, such as traits, covers all its fields).
type provenance struct {
	Source      string            `toml:"source"`
	Assumption  string            `toml:"assumption"`
	Sources     map[string]string `toml:"sources"`
	Assumptions map[string]string `toml:"assumptions"`
	Ranges      map[string]Range  `toml:"ranges"`
}

// provenanceKeys are the keys provenance adds to a table.
var provenanceKeys = map[string]bool{"source": true, "assumption": true, "sources": true, "assumptions": true, "ranges": true}

// ProvenanceRow is one value of a loaded scenario and where it comes from.
type ProvenanceRow struct {
	Entry      string // "place[osh]", "segment[khorog|murgab]", "params", "drivers"
	Field      string // "km", "traits.inspection_rate", "interdiction.tip_rate"
	Value      string
	Source     string
	Assumption string
	// Range is the value's plausible range, when it has one (ranges.go):
	// an uncertain input of a calibration; nil for a value held fixed.
	Range *Range
}

// Note is the row's provenance as "source: ...", "assumption: ...", both
// joined by "; ", or "no source or assumption".
func (r ProvenanceRow) Note() string {
	var parts []string
	if r.Source != "" {
		parts = append(parts, "source: "+r.Source)
	}
	if r.Assumption != "" {
		parts = append(parts, "assumption: "+r.Assumption)
	}
	if len(parts) == 0 {
		return "no source or assumption"
	}
	return strings.Join(parts, "; ")
}

// provenanceData is what Provenance needs from loading.
type provenanceData struct {
	chain     []*loaded
	merged    map[string]any // after overrides, unless pending
	overrides []Override
	pending   bool // merged is without the overrides (Base.With): Provenance applies them
}

// note is a source and/or an assumption.
type note struct{ source, assumption string }

func (n note) empty() bool { return n.source == "" && n.assumption == "" }

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return strings.TrimSpace(s)
}

// tableNote is the note table m gives to its field path: sources[path] or
// assumptions[path] (or of a prefix of path, such as "traits"), else the
// table's own source and assumption.
func tableNote(m map[string]any, path string) note {
	for p := path; p != ""; {
		s, _ := m["sources"].(map[string]any)
		a, _ := m["assumptions"].(map[string]any)
		if n := (note{str(s, p), str(a, p)}); !n.empty() {
			return n
		}
		cut := strings.LastIndex(p, ".")
		if cut < 0 {
			break
		}
		p = p[:cut]
	}
	return note{str(m, "source"), str(m, "assumption")}
}

// nestedNote is the note of path inside table m, looking first in the
// innermost sub-table on the path and outwards to m itself.
func nestedNote(m map[string]any, path string) note {
	tables, parts := nestedTables(m, path)
	for k := len(tables) - 1; k >= 0; k-- {
		if n := tableNote(tables[k], strings.Join(parts[k:], ".")); !n.empty() {
			return n
		}
	}
	return note{}
}

// nestedTables are m and its sub-tables along path (split at its dots),
// outermost first, as far as they exist: table k holds the rest of the
// path, parts[k:].
func nestedTables(m map[string]any, path string) (tables []map[string]any, parts []string) {
	parts = strings.Split(path, ".")
	tables = []map[string]any{m}
	for _, p := range parts[:len(parts)-1] {
		sub, ok := tables[len(tables)-1][p].(map[string]any)
		if !ok {
			break
		}
		tables = append(tables, sub)
	}
	return tables, parts
}

// has reports whether table m sets the field path.
func has(m map[string]any, path string) bool {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		sub, ok := m[p].(map[string]any)
		if !ok {
			return false
		}
		m = sub
	}
	_, ok := m[parts[len(parts)-1]]
	return ok
}

// entrySections are the names of file's arrays of tables ("place",
// "segment", ...), in declaration order: the entries that need a source.
func entrySections() []string {
	var out []string
	for _, f := range tomlFields(reflect.TypeOf(file{})) {
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			out = append(out, f.Tag.Get("toml"))
		}
	}
	return out
}

// label names element i of section: "place[osh]", or "post[2]" when the
// section's elements have no identity.
func label(section string, m map[string]any, i int) string {
	if id := identity(section, m); id != "" {
		return section + "[" + id + "]"
	}
	return fmt.Sprintf("%s[%d]", section, i)
}

// sourceProblems lists, for every file of the chain, each entry with neither
// an entry-level source nor an assumption.
func sourceProblems(chain []*loaded) ErrorList {
	var problems ErrorList
	for _, l := range chain {
		for _, section := range entrySections() {
			elems, _ := l.raw[section].([]map[string]any)
			for i, e := range elems {
				if str(e, "source") == "" && str(e, "assumption") == "" {
					problems.add(l.path, l.loc.lines[fmt.Sprintf("%s[%d]", section, i)], label(section, e, i), "no source or assumption")
				}
			}
		}
		// Parameter blocks: every value a file sets in [params], [drivers]
		// or [costs] has a note, from its own sub-table outwards.
		for _, table := range []string{"params", "drivers", "costs"} {
			t, _ := l.raw[table].(map[string]any)
			for _, lf := range leaves(t, "") {
				if nestedNote(t, lf.path).empty() {
					problems.add(l.path, l.loc.line(join(table, lf.path)), join(table, lf.path), "no source or assumption")
				}
			}
		}
	}
	return problems
}

// LoadRequiringSources is Load that also reports, in the same ErrorList,
// every entry of every file read that has neither a source nor an
// assumption (hourglass check --sources).
func LoadRequiringSources(fsys fs.FS, name string) (*Scenario, error) {
	var readProblems ErrorList
	chain, _ := readChain(fsys, name, nil, &readProblems)
	sc, err := Load(fsys, name)
	if len(readProblems) > 0 {
		return nil, err // Load reports the same problems
	}
	problems := sourceProblems(chain)
	if err != nil {
		var list ErrorList
		if errors.As(err, &list) {
			problems = append(problems, list...)
		} else {
			problems = append(problems, Problem{File: name, Msg: err.Error()})
		}
	}
	if err := problems.err(); err != nil {
		return nil, err
	}
	return sc, nil
}

// checkProvenanceKeys checks, in one file, that every key of a sources or
// assumptions table names a field of the table it is in.
func checkProvenanceKeys(name string, l *loaded, problems *ErrorList) {
	var walk func(t reflect.Type, m map[string]any, locPath, lbl string)
	walk = func(t reflect.Type, m map[string]any, locPath, lbl string) {
		if _, ok := fieldByTag(t, "sources"); ok {
			for _, kind := range []string{"sources", "assumptions", "ranges"} {
				keys, _ := m[kind].(map[string]any)
				for _, k := range sortedKeys(keys) {
					if fieldPathOK(t, k) {
						continue
					}
					allowed := dataFields(t)
					problems.add(name, l.loc.line(join(locPath, kind+"."+k)), join(lbl, kind+"."+k), "%s is not a field of %s%s (allowed: %s)",
						k, lbl, suggest(k, allowed), strings.Join(allowed, ", "))
				}
			}
		}
		for _, f := range tomlFields(t) {
			tag := f.Tag.Get("toml")
			ft := f.Type
			switch {
			case ft.Kind() == reflect.Struct:
				if sub, ok := m[tag].(map[string]any); ok {
					walk(ft, sub, join(locPath, tag), join(lbl, tag))
				}
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				elems, _ := m[tag].([]map[string]any)
				for i, e := range elems {
					walk(ft.Elem(), e, fmt.Sprintf("%s[%d]", join(locPath, tag), i), join(lbl, label(tag, e, i)))
				}
			}
		}
	}
	walk(reflect.TypeOf(file{}), l.raw, "", "")
	if rs, ok := l.raw["ranges"].(map[string]any); ok && len(rs) > 0 {
		problems.add(name, l.loc.line("ranges"), "ranges", "a range goes beside its value, in the table or entry that holds it (such as [params.interdiction] ranges = { tip_rate = [0.3, 1.5] })")
	}
}

// dataFields are the TOML keys of t that are values, not provenance.
func dataFields(t reflect.Type) []string {
	var out []string
	for _, f := range tomlFields(t) {
		if tag := f.Tag.Get("toml"); !provenanceKeys[tag] {
			out = append(out, tag)
		}
	}
	return out
}

// fieldPathOK reports whether the dotted path names a value field of t (or a
// sub-table, or a key of a map field).
func fieldPathOK(t reflect.Type, path string) bool {
	for _, p := range strings.Split(path, ".") {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Map:
			continue
		case reflect.Struct:
		default:
			return false
		}
		f, ok := fieldByTag(t, p)
		if !ok || provenanceKeys[p] {
			return false
		}
		t = f.Type
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// identityKeys are the keys that name an entry rather than give it a value;
// they are in the row's Entry, not in rows of their own.
var identityKeys = map[string]map[string]bool{
	"place": {"id": true}, "group": {"id": true}, "uncertain": {"name": true}, "switch": {"name": true}, "intervention": {"id": true},
	"lab": {"place": true}, "precursor_source": {"place": true}, "segment": {"from": true, "to": true},
}

// Provenance lists every value of the scenario with where it comes from:
// each parameter (a file's value or the default, with sim.ParamNotes), each
// field the files set in an entry, and each value of other tables ([drivers],
// [costs]).
//
// The rule: a value's provenance comes from the last file of the chain that
// sets it (the file whose value is used). In that file it is the field-level
// note (sources/assumptions, nearest table first), else the entry's (or
// table's) source/assumption, else the file's top-level source/assumption.
// For an entry with none of these, the entry-level note of the earlier files
// that define the same entry (by id) is used, latest first: a derived file
// that changes one field of a sourced place without a note of its own keeps
// the place's source. Parameters have no such fallback: a value a file sets
// without a note has none. A value set by an Override is marked as such.
func (s *Scenario) Provenance() []ProvenanceRow {
	d := s.prov
	if d.pending {
		d.merged = copyTable(d.merged)
		for _, o := range d.overrides {
			_ = applyOverride(d.merged, o) // With checked that each applies
		}
	}
	var rows []ProvenanceRow
	defaults := sim.ParamNotes()
	p := s.Params
	for _, pv := range sim.ParamValues(&p) {
		row := ProvenanceRow{Entry: "params", Field: pv.Path, Value: formatValue(pv.Value)}
		row.Range, _ = rangeOf(d.chain, "params", "", pv.Path)
		n, set := d.tableNote("params", pv.Path)
		switch {
		case set:
			row.Source, row.Assumption = n.source, n.assumption
		default:
			dn := defaults[pv.Path]
			row.Source, row.Assumption = dn.Source, dn.Assumption
			if row.Source == "" && row.Assumption == "" {
				row.Assumption = "default (no note in sim.ParamNotes)"
			}
		}
		rows = append(rows, row)
	}
	index := d.contributionIndex()
	for _, section := range entrySections() {
		elems, _ := d.merged[section].([]map[string]any)
		for i, e := range elems {
			entry := label(section, e, i)
			contribs := index.contributions(section, i, e)
			for _, lf := range leaves(e, "") {
				if identityKeys[section][lf.path] {
					continue
				}
				row := ProvenanceRow{Entry: entry, Field: lf.path, Value: formatValue(lf.value)}
				n := d.entryNote(section, identity(section, e), lf.path, contribs)
				row.Source, row.Assumption = n.source, n.assumption
				if id := identity(section, e); id != "" {
					row.Range, _ = rangeOf(d.chain, section, id, lf.path)
				}
				rows = append(rows, row)
			}
		}
	}
	for _, table := range sortedKeys(d.merged) {
		m, ok := d.merged[table].(map[string]any)
		if !ok || table == "params" {
			continue
		}
		for _, lf := range leaves(m, "") {
			row := ProvenanceRow{Entry: table, Field: lf.path, Value: formatValue(lf.value)}
			n, _ := d.tableNote(table, lf.path)
			row.Source, row.Assumption = n.source, n.assumption
			row.Range, _ = rangeOf(d.chain, table, "", lf.path)
			rows = append(rows, row)
		}
	}
	if !has(d.merged, "costs.lifetime_years") {
		rows = append(rows, ProvenanceRow{Entry: "costs", Field: "lifetime_years", Value: formatValue(s.LifetimeYears),
			Assumption: "capital costs are spread over 10 years (docs/MODEL.md §3.4)"})
	}
	if !has(d.merged, "costs.discount_rate") {
		rows = append(rows, ProvenanceRow{Entry: "costs", Field: "discount_rate", Value: formatValue(s.DiscountRate),
			Assumption: "costs and effects over the run are discounted 5% a year, between health cost-effectiveness guides' 3-3.5% and development banks' higher rates (docs/MODEL.md §3.4)"})
	}
	return rows
}

// overridden returns the note for a value set by an override whose path is
// path ("params.days", "place[osh].traits.corruption").
func (d *provenanceData) overridden(section, id, field string) (note, bool) {
	for _, o := range d.overrides {
		name, rest, _ := strings.Cut(o.Path, ".")
		sec, sel, hasSel := strings.Cut(name, "[")
		sel = strings.TrimSuffix(sel, "]")
		if sec != section || rest != field || hasSel != (id != "") || hasSel && sel != "*" && sel != id {
			continue
		}
		return note{assumption: "set by override " + o.String()}, true
	}
	return note{}, false
}

// tableNote is the note of field path in top-level table name, and whether
// any file (or an override) sets it.
func (d *provenanceData) tableNote(name, path string) (note, bool) {
	if n, ok := d.overridden(name, "", path); ok {
		return n, true
	}
	for i := len(d.chain) - 1; i >= 0; i-- {
		raw := d.chain[i].raw
		if !has(raw, name+"."+path) {
			continue
		}
		if n := nestedNote(raw, name+"."+path); !n.empty() {
			return n, true
		}
		return note{}, true
	}
	return note{}, false
}

// contribution is one file's table for an entry.
type contribution struct {
	file *loaded
	elem map[string]any
}

// contributionIndex indexes the files' entries by section and identity,
// once: looking each entry's contributions up in every file made the
// sources of a large network quadratic in its size (86 s for 10,000 places
// and 20,000 segments).
func (d *provenanceData) contributionIndex() contributionIndex {
	x := contributionIndex{byID: map[string]map[string][]contribution{}, all: map[string][]contribution{}}
	for _, l := range d.chain {
		for _, section := range entrySections() {
			elems, _ := l.raw[section].([]map[string]any)
			if len(elems) > 0 && x.byID[section] == nil {
				x.byID[section] = map[string][]contribution{}
			}
			for _, le := range elems {
				c := contribution{l, le}
				x.all[section] = append(x.all[section], c)
				id := identity(section, le)
				x.byID[section][id] = append(x.byID[section][id], c)
			}
		}
	}
	return x
}

// contributionIndex holds, for each section, the files' entries of each
// identity, and all of them, in chain order.
type contributionIndex struct {
	byID map[string]map[string][]contribution
	all  map[string][]contribution
}

// contributions are the files' tables that merged into element i of
// section, in chain order: every file's element of the same identity, or,
// for sections without identity (appended, never merged), the i-th element
// counting across the chain.
func (x contributionIndex) contributions(section string, i int, e map[string]any) []contribution {
	if id := identity(section, e); id != "" {
		return x.byID[section][id]
	}
	if all := x.all[section]; i < len(all) {
		return all[i : i+1]
	}
	return nil
}

// entryNote applies Provenance's rule to one field of an entry.
func (d *provenanceData) entryNote(section, id, path string, contribs []contribution) note {
	if n, ok := d.overridden(section, id, path); ok {
		return n
	}
	last := -1
	for k := len(contribs) - 1; k >= 0; k-- {
		if has(contribs[k].elem, path) {
			last = k
			break
		}
	}
	if last < 0 {
		return note{}
	}
	if n := nestedNote(contribs[last].elem, path); !n.empty() {
		return n
	}
	raw := contribs[last].file.raw
	if n := (note{str(raw, "source"), str(raw, "assumption")}); !n.empty() {
		return n
	}
	for k := last - 1; k >= 0; k-- {
		e := contribs[k].elem
		if n := (note{str(e, "source"), str(e, "assumption")}); !n.empty() {
			return n
		}
	}
	return note{}
}

// leaf is one value of a table, at its dotted path.
type leaf struct {
	path  string
	value any
}

// leaves lists the values of m in key order, descending into sub-tables and
// leaving out provenance keys.
func leaves(m map[string]any, prefix string) []leaf {
	var out []leaf
	for _, k := range sortedKeys(m) {
		if provenanceKeys[k] {
			continue
		}
		switch v := m[k].(type) {
		case map[string]any:
			out = append(out, leaves(v, join(prefix, k))...)
		default:
			out = append(out, leaf{join(prefix, k), v})
		}
	}
	return out
}

// formatValue writes a value as a TOML file or a parameter holds it.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case sim.Months:
		if x == 0 {
			return "all year"
		}
		var ms []string
		for m := 1; m <= 12; m++ {
			if x.Has(m) {
				ms = append(ms, strconv.Itoa(m))
			}
		}
		return strings.Join(ms, " ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, " ")
	case []map[string]any:
		return fmt.Sprintf("%d tables", len(x))
	case map[string]any: // an inline table, such as a switch's alternative
		parts := make([]string, 0, len(x))
		for _, k := range sortedKeys(x) {
			parts = append(parts, k+" = "+formatValue(x[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
