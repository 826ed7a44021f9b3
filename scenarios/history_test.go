package scenarios_test

import (
	"testing"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/scenario"
)

// TestHistoryEventsTakeEffectInTheirMonth runs the shipped history: seven
// years from January 2004, five worlds; the Kairak scanner finds loads only
// from January 2008, and the months add up to the run.
func TestHistoryEventsTakeEffectInTheirMonth(t *testing.T) {
	sc, err := scenario.Load(scenarios.FS, "history-2004-2010.toml")
	if err != nil {
		t.Fatal(err)
	}
	// the measured start and nine months with events (Kairak's scanner and
	// CARICC share January 2008)
	if len(sc.Epochs) != 10 || sc.Params.Days != 7*365 {
		t.Fatalf("%d epochs over %d days, want 10 over 7 years", len(sc.Epochs), sc.Params.Days)
	}
	kairak := -1
	for i, p := range sc.World.Places {
		if p.ID == "kairak" {
			kairak = i
		}
	}
	scanned := 0
	for rep := uint64(0); rep < 10; rep++ {
		o, err := sim.RunEpochs(sc.Epochs, 1, rep)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Months) != 84 || o.Months[0].Month.String() != "2004-01" || o.Months[83].Month.String() != "2010-12" {
			t.Fatalf("months %v to %v (%d)", o.Months[0].Month, o.Months[len(o.Months)-1].Month, len(o.Months))
		}
		for _, z := range o.Seizures {
			if z.Place == kairak && z.Method == sim.Scanner {
				if z.Day < 4*365 {
					t.Errorf("rep %d: a scanner seizure at Kairak on day %d, before the scanner (day 1460, 2008-01)", rep, z.Day)
				}
				scanned++
			}
		}
	}
	if scanned == 0 {
		t.Errorf("the Kairak scanner found nothing in 10 runs of 2008-2010")
	}
}
