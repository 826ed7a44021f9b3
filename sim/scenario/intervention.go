package scenario

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"hourglass/sim"
)

// Kind is a type of policy intervention.
type Kind uint8

// The intervention kinds. Each changes the traits of its target places; its
// defaults and costs are in kindDefaults and docs/MODEL.md.
const (
	NewCheckpoint       Kind = iota // new or upgraded (semi-)permanent post with random inspections
	Scanner                         // X-ray scanner at a post
	DogTeam                         // dog teams and a heated kennel
	PrecursorTraining               // precursor training and test kits
	AntiCorruption                  // special border-post investigators (unannounced observers)
	IntelligenceSharing             // intelligence sharing with China (SCO) on precursor shipments at the posts
	MobileUnits                     // mobile units refocused on traffic heading into Afghanistan
	BorderReinforcement             // reinforcement of a border section (e.g. Russian border guards back on the Panj)
	RailcarInspection               // railcar inspection capacity that does not delay trains
	PrecursorBonus                  // bonus scheme that also rewards precursor seizures
	InformantProgram                // money for informant handling in an agency (targets agencies, not places)
	RegionalCentre                  // a regional coordination centre (CARICC): member agencies share what they know of groups (targets agencies)
	NumKinds
)

var kindNames = [NumKinds]string{"checkpoint", "scanner", "dog-team", "precursor-training", "anti-corruption",
	"intelligence-sharing", "mobile-units", "border-reinforcement", "railcar-inspection", "precursor-bonus", "informant-program",
	"regional-centre"}

func (k Kind) String() string {
	if k < NumKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// UnmarshalText parses an intervention type.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown intervention type %q%s (allowed: %s)", string(b), suggest(string(b), kindNames[:]), strings.Join(kindNames[:], ", "))
}

// kindDefault is what an intervention kind costs per target place, in USD
// (assumption: the sources give no costs; orders of magnitude of donor-funded
// border projects of the period), and the role a target place must have.
type kindDefault struct {
	capital, annual float64
	needs           sim.Role // 0: any place
}

var kindDefaults = [NumKinds]kindDefault{
	NewCheckpoint:       {capital: 250_000, annual: 150_000},
	Scanner:             {capital: 1_500_000, annual: 100_000, needs: sim.Crossing | sim.Checkpoint},
	DogTeam:             {capital: 60_000, annual: 40_000, needs: sim.Crossing | sim.Checkpoint},
	PrecursorTraining:   {capital: 50_000, annual: 20_000, needs: sim.Crossing | sim.Checkpoint},
	AntiCorruption:      {capital: 20_000, annual: 120_000, needs: sim.Crossing | sim.Checkpoint},
	IntelligenceSharing: {capital: 200_000, annual: 150_000, needs: sim.Crossing | sim.Checkpoint},
	MobileUnits:         {capital: 400_000, annual: 250_000},
	BorderReinforcement: {capital: 2_000_000, annual: 1_500_000, needs: sim.BorderSection},
	RailcarInspection:   {capital: 300_000, annual: 150_000, needs: sim.Crossing | sim.Checkpoint},
	PrecursorBonus:      {capital: 0, annual: 50_000, needs: sim.Crossing | sim.Checkpoint},
	InformantProgram:    {capital: 50_000, annual: 300_000},
	RegionalCentre:      {capital: 100_000, annual: 100_000},
}

// Agency-level effects of interventions (assumption, like every default
// here): mobile units add mobile officers to the agency of each target
// place; a regional centre makes its member agencies share tips along a
// load's whole route (brief §8: CARICC and the Joint Planning Cell "share
// information on identified transnational groups and agree targets for
// joint or coordinated operations"); an informant program adds informant
// money.
const (
	defaultMobileStaff  = 20      // officers per mobile-units intervention
	defaultInformantUSD = 250_000 // USD a year per informant program (its cost adds handling: 300,000)
)

// agencyEffect is what an intervention does to an agency, applied once the
// places' agencies are known (validator.agencies).
type agencyEffect struct {
	intervention string
	agency       string // the agency by id, or
	place        string // the agency of this place
	mobile       float64
	informantUSD float64
	sharesIntel  bool
}

