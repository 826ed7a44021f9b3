package sim

import "testing"

// TestHandOverCompletesLoads: a load arriving at a hub goes first to the
// groups gathering a load, each as much as completes its load, and the rest
// to the group holding least; so a group gathering a kilogram (the air
// couriers) takes a kilogram, not the whole truck load.
func TestHandOverCompletesLoads(t *testing.T) {
	price := [NumCommodities]float64{1000, 100, 1}
	car := ModeSet(0).With(Car)
	w := &World{
		Places: []Place{
			{ID: "hub", Country: "KG", Roles: Stash, Price: price, Agency: -1},
			{ID: "exit", Country: "RU", Roles: Exit, Price: [NumCommodities]float64{5000, 500, 5}, Agency: -1},
		},
		Segments: []Segment{{From: 0, To: 1, Modes: car.With(Air), Km: 10, Hours: 1, Condition: 1}},
		Populations: []Population{
			{ID: "air", Product: HeroinOnly, Origin: 0, Destinations: []int{1}, Modes: ModeSet(0).With(Air), Count: 1, Couriers: 1},
			{ID: "cars", Product: Opiates, Origin: 0, Destinations: []int{1}, Modes: car, Count: 1, Couriers: 1},
		},
	}
	if err := w.Prepare(); err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	m := newModel(w, &p, 1, 0)
	air, cars := 0, 1
	if w.Populations[m.groups[0].pop].ID != "air" {
		air, cars = 1, 0
	}
	m.groups[air].pendingRoute, m.groups[air].pendingGood, m.groups[air].pendingGrams = 0, Heroin, KgToGrams(1)
	m.handOver(0, Heroin, KgToGrams(100))
	if got := m.groups[air].stock[Heroin]; got != KgToGrams(1) {
		t.Errorf("the group gathering a 1 kg load took %v kg of a 100 kg load", got.Kg())
	}
	if got := m.groups[cars].stock[Heroin]; got != KgToGrams(99) {
		t.Errorf("the other group took %v kg, want the 99 kg left", got.Kg())
	}
	if paid := -m.groups[air].cash - m.groups[cars].cash; paid != cents(100*price[Heroin]) {
		t.Errorf("paid %d cents for 100 kg at %v USD/kg", paid, price[Heroin])
	}
}
