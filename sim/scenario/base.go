package scenario

import (
	"io/fs"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"

	"hourglass/sim"
)

// Base is a scenario read, decoded and checked once, to be built again with
// overrides: a sweep's points, a sensitivity analysis's samples, an
// ensemble's members. Base.With(overrides...) returns what
// LoadWith(fsys, name, overrides...) returns, without reading, parsing or
// checking the files again. A Base is never changed after Prepare but for
// the candidate routes of the worlds With finds another route graph for,
// which it keeps (behind a lock) for the next: With may be called from
// many goroutines at once.
type Base struct {
	name   string
	chain  []*loaded
	merged map[string]any // the files merged, before overrides and with their events
	events []event
	starts []sim.YearMonth // when each [[intervention]] comes into force (takeStarts)
	paths  []string        // the paths the events set
	time   timeline
	// epochs are the worlds of the scenario without overrides, the first
	// from the start; nil when it does not build without them (With then
	// builds every scenario from the tables).
	epochs []baseEpoch

	// variants are worlds With built whose route graph differs from their
	// epoch's (a switch that gives the groups other products or
	// destinations), with their candidate routes, so that the next set of
	// overrides with the same graph shares them instead of searching again.
	variantsMu sync.Mutex
	variants   []baseVariant
}

// baseVariant is a world of epoch epoch with a route graph of its own, and
// its candidate routes before UnionRoutes.
type baseVariant struct {
	epoch  int
	world  *sim.World
	routes [][]sim.Route
}

// variantRoutes returns the routes of a variant of epoch i with w's route
// graph, if With has built one.
func (b *Base) variantRoutes(i int, w *sim.World) ([][]sim.Route, bool) {
	b.variantsMu.Lock()
	defer b.variantsMu.Unlock()
	for _, v := range b.variants {
		if v.epoch == i && sim.SameRouteGraph(w, v.world) {
			return v.routes, true
		}
	}
	return nil, false
}

// maxVariants bounds the variants a Base keeps: a calibration's switches
// make a few; a sweep of destinations could make many, and keeps the first.
const maxVariants = 16

// addVariant keeps w, just prepared, as a variant of epoch i.
func (b *Base) addVariant(i int, w *sim.World) {
	b.variantsMu.Lock()
	defer b.variantsMu.Unlock()
	if len(b.variants) < maxVariants {
		b.variants = append(b.variants, baseVariant{epoch: i, world: w, routes: slices.Clone(w.Routes)})
	}
}

// baseEpoch is one world of a Base, as With starts from it.
type baseEpoch struct {
	merged map[string]any // the tables with the events up to its month, as build saw them
	file   file           // decoded from merged, before the validator changed it
	world  *sim.World     // built from file: the route graph its routes are for
	routes [][]sim.Route  // its candidate routes, before UnionRoutes
}

// Prepare reads the scenario file name from fsys with every file it extends
// or names as its network, merges and checks them, and builds the scenario
// without overrides, keeping what With needs to build it again with some.
// It fails when no override could give a scenario: a file that cannot be
// read or parsed, values of the wrong type, unknown keys, duplicate ids,
// events that set unknown paths, files with no places; the error is then
// the one Load returns. Problems of values an override could change (a
// value out of its range, an unknown place named in a list) are reported
// by With, as LoadWith reports them for each set of overrides.
func Prepare(fsys fs.FS, name string) (*Base, error) {
	var problems ErrorList
	chain, complete := readChain(fsys, name, nil, &problems)
	if !complete {
		return nil, problems.err()
	}
	merged, err := mergeChain(name, chain, problems)
	if err != nil {
		return nil, err
	}
	b := &Base{name: name, chain: chain, merged: merged}
	m := copyTable(merged)
	var eventProblems ErrorList
	b.starts = takeStarts(m, chain, &eventProblems)
	b.events = takeEvents(m, chain, &eventProblems)
	rangeProblems(chain, m, &eventProblems)
	if len(problems) > 0 || len(eventProblems) > 0 {
		// The files' own problems: every set of overrides has them.
		_, err := loadMerged(name, chain, copyTable(merged), nil, problems)
		return nil, err
	}
	for _, e := range b.events {
		for _, kv := range e.set {
			b.paths = append(b.paths, kv[0].(string))
		}
	}
	b.time = newTimeline(m, b.events, b.starts)
	var built []baseEpoch
	budget := sim.MaxRouteExpansions // shared by the scenario's worlds
	_, err = epochs(b.time, func(until sim.YearMonth) (*Scenario, error) {
		mk, err := tablesAt(m, b.events, b.starts, until)
		if err != nil {
			return nil, err
		}
		f, err := decodeMerged(name, mk, nil)
		if err != nil {
			return nil, err
		}
		e := baseEpoch{merged: mk, file: *deepCopy(&f)}
		sc, err := assemble(name, chain, &f, mk, nil, nil, budgeted(&budget))
		if err != nil {
			return nil, err
		}
		e.world, e.routes = sc.World, slices.Clone(sc.World.Routes)
		built = append(built, e)
		return sc, nil
	}, nil)
	if err == nil {
		b.epochs = built
	}
	return b, nil
}

