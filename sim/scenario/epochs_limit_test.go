package scenario_test

import (
	"fmt"
	"strings"
	"testing"

	"hourglass/sim/scenario"
)

// TestBadInputTooManyEpochs: a scenario whose events change its world in
// more months than MaxEpochs, or whose worlds hold more places and
// segments in all than MaxEpochElements, is refused before its worlds are
// built (each is held in memory for the whole run: 1,199 monthly events on
// the shipped network took 0.9 GB to check).
func TestBadInputTooManyEpochs(t *testing.T) {
	t.Parallel()
	var many strings.Builder
	many.WriteString("extends = \"baseline.toml\"\n[params]\nyears = 30\n")
	for i := range scenario.MaxEpochs + 1 {
		fmt.Fprintf(&many, "[[event]]\ndate = \"%04d-%02d\"\nset = { \"place[osh].traits.inspection_rate\" = %g }\n", 2005+(i+1)/12, (i+1)%12+1, 0.1+0.001*float64(i%100))
	}
	var big strings.Builder // a chain of 2,000 places, changed in 40 months
	big.WriteString("extends = \"baseline.toml\"\n[params]\nyears = 5\n")
	prev := "osh"
	for i := range 2000 {
		fmt.Fprintf(&big, "[[place]]\nid = \"x%d\"\ncountry = \"KG\"\nlat = 40\nlon = 70\n[[segment]]\nfrom = \"%s\"\nto = \"x%d\"\nmodes = [\"truck\"]\nkm = 1\nhours = 1\n", i, prev, i)
		prev = fmt.Sprintf("x%d", i)
	}
	for i := range 40 {
		fmt.Fprintf(&big, "[[event]]\ndate = \"%04d-%02d\"\nset = { \"place[osh].traits.inspection_rate\" = %g }\n", 2005+(i+1)/12, (i+1)%12+1, 0.1+0.001*float64(i))
	}
	for _, tt := range []struct{ file, want string }{
		{many.String(), fmt.Sprintf("change the world in %d months (allowed: at most %d", scenario.MaxEpochs+1, scenario.MaxEpochs)},
		{big.String(), fmt.Sprintf("(allowed: at most %d places and segments in all the worlds of a run)", scenario.MaxEpochElements)},
	} {
		_, err := scenario.Load(withShipped(map[string]string{"bad.toml": tt.file}), "bad.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want an error saying %q", err, tt.want)
		}
	}
}

// TestBadInputKeyWeight: a file of keys nested deep (each a path the
// decoder records whole) is refused before decoding once the sum of its
// keys' depths passes MaxKeyWeight, at the line where it does; before, 4 MB
// of them took the decoder 2.4 GB.
func TestBadInputKeyWeight(t *testing.T) {
	t.Parallel()
	inline := "1"
	for range 31 {
		inline = "{a=" + inline + "}"
	}
	var b strings.Builder
	lines := scenario.MaxKeyWeight/(32*33/2) + 1 // each line weighs 1 + 2 + ... + 32
	for i := range lines {
		fmt.Fprintf(&b, "k%d = %s\n", i, inline)
	}
	_, err := scenario.Load(withShipped(map[string]string{"heavy.toml": b.String()}), "heavy.toml")
	want := fmt.Sprintf("heavy.toml:%d: keys weigh more than %d", lines, scenario.MaxKeyWeight)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %.200v, want %s...", err, want)
	}
}
