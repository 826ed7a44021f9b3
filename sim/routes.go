package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

// RoutesPerDestination is how many loopless paths per destination and mode a
// group considers (Yen's k shortest paths by travel time, with no limit on
// how much longer than the shortest they may be).
const RoutesPerDestination = 3

// BuildRoutes computes every group population's candidate routes: for each
// destination and each mode the group uses, the k shortest loopless paths (by
// travel time) over the segments open to that mode. A route avoids places
// that never open, and does not pass through a source, an exit, or a hub
// where another group of the same product takes over (passing through a
// handover hub would be a handover). Route finding is gonum's Yen
// k-shortest-paths, over a graph that lists neighbours in place order
// (sortedGraph), so that paths of equal hours are chosen the same way in
// every run.
//
// It returns an error naming the group and destination when a destination
// cannot be reached by any of the group's modes.
func (w *World) BuildRoutes() error {
	w.Routes = make([][]Route, len(w.Populations))
	for gi := range w.Populations {
		g := &w.Populations[gi]
		// A group moving both products routes each as its own chain does.
		products := []Product{g.Product}
		if g.Product == Both {
			products = []Product{Opiates, Precursors}
		}
		found := make(map[int]int)
		for _, product := range products {
			w.routesFor(gi, product, found)
		}
		for _, dest := range g.Destinations {
			if found[dest] == 0 {
				return &GroupError{Group: g.ID, Key: "destinations", Msg: fmt.Sprintf("destination %s cannot be reached from %s by %s",
					w.Places[dest].ID, w.Places[g.Origin].ID, g.Modes)}
			}
		}
	}
	return nil
}

// routesFor adds group gi's candidate routes for one product, counting the
// routes found per destination.
func (w *World) routesFor(gi int, product Product, found map[int]int) {
	g := &w.Populations[gi]
	var graphs [NumModes]*simple.WeightedUndirectedGraph
	for m := Mode(0); m < NumModes; m++ {
		if g.Modes.Has(m) {
			graphs[m] = w.modeGraph(m, w.transitBlocked(g, product))
		}
	}
	{
		for _, dest := range g.Destinations {
			for m := Mode(0); m < NumModes; m++ {
				if !g.Modes.Has(m) {
					continue
				}
				gr := graphs[m]
				if gr.Node(int64(g.Origin)) == nil || gr.Node(int64(dest)) == nil {
					continue
				}
				paths := path.YenKShortestPaths(sortedGraph{gr}, RoutesPerDestination, math.Inf(1), simple.Node(g.Origin), simple.Node(dest))
				for _, p := range paths {
					r := w.makeRoute(dest, m, p)
					r.For = product
					w.Routes[gi] = append(w.Routes[gi], r)
					found[dest]++
				}
			}
		}
	}
}

// transitBlocked returns, for group g moving product, which places its loads
// may not pass through: sources, exits and the handover hubs of that product,
// except its own origin and destinations.
func (w *World) transitBlocked(g *Population, product Product) []bool {
	blocked := make([]bool, len(w.Places))
	for i := range w.Places {
		if w.Places[i].Roles&(Source|Exit) != 0 || w.Places[i].Traits.Schedule == Closed {
			blocked[i] = true
		}
	}
	for _, o := range w.Populations {
		if o.Product.Overlaps(product) {
			blocked[o.Origin] = true
		}
	}
	blocked[g.Origin] = w.Places[g.Origin].Traits.Schedule == Closed
	for _, d := range g.Destinations {
		blocked[d] = w.Places[d].Traits.Schedule == Closed
	}
	return blocked
}

// modeGraph is the graph of the segments open to mode m, weighted by hours,
// without the blocked places.
func (w *World) modeGraph(m Mode, blocked []bool) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range w.Segments {
		s := &w.Segments[i]
		if !s.Modes.Has(m) || blocked[s.From] || blocked[s.To] {
			continue
		}
		g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(s.From), T: simple.Node(s.To), W: s.Hours})
	}
	return g
}

// sortedGraph is a graph whose nodes' neighbours come in increasing order
// of id (place order). gonum's simple graphs keep them in maps, whose order
// changes from run to run; where paths tie (equal hours, as with
// segment[*].hours=1), Dijkstra and Yen pick among them in that order, so
// the routes, and every result, changed from one build of the same world to
// the next. Sorted, ties are broken by place order, the same in every run.
type sortedGraph struct {
	*simple.WeightedUndirectedGraph
}

// From returns the neighbours of id in increasing order of id.
func (g sortedGraph) From(id int64) graph.Nodes {
	nodes := graph.NodesOf(g.WeightedUndirectedGraph.From(id))
	slices.SortFunc(nodes, func(a, b graph.Node) int { return cmp.Compare(a.ID(), b.ID()) })
	return iterator.NewOrderedNodes(nodes)
}

