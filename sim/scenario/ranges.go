package scenario

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"hourglass/sim"
)

// A value the sources leave open may carry a plausible range beside its
// note, in the same table:
//
//	[[place]]
//	id = "almaty"
//	traits = { raid_rate = 0.04 }
//	assumption = "..."
//	ranges = { "traits.raid_rate" = [0.02, 0.12] }
//
//	[params.interdiction]
//	ranges = { dog_efficacy = [0.3, 0.9], tip_rate = { lo = 0.1, hi = 3, dist = "log-uniform" } }
//
// A range is [lo, hi] (uniform), or a table with lo, hi and dist =
// "uniform", "log-uniform" (lo > 0) or "triangular" (with its mode). The
// range belongs to the value as the file that sets it (or a later one)
// writes it: a later file that sets the value again without a range drops
// it, as it drops the note. The defaults of the parameters carry theirs in
// sim.ParamNotes. A value with a range is an uncertain input of a
// calibration (hourglass calibrate) and of a sensitivity analysis that names
// it in [[uncertain]]; a value marked assumption without one is held fixed.

// Dist is the shape of the prior over a plausible range.
type Dist uint8

const (
	// Uniform: every value of the range equally likely.
	Uniform Dist = iota
	// LogUniform: every factor equally likely (lo > 0), for a value known
	// only to its order of magnitude.
	LogUniform
	// Triangular: most likely at Mode, falling linearly to lo and hi.
	Triangular
)

var distNames = []string{Uniform: "uniform", LogUniform: "log-uniform", Triangular: "triangular"}

func (d Dist) String() string {
	if int(d) < len(distNames) {
		return distNames[d]
	}
	return fmt.Sprintf("Dist(%d)", uint8(d))
}

// UnmarshalText reads uniform, log-uniform or triangular.
func (d *Dist) UnmarshalText(b []byte) error {
	for i, n := range distNames {
		if n == string(b) {
			*d = Dist(i)
			return nil
		}
	}
	return fmt.Errorf("unknown dist %q (allowed: %s)", b, strings.Join(distNames, ", "))
}

// Range is a value's plausible range and the shape of the prior over it.
type Range struct {
	Lo, Hi float64
	Dist   Dist
	Mode   float64 // Triangular: the most likely value
}

// UnmarshalTOML reads [lo, hi] or { lo = .., hi = .., dist = .., mode = .. },
// and refuses a range that is not one: bounds that are not finite, lo not
// below hi, a log-uniform range that reaches 0, a triangular one without its
// mode inside.
func (r *Range) UnmarshalTOML(v any) error {
	num := func(x any) (float64, bool) {
		switch n := x.(type) {
		case int64:
			return float64(n), true
		case float64:
			return n, true
		}
		return 0, false
	}
	var out Range
	switch x := v.(type) {
	case []any:
		if len(x) != 2 {
			return fmt.Errorf("%s is not a range (allowed: [lo, hi], or { lo = .., hi = .., dist = \"uniform\" | \"log-uniform\" | \"triangular\", mode = .. })", show(v))
		}
		var ok1, ok2 bool
		out.Lo, ok1 = num(x[0])
		out.Hi, ok2 = num(x[1])
		if !ok1 || !ok2 {
			return fmt.Errorf("%s is not a range: lo and hi must be numbers", show(v))
		}
	case map[string]any:
		hasMode := false
		for _, k := range sortedKeys(x) {
			var ok bool
			switch k {
			case "lo":
				out.Lo, ok = num(x[k])
			case "hi":
				out.Hi, ok = num(x[k])
			case "mode":
				out.Mode, ok = num(x[k])
				hasMode = true
			case "dist":
				s, isStr := x[k].(string)
				ok = isStr && out.Dist.UnmarshalText([]byte(s)) == nil
				if isStr && !ok {
					return out.Dist.UnmarshalText([]byte(s))
				}
			default:
				return fmt.Errorf("range: unknown key %q (allowed: lo, hi, dist, mode)", k)
			}
			if !ok {
				return fmt.Errorf("range: %s = %s is not %s", k, show(x[k]), map[bool]string{true: "a name", false: "a number"}[k == "dist"])
			}
		}
		if _, ok := x["lo"]; !ok {
			return fmt.Errorf("range: lo is missing (allowed: { lo = .., hi = .., dist = .., mode = .. })")
		}
		if _, ok := x["hi"]; !ok {
			return fmt.Errorf("range: hi is missing (allowed: { lo = .., hi = .., dist = .., mode = .. })")
		}
		if hasMode != (out.Dist == Triangular) {
			if hasMode {
				return fmt.Errorf("range: mode is for a triangular range (dist = \"triangular\")")
			}
			return fmt.Errorf("range: a triangular range needs its mode (the most likely value)")
		}
	default:
		return fmt.Errorf("%s is not a range (allowed: [lo, hi], or { lo = .., hi = .., dist = .., mode = .. })", show(v))
	}
	if err := out.check(); err != nil {
		return err
	}
	*r = out
	return nil
}

