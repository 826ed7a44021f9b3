package scenario

import (
	"reflect"
	"sort"
	"strings"

	"hourglass/sim"
)

// OverrideKeys lists the paths an Override (a sweep's --vary, an
// [[uncertain]] name) can set to a number: every numeric parameter of
// params, drivers.professionalization and each dimension of
// drivers.profile, and the numeric fields of places,
// segments, groups, labs and precursor sources, with ID standing for an
// element's id (a place or group id, "from|to" for a segment, the place for a
// lab or source) or * for every element. Sorted.
func OverrideKeys() []string {
	var keys []string
	for _, pv := range sim.ParamValues(new(sim.Params)) {
		switch pv.Value.(type) {
		case float64, int:
			keys = append(keys, "params."+pv.Path)
		}
	}
	keys = append(keys, "drivers.professionalization", "drivers.afghan_output")
	keys = append(keys, numericFields(reflect.TypeOf(profileDriver{}), "drivers.profile.")...)
	for _, e := range []struct {
		section string
		t       reflect.Type
	}{
		{"place", reflect.TypeOf(placeConfig{})},
		{"segment", reflect.TypeOf(segmentConf{})},
		{"group", reflect.TypeOf(groupConfig{})},
		{"lab", reflect.TypeOf(labConfig{})},
		{"precursor_source", reflect.TypeOf(sourceConfig{})},
		{"agency", reflect.TypeOf(agencyConfig{})},
	} {
		for _, f := range numericFields(e.t, "") {
			keys = append(keys, e.section+"[ID]."+f)
		}
	}
	sort.Strings(keys)
	return keys
}

// numericFields returns the TOML paths of the float and int fields of struct
// type t (or pointers to them: values a file may leave unset), descending
// into named struct fields (not embedded ones).
func numericFields(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if f.Anonymous || name == "" || name == "-" {
			continue
		}
		kind := f.Type.Kind()
		if kind == reflect.Pointer {
			kind = f.Type.Elem().Kind()
		}
		switch kind {
		case reflect.Float64, reflect.Int:
			out = append(out, prefix+name)
		case reflect.Struct:
			out = append(out, numericFields(f.Type, prefix+name+".")...)
		}
	}
	return out
}
