package scenario

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Draft is a scenario file as a program writes or reads it (the workbench's
// form): what it extends, the values it sets, and the interventions and
// dated events it adds. Encode writes it as TOML that Load reads; ReadDraft
// reads a file's own entries back (not what it extends). What a Draft
// leaves out, the file leaves out, so the scenario it extends stands.
//
// Values are checked by the loader, as for any file, not here: a Draft may
// hold a key the loader refuses, and the loader then says so at its line.
type Draft struct {
	// Comment is written first, as # lines.
	Comment     string
	Name        string
	Description string
	Extends     string
	// Set are values of tables by key path, as the loader's keys name them
	// ("drivers.professionalization", "costs.discount_rate",
	// "params.interdiction.tip_rate"): each is written in its table. A path
	// names a table's key, never an entry of an array ("place[osh]...": an
	// event sets those).
	Set []Value
	// Interventions are [[intervention]] entries, each its keys and values
	// (type, place or agency, the kind's settings, capital_usd, note, ...).
	Interventions []Entry
	Events        []Event
}

// Value is a value at a key: a float64, an int, a bool, a string or a
// []string.
type Value struct {
	Key   string
	Value any
}

// Entry is an entry of an array of tables: its keys and values in order.
type Entry []Value

// Get is the value of key in e, or nil.
func (e Entry) Get(key string) any {
	for _, v := range e {
		if v.Key == key {
			return v.Value
		}
	}
	return nil
}

// Event is an [[event]] entry: from its month on, it sets values (by key
// path, ids in brackets allowed: "place[osh].traits.corruption"), adds
// interventions and ends others (by id).
type Event struct {
	Date          string // YYYY-MM
	Set           []Value
	Interventions []Entry
	Remove        []string
	Note          string
}

// Encode writes d as a scenario file.
func Encode(d Draft) ([]byte, error) {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(d.Comment, "\n"), "\n") {
		if d.Comment != "" {
			b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
		}
	}
	var err error
	put := func(key string, v any) {
		s, e := tomlValue(v)
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %w", key, e)
		}
		fmt.Fprintf(&b, "%s = %s\n", tomlKey(key), s)
	}
	for _, kv := range []Value{{"name", d.Name}, {"description", d.Description}, {"extends", d.Extends}} {
		if kv.Value != "" {
			put(kv.Key, kv.Value)
		}
	}
	// each table once, in the order of its first value
	var tables []string
	keys := map[string][]Value{}
	for _, v := range d.Set {
		table, key, ok := strings.Cut(v.Key, ".")
		if !ok || key == "" || strings.ContainsAny(v.Key, "[]") {
			return nil, fmt.Errorf("set %s: want table.key, such as drivers.professionalization (an entry's values are set by events)", v.Key)
		}
		if keys[table] == nil {
			tables = append(tables, table)
		}
		keys[table] = append(keys[table], Value{key, v.Value})
	}
	for _, t := range tables {
		fmt.Fprintf(&b, "\n[%s]\n", tomlKey(t))
		for _, v := range keys[t] {
			put(v.Key, v.Value)
		}
	}
	entries := func(header string, es []Entry) {
		for _, e := range es {
			fmt.Fprintf(&b, "\n[[%s]]\n", header)
			for _, v := range e {
				put(v.Key, v.Value)
			}
		}
	}
	entries("intervention", d.Interventions)
	for _, e := range d.Events {
		fmt.Fprintf(&b, "\n[[event]]\n")
		put("date", e.Date)
		if len(e.Set) > 0 {
			parts := make([]string, len(e.Set))
			for i, v := range e.Set {
				s, e := tomlValue(v.Value)
				if e != nil && err == nil {
					err = fmt.Errorf("event set %s: %w", v.Key, e)
				}
				parts[i] = quote(v.Key) + " = " + s
			}
			fmt.Fprintf(&b, "set = { %s }\n", strings.Join(parts, ", "))
		}
		if len(e.Remove) > 0 {
			put("remove", e.Remove)
		}
		if e.Note != "" {
			put("note", e.Note)
		}
		entries("event.intervention", e.Interventions)
	}
	if err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// tomlKey writes a key, dotted keys part by part, quoting a part that is
// not a bare key.
func tomlKey(key string) string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		if p == "" || strings.IndexFunc(p, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
		}) >= 0 {
			parts[i] = quote(p)
		}
	}
	return strings.Join(parts, ".")
}

