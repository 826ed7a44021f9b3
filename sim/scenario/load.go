package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

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
	// Costing is the [costs] table: the capital's lifetime, which AnnualCost
	// and RunCost spread it over, and the discount rate of RunCost.
	Costing
	// Uncertain are the parameters the scenario declares uncertain for a
	// sensitivity analysis ([[uncertain]]), each with its range.
	Uncertain []Uncertain
	// Switches are the contested facts the scenario declares ([[switch]]),
	// each with its alternatives (Space lists them with the ranges).
	Switches []Switch
	// Touched lists every place an intervention changes, with its effective
	// traits before and after.
	Touched []Touched
	// Epochs, when the scenario has events within the run, are the worlds
	// in force from each event's month on, the first from the start (World
	// and Params are the first's); run them with sim.RunEpochs.
	Epochs []sim.Epoch

	prov provenanceData // for Provenance
}

// Uncertain is a parameter with its plausible range.
type Uncertain struct {
	Name      string // path, as an Override takes it
	Low, High float64
	Note      string
}

// AnnualCost is the yearly cost of all interventions: annual costs plus
// capital spread over the lifetime, undiscounted,
//
//	Σ (annual_i + capital_i / lifetime)
//
// RunCost is their cost over the run, discounted; the two are equal for a
// one-year run.
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

	indexMu sync.Mutex                // the scenarios of one Base may report problems at once
	index   map[string]map[string]int // section -> identity -> first element, built as asked (elementIndex)
}

// Load reads the scenario file name from fsys with every file it extends or
// names as its network, and returns it validated. Every problem found is
// reported at once in an ErrorList, as file:line: key: problem.
func Load(fsys fs.FS, name string) (*Scenario, error) {
	return LoadWith(fsys, name)
}

// LoadWith is Load with overrides applied after the files are merged.
// Prepare and Base.With give the same scenario without reading and
// decoding the files again for each set of overrides.
func LoadWith(fsys fs.FS, name string, overrides ...Override) (*Scenario, error) {
	var problems ErrorList
	chain, complete := readChain(fsys, name, nil, &problems)
	if !complete {
		return nil, problems.err() // a file is missing or not TOML: nothing to merge
	}
	merged, err := mergeChain(name, chain, problems)
	if err != nil {
		return nil, err
	}
	return loadMerged(name, chain, merged, overrides, problems)
}

// mergeChain merges the files of a chain, bases first, and checks that the
// result is a scenario; problems are those reading the files found.
func mergeChain(name string, chain []*loaded, problems ErrorList) (map[string]any, error) {
	merged := map[string]any{}
	for _, l := range chain {
		mergeTables(merged, l.raw)
	}
	if places, _ := merged["place"].([]map[string]any); len(places) == 0 {
		// An empty file (or one of comments, or a name alone) is not a
		// scenario: it would run and report zeros. A file that extends
		// one with places is fine, even if it changes nothing.
		problems.add(name, 0, "", "no places: not a scenario (allowed: a file with [[place]], [[segment]] and [[group]] entries, or extends = a scenario)")
		return nil, problems.err()
	}
	return merged, nil
}

// loadMerged applies the overrides to merged tables (which it changes),
// takes out their events and builds the scenario with its epochs. problems
// are those reading the files found: they are reported with the rest.
func loadMerged(name string, chain []*loaded, merged map[string]any, overrides []Override, problems ErrorList) (*Scenario, error) {
	for i, o := range overrides {
		if key, msg := checkOverride(merged, o); msg != "" {
			problems.add(overrideName(overrides, i), 0, key, "%s", msg)
			continue
		}
		if err := applyOverride(merged, o); err != nil {
			problems.add(overrideName(overrides, i), 0, o.Path, "%v", err)
		}
	}
	starts := takeStarts(merged, chain, &problems)
	events := takeEvents(merged, chain, &problems)
	if len(overrides) == 0 {
		rangeProblems(chain, merged, &problems) // an override may move a value out of its range
	}
	budget := sim.MaxRouteExpansions // shared by the scenario's worlds
	return epochs(newTimeline(merged, events, starts), func(until sim.YearMonth) (*Scenario, error) {
		m, err := tablesAt(merged, events, starts, until)
		if err != nil {
			return nil, err
		}
		f, err := decodeMerged(name, m, problems)
		if err != nil {
			return nil, err
		}
		return assemble(name, chain, &f, m, overrides, problems, budgeted(&budget))
	}, nil)
}

// budgeted is Prepare with the route searches spending budget, shared by
// the worlds of one scenario (sim.World.PrepareSpending).
func budgeted(budget *int) func(*sim.World) error {
	return func(w *sim.World) error { return w.PrepareSpending(budget) }
}

