package portfolio_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"hourglass/sim/portfolio"
	"hourglass/sim/selection"
)

func TestCandidateErrors(t *testing.T) {
	many := make([]portfolio.Candidate, portfolio.MaxCandidates+1)
	for i := range many {
		many[i] = portfolio.Candidate{ID: fmt.Sprint("c", i), Cost: 1}
	}
	for _, tc := range []struct {
		name  string
		cands []portfolio.Candidate
		want  []string // one *CandidateError per entry, whose message contains it
	}{
		{"none", nil, []string{"no candidates"}},
		{"duplicate id", []portfolio.Candidate{{"a", 1}, {"b", 1}, {"a", 2}}, []string{`candidates[2] "a": duplicate id (first at candidates[0])`}},
		{"negative cost", []portfolio.Candidate{{"a", 1}, {"b", -5}}, []string{`candidates[1] "b": cost -5 USD is negative`}},
		{"NaN cost", []portfolio.Candidate{{"a", math.NaN()}}, []string{"not a finite number"}},
		{"infinite cost", []portfolio.Candidate{{"a", math.Inf(1)}}, []string{"not a finite number"}},
		{"empty id", []portfolio.Candidate{{"", 1}}, []string{"candidates[0]: empty id"}},
		{"every problem at once", []portfolio.Candidate{{"a", 1}, {"a", -1}, {"", 2}}, []string{"duplicate id", "negative", "empty id"}},
		{"too many", many, []string{"257 candidates, at most 256"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := portfolio.New(tc.cands, portfolio.EvaluatorFunc(nil), knConfig())
			if err == nil {
				t.Fatal("no error")
			}
			var ce *portfolio.CandidateError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a CandidateError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if n := strings.Count(err.Error(), "portfolio: candidates["); n != len(tc.want) {
				t.Errorf("%d problems reported, want %d: %v", n, len(tc.want), err)
			}
		})
	}
}

func TestBudgetErrors(t *testing.T) {
	w := twoRoads()
	s, err := portfolio.New(w.candidates(), w.evaluator(1), knConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		budget float64
		want   string
	}{
		{0.5, `budget 0.5 USD is below the cheapest candidate ("A1", 1 USD): nothing can be bought`},
		{-1, "is not an amount"},
		{math.NaN(), "is not an amount"},
		{math.Inf(1), "is not an amount"},
	} {
		_, err := s.Search(context.Background(), tc.budget)
		var be *portfolio.BudgetError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("budget %v: error %v, want a BudgetError saying %q", tc.budget, err, tc.want)
		}
	}
	if _, err := s.Frontier(context.Background(), []float64{1, -2}); err == nil {
		t.Error("frontier with a negative level: no error")
	}
	if w.evaluations.Load() != 0 {
		t.Errorf("%d evaluations before rejecting the budget", w.evaluations.Load())
	}
}

func TestConfigErrors(t *testing.T) {
	cands := twoRoads().candidates()
	kn := selection.KN{Alpha: 0.05, Delta: 1}
	for _, tc := range []struct {
		cfg   portfolio.Config
		field string
	}{
		{portfolio.Config{}, "Selector"},
		{portfolio.Config{Selector: kn, Alpha: 1}, "Alpha"},
		{portfolio.Config{Selector: kn, Alpha: -0.1}, "Alpha"},
		{portfolio.Config{Selector: kn, ExhaustiveLimit: -1}, "ExhaustiveLimit"},
		{portfolio.Config{Selector: kn, Restarts: 2}, "Rand"},
		{portfolio.Config{Selector: kn, Restarts: -1}, "Restarts"},
		{portfolio.Config{Selector: kn, MaxMoves: -1}, "MaxMoves"},
		{portfolio.Config{Selector: kn, InteractionReps: 1}, "InteractionReps"},
	} {
		_, err := portfolio.New(cands, twoRoads().evaluator(1), tc.cfg)
		var ce *portfolio.ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field {
			t.Errorf("%+v: error %v, want a ConfigError on %s", tc.cfg, err, tc.field)
		}
	}
	if _, err := portfolio.New(cands, nil, portfolio.Config{Selector: kn}); err == nil {
		t.Error("nil evaluator: no error")
	}
}

func TestEvaluatorErrors(t *testing.T) {
	boom := errors.New("model failed")
	for _, tc := range []struct {
		name string
		eval portfolio.EvaluatorFunc
		want func(error) bool
	}{
		{"short answer", func(_ context.Context, jobs []portfolio.Job) ([]float64, error) {
			return make([]float64, len(jobs)-1), nil
		}, func(err error) bool { var e *portfolio.EvalError; return errors.As(err, &e) }},
		{"infinite gain", func(_ context.Context, jobs []portfolio.Job) ([]float64, error) {
			out := make([]float64, len(jobs))
			out[len(out)-1] = math.Inf(-1)
			return out, nil
		}, func(err error) bool {
			var e *portfolio.EvalError
			return errors.As(err, &e) && !e.Job.Portfolio.IsEmpty()
		}},
		{"evaluator error", func(context.Context, []portfolio.Job) ([]float64, error) { return nil, boom },
			func(err error) bool { return errors.Is(err, boom) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := portfolio.New(twoRoads().candidates(), tc.eval, knConfig())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Search(context.Background(), 3); !tc.want(err) {
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestCancelled(t *testing.T) {
	w := twoRoads()
	s, err := portfolio.New(w.candidates(), w.evaluator(1), knConfig())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Search(ctx, 3); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if w.evaluations.Load() != 0 {
		t.Errorf("%d evaluations after cancelling", w.evaluations.Load())
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{portfolio.SubAdditive.String(), "sub-additive"},
		{portfolio.SuperAdditive.String(), "super-additive"},
		{portfolio.Additive.String(), "additive within noise"},
		{portfolio.Additivity(9).String(), "Additivity(9)"},
		{portfolio.LocalSearch.String(), "local search"},
		{portfolio.Method(0).String(), "Method(0)"},
		{selection.ProcOCBA.String(), "OCBA"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}
