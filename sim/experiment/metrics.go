package experiment

import (
	"fmt"
	"math"
	"strings"

	"hourglass/sim"
	"hourglass/sim/internal/textdist"
)

// Metric is a headline metric: one number per replication, a column of
// runs.csv and a row of every summary.
type Metric int

// The headline metrics, in the order they are reported. Opiates seized per
// country follow GroupsNet, one per code of SeizureCountries, then the
// heroin price per country, one per code of PriceCountries.
const (
	OpiatesShipped         Metric = iota // opiates released north from the Afghan labs, kg
	OpiatesDelivered                     // opiates reaching Russia, Europe or Xinjiang, kg
	HeroinDelivered                      // heroin reaching Russia, Europe or Xinjiang, kg
	OpiatesSeized                        // opiates seized anywhere, kg
	OpiatesRetained                      // opiates sold into transit retail markets, kg
	OpiatesInTransit                     // opiates in stock or on the road at the end, kg
	HeroinSeized                         // heroin seized anywhere, kg
	SeizureShareTJ                       // share of opiates entering Tajikistan seized there
	RetainedShareKZ                      // share of opiates entering Kazakhstan sold there
	PrecursorShipped                     // acetic anhydride released from its sources, kg
	PrecursorSeized                      // acetic anhydride seized, kg
	PrecursorToLabs                      // acetic anhydride reaching the Afghan labs, kg
	HeroinProduced                       // heroin made by the labs, kg
	Bribes                               // bribes, extortion and standing fees paid, USD
	CourierArrests                       // couriers arrested
	OrganiserArrests                     // organisers arrested
	BribesAdHoc                          // ad-hoc bribes and roadside extortion paid, USD
	BribesStanding                       // monthly fees of standing arrangements paid, USD
	ArrangementsInForce                  // standing arrangements in force, mean over the months
	TipsReceived                         // tips from informants inside groups
	TipsActed                            // tips acted on by a unit on the load's route
	TipsLeaked                           // tips leaked to the group by a corrupt unit
	ControlledDeliveries                 // tipped loads followed to their receivers
	FollowArrests                        // organisers arrested at the end of controlled deliveries
	EnforcementSpent                     // money spent by the units and agencies, USD
	GroupsDisrupted                      // groups stopped by an organiser's arrest (organisers left)
	GroupsDissolved                      // groups dissolved by the arrest of their last organiser
	GroupsReplaced                       // dissolved groups' niches filled by new groups
	CouriersHired                        // couriers hired (retained or for one load)
	CareerShare                          // share of loads carried by retained couriers
	GroupsNet                            // the groups' income less their payments, USD
	InvestigationsHalted                 // raids, controlled deliveries' arrests and organiser arrests halted under pressure
	LargestSeizure                       // the largest single opiate seizure of the run, kg
	ControlledDeliveriesKZ               // controlled deliveries run by Kazakh agencies
	numFixed
)

// SeizureCountries are the countries with an "opiates seized in" metric.
var SeizureCountries = [...]string{"TJ", "KG", "KZ", "UZ"}

// PriceCountries are the countries with a heroin price metric: the brief's
// price gradient (§4: Tajikistan, Kyrgyzstan, Kazakhstan, Xinjiang).
var PriceCountries = [...]string{"TJ", "KG", "KZ", "CN"}

// NumMetrics is the number of headline metrics.
const NumMetrics = int(numFixed) + len(SeizureCountries) + len(PriceCountries)

// SeizedIn returns the metric of opiates seized in a country of
// SeizureCountries, and false for any other code.
func SeizedIn(code string) (Metric, bool) {
	for i, c := range SeizureCountries {
		if c == code {
			return numFixed + Metric(i), true
		}
	}
	return 0, false
}

// Unit is what a metric is measured in.
type Unit uint8

// The units.
const (
	Kg       Unit = iota // kilograms per run
	USD                  // US dollars per run
	Count                // events per run
	Share                // a fraction of another quantity, 0..1
	USDPerKg             // a price, US dollars per kg
)

var unitNames = [...]string{"kg", "usd", "count", "share", "usd_per_kg"}

func (u Unit) String() string { return unitNames[u] }

// Good says which direction of change enforcement wants.
type Good int8

