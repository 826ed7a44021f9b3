// Package gp fits Gaussian-process emulators: cheap stand-ins for a
// stochastic simulator, fitted to a few hundred runs, that predict the
// simulator's mean output at an untried input with a variance saying how
// sure the prediction is (Rasmussen & Williams 2006, ch. 2 and 5; as used for
// history matching by Vernon, Goldstein & Bower 2010 and Andrianakis et al.
// 2015). The package is pure: it takes slices and returns numbers.
//
// The prior is a zero-mean process over the standardized output
// (y − ȳ)/s_y with a squared-exponential kernel with one length scale per
// input (automatic relevance determination):
//
//	k(x, x') = σ² · exp(−½ Σ_d δ_d(x, x') / ℓ_d²)
//	δ_d = (x_d − x'_d)²          for a continuous input
//	δ_d = [x_d ≠ x'_d]           for a categorical input (codes compared)
//
// Training point i carries a known noise variance n_i (the variance of a
// replication mean, the "nugget for the stochastic variance") and, if asked,
// a common fitted nugget τ²:
//
//	K = k(X, X) + diag(n_i / s_y²) + (τ² + ε) I
//
// with ε a jitter of 1e-8·σ² (raised tenfold until the Cholesky
// factorization succeeds). The hyperparameters θ = (log ℓ_d, log σ²,
// log τ²) maximize the log marginal likelihood
//
//	L(θ) = −½ yᵀK⁻¹y − ½ log|K| − (n/2) log 2π
//
// by BFGS (gonum/optimize) with its analytic gradient
//
//	∂L/∂θ_p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_p),  α = K⁻¹y
//	∂K_ij/∂log ℓ_d = k_ij δ_d,ij / ℓ_d²,   ∂K/∂log σ² = k,   ∂K/∂log τ² = τ² I
//
// and a soft quadratic penalty that keeps each log hyperparameter inside a
// plausible box (ℓ in [0.01, 100] for inputs scaled to about [0, 1]). The
// prediction at x* (of the simulator's mean, without the noise) is
//
//	m(x*) = ȳ + s_y · k*ᵀα
//	v(x*) = s_y² · (σ² − k*ᵀK⁻¹k*)
//
// so v is near zero at a noise-free training point and near s_y²σ² far
// from the data.
package gp

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/optimize"
)

// Kind says how an input enters the kernel.
type Kind uint8

