package sim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"hourglass/sim"
)

// TestRoutesWithTiesAreDeterministic: where more loopless paths than a
// group considers tie in hours (five ways from the lab to the market, each
// of two one-hour segments), building the routes of the same world again
// gives the same routes in the same order, every time. Before, gonum's
// graph listed neighbours in map order, and the routes chosen among the
// ties changed from one build to the next.
func TestRoutesWithTiesAreDeterministic(t *testing.T) {
	build := func() string {
		modes := sim.ModeSet(0).With(sim.Truck)
		w := &sim.World{Places: []sim.Place{{ID: "lab", Country: "AF", Roles: sim.Source}, {ID: "market", Country: "TJ", Roles: sim.Market}}}
		for i := range 5 {
			w.Places = append(w.Places, sim.Place{ID: fmt.Sprintf("via-%d", i), Country: "TJ", Roles: sim.Crossing})
			w.Segments = append(w.Segments,
				sim.Segment{From: 0, To: 2 + i, Modes: modes, Km: 10, Hours: 1, Condition: 1},
				sim.Segment{From: 2 + i, To: 1, Modes: modes, Km: 10, Hours: 1, Condition: 1})
		}
		w.Populations = []sim.Population{{ID: "g", Product: sim.Opiates, Origin: 0, Destinations: []int{1}, Modes: modes, Count: 1, Couriers: 1}}
		if err := w.BuildRoutes(); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(w.Routes)
	}
	want := build()
	for range 50 {
		if got := build(); got != want {
			t.Fatalf("routes differ between two builds of the same world:\n%s\n%s", want, got)
		}
	}
}

// TestRouteWorkIsBounded: the route searches of a world spend a budget of
// node expansions, shared by the worlds given the same one, and a world
// whose searches would spend more is refused naming the group, however
// large its network (before, a network of the largest size the limits
// allow, searched from a thousand origins, took hours to load).
func TestRouteWorkIsBounded(t *testing.T) {
	build := func() *sim.World {
		modes := sim.ModeSet(0).With(sim.Truck)
		w := &sim.World{Places: []sim.Place{{ID: "lab", Country: "AF", Roles: sim.Source}, {ID: "market", Country: "TJ", Roles: sim.Market}}}
		prev := 0
		for i := range 200 { // a chain of 200 places: long paths, many spur searches
			w.Places = append(w.Places, sim.Place{ID: fmt.Sprintf("via-%d", i), Country: "TJ", Roles: sim.Crossing})
			w.Segments = append(w.Segments, sim.Segment{From: prev, To: 2 + i, Modes: modes, Km: 10, Hours: 1, Condition: 1})
			prev = 2 + i
		}
		w.Segments = append(w.Segments, sim.Segment{From: prev, To: 1, Modes: modes, Km: 10, Hours: 1, Condition: 1})
		w.Populations = []sim.Population{{ID: "g", Product: sim.Opiates, Origin: 0, Destinations: []int{1}, Modes: modes, Count: 1, Couriers: 1, MaxLoadKg: 1}}
		return w
	}
	if err := build().Prepare(); err != nil {
		t.Fatalf("within the budget: %v", err)
	}
	budget := 100
	err := build().PrepareSpending(&budget)
	var ge *sim.GroupError
	if !errors.As(err, &ge) || ge.Group != "g" || !strings.Contains(err.Error(), "route searches expand more than") {
		t.Errorf("over the budget: %v, want a *GroupError for g saying the route searches expand too many nodes", err)
	}
}