// check says what is wrong with a range, or nil.
func (r Range) check() error {
	for _, x := range []float64{r.Lo, r.Hi, r.Mode} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("range %s: bounds must be finite numbers", r)
		}
	}
	switch {
	case !(r.Lo < r.Hi):
		return fmt.Errorf("range %s: lo %v is not below hi %v", r, r.Lo, r.Hi)
	case r.Dist == LogUniform && r.Lo <= 0:
		return fmt.Errorf("range %s: a log-uniform range needs lo > 0", r)
	case r.Dist == Triangular && (r.Mode < r.Lo || r.Mode > r.Hi):
		return fmt.Errorf("range %s: mode %v is outside lo..hi", r, r.Mode)
	}
	return nil
}

// Contains reports whether x lies in the range, bounds included.
func (r Range) Contains(x float64) bool { return x >= r.Lo && x <= r.Hi }

// String writes the range as a file does: "[0.3, 0.9]", "[1, 10]
// log-uniform", "[0.2, 0.8] triangular, mode 0.5".
func (r Range) String() string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	s := "[" + f(r.Lo) + ", " + f(r.Hi) + "]"
	switch r.Dist {
	case LogUniform:
		s += " log-uniform"
	case Triangular:
		s += " triangular, mode " + f(r.Mode)
	}
	return s
}

// rangeDefault is a parameter's default range from sim.ParamNotes.
func rangeDefault(path string) *Range {
	r, ok := defaultRanges()[path]
	if !ok {
		return nil
	}
	return &r
}

// defaultRanges are the ranges of sim.ParamNotes, by parameter path.
var defaultRanges = sync.OnceValue(func() map[string]Range {
	out := map[string]Range{}
	for path, n := range sim.ParamNotes() {
		if n.Range[0] < n.Range[1] {
			out[path] = Range{Lo: n.Range[0], Hi: n.Range[1]}
		}
	}
	return out
})

// nestedRange is the range table m declares for its field path, looking in
// the innermost sub-table on the path first and outwards to m itself
// ([params.interdiction] ranges = { tip_rate = .. } or [params] ranges =
// { "interdiction.tip_rate" = .. }).
func nestedRange(m map[string]any, path string) (Range, bool) {
	tables, parts := nestedTables(m, path)
	for k := len(tables) - 1; k >= 0; k-- {
		rs, _ := tables[k]["ranges"].(map[string]any)
		if raw, ok := rs[strings.Join(parts[k:], ".")]; ok {
			var r Range
			if r.UnmarshalTOML(raw) == nil {
				return r, true
			}
		}
	}
	return Range{}, false
}

// rangeAt is where a range was declared: a file and line, or the defaults.
type rangeAt struct {
	file string
	line int
}

func (a rangeAt) String() string {
	if a.line > 0 {
		return fmt.Sprintf("%s:%d", a.file, a.line)
	}
	return a.file
}

// chainTable is file l's table for section and id: a top-level table
// ("params", "drivers", "costs") when id is "", else the entry of section
// with that identity; nil when the file has none.
func chainTable(l *loaded, section, id string) (m map[string]any, locPath string) {
	if id == "" {
		m, _ = l.raw[section].(map[string]any)
		return m, section
	}
	i := l.elementIndex(section, id)
	if i < 0 {
		return nil, ""
	}
	elems, _ := l.raw[section].([]map[string]any)
	return elems[i], fmt.Sprintf("%s[%d]", section, i)
}

// rangeOf is the range of the value at field of section's table (id "")
// or entry: the last file of the chain that declares a range for it or
// sets it decides (a file that sets it without a range has none for it);
// a parameter no file decides takes its default's (sim.ParamNotes).
func rangeOf(chain []*loaded, section, id, field string) (*Range, rangeAt) {
	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		m, locPath := chainTable(l, section, id)
		if m == nil {
			continue
		}
		if r, ok := nestedRange(m, field); ok {
			return &r, rangeAt{l.path, l.loc.line(join(locPath, "ranges"))}
		}
		if has(m, field) {
			return nil, rangeAt{}
		}
	}
	if section == "params" && id == "" {
		if r := rangeDefault(field); r != nil {
			return r, rangeAt{file: "sim.ParamNotes"}
		}
	}
	return nil, rangeAt{}
}

// splitPath splits an override path into section, id and field:
// "place[osh].traits.corruption" is place, osh, traits.corruption;
// "params.interdiction.tip_rate" is params, "", interdiction.tip_rate. ok
// is false for a path that selects with [*] or has no field.
func splitPath(path string) (section, id, field string, ok bool) {
	head, field, found := strings.Cut(path, ".")
	if !found || field == "" {
		return "", "", "", false
	}
	section, sel, hasSel := strings.Cut(head, "[")
	if hasSel {
		id = strings.TrimSuffix(sel, "]")
		if id == "*" || id == "" || !strings.HasSuffix(sel, "]") {
			return "", "", "", false
		}
	}
	return section, id, field, true
}

