package report

import (
	"slices"
	"testing"
)

// TestMonthlyShown: a monthly chart draws every scenario up to
// maxMonthlyLines (the nine of the shipped comparison), and of a longer
// sweep every k-th point with the last, never more than maxMonthlyLines.
func TestMonthlyShown(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want []int
	}{
		{1, []int{0}},
		{9, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}},
		{12, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{13, []int{0, 2, 4, 6, 8, 10, 12}},
		{20, []int{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 19}},
		{25, []int{0, 3, 6, 9, 12, 15, 18, 21, 24}},
	} {
		got := monthlyShown(tt.n)
		if !slices.Equal(got, tt.want) || len(got) > maxMonthlyLines {
			t.Errorf("%d scenarios: %v, want %v", tt.n, got, tt.want)
		}
	}
}
