package results

import (
	"encoding/binary"
	"math"

	"hourglass/sim"
)

// appendMonths encodes a replication's months for the log (see logMagic's
// comment for the layout).
func appendMonths(p []byte, months []sim.MonthOutcome) []byte {
	p = binary.AppendUvarint(p, uint64(len(months)))
	for i := range months {
		m := &months[i]
		p = binary.AppendUvarint(p, uint64(m.Month.Year*12+m.Month.Month-1))
		for _, q := range []*[sim.NumCommodities]sim.Grams{&m.Shipped, &m.Seized, &m.Delivered, &m.Retained} {
			for _, g := range q {
				p = binary.AppendUvarint(p, uint64(g))
			}
		}
		p = binary.AppendUvarint(p, uint64(len(m.SeizedIn)))
		for k := range m.SeizedIn {
			for _, g := range m.SeizedIn[k] {
				p = binary.AppendUvarint(p, uint64(g))
			}
			for _, g := range m.EnteredIn[k] {
				p = binary.AppendUvarint(p, uint64(g))
			}
			for _, g := range m.SoldIn[k] {
				p = binary.AppendUvarint(p, uint64(g))
			}
			for _, usd := range m.SoldUSDIn[k] {
				p = binary.LittleEndian.AppendUint64(p, math.Float64bits(usd))
			}
		}
		p = binary.AppendUvarint(p, uint64(len(m.MarketPrice)))
		for i := range m.MarketPrice {
			for _, usd := range m.MarketPrice[i] {
				p = binary.LittleEndian.AppendUint64(p, math.Float64bits(usd))
			}
		}
		p = binary.AppendUvarint(p, uint64(m.CourierArrests))
		p = binary.AppendUvarint(p, uint64(m.OrganiserArrests))
		p = binary.LittleEndian.AppendUint64(p, math.Float64bits(m.BribesUSD))
	}
	return p
}

// months decodes what appendMonths wrote.
func (d *decoder) months() []sim.MonthOutcome {
	// the fewest bytes a month takes: its date, the grams, no country, the
	// arrests and the bribes
	const minMonth = 1 + 4*int(sim.NumCommodities) + 1 + 1 + 2 + 8
	n := d.count(minMonth)
	if n == 0 {
		return nil
	}
	out := make([]sim.MonthOutcome, n)
	for i := range out {
		m := &out[i]
		ym := int(d.uvarint())
		m.Month = sim.YearMonth{Year: ym / 12, Month: ym%12 + 1}
		for _, q := range []*[sim.NumCommodities]sim.Grams{&m.Shipped, &m.Seized, &m.Delivered, &m.Retained} {
			for c := range q {
				q[c] = sim.Grams(d.uvarint())
			}
		}
		k := d.count(3*int(sim.NumCommodities) + 8*int(sim.NumCommodities))
		m.SeizedIn = make([][sim.NumCommodities]sim.Grams, k)
		m.EnteredIn = make([][sim.NumCommodities]sim.Grams, k)
		m.SoldIn = make([][sim.NumCommodities]sim.Grams, k)
		m.SoldUSDIn = make([][sim.NumCommodities]float64, k)
		for j := 0; j < k; j++ {
			for c := range m.SeizedIn[j] {
				m.SeizedIn[j][c] = sim.Grams(d.uvarint())
			}
			for c := range m.EnteredIn[j] {
				m.EnteredIn[j][c] = sim.Grams(d.uvarint())
			}
			for c := range m.SoldIn[j] {
				m.SoldIn[j][c] = sim.Grams(d.uvarint())
			}
			for c := range m.SoldUSDIn[j] {
				m.SoldUSDIn[j][c] = math.Float64frombits(binary.LittleEndian.Uint64(d.bytes(8)))
			}
		}
		if nm := d.count(8 * int(sim.NumCommodities)); nm > 0 {
			m.MarketPrice = make([][sim.NumCommodities]float64, nm)
			for i := range m.MarketPrice {
				for c := range m.MarketPrice[i] {
					m.MarketPrice[i][c] = math.Float64frombits(binary.LittleEndian.Uint64(d.bytes(8)))
				}
			}
		}
		m.CourierArrests = int(d.uvarint())
		m.OrganiserArrests = int(d.uvarint())
		m.BribesUSD = math.Float64frombits(binary.LittleEndian.Uint64(d.bytes(8)))
	}
	return out
}
