package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"hourglass/sim"
)

// A candidates file lists what a portfolio of interventions may be made of
// (hourglass optimise): the interventions of scenarios that extend the base
// scenario, and new posts of one kind at each of a list of places, or at
// every place a selector picks.
//
//	name = "two-million"
//	description = "What USD 2 million a year buys"
//	base = "baseline"                       # what every portfolio extends (default: the shipped baseline)
//	source = "..."                          # or assumption: the file's own note
//
//	[[candidate]]                           # every [[intervention]] of a scenario that extends the base
//	scenario = "kz-scanners"
//
//	[[post]]                                # one candidate per place: checkpoint@osh, checkpoint@jalalabad, ...
//	type = "checkpoint"
//	places = ["osh", "jalalabad"]           # or where = { country = "KG", role = "road" }
//	inspection_rate = 0.25                  # any setting of an [[intervention]] of its type
//	capital_usd = 250000                    # costs: the type's defaults where unset
//	annual_usd = 150000
//	assumption = "the checkpoint defaults of docs/MODEL.md §3.4"   # required: where the costs come from
//
// Each candidate costs what the loader's cost model says its interventions
// cost over the run, discounted (Cost.PresentValue), measured against the
// base: Candidate.RunUSD; the cost of a portfolio is the sum of its
// members'.

// MaxCandidates is the most candidates a file may list (selectors
// included).
const MaxCandidates = 256

// candidatesFile is a candidates file as decoded.
type candidatesFile struct {
	Name        string              `toml:"name"`
	Description string              `toml:"description"`
	Base        string              `toml:"base"`
	Candidate   []scenarioCandidate `toml:"candidate"`
	Post        []postCandidate     `toml:"post"`
	provenance
}

// scenarioCandidate is a [[candidate]]: every [[intervention]] of a scenario
// that extends the base and changes nothing else.
type scenarioCandidate struct {
	Scenario string `toml:"scenario"`
	ID       string `toml:"id"` // default: the scenario's file name without .toml
	Note     string `toml:"note"`
	provenance
}

// postCandidate is a [[post]]: an [[intervention]] of one type at each of
// its places (place, places) or at each place Where picks.
type postCandidate struct {
	Where *placeSelector `toml:"where"`
	interventionConfig
}

// placeSelector picks places of the base's network: those of a country
// (all countries when empty) with a role ("" for any), where "road" is
// every place a car or truck segment reaches that is not a source, an exit
// or a green-border section, but those in Except.
type placeSelector struct {
	Country string   `toml:"country"`
	Role    string   `toml:"role"`
	Except  []string `toml:"except"`
}

// RoadRole is the selector role of the places on the road network.
const RoadRole = "road"

// Candidates are a candidates file read, checked against its base and
// costed.
type Candidates struct {
	File        string // the file as named
	Name        string
	Description string
	Source      string
	Assumption  string
	// BaseName is the base scenario as the file names it; Base is it
	// prepared, to build portfolios with WithInterventions.
	BaseName string
	Base     *Base
	List     []Candidate
}

// Candidate is one thing a portfolio may buy.
type Candidate struct {
	// ID is the scenario's name for a [[candidate]] (or its id), and
	// type@place for a post ("checkpoint@osh").
	ID       string
	Scenario string   // the scenario a [[candidate]] names; "" for a post
	Kinds    []Kind   // the types of its interventions
	Places   []string // the places (or agencies) they target, in order, once each
	// Source and Assumption are the entry's notes: a post's own; for a
	// [[candidate]], its own or else those of its scenario's
	// interventions, joined.
	Source, Assumption string
	Line               int // the line of its entry in the file
	Interventions      *Interventions
	// RunUSD is what it costs over the run, discounted to the run's start
	// (Scenario.RunCost with it, less without it); AnnualUSD a year in
	// force, undiscounted (AnnualCost).
	RunUSD, AnnualUSD float64
}

// Resolver finds a scenario that a file names: the file system to read it
// from and its name there (for hourglass, scenarios.Resolve).
type Resolver func(arg string) (fs.FS, string, error)