func (w *World) makeRoute(dest int, m Mode, nodes []graph.Node) Route {
	r := Route{Dest: dest, Mode: m, Path: make([]int, len(nodes)), Segs: make([]int, len(nodes)-1)}
	for i, n := range nodes {
		r.Path[i] = int(n.ID())
	}
	for i := 0; i+1 < len(r.Path); i++ {
		si := w.SegmentBetween(r.Path[i], r.Path[i+1])
		r.Segs[i] = si
		r.Km += w.Segments[si].Km
		r.Hours += w.Segments[si].Hours
	}
	return r
}

// GroupError is a problem with one group population's place in the network.
type GroupError struct {
	Group string // the population's id
	Key   string // the offending field
	Msg   string
}

func (e *GroupError) Error() string { return "group " + e.Group + ": " + e.Msg }

// Describe returns the route as "a -> b -> c (mode)".
func (w *World) Describe(r *Route) string {
	s := ""
	for i, p := range r.Path {
		if i > 0 {
			s += " -> "
		}
		s += w.Places[p].ID
	}
	return s + " (" + r.Mode.String() + ")"
}

// UnionRoutes gives every world the same candidate routes: for each group
// population, the routes of the first world, then those only a later world
// has (a road an event opens), in that order. Each world keeps its own
// lengths and times of them. A route through a place that is closed in a
// world stays closed there (routeMonths). Worlds must have the same places,
// segments and group populations (SameNetwork without the routes).
func UnionRoutes(worlds []*World) {
	if len(worlds) < 2 {
		return
	}
	first := worlds[0]
	for pi := range first.Populations {
		var union []Route
		seen := map[string]bool{}
		for _, w := range worlds {
			for _, r := range w.Routes[pi] {
				key := routeKey(&r)
				if !seen[key] {
					seen[key] = true
					union = append(union, r)
				}
			}
		}
		for _, w := range worlds {
			routes := make([]Route, len(union))
			for i := range union {
				routes[i] = w.remeasure(union[i])
			}
			w.Routes[pi] = routes
		}
	}
}

func routeKey(r *Route) string {
	return fmt.Sprint(r.Mode, r.For, r.Path)
}

// remeasure returns r with its length and time on w's segments.
func (w *World) remeasure(r Route) Route {
	r.Path = append([]int(nil), r.Path...)
	r.Segs = append([]int(nil), r.Segs...)
	r.Km, r.Hours = 0, 0
	for _, si := range r.Segs {
		r.Km += w.Segments[si].Km
		r.Hours += w.Segments[si].Hours
	}
	return r
}

// SameRouteGraph reports whether BuildRoutes gives a and b the same
// candidate routes, up to their lengths in km: what it reads is the same in
// both, the places' roles and closed schedules, the segments' ends, modes
// and hours, and the group populations' origins, destinations, modes and
// products. A scenario built again with other values (a sweep's point) keeps
// its routes when this holds (PrepareWithRoutes), instead of running Yen's
// algorithm again.
func SameRouteGraph(a, b *World) bool {
	if len(a.Places) != len(b.Places) || len(a.Segments) != len(b.Segments) || len(a.Populations) != len(b.Populations) {
		return false
	}
	for i := range a.Places {
		pa, pb := &a.Places[i], &b.Places[i]
		if pa.Roles != pb.Roles || (pa.Traits.Schedule == Closed) != (pb.Traits.Schedule == Closed) {
			return false
		}
	}
	for i := range a.Segments {
		sa, sb := &a.Segments[i], &b.Segments[i]
		if sa.From != sb.From || sa.To != sb.To || sa.Modes != sb.Modes || sa.Hours != sb.Hours {
			return false
		}
	}
	for i := range a.Populations {
		ga, gb := &a.Populations[i], &b.Populations[i]
		if ga.Origin != gb.Origin || ga.Modes != gb.Modes || ga.Product != gb.Product || !slices.Equal(ga.Destinations, gb.Destinations) {
			return false
		}
	}
	return true
}

// PrepareWithRoutes is Prepare with the candidate routes of a world with the
// same route graph (SameRouteGraph: routes as BuildRoutes gave them), instead
// of building them again. The routes are shared, read-only; a route whose
// length differs on w's segments is copied with its length measured again.
func (w *World) PrepareWithRoutes(routes [][]Route) error {
	if len(routes) != len(w.Populations) {
		return fmt.Errorf("sim: %d populations' routes for %d group populations", len(routes), len(w.Populations))
	}
	w.derive()
	w.Routes = make([][]Route, len(routes))
	for gi, rs := range routes {
		w.Routes[gi] = rs
		for ri := range rs {
			km := 0.0
			for _, si := range rs[ri].Segs {
				km += w.Segments[si].Km
			}
			if km == rs[ri].Km {
				continue
			}
			if sameSlice(w.Routes[gi], rs) {
				w.Routes[gi] = slices.Clone(rs)
			}
			w.Routes[gi][ri].Km = km
		}
	}
	return w.checkChain()
}

// sameSlice reports whether a and b share their first element.
func sameSlice(a, b []Route) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }
