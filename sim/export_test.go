package sim

import (
	"context"
	"fmt"
	"reflect"
)

// RouteChooser returns a function that makes one route choice of the i-th
// group (modulo the number of groups) of a fresh run of w with p, in June, for
// a load of the commodity it carries first, with twice the mode's mean load in
// stock: route choice alone, for BenchmarkRouteChoice. It reports the route
// chosen.
func RouteChooser(w *World, p *Params) func(i int) int {
	m := newModel(w, p, 1, 0)
	m.ledger.openMonth(len(w.Countries))
	goods := make([]Commodity, len(m.groups))
	for gi := range m.groups {
		g := &m.groups[gi]
		pop := &w.Populations[g.pop]
		for c := Commodity(0); c < NumCommodities; c++ {
			if pop.Product.Carries(c) {
				goods[gi] = c
				g.stock[c] = KgToGrams(2 * m.meanLoad(pop, Truck, c))
				break
			}
		}
	}
	return func(i int) int {
		gi := i % len(m.groups)
		return m.chooseRoute(gi, goods[gi], 6)
	}
}

// SharedAfterCopy warms w up with p (p.WarmupMonths > 0), copies the model
// and returns the paths of what the copy still shares with the original
// (slices' arrays, pointers), other than the world, the parameters and
// receivers (fixed for the run): a field of the model's state added without
// its copy in model.copy shows here.
func SharedAfterCopy(w *World, p *Params) ([]string, error) {
	m, _, err := warmUp(context.Background(), []Epoch{{From: p.Start.Add(-p.WarmupMonths), World: w, Params: p}}, 1, 0)
	if err != nil {
		return nil, err
	}
	c := m.copy()
	var shared []string
	var walk func(path string, a, b reflect.Value)
	walk = func(path string, a, b reflect.Value) {
		switch a.Kind() {
		case reflect.Pointer:
			if !a.IsNil() && a.Pointer() == b.Pointer() {
				shared = append(shared, path)
				return
			}
			if !a.IsNil() && !b.IsNil() {
				walk(path, a.Elem(), b.Elem())
			}
		case reflect.Slice:
			if a.Cap() > 0 && a.Pointer() == b.Pointer() {
				shared = append(shared, path)
				return
			}
			for i := 0; i < min(a.Len(), b.Len()); i++ {
				walk(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
			}
		case reflect.Array:
			for i := 0; i < a.Len(); i++ {
				walk(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < a.NumField(); i++ {
				walk(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
			}
		case reflect.Interface:
			if !a.IsNil() && !b.IsNil() {
				walk(path, a.Elem(), b.Elem())
			}
		case reflect.Map, reflect.Chan, reflect.Func:
			if !a.IsNil() {
				shared = append(shared, path+" (a "+a.Kind().String()+": copy it in model.copy)")
			}
		}
	}
	ma, mc := reflect.ValueOf(m).Elem(), reflect.ValueOf(c).Elem()
	for i := 0; i < ma.NumField(); i++ {
		switch name := ma.Type().Field(i).Name; name {
		case "world", "params", "receivers":
		default:
			walk("model."+name, ma.Field(i), mc.Field(i))
		}
	}
	return shared, nil
}