// tomlValue writes a value in TOML: a float always with a decimal point or
// an exponent, so that it reads back as a float.
func tomlValue(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return quote(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return "nan", nil
		case math.IsInf(x, 1):
			return "inf", nil
		case math.IsInf(x, -1):
			return "-inf", nil
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s, nil
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = quote(s)
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return "", fmt.Errorf("cannot write %T %v in a scenario file (want a number, a bool, a string or a list of strings)", v, v)
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\u%04x", c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// ReadDraft reads a scenario file's own entries (not what it extends): its
// name, description and what it extends, the values of its tables (Set,
// by key path, sorted; not the sources and assumptions), its
// interventions and its events. It reads what the file says, without
// checking it as Load does.
func ReadDraft(data []byte) (*Draft, error) {
	var f map[string]any
	if _, err := Decode("", string(data), &f); err != nil {
		return nil, err
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	d := &Draft{Name: str(f, "name"), Description: str(f, "description"), Extends: str(f, "extends")}
	keys := sortedKeys(f)
	for _, k := range keys {
		if t, ok := f[k].(map[string]any); ok {
			d.Set = append(d.Set, flatten(k, t)...)
		}
	}
	entries := func(v any) []Entry {
		list, _ := v.([]map[string]any)
		if len(list) == 0 {
			return nil
		}
		out := make([]Entry, len(list))
		for i, m := range list {
			for _, k := range sortedKeys(m) {
				out[i] = append(out[i], Value{k, plain(m[k])})
			}
		}
		return out
	}
	d.Interventions = entries(f["intervention"])
	events, _ := f["event"].([]map[string]any)
	for _, m := range events {
		e := Event{Date: str(m, "date"), Note: str(m, "note"), Interventions: entries(m["intervention"])}
		if set, ok := m["set"].(map[string]any); ok {
			for _, k := range sortedKeys(set) {
				e.Set = append(e.Set, Value{k, plain(set[k])})
			}
		}
		if rm, ok := plain(m["remove"]).([]string); ok {
			e.Remove = rm
		}
		d.Events = append(d.Events, e)
	}
	return d, nil
}

// flatten lists the values of a table by key path, leaving out the
// sources and assumptions.
func flatten(prefix string, t map[string]any) []Value {
	var out []Value
	for _, k := range sortedKeys(t) {
		if provenanceKeys[k] {
			continue
		}
		if sub, ok := t[k].(map[string]any); ok {
			out = append(out, flatten(prefix+"."+k, sub)...)
			continue
		}
		out = append(out, Value{prefix + "." + k, plain(t[k])})
	}
	return out
}

// plain turns the decoder's values into a Value's: int64 into int, lists
// of strings into []string.
func plain(v any) any {
	switch x := v.(type) {
	case int64:
		return int(x)
	case []any:
		ss := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return v
			}
			ss = append(ss, s)
		}
		return ss
	}
	return v
}

// ParseValue reads text typed by a person as the value of the key path
// (as Draft.Set, an Entry of an intervention with "intervention." before
// its key, or an event's set name them): a bool ("true", "false", or a
// ticked box's "1"), a whole number, a number or a string, as the loader's
// schema says the key holds. A path the schema does not know is read as a
// number, a bool or else a string, for the loader to judge.
func ParseValue(path, text string) (any, error) {
	switch kindAt(path) {
	case reflect.Bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", text)
		}
		return b, nil
	case reflect.Int:
		n, err := strconv.Atoi(text)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", text)
		}
		return n, nil
	case reflect.Float64:
		x, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%q is not a number", text)
		}
		return x, nil
	case reflect.String:
		return text, nil
	}
	if x, err := strconv.ParseFloat(text, 64); err == nil {
		return x, nil
	}
	if text == "true" || text == "false" {
		return text == "true", nil
	}
	return text, nil
}

// kindAt is the kind of value the schema holds at the key path (ids in
// brackets are skipped): a named type read from text (an enum) is a
// String; Invalid where the path leaves the schema or ends at a table.
func kindAt(path string) reflect.Kind {
	t := reflect.TypeOf(file{})
	for _, part := range strings.Split(path, ".") {
		name, _, _ := strings.Cut(part, "[")
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
			continue
		case reflect.Struct:
		default:
			return reflect.Invalid
		}
		f, ok := fieldByTag(t, name)
		if !ok {
			return reflect.Invalid
		}
		t = f.Type
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return reflect.String
	}
	switch k := t.Kind(); k {
	case reflect.Bool, reflect.Int, reflect.Float64, reflect.String:
		return k
	}
	return reflect.Invalid
}
