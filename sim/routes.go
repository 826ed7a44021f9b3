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

// MaxRouteExpansions bounds the work of BuildRoutes: the nodes its
// shortest-path searches expand, over all of a world's route searches
// (each of Yen's spur searches is a Dijkstra search, which expands each
// node it reaches once). The shipped network needs about 2,400 (75
// distinct searches); a network of 1,000 places searched by 100 populations
// about 3·10^6; one of the largest size the scenario limits allow, searched
// from a thousand origins, 10^9 and more (hours). 5·10^6 expansions take
// about 20 s (4 µs each, BENCHMARKS.md). Counted, not timed, so the same
// world is refused the same way on every machine.
const MaxRouteExpansions = 5_000_000

// ErrRouteWork is what BuildRoutes returns (within a *GroupError) when its
// searches would expand more than MaxRouteExpansions nodes.
var ErrRouteWork = fmt.Errorf("the route searches expand more than %d nodes (allowed: at most %d; fewer places, segments, populations, destinations or modes)", MaxRouteExpansions, MaxRouteExpansions)

// BuildRoutes computes every group population's candidate routes: for each
// destination and each mode the group uses, the k shortest loopless paths (by
// travel time) over the segments open to that mode. A route avoids places
// that never open, and does not pass through a source, an exit, or a hub
// where another group of the same product takes over (passing through a
// handover hub would be a handover). Route finding is gonum's Yen
// k-shortest-paths, over a graph that lists neighbours in place order
// (routeGraph), so that paths of equal hours are chosen the same way in
// every run. Populations that ask the same search (the same origin,
// destination, mode and places they may not pass) share its result, and all
// the searches together expand at most MaxRouteExpansions nodes.
//
// It returns an error naming the group and destination when a destination
// cannot be reached by any of the group's modes, or the group whose searches
// pass MaxRouteExpansions.
func (w *World) BuildRoutes() error { return w.buildRoutes(nil) }

