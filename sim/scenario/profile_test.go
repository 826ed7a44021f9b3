package scenario

import (
	"reflect"
	"strings"
	"testing"

	"hourglass/sim"
)

// TestProfileKeys: every dimension of sim.Profile is a key of a group and of
// [drivers.profile], and [drivers.profile] has no other key, so the code
// that walks sim.Profile's fields (eachProfileDim) covers what a file gives.
func TestProfileKeys(t *testing.T) {
	t.Parallel()
	var pr sim.Profile
	keys := map[string]bool{}
	eachProfileDim(&pr, func(key string, dim reflect.Value) {
		if key == "" || keys[key] {
			t.Errorf("sim.Profile: a field with no toml key, or a key twice (%q)", key)
		}
		keys[key] = true
		for _, cfg := range []any{&groupConfig{}, &profileDriver{}} {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%T has no key %q: %v", cfg, key, r)
					}
				}()
				f := configField(cfg, key)
				if f.Kind() == reflect.Pointer {
					f = reflect.New(f.Type().Elem()).Elem()
				}
				if f.Kind() != dim.Kind() {
					t.Errorf("%T.%s is a %s, sim.Profile's a %s", cfg, key, f.Kind(), dim.Kind())
				}
			}()
		}
	})
	d := reflect.TypeOf(profileDriver{})
	for i := 0; i < d.NumField(); i++ {
		if key, _, _ := strings.Cut(d.Field(i).Tag.Get("toml"), ","); !keys[key] {
			t.Errorf("[drivers.profile] key %q is not a dimension of sim.Profile", key)
		}
	}
}