// The directions.
const (
	Neutral Good = 0  // a volume that is neither good nor bad in itself
	Up      Good = 1  // more is better (seizures, arrests)
	Down    Good = -1 // less is better (deliveries, retail, precursor at the labs)
)

// Info is what is known about a metric. Its column name is built from
// Commodity, Quantity, Unit and Country, never written by hand:
//
//	commodity_quantity_unit[_in_COUNTRY]   (opiates_seized_kg_in_KG)
//
// with the unit left out of counts (courier_arrests) and country codes in
// capitals, so that a code is never mistaken for a unit.
type Info struct {
	Commodity string // opiates, heroin, precursor, or "" (bribes, arrests)
	Quantity  string // shipped, delivered, seized, ...
	Unit      Unit
	Country   string // ISO-like country code, or "" for the whole network
	Good      Good
	Doc       string
	of        func(w *sim.World, o *sim.Outcome) float64
}

// Name is the metric's column name.
func (i *Info) Name() string {
	parts := make([]string, 0, 5)
	if i.Commodity != "" {
		parts = append(parts, i.Commodity)
	}
	parts = append(parts, i.Quantity)
	if i.Unit != Count {
		parts = append(parts, i.Unit.String())
	}
	if i.Country != "" {
		parts = append(parts, "in", i.Country)
	}
	return strings.Join(parts, "_")
}