// decodeMerged decodes merged tables into a file, with the defaults of
// the values they leave unset; problems are those found before, reported
// with a value of the wrong type or a key unknown after merging.
func decodeMerged(name string, merged map[string]any, problems ErrorList) (file, error) {
	newFile := func() file {
		return file{Params: defaultParamsConfig(), Costs: costsConfig{LifetimeYears: DefaultLifetimeYears, DiscountRate: DefaultDiscountRate}}
	}
	f := newFile()
	if decodeDirect(merged, &f) {
		return f, nil
	}
	f = newFile()
	md, err := decodeTables(merged, &f)
	if err != nil {
		problems.add(name, 0, "", "merging: %v", err) // a type checkTypes and checkOverride let through
		return f, problems.err()
	}
	if u := md.Undecoded(); len(u) > 0 {
		problems.add(name, 0, u[0].String(), "unknown key after merging")
		return f, problems.err()
	}
	return f, nil
}

// assemble validates the decoded file f (changing it: drivers and
// interventions apply to its entries) and builds the scenario. prepare,
// when not nil, prepares the world in place of World.Prepare.
func assemble(name string, chain []*loaded, f *file, merged map[string]any, overrides []Override, problems ErrorList,
	prepare func(*sim.World) error) (*Scenario, error) {
	v := validator{chain: chain, problems: problems, overrides: overrides, prepare: prepare}
	unc := v.uncertain(f, merged)
	switches := v.switches(f, merged)
	w, params := v.build(f)
	if err := v.problems.err(); err != nil {
		return nil, err
	}
	sc := &Scenario{Name: f.Name, Description: f.Description, Period: f.Period, World: w, Params: params,
		Costs: v.costs, Costing: Costing{LifetimeYears: f.Costs.LifetimeYears, DiscountRate: f.Costs.DiscountRate}, Touched: v.touched,
		prov: provenanceData{chain: chain, merged: merged, overrides: overrides}}
	sc.Uncertain, sc.Switches = unc, switches
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(path.Base(name), ".toml")
	}
	for _, l := range chain {
		sc.Files = append(sc.Files, FileInfo{Path: l.path, SHA256: l.sum})
	}
	return sc, nil
}

// readChain reads name and, before it, the files it extends and its network,
// in the order they must be merged (bases first). complete is false when a
// file could not be read or parsed (or extends itself): the chain then lacks
// it, and merging would report problems that are not there.
func readChain(fsys fs.FS, name string, seen []string, problems *ErrorList) (chain []*loaded, complete bool) {
	for _, s := range seen {
		if s == name {
			problems.add(seen[len(seen)-1], 0, "extends", "cycle: %s", strings.Join(append(seen, name), " -> "))
			return nil, false
		}
	}
	data, err := ReadFile(fsys, name)
	if errors.Is(err, ErrTooLarge) {
		problems.add(name, 0, "", "%v", ErrTooLarge)
		return nil, false
	}
	if err != nil {
		where := name
		if len(seen) > 0 {
			where = seen[len(seen)-1]
		}
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // the *fs.PathError's own error: the path is in the message already
		}
		problems.add(where, 0, "", "cannot read %s: %v", name, err)
		return nil, false
	}
	if line, msg := prescan(string(data)); msg != "" {
		problems.add(name, line, "", "%s", msg)
		return nil, false
	}
	sum := sha256.Sum256(data)
	l := &loaded{path: name, sum: hex.EncodeToString(sum[:]), loc: newLocator(string(data))}
	if !decodeStrict(name, string(data), l, problems) {
		return nil, false
	}
	checkDuplicates(name, l, problems)
	complete = true
	seen = append(seen, name)
	for _, inc := range []struct{ key, name string }{{"extends", l.own.Extends}, {"network", l.own.Network}} {
		if inc.name == "" {
			continue
		}
		at, err := includePath(fsys, name, inc.name)
		if err == nil {
			if _, serr := fs.Stat(fsys, at); errors.Is(serr, fs.ErrNotExist) {
				err = fmt.Errorf("no file %s (allowed: a path relative to this file, or a shipped name such as \"baseline\")", at)
			}
		}
		if err != nil {
			problems.add(name, l.loc.line(inc.key), inc.key, "%v", err)
			complete = false
			continue
		}
		sub, ok := readChain(fsys, at, seen, problems)
		chain = append(chain, sub...)
		complete = complete && ok
	}
	return append(chain, l), complete
}

