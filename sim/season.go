package sim

import (
	"fmt"
	"math"
	"strconv"
)

// The calendar: day d is day d mod 365 of a non-leap year, and day 0 is 1
// January and a Monday (assumption: the model has no leap years and no
// particular weekdays). A run starts on the first day of Params.Start's month
// (its engine clock starts at that day of the year) and runs on through the
// years.

var monthStart = [13]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365}

// Month returns the month (1–12) of a day.
func Month(day int) int {
	doy := day % 365
	for m := 1; m <= 12; m++ {
		if doy < monthStart[m] {
			return m
		}
	}
	return 12
}

// Weekday returns 0 for Monday through 6 for Sunday.
func Weekday(day int) int { return day % 7 }

// Coldness is 1 in January, 0 in July, following a cosine through the year:
//
//	coldness(m) = (1 + cos(2π (m-1) / 12)) / 2
func Coldness(month int) float64 { return coldness[month] }

// coldness is Coldness by month (index 1-12), computed once: it is on the
// encounter hot path.
var coldness = func() (c [13]float64) {
	for m := 1; m <= 12; m++ {
		c[m] = (1 + math.Cos(2*math.Pi*float64(m-1)/12)) / 2
	}
	return c
}()

// isWinter reports the months in which the Pamir Highway and the high roads slow down.
func isWinter(month int) bool { return month == 12 || month <= 3 }

// Opening hours of Torugart: outbound (toward China) 09:00-13:00, inbound
// 14:00 to about 18:00 (the UN precursor report, as quoted in issue #9; the
// brief §1 says only "morning outbound, afternoon inbound"). The inbound
// closing hour is the report's "~18:00".
const (
	torugartOutOpen  = 9
	torugartOutClose = 13
	torugartInOpen   = 14
	torugartInClose  = 18
)

// Kulma's season: open from 1 May (day of year 120) to 30 November (day 334),
// alternating 15 days open and 15 closed, starting open.
const (
	kulmaFirst  = 120
	kulmaEnd    = 334
	kulmaPeriod = 15
)

// KulmaOpen reports whether the Kulma Pass is open on a day.
func KulmaOpen(day int) bool {
	doy := day % 365
	return doy >= kulmaFirst && doy < kulmaEnd && ((doy-kulmaFirst)/kulmaPeriod)%2 == 0
}

// NextOpen returns the earliest hour at or after t (hours since the start of
// the run) when a post with schedule s lets a load through in the given
// direction (outbound: leaving the post's country), or +Inf if it never does
// within a year.
func NextOpen(s Schedule, t float64, outbound bool) float64 {
	switch s {
	case Always:
		return t
	case Closed:
		return math.Inf(1)
	}
	day := int(t / 24)
	for d := day; d <= day+366; d++ {
		base := float64(d * 24)
		switch s {
		case Kulma:
			if KulmaOpen(d) {
				return math.Max(t, base)
			}
		case WeekdaysSplit:
			if Weekday(d) >= 5 {
				continue
			}
			open, close := float64(torugartInOpen), float64(torugartInClose)
			if outbound {
				open, close = torugartOutOpen, torugartOutClose
			}
			if t < base+close {
				return math.Max(t, base+open)
			}
		}
	}
	return math.Inf(1)
}

// IsOpen reports whether a post with schedule s lets a load through at hour t.
func IsOpen(s Schedule, t float64, outbound bool) bool { return NextOpen(s, t, outbound) == t }

// dogWork is the share of a dog team's working time left by cold and
// altitude (assumption: linear penalties, traits of the post):
//
//	work = clamp(1 - coldPenalty·coldness(month) - altitudePenalty·altitude/1000, 0.1, 1)
func dogWork(t *Traits, month int) float64 {
	w := 1 - t.DogColdPenalty*Coldness(month) - t.DogAltitudePenalty*t.AltitudeM/1000
	return clamp(w, 0.1, 1)
}

// physicalFactor is the share of searches still done in cold at altitude:
//
//	physical = 1 - winterPenalty·coldness(month)·min(1, altitude/4500)
func physicalFactor(p *InterdictionParams, t *Traits, month int) float64 {
	return 1 - p.WinterPenalty*Coldness(month)*math.Min(1, t.AltitudeM/4500)
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// YearMonth is a calendar month.
type YearMonth struct {
	Year  int
	Month int // 1–12
}

// String gives the month as "2005-07".
func (ym YearMonth) String() string { return fmt.Sprintf("%04d-%02d", ym.Year, ym.Month) }

// Add returns the month n months later.
func (ym YearMonth) Add(n int) YearMonth {
	i := ym.Year*12 + ym.Month - 1 + n
	return YearMonth{Year: i / 12, Month: i%12 + 1}
}

// Sub returns the number of months from o to ym.
func (ym YearMonth) Sub(o YearMonth) int {
	return (ym.Year*12 + ym.Month) - (o.Year*12 + o.Month)
}

// UnmarshalText reads "YYYY-MM" (a scenario's params.start, an event's date).
func (ym *YearMonth) UnmarshalText(b []byte) error {
	v, err := ParseYearMonth(string(b))
	if err != nil {
		return err
	}
	*ym = v
	return nil
}

// MarshalText writes "YYYY-MM".
func (ym YearMonth) MarshalText() ([]byte, error) { return []byte(ym.String()), nil }

// MonthsIn is the number of calendar months a run of days days from the
// first of start's month touches (the last may be partial): the length of
// Outcome.Months.
func MonthsIn(start YearMonth, days int) int {
	if days <= 0 || start.Month < 1 || start.Month > 12 {
		return 0
	}
	first := monthStart[start.Month-1]
	last := first + days - 1
	return (last/365)*12 + Month(last) - start.Month + 1
}

// ParseYearMonth reads "YYYY-MM".
func ParseYearMonth(s string) (YearMonth, error) {
	var ym YearMonth
	if len(s) != 7 || s[4] != '-' {
		return ym, fmt.Errorf("%q is not a month (allowed: YYYY-MM, e.g. 2005-07)", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 || y < 1 {
		return ym, fmt.Errorf("%q is not a month (allowed: YYYY-MM, e.g. 2005-07)", s)
	}
	return YearMonth{Year: y, Month: m}, nil
}