// interventionConfig is one [[intervention]] entry. Unset settings take the
// kind's default; costs are per target place unless given.
type interventionConfig struct {
	ID      string   `toml:"id"`
	Type    Kind     `toml:"type"`
	Place   string   `toml:"place"`
	Places  []string `toml:"places"`
	Note    string   `toml:"note"`
	From    startKey `toml:"from"`        // when it comes into force (events.go): the measured start unless it says otherwise
	Capital *float64 `toml:"capital_usd"` // one-off cost for all its places
	Annual  *float64 `toml:"annual_usd"`  // yearly cost for all its places

	InspectionRate     *float64         `toml:"inspection_rate"`
	SearchThoroughness *float64         `toml:"search_thoroughness"`
	Staff              *int             `toml:"staff"`
	Dogs               *int             `toml:"dogs"`
	Scanner            *sim.ScannerKind `toml:"scanner"`
	PrecursorKnowledge *float64         `toml:"precursor_knowledge"`
	AntiCorruption     *float64         `toml:"anti_corruption"`
	Corruption         *float64         `toml:"corruption"` // checkpoint: its officers' corruption (default: the staffing agency's, else the country's post default)
	ForeignIntel       *float64         `toml:"foreign_intel"`
	Informants         *float64         `toml:"informants"`
	PatrolCoverage     *float64         `toml:"patrol_coverage"`
	GuardMobility      *float64         `toml:"guard_mobility"`
	Communications     *float64         `toml:"communications"`
	RailInspection     *float64         `toml:"rail_inspection"`
	// Agency-level settings: an informant program targets agencies by id;
	// mobile units add officers to the agencies of their places.
	Agency       string   `toml:"agency"`
	Agencies     []string `toml:"agencies"`
	InformantUSD *float64 `toml:"informant_usd"`
	MobileStaff  *float64 `toml:"mobile_staff"`
	provenance
}

func (ic *interventionConfig) targets() []string {
	if ic.Place != "" {
		return append([]string{ic.Place}, ic.Places...)
	}
	return ic.Places
}

func interventionID(m map[string]any) string {
	if id, _ := m["id"].(string); id != "" {
		return id
	}
	t, _ := m["type"].(string)
	p, _ := m["place"].(string)
	if p == "" {
		if ps, ok := m["places"].([]any); ok {
			var parts []string
			for _, x := range ps {
				s, _ := x.(string)
				parts = append(parts, s)
			}
			p = strings.Join(parts, "+")
		}
	}
	return t + "@" + p
}

// Cost is what one intervention costs.
type Cost struct {
	Intervention string // id or type@places
	Kind         Kind
	Places       []string
	CapitalUSD   float64
	AnnualUSD    float64
	// From is the month an event puts the intervention in force; zero: the
	// run's start.
	From sim.YearMonth
	// StartYear is when the intervention comes into force, in years after the
	// run starts: 0, from the start, for every intervention a scenario
	// declares; an event's month for one it adds (PresentValue costs it
	// from then on).
	StartYear float64
	// Until and EndYear: the month an event removes the intervention, and
	// the same in years after the run's start; zero: it lasts the run.
	Until   sim.YearMonth
	EndYear float64
}

// at returns x if set, else the default.
func at(x *float64, def float64) float64 {
	if x != nil {
		return *x
	}
	return def
}

