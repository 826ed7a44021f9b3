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
	ip.ScannerTC, ip.ScannerTruck, ip.ReferralTC, ip.ReferralTruck, ip.GuidedSearch, ip.MetalShare = 1, 1, 1, 1, 1, 0
	u := unit{}
	for k := ScannerKind(0); k < NumScannerKinds; k++ {
		tr := Traits{Scanner: k, TrafficPerDay: 10, TruckShare: 1}
		for m := Mode(0); m < NumModes; m++ {
			if p := scanProb(&u, &tr, &ip, Precursor, m, 1_000_000, 0, 1); p != 0 {
				t.Errorf("scanner %s, mode %s: P(find precursor) = %v, want 0 (liquids are invisible)", k, m, p)
			}
			if p := scanProb(&u, &tr, &ip, Heroin, m, 1_000_000, 0, 1); m != Truck && p != 0 {
				t.Errorf("scanner %s scanned a load by %s: %v (only trucks are scanned)", k, m, p)
			}
		}
	}
	tc := Traits{Scanner: TCScanner, TrafficPerDay: 10, TruckShare: 1}
	if p := scanProb(&u, &tc, &ip, Heroin, Truck, 10_000, 0, 1); p != 0 {
		t.Errorf("TC scanner found a 10 kg load: %v (it sees only large compartments)", p)
	}
	xr := Traits{Scanner: TruckXRay, TrafficPerDay: 10, TruckShare: 1}
	if p := scanProb(&u, &xr, &ip, Heroin, Truck, 100_000, 0, 1); p != 1 {
		t.Errorf("truck X-ray with every step at certainty, few trucks: %v, want 1", p)
	}
}

// TestScannerSaturates: a scanner scans scannerHours·60/scanMinutes trucks a
// day (60 by default); beyond that, doubling the trucks halves the chance a
// given truck is scanned, and so found (a unit that does not profile scans at
// random).
func TestScannerSaturates(t *testing.T) {
	ip := DefaultParams().Interdiction
	u := unit{}
	at := func(trucks float64) float64 {
		tr := Traits{Scanner: TruckXRay, TrafficPerDay: trucks, TruckShare: 1}
		return scanProb(&u, &tr, &ip, Heroin, Truck, 100_000, 0, 1)
	}
	full := ip.ScannerTruck * ip.ReferralTruck * ip.GuidedSearch
	if got := at(30); math.Abs(got-full) > 1e-12 {
		t.Errorf("below capacity (30 trucks a day, 60 scans): %v, want every truck scanned: %v", got, full)
	}
	if got := at(600); math.Abs(got-full*60/600) > 1e-12 {
		t.Errorf("600 trucks a day: %v, want %v (60 of 600 scanned)", got, full*60/600)
	}
	if r := at(1200) / at(600); math.Abs(r-0.5) > 1e-12 {
		t.Errorf("doubling the trucks beyond capacity multiplies the chance by %v, want 0.5", r)
	}
	// Effort lengthens the scanner's day, up to 24 hours, never beyond: at a
	// lift of 10 it scans 24·60/10 = 144 of 600 trucks, not 600.
	tr := Traits{Scanner: TruckXRay, TrafficPerDay: 600, TruckShare: 1}
	if got, want := scanProb(&u, &tr, &ip, Heroin, Truck, 100_000, 0, 10), full*24*60/ip.ScanMinutes/600; math.Abs(got-want) > 1e-12 {
		t.Errorf("lift 10 at 600 trucks a day: %v, want %v (a whole day's scans)", got, want)
	}
	// The Khorgos reader: an anomaly is rarely referred (brief §9).
	tc := Traits{Scanner: TCScanner, TrafficPerDay: 30, TruckShare: 1}
	want := (1 - ip.MetalShare) * ip.ScannerTC * ip.ReferralTC * ip.GuidedSearch
	if got := scanProb(&u, &tc, &ip, Heroin, Truck, 100_000, 0.9, 1); math.Abs(got-want) > 1e-12 {
		t.Errorf("TC scanner at Khorgos's traffic: %v, want %v", got, want)
	}
}

