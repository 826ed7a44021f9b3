package report

import "testing"

// TestNoNegativeZero: a negative number that rounds to nothing is written
// as 0, not "-0" (a cost or change of −0.4 USD or kg).
func TestNoNegativeZero(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{thousands(-0.4), "0"}, {thousands(-0.5), "0"}, {thousands(-0.6), "-1"}, {thousands(-1234.4), "-1,234"},
		{fmtNum(-0.0004), "0.000"}, {fmtNum(-0.0006), "-0.001"}, {fmtNum(-2.5), "-2.500"},
		{money(-0.004), "0.00"}, {money(-0.006), "-0.01"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