// ReadCandidates reads the candidates file name from fsys, checks every
// entry against its base scenario (resolve finds it, and the scenarios of
// [[candidate]] entries; the base is defaultBase when the file names none),
// and costs every candidate with the overrides applied (such as
// params.years). Every problem is reported at once in an ErrorList, each as
// file:line: key: problem.
func ReadCandidates(fsys fs.FS, name string, resolve Resolver, defaultBase string, overrides ...Override) (*Candidates, error) {
	var problems ErrorList
	data, err := ReadFile(fsys, name)
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		problems.add(name, 0, "", "cannot read %s: %v", name, err)
		return nil, problems.err()
	}
	text := string(data)
	if line, msg := prescan(text); msg != "" {
		problems.add(name, line, "", "%s", msg)
		return nil, problems.err()
	}
	var raw map[string]any
	if _, err := toml.Decode(text, &raw); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			problems.add(name, perr.Position.Line, perr.LastKey, "%s", perr.Message)
		} else {
			problems.add(name, 0, "", "%v", err)
		}
		return nil, problems.err()
	}
	loc := newLocator(text)
	c := typeChecker{file: name, loc: loc, problems: &problems, unknown: map[string]bool{}}
	c.table(reflect.TypeOf(candidatesFile{}), raw, "", "", "")
	var cf candidatesFile
	if !decodeDirect(raw, &cf) {
		cf = candidatesFile{}
		if _, err := decodeTables(raw, &cf); err != nil {
			problems.add(name, 0, "", "%v", err)
			return nil, problems.err()
		}
	}
	r := candidateReader{name: name, loc: loc, raw: raw, problems: &problems, resolve: resolve, overrides: overrides}
	out := &Candidates{File: name, Name: cf.Name, Description: cf.Description, Source: cf.Source, Assumption: cf.Assumption, BaseName: cf.Base}
	if out.BaseName == "" {
		out.BaseName = defaultBase
	}
	if out.Name == "" {
		out.Name = strings.TrimSuffix(pathBase(name), ".toml")
	}
	if len(cf.Candidate) == 0 && len(cf.Post) == 0 {
		problems.add(name, 0, "", "no candidates (allowed: [[candidate]] entries naming scenarios, [[post]] entries naming a type and places)")
		return nil, problems.err()
	}
	if !r.base(out.BaseName) {
		return nil, problems.err()
	}
	out.Base = r.b
	for i := range cf.Candidate {
		r.scenarioCandidate(i, &cf.Candidate[i])
	}
	for i := range cf.Post {
		r.post(i, &cf.Post[i])
	}
	if len(problems) > 0 {
		return nil, problems.err()
	}
	if len(r.list) > MaxCandidates {
		problems.add(name, 0, "", "%d candidates (allowed: at most %d; narrow the selectors)", len(r.list), MaxCandidates)
		return nil, problems.err()
	}
	out.List = r.list
	return out, problems.err()
}

// candidateReader checks a candidates file's entries against its base.
type candidateReader struct {
	name      string
	loc       *locator
	raw       map[string]any
	problems  *ErrorList
	resolve   Resolver
	overrides []Override
	b         *Base
	world     *sim.World // the base, built
	baseIDs   []string   // the base's own interventions
	ids       map[string]int
	list      []Candidate
	baseCost  [2]float64 // the base's RunCost and AnnualCost
}

// base prepares the base scenario and builds it.
func (r *candidateReader) base(arg string) bool {
	line := r.loc.line("base")
	fsys, name, err := r.resolve(arg)
	if err == nil {
		r.b, err = Prepare(fsys, name)
	}
	var sc *Scenario
	if err == nil {
		sc, err = r.b.With(r.overrides...)
	}
	if err != nil {
		r.problems.add(r.name, line, "base", "%s: %v", arg, err)
		return false
	}
	r.world = sc.World
	r.baseCost = [2]float64{sc.RunCost(), sc.AnnualCost()}
	for _, c := range sc.Costs {
		r.baseIDs = append(r.baseIDs, c.Intervention)
	}
	r.ids = map[string]int{}
	return true
}

