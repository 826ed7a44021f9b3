package experiment

import (
	"hourglass/sim"
	"math"
)

// MonthSeries is a quantity an experiment follows month by month
// (monthly.csv, the report's "Month by month" charts): network-wide, or, for
// ByCountry series, in each country of the world.
type MonthSeries uint8

// The monthly series. Network-wide series share their name with the
// headline metric they add up to (opiates_seized_kg, bribes_usd, ...).
const (
	MonthOpiatesShipped    MonthSeries = iota // opiates released north from the Afghan labs, kg
	MonthOpiatesSeized                        // opiates seized anywhere, kg
	MonthOpiatesDelivered                     // opiates reaching Russia, Europe or Xinjiang, kg
	MonthHeroinDelivered                      // heroin reaching Russia, Europe or Xinjiang, kg
	MonthOpiatesRetained                      // opiates sold into transit retail markets, kg
	MonthPrecursorShipped                     // acetic anhydride released from its sources, kg
	MonthPrecursorSeized                      // acetic anhydride seized, kg
	MonthPrecursorToLabs                      // acetic anhydride reaching the Afghan labs, kg
	MonthCourierArrests                       // couriers arrested
	MonthOrganiserArrests                     // organisers arrested
	MonthBribes                               // bribes, extortion and standing fees paid, USD
	MonthOpiatesSeizedIn                      // by country: opiates seized in it, kg
	MonthOpiatesEnteredIn                     // by country: opiates arriving in it from another country, kg
	MonthHeroinPriceIn                        // by country: mean price of the heroin sold there, USD per kg (months with no sale left out)
	MonthHeroinMarketPrice                    // by market place: the price of heroin there, USD per kg
	NumMonthSeries
)

// monthSeriesInfo names a series the way metrics are named (Info.Name) and
// reads it from one month of a run; k is the country for ByCountry series.
type monthSeriesInfo struct {
	commodity, quantity string
	unit                Unit
	byCountry           bool
	of                  func(m *sim.MonthOutcome, k int) float64
	byMarket            bool // k is the index of a market in World.Markets, labelled by its place id
}

var monthSeries = [NumMonthSeries]monthSeriesInfo{
	MonthOpiatesShipped:   {"opiates", "shipped", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return opiates(m.Shipped) }, false},
	MonthOpiatesSeized:    {"opiates", "seized", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return opiates(m.Seized) }, false},
	MonthOpiatesDelivered: {"opiates", "delivered", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return opiates(m.Delivered) }, false},
	MonthHeroinDelivered:  {"heroin", "delivered", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return m.Delivered[sim.Heroin].Kg() }, false},
	MonthOpiatesRetained:  {"opiates", "retained", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return opiates(m.Retained) }, false},
	MonthPrecursorShipped: {"precursor", "shipped", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return m.Shipped[sim.Precursor].Kg() }, false},
	MonthPrecursorSeized:  {"precursor", "seized", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return m.Seized[sim.Precursor].Kg() }, false},
	MonthPrecursorToLabs:  {"precursor", "to_labs", Kg, false, func(m *sim.MonthOutcome, _ int) float64 { return m.Delivered[sim.Precursor].Kg() }, false},
	MonthCourierArrests:   {"", "courier_arrests", Count, false, func(m *sim.MonthOutcome, _ int) float64 { return float64(m.CourierArrests) }, false},
	MonthOrganiserArrests: {"", "organiser_arrests", Count, false, func(m *sim.MonthOutcome, _ int) float64 { return float64(m.OrganiserArrests) }, false},
	MonthBribes:           {"", "bribes", USD, false, func(m *sim.MonthOutcome, _ int) float64 { return m.BribesUSD }, false},
	MonthOpiatesSeizedIn:  {"opiates", "seized", Kg, true, func(m *sim.MonthOutcome, k int) float64 { return opiates(m.SeizedIn[k]) }, false},
	MonthOpiatesEnteredIn: {"opiates", "entered", Kg, true, func(m *sim.MonthOutcome, k int) float64 { return opiates(m.EnteredIn[k]) }, false},
	MonthHeroinPriceIn: {"heroin", "price", USDPerKg, true, func(m *sim.MonthOutcome, k int) float64 {
		if m.SoldIn[k][sim.Heroin] == 0 {
			return math.NaN() // no sale, no price: the month's mean is over the replications with sales
		}
		return m.PriceIn(k, sim.Heroin)
	}, false},
	MonthHeroinMarketPrice: {"heroin", "market_price", USDPerKg, true, func(m *sim.MonthOutcome, k int) float64 {
		return m.MarketPrice[k][sim.Heroin]
	}, true},
}

