package results

import (
	"encoding/csv"
	"io"
)

// CSVWriter writes CSV rows in which no cell can run as a spreadsheet
// formula. Every CSV file hourglass writes goes through it.
//
// A spreadsheet opening a CSV file runs a cell that begins with =, +, -
// or @ as a formula (and one that begins with a tab or a carriage return
// after it strips them): a scenario named =HYPERLINK(...) would put a live
// link, or worse, into whoever opens runs.csv ("CSV injection", OWASP).
// Such a text cell is written with a single quote before it, as OWASP
// advises, which a spreadsheet shows as text; a number (-1.5, -3e-05, +2)
// is written as it is.
type CSVWriter struct {
	cw  *csv.Writer
	row []string
	err error
}

// NewCSVWriter returns a CSVWriter that writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{cw: csv.NewWriter(w)} }

// Write adds a row, each cell made safe (SafeCell); the first error is kept
// and returned by Flush.
func (c *CSVWriter) Write(row ...string) {
	if c.err != nil {
		return
	}
	c.row = c.row[:0]
	for _, cell := range row {
		c.row = append(c.row, SafeCell(cell))
	}
	c.err = c.cw.Write(c.row)
}

// Flush writes any buffered rows and returns the first error.
func (c *CSVWriter) Flush() error {
	c.cw.Flush()
	if c.err == nil {
		c.err = c.cw.Error()
	}
	return c.err
}

// SafeCell returns cell as a CSV file may hold it: with a single quote
// before it when a spreadsheet would run it as a formula (it begins with =,
// @, a tab, a carriage return, or a + or - that does not begin a number),
// else as it is.
func SafeCell(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '@', '\t', '\r':
		return "'" + cell
	case '+', '-':
		if !isDecimal(cell[1:]) {
			return "'" + cell
		}
	}
	return cell
}

// isDecimal reports whether s is an unsigned decimal number: digits with at
// most one point (at least one digit in all), then an optional exponent
// (e or E, an optional sign, digits), as strconv.FormatFloat writes finite
// numbers. Inf and NaN are not.
func isDecimal(s string) bool {
	i, digits := 0, 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := i
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		}
		if i == exp {
			return false
		}
	}
	return i == len(s)
}