// apply changes the traits of the intervention's places and returns its cost.
// Settings raise a trait to the given level, never lower it (a post that
// already does better keeps its level).
func (v *validator) apply(ic *interventionConfig, places map[string]*placeConfig, ids []string, defaults map[string]*postDefaultConfig) (Cost, bool) {
	id := interventionID(map[string]any{"id": ic.ID, "type": ic.Type.String(), "place": ic.Place, "places": anyList(ic.Places)})
	if !v.costsInRange(ic, id) {
		return Cost{}, false
	}
	if ic.Type == InformantProgram || ic.Type == RegionalCentre {
		return v.agencyProgram(ic, id)
	}
	targets := ic.targets()
	if len(targets) == 0 {
		v.addf("intervention", id, "place", "no target place (set place or places)")
		return Cost{}, false
	}
	def := kindDefaults[ic.Type]
	ok := true
	for _, key := range []struct {
		name string
		x    *float64
	}{{"inspection_rate", ic.InspectionRate}, {"search_thoroughness", ic.SearchThoroughness}, {"precursor_knowledge", ic.PrecursorKnowledge},
		{"anti_corruption", ic.AntiCorruption}, {"foreign_intel", ic.ForeignIntel}, {"informants", ic.Informants},
		{"patrol_coverage", ic.PatrolCoverage}, {"guard_mobility", ic.GuardMobility}, {"communications", ic.Communications},
		{"rail_inspection", ic.RailInspection}, {"corruption", ic.Corruption}} {
		if key.x != nil {
			before := len(v.problems)
			v.probability("intervention", id, key.name, *key.x)
			ok = ok && len(v.problems) == before
		}
	}
	for _, n := range []struct {
		name string
		x    *int
	}{{"staff", ic.Staff}, {"dogs", ic.Dogs}} {
		if n.x != nil && (*n.x < 0 || *n.x > MaxStaff) {
			v.addf("intervention", id, n.name, "%d is out of range (allowed: 0..%d)", *n.x, MaxStaff)
			ok = false
		}
	}
	if x := ic.MobileStaff; x != nil && !(*x >= 0 && *x <= MaxStaff) {
		v.addf("intervention", id, "mobile_staff", "%v is out of range (allowed: 0..%d)", *x, MaxStaff)
		ok = false
	}
	for _, t := range targets {
		pc, found := places[t]
		if !found {
			v.addf("intervention", id, "place", "unknown place %q%s", t, suggest(t, ids))
			ok = false
			continue
		}
		if def.needs != 0 && !roleOf(pc).IsPost() && def.needs&sim.BorderSection == 0 {
			v.addf("intervention", id, "place", "%s is not an official crossing or checkpoint (a %s needs one; add a checkpoint intervention first)", t, ic.Type)
			ok = false
			continue
		}
		if def.needs == sim.BorderSection && roleOf(pc)&sim.BorderSection == 0 {
			v.addf("intervention", id, "place", "%s is not a border section (allowed: places with role border-section)", t)
			ok = false
			continue
		}
		if ic.Type == NewCheckpoint && !roleOf(pc).IsPost() {
			pd := defaults[pc.Country+"|"+sim.Checkpoint.String()]
			if pd == nil {
				v.addf("intervention", id, "place", "%s (%s) has no guard unit, and there is no [[post_default]] with country = %q and kind = \"checkpoint\" to start a new post from (add one, with its source or assumption, or give the place its traits)", t, pc.Country, pc.Country)
				ok = false
				continue
			}
			if ok {
				fillUnset(&pc.Traits, &pd.Traits)
				if v.usedDefaults == nil {
					v.usedDefaults = map[string]*postDefaultConfig{}
				}
				v.usedDefaults[t] = pd
			}
		}
		if ok && ic.Type == NewCheckpoint {
			ok = v.staff(ic, id, pc, defaults)
		}
		if ok {
			applyTo(ic, pc)
			switch ic.Type {
			case MobileUnits:
				v.agencyEffects = append(v.agencyEffects, agencyEffect{intervention: id, place: t, mobile: at(ic.MobileStaff, defaultMobileStaff)})
			}
		}
	}
	n := float64(len(targets))
	return Cost{Intervention: id, Kind: ic.Type, Places: targets,
		CapitalUSD: at(ic.Capital, def.capital*n), AnnualUSD: at(ic.Annual, def.annual*n)}, ok
}

// staff sets the corruption of a checkpoint intervention's post from its
// staffing, not from the place (issue #21; brief §1: Sosnovka is "used ad
// hoc (extortion, occasional drug-agency interceptions)": a semi-permanent
// post there is new officers, not the old extortion): the intervention's own
// corruption if set; else that of the agency that staffs it (the
// intervention's agency, else the agency that runs the place's posts), if
// the agency declares one; else the country's checkpoint [[post_default]];
// else the place keeps its own. The agency named by the intervention then
// runs the post.
func (v *validator) staff(ic *interventionConfig, id string, pc *placeConfig, defaults map[string]*postDefaultConfig) bool {
	if c := pc.Traits.Corruption; !(c >= 0 && c <= 1) {
		return true // the place's own value is wrong: leave it for its own check to report
	}
	if ic.Corruption != nil {
		pc.Traits.Corruption = *ic.Corruption
		return true
	}
	var ac *agencyConfig
	if ic.Agency != "" {
		for i := range v.agencyConfigs {
			if v.agencyConfigs[i].ID == ic.Agency {
				ac = &v.agencyConfigs[i]
			}
		}
		if ac == nil {
			var ids []string
			for _, a := range v.agencyConfigs {
				ids = append(ids, a.ID)
			}
			v.addf("intervention", id, "agency", "unknown agency %q%s", ic.Agency, suggest(ic.Agency, ids))
			return false
		}
		pc.Agency = ic.Agency
	} else {
		ac = v.postAgency(pc)
	}
	switch {
	case ac != nil && ac.Corruption != nil:
		pc.Traits.Corruption = *ac.Corruption
	case defaults[pc.Country+"|"+sim.Checkpoint.String()] != nil:
		pc.Traits.Corruption = defaults[pc.Country+"|"+sim.Checkpoint.String()].Traits.Corruption
	}
	return true
}

