package scenario

import (
	"reflect"
	"testing"
)

// TestKindsNameRealKeys checks that every setting Kinds describes is a key
// of [[intervention]] and every kind is there once, so a form built from it
// writes files the loader takes.
func TestKindsNameRealKeys(t *testing.T) {
	t.Parallel()
	tags := map[string]bool{}
	ty := reflect.TypeOf(interventionConfig{})
	for i := range ty.NumField() {
		tags[ty.Field(i).Tag.Get("toml")] = true
	}
	kinds := Kinds()
	if len(kinds) != int(NumKinds) {
		t.Fatalf("%d kinds described, want %d", len(kinds), NumKinds)
	}
	for i, k := range kinds {
		if k.Name != Kind(i).String() {
			t.Errorf("kind %d is %q, want %q", i, k.Name, Kind(i))
		}
		for _, s := range k.Settings {
			if !tags[s.Key] {
				t.Errorf("%s: %q is not a key of [[intervention]]", k.Name, s.Key)
			}
		}
	}
}
