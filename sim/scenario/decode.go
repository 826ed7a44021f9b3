package scenario

import (
	"encoding"
	"reflect"
	"sync"

	"github.com/BurntSushi/toml"
)

// decodeDirect decodes plain tables (as toml.Decode gives them, merged and
// checked) into the config struct v points to, as decodeTables does but
// without writing the tables as TOML text and parsing it again, which took
// half of a load's time. It does what BurntSushi's decoder does with that
// text for every value checkTypes lets through: keys match the fields' toml
// tags (fields of embedded untagged structs promoted), a pointer is
// allocated, an Unmarshaler or TextUnmarshaler decodes its value, integers
// fill floats up to 2^53, slices and maps are made afresh, and empty tables
// and arrays decode to empty, not nil, maps and slices.
//
// It reports false, having perhaps written part of v, for anything else (a
// key with no field, a value of the wrong type, a value an unmarshaler
// refuses): the caller then decodes into a fresh value with decodeTables,
// whose error names the problem as it always has.
func decodeDirect(m map[string]any, v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return false
	}
	return unifyDirect(m, rv.Elem())
}

// maxSafeFloatInt is the largest integer the decoder puts into a float64
// field (2^53); past it, it refuses the value.
const maxSafeFloatInt = 1 << 53

func unifyDirect(data any, rv reflect.Value) bool {
	if data == nil {
		return false
	}
	// An addressable value whose pointer decodes itself, as the decoder's
	// indirect does, or a pointer, allocated when nil.
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
		}
		rv = rv.Elem()
	}
	if rv.CanAddr() {
		switch u := rv.Addr().Interface().(type) {
		case toml.Unmarshaler:
			return u.UnmarshalTOML(data) == nil
		case encoding.TextUnmarshaler:
			s, ok := data.(string)
			return ok && u.UnmarshalText([]byte(s)) == nil
		}
	}
	switch rv.Kind() {
	case reflect.Struct:
		m, ok := data.(map[string]any)
		if !ok {
			return false
		}
		fields := fieldIndices(rv.Type())
		for k, x := range m {
			index, ok := fields[k]
			if !ok {
				return false
			}
			if !unifyDirect(x, rv.FieldByIndex(index)) {
				return false
			}
		}
		return true
	case reflect.Map:
		m, ok := data.(map[string]any)
		if !ok || rv.Type().Key().Kind() != reflect.String {
			return false
		}
		if rv.IsNil() {
			rv.Set(reflect.MakeMapWithSize(rv.Type(), len(m)))
		}
		for k, x := range m {
			elem := reflect.New(rv.Type().Elem()).Elem()
			if !unifyDirect(x, elem) {
				return false
			}
			rv.SetMapIndex(reflect.ValueOf(k).Convert(rv.Type().Key()), elem)
		}
		return true
	case reflect.Slice:
		list := reflect.ValueOf(data)
		if list.Kind() != reflect.Slice || !rv.IsNil() {
			return false // a slice already filled is reused by the decoder, element by element
		}
		n := list.Len()
		rv.Set(reflect.MakeSlice(rv.Type(), n, n))
		for i := 0; i < n; i++ {
			if !unifyDirect(list.Index(i).Interface(), rv.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Float64:
		switch x := data.(type) {
		case float64:
			rv.SetFloat(x)
		case int64:
			if x < -maxSafeFloatInt || x > maxSafeFloatInt {
				return false
			}
			rv.SetFloat(float64(x))
		default:
			return false
		}
		return true
	case reflect.Int, reflect.Int64:
		x, ok := data.(int64)
		if ok {
			rv.SetInt(x)
		}
		return ok
	case reflect.String:
		x, ok := data.(string)
		if ok {
			rv.SetString(x)
		}
		return ok
	case reflect.Bool:
		x, ok := data.(bool)
		if ok {
			rv.SetBool(x)
		}
		return ok
	}
	return false
}

// fieldIndices maps the TOML keys of struct type t to the index paths of
// their fields (tomlFields), computed once per type.
func fieldIndices(t reflect.Type) map[string][]int {
	if m, ok := fieldIndexCache.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	if t.Kind() != reflect.Struct {
		return m
	}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			index := append(append([]int(nil), prefix...), i)
			tag := f.Tag.Get("toml")
			if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, index)
				continue
			}
			if tag != "" && tag != "-" {
				if _, dup := m[tag]; !dup {
					m[tag] = index
				}
			}
		}
	}
	walk(t, nil)
	fieldIndexCache.Store(t, m)
	return m
}

var fieldIndexCache sync.Map // reflect.Type -> map[string][]int
