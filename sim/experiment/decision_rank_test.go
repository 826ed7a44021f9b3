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

// TestRankLosses: among alternatives with no clear gain that cost more, a
// mean loss divided by the cost made a dearer alternative with the same loss
// rank above a cheaper one. A mean gain still ranks by gain per dollar, and
// above every mean loss; losses rank by the loss, then the cost.
func TestRankLosses(t *testing.T) {
	h := experiment.HeroinDelivered
	sum := summaryOf(
		alt{"loss-dear", 1e6, map[experiment.Metric][3]float64{h: {500, -500, 1500}}},
		alt{"loss-cheap", 1e5, map[experiment.Metric][3]float64{h: {500, -500, 1500}}},
		alt{"bigger-loss-cheap", 1e4, map[experiment.Metric][3]float64{h: {800, -500, 1500}}},
		alt{"gain-dear", 1e6, map[experiment.Metric][3]float64{h: {-10, -500, 500}}},
		alt{"nothing", 1e5, map[experiment.Metric][3]float64{h: {0, -500, 500}}},
	)
	var got []string
	for _, a := range experiment.Decide(sum, h) {
		got = append(got, a.Name)
	}
	if g, want := strings.Join(got, " "), "gain-dear nothing loss-cheap loss-dear bigger-loss-cheap"; g != want {
		t.Errorf("ranked %s, want %s", g, want)
	}
}
