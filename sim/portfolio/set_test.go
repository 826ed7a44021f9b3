package portfolio_test

import (
	"reflect"
	"testing"

	"hourglass/sim/portfolio"
)

func TestSet(t *testing.T) {
	s := portfolio.SetOf(3, 0, 200, 64)
	if got := s.Members(); !reflect.DeepEqual(got, []int{0, 3, 64, 200}) {
		t.Errorf("members %v", got)
	}
	if s.Len() != 4 || !s.Has(64) || s.Has(63) || s.String() != "{0,3,64,200}" {
		t.Errorf("%v: len %d", s, s.Len())
	}
	if u := s.Without(64).With(5); u.String() != "{0,3,5,200}" || s.String() != "{0,3,64,200}" {
		t.Errorf("With/Without changed the receiver or missed: %v, %v", u, s)
	}
	if !(portfolio.Set{}).IsEmpty() || s.IsEmpty() || portfolio.SetOf(1, 2) != portfolio.SetOf(2, 1) {
		t.Error("emptiness or equality wrong")
	}
}

// TestEnumerate: the feasible portfolios are exactly the subsets within
// the budget, the empty one first; past the limit the list is incomplete.
func TestEnumerate(t *testing.T) {
	cands := []portfolio.Candidate{{"a", 1}, {"b", 2}, {"c", 2}, {"d", 4}, {"e", 0}}
	for _, tc := range []struct {
		budget float64
		want   int
	}{
		{0, 2},    // {}, {e}
		{1, 4},    // + {a}, {a,e}
		{2.5, 10}, // + {b}, {c}, with or without e, and a with e… counted by brute force below
		{100, 32},
	} {
		want := 0
		for mask := 0; mask < 32; mask++ {
			var c float64
			for i := range cands {
				if mask&(1<<i) != 0 {
					c += cands[i].Cost
				}
			}
			if c <= tc.budget {
				want++
			}
		}
		sets, complete := portfolio.Enumerate(cands, tc.budget, 1000)
		if !complete || len(sets) != want || !sets[0].IsEmpty() {
			t.Errorf("budget %v: %d sets (complete %v), want %d", tc.budget, len(sets), complete, want)
		}
		seen := map[portfolio.Set]bool{}
		for i, s := range sets {
			if seen[s] {
				t.Errorf("budget %v: %v twice", tc.budget, s)
			}
			seen[s] = true
			if i > 0 && s.Len() < sets[i-1].Len() {
				t.Errorf("budget %v: %v after %v", tc.budget, s, sets[i-1])
			}
		}
		if _, complete := portfolio.Enumerate(cands, tc.budget, want-1); complete {
			t.Errorf("budget %v: complete with a limit of %d < %d", tc.budget, want-1, want)
		}
	}
}
