package robust

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Summary says in words which choice is robust and which is best only in
// some worlds, naming alternatives by names (one per column) and regrets in
// unit. The rule (Verdict): an alternative is robust when it is best in at
// least Options.RobustShare of the members, or best or within the noise of
// the best in every member; the minimax-regret choice is named whatever
// the verdicts. For example:
//
//	kz-scanners is robust: best in 47 of the 50 members (94%, 95% CI 84–98%); worst-case regret 0.8 kg.
//	Best only in some members: sosnovka (6%, 95% CI 2–16%).
//	Never best: informants.
//	Least worst-case regret: kz-scanners (0.8 kg; next sosnovka, 3.1 kg).
func (r *Result) Summary(names []string, unit string) string {
	name := func(a int) string {
		if a < len(names) && names[a] != "" {
			return names[a]
		}
		return fmt.Sprintf("alternative %d", a+1)
	}
	amount := func(x float64) string {
		if unit == "" {
			return number(x)
		}
		return number(x) + " " + unit
	}
	ci := func(a Alternative) string {
		return fmt.Sprintf("%.0f%%, %.0f%% CI %.0f–%.0f%%", 100*a.PBest, 100*r.Options.Level, 100*a.PBestLo, 100*a.PBestHi)
	}
	// strongest first: by verdict, then P(best), then expected rank
	order := make([]int, len(r.Alternatives))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := r.Alternatives[order[i]], r.Alternatives[order[j]]
		if a.Verdict != b.Verdict {
			return a.Verdict < b.Verdict
		}
		if a.PBest != b.PBest {
			return a.PBest > b.PBest
		}
		return a.ExpectedRank < b.ExpectedRank
	})
	var lines, some, never []string
	for _, i := range order {
		a := r.Alternatives[i]
		switch a.Verdict {
		case Dominant:
			lines = append(lines, fmt.Sprintf("%s is robust: best in %s of the %d members (%s); worst-case regret %s.",
				name(i), number(a.Wins), r.Members, ci(a), amount(a.MaxRegret)))
		case NearBest:
			lines = append(lines, fmt.Sprintf("%s is robust: best or within the noise of the best in all %d members (best in %s); worst-case regret %s.",
				name(i), r.Members, ci(a), amount(a.MaxRegret)))
		case SomeWorlds:
			some = append(some, fmt.Sprintf("%s (%s)", name(i), ci(a)))
		case Never:
			never = append(never, name(i))
		}
	}
	if len(lines) == 0 {
		lines = append(lines, fmt.Sprintf("No choice is robust across the %d members.", r.Members))
	}
	if len(some) > 0 {
		lines = append(lines, "Best only in some members: "+strings.Join(some, "; ")+".")
	}
	if len(never) > 0 {
		lines = append(lines, "Never best: "+strings.Join(never, ", ")+".")
	}
	mm := r.Alternatives[r.Minimax]
	line := fmt.Sprintf("Least worst-case regret: %s (%s", name(r.Minimax), amount(mm.MaxRegret))
	if next := r.runnerUp(); next >= 0 {
		line += fmt.Sprintf("; next %s, %s", name(next), amount(r.Alternatives[next].MaxRegret))
	}
	lines = append(lines, line+").")
	return strings.Join(lines, "\n")
}

// runnerUp returns the alternative with the smallest worst-case regret
// after the minimax one (−1 if there is none).
func (r *Result) runnerUp() int {
	next := -1
	for a, alt := range r.Alternatives {
		if a != r.Minimax && (next < 0 || alt.MaxRegret < r.Alternatives[next].MaxRegret) {
			next = a
		}
	}
	return next
}

// number formats x with three significant digits, or as a whole number from
// 1,000 up (no exponent for the amounts the model reports).
func number(x float64) string {
	if math.Abs(x) >= 1000 {
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}
