package history

import "math"

// Source is the random source candidates are drawn from; the caller
// constructs it (in hourglass, sim.NewRNG with sim.StreamDesign).
type Source interface {
	Float64() float64
}

// Region is a box in prior-probability units: [Lo_j, Hi_j] per input
// (switches are always drawn over all their alternatives).
type Region struct {
	Lo, Hi []float64
}

// wholeRegion is the whole prior box of d inputs.
func wholeRegion(d int) Region {
	r := Region{Lo: make([]float64, d), Hi: make([]float64, d)}
	for j := range r.Hi {
		r.Hi[j] = 1
	}
	return r
}

// Volume returns the region's prior probability, Π_j (Hi_j − Lo_j).
func (r Region) Volume() float64 {
	v := 1.0
	for j := range r.Lo {
		v *= r.Hi[j] - r.Lo[j]
	}
	return v
}

// boundingRegion returns the bounding box of the first d coordinates of
// the k points, each side widened by the larger of margin times the box's
// width (at least margin/10 of the prior's range) and width/(k − 1) (the
// expected gap between the last of k uniform points and the end of the
// interval they fill), and clipped to [0, 1]; the whole box if there are no
// points.
func boundingRegion(points [][]float64, d int, margin float64) Region {
	if len(points) == 0 {
		return wholeRegion(d)
	}
	r := Region{Lo: make([]float64, d), Hi: make([]float64, d)}
	for j := 0; j < d; j++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range points {
			lo, hi = math.Min(lo, p[j]), math.Max(hi, p[j])
		}
		w := margin * math.Max(hi-lo, 0.1)
		if k := len(points); k > 1 {
			w = math.Max(w, (hi-lo)/float64(k-1))
		}
		r.Lo[j], r.Hi[j] = math.Max(0, lo-w), math.Min(1, hi+w)
	}
	return r
}

// edgeShare is how near a side of the region (as a share of its width) a
// survivor must come for the region to grow on that side.
const edgeShare = 0.02

// widen grows the region by half its width on every side that some
// survivor comes within edgeShare of (the NROY space likely goes on past
// it), clipped to [0, 1]. It reports whether any side moved.
func (r Region) widen(survivors [][]float64) bool {
	moved := false
	for j := range r.Lo {
		w := r.Hi[j] - r.Lo[j]
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range survivors {
			lo, hi = math.Min(lo, p[j]), math.Max(hi, p[j])
		}
		if r.Lo[j] > 0 && lo < r.Lo[j]+edgeShare*w {
			r.Lo[j], moved = math.Max(0, r.Lo[j]-w/2), true
		}
		if r.Hi[j] < 1 && hi > r.Hi[j]-edgeShare*w {
			r.Hi[j], moved = math.Min(1, r.Hi[j]+w/2), true
		}
	}
	return moved
}

// latinHypercube returns n points over the region's d inputs and s switch
// dimensions (each over [0, 1)): every dimension's range is cut into n
// strata with one point in each. For dimension j, π_j a uniformly random
// permutation of 0 … n−1 (Fisher–Yates) and v_ij uniform on [0, 1):
//
//	u_ij = Lo_j + (π_j(i) + v_ij)/n · (Hi_j − Lo_j)
//
// Dimensions are drawn in order, each its permutation then its n uniforms.
// The points come in random order, so any prefix is a random subset.
func latinHypercube(r Region, s, n int, src Source) [][]float64 {
	d := len(r.Lo)
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = make([]float64, d+s)
	}
	perm := make([]int, n)
	for j := 0; j < d+s; j++ {
		lo, hi := 0.0, 1.0
		if j < d {
			lo, hi = r.Lo[j], r.Hi[j]
		}
		for i := range perm {
			perm[i] = i
		}
		for i := n - 1; i > 0; i-- {
			k := min(i, int(src.Float64()*float64(i+1)))
			perm[i], perm[k] = perm[k], perm[i]
		}
		for i, p := range pts {
			p[j] = lo + (float64(perm[i])+src.Float64())/float64(n)*(hi-lo)
		}
	}
	return pts
}