// String is the series' name, built as a metric's is
// (commodity_quantity_unit): opiates_seized_kg, courier_arrests. A
// ByCountry series carries its country in a column of its own; with it, the
// name is that of the metric series_in_COUNTRY where one exists
// (opiates_seized_kg in KG: opiates_seized_kg_in_KG).
func (s MonthSeries) String() string {
	if s >= NumMonthSeries {
		return "series?"
	}
	i := &monthSeries[s]
	return (&Info{Commodity: i.commodity, Quantity: i.quantity, Unit: i.unit}).Name()
}

// ByCountry reports whether the series is counted per country (or, if
// ByMarket, per market place) rather than for the whole network.
func (s MonthSeries) ByCountry() bool { return monthSeries[s].byCountry }

// ByMarket reports whether the series is counted per market place
// (World.Markets), its place id in the country column.
func (s MonthSeries) ByMarket() bool { return monthSeries[s].byMarket }

// AllCountries is the Country of a network-wide monthly statistic.
const AllCountries = "all"

// MonthStat is the mean over replications of one series in one calendar
// month, with its 95% confidence interval (Student t).
type MonthStat struct {
	Month   sim.YearMonth
	Series  MonthSeries
	Country string // a country code, or AllCountries
	Interval
}

// monthRow is one series, in one country or market (k, labelled where) or
// the whole network (k < 0), of a month.
type monthRow struct {
	series MonthSeries
	k      int
	where  string
}

// monthlyAcc folds the months of committed replications into running
// moments per scenario, month and row: its memory grows with months and
// countries, never with replications.
type monthlyAcc struct {
	rows   [][]monthRow      // [scenario]: the rows of each month
	months [][]sim.YearMonth // [scenario][i]: the i-th month of the run
	mom    [][][]moments     // [scenario][i][row]
}

func newMonthlyAcc(worlds []*sim.World) monthlyAcc {
	a := monthlyAcc{rows: make([][]monthRow, len(worlds)), months: make([][]sim.YearMonth, len(worlds)),
		mom: make([][][]moments, len(worlds))}
	for s, w := range worlds {
		for ser := MonthSeries(0); ser < NumMonthSeries; ser++ {
			switch {
			case monthSeries[ser].byMarket:
				for k, p := range w.Markets {
					a.rows[s] = append(a.rows[s], monthRow{ser, k, w.Places[p].ID})
				}
			case ser.ByCountry():
				for k, code := range w.Countries {
					a.rows[s] = append(a.rows[s], monthRow{ser, k, code})
				}
			default:
				a.rows[s] = append(a.rows[s], monthRow{ser, -1, AllCountries})
			}
		}
	}
	return a
}

// add folds in the months of scenario s's replication.
func (a *monthlyAcc) add(s int, months []sim.MonthOutcome) {
	for i := range months {
		mo := &months[i]
		if i == len(a.mom[s]) {
			a.months[s] = append(a.months[s], mo.Month)
			a.mom[s] = append(a.mom[s], make([]moments, len(a.rows[s])))
		}
		for r, row := range a.rows[s] {
			if x := monthSeries[row.series].of(mo, row.k); !math.IsNaN(x) {
				a.mom[s][i][r].add(x)
			}
		}
	}
}

// stats returns scenario s's monthly statistics, month by month, each month
// in series order and, within a series, in the world's country order.
func (a *monthlyAcc) stats(s int) []MonthStat {
	out := make([]MonthStat, 0, len(a.months[s])*len(a.rows[s]))
	for i, ym := range a.months[s] {
		for r, row := range a.rows[s] {
			out = append(out, MonthStat{Month: ym, Series: row.series, Country: row.where, Interval: interval(&a.mom[s][i][r])})
		}
	}
	return out
}

// MonthSeriesOf returns, month by month, the statistics of series ser in
// country (AllCountries for the network) of a scenario summary.
func (s *ScenarioSummary) MonthSeriesOf(ser MonthSeries, country string) []MonthStat {
	var out []MonthStat
	for _, m := range s.Monthly {
		if m.Series == ser && m.Country == country {
			out = append(out, m)
		}
	}
	return out
}
