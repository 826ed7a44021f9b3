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
