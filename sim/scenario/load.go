package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"

	"hourglass/sim"
)

// Scenario is a loaded, validated scenario, ready to run.
type Scenario struct {
	Name        string
	Description string
	Period      string
	Files       []FileInfo // every file read, the scenario's own last
	World       *sim.World
	Params      sim.Params
	// Costs lists the scenario's interventions and what they cost.
	Costs []Cost
	// LifetimeYears spreads capital costs in AnnualCost.
	LifetimeYears float64
	// Uncertain are the parameters the scenario declares uncertain.
	Uncertain []Uncertain
	// Touched lists every place an intervention changes, with its effective
	// traits before and after.
	Touched []Touched

	prov provenanceData // for Provenance
}

// Uncertain is a parameter with its plausible range.
type Uncertain struct {
	Name      string // path, as an Override takes it
	Low, High float64
	Note      string
}

// AnnualCost is the yearly cost of all interventions: annual costs plus
// capital spread over the lifetime,
//
//	Σ (annual_i + capital_i / lifetime)
func (s *Scenario) AnnualCost() float64 {
	total := 0.0
	for _, c := range s.Costs {
		total += c.AnnualUSD + c.CapitalUSD/s.LifetimeYears
	}
	return total
}

// FileInfo names a file that went into a scenario and its SHA-256.
type FileInfo struct {
	Path   string
	SHA256 string
}

// loaded is one file of an extends/network chain.
type loaded struct {
	path string
	sum  string
	loc  *locator
	own  file           // the file alone, as decoded
	raw  map[string]any // the file alone, for merging
}

// Load reads the scenario file name from fsys with every file it extends or
// names as its network, and returns it validated. Every problem found is
// reported at once in an ErrorList, as file:line: key: problem.
func Load(fsys fs.FS, name string) (*Scenario, error) {
	return LoadWith(fsys, name)
}