// includePath is where the file from finds a file it extends (or its
// network), inc: relative to from's directory; where nothing is there and
// inc is a bare name, the name at the top, where the shipped scenarios are
// (so a file in examples/ may extend baseline.toml); ".toml" may be left
// off (extends = "baseline", as on the command line). A path that leaves
// the directory (absolute, or through "..") is refused: the loader reads
// only below it.
func includePath(fsys fs.FS, from, inc string) (string, error) {
	if strings.HasPrefix(inc, "/") || slices.Contains(strings.Split(inc, "/"), "..") {
		return "", fmt.Errorf("%q leaves the scenario's directory (allowed: a path below it, without \"..\" or a leading \"/\", or a shipped name such as \"baseline\")", inc)
	}
	tries := []string{path.Join(path.Dir(from), inc)}
	if !strings.Contains(inc, "/") {
		tries = append(tries, inc)
	}
	for _, t := range tries {
		names := []string{t}
		if !strings.HasSuffix(t, ".toml") {
			names = append(names, t+".toml")
		}
		for _, c := range names {
			if _, err := fs.Stat(fsys, c); err == nil {
				return c, nil
			}
		}
	}
	return tries[0], nil // nothing there: reading it says so
}

// decodeStrict decodes one file on its own. A syntax error stops it (false);
// values of the wrong type or out of their enum, and unknown keys, are
// reported and left out, so the rest of the file is still decoded and
// checked.
func decodeStrict(name, text string, l *loaded, problems *ErrorList) bool {
	if _, err := toml.Decode(text, &l.raw); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			problems.add(name, perr.Position.Line, perr.LastKey, "%s", perr.Message)
		} else {
			problems.add(name, 0, "", "%v", err)
		}
		return false
	}
	checkTypes(name, l.loc, l.raw, problems)
	if !decodeDirect(l.raw, &l.own) {
		l.own = file{}
		if _, err := decodeTables(l.raw, &l.own); err != nil {
			problems.add(name, 0, "", "%v", err) // a type checkTypes let through
			return false
		}
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
// place, as the decoder promotes them; computed once per type (checking a
// file asks for them at every entry). The slice is shared: read it only.
func tomlFields(t reflect.Type) []reflect.StructField {
	if f, ok := tomlFieldsCache.Load(t); ok {
		return f.([]reflect.StructField)
	}
	f, _ := tomlFieldsCache.LoadOrStore(t, tomlFieldsOf(t))
	return f.([]reflect.StructField)
}

var tomlFieldsCache sync.Map // reflect.Type -> []reflect.StructField

func tomlFieldsOf(t reflect.Type) []reflect.StructField {
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

// fieldByTag returns the first field of tomlFields(t) whose TOML key is
// tag (from an index of t's keys made once: checking a file looks up every
// key of every entry).
func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	index, ok := fieldIndices(t)[tag]
	if !ok {
		return reflect.StructField{}, false
	}
	return t.FieldByIndex(index), true
}

// identity returns the key that matches an element of an array of tables
// across files, or "" for arrays that are replaced whole.
func identity(section string, m map[string]any) string {
	str := func(k string) string { s, _ := m[k].(string); return s }
	switch section {
	case "place", "group", "agency":
		return str("id")
	case "uncertain", "switch":
		return str("name")
	case "event":
		return str("date") // an extending file's event of the same month adds to it
	case "lab", "precursor_source":
		return str("place")
	case "post_default":
		return str("country") + "|" + str("kind")
	case "intervention":
		return interventionID(m)
	case "segment":
		return segmentID(str("from"), str("to"))
	}
	return ""
}

// segmentID is the identity of the segment between places a and b, in
// either order: "a|b" with the ids sorted.
func segmentID(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
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
			// index of the first element of d with each identity: merging
			// stays linear however many entries a file has
			at := make(map[string]int, len(d))
			for i := len(d) - 1; i >= 0; i-- {
				if id := identity(k, d[i]); id != "" {
					at[id] = i
				}
			}
			for _, elem := range s {
				id := identity(k, elem)
				if i, ok := at[id]; ok && id != "" {
					mergeTables(d[i], elem)
					continue
				}
				if id != "" {
					at[id] = len(d)
				}
				d = append(d, copyTable(elem))
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
	// Name is how problems name the override (a sweep's "--vary KEY=..."
	// names all its steps alike); "" names it "override path=value".
	Name string
	// Literal, when not nil, is set in place of Value: a value that is not
	// a number, true or false or a name (a scanner kind, a schedule), as
	// an alternative of a [[switch]] sets it.
	Literal any
}

func (o Override) String() string {
	if o.Literal != nil {
		return fmt.Sprintf("%s=%s", o.Path, show(o.Literal))
	}
	return fmt.Sprintf("%s=%g", o.Path, o.Value)
}

// applyOverride sets o in the merged tables.
func applyOverride(merged map[string]any, o Override) error {
	if o.Literal != nil {
		return applyValue(merged, o.Path, o.Literal)
	}
	var value any = o.Value
	if o.Value == math.Trunc(o.Value) && math.Abs(o.Value) < 1e15 {
		value = int64(o.Value)
	}
	return applyValue(merged, o.Path, value)
}

// applyValue sets the value at path (as an Override names it) in the merged
// tables.
func applyValue(merged map[string]any, path string, value any) error {
	parts := strings.Split(path, ".")
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
					return fmt.Errorf("%s: %s is a table, not a value (name one of its keys)", path, name)
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
			return fmt.Errorf("%s: no %s matches [%s]", path, name, sel)
		}
		if hasSel && last {
			return fmt.Errorf("%s: ends at a table, not a value", path)
		}
		tables = next
	}
	return nil
}