// The kinds of input.
const (
	Continuous  Kind = iota // distance (x − x')²; scale inputs to about [0, 1]
	Categorical             // distance 1 if the codes differ, else 0
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Continuous:
		return "continuous"
	case Categorical:
		return "categorical"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Hyper holds a fitted emulator's hyperparameters in the output's units.
type Hyper struct {
	LengthScales []float64 // ℓ_d, one per input, in the input's units
	Signal       float64   // σ² · s_y², the prior variance of the output
	Nugget       float64   // τ² · s_y², the fitted common nugget (0 unless Options.FitNugget)
}

// Options tunes a fit. The zero value fits a noise-free emulator over
// continuous inputs.
type Options struct {
	Kinds     []Kind    // one per input; nil means all Continuous
	Noise     []float64 // known noise variance of each y_i (e.g. a replication mean's); nil means none
	FitNugget bool      // also fit a common nugget τ² (white noise the known noise misses)
	// Start is where the optimizer starts (a warm start from an earlier
	// fit); nil starts from ℓ_d = 0.5 and from ℓ_d = 0.15 and keeps the
	// better fit.
	Start *Hyper
	// MaxIterations bounds the optimizer's major iterations per start
	// (default 100).
	MaxIterations int
	// MaxFitPoints, if positive and below the number of points, fits the
	// hyperparameters to that many points only (every k-th, in order), then
	// conditions the emulator on all of them: the fit costs O(m³) per
	// likelihood evaluation, the conditioning O(n³) once.
	MaxFitPoints int
}

// GP is a fitted emulator. Its methods are safe for concurrent use.
type GP struct {
	n, d   int
	x      []float64 // training inputs, row-major n×d
	kinds  []Kind
	ell    []float64 // length scales
	sig2   float64   // σ², standardized
	tau2   float64   // τ², standardized
	jitter float64   // ε actually used
	mu     float64   // ȳ
	scale  float64   // s_y
	alpha  []float64
	u      blas64.Triangular // upper Cholesky factor: K = UᵀU
	logLik float64
}

// ErrInput reports data that cannot be fitted; the message says which and why.
var ErrInput = errors.New("gp: bad input")

// hyperparameter boxes (log space) for the soft penalty
var (
	logEllMin, logEllMax   = math.Log(0.01), math.Log(100)
	logSigMin, logSigMax   = math.Log(1e-4), math.Log(1e2)
	logTauMin, logTauMax   = math.Log(1e-8), math.Log(1)
	penaltyWeight          = 100.0
	defaultStarts          = []float64{0.5, 0.15}
	defaultNugget          = 1e-4
	jitterRel, jitterLimit = 1e-8, 1e-2
)

// Fit fits an emulator to n training points x (each of d inputs) with
// outputs y, maximizing the marginal likelihood (see the package doc).
func Fit(x [][]float64, y []float64, opt Options) (*GP, error) {
	n := len(x)
	if n < 2 {
		return nil, fmt.Errorf("%w: %d training points (want at least 2)", ErrInput, n)
	}
	if len(y) != n {
		return nil, fmt.Errorf("%w: %d inputs but %d outputs", ErrInput, n, len(y))
	}
	d := len(x[0])
	if d == 0 {
		return nil, fmt.Errorf("%w: points have no inputs", ErrInput)
	}
	if opt.Kinds != nil && len(opt.Kinds) != d {
		return nil, fmt.Errorf("%w: %d kinds for %d inputs", ErrInput, len(opt.Kinds), d)
	}
	if opt.Noise != nil && len(opt.Noise) != n {
		return nil, fmt.Errorf("%w: %d noise variances for %d points", ErrInput, len(opt.Noise), n)
	}
	if opt.Start != nil && len(opt.Start.LengthScales) != d {
		return nil, fmt.Errorf("%w: start has %d length scales for %d inputs", ErrInput, len(opt.Start.LengthScales), d)
	}
	g := &GP{n: n, d: d, x: make([]float64, n*d), kinds: make([]Kind, d)}
	if opt.Kinds != nil {
		copy(g.kinds, opt.Kinds)
	}
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("%w: point %d has %d inputs (want %d)", ErrInput, i, len(row), d)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: point %d input %d is %g", ErrInput, i, j, v)
			}
		}
		copy(g.x[i*d:], row)
		if !isFinite(y[i]) {
			return nil, fmt.Errorf("%w: output %d is %g", ErrInput, i, y[i])
		}
		if opt.Noise != nil && (!isFinite(opt.Noise[i]) || opt.Noise[i] < 0) {
			return nil, fmt.Errorf("%w: noise variance %d is %g (want finite and ≥ 0)", ErrInput, i, opt.Noise[i])
		}
	}
	g.mu, g.scale = meanSD(y)
	ys := make([]float64, n)
	for i, v := range y {
		ys[i] = (v - g.mu) / g.scale
	}
	noise := make([]float64, n)
	if opt.Noise != nil {
		for i, v := range opt.Noise {
			noise[i] = v / (g.scale * g.scale)
		}
	}
	full := &likelihood{g: g, y: ys, noise: noise, fitNugget: opt.FitNugget}
	l := full
	if m := opt.MaxFitPoints; m > 1 && m < n {
		l = full.subsample(m)
	}
	iters := opt.MaxIterations
	if iters <= 0 {
		iters = 100
	}
	var starts [][]float64
	if opt.Start != nil {
		starts = append(starts, l.theta(opt.Start, g.scale))
	} else {
		for _, ell := range defaultStarts {
			h := &Hyper{LengthScales: make([]float64, d), Signal: g.scale * g.scale, Nugget: defaultNugget * g.scale * g.scale}
			for j := range h.LengthScales {
				h.LengthScales[j] = ell
				if g.kinds[j] == Categorical {
					h.LengthScales[j] = 1
				}
			}
			starts = append(starts, l.theta(h, g.scale))
		}
	}
	best, bestF := []float64(nil), math.Inf(1)
	for _, start := range starts {
		theta, f := l.maximize(start, iters)
		if f < bestF {
			best, bestF = theta, f
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%w: the covariance matrix is not positive definite at any hyperparameters tried", ErrInput)
	}
	if !full.factor(best, false) {
		return nil, fmt.Errorf("%w: the covariance matrix is not positive definite at the fitted hyperparameters", ErrInput)
	}
	return g, nil
}

