package results_test

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// TestMonthlyTable: monthly.csv has a row per scenario, month, series and
// country (network-wide series once, "all"), months in calendar order, and
// every replication in n.
func TestMonthlyTable(t *testing.T) {
	dir := t.TempDir()
	m, _, worlds := write(t, dir, experiment.Shard{})
	f, err := os.Open(filepath.Join(dir, results.MonthlyFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "scenario,month,series,country,n,mean,ci_low,ci_high" {
		t.Errorf("header %s", got)
	}
	perMonth := 0
	for s := experiment.MonthSeries(0); s < experiment.NumMonthSeries; s++ {
		switch {
		case s.ByMarket():
			perMonth += len(worlds[0].Markets)
		case s.ByCountry():
			perMonth += len(worlds[0].Countries)
		default:
			perMonth++
		}
	}
	if want := 1 + len(m.Scenarios)*12*perMonth; len(rows) != want {
		t.Fatalf("%d rows, want %d (2 scenarios, 12 months, %d rows a month)", len(rows), want, perMonth)
	}
	if got := strings.Join(rows[1][:5], ","); got != "baseline,2005-01,opiates_shipped_kg,all,6" {
		t.Errorf("first row %s", got)
	}
	// In the first month, after the warm-up, Almaty's heroin is near its
	// input price, 12,000 USD/kg (prices answer losses around their
	// anchors: docs/warmup.svg), within its CI.
	found := false
	for _, r := range rows {
		if r[0] == "baseline" && r[1] == "2005-01" && r[2] == "heroin_market_price_usd_per_kg" && r[3] == "almaty" {
			found = true
			mean, _ := strconv.ParseFloat(r[5], 64)
			lo, _ := strconv.ParseFloat(r[6], 64)
			hi, _ := strconv.ParseFloat(r[7], 64)
			if r[4] != "6" || !(lo <= mean && mean <= hi) || math.Abs(mean-12000) > 1200 {
				t.Errorf("Almaty's heroin price in the first month: %v, want 6 replications near 12000 within the CI", r)
			}
		}
	}
	if !found {
		t.Error("no market price row for Almaty")
	}
	last := rows[len(rows)-1]
	if last[0] != "sary-tash-post" || last[1] != "2005-12" || last[2] != "heroin_market_price_usd_per_kg" || last[3] == "all" {
		t.Errorf("last row %v", last)
	}
}

// TestLogOfAnotherVersion: a log written before the months were logged is
// refused with words that say so.
func TestLogOfAnotherVersion(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, results.LogFile), []byte("hourglass replications v2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	log, err := results.OpenLog(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = log.Replay(func(*experiment.Replication) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "another version of hourglass") {
		t.Errorf("v2 log: %v", err)
	}
}