// add records candidate c, unless its id or one of its interventions' is
// taken.
func (r *candidateReader) add(c Candidate, key string) {
	if prev, ok := r.ids[c.ID]; ok {
		r.problems.add(r.name, c.Line, key, "candidate %q is listed twice (first on line %d): each candidate once", c.ID, prev)
		return
	}
	for _, id := range c.Interventions.IDs() {
		if slices.Contains(r.baseIDs, id) {
			r.problems.add(r.name, c.Line, key, "intervention %s is in the base scenario already (a portfolio adds interventions the base does not have)", id)
			return
		}
		for _, other := range r.list {
			if slices.Contains(other.Interventions.IDs(), id) {
				r.problems.add(r.name, c.Line, key, "intervention %s is also candidate %s's (a portfolio of both would have it twice): give it an id of its own", id, other.ID)
				return
			}
		}
	}
	r.ids[c.ID] = c.Line
	r.list = append(r.list, c)
}

// allowedFileKeys are what a scenario named by a [[candidate]] may set
// besides its interventions.
var allowedFileKeys = []string{"name", "description", "period", "extends", "intervention", "source", "assumption", "sources", "assumptions"}

// scenarioCandidate checks a [[candidate]]: a scenario that extends the base
// directly and adds interventions only.
func (r *candidateReader) scenarioCandidate(i int, sc *scenarioCandidate) {
	at := fmt.Sprintf("candidate[%d]", i)
	key := fmt.Sprintf("candidate[%s]", sc.Scenario)
	line := r.loc.line(at)
	if sc.Scenario == "" {
		r.problems.add(r.name, line, at+".scenario", "missing: name the scenario whose interventions the candidate is (a shipped name, such as kz-scanners, or a file)")
		return
	}
	fsys, name, err := r.resolve(sc.Scenario)
	var cb *Base
	if err == nil {
		cb, err = Prepare(fsys, name)
	}
	if err != nil {
		r.problems.add(r.name, r.loc.line(at+".scenario"), key+".scenario", "%v", err)
		return
	}
	own := cb.chain[len(cb.chain)-1]
	if !sameFiles(cb.chain[:len(cb.chain)-1], r.b.chain) {
		r.problems.add(r.name, r.loc.line(at+".scenario"), key+".scenario", "%s does not extend %s directly (it extends %q): its interventions are for another world (allowed: scenarios whose extends is the base, %s)",
			sc.Scenario, r.b.name, own.own.Extends, r.b.name)
		return
	}
	var other []string
	for k := range own.raw {
		if !slices.Contains(allowedFileKeys, k) {
			other = append(other, k)
		}
	}
	if len(other) > 0 {
		sort.Strings(other)
		r.problems.add(r.name, r.loc.line(at+".scenario"), key+".scenario", "%s also changes %s: a candidate adds interventions and changes nothing else (allowed in its file: %s)",
			sc.Scenario, strings.Join(other, ", "), strings.Join(allowedFileKeys, ", "))
		return
	}
	tables, _ := own.raw["intervention"].([]map[string]any)
	if len(tables) == 0 {
		r.problems.add(r.name, r.loc.line(at+".scenario"), key+".scenario", "%s has no [[intervention]]: nothing to buy", sc.Scenario)
		return
	}
	iv, err := NewInterventions(tables)
	if err != nil {
		r.problems.add(r.name, r.loc.line(at+".scenario"), key+".scenario", "%s: %v", sc.Scenario, err)
		return
	}
	id := sc.ID
	if id == "" {
		id = strings.TrimSuffix(pathBase(sc.Scenario), ".toml")
	}
	c := Candidate{ID: id, Scenario: sc.Scenario, Line: line, Interventions: iv, Source: sc.Source, Assumption: sc.Assumption}
	var sources, assumptions []string
	for _, ic := range iv.decoded {
		c.Kinds = append(c.Kinds, ic.Type)
		for _, p := range append(ic.targets(), agencyTargets(&ic)...) {
			if !slices.Contains(c.Places, p) {
				c.Places = append(c.Places, p)
			}
		}
		if ic.Source != "" {
			sources = append(sources, ic.Source)
		}
		if ic.Assumption != "" {
			assumptions = append(assumptions, ic.Assumption)
		}
	}
	if c.Source == "" && c.Assumption == "" {
		c.Source, c.Assumption = strings.Join(sources, "; "), strings.Join(assumptions, "; ")
	}
	if c.Source == "" && c.Assumption == "" {
		c.Source, c.Assumption = own.own.Source, own.own.Assumption
	}
	r.build(&c, key)
}