// uncertain checks each declared uncertain parameter and gives it its
// range: the range declared beside the value it names (ranges.go), or,
// for a value no file sets alone (a driver, a path with [*]), its own low
// and high. A range is declared once: low and high beside a value's own
// range are refused, and so is a value outside its range.
func (v *validator) uncertain(f *file, merged map[string]any) []Uncertain {
	var out []Uncertain
	// overrideAt compiles a pattern per override: only when some override
	// sets an [[uncertain]] entry's bound (a member's dozens do not)
	boundsOverridden := slices.ContainsFunc(v.overrides, func(o Override) bool { return strings.HasPrefix(o.Path, "uncertain") })
	for _, u := range f.Uncertain {
		label := fmt.Sprintf("uncertain[%s]", u.Name)
		if key, msg := checkOverride(merged, Override{Path: u.Name}); msg != "" {
			v.addf("uncertain", u.Name, "name", "%s: %s", key, msg)
			continue
		}
		// The range as the file that declares the entry sees it: a later
		// file that sets the value (a scenario of the user's) does not
		// take it from the analysis.
		upTo := len(v.chain)
		for k := len(v.chain) - 1; k >= 0; k-- {
			if v.chain[k].elementIndex("uncertain", u.Name) >= 0 {
				upTo = k + 1
				break
			}
		}
		r, at := pathRange(v.chain[:upTo], u.Name)
		lowSet, highSet := false, false
		if boundsOverridden {
			_, lowSet = v.overrideAt(join(label, "low"))
			_, highSet = v.overrideAt(join(label, "high"))
		}
		if r != nil && (lowSet || highSet) {
			// an override (a sweep of uncertain[*].low) replaces a bound
			// of the value's range
			lo, hi := r.Lo, r.Hi
			if lowSet && u.Low != nil {
				lo = *u.Low
			}
			if highSet && u.High != nil {
				hi = *u.High
			}
			u.Low, u.High, r = &lo, &hi, nil
		}
		switch {
		case r != nil && (u.Low != nil || u.High != nil):
			v.addf("uncertain", u.Name, "name", "%s has its range %s at %s: drop low and high here (a range is declared once, beside its value)", u.Name, r, at)
			continue
		case r != nil:
			out = append(out, Uncertain{Name: u.Name, Low: r.Lo, High: r.Hi, Note: u.Note})
			continue
		case u.Low == nil && u.High == nil:
			v.addf("uncertain", u.Name, "name", "%s has no range: declare one beside the value (ranges = { key = [lo, hi] }) or give low and high here", u.Name)
			continue
		case u.Low == nil || u.High == nil:
			if !reported(v.problems, label+".") { // a bound of the wrong type is reported already
				v.addf("uncertain", u.Name, "name", "give both low and high, or neither (the range declared beside the value)")
			}
			continue
		}
		lo, hi := *u.Low, *u.High
		if !(lo < hi) {
			// Blame what set the bound that is out of place: a --vary of
			// uncertain[*].low names that flag, not the file's high.
			_, highSet := v.overrideAt(join(label, "high"))
			_, lowSet := v.overrideAt(join(label, "low"))
			switch {
			case lowSet && !highSet:
				v.addf("uncertain", u.Name, "low", "%s: low %v is not below high %v", label, lo, hi)
			case highSet: // the override may have reached many entries: say which
				v.addf("uncertain", u.Name, "high", "%s: high %v is not above low %v", label, hi, lo)
			default:
				v.addf("uncertain", u.Name, "high", "%v is not above low %v", hi, lo)
			}
			continue
		}
		out = append(out, Uncertain{Name: u.Name, Low: lo, High: hi, Note: u.Note})
	}
	return out
}