// Hyper returns the fitted hyperparameters in the output's units.
func (g *GP) Hyper() Hyper {
	s2 := g.scale * g.scale
	return Hyper{LengthScales: append([]float64(nil), g.ell...), Signal: g.sig2 * s2, Nugget: g.tau2 * s2}
}

// LogLikelihood returns the log marginal likelihood L(θ) of the standardized
// outputs at the fitted hyperparameters.
func (g *GP) LogLikelihood() float64 { return g.logLik }

// Len returns the number of training points.
func (g *GP) Len() int { return g.n }

// Predict returns the emulator's mean m(x) and variance v(x) at one point
// (see the package doc).
func (g *GP) Predict(x []float64) (mean, variance float64) {
	var p Prediction
	g.PredictBatch([][]float64{x}, &p)
	return p.Mean[0], p.Var[0]
}

// Prediction holds a batch's predictions, one entry per point.
type Prediction struct {
	Mean []float64
	Var  []float64
	// Nearest is the training point most correlated with each point (the
	// largest k(x, x_i)): where a caller needs a training point's
	// attribute at an untried point, such as its replication variance.
	Nearest []int
}

// predictChunk bounds the columns of k(X, x*) solved at once.
const predictChunk = 256

// PredictBatch predicts at every point of xs into p, resizing its slices.
// The variances cost one triangular solve per chunk of points (BLAS Dtrsm),
// O(n²) per point; the means O(n·d).
func (g *GP) PredictBatch(xs [][]float64, p *Prediction) { g.predict(xs, p, true) }

// PredictMean is PredictBatch without the variances (p.Var is set to nil):
// O(n·d) per point. Since v(x) ≤ Hyper().Signal, the mean alone bounds how
// far the prediction can be from a value.
func (g *GP) PredictMean(xs [][]float64, p *Prediction) { g.predict(xs, p, false) }

func (g *GP) predict(xs [][]float64, p *Prediction, withVar bool) {
	m := len(xs)
	p.Mean = resize(p.Mean, m)
	if withVar {
		p.Var = resize(p.Var, m)
	} else {
		p.Var = nil
	}
	if cap(p.Nearest) < m {
		p.Nearest = make([]int, m)
	}
	p.Nearest = p.Nearest[:m]
	inv := make([]float64, g.d)
	for j, l := range g.ell {
		inv[j] = 0.5 / (l * l)
	}
	buf := make([]float64, g.n*min(m, predictChunk))
	for lo := 0; lo < m; lo += predictChunk {
		hi := min(m, lo+predictChunk)
		c := hi - lo
		b := blas64.General{Rows: g.n, Cols: c, Stride: c, Data: buf[:g.n*c]}
		for k := lo; k < hi; k++ {
			x := xs[k]
			mean, best, bestK := 0.0, 0, -1.0
			for i := 0; i < g.n; i++ {
				kv := g.sig2 * math.Exp(-g.dist(g.x[i*g.d:(i+1)*g.d], x, inv))
				b.Data[i*c+k-lo] = kv
				mean += kv * g.alpha[i]
				if kv > bestK {
					best, bestK = i, kv
				}
			}
			p.Mean[k] = g.mu + g.scale*mean
			p.Nearest[k] = best
		}
		if !withVar {
			continue
		}
		blas64.Trsm(blas.Left, blas.Trans, 1, g.u, b)
		for k := lo; k < hi; k++ {
			q := 0.0
			for i := 0; i < g.n; i++ {
				v := b.Data[i*c+k-lo]
				q += v * v
			}
			p.Var[k] = g.scale * g.scale * math.Max(0, g.sig2-q)
		}
	}
}

// dist returns ½ Σ_d δ_d(a, b)/ℓ_d², with inv[d] = 1/(2ℓ_d²).
func (g *GP) dist(a, b, inv []float64) float64 {
	s := 0.0
	for j, w := range inv {
		if g.kinds[j] == Categorical {
			if a[j] != b[j] {
				s += w
			}
			continue
		}
		t := a[j] - b[j]
		s += w * t * t
	}
	return s
}