// With returns the scenario with the overrides applied, deep-equal to what
// LoadWith(fsys, name, overrides...) returns, with the same problems when
// an override or a value is wrong.
//
// An override of a number of a place, segment, group, lab, precursor
// source, agency or uncertain parameter (by [id] or [*]), of params, of
// [drivers] (professionalization, profile, afghan_output, traffic_growth)
// or of [costs] is set in a copy of the decoded tables; the validator then
// checks every value and builds the world again, applying drivers and
// interventions as the loader does (drivers.professionalization sets each
// group's profile, traffic_growth multiplies traffic, an intervention raises
// the traits it sets). The candidate routes are shared with the scenario
// without overrides when the route graph is the same (sim.SameRouteGraph),
// and found again when not (a segment's hours). Building one set of
// overrides so takes about a third of a millisecond for the shipped
// baseline, against 25 ms for LoadWith (BENCHMARKS.md).
//
// Other overrides are applied to the merged tables, which are then decoded
// and built as LoadWith does, without reading or parsing the files: those
// of an intervention, post default or event (their ids are not fields of
// the decoded entries), params.days and params.years of a scenario with
// events (they change which events fall within the run), a path an event
// also sets (the event's value replaces the override's from its month),
// any override LoadWith would refuse (so that the problems are its own),
// and every override of a scenario that does not build without overrides.
func (b *Base) With(overrides ...Override) (*Scenario, error) {
	if b.epochs == nil || !b.settable(overrides) {
		return loadMerged(b.name, b.chain, copyTable(b.merged), overrides, nil)
	}
	next, reused := 0, true
	budget := sim.MaxRouteExpansions // this scenario's, whatever other calls of With spend
	return epochs(b.time, func(sim.YearMonth) (*Scenario, error) {
		i := next
		e := &b.epochs[i] // epochs asks for the worlds in the order Prepare built them
		next++
		f := deepCopy(&e.file)
		for _, o := range overrides {
			setOverride(f, o)
		}
		sc, err := assemble(b.name, b.chain, f, e.merged, overrides, nil, func(w *sim.World) error {
			if sim.SameRouteGraph(w, e.world) {
				return w.PrepareWithRoutes(e.routes)
			}
			reused = false
			if routes, ok := b.variantRoutes(i, w); ok {
				return w.PrepareWithRoutes(routes)
			}
			if err := budgeted(&budget)(w); err != nil {
				return err
			}
			b.addVariant(i, w)
			return nil
		})
		if sc != nil {
			sc.prov.pending = true // e.merged is without the overrides
		}
		return sc, err
	}, func(worlds []*sim.World) error {
		from := make([]*baseEpoch, len(worlds))
		for i := range worlds {
			from[i] = &b.epochs[i]
		}
		return unionRoutes(worlds, from, reused)
	})
}

// unionRoutes gives worlds the routes of their epochs: the union of their
// candidate routes, or, when every world kept the routes of the Base's
// epoch it was built from (reused), those epochs' (already their union),
// each measured on its own world's segments.
func unionRoutes(worlds []*sim.World, from []*baseEpoch, reused bool) error {
	if !reused {
		sim.UnionRoutes(worlds)
		return nil
	}
	for i, w := range worlds {
		if err := w.PrepareWithRoutes(from[i].world.Routes); err != nil {
			return err
		}
	}
	return nil
}

