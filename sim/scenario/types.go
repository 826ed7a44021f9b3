package scenario

import (
	"bytes"
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"hourglass/sim"
)

// A file is first decoded into plain tables, which succeeds for any valid
// TOML, and then checked here against the config types: the typed decoder
// stops at the first value of the wrong type, and a person fixing a file
// wants every problem at once. Unknown keys and values of the wrong type are
// reported and removed, so that the rest still decodes and validates.

// enum is a named type that a file sets by name.
type enum struct {
	noun  string
	names []string
}

// enums are the named types of the config, with the names they allow.
var enums = map[reflect.Type]enum{
	reflect.TypeOf(sim.Mode(0)):        {"mode", sim.Names("mode")},
	reflect.TypeOf(sim.Product(0)):     {"product", sim.Names("product")},
	reflect.TypeOf(sim.Role(0)):        {"role", sim.Names("role")},
	reflect.TypeOf(sim.ScannerKind(0)): {"scanner", sim.Names("scanner")},
	reflect.TypeOf(sim.Schedule(0)):    {"schedule", sim.Names("schedule")},
	reflect.TypeOf(Kind(0)):            {"intervention type", kindNames[:]},
}

var (
	textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	tomlUnmarshaler = reflect.TypeOf((*toml.Unmarshaler)(nil)).Elem()
)

// typeChecker checks the plain tables of one file against the config types.
type typeChecker struct {
	file     string
	loc      *locator
	problems *ErrorList
	unknown  map[string]bool // unknown keys reported, as paths without ids
	more     int             // unknown keys past MaxUnknownKeys, counted, not listed
}

// checkTypes checks every value of raw, the tables of file name, against the
// type of file{}, reporting and removing unknown keys and wrong types.
func checkTypes(name string, loc *locator, raw map[string]any, problems *ErrorList) {
	c := typeChecker{file: name, loc: loc, problems: problems, unknown: map[string]bool{}}
	c.table(reflect.TypeOf(file{}), raw, "", "", "")
	if c.more > 0 {
		problems.add(name, 0, "", "%d more unknown keys (the first %d are listed)", c.more, MaxUnknownKeys)
	}
}

// table checks table m against struct type t. locPath is m's path for the
// locator ("place[3]"), lbl its path for people ("place[osh]") and keyPath
// its path without ids ("place").
func (c *typeChecker) table(t reflect.Type, m map[string]any, locPath, lbl, keyPath string) {
	for _, k := range sortedKeys(m) {
		f, ok := fieldByTag(t, k)
		if !ok {
			c.unknownKey(t, join(locPath, k), join(keyPath, k))
			delete(m, k)
			continue
		}
		if msg := c.value(f.Type, m[k], join(locPath, k), join(lbl, k), join(keyPath, k)); msg != "" {
			c.problems.add(c.file, c.loc.line(join(locPath, k)), join(lbl, k), "%s", msg)
			delete(m, k)
		}
	}
}

// unknownKey reports a key that struct type t does not have, once however
// many tables repeat it, with the closest allowed key or, when the key exists
// elsewhere (modes at the top level), the path where it belongs.
func (c *typeChecker) unknownKey(t reflect.Type, locPath, keyPath string) {
	if c.unknown[keyPath] {
		return
	}
	c.unknown[keyPath] = true
	if len(c.unknown) > MaxUnknownKeys {
		c.more++
		return
	}
	parts := strings.Split(keyPath, ".")
	last := parts[len(parts)-1]
	_, allowed := fieldsAt(t, nil)
	c.problems.add(c.file, c.loc.line(locPath), keyPath, "unknown key%s (allowed: %s)", keyHint(last, keyPath, allowed), strings.Join(allowed, ", "))
}

// keyHint suggests the allowed key closest to key, or, when there is none,
// where the key belongs if it exists elsewhere (modes at the top level
// belongs in params.modes). keyPath is where it was found.
func keyHint(key, keyPath string, allowed []string) string {
	if hint := suggest(key, allowed); hint != "" {
		return hint
	}
	if p := pathOf(key); p != "" && p != keyPath {
		return fmt.Sprintf(" (did you mean %q?)", p)
	}
	return ""
}

