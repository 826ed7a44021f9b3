package experiment_test

import (
	"math"
	"strings"
	"testing"

	"hourglass/sim/experiment"
)

// TestRankNaN: an alternative whose objective is NaN (a replication gave no
// number) ranks last in its class, whatever the order the table came in; a
// NaN used to make the order depend on it.
func TestRankNaN(t *testing.T) {
	h := experiment.HeroinDelivered
	nan := math.NaN()
	mk := map[string]alt{
		"nan":   {"nan", 0, map[experiment.Metric][3]float64{h: {nan, nan, nan}}},
		"two":   {"two", 0, map[experiment.Metric][3]float64{h: {-2, -30, 10}}},
		"one":   {"one", 0, map[experiment.Metric][3]float64{h: {-1, -30, 10}}},
		"three": {"three", 0, map[experiment.Metric][3]float64{h: {-3, -30, 10}}},
	}
	for _, order := range [][]string{{"nan", "two", "one", "three"}, {"two", "nan", "one", "three"}, {"one", "three", "nan", "two"}, {"three", "two", "one", "nan"}} {
		var alts []alt
		for _, n := range order {
			alts = append(alts, mk[n])
		}
		var got []string
		for _, a := range experiment.Decide(summaryOf(alts...), h) {
			got = append(got, a.Name)
		}
		if g := strings.Join(got, " "); g != "three two one nan" {
			t.Errorf("from %v: ranked %s, want three two one nan", order, g)
		}
	}
}
