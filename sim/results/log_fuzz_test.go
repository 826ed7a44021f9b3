package results

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// sampleLog returns a log of n replications of s scenarios, each with an
// entry of every kind.
func sampleLog(s, n int) []byte {
	out := []byte(logMagic)
	for i := range n {
		r := &experiment.Replication{Index: uint64(i)}
		for k := range s {
			rep := experiment.Rep{Scenario: k, Replication: uint64(i), Values: make([]float64, experiment.NumMetrics)}
			for j := range rep.Values {
				rep.Values[j] = float64(i*100+k*10+j) - 7.5
			}
			rep.Seized = []experiment.SeizureTotal{{Place: 3, Commodity: 1, Mode: 2, Method: 1, Arrest: true, Grams: 12345, Events: 2}}
			rep.Flows = []experiment.Flow{{Segment: 7, Dir: 1, Mode: 1, Commodity: 2, Grams: 999}}
			rep.Efforts[1] = experiment.EffortStat{Seized: [sim.NumCommodities]sim.Grams{1, 2, 3}, Couriers: 1, Organisers: 2, USD: 1e4}
			rep.Mobile = []experiment.Mobile{{Place: 2, Month: 3, Officers: 4.5}}
			rep.Months = []sim.MonthOutcome{{Month: sim.YearMonth{Year: 2005, Month: 1 + i},
				SeizedIn: make([][sim.NumCommodities]sim.Grams, 2), EnteredIn: make([][sim.NumCommodities]sim.Grams, 2),
				SoldIn: make([][sim.NumCommodities]sim.Grams, 2), SoldUSDIn: make([][sim.NumCommodities]float64, 2),
				MarketPrice: make([][sim.NumCommodities]float64, 1), CourierArrests: 1, BribesUSD: 3}}
			r.Reps = append(r.Reps, rep)
		}
		out = appendRecord(out, appendReplication(nil, r))
	}
	return out
}

// FuzzReplay feeds replay any bytes: it must not panic, hang or allocate
// more than a small multiple of its input, and what it calls whole must
// be whole. The seed corpus (testdata/fuzz/FuzzReplay) holds whole logs of
// one and two scenarios, torn, zero-filled and garbage tails, and lengths
// of 0, 2⁶³ and beyond the file.
func FuzzReplay(f *testing.F) {
	f.Add(sampleLog(1, 2), uint8(0))
	f.Add(append(sampleLog(2, 2), make([]byte, 64)...), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, s uint8) {
		scenarios := 1 + int(s%3)
		size := int64(len(data))
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("replay of %d bytes hangs", size)) })
		defer watchdog.Stop()
		// runtime.ReadMemStats flushes every P's allocation cache before it
		// reads, so what the process allocated before it is not counted
		// after it (runtime/metrics' /gc/heap/allocs:bytes counts a cache's
		// allocations when the cache is next flushed, up to a megabyte or
		// more later: the bound below failed now and then at GOGC=400).
		var mem runtime.MemStats
		runtime.ReadMemStats(&mem)
		before := mem.TotalAlloc
		n := 0
		valid, damage, err := replay("fuzz.log", bytes.NewReader(data), size, scenarios, func(r *experiment.Replication) error {
			if len(r.Reps) != scenarios {
				t.Errorf("a replication of %d scenarios, want %d", len(r.Reps), scenarios)
			}
			n++
			return nil
		})
		runtime.ReadMemStats(&mem)
		if alloc := mem.TotalAlloc - before; alloc > 1<<20+64*uint64(size) {
			t.Errorf("replaying %d bytes allocated %d", size, alloc)
		}
		switch {
		case valid < 0 || valid > size:
			t.Fatalf("%d whole bytes of %d", valid, size)
		case damage != nil && (err != nil || damage.Offset != valid):
			t.Fatalf("damage at %d, %d whole bytes, err %v", damage.Offset, valid, err)
		case damage == nil && err == nil && valid != size:
			t.Fatalf("no damage, no error, but %d whole bytes of %d", valid, size)
		case n > 0 && valid <= int64(len(logMagic)):
			t.Fatalf("%d replications in %d whole bytes", n, valid)
		}
		if err != nil {
			return
		}
		// what is whole replays whole, to the same replications
		m := 0
		again, damage, err := replay("fuzz.log", bytes.NewReader(data[:valid]), valid, scenarios, func(*experiment.Replication) error { m++; return nil })
		if err != nil || m != n || again != valid || damage != nil && valid > 0 {
			t.Fatalf("the %d whole bytes replay to %d replications of %d, %d bytes, damage %v, err %v", valid, m, n, again, damage, err)
		}
	})
}