// likelihood evaluates L(θ) and its gradient for one data set, caching the
// last evaluation (gonum calls Func and Grad at the same θ).
type likelihood struct {
	g         *GP
	y, noise  []float64
	fitNugget bool

	kse   []float64 // σ²·exp(...) without the diagonal terms, upper triangle, row-major n×n
	k     []float64 // K, then its Cholesky factor, then K⁻¹
	last  []float64
	lastF float64
	lastG []float64
}

// subsample returns the likelihood of every k-th point, m points in all,
// over a GP that shares the full one's kinds and standardization.
func (l *likelihood) subsample(m int) *likelihood {
	g := l.g
	sub := &GP{n: m, d: g.d, kinds: g.kinds, mu: g.mu, scale: g.scale, x: make([]float64, 0, m*g.d)}
	s := &likelihood{g: sub, fitNugget: l.fitNugget, y: make([]float64, m), noise: make([]float64, m)}
	for k := 0; k < m; k++ {
		i := k * g.n / m
		sub.x = append(sub.x, g.x[i*g.d:(i+1)*g.d]...)
		s.y[k], s.noise[k] = l.y[i], l.noise[i]
	}
	return s
}

// theta maps hyperparameters in output units to the optimizer's vector.
func (l *likelihood) theta(h *Hyper, scale float64) []float64 {
	d := l.g.d
	t := make([]float64, l.dim())
	for j := 0; j < d; j++ {
		t[j] = math.Log(math.Max(h.LengthScales[j], 1e-12))
	}
	s2 := scale * scale
	t[d] = math.Log(math.Max(h.Signal/s2, 1e-12))
	if l.fitNugget {
		t[d+1] = math.Log(math.Max(h.Nugget/s2, math.Exp(logTauMin)))
	}
	return t
}

func (l *likelihood) dim() int {
	if l.fitNugget {
		return l.g.d + 2
	}
	return l.g.d + 1
}

// maximize runs BFGS from start and returns the best θ and its objective
// (−L + penalty); nil if the objective was never finite.
func (l *likelihood) maximize(start []float64, iters int) ([]float64, float64) {
	prob := optimize.Problem{
		Func: func(t []float64) float64 { f, _ := l.eval(t); return f },
		Grad: func(grad, t []float64) { _, g := l.eval(t); copy(grad, g) },
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-3,
		MajorIterations:   iters,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-3, Iterations: 3},
	}
	// A failed line search still leaves the best point found in res.
	res, _ := optimize.Minimize(prob, start, settings, &optimize.BFGS{})
	theta, f := []float64(nil), math.Inf(1)
	if f0, _ := l.eval(start); f0 < 1e300 {
		theta, f = append([]float64(nil), start...), f0
	}
	if res != nil && res.F < f {
		theta, f = append([]float64(nil), res.X...), res.F
	}
	return theta, f
}

// eval returns the objective −L(θ) + penalty(θ) and its gradient.
func (l *likelihood) eval(t []float64) (float64, []float64) {
	if l.last != nil && equal(l.last, t) {
		return l.lastF, l.lastG
	}
	grad := make([]float64, len(t))
	f := 1e300 // K not positive definite: a wall the line search backs off from
	if l.factor(t, true) {
		f = -l.g.logLik
		l.gradient(grad)
		for i := range grad {
			grad[i] = -grad[i]
		}
	}
	d := l.g.d
	for j := 0; j < d; j++ {
		lo := logEllMin
		if l.g.kinds[j] == Categorical {
			lo = math.Log(0.1)
		}
		f += penalty(t[j], lo, logEllMax, &grad[j])
	}
	f += penalty(t[d], logSigMin, logSigMax, &grad[d])
	if l.fitNugget {
		f += penalty(t[d+1], logTauMin, logTauMax, &grad[d+1])
	}
	l.last, l.lastF, l.lastG = append(l.last[:0], t...), f, grad
	return f, grad
}

// penalty is ½·w·(excess)² outside [lo, hi], adding its derivative to *g.
func penalty(v, lo, hi float64, g *float64) float64 {
	switch {
	case v < lo:
		*g += penaltyWeight * (v - lo)
		return 0.5 * penaltyWeight * (v - lo) * (v - lo)
	case v > hi:
		*g += penaltyWeight * (v - hi)
		return 0.5 * penaltyWeight * (v - hi) * (v - hi)
	}
	return 0
}