// agencyTargets are the agencies an agency programme targets.
func agencyTargets(ic *interventionConfig) []string {
	if ic.Agency != "" {
		return append([]string{ic.Agency}, ic.Agencies...)
	}
	return ic.Agencies
}

// pathBase is the last element of a slash or backslash separated path.
func pathBase(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// sameFiles reports whether two chains are the same files (by path and
// checksum).
func sameFiles(a, b []*loaded) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].sum != b[i].sum || pathBase(a[i].path) != pathBase(b[i].path) {
			return false
		}
	}
	return true
}

// postKeysRefused are the [[intervention]] keys a [[post]] may not set.
var postKeysRefused = map[string]string{
	"id":       "a post's id is type@place",
	"from":     "every candidate comes into force at the measured start",
	"agencies": "a post stands at places (agency programmes are [[candidate]] scenarios)",
}

// post checks a [[post]] and adds a candidate for each of its places.
func (r *candidateReader) post(i int, pc *postCandidate) {
	at := fmt.Sprintf("post[%d]", i)
	line := r.loc.line(at)
	entry := r.entries("post")[i]
	ok := true
	for _, k := range sortedKeys(entry) {
		if why, refused := postKeysRefused[k]; refused {
			r.problems.add(r.name, r.loc.line(at+"."+k), at+"."+k, "not allowed in a [[post]]: %s", why)
			ok = false
		}
	}
	if _, set := entry["type"]; !set {
		r.problems.add(r.name, line, at+".type", "missing: the type of post (allowed: %s)", strings.Join(postKinds(), ", "))
		return
	}
	kind := pc.Type
	if kind == InformantProgram || kind == RegionalCentre {
		r.problems.add(r.name, r.loc.line(at+".type"), at+".type", "%s works through agencies, not at places (allowed: %s; name a scenario with it as a [[candidate]])", kind, strings.Join(postKinds(), ", "))
		return
	}
	label := fmt.Sprintf("post[%s]", kind)
	if pc.Source == "" && pc.Assumption == "" {
		r.problems.add(r.name, line, label, "no source or assumption: say where its costs and settings come from (source = \"...\" or assumption = \"...\")")
		ok = false
	}
	places := pc.targets()
	switch {
	case pc.Where != nil && len(places) > 0:
		r.problems.add(r.name, r.loc.line(at+".where"), label+".where", "give places or where, not both")
		return
	case pc.Where != nil:
		places = r.selected(at, label, kind, pc.Where)
	case len(places) == 0:
		r.problems.add(r.name, line, label+".places", "no places (allowed: place = ID, places = [IDs], or where = { country = \"KG\", role = \"road\" })")
		return
	default:
		for _, p := range places {
			if msg := r.fits(kind, p); msg != "" {
				r.problems.add(r.name, r.loc.line(at+".places"), label+".places", "%s", msg)
				ok = false
			}
		}
	}
	if !ok {
		return
	}
	for _, p := range places {
		t := copyTable(entry)
		delete(t, "where")
		delete(t, "places")
		t["place"] = p
		iv, err := NewInterventions([]map[string]any{t})
		if err != nil {
			r.problems.add(r.name, line, label, "%v", err)
			return
		}
		c := Candidate{ID: interventionID(t), Kinds: []Kind{kind}, Places: []string{p}, Source: pc.Source, Assumption: pc.Assumption, Line: line, Interventions: iv}
		r.build(&c, fmt.Sprintf("post[%s]", c.ID))
	}
}

// entries are the tables of the file's array section, as decoded.
func (r *candidateReader) entries(section string) []map[string]any {
	list, _ := r.raw[section].([]map[string]any)
	return list
}

// postKinds are the intervention types a [[post]] may have.
func postKinds() []string {
	var out []string
	for k := range NumKinds {
		if k != InformantProgram && k != RegionalCentre {
			out = append(out, k.String())
		}
	}
	return out
}

