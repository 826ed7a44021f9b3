package history

import (
	"fmt"
	"math"
	"testing"

	"hourglass/sim/gp"
)

// benchCalibration builds the state of a calibration after n runs of d
// inputs and T targets (smooth outputs with noise), as a later wave finds it.
func benchCalibration(n, d, T int) *calibration {
	p := Problem{Inputs: make([]Input, d)}
	for j := range p.Inputs {
		p.Inputs[j] = Input{Name: fmt.Sprint("x", j), Prior: Uniform{0, 1}}
	}
	f := func(t int, u []float64) float64 {
		y := 0.0
		for j, v := range u {
			y += math.Sin(float64(1+(j+t)%4)*v) / float64(1+j)
		}
		return y
	}
	for t := 0; t < T; t++ {
		p.Targets = append(p.Targets, Target{Name: fmt.Sprint("y", t), Observed: f(t, make([]float64, d)) + 0.5, ObsVar: 0.01})
	}
	cfg, _ := Config{Workers: 2}.withDefaults(p)
	c := &calibration{p: p, cfg: cfg, src: design(1), hyper: make([]*gp.Hyper, T)}
	rng := design(2)
	for i, u := range latinHypercube(wholeRegion(d), 0, n, design(3)) {
		out := Output{Mean: make([]float64, T), Var: make([]float64, T)}
		for t := range out.Mean {
			out.Mean[t] = f(t, u) + 0.01*rng.Float64()
			out.Var[t] = 1e-4
		}
		c.runs = append(c.runs, Run{Index: i, Unit: u, Output: out})
	}
	return c
}

// BenchmarkEmulators times a later wave's emulator work at the sizes a
// calibration of the model meets: fitting one emulator per target (two
// workers), and screening 5,000 candidates with them.
func BenchmarkEmulators(b *testing.B) {
	for _, size := range []struct{ n, d, T int }{{200, 5, 10}, {300, 10, 15}, {400, 15, 20}} {
		c := benchCalibration(size.n, size.d, size.T)
		name := fmt.Sprintf("runs=%d/inputs=%d/targets=%d", size.n, size.d, size.T)
		var emus []*emulator
		b.Run("fit/"+name, func(b *testing.B) {
			for b.Loop() {
				c.hyper = make([]*gp.Hyper, size.T) // cold start, as the first emulated wave
				var err error
				if emus, err = c.fit(); err != nil {
					b.Fatal(err)
				}
			}
		})
		cand := latinHypercube(wholeRegion(size.d), 0, 5000, design(4))
		b.Run("screen5000/"+name, func(b *testing.B) {
			for b.Loop() {
				var s screen
				c.screen(emus, cand, &s)
			}
		})
	}
}