// LoadWith is Load with overrides applied after the files are merged.
func LoadWith(fsys fs.FS, name string, overrides ...Override) (*Scenario, error) {
	var problems ErrorList
	chain := readChain(fsys, name, nil, &problems)
	if len(problems) > 0 {
		return nil, problems.err()
	}
	merged := map[string]any{}
	for _, l := range chain {
		mergeTables(merged, l.raw)
	}
	for _, o := range overrides {
		if err := applyOverride(merged, o); err != nil {
			return nil, fmt.Errorf("scenario %s: override %w", name, err)
		}
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(merged); err != nil {
		return nil, fmt.Errorf("scenario %s: merging: %w", name, err)
	}
	f := file{Params: defaultParamsConfig(), Costs: costsConfig{LifetimeYears: DefaultLifetimeYears}}
	md, err := toml.Decode(buf.String(), &f)
	if err != nil {
		if len(overrides) > 0 {
			var perr toml.ParseError
			if errors.As(err, &perr) {
				return nil, fmt.Errorf("scenario %s: override %s: %s does not take a number there (%s)", name, overrides[0].Path, perr.LastKey, perr.Message)
			}
			return nil, fmt.Errorf("scenario %s: override %s: %w", name, overrides[0].Path, err)
		}
		return nil, fmt.Errorf("scenario %s: merging: %w", name, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, fmt.Errorf("scenario %s: override: unknown key %s", name, u[0])
	}
	v := validator{chain: chain}
	v.uncertain(&f, merged)
	w, params := v.build(&f)
	if err := v.problems.err(); err != nil {
		return nil, err
	}
	sc := &Scenario{Name: f.Name, Description: f.Description, Period: f.Period, World: w, Params: params,
		Costs: v.costs, LifetimeYears: f.Costs.LifetimeYears, Touched: v.touched,
		prov: provenanceData{chain: chain, merged: merged, overrides: overrides}}
	for _, u := range f.Uncertain {
		sc.Uncertain = append(sc.Uncertain, Uncertain{Name: u.Name, Low: u.Low, High: u.High, Note: u.Note})
	}
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(path.Base(name), ".toml")
	}
	for _, l := range chain {
		sc.Files = append(sc.Files, FileInfo{Path: l.path, SHA256: l.sum})
	}
	return sc, nil
}

// readChain reads name and, before it, the files it extends and its network,
// in the order they must be merged (bases first).
func readChain(fsys fs.FS, name string, seen []string, problems *ErrorList) []*loaded {
	for _, s := range seen {
		if s == name {
			problems.add(seen[len(seen)-1], 0, "extends", "cycle: %s", strings.Join(append(seen, name), " -> "))
			return nil
		}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		where := name
		if len(seen) > 0 {
			where = seen[len(seen)-1]
		}
		problems.add(where, 0, "", "cannot read %s: %v", name, errors.Unwrap(err))
		return nil
	}
	sum := sha256.Sum256(data)
	l := &loaded{path: name, sum: hex.EncodeToString(sum[:]), loc: newLocator(string(data))}
	if !decodeStrict(name, string(data), l, problems) {
		return nil
	}
	var chain []*loaded
	seen = append(seen, name)
	if l.own.Extends != "" {
		chain = append(chain, readChain(fsys, path.Join(path.Dir(name), l.own.Extends), seen, problems)...)
	}
	if l.own.Network != "" {
		chain = append(chain, readChain(fsys, path.Join(path.Dir(name), l.own.Network), seen, problems)...)
	}
	return append(chain, l)
}

// decodeStrict decodes one file on its own, reporting syntax errors, values
// of the wrong type or out of their enum, and unknown keys.
func decodeStrict(name, text string, l *loaded, problems *ErrorList) bool {
	md, err := toml.Decode(text, &l.own)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			problems.add(name, perr.Position.Line, perr.LastKey, "%s", perr.Message)
		} else {
			problems.add(name, 0, "", "%v", err)
		}
		return false
	}
	reported := map[string]bool{}
	for _, k := range md.Undecoded() {
		if reported[k.String()] {
			continue // one line per unknown key, however many tables repeat it
		}
		reported[k.String()] = true
		parts := []string(k)
		parent, allowed := fieldsAt(reflect.TypeOf(file{}), parts[:len(parts)-1])
		if parent == nil {
			continue // reported for its parent
		}
		last := parts[len(parts)-1]
		problems.add(name, l.loc.lineOfKey(parts), k.String(), "unknown key%s (allowed: %s)",
			suggest(last, allowed), strings.Join(allowed, ", "))
	}
	if _, err := toml.Decode(text, &l.raw); err != nil {
		problems.add(name, 0, "", "%v", err)
		return false
	}
	checkProvenanceKeys(name, l, problems)
	return true
}

// fieldsAt walks t along the key path and returns the struct type there with
// the TOML names of its fields; nil when the path leaves the known structure.
func fieldsAt(t reflect.Type, parts []string) (reflect.Type, []string) {
	for _, p := range parts {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil, nil
		}
		f, ok := fieldByTag(t, p)
		if !ok {
			return nil, nil
		}
		t = f.Type
	}
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, nil
	}
	var names []string
	for _, f := range tomlFields(t) {
		names = append(names, f.Tag.Get("toml"))
	}
	return t, names
}

