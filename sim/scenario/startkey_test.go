package scenario

import (
	"testing"

	"hourglass/sim"
)

// FuzzStartKey: an intervention's from takes any text without panicking,
// and accepts exactly start, warmup and the months ParseYearMonth takes.
func FuzzStartKey(f *testing.F) {
	for _, s := range []string{"start", "warmup", "2005-07", "2005-13", "", "Warmup", "2005-7", "later"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var k startKey
		err := k.UnmarshalText([]byte(s))
		_, perr := sim.ParseYearMonth(s)
		want := s == "start" || s == "warmup" || perr == nil
		if (err == nil) != want {
			t.Errorf("%q: error %v, want accepted %v", s, err, want)
		}
		if err == nil && k.s != s {
			t.Errorf("%q read as %q", s, k.s)
		}
	})
}
