package gp

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"hourglass/sim"
)

// design returns n points uniform on [0,1]^d from a fixed stream.
func design(n, d int, key uint64) [][]float64 {
	rng := sim.NewRNG(7, 0, sim.StreamDesign, key)
	x := make([][]float64, n)
	for i := range x {
		x[i] = make([]float64, d)
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
	}
	return x
}

func smooth(x []float64) float64 { return math.Sin(3*x[0]) + x[1]*x[1] }

func apply(f func([]float64) float64, x [][]float64) []float64 {
	y := make([]float64, len(x))
	for i, p := range x {
		y[i] = f(p)
	}
	return y
}

// A noise-free emulator of a smooth function interpolates it: small error on
// held-out points, and a variance near zero at the training points but not
// between them.
func TestInterpolatesSmoothFunction(t *testing.T) {
	train := design(40, 2, 1)
	g, err := Fit(train, apply(smooth, train), Options{})
	if err != nil {
		t.Fatal(err)
	}
	test := design(200, 2, 2)
	var p Prediction
	g.PredictBatch(test, &p)
	maxErr, farVar := 0.0, 0.0
	for i, x := range test {
		maxErr = math.Max(maxErr, math.Abs(p.Mean[i]-smooth(x)))
		farVar = math.Max(farVar, p.Var[i])
	}
	if maxErr > 0.05 {
		t.Errorf("largest error on held-out points %.4f, want ≤ 0.05", maxErr)
	}
	for i, x := range train {
		m, v := g.Predict(x)
		if math.Abs(m-smooth(x)) > 1e-4 || v > 1e-6 {
			t.Fatalf("at training point %d: mean %.6f (want %.6f), variance %.2g (want ≈ 0)", i, m, smooth(x), v)
		}
	}
	if farVar < 1e-6 {
		t.Errorf("largest held-out variance %.2g: the emulator claims certainty between its data", farVar)
	}
	// far from the data the variance returns to the prior's
	_, v := g.Predict([]float64{5, 5})
	if h := g.Hyper(); math.Abs(v-h.Signal) > 1e-6*h.Signal {
		t.Errorf("variance far away %.4g, want the signal variance %.4g", v, h.Signal)
	}
}

// Hyperparameters fitted to a subsample still give an emulator conditioned
// on every point: it interpolates all of them.
func TestMaxFitPoints(t *testing.T) {
	train := design(80, 2, 11)
	g, err := Fit(train, apply(smooth, train), Options{MaxFitPoints: 20})
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 80 {
		t.Fatalf("conditioned on %d points, want 80", g.Len())
	}
	for i, x := range train {
		if m, v := g.Predict(x); math.Abs(m-smooth(x)) > 1e-3 || v > 1e-6 {
			t.Fatalf("at training point %d: mean %.6f (want %.6f), variance %.2g", i, m, smooth(x), v)
		}
	}
	test := design(100, 2, 12)
	for _, x := range test {
		if m, _ := g.Predict(x); math.Abs(m-smooth(x)) > 0.05 {
			t.Fatalf("at %.3f: predicted %.4f, want %.4f", x, m, smooth(x))
		}
	}
}

// With noisy outputs and their known noise variance, the emulator smooths:
// its mean is nearer the true function than the noisy data are, and its
// variance at a training point is below the noise variance but not zero.
func TestNoiseNugget(t *testing.T) {
	train := design(60, 2, 3)
	rng := sim.NewRNG(7, 1, sim.StreamDesign, 0)
	const sd = 0.1
	y := apply(smooth, train)
	noise := make([]float64, len(y))
	dataErr := 0.0
	for i := range y {
		e := sd * rng.NormFloat64()
		y[i] += e
		dataErr += e * e
		noise[i] = sd * sd
	}
	g, err := Fit(train, y, Options{Noise: noise})
	if err != nil {
		t.Fatal(err)
	}
	fitErr := 0.0
	for i, x := range train {
		m, v := g.Predict(x)
		fitErr += (m - smooth(x)) * (m - smooth(x))
		if v <= 0 || v >= sd*sd {
			t.Fatalf("variance at training point %d is %.3g, want in (0, %.3g)", i, v, sd*sd)
		}
	}
	if fitErr >= dataErr/2 {
		t.Errorf("squared error of the emulator %.4f, want well below the data's %.4f", fitErr, dataErr)
	}
}

