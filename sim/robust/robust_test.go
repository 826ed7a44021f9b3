package robust

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// One alternative better in every member: P(best) 1, rank 1, no regret,
// robust; the others never best; regrets are the shortfalls.
func TestDominant(t *testing.T) {
	effects := [][]float64{
		{10, 7, 2},
		{12, 11, 5},
		{9, 3, 8},
		{20, 19.5, 0},
	}
	r, err := Analyze(effects, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := r.Alternatives[0], r.Alternatives[1], r.Alternatives[2]
	if a.PBest != 1 || a.ExpectedRank != 1 || a.MaxRegret != 0 || a.Verdict != Dominant {
		t.Errorf("dominant alternative %+v", a)
	}
	if b.PBest != 0 || b.Verdict != Never || !near(b.ExpectedRank, 2.25) || !near(b.MeanRegret, (3+1+6+0.5)/4) || b.MaxRegret != 6 || b.WorstMember != 2 {
		t.Errorf("second alternative %+v", b)
	}
	if !near(c.ExpectedRank, 2.75) || c.MaxRegret != 20 {
		t.Errorf("third alternative %+v", c)
	}
	if r.Minimax != 0 {
		t.Errorf("minimax %d, want 0", r.Minimax)
	}
}

// Two alternatives that swap by member: each best in half, expected rank
// 1.5, and the minimax choice is the one whose losses are smaller.
func TestSwap(t *testing.T) {
	effects := [][]float64{
		{10, 8}, // A by 2
		{5, 9},  // B by 4
		{7, 6},  // A by 1
		{3, 6},  // B by 3
	}
	r, err := Analyze(effects, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := r.Alternatives[0], r.Alternatives[1]
	for _, alt := range []Alternative{a, b} {
		if alt.PBest != 0.5 || alt.ExpectedRank != 1.5 || alt.Verdict != SomeWorlds {
			t.Errorf("alternative %d: P(best) %g, rank %g, verdict %v", alt.Index, alt.PBest, alt.ExpectedRank, alt.Verdict)
		}
	}
	if a.MaxRegret != 4 || b.MaxRegret != 2 || !near(a.MeanRegret, 7.0/4) || !near(b.MeanRegret, 3.0/4) {
		t.Errorf("regrets: A max %g mean %g, B max %g mean %g", a.MaxRegret, a.MeanRegret, b.MaxRegret, b.MeanRegret)
	}
	if r.Minimax != 1 {
		t.Errorf("minimax %d, want 1 (B)", r.Minimax)
	}
	if want := []float64{0, 4, 0, 3}; !equal(a.Regret, want) {
		t.Errorf("A's regret per member %v, want %v", a.Regret, want)
	}
	s := r.Summary([]string{"scanners", "sosnovka"}, "kg")
	for _, want := range []string{"No choice is robust across the 4 members.", "Best only in some members: scanners (50%", "sosnovka (50%", "Least worst-case regret: sosnovka (2 kg; next scanners, 4 kg)."} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !near(a[i], b[i]) {
			return false
		}
	}
	return true
}

// Ties split the member: three equal alternatives each win a third, rank
// 2, and are within the noise (zero) of the best everywhere.
func TestTies(t *testing.T) {
	effects := [][]float64{{5, 5, 5}, {1, 1, 1}}
	r, err := Analyze(effects, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Alternatives {
		if !near(a.PBest, 1.0/3) || a.ExpectedRank != 2 || a.MaxRegret != 0 || a.Verdict != NearBest {
			t.Errorf("alternative %d: %+v", a.Index, a)
		}
	}
	// a two-way tie for best beside a worse third
	r, err = Analyze([][]float64{{5, 5, 1}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ p, rank float64 }{{0.5, 1.5}, {0.5, 1.5}, {0, 3}}
	for i, a := range r.Alternatives {
		if a.PBest != want[i].p || a.ExpectedRank != want[i].rank {
			t.Errorf("alternative %d: P(best) %g rank %g, want %g %g", i, a.PBest, a.ExpectedRank, want[i].p, want[i].rank)
		}
	}
}

// With standard errors, an alternative always slightly behind the best but
// within two standard errors of the difference is robust too; one beyond
// them in a member is not.
func TestNoise(t *testing.T) {
	effects := [][]float64{{10, 9.5, 8}, {12, 11.8, 11}, {7, 6.9, 6.5}}
	se := [][]float64{{0.3, 0.3, 0.3}, {0.2, 0.2, 0.2}, {0.1, 0.1, 0.1}}
	r, err := Analyze(effects, Options{SE: se})
	if err != nil {
		t.Fatal(err)
	}
	// member 0: noise 2·√0.18 = 0.85 ≥ 0.5 (B near) and < 2 (C not)
	if v := r.Alternatives[1].Verdict; v != NearBest {
		t.Errorf("B: %v, want %v", v, NearBest)
	}
	if v := r.Alternatives[2].Verdict; v != Never || !near(r.Alternatives[2].NearBestShare, 0) {
		t.Errorf("C: %v (near-best share %g), want %v", v, r.Alternatives[2].NearBestShare, Never)
	}
	// a tolerance of 2 makes C near-best everywhere
	r, err = Analyze(effects, Options{SE: se, Tolerance: 2})
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Alternatives[2].Verdict; v != NearBest {
		t.Errorf("C with tolerance 2: %v, want %v", v, NearBest)
	}
}

// With Minimize the smallest effect is best (a cost per unit).
func TestMinimize(t *testing.T) {
	r, err := Analyze([][]float64{{300, 120}, {250, 100}, {90, 110}}, Options{Sense: Minimize})
	if err != nil {
		t.Fatal(err)
	}
	b := r.Alternatives[1]
	if !near(b.PBest, 2.0/3) || b.MaxRegret != 20 || r.Alternatives[0].MaxRegret != 180 || r.Minimax != 1 {
		t.Errorf("B: P(best) %g max regret %g; A max regret %g; minimax %d", b.PBest, b.MaxRegret, r.Alternatives[0].MaxRegret, r.Minimax)
	}
}

func TestWilson(t *testing.T) {
	tests := []struct{ k, n, lo, hi float64 }{
		{47, 50, 0.8378, 0.9794}, // by hand: centre 0.90861, half 0.07078
		{0, 20, 0, 0.1611},       // z²/(n + z²)
		{20, 20, 0.8389, 1},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n, 0.95)
		if math.Abs(lo-tt.lo) > 1e-3 || math.Abs(hi-tt.hi) > 1e-3 {
			t.Errorf("Wilson(%g, %g) = %.4f–%.4f, want %.4f–%.4f", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestExclusion(t *testing.T) {
	inf := math.Inf(1)
	iv := [][]Interval{
		{{100, 120}, {150, 200}, {110, 160}},
		{{100, 140}, {130, 150}, {200, inf}},
	}
	got, err := Exclusion(iv, Minimize)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{0, 0.5, 0.5}, // A below B in member 0 only; below C in member 1 only
		{0, 0, 0.5},   // B below C (no effect: infinite) in member 1
		{0, 0, 0},
	}
	for a := range want {
		if !equal(got[a], want[a]) {
			t.Errorf("row %d: %v, want %v", a, got[a], want[a])
		}
	}
	got, _ = Exclusion(iv, Maximize)
	if got[2][0] != 0.5 || got[1][0] != 0.5 || got[2][1] != 0.5 || got[0][1] != 0 {
		t.Errorf("maximize: C above A %g, B above A %g, C above B %g (want 0.5 each), A above B %g (want 0)", got[2][0], got[1][0], got[2][1], got[0][1])
	}
}

func TestErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		effects [][]float64
		opt     Options
		field   string
		empty   bool
	}{
		{"no members", nil, Options{}, "", true},
		{"no alternatives", [][]float64{{}}, Options{}, "", true},
		{"ragged", [][]float64{{1, 2}, {1}}, Options{}, "effects[1]", false},
		{"not a number", [][]float64{{1, nan}}, Options{}, "effects[0][1]", false},
		{"se rows", [][]float64{{1, 2}}, Options{SE: [][]float64{{1, 1}, {1, 1}}}, "se", false},
		{"se columns", [][]float64{{1, 2}}, Options{SE: [][]float64{{1}}}, "se", false},
		{"negative se", [][]float64{{1, 2}}, Options{SE: [][]float64{{1, -1}}}, "se[0][1]", false},
		{"share", [][]float64{{1, 2}}, Options{RobustShare: 2}, "options", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Analyze(tt.effects, tt.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.empty != errors.Is(err, ErrEmpty) {
				t.Errorf("error %v: ErrEmpty %v, want %v", err, errors.Is(err, ErrEmpty), tt.empty)
			}
			var ie *InputError
			if tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field) {
				t.Errorf("error %v, want an InputError on %s", err, tt.field)
			}
		})
	}
	if _, err := Exclusion([][]Interval{{{2, 1}}}, Minimize); err == nil {
		t.Error("an interval with Lo > Hi was accepted")
	}
}

func TestSummaryRobust(t *testing.T) {
	effects := make([][]float64, 50)
	for m := range effects {
		effects[m] = []float64{10, 8, 1}
		if m < 3 {
			effects[m] = []float64{9, 9.5, 1}
		}
	}
	r, err := Analyze(effects, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Summary([]string{"kz-scanners", "sosnovka", "informants"}, "kg per $1000")
	want := []string{
		"kz-scanners is robust: best in 47 of the 50 members (94%, 95% CI 84–98%); worst-case regret 0.5 kg per $1000.",
		"Best only in some members: sosnovka (6%, 95% CI 2–16%).",
		"Never best: informants.",
		"Least worst-case regret: kz-scanners (0.5 kg per $1000; next sosnovka, 2 kg per $1000).",
	}
	if s != strings.Join(want, "\n") {
		t.Errorf("summary:\n%s\nwant:\n%s", s, strings.Join(want, "\n"))
	}
}
