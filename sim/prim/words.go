package prim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sentence says a box in words, for the outcome phrase given:
//
//	outcome when a is below 0.4 and b is above 0.6 (coverage 82%, density 91%)
//
// A column restricted on both sides reads "is between lo and hi", a
// categorical one "is A" or "is A or B". Values have three significant
// digits and the column's unit. A box with no restriction reads "outcome,
// whatever the inputs".
func (r *Result) Sentence(outcome string, b Box) string {
	var clauses []string
	for _, rs := range r.Restrictions(b) {
		clauses = append(clauses, rs.Clause())
	}
	stats := fmt.Sprintf("(coverage %.0f%%, density %.0f%%)", 100*b.Coverage, 100*b.Density)
	if len(clauses) == 0 {
		return fmt.Sprintf("%s, whatever the inputs %s", outcome, stats)
	}
	return fmt.Sprintf("%s when %s %s", outcome, join(clauses, "and"), stats)
}

// Clause says one restriction: "a is below 0.4", "a is between 0.2 and
// 0.4", "s is A or B".
func (rs Restriction) Clause() string {
	if rs.Levels != nil {
		return fmt.Sprintf("%s is %s", rs.Name, join(rs.Levels, "or"))
	}
	v := func(x float64) string {
		if rs.Unit == "" {
			return Significant(x, 3)
		}
		return Significant(x, 3) + " " + rs.Unit
	}
	switch {
	case rs.LoCut && rs.HiCut:
		return fmt.Sprintf("%s is between %s and %s", rs.Name, v(rs.Lo), v(rs.Hi))
	case rs.LoCut:
		return fmt.Sprintf("%s is above %s", rs.Name, v(rs.Lo))
	case rs.HiCut:
		return fmt.Sprintf("%s is below %s", rs.Name, v(rs.Hi))
	}
	return rs.Name + " is unrestricted"
}

// join joins words as "a", "a and b", "a, b and c".
func join(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// Significant formats x rounded to n significant digits without an
// exponent or trailing zeros: 0.41234 → "0.412", 6834 → "6830",
// 12000 → "12000".
func Significant(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	mag := int(math.Floor(math.Log10(math.Abs(x))))
	decimals := n - 1 - mag
	if decimals <= 0 {
		p := math.Pow(10, float64(-decimals))
		return strconv.FormatFloat(math.Round(x/p)*p, 'f', 0, 64)
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
