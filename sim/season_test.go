package sim

import (
	"math"
	"testing"
)

func TestNextOpen(t *testing.T) {
	inf := math.Inf(1)
	may1 := float64(120 * 24)
	tests := []struct {
		name     string
		s        Schedule
		t        float64
		outbound bool
		want     float64
	}{
		{"always open", Always, 1234.5, false, 1234.5},
		{"closed never opens", Closed, 0, false, inf},
		{"kulma in January waits for 1 May", Kulma, 10 * 24, false, may1},
		{"kulma open on 1 May", Kulma, may1 + 5, true, may1 + 5},
		{"kulma closed 16 May waits for 31 May", Kulma, may1 + 15*24 + 3, false, may1 + 30*24},
		{"kulma after November waits for next May", Kulma, 340 * 24, false, (365 + 120) * 24},
		// Torugart: outbound 09:00-13:00, inbound 14:00-18:00 (UN precursor report).
		{"torugart Monday 08:30 outbound waits for 09:00", WeekdaysSplit, 8.5, true, 9},
		{"torugart Monday 09:00 outbound", WeekdaysSplit, 9, true, 9},
		{"torugart Monday 12:59 outbound", WeekdaysSplit, 12.98, true, 12.98},
		{"torugart Monday 09:00 inbound waits for 14:00", WeekdaysSplit, 9, false, 14},
		{"torugart Monday 13:30 outbound waits for Tuesday 09:00", WeekdaysSplit, 13.5, true, 24 + 9},
		{"torugart Monday 17:30 inbound", WeekdaysSplit, 17.5, false, 17.5},
		{"torugart Monday 18:00 inbound waits for Tuesday 14:00", WeekdaysSplit, 18, false, 24 + 14},
		{"torugart Saturday waits for Monday", WeekdaysSplit, 5*24 + 10, false, 7*24 + 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextOpen(tt.s, tt.t, tt.outbound); got != tt.want {
				t.Errorf("NextOpen(%s, %v, %v) = %v, want %v", tt.s, tt.t, tt.outbound, got, tt.want)
			}
		})
	}
}

func TestKulmaOpenDays(t *testing.T) {
	open := 0
	for d := 0; d < 365; d++ {
		if KulmaOpen(d) {
			open++
			if m := Month(d); m < 5 || m > 11 {
				t.Errorf("Kulma open on day %d (month %d)", d, m)
			}
		}
	}
	// 214 days from 1 May to 30 November in periods of 15 days, alternately
	// open and closed: periods 0, 2, ..., 12 are open in full (105 days) and
	// the short last period 14 (days 330-333) is open too (4 days).
	if open != 109 {
		t.Errorf("Kulma open %d days a year, want 109", open)
	}
}

func TestMonth(t *testing.T) {
	for _, tt := range []struct{ day, month int }{{0, 1}, {30, 1}, {31, 2}, {58, 2}, {59, 3}, {364, 12}, {365, 1}} {
		if got := Month(tt.day); got != tt.month {
			t.Errorf("Month(%d) = %d, want %d", tt.day, got, tt.month)
		}
	}
}

func TestScanProbNeverSeesPrecursor(t *testing.T) {
	ip := DefaultParams().Interdiction
	ip.ScannerTC, ip.ScannerTruck = 1, 1
	for k := ScannerKind(0); k < NumScannerKinds; k++ {
		for m := Mode(0); m < NumModes; m++ {
			if p := scanProb(k, &ip, Precursor, m, 1_000_000, 0); p != 0 {
				t.Errorf("scanner %s, mode %s: P(flag precursor) = %v, want 0", k, m, p)
			}
		}
	}
	if p := scanProb(TCScanner, &ip, Heroin, Truck, 10_000, 0); p != 0 {
		t.Errorf("TC scanner flagged a 10 kg load: %v (it sees only large compartments)", p)
	}
	if p := scanProb(TruckXRay, &ip, Heroin, Truck, 100_000, 0); p != 1 {
		t.Errorf("truck X-ray at certainty on an unconcealed truck load: %v, want 1", p)
	}
}

func TestBribeProb(t *testing.T) {
	bp := DefaultParams().Bribes
	u := unit{corruption: 0.8}
	tr := Traits{}
	small, big := bribeProb(&u, &tr, &bp, 100), bribeProb(&u, &tr, &bp, 100_000)
	if !(small < big) {
		t.Errorf("bribe success should rise with size: %v for $100, %v for $100,000", small, big)
	}
	// corruption·b/(b+half)·(1-seriousness) at b = half: 0.8·0.5·0.5 = 0.2
	if got := bribeProb(&u, &tr, &bp, bp.HalfSuccessUSD); math.Abs(got-0.2) > 1e-12 {
		t.Errorf("bribe at the half-success size: %v, want 0.2", got)
	}
	tr.AntiCorruption = 1
	if got := bribeProb(&u, &tr, &bp, 1e9); got != 0 {
		t.Errorf("full anti-corruption still lets bribes work: %v", got)
	}
}

func TestDrawBetaKeepsCertainty(t *testing.T) {
	r := NewRNG(1, 0, StreamTraits, 1)
	for _, m := range []float64{0, 1} {
		if got := drawBeta(m, 20, r); got != m {
			t.Errorf("drawBeta(%v) = %v", m, got)
		}
	}
	sum := 0.0
	for i := 0; i < 20000; i++ {
		sum += drawBeta(0.3, 20, r)
	}
	if mean := sum / 20000; math.Abs(mean-0.3) > 0.005 {
		t.Errorf("mean of Beta draws %v, want 0.3", mean)
	}
}