// pathRange is the range declared for the value at an override path, and
// where.
func pathRange(chain []*loaded, path string) (*Range, rangeAt) {
	section, id, field, ok := splitPath(path)
	if !ok {
		return nil, rangeAt{}
	}
	return rangeOf(chain, section, id, field)
}

// rangeProblems checks every range the files of chain declare, in the
// merged tables (before any override): the field it names must be a number
// the scenario has (set by a file, or a parameter's default), and the value
// must lie in its own range. A range a later file drops (by setting the
// value again without one) is not checked against the new value.
func rangeProblems(chain []*loaded, merged map[string]any, problems *ErrorList) {
	defaults := defaultParamValues()
	for i, l := range chain {
		var walk func(t reflect.Type, m map[string]any, locPath, lbl, section, id, prefix string)
		walk = func(t reflect.Type, m map[string]any, locPath, lbl, section, id, prefix string) {
			if _, ok := fieldByTag(t, "ranges"); ok && section != "" { // one at the top is refused (checkProvenanceKeys)
				rs, _ := m["ranges"].(map[string]any)
				for _, k := range sortedKeys(rs) {
					var r Range
					if r.UnmarshalTOML(rs[k]) != nil || !fieldPathOK(t, k) {
						continue // reported by checkTypes, checkProvenanceKeys
					}
					line := l.loc.line(join(locPath, "ranges"))
					key := join(lbl, "ranges."+k)
					field := join(prefix, k)
					if dropped(chain[i+1:], section, id, field) {
						continue
					}
					value, found := lookupValue(merged, section, id, field)
					if !found && section == "params" {
						value, found = defaults[field]
					}
					x, isNum := number(value)
					switch {
					case !found:
						problems.add(l.path, line, key, "%s has no value in this scenario (allowed: a range beside a value a file sets, or a parameter's default)", join(lbl, k))
					case !isNum:
						problems.add(l.path, line, key, "%s is %s, not a number: a range is for a number (declare a contested choice as a [[switch]])", join(lbl, k), show(value))
					case !r.Contains(x):
						problems.add(l.path, line, key, "the value %v is outside its own range %s", x, r)
					}
				}
			}
			for _, f := range tomlFields(t) {
				tag := f.Tag.Get("toml")
				ft := f.Type
				switch {
				case ft.Kind() == reflect.Struct:
					if sub, ok := m[tag].(map[string]any); ok {
						if section == "" {
							walk(ft, sub, join(locPath, tag), join(lbl, tag), tag, "", "")
						} else {
							walk(ft, sub, join(locPath, tag), join(lbl, tag), section, id, join(prefix, tag))
						}
					}
				case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && section == "":
					elems, _ := m[tag].([]map[string]any)
					for k, e := range elems {
						eid := identity(tag, e)
						if eid == "" || tag == "event" || tag == "switch" || tag == "uncertain" {
							continue
						}
						walk(ft.Elem(), e, fmt.Sprintf("%s[%d]", tag, k), label(tag, e, k), tag, eid, "")
					}
				}
			}
		}
		walk(reflect.TypeOf(file{}), l.raw, "", "", "", "", "")
	}
}

// dropped reports whether a file of later sets the value at field of
// section's table or entry id without declaring a range for it.
func dropped(later []*loaded, section, id, field string) bool {
	for _, l := range later {
		m, _ := chainTable(l, section, id)
		if m == nil {
			continue
		}
		if _, ok := nestedRange(m, field); ok {
			return false
		}
		if has(m, field) {
			return true
		}
	}
	return false
}

// lookupValue is the value at field of section's table (id "") or entry
// id in the merged tables.
func lookupValue(merged map[string]any, section, id, field string) (any, bool) {
	var m map[string]any
	if id == "" {
		m, _ = merged[section].(map[string]any)
	} else {
		elems, _ := merged[section].([]map[string]any)
		for _, e := range elems {
			if identity(section, e) == id {
				m = e
				break
			}
		}
	}
	if m == nil {
		return nil, false
	}
	parts := strings.Split(field, ".")
	for _, p := range parts[:len(parts)-1] {
		sub, ok := m[p].(map[string]any)
		if !ok {
			return nil, false
		}
		m = sub
	}
	v, ok := m[parts[len(parts)-1]]
	return v, ok
}

// number is v as a float64, when it is a number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// defaultParamValues are the parameters' defaults by path, as the files
// would set them (numbers as float64 or int, booleans, names).
var defaultParamValues = sync.OnceValue(func() map[string]any {
	out := map[string]any{}
	d := sim.DefaultParams()
	for _, pv := range sim.ParamValues(&d) {
		out[pv.Path] = pv.Value
	}
	return out
})