// postAgency is the agency that runs a checkpoint at pc: the place's own,
// else the first agency of its country whose roles include checkpoint (as
// validator.agencies assigns them), or nil.
func (v *validator) postAgency(pc *placeConfig) *agencyConfig {
	for i := range v.agencyConfigs {
		ac := &v.agencyConfigs[i]
		if pc.Agency != "" {
			if ac.ID == pc.Agency {
				return ac
			}
			continue
		}
		if ac.Country == pc.Country && slices.Contains(ac.Roles, sim.Checkpoint) {
			return ac
		}
	}
	return nil
}

// costsInRange checks an intervention's capital_usd and annual_usd: not
// negative (a cost is never a gain) and at most MaxUSD.
func (v *validator) costsInRange(ic *interventionConfig, id string) bool {
	ok := true
	for _, c := range []struct {
		key string
		x   *float64
	}{{"capital_usd", ic.Capital}, {"annual_usd", ic.Annual}} {
		if c.x != nil && !(*c.x >= 0 && *c.x <= MaxUSD) {
			v.addf("intervention", id, c.key, "%v is out of range (allowed: 0..%g)", *c.x, MaxUSD)
			ok = false
		}
	}
	return ok
}

// Touched is a place an intervention changes, with its guard unit's traits
// before and after the scenario's interventions (after drivers), so a report
// can show what a new or upgraded post really is.
type Touched struct {
	Place, Name, Country string
	Interventions        []string // ids of the interventions that target it
	Before, After        sim.Traits
	// Defaults names the post default a new post started from, or "".
	Defaults string
}