// tomlFields returns the fields of struct type t that are TOML keys, with
// the fields of embedded untagged structs (such as provenance) in their
// place, as the decoder promotes them.
func tomlFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, tomlFields(f.Type)...)
			continue
		}
		if tag != "" && tag != "-" {
			out = append(out, f)
		}
	}
	return out
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	for _, f := range tomlFields(t) {
		if f.Tag.Get("toml") == tag {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// identity returns the key that matches an element of an array of tables
// across files, or "" for arrays that are replaced whole.
func identity(section string, m map[string]any) string {
	str := func(k string) string { s, _ := m[k].(string); return s }
	switch section {
	case "place", "group":
		return str("id")
	case "uncertain":
		return str("name")
	case "lab", "precursor_source":
		return str("place")
	case "post_default":
		return str("country") + "|" + str("kind")
	case "intervention":
		return interventionID(m)
	case "segment":
		a, b := str("from"), str("to")
		if b < a {
			a, b = b, a
		}
		return a + "|" + b
	}
	return ""
}

// mergeTables merges src into dst: tables merge key by key, arrays of tables
// with an identity (places, groups, segments, labs, sources) merge element by
// element, and everything else in src replaces what dst had.
func mergeTables(dst, src map[string]any) {
	for k, sv := range src {
		switch s := sv.(type) {
		case map[string]any:
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
				dst[k] = d
			}
			mergeTables(d, s)
		case []map[string]any:
			d, _ := dst[k].([]map[string]any)
			for _, elem := range s {
				id := identity(k, elem)
				matched := false
				for _, de := range d {
					if id != "" && identity(k, de) == id {
						mergeTables(de, elem)
						matched = true
						break
					}
				}
				if !matched {
					d = append(d, copyTable(elem))
				}
			}
			dst[k] = d
		default:
			if k == "extends" || k == "network" {
				continue // resolved already
			}
			dst[k] = sv
		}
	}
}

func copyTable(m map[string]any) map[string]any {
	out := map[string]any{}
	mergeTables(out, m)
	return out
}

// Override sets one value of a scenario after its files are merged: the way
// a sweep varies a parameter. Path selects with ids in brackets, or * for
// every element: "group[*].professionalization",
// "place[sosnovka].traits.inspection_rate", "params.interdiction.tip_rate",
// "drivers.professionalization".
type Override struct {
	Path  string
	Value float64
}

func (o Override) String() string { return fmt.Sprintf("%s=%g", o.Path, o.Value) }

// applyOverride sets o in the merged tables.
func applyOverride(merged map[string]any, o Override) error {
	var value any = o.Value
	if o.Value == math.Trunc(o.Value) && math.Abs(o.Value) < 1e15 {
		value = int64(o.Value)
	}
	parts := strings.Split(o.Path, ".")
	tables := []map[string]any{merged}
	for i, part := range parts {
		name, sel, hasSel := strings.Cut(part, "[")
		last := i == len(parts)-1
		var next []map[string]any
		for _, t := range tables {
			if hasSel {
				sel = strings.TrimSuffix(sel, "]")
				elems, _ := t[name].([]map[string]any)
				for _, e := range elems {
					if sel == "*" || identity(name, e) == sel {
						next = append(next, e)
					}
				}
				continue
			}
			if last {
				switch t[name].(type) {
				case map[string]any, []map[string]any:
					return fmt.Errorf("%s: %s is a table, not a value (name one of its keys)", o.Path, name)
				}
				t[name] = value
				continue
			}
			sub, ok := t[name].(map[string]any)
			if !ok {
				sub = map[string]any{}
				t[name] = sub
			}
			next = append(next, sub)
		}
		if hasSel && len(next) == 0 {
			return fmt.Errorf("%s: no %s matches [%s]", o.Path, name, sel)
		}
		if hasSel && last {
			return fmt.Errorf("%s: ends at a table, not a value", o.Path)
		}
		tables = next
	}
	return nil
}

// uncertain checks each declared uncertain parameter: a range with low below
// high, and a path that selects a known value of this scenario.
func (v *validator) uncertain(f *file, merged map[string]any) {
	for _, u := range f.Uncertain {
		if !(u.Low < u.High) {
			v.addf("uncertain", u.Name, "high", "%v is not above low %v", u.High, u.Low)
		}
		trial := copyTable(merged)
		if err := applyOverride(trial, Override{Path: u.Name, Value: u.Low}); err != nil {
			v.addf("uncertain", u.Name, "name", "%v", err)
			continue
		}
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(trial); err != nil {
			v.addf("uncertain", u.Name, "name", "%v", err)
			continue
		}
		probe := file{Params: defaultParamsConfig()}
		md, err := toml.Decode(buf.String(), &probe)
		if err != nil {
			v.addf("uncertain", u.Name, "name", "%s cannot take a number: %v", u.Name, err)
			continue
		}
		if und := md.Undecoded(); len(und) > 0 {
			v.addf("uncertain", u.Name, "name", "%s is not a parameter of this scenario (unknown key %s)", u.Name, und[0])
		}
	}
}
