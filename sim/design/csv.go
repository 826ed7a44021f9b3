package design

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ReadCSV reads a design file: a header of override keys, then one row per
// point with one number per key. Lines starting with # are comments. name is
// the file's name in error messages, which read "name:line: column KEY:
// problem"; every problem of the file is reported at once. A file without
// points, with an empty or repeated key, or with a value that is not a
// finite number is refused. The Vars' Low and High are the smallest and
// largest value of each column (Steps is 0).
func ReadCSV(r io.Reader, name string) (Design, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // counted here, to report every short row
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Design{}, fmt.Errorf("%s: empty design (want a header of keys and a row per point)", name)
	}
	if err != nil {
		return Design{}, csvError(name, err)
	}
	var errs []error
	line, _ := cr.FieldPos(0)
	d := Design{Vars: make([]Var, len(header))}
	seen := map[string]bool{}
	for j, h := range header {
		key := strings.TrimSpace(h)
		switch {
		case key == "":
			errs = append(errs, fmt.Errorf("%s:%d: column %d: empty key", name, line, j+1))
		case seen[key]:
			errs = append(errs, fmt.Errorf("%s:%d: column %s: duplicate key", name, line, key))
		}
		seen[key] = true
		d.Vars[j] = Var{Key: key, Low: math.Inf(1), High: math.Inf(-1)}
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Design{}, errors.Join(append(errs, csvError(name, err))...)
		}
		line, _ := cr.FieldPos(0)
		if len(row) != len(header) {
			errs = append(errs, fmt.Errorf("%s:%d: %d values for %d keys", name, line, len(row), len(header)))
			continue
		}
		if len(d.Points) == MaxPoints {
			errs = append(errs, fmt.Errorf("%s:%d: more than %d points", name, line, MaxPoints))
			break
		}
		p := make(Point, len(row))
		for j, field := range row {
			field = strings.TrimSpace(field)
			x, err := strconv.ParseFloat(field, 64)
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("%s:%d: column %s: %q is not a number", name, line, d.Vars[j].Key, field))
			case math.IsNaN(x) || math.IsInf(x, 0):
				errs = append(errs, fmt.Errorf("%s:%d: column %s: %q is not a finite number", name, line, d.Vars[j].Key, field))
			}
			p[j] = x
			d.Vars[j].Low, d.Vars[j].High = math.Min(d.Vars[j].Low, x), math.Max(d.Vars[j].High, x)
		}
		d.Points = append(d.Points, p)
	}
	if len(d.Points) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("%s: no points (want a row of values after the header)", name))
	}
	if len(errs) > 0 {
		return Design{}, errors.Join(errs...)
	}
	return d, nil
}

// csvError turns an encoding/csv error into "name:line: problem".
func csvError(name string, err error) error {
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		return fmt.Errorf("%s:%d: %w", name, perr.Line, perr.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}