// fillUnset copies into t every trait of d that t leaves at its zero value:
// a new post at a place with no guard unit starts from its country's
// documented defaults, keeping what the place already has (a hub's raid rate).
func fillUnset(t, d *sim.Traits) {
	tv := reflect.ValueOf(t).Elem()
	dv := reflect.ValueOf(d).Elem()
	for i := 0; i < tv.NumField(); i++ {
		if tv.Field(i).IsZero() {
			tv.Field(i).Set(dv.Field(i))
		}
	}
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func roleOf(pc *placeConfig) sim.Role {
	var r sim.Role
	for _, x := range pc.Roles {
		r |= x
	}
	return r
}

func raise(dst *float64, x *float64, def float64) {
	*dst = math.Max(*dst, at(x, def))
}

func raiseInt(dst *int, x *int, def int) {
	v := def
	if x != nil {
		v = *x
	}
	if v > *dst {
		*dst = v
	}
}

// dogsAtAltitude gives dogs an intervention brings to a high post the
// altitude penalty of Bor Dobur's, 0.1 of their working time per 1,000 m,
// where the post is high (2,000 m or more) and has none (brief §3,
// Townsend: dogs' use is limited by "kennel conditions and altitude", most
// in the high east; the rate and the 2,000 m are assumed, as the network's
// own high posts: Bor Dobur 0.1, Kyzyl-Art 0.18).
func dogsAtAltitude(t *sim.Traits) {
	if t.Dogs > 0 && t.AltitudeM >= 2000 && t.DogAltitudePenalty == 0 {
		t.DogAltitudePenalty = 0.1
	}
}

// applyTo changes one place's traits for an intervention (defaults as
// documented in docs/MODEL.md, section "Interventions").
func applyTo(ic *interventionConfig, pc *placeConfig) {
	t := &pc.Traits
	switch ic.Type {
	case NewCheckpoint:
		if !roleOf(pc).IsPost() {
			pc.Roles = append(pc.Roles, sim.Checkpoint)
		}
		t.IntelligenceLed = false // random inspections
		raise(&t.InspectionRate, ic.InspectionRate, 0.25)
		raise(&t.SearchThoroughness, ic.SearchThoroughness, 0.6)
		raiseInt(&t.Staff, ic.Staff, 12)
		raiseInt(&t.Dogs, ic.Dogs, 1)
		if t.Dogs > 0 && t.DogColdPenalty == 0 {
			t.DogColdPenalty = 0.3
		}
		dogsAtAltitude(t)
		raise(&t.Informants, ic.Informants, t.Informants)
		if ic.Scanner != nil && *ic.Scanner > t.Scanner {
			t.Scanner = *ic.Scanner
		}
	case Scanner:
		kind := sim.TruckXRay
		if ic.Scanner != nil {
			kind = *ic.Scanner
		}
		if kind > t.Scanner {
			t.Scanner = kind
		}
		// assumption: a new scanner comes with the online link and
		// cameras Khorgos has (brief §9): a logged, watched post
		t.Watched = true
	case DogTeam:
		add := 2
		if ic.Dogs != nil {
			add = *ic.Dogs
		}
		t.Dogs += add
		// a heated kennel halves the cold penalty (brief: kennel conditions shorten working time)
		if t.DogColdPenalty == 0 {
			t.DogColdPenalty = 0.3
		}
		t.DogColdPenalty /= 2
		dogsAtAltitude(t)
	case PrecursorTraining:
		raise(&t.PrecursorKnowledge, ic.PrecursorKnowledge, 0.5)
		t.TestKits = true
	case AntiCorruption:
		raise(&t.AntiCorruption, ic.AntiCorruption, 0.5)
	case IntelligenceSharing:
		raise(&t.ForeignIntel, ic.ForeignIntel, 0.3)
		raise(&t.Informants, ic.Informants, t.Informants)
	case MobileUnits:
		raise(&t.PrecursorKnowledge, ic.PrecursorKnowledge, 0.4)
		t.HeroinBonus = false
		raise(&t.InspectionRate, ic.InspectionRate, t.InspectionRate+0.05)
		raise(&t.PatrolCoverage, ic.PatrolCoverage, t.PatrolCoverage)
	case BorderReinforcement:
		raise(&t.PatrolCoverage, ic.PatrolCoverage, 0.12)
		raise(&t.GuardMobility, ic.GuardMobility, 0.8)
		raise(&t.Communications, ic.Communications, 0.8)
		raise(&t.Informants, ic.Informants, t.Informants)
	case RailcarInspection:
		raise(&t.RailInspection, ic.RailInspection, 0.15)
	case PrecursorBonus:
		t.HeroinBonus = false
	}
}

// agencyProgram records what an intervention that targets agencies gives
// each of them (informant money, or membership of a regional centre), and
// its cost.
func (v *validator) agencyProgram(ic *interventionConfig, id string) (Cost, bool) {
	agencies := ic.Agencies
	if ic.Agency != "" {
		agencies = append([]string{ic.Agency}, agencies...)
	}
	if len(agencies) == 0 {
		v.addf("intervention", id, "agency", "no target agency (set agency or agencies: a %s works through agencies)", ic.Type)
		return Cost{}, false
	}
	if ic.Type == RegionalCentre {
		for _, a := range agencies {
			v.agencyEffects = append(v.agencyEffects, agencyEffect{intervention: id, agency: a, sharesIntel: true})
		}
		def := kindDefaults[RegionalCentre]
		n := float64(len(agencies))
		return Cost{Intervention: id, Kind: RegionalCentre, Places: agencies,
			CapitalUSD: at(ic.Capital, def.capital*n), AnnualUSD: at(ic.Annual, def.annual*n)}, true
	}
	usd := at(ic.InformantUSD, defaultInformantUSD)
	if math.IsNaN(usd) || usd < 0 {
		v.addf("intervention", id, "informant_usd", "%v is negative (allowed: >= 0)", usd)
		return Cost{}, false
	}
	for _, a := range agencies {
		v.agencyEffects = append(v.agencyEffects, agencyEffect{intervention: id, agency: a, informantUSD: usd})
	}
	def := kindDefaults[InformantProgram]
	n := float64(len(agencies))
	return Cost{Intervention: id, Kind: InformantProgram, Places: agencies,
		CapitalUSD: at(ic.Capital, def.capital*n), AnnualUSD: at(ic.Annual, (usd+def.annual-defaultInformantUSD)*n)}, true
}