// fits says why kind cannot stand at place id, or "".
func (r *candidateReader) fits(kind Kind, id string) string {
	var ids []string
	for i := range r.world.Places {
		p := &r.world.Places[i]
		ids = append(ids, p.ID)
		if p.ID != id {
			continue
		}
		if kind >= NumKinds {
			return "" // any kind: the place exists
		}
		needs := kindDefaults[kind].needs
		switch {
		case needs == sim.BorderSection && !p.Roles.Has(sim.BorderSection):
			return fmt.Sprintf("%s is not a border section (a %s needs one)", id, kind)
		case needs != 0 && needs != sim.BorderSection && !p.Roles.IsPost():
			return fmt.Sprintf("%s is not an official crossing or checkpoint (a %s needs one: put a checkpoint there first, or choose a post)", id, kind)
		}
		return ""
	}
	return fmt.Sprintf("unknown place %q%s", id, suggest(id, ids))
}

// selected lists the places a selector picks at which kind fits, in the
// network's order.
func (r *candidateReader) selected(at, label string, kind Kind, s *placeSelector) []string {
	roles := append([]string{RoadRole}, sim.Names("role")...)
	bad := false
	if s.Role != "" && !slices.Contains(roles, s.Role) {
		r.problems.add(r.name, r.loc.line(at+".where.role"), label+".where.role", "unknown role %q%s (allowed: %s)", s.Role, suggest(s.Role, roles), strings.Join(roles, ", "))
		bad = true
	}
	var countries []string
	for i := range r.world.Places {
		if c := r.world.Places[i].Country; !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
	}
	if s.Country != "" && !slices.Contains(countries, s.Country) {
		sort.Strings(countries)
		r.problems.add(r.name, r.loc.line(at+".where.country"), label+".where.country", "no place of the network is in %q%s (allowed: %s)", s.Country, suggest(s.Country, countries), strings.Join(countries, ", "))
		bad = true
	}
	for _, id := range s.Except {
		if msg := r.fits(NumKinds, id); strings.HasPrefix(msg, "unknown") {
			r.problems.add(r.name, r.loc.line(at+".where.except"), label+".where.except", "%s", msg)
			bad = true
		}
	}
	if bad {
		return nil
	}
	road := r.roadPlaces()
	var out []string
	for i := range r.world.Places {
		p := &r.world.Places[i]
		if s.Country != "" && p.Country != s.Country || slices.Contains(s.Except, p.ID) {
			continue
		}
		switch s.Role {
		case "":
		case RoadRole:
			if !road[i] {
				continue
			}
		default:
			var role sim.Role
			if role.UnmarshalText([]byte(s.Role)) != nil || !p.Roles.Has(role) {
				continue
			}
		}
		if r.fits(kind, p.ID) == "" {
			out = append(out, p.ID)
		}
	}
	if len(out) == 0 {
		r.problems.add(r.name, r.loc.line(at+".where"), label+".where", "picks no place where a %s can stand", kind)
	}
	return out
}

// roadPlaces marks the places a car or truck segment reaches that are not
// sources, exits or green-border sections.
func (r *candidateReader) roadPlaces() []bool {
	w := r.world
	out := make([]bool, len(w.Places))
	for _, s := range w.Segments {
		if s.Modes.Has(sim.Car) || s.Modes.Has(sim.Truck) {
			out[s.From], out[s.To] = true, true
		}
	}
	for i := range w.Places {
		if w.Places[i].Roles&(sim.Source|sim.Exit|sim.BorderSection) != 0 {
			out[i] = false
		}
	}
	return out
}

// build checks that the base builds with the candidate alone, and adds it.
func (r *candidateReader) build(c *Candidate, key string) {
	sc, err := r.b.WithInterventions([]*Interventions{c.Interventions}, r.overrides...)
	if err != nil {
		r.problems.add(r.name, c.Line, key, "the base with it does not build:\n%v", err)
		return
	}
	c.RunUSD, c.AnnualUSD = sc.RunCost()-r.baseCost[0], sc.AnnualCost()-r.baseCost[1]
	r.add(*c, key)
}
