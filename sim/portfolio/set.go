package portfolio

import (
	"math/bits"
	"strconv"
	"strings"
)

// MaxCandidates is the largest number of candidates a search accepts.
const MaxCandidates = 256

// Set is a portfolio: a subset of the candidates, by index. The zero value
// is the empty portfolio; sets are comparable and serve as map keys.
type Set struct {
	w [MaxCandidates / 64]uint64
}

// SetOf returns the set of the given candidate indices.
func SetOf(members ...int) Set {
	var s Set
	for _, i := range members {
		s = s.With(i)
	}
	return s
}

// Has reports whether candidate i is in s.
func (s Set) Has(i int) bool { return s.w[i>>6]&(1<<(i&63)) != 0 }

// With returns s with candidate i added.
func (s Set) With(i int) Set {
	s.w[i>>6] |= 1 << (i & 63)
	return s
}

// Without returns s with candidate i removed.
func (s Set) Without(i int) Set {
	s.w[i>>6] &^= 1 << (i & 63)
	return s
}

// Len is the number of candidates in s.
func (s Set) Len() int {
	n := 0
	for _, w := range s.w {
		n += bits.OnesCount64(w)
	}
	return n
}

// IsEmpty reports whether s has no candidate.
func (s Set) IsEmpty() bool { return s == Set{} }

// Members returns the candidate indices of s in increasing order.
func (s Set) Members() []int {
	m := make([]int, 0, s.Len())
	for k, w := range s.w {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			m = append(m, k*64+b)
			w &^= 1 << b
		}
	}
	return m
}

// String writes s as its indices, "{0,3,5}".
func (s Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for j, i := range s.Members() {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(i))
	}
	b.WriteByte('}')
	return b.String()
}

// compareSets orders sets by size, then by their members lexicographically.
func compareSets(a, b Set) int {
	if d := a.Len() - b.Len(); d != 0 {
		return d
	}
	ma, mb := a.Members(), b.Members()
	for j := range ma {
		if d := ma[j] - mb[j]; d != 0 {
			return d
		}
	}
	return 0
}
