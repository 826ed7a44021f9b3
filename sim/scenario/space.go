package scenario

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// A contested fact of the sources (brief §7) is a switch: a name and the
// alternatives the sources give, each the values it sets, by the paths an
// event sets (numbers, true or false, names):
//
//	[[switch]]
//	name = "product-overlap"
//	note = "do the same groups move opiates and precursors?"
//	alternatives = [
//	  { name = "specialised", set = { "drivers.both_products" = false } },
//	  { name = "both", set = { "drivers.both_products" = true } },
//	]
//	source = "brief §3, §7: the INCB view against the local one"
//
// A calibration draws each switch's alternatives as equally likely; an
// ensemble member sets the one it drew.

// Switch is a contested fact with its alternatives.
type Switch struct {
	Name, Note   string
	Alternatives []Alternative
	// Own is the alternative whose values the scenario has (-1 when
	// none matches).
	Own int
}

// Alternative is one alternative of a Switch: what it sets.
type Alternative struct {
	Name string
	Set  []Override
}

// Overrides returns the values alternative i of the switch sets, each
// named for problems as the switch's alternative.
func (s Switch) Overrides(i int) []Override {
	a := s.Alternatives[i]
	out := make([]Override, len(a.Set))
	for k, o := range a.Set {
		o.Name = fmt.Sprintf("switch %s = %s (%s)", s.Name, a.Name, o)
		out[k] = o
	}
	return out
}

// String lists the switch's alternatives: "a | b".
func (s Switch) String() string {
	names := make([]string, len(s.Alternatives))
	for i, a := range s.Alternatives {
		names[i] = a.Name
	}
	return strings.Join(names, " | ")
}

// Choice returns the index of the alternative named name.
func (s Switch) Choice(name string) (int, bool) {
	for i, a := range s.Alternatives {
		if a.Name == name {
			return i, true
		}
	}
	return -1, false
}

// switches checks each [[switch]] and returns them: a name, at least two
// alternatives with names of their own, each setting at least one value of
// the scenario to a value of its type.
func (v *validator) switches(f *file, merged map[string]any) []Switch {
	var out []Switch
	for _, sc := range f.Switch {
		if len(sc.Alternatives) < 2 {
			v.addf("switch", sc.Name, "alternatives", "%d alternatives (allowed: at least 2, each { name = .., set = { PATH = VALUE } })", len(sc.Alternatives))
			continue
		}
		s := Switch{Name: sc.Name, Note: sc.Note, Own: -1}
		seen := map[string]bool{}
		ok := true
		for i, a := range sc.Alternatives {
			switch {
			case a.Name == "":
				v.addf("switch", sc.Name, "alternatives", "alternative %d has no name", i+1)
				ok = false
			case seen[a.Name]:
				v.addf("switch", sc.Name, "alternatives", "two alternatives are named %q", a.Name)
				ok = false
			case len(a.Set) == 0:
				v.addf("switch", sc.Name, "alternatives", "alternative %q sets nothing (allowed: set = { PATH = VALUE })", a.Name)
				ok = false
			}
			seen[a.Name] = true
			alt := Alternative{Name: a.Name}
			for _, path := range sortedKeys(a.Set) {
				val := a.Set[path].v
				if key, msg := checkValue(merged, path, val); msg != "" {
					v.addf("switch", sc.Name, "alternatives", "alternative %q: %s: %s", a.Name, key, msg)
					ok = false
					continue
				}
				o := Override{Path: path}
				if x, isNum := number(val); isNum {
					o.Value = x
				} else {
					o.Literal = val
				}
				alt.Set = append(alt.Set, o)
			}
			s.Alternatives = append(s.Alternatives, alt)
		}
		if !ok {
			continue
		}
		for i, a := range s.Alternatives {
			if s.Own < 0 && hasValues(f, a.Set) {
				s.Own = i
			}
		}
		out = append(out, s)
	}
	return out
}

// hasValues reports whether the decoded file (before drivers and
// interventions change it) holds every value set sets.
func hasValues(f *file, set []Override) bool {
	for _, o := range set {
		v, ok := getPath(reflect.ValueOf(f).Elem(), strings.Split(o.Path, "."))
		if !ok {
			return false
		}
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v = reflect.Zero(v.Type().Elem())
				break
			}
			v = v.Elem()
		}
		switch want := o.Literal.(type) {
		case nil:
			var x float64
			switch v.Kind() {
			case reflect.Float64:
				x = v.Float()
			case reflect.Int, reflect.Int64:
				x = float64(v.Int())
			default:
				return false
			}
			if x != o.Value {
				return false
			}
		case bool:
			if v.Kind() != reflect.Bool || v.Bool() != want {
				return false
			}
		default:
			if fmt.Sprint(v.Interface()) != fmt.Sprint(want) {
				return false
			}
		}
	}
	return true
}