// factor sets the GP's hyperparameters to θ, builds K, factorizes it
// (raising the jitter as needed), and computes α and L. With inverse it
// also leaves K⁻¹ in l.k for the gradient. It reports false if K is not
// positive definite even with the largest jitter.
func (l *likelihood) factor(t []float64, inverse bool) bool {
	g := l.g
	n, d := g.n, g.d
	g.ell = resize(g.ell, d)
	inv := make([]float64, d)
	for j := 0; j < d; j++ {
		g.ell[j] = math.Exp(t[j])
		inv[j] = 0.5 / (g.ell[j] * g.ell[j])
	}
	g.sig2 = math.Exp(t[d])
	g.tau2 = 0
	if l.fitNugget {
		g.tau2 = math.Exp(t[d+1])
	}
	l.kse = resize(l.kse, n*n)
	for i := 0; i < n; i++ {
		xi := g.x[i*d : (i+1)*d]
		l.kse[i*n+i] = g.sig2
		for j := i + 1; j < n; j++ {
			l.kse[i*n+j] = g.sig2 * math.Exp(-g.dist(xi, g.x[j*d:(j+1)*d], inv))
		}
	}
	l.k = resize(l.k, n*n)
	for jitter := jitterRel * g.sig2; jitter <= jitterLimit*g.sig2; jitter *= 10 {
		for i := 0; i < n; i++ {
			copy(l.k[i*n+i:(i+1)*n], l.kse[i*n+i:(i+1)*n])
			l.k[i*n+i] += l.noise[i] + g.tau2 + jitter
		}
		u, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: l.k})
		if !ok {
			continue
		}
		g.jitter = jitter
		g.alpha = resize(g.alpha, n)
		copy(g.alpha, l.y)
		lapack64.Potrs(u, blas64.General{Rows: n, Cols: 1, Stride: 1, Data: g.alpha})
		quad, logDet := 0.0, 0.0
		for i := 0; i < n; i++ {
			quad += l.y[i] * g.alpha[i]
			logDet += math.Log(u.Data[i*n+i])
		}
		g.logLik = -0.5*quad - logDet - 0.5*float64(n)*math.Log(2*math.Pi)
		if inverse {
			if _, ok := lapack64.Potri(u); !ok {
				return false
			}
			return true
		}
		g.u = blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: n, Stride: n, Data: append([]float64(nil), l.k...)}
		return true
	}
	return false
}

// gradient writes ∂L/∂θ (see the package doc) from the K⁻¹ that factor left
// in l.k, summing over the upper triangle (off-diagonal terms twice).
func (l *likelihood) gradient(grad []float64) {
	g := l.g
	n, d := g.n, g.d
	for i := range grad {
		grad[i] = 0
	}
	inv2 := make([]float64, d)
	for j, e := range g.ell {
		inv2[j] = 1 / (e * e)
	}
	diagW := 0.0
	for i := 0; i < n; i++ {
		xi := g.x[i*d : (i+1)*d]
		ai := g.alpha[i]
		wii := ai*ai - l.k[i*n+i]
		diagW += wii
		grad[d] += wii * l.kse[i*n+i]
		for j := i + 1; j < n; j++ {
			w := 2 * (ai*g.alpha[j] - l.k[i*n+j]) * l.kse[i*n+j]
			grad[d] += w
			xj := g.x[j*d : (j+1)*d]
			for p := 0; p < d; p++ {
				var delta float64
				if g.kinds[p] == Categorical {
					if xi[p] != xj[p] {
						delta = 1
					}
				} else {
					t := xi[p] - xj[p]
					delta = t * t
				}
				grad[p] += w * delta * inv2[p]
			}
		}
	}
	for p := 0; p <= d; p++ {
		grad[p] *= 0.5
	}
	if l.fitNugget {
		grad[d+1] = 0.5 * g.tau2 * diagW
	}
}

// meanSD returns the mean and standard deviation of y (the deviation is 1
// when y is constant, so a constant output standardizes to zeros).
func meanSD(y []float64) (mean, sd float64) {
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	for _, v := range y {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / float64(len(y)))
	if sd == 0 || !isFinite(sd) {
		sd = 1
	}
	return mean, sd
}

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
