package sensitivity

import (
	"math"
	"testing"
)

// ishigami is the Ishigami function on [-π, π]^3 (a = 7, b = 0.1), whose
// indices are known: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
func ishigami(x [][]float64) ([][]float64, error) {
	out := make([][]float64, len(x))
	for j, u := range x {
		x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
		out[j] = []float64{math.Sin(x1) + 7*math.Pow(math.Sin(x2), 2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)}
	}
	return out, nil
}

func TestSobolIshigami(t *testing.T) {
	res, err := Sobol(ishigami, 3, 20000, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantS1 := []float64{0.3139, 0.4424, 0}
	wantST := []float64{0.5576, 0.4424, 0.2437}
	for i := 0; i < 3; i++ {
		s1, st := res.S1[0][i], res.ST[0][i]
		if math.Abs(s1.Value-wantS1[i]) > 0.03 {
			t.Errorf("S1[%d] = %.4f, want %.4f", i+1, s1.Value, wantS1[i])
		}
		if math.Abs(st.Value-wantST[i]) > 0.03 {
			t.Errorf("ST[%d] = %.4f, want %.4f", i+1, st.Value, wantST[i])
		}
		if !(s1.Lo <= s1.Value && s1.Value <= s1.Hi) || !(st.Lo <= st.Value && st.Value <= st.Hi) {
			t.Errorf("input %d: estimate outside its CI: %+v %+v", i+1, s1, st)
		}
		if s1.Lo > wantS1[i]+0.01 || s1.Hi < wantS1[i]-0.01 || st.Lo > wantST[i]+0.01 || st.Hi < wantST[i]-0.01 {
			t.Errorf("input %d: CIs miss the true indices: S1 %+v, ST %+v", i+1, s1, st)
		}
	}
	if res.Evals != 20000*5 {
		t.Errorf("%d evaluations, want n(k+2) = 100000", res.Evals)
	}
}

// TestMorrisLinear: for f = 2 x1 - x2 + 0 x3 every elementary effect is the
// coefficient, so μ* = (2, 1, 0), μ = (2, -1, 0) and σ = 0.
func TestMorrisLinear(t *testing.T) {
	f := func(x [][]float64) ([][]float64, error) {
		out := make([][]float64, len(x))
		for j, u := range x {
			out[j] = []float64{2*u[0] - u[1]}
		}
		return out, nil
	}
	res, err := Morris(f, 3, 20, 4, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{2, 1, 0} {
		if math.Abs(res.MuStar[0][i].Value-want) > 1e-9 || res.Sigma[0][i] > 1e-9 {
			t.Errorf("input %d: μ* %v σ %v, want %v and 0", i+1, res.MuStar[0][i].Value, res.Sigma[0][i], want)
		}
	}
	if res.Mu[0][1] > -0.999 {
		t.Errorf("μ of x2 = %v, want -1", res.Mu[0][1])
	}
	if res.Evals != 20*4 {
		t.Errorf("%d evaluations, want r(k+1) = 80", res.Evals)
	}
}

func TestMorrisRanksIshigami(t *testing.T) {
	res, err := Morris(ishigami, 3, 200, 6, 3)
	if err != nil {
		t.Fatal(err)
	}
	mu := res.MuStar[0]
	// x3 acts only through its interaction with x1, x2 alone: all matter,
	// and x2's effect is purely non-linear (σ large relative to μ).
	for i := range mu {
		if mu[i].Value <= 0 {
			t.Errorf("μ*[%d] = %v: every Ishigami input matters", i+1, mu[i].Value)
		}
	}
	if math.Abs(res.Mu[0][1]) > 0.5*mu[1].Value {
		t.Errorf("x2's effects should cancel in μ (sin² is symmetric): μ %v, μ* %v", res.Mu[0][1], mu[1].Value)
	}
}
