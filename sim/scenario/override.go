package scenario

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// overrideName names override i in a problem: by its Name, or as path=value
// with its position when there are several; never by a line of the merged
// tables, which no person wrote.
func overrideName(overrides []Override, i int) string {
	switch o := overrides[i]; {
	case o.Name != "":
		return o.Name
	case len(overrides) == 1:
		return "override " + o.String()
	default:
		return fmt.Sprintf("override #%d %s", i+1, o)
	}
}

// checkOverride checks o's path against the config types and the merged
// tables before it is applied: every key must exist where it is used (else
// the closest one is suggested), every [id] must select an entry, and the
// path must end at a number. It returns the part of the path at fault and
// the problem, or "", "".
func checkOverride(merged map[string]any, o Override) (key, msg string) {
	if o.Literal != nil {
		return checkValue(merged, o.Path, o.Literal)
	}
	return checkValue(merged, o.Path, o.Value)
}

// checkValue is checkOverride for a value of any TOML type (an event sets
// strings, such as a schedule, as well as numbers).
func checkValue(merged map[string]any, path string, v any) (key, msg string) {
	key, msg, t := walkPath(merged, path)
	if msg != "" {
		return key, msg
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return path, fmt.Sprintf("%v is not a finite number (allowed: finite numbers, not nan or inf)", x)
		}
		msg = numberProblem(t, x)
	case int64:
		msg = numberProblem(t, float64(x))
	default:
		c := typeChecker{problems: new(ErrorList), unknown: map[string]bool{}}
		msg = c.value(t, v, path, path, path)
	}
	if msg == "" {
		return "", ""
	}
	return path, msg
}

// walkPath follows path through the config types and the merged tables: it
// returns the part of the path at fault and the problem, or the type at the
// path's end.
func walkPath(merged map[string]any, path string) (key, msg string, end reflect.Type) {
	t := reflect.TypeOf(file{})
	tables := []map[string]any{merged}
	parts := strings.Split(path, ".")
	for i, part := range parts {
		at := strings.Join(parts[:i+1], ".")
		name, sel, hasSel := strings.Cut(part, "[")
		if t.Kind() == reflect.Map {
			t = t.Elem() // a key of a table such as drivers.traffic_growth
			continue
		}
		if t.Kind() != reflect.Struct {
			return strings.Join(parts[:i], "."), "is a value, not a table", nil
		}
		f, ok := fieldByTag(t, name)
		if !ok {
			allowed := dataFields(t)
			return at, fmt.Sprintf("unknown key%s (allowed: %s)", keyHint(name, dropIndices(at), allowed), strings.Join(allowed, ", ")), nil
		}
		t = f.Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		isEntries := t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct
		switch {
		case hasSel && !isEntries:
			return at, fmt.Sprintf("%s has no entries to select with [%s]", name, strings.TrimSuffix(sel, "]")), nil
		case hasSel:
			t = t.Elem()
			var m string
			if tables, m = selectEntries(tables, name, strings.TrimSuffix(sel, "]")); m != "" {
				return at, m, nil
			}
		case isEntries:
			return at, fmt.Sprintf("is a list of entries: select them with %s[ID] or %s[*]", name, name), nil
		default:
			tables = subTables(tables, name)
		}
	}
	return "", "", t
}

// selectEntries returns the entries named section in tables whose id is sel
// (every entry for *), or a problem naming the closest id.
func selectEntries(tables []map[string]any, section, sel string) ([]map[string]any, string) {
	var out []map[string]any
	var ids []string
	for _, t := range tables {
		elems, _ := t[section].([]map[string]any)
		for _, e := range elems {
			id := identity(section, e)
			ids = append(ids, id)
			if sel == "*" || id == sel {
				out = append(out, e)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Sprintf("no %s has id %q%s", section, sel, suggest(sel, ids))
	}
	return out, ""
}

func subTables(tables []map[string]any, name string) []map[string]any {
	var out []map[string]any
	for _, t := range tables {
		if sub, ok := t[name].(map[string]any); ok {
			out = append(out, sub)
		}
	}
	return out
}

// numberProblem says why a value of type t cannot be set to x, or "".
func numberProblem(t reflect.Type, x float64) string {
	switch t.Kind() {
	case reflect.Float64:
		return ""
	case reflect.Int:
		if x != math.Trunc(x) {
			return fmt.Sprintf("%v is not a whole number", x)
		}
		return ""
	case reflect.Struct:
		return fmt.Sprintf("is a table, not a value (name one of its keys: %s)", strings.Join(dataFields(t), ", "))
	}
	return fmt.Sprintf("takes %s, not a number", want(t))
}

// overrideAt returns the override that set the value at path
// ("group[osh-forwarders].professionalization"), or false when a file set
// it. The last override to match wins, as it was applied last.
func (v *validator) overrideAt(path string) (int, bool) {
	for i := len(v.overrides) - 1; i >= 0; i-- {
		pattern := regexp.QuoteMeta(v.overrides[i].Path)
		pattern = strings.ReplaceAll(pattern, `\[\*\]`, `\[[^\]]*\]`)
		if regexp.MustCompile("^" + pattern + "$").MatchString(path) {
			return i, true
		}
	}
	return 0, false
}

// addOverride reports a problem with the value override i set, once however
// many entries its [*] reached.
func (v *validator) addOverride(i int, format string, args ...any) {
	p := Problem{File: overrideName(v.overrides, i), Key: v.overrides[i].Path, Msg: fmt.Sprintf(format, args...)}
	if !slices.Contains(v.problems, p) {
		v.problems = append(v.problems, p)
	}
}
