// Package experiment runs replications of a scenario in parallel and
// summarises their outcomes: headline metrics with means and confidence
// intervals. Results are placed by replication index, never by arrival, so
// they do not depend on the number of workers.
package experiment

import (
	"hourglass/sim"
)

// Metric is one headline number computed from an outcome.
type Metric struct {
	Name string // column name, snake_case with its unit
	Doc  string
	Of   func(w *sim.World, o *sim.Outcome) float64
}

func opiates(a [sim.NumCommodities]sim.Grams) float64 {
	return (a[sim.Heroin] + a[sim.Opium]).Kg()
}

// seizedIn is opiates seized in country code c, kg.
func seizedIn(code string) func(w *sim.World, o *sim.Outcome) float64 {
	return func(w *sim.World, o *sim.Outcome) float64 {
		k := w.CountryIndex(code)
		if k < 0 {
			return 0
		}
		return (o.SeizedIn(w, k, sim.Heroin) + o.SeizedIn(w, k, sim.Opium)).Kg()
	}
}

// share returns num/den, or 0 when den is 0.
func share(num, den float64) float64 {
	if den == 0 {
		return 0
	}
	return num / den
}

// Metrics are the headline metrics, in the order they are reported.
var Metrics = []Metric{
	{"opiates_shipped_kg", "opiates released north from the Afghan labs", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Shipped) }},
	{"opiates_delivered_kg", "opiates reaching Russia, Europe or Xinjiang", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Delivered) }},
	{"heroin_delivered_kg", "heroin reaching Russia, Europe or Xinjiang", func(_ *sim.World, o *sim.Outcome) float64 { return o.Delivered[sim.Heroin].Kg() }},
	{"opiates_seized_kg", "opiates seized anywhere", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Seized) }},
	{"opiates_retained_kg", "opiates sold into transit retail markets", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.Retained) }},
	{"opiates_in_transit_kg", "opiates still in stock or on the road at the end", func(_ *sim.World, o *sim.Outcome) float64 { return opiates(o.InTransit) }},
	{"heroin_seized_kg", "heroin seized anywhere", func(_ *sim.World, o *sim.Outcome) float64 { return o.Seized[sim.Heroin].Kg() }},
	{"opiates_seized_tj_kg", "opiates seized in Tajikistan", seizedIn("TJ")},
	{"opiates_seized_kg_kg", "opiates seized in Kyrgyzstan", seizedIn("KG")},
	{"opiates_seized_kz_kg", "opiates seized in Kazakhstan", seizedIn("KZ")},
	{"opiates_seized_uz_kg", "opiates seized in Uzbekistan", seizedIn("UZ")},
	{"tj_seizure_share", "share of opiates entering Tajikistan that are seized there", func(w *sim.World, o *sim.Outcome) float64 {
		k := w.CountryIndex("TJ")
		if k < 0 {
			return 0
		}
		return share(seizedIn("TJ")(w, o), opiates(o.Entered[k]))
	}},
	{"kz_retained_share", "share of opiates entering Kazakhstan sold in its retail market", func(w *sim.World, o *sim.Outcome) float64 {
		k := w.CountryIndex("KZ")
		if k < 0 {
			return 0
		}
		return share(opiates(o.RetainedIn[k]), opiates(o.Entered[k]))
	}},
	{"precursor_shipped_kg", "acetic anhydride released from China and Russia", func(_ *sim.World, o *sim.Outcome) float64 { return o.Shipped[sim.Precursor].Kg() }},
	{"precursor_seized_kg", "acetic anhydride seized", func(_ *sim.World, o *sim.Outcome) float64 { return o.Seized[sim.Precursor].Kg() }},
	{"precursor_to_labs_kg", "acetic anhydride reaching the Afghan labs", func(_ *sim.World, o *sim.Outcome) float64 { return o.Delivered[sim.Precursor].Kg() }},
	{"heroin_produced_kg", "heroin made by the labs", func(_ *sim.World, o *sim.Outcome) float64 { return o.HeroinProduced.Kg() }},
	{"bribes_usd", "bribes, extortion and standing fees paid", func(_ *sim.World, o *sim.Outcome) float64 { return o.BribesUSD }},
	{"courier_arrests", "couriers arrested", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.CourierArrests) }},
	{"organiser_arrests", "organisers arrested", func(_ *sim.World, o *sim.Outcome) float64 { return float64(o.OrganiserArrests) }},
}

// Values computes every headline metric of one outcome, in Metrics order.
func Values(w *sim.World, o *sim.Outcome) []float64 {
	v := make([]float64, len(Metrics))
	for i, m := range Metrics {
		v[i] = m.Of(w, o)
	}
	return v
}