// getPath is the value at parts (an override's path, split at its dots)
// in v, the first entry where it selects several; false when the path
// selects nothing.
func getPath(v reflect.Value, parts []string) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v = reflect.New(v.Type().Elem()).Elem()
			break
		}
		v = v.Elem()
	}
	if len(parts) == 0 {
		return v, true
	}
	name, sel, hasSel := strings.Cut(parts[0], "[")
	switch v.Kind() {
	case reflect.Map:
		x := v.MapIndex(reflect.ValueOf(parts[0]).Convert(v.Type().Key()))
		if !x.IsValid() {
			return reflect.Zero(v.Type().Elem()), len(parts) == 1
		}
		return getPath(x, parts[1:])
	case reflect.Struct:
	default:
		return reflect.Value{}, false
	}
	index, ok := fieldIndices(v.Type())[name]
	if !ok {
		return reflect.Value{}, false
	}
	fv := v.FieldByIndex(index)
	if !hasSel {
		return getPath(fv, parts[1:])
	}
	id := identified[fv.Type().Elem()]
	if fv.Kind() != reflect.Slice || id == nil {
		return reflect.Value{}, false
	}
	sel = strings.TrimSuffix(sel, "]")
	for i := 0; i < fv.Len(); i++ {
		if e := fv.Index(i); sel == "*" || id(e) == sel {
			return getPath(e, parts[1:])
		}
	}
	return reflect.Value{}, false
}

// Input is an uncertain input: a value with a plausible range.
type Input struct {
	Path  string // as an Override takes it: "place[almaty].traits.raid_rate", "params.interdiction.tip_rate"
	Range Range
	Value float64 // the scenario's own
	Note  string  // where the value comes from (ProvenanceRow.Note)
	At    string  // where its range is declared: file:line, or sim.ParamNotes
}

// Space is what a scenario leaves uncertain: every value with a plausible
// range, every contested fact with its alternatives, and how many values
// it holds fixed on an assumption alone.
type Space struct {
	Inputs   []Input
	Switches []Switch
	// Assumptions counts the numbers whose note is an assumption; Fixed
	// those of them without a range (held fixed at their value).
	Assumptions, Fixed int
}

// Space lists the scenario's uncertain inputs (every number with a range,
// in the order of Provenance), its switches, and the numbers held fixed.
// An [[uncertain]] entry that gives low and high of its own (a driver no
// file sets) ranges a sensitivity analysis, not the scenario: it is not an
// input here.
func (s *Scenario) Space() Space {
	var sp Space
	for _, r := range s.Provenance() {
		if r.Entry == "uncertain" || strings.HasPrefix(r.Entry, "uncertain[") || strings.HasPrefix(r.Entry, "switch[") {
			continue
		}
		x, err := strconv.ParseFloat(r.Value, 64)
		if err != nil {
			continue // a name or true or false: a switch's, if contested
		}
		if r.Assumption != "" {
			sp.Assumptions++
			if r.Range == nil {
				sp.Fixed++
			}
		}
		if r.Range == nil {
			continue
		}
		path := r.Entry + "." + r.Field
		at := "sim.ParamNotes"
		section, id, field, _ := splitPath(path)
		if _, where := rangeOf(s.prov.chain, section, id, field); where.file != "" {
			at = where.String()
		}
		sp.Inputs = append(sp.Inputs, Input{Path: path, Range: *r.Range, Value: x, Note: r.Note(), At: at})
	}
	sp.Switches = s.Switches
	return sp
}

// CheckSpace builds the scenario at both ends of every range of its Space
// and with every alternative of every switch, and reports, at the range's
// or switch's file and line, each that the scenario refuses: a range that
// leaves its key's documented range (a probability above 1), an
// alternative that sets a value out of range. It is the check a
// calibration runs before its first run (and hourglass check runs on every
// file); the loader checks the rest of a range when it reads it.
func (b *Base) CheckSpace() error {
	sc, err := b.With()
	if err != nil {
		return err
	}
	sp := sc.Space()
	var problems ErrorList
	report := func(at, key, format string, args ...any) {
		file, line := at, 0
		if i := strings.LastIndex(at, ":"); i > 0 {
			if n, err := strconv.Atoi(at[i+1:]); err == nil {
				file, line = at[:i], n
			}
		}
		problems.add(file, line, key, format, args...)
	}
	for _, in := range sp.Inputs {
		for _, end := range []struct {
			name string
			x    float64
		}{{"lo", in.Range.Lo}, {"hi", in.Range.Hi}} {
			if _, err := b.With(Override{Path: in.Path, Value: end.x}); err != nil {
				report(in.At, "ranges."+in.Path, "%s %v: %s", end.name, end.x, firstMessage(err))
			}
		}
	}
	for _, s := range sp.Switches {
		for i, a := range s.Alternatives {
			if _, err := b.With(s.Overrides(i)...); err != nil {
				f, line := b.switchLine(s.Name)
				problems.add(f, line, "switch["+s.Name+"]", "alternative %q: %s", a.Name, firstMessage(err))
			}
		}
	}
	return problems.err()
}

// firstMessage is the problem of an error without where it was found (the
// override that made it), or the error.
func firstMessage(err error) string {
	var list ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		if list[0].Key != "" {
			return list[0].Key + ": " + list[0].Msg
		}
		return list[0].Msg
	}
	return err.Error()
}

// switchLine is the file and line of the last [[switch]] named name.
func (b *Base) switchLine(name string) (string, int) {
	for i := len(b.chain) - 1; i >= 0; i-- {
		l := b.chain[i]
		if k := l.elementIndex("switch", name); k >= 0 {
			return l.path, l.loc.line(fmt.Sprintf("switch[%d]", k))
		}
	}
	return b.name, 0
}