// settable reports whether every override can be set in the decoded tables
// (With).
func (b *Base) settable(overrides []Override) bool {
	for _, o := range overrides {
		if _, msg := checkOverride(b.merged, o); msg != "" {
			return false
		}
		if !settablePath(reflect.TypeOf(file{}), strings.Split(o.Path, "."), o) {
			return false
		}
		if o.Path == "params.warmup_months" {
			return false // it moves the run's first month, and so its epochs
		}
		if len(b.events) == 0 && !b.dated() {
			continue
		}
		if o.Path == "params.days" || o.Path == "params.years" {
			return false
		}
		for _, p := range b.paths {
			if pathsOverlap(p, o.Path) {
				return false
			}
		}
	}
	return true
}

// dated reports whether an intervention comes into force at a month of its
// own (a from of YYYY-MM, not the measured start or the warm-up's first
// month): the run's length decides whether it falls within the run.
func (b *Base) dated() bool {
	for _, d := range b.starts {
		if d != b.time.start && d != b.time.first {
			return true
		}
	}
	return false
}

// overrideNumber is the value an override puts in the tables
// (applyOverride): a whole number below 10^15 as an integer.
func overrideNumber(x float64) (float64, int64, bool) {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return float64(int64(x)), int64(x), true
	}
	return x, 0, false
}

// identified are the entries an override may select by id in the decoded
// tables, with their id as identity gives it.
var identified = map[reflect.Type]func(v reflect.Value) string{
	reflect.TypeOf(placeConfig{}):     func(v reflect.Value) string { return v.Addr().Interface().(*placeConfig).ID },
	reflect.TypeOf(groupConfig{}):     func(v reflect.Value) string { return v.Addr().Interface().(*groupConfig).ID },
	reflect.TypeOf(agencyConfig{}):    func(v reflect.Value) string { return v.Addr().Interface().(*agencyConfig).ID },
	reflect.TypeOf(labConfig{}):       func(v reflect.Value) string { return v.Addr().Interface().(*labConfig).Place },
	reflect.TypeOf(sourceConfig{}):    func(v reflect.Value) string { return v.Addr().Interface().(*sourceConfig).Place },
	reflect.TypeOf(uncertainConfig{}): func(v reflect.Value) string { return v.Addr().Interface().(*uncertainConfig).Name },
	reflect.TypeOf(segmentConf{}): func(v reflect.Value) string {
		s := v.Addr().Interface().(*segmentConf)
		return segmentID(s.From, s.To)
	},
}

// settablePath reports whether setOverride can set the path (split at its
// dots) of type t to o's value: through entries selected by id, tables and
// a map of numbers, to a number field, an integer one taking only whole
// numbers below 10^15 (others the decoder refuses, with a message of its
// own), or a boolean field to a Literal true or false.
func settablePath(t reflect.Type, parts []string, o Override) bool {
	x := o.Value
	name, sel, hasSel := strings.Cut(parts[0], "[")
	last := len(parts) == 1
	switch t.Kind() {
	case reflect.Map:
		return last && !hasSel && o.Literal == nil && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Float64
	case reflect.Struct:
	default:
		return false
	}
	index, ok := fieldIndices(t)[name]
	if !ok {
		return false
	}
	ft := t.FieldByIndex(index).Type
	if hasSel {
		if ft.Kind() != reflect.Slice || identified[ft.Elem()] == nil || last || !strings.HasSuffix(sel, "]") {
			return false
		}
		return settablePath(ft.Elem(), parts[1:], o)
	}
	for ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if !last {
		return settablePath(ft, parts[1:], o)
	}
	if o.Literal != nil {
		_, isBool := o.Literal.(bool)
		return isBool && ft.Kind() == reflect.Bool
	}
	switch ft.Kind() {
	case reflect.Float64:
		return true
	case reflect.Int:
		_, _, whole := overrideNumber(x)
		return whole
	}
	return false
}

// setOverride sets o in the decoded tables f, as applyOverride sets it in
// the merged tables: settablePath has checked the path, checkOverride that
// every [id] selects an entry.
func setOverride(f *file, o Override) {
	x, n, _ := overrideNumber(o.Value)
	setPath(reflect.ValueOf(f).Elem(), strings.Split(o.Path, "."), x, n, o.Literal)
}