// An input the output ignores gets a long length scale; a relevant one a
// short one (automatic relevance determination).
func TestLengthScalesFindRelevance(t *testing.T) {
	train := design(50, 3, 4)
	g, err := Fit(train, apply(smooth, train), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ell := g.Hyper().LengthScales
	if ell[2] < 5*ell[0] || ell[2] < 5*ell[1] {
		t.Errorf("length scales %.3g: the irrelevant third input should be much longer", ell)
	}
}

// A categorical input shifts the output by level; the emulator learns it.
func TestCategoricalInput(t *testing.T) {
	x := design(60, 2, 5)
	f := func(p []float64) float64 { return math.Sin(3*p[0]) + 2*p[1] }
	for i := range x {
		x[i][1] = float64(i % 3) // three levels
	}
	g, err := Fit(x, apply(f, x), Options{Kinds: []Kind{Continuous, Categorical}})
	if err != nil {
		t.Fatal(err)
	}
	for level := 0.0; level < 3; level++ {
		p := []float64{0.37, level}
		if m, _ := g.Predict(p); math.Abs(m-f(p)) > 0.05 {
			t.Errorf("level %g: predicted %.3f, want %.3f", level, m, f(p))
		}
	}
}

// The analytic gradient of the marginal likelihood matches central finite
// differences, with and without a fitted nugget, for both kinds of input.
func TestGradient(t *testing.T) {
	x := design(25, 3, 6)
	for i := range x {
		x[i][2] = float64(i % 2)
	}
	y := apply(smooth, x)
	noise := make([]float64, len(y))
	for i := range noise {
		noise[i] = 0.01 * float64(1+i%3)
	}
	for _, nugget := range []bool{false, true} {
		t.Run(fmt.Sprint("nugget=", nugget), func(t *testing.T) {
			g := &GP{n: len(x), d: 3, kinds: []Kind{Continuous, Continuous, Categorical}}
			for _, p := range x {
				g.x = append(g.x, p...)
			}
			g.mu, g.scale = meanSD(y)
			ys := make([]float64, len(y))
			for i := range y {
				ys[i] = (y[i] - g.mu) / g.scale
			}
			l := &likelihood{g: g, y: ys, noise: noise, fitNugget: nugget}
			theta := []float64{math.Log(0.4), math.Log(0.7), math.Log(1.3), math.Log(0.9)}
			if nugget {
				theta = append(theta, math.Log(0.02))
			}
			_, grad := l.eval(theta)
			grad = append([]float64(nil), grad...)
			for p := range theta {
				const h = 1e-5
				up := append([]float64(nil), theta...)
				dn := append([]float64(nil), theta...)
				up[p] += h
				dn[p] -= h
				fu, _ := l.eval(up)
				fd, _ := l.eval(dn)
				num := (fu - fd) / (2 * h)
				if math.Abs(num-grad[p]) > 1e-4*math.Max(1, math.Abs(num)) {
					t.Errorf("∂/∂θ_%d: analytic %.6g, numeric %.6g", p, grad[p], num)
				}
			}
		})
	}
}

// A warm start from an earlier fit is at least as good as that fit.
func TestWarmStart(t *testing.T) {
	train := design(40, 2, 1)
	y := apply(smooth, train)
	cold, err := Fit(train, y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := cold.Hyper()
	warm, err := Fit(train, y, Options{Start: &h})
	if err != nil {
		t.Fatal(err)
	}
	if warm.LogLikelihood() < cold.LogLikelihood()-1e-3 {
		t.Errorf("warm start log likelihood %.5f, cold %.5f", warm.LogLikelihood(), cold.LogLikelihood())
	}
}

func TestFitErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		x    [][]float64
		y    []float64
		opt  Options
	}{
		{"one point", [][]float64{{0}}, []float64{1}, Options{}},
		{"length mismatch", [][]float64{{0}, {1}}, []float64{1}, Options{}},
		{"ragged", [][]float64{{0}, {1, 2}}, []float64{1, 2}, Options{}},
		{"no inputs", [][]float64{{}, {}}, []float64{1, 2}, Options{}},
		{"nan input", [][]float64{{0}, {nan}}, []float64{1, 2}, Options{}},
		{"nan output", [][]float64{{0}, {1}}, []float64{1, nan}, Options{}},
		{"negative noise", [][]float64{{0}, {1}}, []float64{1, 2}, Options{Noise: []float64{0, -1}}},
		{"kinds", [][]float64{{0}, {1}}, []float64{1, 2}, Options{Kinds: []Kind{Continuous, Continuous}}},
		{"start", [][]float64{{0}, {1}}, []float64{1, 2}, Options{Start: &Hyper{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Fit(tt.x, tt.y, tt.opt); !errors.Is(err, ErrInput) {
				t.Errorf("error %v, want ErrInput", err)
			}
		})
	}
}

// A constant output fits (standardized to zeros) and predicts the constant.
func TestConstantOutput(t *testing.T) {
	x := design(10, 2, 8)
	y := make([]float64, len(x))
	for i := range y {
		y[i] = 4.2
	}
	g, err := Fit(x, y, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := g.Predict([]float64{0.5, 0.5}); math.Abs(m-4.2) > 1e-9 {
		t.Errorf("predicted %g, want 4.2", m)
	}
}

func BenchmarkFit(b *testing.B) {
	for _, size := range []struct{ n, d, fit int }{{100, 5, 0}, {200, 10, 0}, {300, 15, 0}, {300, 15, 150}, {400, 15, 150}} {
		x := design(size.n, size.d, 9)
		y := make([]float64, size.n)
		noise := make([]float64, size.n)
		for i, p := range x {
			for j, v := range p {
				y[i] += math.Sin(float64(j+1) * v)
			}
			noise[i] = 0.01
		}
		b.Run(fmt.Sprintf("n=%d/d=%d/fit=%d", size.n, size.d, size.fit), func(b *testing.B) {
			for b.Loop() {
				if _, err := Fit(x, y, Options{Noise: noise, MaxFitPoints: size.fit}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPredictBatch(b *testing.B) {
	for _, size := range []struct{ n, d int }{{200, 10}, {300, 15}} {
		x := design(size.n, size.d, 9)
		y := make([]float64, size.n)
		for i, p := range x {
			for j, v := range p {
				y[i] += math.Sin(float64(j+1) * v)
			}
		}
		g, err := Fit(x, y, Options{MaxIterations: 5})
		if err != nil {
			b.Fatal(err)
		}
		cand := design(5000, size.d, 10)
		var p Prediction
		b.Run(fmt.Sprintf("n=%d/d=%d/points=5000", size.n, size.d), func(b *testing.B) {
			for b.Loop() {
				g.PredictBatch(cand, &p)
			}
		})
	}
}
