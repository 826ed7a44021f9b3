package portfolio_test

import (
	"context"
	"testing"

	"hourglass/sim/portfolio"
)

// TestInteractions: two posts on one road are reported sub-additive, posts
// on both roads super-additive (no detour left), and posts on both roads of
// a world without displacement (β = 0, where the gains add exactly)
// additive within noise; each with an interval of the synergy that says so.
func TestInteractions(t *testing.T) {
	noDisplacement := twoRoads()
	noDisplacement.beta = 0
	for _, tc := range []struct {
		name  string
		world *toyWorld
		set   portfolio.Set
		want  portfolio.Additivity
	}{
		{"two posts on road A", twoRoads(), portfolio.SetOf(0, 1), portfolio.SubAdditive},
		{"one post on each road", twoRoads(), portfolio.SetOf(0, 2), portfolio.SuperAdditive},
		{"three posts", twoRoads(), portfolio.SetOf(0, 1, 2), portfolio.SuperAdditive},
		{"no displacement", noDisplacement, portfolio.SetOf(0, 2), portfolio.Additive},
		{"a single post", twoRoads(), portfolio.SetOf(3), portfolio.Additive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.world
			s, err := portfolio.New(w.candidates(), w.evaluator(2), knConfig())
			if err != nil {
				t.Fatal(err)
			}
			in, err := s.Interactions(context.Background(), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			if in.Kind != tc.want {
				t.Errorf("%v: %v, want %v (synergy %+v)", tc.set, in.Kind, tc.want, in.Synergy)
			}
			// The synergy estimates the true whole minus the true parts.
			truth := w.caught(tc.set)
			for _, i := range tc.set.Members() {
				truth -= w.caught(portfolio.SetOf(i))
			}
			if in.Synergy.Excludes(truth) {
				t.Errorf("synergy %+v misses the true %.2f", in.Synergy, truth)
			}
			switch tc.want {
			case portfolio.SubAdditive:
				if !(in.Synergy.Hi < 0) {
					t.Errorf("sub-additive with an interval reaching 0: %+v", in.Synergy)
				}
				// Each member adds less to the pair than it gains alone.
				for _, m := range in.Members {
					if !(m.Marginal.Mean < m.Alone.Mean) {
						t.Errorf("%s: marginal %.1f, alone %.1f", m.ID, m.Marginal.Mean, m.Alone.Mean)
					}
				}
			case portfolio.SuperAdditive:
				if !(in.Synergy.Lo > 0) {
					t.Errorf("super-additive with an interval reaching 0: %+v", in.Synergy)
				}
			}
			if len(in.Members) != tc.set.Len() || in.Reps != 20 {
				t.Errorf("%d members over %d replications", len(in.Members), in.Reps)
			}
			for _, m := range in.Members {
				want := w.caught(tc.set) - w.caught(tc.set.Without(m.Candidate))
				if m.Marginal.Excludes(want) || m.ID != w.posts[m.Candidate].id {
					t.Errorf("%s: marginal %+v misses the true %.2f", m.ID, m.Marginal, want)
				}
			}
		})
	}
}