// value checks v against type t and returns what is wrong with it, or "".
// Problems inside tables are reported where they are, and "" returned.
func (c *typeChecker) value(t reflect.Type, v any, locPath, lbl, keyPath string) string {
	if x, ok := v.(float64); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
		return fmt.Sprintf("%s is not a finite number (allowed: finite numbers, not nan or inf)", show(v))
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch pt := reflect.PointerTo(t); {
	case pt.Implements(tomlUnmarshaler):
		if err := reflect.New(t).Interface().(toml.Unmarshaler).UnmarshalTOML(v); err != nil {
			return err.Error()
		}
		return ""
	case pt.Implements(textUnmarshaler):
		s, ok := v.(string)
		if !ok {
			return fmt.Sprintf("%s is not %s", show(v), want(t))
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return err.Error()
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		sub, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s is not a table", show(v))
		}
		c.table(t, sub, locPath, lbl, keyPath)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return c.entries(t.Elem(), v, locPath, lbl, keyPath)
		}
		list, ok := v.([]any)
		if !ok {
			return fmt.Sprintf("%s is not %s", show(v), want(t))
		}
		for _, x := range list {
			if msg := c.value(t.Elem(), x, locPath, lbl, keyPath); msg != "" {
				return msg
			}
		}
	case reflect.Map:
		sub, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s is not a table", show(v))
		}
		for _, k := range sortedKeys(sub) {
			if msg := c.value(t.Elem(), sub[k], join(locPath, k), join(lbl, k), keyPath+".*"); msg != "" {
				c.problems.add(c.file, c.loc.line(join(locPath, k)), join(lbl, k), "%s", msg)
				delete(sub, k)
			}
		}
	default:
		if !fits(t.Kind(), v) {
			return fmt.Sprintf("%s is not %s", show(v), want(t))
		}
	}
	return ""
}

// entries checks an array of tables ([[place]], or an inline array of
// inline tables) against the struct type of its elements.
func (c *typeChecker) entries(t reflect.Type, v any, locPath, lbl, keyPath string) string {
	var elems []map[string]any
	switch list := v.(type) {
	case []map[string]any:
		elems = list
	case []any:
		for _, x := range list {
			m, ok := x.(map[string]any)
			if !ok {
				return fmt.Sprintf("%s is not a table", show(x))
			}
			elems = append(elems, m)
		}
	default:
		return fmt.Sprintf("%s is not a list of tables (write [[%s]])", show(v), keyPath)
	}
	section := keyPath[strings.LastIndex(keyPath, ".")+1:]
	parent := strings.TrimSuffix(strings.TrimSuffix(lbl, section), ".")
	for i, e := range elems {
		c.table(t, e, fmt.Sprintf("%s[%d]", locPath, i), join(parent, label(section, e, i)), keyPath)
	}
	return ""
}

// fits reports whether a plain TOML value v can be decoded into kind k.
func fits(k reflect.Kind, v any) bool {
	switch v.(type) {
	case int64:
		return k == reflect.Int || k == reflect.Int64 || k == reflect.Float64
	case float64:
		return k == reflect.Float64
	case string:
		return k == reflect.String
	case bool:
		return k == reflect.Bool
	}
	return false
}

// want says what a value of type t looks like in a file.
func want(t reflect.Type) string {
	if e, ok := enums[t]; ok {
		article := "a"
		if strings.ContainsRune("aeiou", rune(e.noun[0])) {
			article = "an"
		}
		return fmt.Sprintf("%s %s (allowed: %s)", article, e.noun, strings.Join(e.names, ", "))
	}
	if t == reflect.TypeOf(sim.Months(0)) {
		return "a list of months (allowed: 1..12, e.g. [5, 6, 7])"
	}
	switch t.Kind() {
	case reflect.Slice:
		if e, ok := enums[t.Elem()]; ok {
			return fmt.Sprintf("a list of %ss (allowed: %s)", e.noun, strings.Join(e.names, ", "))
		}
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(want(t.Elem()), "a "), "an ") + "s"
	case reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	}
	return "a " + t.String()
}

// show writes v as a file would, for a message.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "a list of tables"
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(map[string]any{"v": v}); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(strings.TrimPrefix(buf.String(), "v = "))
}

// pathOf returns the path of the first field named key in the config types,
// breadth first (so "modes" is "params.modes", not "group.modes"), or "".
func pathOf(key string) string {
	type at struct {
		t    reflect.Type
		path string
	}
	level := []at{{reflect.TypeOf(file{}), ""}}
	for depth := 0; depth < 3; depth++ {
		var next []at
		for _, a := range level {
			for _, f := range tomlFields(a.t) {
				tag := f.Tag.Get("toml")
				if provenanceKeys[tag] {
					continue
				}
				if tag == key {
					return join(a.path, tag)
				}
				ft := f.Type
				if ft.Kind() == reflect.Slice {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					next = append(next, at{ft, join(a.path, tag)})
				}
			}
		}
		level = next
	}
	return ""
}

// decodeTables decodes plain tables into v through their TOML text.
func decodeTables(m map[string]any, v any) (toml.MetaData, error) {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(m); err != nil {
		return toml.MetaData{}, err
	}
	return toml.Decode(buf.String(), v)
}