// buildRoutes is BuildRoutes spending budget (nil: MaxRouteExpansions of
// its own).
func (w *World) buildRoutes(budget *int) error {
	w.Routes = make([][]Route, len(w.Populations))
	if budget == nil {
		b := MaxRouteExpansions
		budget = &b
	}
	rs := &routeSearch{w: w, done: map[string][][]graph.Node{}, budget: budget}
	for gi := range w.Populations {
		g := &w.Populations[gi]
		// A group moving both products routes each as its own chain does.
		products := []Product{g.Product}
		if g.Product == Both {
			products = []Product{Opiates, Precursors}
		}
		found := make(map[int]int)
		for _, product := range products {
			rs.routesFor(gi, product, found)
			if *rs.budget < 0 {
				return &GroupError{Group: g.ID, Key: "destinations", Msg: ErrRouteWork.Error()}
			}
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

// routeSearch is the state of BuildRoutes: the searches done, by what
// decides them, and the node expansions left.
type routeSearch struct {
	w      *World
	done   map[string][][]graph.Node
	budget *int
}

// routesFor adds group gi's candidate routes for one product, counting the
// routes found per destination.
func (rs *routeSearch) routesFor(gi int, product Product, found map[int]int) {
	w := rs.w
	g := &w.Populations[gi]
	blocked := w.transitBlocked(g, product)
	key := make([]byte, 0, 24+len(blocked))
	for _, b := range blocked {
		key = append(key, boolByte(b))
	}
	var graphs [NumModes]*routeGraph
	for _, dest := range g.Destinations {
		for m := Mode(0); m < NumModes; m++ {
			if !g.Modes.Has(m) {
				continue
			}
			k := fmt.Sprintf("%d %d %d %s", g.Origin, dest, m, key)
			paths, ok := rs.done[k]
			if !ok {
				if graphs[m] == nil {
					graphs[m] = w.modeGraph(m, blocked, rs.budget)
				}
				gr := graphs[m]
				if gr.Node(int64(g.Origin)) != nil && gr.Node(int64(dest)) != nil && *rs.budget >= 0 {
					paths = path.YenKShortestPaths(gr, RoutesPerDestination, math.Inf(1), simple.Node(g.Origin), simple.Node(dest))
				}
				if *rs.budget < 0 {
					return // over budget: what it found may be partial
				}
				rs.done[k] = paths
			}
			for _, p := range paths {
				r := w.makeRoute(dest, m, p)
				r.For = product
				w.Routes[gi] = append(w.Routes[gi], r)
				found[dest]++
			}
		}
	}
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
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
// without the blocked places; its searches spend budget.
func (w *World) modeGraph(m Mode, blocked []bool, budget *int) *routeGraph {
	type edge struct {
		to    int64
		hours float64
	}
	adj := make([][]edge, len(w.Places))
	at := map[[2]int64]int{} // where the edge a-b is in adj[a]
	set := func(a, b int64, h float64) {
		if i, ok := at[[2]int64{a, b}]; ok {
			adj[a][i].hours = h // a later segment between the same places replaces it
			return
		}
		at[[2]int64{a, b}] = len(adj[a])
		adj[a] = append(adj[a], edge{b, h})
	}
	for i := range w.Segments {
		s := &w.Segments[i]
		if !s.Modes.Has(m) || blocked[s.From] || blocked[s.To] || s.From == s.To {
			continue
		}
		set(int64(s.From), int64(s.To), s.Hours)
		set(int64(s.To), int64(s.From), s.Hours)
	}
	g := &routeGraph{nbr: make([][]graph.Node, len(adj)), hours: make([][]float64, len(adj)), budget: budget}
	for p, es := range adj {
		slices.SortFunc(es, func(a, b edge) int { return cmp.Compare(a.to, b.to) })
		for _, e := range es {
			g.nbr[p] = append(g.nbr[p], simple.Node(e.to))
			g.hours[p] = append(g.hours[p], e.hours)
		}
	}
	return g
}

// routeGraph is the graph route searches run on (gonum's graph.Graph and
// path.Weighted): places with the segments open to one mode, each place's
// neighbours in increasing order of id (place order), with the hours of
// the segment to each. A map-based graph (gonum's simple graphs) lists
// neighbours in map order, which changes from run to run: where paths tie
// (equal hours, as with segment[*].hours=1) Dijkstra and Yen pick among
// them in that order, so the routes, and every result, changed from one
// build of the same world to the next. In place order, ties are broken the
// same way in every run. Each node a search expands (From) spends one of
// budget; once it is spent no node has neighbours, and the searches end at
// once.
type routeGraph struct {
	nbr    [][]graph.Node // per place, its neighbours in increasing order of id
	hours  [][]float64    // the hours to each
	budget *int
}

// Node returns the place id if a segment of the graph reaches it, or nil.
func (g *routeGraph) Node(id int64) graph.Node {
	if id < 0 || id >= int64(len(g.nbr)) || len(g.nbr[id]) == 0 {
		return nil
	}
	return simple.Node(id)
}

// Nodes returns the places a segment of the graph reaches, in order.
func (g *routeGraph) Nodes() graph.Nodes {
	var nodes []graph.Node
	for p := range g.nbr {
		if len(g.nbr[p]) > 0 {
			nodes = append(nodes, simple.Node(p))
		}
	}
	return iterator.NewOrderedNodes(nodes)
}

// From returns the neighbours of id in increasing order of id (a copy: Yen's
// search removes from what it is given), spending one of the budget.
func (g *routeGraph) From(id int64) graph.Nodes {
	if *g.budget--; *g.budget < 0 || g.Node(id) == nil {
		return graph.Empty
	}
	return iterator.NewOrderedNodes(slices.Clone(g.nbr[id]))
}

// HasEdgeBetween reports whether a segment joins x and y.
func (g *routeGraph) HasEdgeBetween(xid, yid int64) bool {
	_, ok := g.Weight(xid, yid)
	return ok && xid != yid
}

// Edge returns the segment from u to v as a weighted edge, or nil.
func (g *routeGraph) Edge(uid, vid int64) graph.Edge {
	if w, ok := g.Weight(uid, vid); ok && uid != vid {
		return simple.WeightedEdge{F: simple.Node(uid), T: simple.Node(vid), W: w}
	}
	return nil
}

// Weight returns the hours of the segment between x and y (0 for x itself),
// and whether there is one.
func (g *routeGraph) Weight(xid, yid int64) (float64, bool) {
	if xid == yid {
		return 0, true
	}
	if g.Node(xid) == nil {
		return 0, false
	}
	i, ok := slices.BinarySearchFunc(g.nbr[xid], yid, func(n graph.Node, id int64) int { return cmp.Compare(n.ID(), id) })
	if !ok {
		return 0, false
	}
	return g.hours[xid][i], true
}

var (
	_ graph.Graph   = (*routeGraph)(nil)
	_ path.Weighted = (*routeGraph)(nil)
)

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
// both, the places' source and exit roles (transitBlocked: a new post's
// checkpoint role changes no route) and closed schedules, the segments'
// ends, modes and hours, and the group populations' origins, destinations,
// modes and products. A scenario built again with other values (a sweep's point) keeps
// its routes when this holds (PrepareWithRoutes), instead of running Yen's
// algorithm again.
func SameRouteGraph(a, b *World) bool {
	if len(a.Places) != len(b.Places) || len(a.Segments) != len(b.Segments) || len(a.Populations) != len(b.Populations) {
		return false
	}
	for i := range a.Places {
		pa, pb := &a.Places[i], &b.Places[i]
		if (pa.Roles^pb.Roles)&(Source|Exit) != 0 || (pa.Traits.Schedule == Closed) != (pb.Traits.Schedule == Closed) {
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
