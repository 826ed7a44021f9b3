package workbench

import "testing"

// TestThousandsNoNegativeZero: a cost that rounds to no dollars is "0".
func TestThousandsNoNegativeZero(t *testing.T) {
	for x, want := range map[float64]string{-0.4: "0", -0.6: "-1", -1234567.4: "-1,234,567", 999.6: "1,000"} {
		if got := thousands(x); got != want {
			t.Errorf("thousands(%v) = %q, want %q", x, got, want)
		}
	}
}
