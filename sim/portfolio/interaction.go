package portfolio

import (
	"context"
	"fmt"

	"hourglass/sim/selection"
)

// Additivity says whether a portfolio's gain is more or less than the sum
// of its members' gains alone.
type Additivity uint8

// The kinds of interaction.
const (
	Additive      Additivity = iota + 1 // the synergy's interval contains 0: additive within noise
	SubAdditive                         // the whole is less than the sum of its parts (members share the same loads)
	SuperAdditive                       // the whole is more than the sum of its parts (members close each other's detours)
)

// String names the kind of interaction.
func (a Additivity) String() string {
	if int(a) < len(additivityNames) && additivityNames[a] != "" {
		return additivityNames[a]
	}
	return fmt.Sprintf("Additivity(%d)", uint8(a))
}

var additivityNames = [...]string{Additive: "additive within noise", SubAdditive: "sub-additive", SuperAdditive: "super-additive"}

// Contribution is one member's part in a portfolio.
type Contribution struct {
	Candidate int    // index in the candidate list
	ID        string // its id
	// Marginal is what the portfolio loses without the member, paired by
	// replication: V(P) − V(P∖m).
	Marginal selection.Interval
	// Alone is the member's gain bought alone, V({m}).
	Alone selection.Interval
}

// Interaction reports how a portfolio's members work together. Every
// interval is a Student t interval at 1−Config.Alpha over the same Reps
// replications (common random numbers), so the differences are paired.
type Interaction struct {
	Portfolio  Set
	Reps       int
	Joint      selection.Interval // V(P)
	SumOfParts selection.Interval // Σ_m V({m})
	// Synergy is the whole minus the sum of its parts, paired by
	// replication: V(P) − Σ_m V({m}). Kind is SuperAdditive when its
	// interval lies above 0, SubAdditive below 0, Additive otherwise (a
	// portfolio of one member or none is additive).
	Synergy selection.Interval
	Kind    Additivity
	Members []Contribution
}

// Interactions evaluates p without each member and each member alone, over
// max(Config.InteractionReps, replications p already has) replications, in
// one batch, and reports each member's marginal contribution and the
// synergy of the whole.
func (s *Searcher) Interactions(ctx context.Context, p Set) (Interaction, error) {
	for _, i := range p.Members() {
		if i >= len(s.cands) {
			return Interaction{}, fmt.Errorf("portfolio: interactions of %v: candidate %d out of range (%d candidates)", p, i, len(s.cands))
		}
	}
	n := max(s.cfg.interactionReps(), s.cache.prefix(p))
	members := p.Members()
	needs := []need{{p, 0, n}}
	for _, i := range members {
		needs = append(needs, need{p.Without(i), 0, n}, need{SetOf(i), 0, n})
	}
	if err := s.cache.ensure(ctx, needs); err != nil {
		return Interaction{}, fmt.Errorf("portfolio: interactions of %v: %w", p, err)
	}
	level := 1 - s.cfg.alpha()
	joint := s.cache.values(p, n)
	parts := make([]float64, n)
	in := Interaction{Portfolio: p, Reps: n, Joint: selection.MeanInterval(joint, level)}
	for _, i := range members {
		alone := s.cache.values(SetOf(i), n)
		for r, v := range alone {
			parts[r] += v
		}
		in.Members = append(in.Members, Contribution{
			Candidate: i, ID: s.cands[i].ID,
			Marginal: selection.PairedInterval(joint, s.cache.values(p.Without(i), n), level),
			Alone:    selection.MeanInterval(alone, level),
		})
	}
	in.SumOfParts = selection.MeanInterval(parts, level)
	in.Synergy = selection.PairedInterval(joint, parts, level)
	switch {
	case len(members) >= 2 && in.Synergy.Lo > 0:
		in.Kind = SuperAdditive
	case len(members) >= 2 && in.Synergy.Hi < 0:
		in.Kind = SubAdditive
	default:
		in.Kind = Additive
	}
	return in, nil
}