// setPath sets the value at parts to x (n for an integer field), or to the
// boolean lit when it is one.
func setPath(v reflect.Value, parts []string, x float64, n int64, lit any) {
	name, sel, hasSel := strings.Cut(parts[0], "[")
	if v.Kind() == reflect.Map {
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		v.SetMapIndex(reflect.ValueOf(parts[0]).Convert(v.Type().Key()), reflect.ValueOf(x).Convert(v.Type().Elem()))
		return
	}
	fv := v.FieldByIndex(fieldIndices(v.Type())[name])
	if hasSel {
		sel = strings.TrimSuffix(sel, "]")
		id := identified[fv.Type().Elem()]
		for i := 0; i < fv.Len(); i++ {
			if e := fv.Index(i); sel == "*" || id(e) == sel {
				setPath(e, parts[1:], x, n, lit)
			}
		}
		return
	}
	if len(parts) > 1 {
		for fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				fv.Set(reflect.New(fv.Type().Elem()))
			}
			fv = fv.Elem()
		}
		setPath(fv, parts[1:], x, n, lit)
		return
	}
	if fv.Kind() == reflect.Pointer {
		fv.Set(reflect.New(fv.Type().Elem())) // a fresh value: the decoded tables' may be shared
		fv = fv.Elem()
	}
	if b, ok := lit.(bool); ok {
		fv.SetBool(b)
	} else if fv.Kind() == reflect.Int {
		fv.SetInt(n)
	} else {
		fv.SetFloat(x)
	}
}

// pathsOverlap reports whether two override paths may set the same value:
// the same keys, with ids that are equal or * where both select.
func pathsOverlap(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, sa, _ := strings.Cut(pa[i], "[")
		nb, sb, _ := strings.Cut(pb[i], "[")
		if na != nb || sa != sb && sa != "*]" && sb != "*]" {
			return false
		}
	}
	return true
}

// deepCopy returns a copy of *x that shares no pointer, slice or map with
// it (the validator changes the tables it is given), except in unexported
// fields (provenance notes, which nothing changes).
func deepCopy[T any](x *T) *T {
	out := new(T)
	copyInto(reflect.ValueOf(out).Elem(), reflect.ValueOf(x).Elem())
	return out
}

// copyInto sets dst to a deep copy of src.
func copyInto(dst, src reflect.Value) {
	dst.Set(src)
	t := src.Type()
	refs := referenceFields(t)
	if refs == nil {
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		if !src.IsNil() {
			p := reflect.New(t.Elem())
			copyInto(p.Elem(), src.Elem())
			dst.Set(p)
		}
	case reflect.Slice:
		if !src.IsNil() {
			s := reflect.MakeSlice(t, src.Len(), src.Len())
			reflect.Copy(s, src)
			if referenceFields(t.Elem()) != nil {
				for i := 0; i < src.Len(); i++ {
					copyInto(s.Index(i), src.Index(i))
				}
			}
			dst.Set(s)
		}
	case reflect.Map:
		if !src.IsNil() {
			m := reflect.MakeMapWithSize(t, src.Len())
			for it := src.MapRange(); it.Next(); {
				v := reflect.New(t.Elem()).Elem()
				copyInto(v, it.Value())
				m.SetMapIndex(it.Key(), v)
			}
			dst.Set(m)
		}
	case reflect.Struct:
		for _, i := range refs {
			copyInto(dst.Field(i), src.Field(i))
		}
	}
}

// referenceFields returns, for a struct type, the indices of its exported
// fields that hold pointers, slices or maps a copy must not share, or nil
// when it has none; for a pointer, slice or map, an empty list; nil for
// other types (an interface, such as an event's value, is shared: it holds
// a number, string or boolean).
func referenceFields(t reflect.Type) []int {
	if r, ok := referenceCache.Load(t); ok {
		return r.([]int)
	}
	var r []int
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		r = []int{}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && referenceFields(f.Type) != nil {
				r = append(r, i)
			}
		}
	}
	referenceCache.Store(t, r)
	return r
}

var referenceCache sync.Map // reflect.Type -> []int