// TestCorruptUnitInspectsLess: a unit's effective corruption cuts its random
// inspections and the scans it refers by corruptInspection·c_eff, and
// anti-corruption investigators restore them (brief §9).
func TestCorruptUnitInspectsLess(t *testing.T) {
	ip := DefaultParams().Interdiction
	tr := Traits{InspectionRate: 0.5, Scanner: TruckXRay, TrafficPerDay: 30, TruckShare: 1}
	clean := unit{inspectRate: 0.5, corruptionEff: effectiveCorruption(0, &tr)}
	bent := unit{inspectRate: 0.5, corruptionEff: effectiveCorruption(1, &tr)}
	if r := inspectProb(&bent, &tr, &ip, Car, 7, 0) / inspectProb(&clean, &tr, &ip, Car, 7, 0); math.Abs(r-(1-ip.CorruptInspection)) > 1e-12 {
		t.Errorf("a fully corrupt unit inspects %v of what a clean one does, want %v", r, 1-ip.CorruptInspection)
	}
	if r := scanProb(&bent, &tr, &ip, Heroin, Truck, 100_000, 0, 1) / scanProb(&clean, &tr, &ip, Heroin, Truck, 100_000, 0, 1); math.Abs(r-(1-ip.CorruptInspection)) > 1e-12 {
		t.Errorf("a fully corrupt unit refers %v of the scans a clean one does, want %v", r, 1-ip.CorruptInspection)
	}
	watched := tr
	watched.AntiCorruption = 1
	if c := effectiveCorruption(1, &watched); c != 0 {
		t.Errorf("full anti-corruption leaves an effective corruption of %v", c)
	}
}

// TestDogsScreen: dog teams screen dogs·hours·checks·work vehicles a day
// whatever the post's search rate: at a post that never searches, a load
// meets the dogs with that share of the traffic.
func TestDogsScreen(t *testing.T) {
	ip := DefaultParams().Interdiction
	tr := Traits{Dogs: 2, TrafficPerDay: 480}
	want := 2 * ip.DogHours * ip.DogChecksPerHour / 480 * ip.DogEfficacy
	if got := dogProb(&tr, &ip, Heroin, Car, 7, 0, 1); math.Abs(got-want) > 1e-12 {
		t.Errorf("P(dogs) = %v, want %v", got, want)
	}
	// Concealment shields a load from a dog, but less than from a hand
	// search: full concealment cuts a dog's find by dog_concealment_shield
	// (0.25), a search's by concealment_shield (0.5).
	if got, want := dogProb(&tr, &ip, Heroin, Car, 7, 1, 1), want*(1-ip.DogConcealmentShield); math.Abs(got-want) > 1e-12 {
		t.Errorf("fully concealed: P(dogs) = %v, want %v", got, want)
	}
	if ip.DogConcealmentShield >= ip.ConcealmentShield {
		t.Errorf("concealment shields a load from dogs (%v) as much as from a hand search (%v): the sources call dogs effective against car-panel and engine concealment", ip.DogConcealmentShield, ip.ConcealmentShield)
	}
	// Effort lengthens the dogs' day, up to 24 hours: at a lift of 100 they
	// screen 2·24·checks of the 480 vehicles.
	if got, want := dogProb(&tr, &ip, Heroin, Car, 7, 0, 100), 2*24*ip.DogChecksPerHour/480*ip.DogEfficacy; math.Abs(got-want) > 1e-12 {
		t.Errorf("lift 100: P(dogs) = %v, want %v (a whole day's screening)", got, want)
	}
	for _, c := range []Commodity{Precursor} {
		if got := dogProb(&tr, &ip, c, Car, 7, 0, 1); got != 0 {
			t.Errorf("dogs found %s: %v", c, got)
		}
	}
	if got := dogProb(&tr, &ip, Heroin, Air, 7, 0, 1); got != 0 {
		t.Errorf("dogs found a body-cavity courier: %v", got)
	}
}

func TestBribeProb(t *testing.T) {
	bp := DefaultParams().Bribes
	ip := DefaultParams().Interdiction
	u := unit{corruption: 0.8, corruptionEff: 0.8}
	tr := Traits{}
	small, big := bribeProb(&u, &tr, &ip, &bp, 100), bribeProb(&u, &tr, &ip, &bp, 100_000)
	if !(small < big) {
		t.Errorf("bribe success should rise with size: %v for $100, %v for $100,000", small, big)
	}
	// c_eff·b/(b+half)·(1-seriousness) at b = half: 0.8·0.5·0.5 = 0.2
	if got := bribeProb(&u, &tr, &ip, &bp, bp.HalfSuccessUSD); math.Abs(got-0.2) > 1e-12 {
		t.Errorf("bribe at the half-success size: %v, want 0.2", got)
	}
	tr.Watched = true
	if got := bribeProb(&u, &tr, &ip, &bp, bp.HalfSuccessUSD); math.Abs(got-0.2*(1-ip.WatchedBribeCut)) > 1e-12 {
		t.Errorf("bribe at a watched post: %v, want %v", got, 0.2*(1-ip.WatchedBribeCut))
	}
	tr.AntiCorruption = 1
	u.corruptionEff = effectiveCorruption(u.corruption, &tr)
	if got := bribeProb(&u, &tr, &ip, &bp, 1e9); got != 0 {
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
