package results

import (
	"path/filepath"
	"strconv"

	"hourglass/sim/experiment"
)

// MonthlyFile is the month-by-month table: per scenario, calendar month,
// series and country (or "all"), the mean over replications with its 95%
// CI and n.
const MonthlyFile = "monthly.csv"

// writeMonthly streams monthly.csv from the summary:
//
//	scenario[,design keys...],month,series,country,n,mean,ci_low,ci_high
//
// month as YYYY-MM, series named like the headline metrics
// (opiates_seized_kg), country a code or "all"; a price series leaves out
// the replications with no sale in the month (n counts those with one) and
// is empty where none had one.
func writeMonthly(dir string, m *Manifest, sum *experiment.Summary) error {
	f, err := createCSV(filepath.Join(dir, MonthlyFile))
	if err != nil {
		return err
	}
	f.Write(withDesignColumns(m, [][]string{{"scenario", "month", "series", "country", "n", "mean", "ci_low", "ci_high"}}, 1)[0]...)
	var row []string
	for si := range sum.Scenarios {
		sc := &sum.Scenarios[si]
		var design []string
		if len(m.DesignKeys) > 0 {
			design = designCells(m, si)
		}
		for _, ms := range sc.Monthly {
			row = append(append(row[:0], sc.Name), design...)
			if ms.N == 0 { // a price where nothing was sold that month
				row = append(row, ms.Month.String(), ms.Series.String(), ms.Country, "0", "", "", "")
			} else {
				row = append(row, ms.Month.String(), ms.Series.String(), ms.Country, strconv.Itoa(ms.N), num(ms.Mean), num(ms.Lo), num(ms.Hi))
			}
			f.Write(row...)
		}
	}
	return f.Close()
}