var infos = func() [NumMetrics]Info {
	var t [NumMetrics]Info
	fixed := map[Metric]Info{
		OpiatesShipped:   {"opiates", "shipped", Kg, "", Neutral, "opiates released north from the Afghan labs", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Shipped) }},
		OpiatesDelivered: {"opiates", "delivered", Kg, "", Down, "opiates reaching Russia, Europe or Xinjiang", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Delivered) }},
		HeroinDelivered:  {"heroin", "delivered", Kg, "", Down, "heroin reaching Russia, Europe or Xinjiang", func(_ *sim.World, o *sim.Outcome) float64 { return o.Delivered[sim.Heroin].Kg() }},
		OpiatesSeized:    {"opiates", "seized", Kg, "", Up, "opiates seized anywhere", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Seized) }},
		OpiatesRetained:  {"opiates", "retained", Kg, "", Down, "opiates sold into transit retail markets", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Retained) }},
		OpiatesInTransit: {"opiates", "in_transit", Kg, "", Neutral, "opiates still in stock or on the road at the end", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.InTransit) }},
		HeroinSeized:     {"heroin", "seized", Kg, "", Up, "heroin seized anywhere", func(_ *sim.World, o *sim.Outcome) float64 { return o.Seized[sim.Heroin].Kg() }},
		SeizureShareTJ: {"opiates", "seized", Share, "TJ", Up, "share of opiates entering Tajikistan that are seized there", func(w *sim.World, o *sim.Outcome) float64 {
			k := w.CountryIndex("TJ")
			if k < 0 {
				return 0
			}
			return share(seizedIn(w, o, "TJ"), opiates(o.Entered[k]))
		}},
		RetainedShareKZ: {"opiates", "retained", Share, "KZ", Down, "share of opiates entering Kazakhstan sold in its retail market", func(w *sim.World, o *sim.Outcome) float64 {
			k := w.CountryIndex("KZ")
			if k < 0 {
				return 0
			}
			return share(opiates(o.RetainedIn[k]), opiates(o.Entered[k]))
		}},
		PrecursorShipped: {"precursor", "shipped", Kg, "", Neutral, "acetic anhydride released from its sources", func(_ *sim.World, o *sim.Outcome) float64 { return o.Shipped[sim.Precursor].Kg() }},
		PrecursorSeized:  {"precursor", "seized", Kg, "", Up, "acetic anhydride seized", func(_ *sim.World, o *sim.Outcome) float64 { return o.Seized[sim.Precursor].Kg() }},
		PrecursorToLabs:  {"precursor", "to_labs", Kg, "", Down, "acetic anhydride reaching the Afghan labs", func(_ *sim.World, o *sim.Outcome) float64 { return o.Delivered[sim.Precursor].Kg() }},
		HeroinProduced:   {"heroin", "produced", Kg, "", Down, "heroin made by the labs", func(_ *sim.World, o *sim.Outcome) float64 { return o.HeroinProduced.Kg() }},
		Bribes:           {"", "bribes", USD, "", Down, "bribes, extortion and standing fees paid", func(_ *sim.World, o *sim.Outcome) float64 { return o.BribesUSD }},
		CourierArrests:   {"", "courier_arrests", Count, "", Up, "couriers arrested", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.CourierArrests) }},
		OrganiserArrests: {"", "organiser_arrests", Count, "", Up, "organisers arrested", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.OrganiserArrests) }},
		BribesAdHoc:      {"", "bribes_adhoc", USD, "", Down, "ad-hoc bribes and roadside extortion paid", func(_ *sim.World, o *sim.Outcome) float64 { return o.AdHocUSD }},
		BribesStanding:   {"", "bribes_standing", USD, "", Down, "monthly fees of standing arrangements paid", func(_ *sim.World, o *sim.Outcome) float64 { return o.StandingUSD }},
		ArrangementsInForce: {"", "arrangements_in_force", Count, "", Down, "standing arrangements between groups and units in force, mean over the months", func(_ *sim.World, o *sim.Outcome) float64 {
			return float64(o.ArrangementMonths) / math.Max(1, float64(o.Days)/365*12)
		}},
		TipsReceived:         {"", "tips_received", Count, "", Up, "tips from informants inside groups", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.TipsReceived) }},
		TipsActed:            {"", "tips_acted", Count, "", Up, "tips acted on by a unit on the load's route", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.TipsActed) }},
		TipsLeaked:           {"", "tips_leaked", Count, "", Down, "tips leaked to the group by a corrupt unit", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.TipsLeaked) }},
		ControlledDeliveries: {"", "controlled_deliveries", Count, "", Neutral, "tipped loads followed to their receivers", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.Followed) }},
		FollowArrests:        {"", "follow_organiser_arrests", Count, "", Up, "organisers arrested at the end of controlled deliveries", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.FollowArrests) }},
		EnforcementSpent: {"", "enforcement", USD, "", Neutral, "money spent by the units and agencies (officers, dog teams, informant handling)", func(_ *sim.World, o *sim.Outcome) float64 {
			t := 0.0
			for _, x := range o.EffortUSD {
				t += x
			}
			return t
		}},
		GroupsDisrupted: {"", "groups_disrupted", Count, "", Up, "groups stopped for a while by an organiser's arrest", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.GroupsDisrupted) }},
		GroupsDissolved: {"", "groups_dissolved", Count, "", Up, "groups dissolved by the arrest of their last organiser", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.GroupsDissolved) }},
		GroupsReplaced:  {"", "groups_replaced", Count, "", Neutral, "dissolved groups whose niche a new group filled", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.GroupsReplaced) }},
		CouriersHired:   {"", "couriers_hired", Count, "", Neutral, "couriers hired, retained or for one load", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.CouriersHired) }},
		CareerShare: {"", "career", Share, "", Neutral, "share of loads carried by retained (career) couriers", func(_ *sim.World, o *sim.Outcome) float64 {
			return share(float64(o.CareerTrips), float64(o.Trips))
		}},
		GroupsNet: {"", "groups_net", USD, "", Down, "the groups' income from loads sold or handed on, less what they paid (loads bought, transport, couriers, bribes, fees)", func(_ *sim.World, o *sim.Outcome) float64 {
			return float64(o.GroupCash-o.GroupCashAtStart) / 100 // income less payments, of the measured period (not the warm-up's cash)
		}},
		InvestigationsHalted: {"", "investigations_halted", Count, "", Down, "raids, controlled deliveries' arrests and organiser arrests halted under pressure from a group with a standing arrangement", func(_ *sim.World, o *sim.Outcome) float64 {
			return float64(o.InvestigationsHalted)
		}},
		LargestSeizure: {"opiates", "largest_seizure", Kg, "", Neutral, "the largest single opiate seizure of the run (the brief's record: 537 kg of heroin at Kairak, March 2008)", func(_ *sim.World, o *sim.Outcome) float64 {
			var g sim.Grams
			for i := range o.Seizures {
				if s := &o.Seizures[i]; s.Commodity.IsOpiate() && s.Grams > g {
					g = s.Grams
				}
			}
			return g.Kg()
		}},
		ControlledDeliveriesKZ: {"", "controlled_deliveries", Count, "KZ", Neutral, "controlled deliveries run by Kazakh agencies (brief §4: 26 in January-August 2008)", func(w *sim.World, o *sim.Outcome) float64 {
			if k := w.CountryIndex("KZ"); k >= 0 && k < len(o.FollowedIn) {
				return float64(o.FollowedIn[k])
			}
			return 0
		}},
	}
	if len(fixed) != int(numFixed) {
		panic("experiment: a fixed metric has no Info")
	}
	for m, info := range fixed {
		t[m] = info
	}
	for i, code := range SeizureCountries {
		t[int(numFixed)+i] = Info{"opiates", "seized", Kg, code, Up, "opiates seized in " + code,
			func(w *sim.World, o *sim.Outcome) float64 { return seizedIn(w, o, code) }}
	}
	for i, code := range PriceCountries {
		t[int(numFixed)+len(SeizureCountries)+i] = Info{"heroin", "price", USDPerKg, code, Neutral,
			"mean price of heroin sold in " + code + " over the run, weighted by the grams sold; where none was sold, the mean price of its places in the last month (sim/market.go)",
			func(w *sim.World, o *sim.Outcome) float64 { return heroinPrice(w, o, code) }}
	}
	return t
}()

