package job_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"hourglass/sim/job"
)

// A comparison as a value: the baseline against a post at Sosnovka, four
// paired replications, into a new results directory (without the
// report's figures, which take longest to draw).
func Example() {
	tmp, err := os.MkdirTemp("", "hourglass-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	spec := job.Spec{Kind: job.Compare, Scenarios: []string{"baseline", "sary-tash-post"}, N: 4, Seed: 1, Out: filepath.Join(tmp, "res")}
	j, err := job.Prepare(spec)
	if err != nil {
		log.Fatal(err)
	}
	res, err := j.Run(context.Background(), job.Options{NoFigures: true})
	if err != nil {
		log.Fatal(err)
	}
	m := res.Manifest
	fmt.Println(m.Kind, m.Completed, m.Complete, res.Summary.Scenarios[1].Name)
	// Output: compare 4 true sary-tash-post
}

// What a budget buys, as a value: two of three new posts in the toy world
// of the tests (two roads, one post on each is best), within USD 200,000 a
// year, by Kim and Nelson's procedure with common random numbers.
func ExampleRunOptimise() {
	tmp, err := os.MkdirTemp("", "hourglass-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	spec := job.Spec{Kind: job.Optimise, N: 20, Seed: 1, Objective: "opiates_seized_kg", Out: filepath.Join(tmp, "res"),
		Optimise: &job.OptimiseSpec{Candidates: "testdata/toy/posts.toml", Budget: job.Budget{USD: 200_000}}}
	res, err := job.RunOptimise(context.Background(), spec, job.Options{NoFigures: true})
	if err != nil {
		log.Fatal(err)
	}
	o := res.Optimisation
	fmt.Println(o.Method, o.Procedure, o.Best.Label(), o.Interactions[0].Kind)
	// Output: exhaustive KN checkpoint@a1 + checkpoint@b1 super-additive
}
