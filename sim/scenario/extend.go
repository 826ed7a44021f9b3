package scenario

import (
	"fmt"
	"slices"

	"hourglass/sim"
)

// Interventions are [[intervention]] entries read and decoded once, to be
// added to a scenario: one candidate of a portfolio (Base.WithInterventions).
// They come into force at the measured start, like a scenario's own
// interventions without a from, so every portfolio of one Base shares its
// warm-up.
type Interventions struct {
	tables  []map[string]any     // as merged tables hold them
	decoded []interventionConfig // as the decoder gives them, never changed
}

// NewInterventions decodes [[intervention]] tables (as a TOML decoder gives
// them). It refuses a table that does not decode as an intervention, or
// whose from is not the measured start.
func NewInterventions(tables []map[string]any) (*Interventions, error) {
	iv := &Interventions{}
	for _, t := range tables {
		if from, ok := t["from"]; ok && from != "start" {
			return nil, fmt.Errorf("intervention %s: from = %v: an intervention added to a portfolio comes into force at the measured start (allowed: no from, or from = \"start\")", interventionID(t), show(from))
		}
		var ic interventionConfig
		if !decodeDirect(t, &ic) {
			ic = interventionConfig{}
			if _, err := decodeTables(t, &ic); err != nil {
				return nil, fmt.Errorf("intervention %s: %w", interventionID(t), err)
			}
		}
		iv.tables = append(iv.tables, copyTable(t))
		iv.decoded = append(iv.decoded, ic)
	}
	return iv, nil
}

// IDs are the interventions' ids: their id, or type@places.
func (iv *Interventions) IDs() []string {
	ids := make([]string, len(iv.tables))
	for i, t := range iv.tables {
		ids[i] = interventionID(t)
	}
	return ids
}

// WithInterventions returns the scenario with the interventions of add in
// force from the measured start and the overrides applied: what LoadWith
// gives for a file that extends the Base's with add's [[intervention]]
// entries (the same World, Params, Epochs, Costs and Touched; its Files are
// the Base's), without reading, parsing or checking any file again.
//
// For a Base without events and without interventions of a month of their
// own (the shipped baseline), the worlds are built from the Base's decoded
// tables, as With builds them: the warm-up's world is the Base's, and the
// measured period's is the Base's with add's interventions (about half a
// millisecond each for the shipped baseline, plus a search of the routes
// when an intervention makes a post where there was none; BENCHMARKS.md).
// Other Bases are built from their merged tables with the entries added, as
// LoadWith builds them.
func (b *Base) WithInterventions(add []*Interventions, overrides ...Override) (*Scenario, error) {
	var tables []map[string]any
	var decoded []interventionConfig
	for _, iv := range add {
		tables = append(tables, iv.tables...)
		decoded = append(decoded, iv.decoded...)
	}
	if len(tables) == 0 {
		return b.With(overrides...)
	}
	if b.epochs == nil || len(b.events) > 0 || b.dated() || !b.settable(overrides) {
		merged := copyTable(b.merged)
		list, _ := merged["intervention"].([]map[string]any)
		for _, t := range tables {
			list = append(list, copyTable(t))
		}
		merged["intervention"] = list
		return loadMerged(b.name, b.chain, merged, overrides, nil)
	}
	// Without events or dated interventions, the Base has the measured
	// start's world (epochs[0]) and, when it has interventions from the
	// start, the warm-up's (epochs[1]); add's come into force at the
	// measured start, so the warm-up's world is the Base's own.
	t := b.time
	t.starts = slices.Clone(b.starts)
	for range tables {
		t.starts = append(t.starts, t.start)
	}
	reused := true
	var used []*baseEpoch // the Base's epoch each world was built from, in build order
	return epochs(t, func(until sim.YearMonth) (*Scenario, error) {
		e := &b.epochs[len(b.epochs)-1]
		withAdded := until == t.start
		if withAdded {
			e = &b.epochs[0]
		}
		used = append(used, e)
		f := deepCopy(&e.file)
		for _, o := range overrides {
			setOverride(f, o)
		}
		merged := e.merged
		if withAdded {
			for _, ic := range decoded {
				f.Intervention = append(f.Intervention, *deepCopy(&ic))
			}
			merged = addTables(e.merged, tables)
		}
		sc, err := assemble(b.name, b.chain, f, merged, overrides, nil, func(w *sim.World) error {
			if sim.SameRouteGraph(w, e.world) {
				return w.PrepareWithRoutes(e.routes)
			}
			reused = false
			return w.Prepare()
		})
		if sc != nil && len(overrides) > 0 {
			sc.prov.pending = true // merged is without the overrides
		}
		return sc, err
	}, func(worlds []*sim.World) error {
		return unionRoutes(worlds, used, reused)
	})
}

// addTables returns a shallow copy of merged whose [[intervention]] list has
// tables appended (a copy of each): the tables a scenario with them is
// described by (its provenance), leaving merged as it was.
func addTables(merged map[string]any, tables []map[string]any) map[string]any {
	out := make(map[string]any, len(merged)+1)
	for k, v := range merged {
		out[k] = v
	}
	list, _ := merged["intervention"].([]map[string]any)
	list = slices.Clone(list)
	for _, t := range tables {
		list = append(list, copyTable(t))
	}
	out["intervention"] = list
	return out
}

// AnnuityYears is the present value of 1 a year paid at the start of every
// year of a run of runYears years (a partial last year pro rata), at the
// discount rate r:
//
//	a(T) = Σ_{i ≥ 0, i < T} min(1, T − i) / (1+r)^i
//
// A cost over the run C (RunCost, discounted) is C / a(T) a year: the level
// yearly payment of the same present value. For a one-year run a(T) = 1.
func (k Costing) AnnuityYears(runYears float64) float64 {
	return discountedYears(0, runYears, k.DiscountRate)
}