// Info returns what is known about m.
func (m Metric) Info() *Info {
	if m < 0 || int(m) >= NumMetrics {
		panic(fmt.Sprintf("experiment: metric %d out of range", int(m)))
	}
	return &infos[m]
}

func (m Metric) String() string { return m.Info().Name() }

// Metrics returns every headline metric in reporting order.
func Metrics() []Metric {
	out := make([]Metric, NumMetrics)
	for i := range out {
		out[i] = Metric(i)
	}
	return out
}

// ParseMetric returns the metric with the given column name, or an error
// that suggests the closest name and lists the allowed ones.
func ParseMetric(name string) (Metric, error) {
	names := make([]string, NumMetrics)
	for i := range names {
		names[i] = Metric(i).String()
		if names[i] == name {
			return Metric(i), nil
		}
	}
	hint := ""
	if s := closest(name, names); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return 0, fmt.Errorf("unknown metric %q%s (allowed: %s)", name, hint, strings.Join(names, ", "))
}

// closest returns the candidate nearest to s in edit distance, if it is
// within a third of s's length.
func closest(s string, candidates []string) string {
	best, bestD := "", len(s)/3+1
	for _, c := range candidates {
		if d := textdist.Levenshtein(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func opiates(a [sim.NumCommodities]sim.Grams) float64 {
	return (a[sim.Heroin] + a[sim.Opium]).Kg()
}

// seizedIn is opiates seized in the country with code, kg.
func seizedIn(w *sim.World, o *sim.Outcome, code string) float64 {
	k := w.CountryIndex(code)
	if k < 0 {
		return 0
	}
	return (o.SeizedIn(w, k, sim.Heroin) + o.SeizedIn(w, k, sim.Opium)).Kg()
}

// heroinPrice is the mean price of heroin sold in the country with code over
// the run, USD per kg, weighted by the grams sold; where none was sold (a
// market no route reaches), the mean last-month price of its places that
// have a heroin price.
func heroinPrice(w *sim.World, o *sim.Outcome, code string) float64 {
	k := w.CountryIndex(code)
	if k < 0 {
		return 0
	}
	if p := o.PriceIn(k, sim.Heroin); p > 0 {
		return p
	}
	sum, n := 0.0, 0
	for p := range w.Places {
		if w.PlaceCountry[p] == k && w.Places[p].Price[sim.Heroin] > 0 {
			sum += o.Price[p][sim.Heroin]
			n++
		}
	}
	return share(sum, float64(n))
}

// share returns num/den, or 0 when den is 0.
func share(num, den float64) float64 {
	if den == 0 {
		return 0
	}
	return num / den
}

// Values computes every headline metric of one outcome, indexed by Metric.
func Values(w *sim.World, o *sim.Outcome) []float64 {
	v := make([]float64, NumMetrics)
	for i := range v {
		v[i] = infos[i].of(w, o)
	}
	return v
}
