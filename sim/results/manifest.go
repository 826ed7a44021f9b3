package results

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Scenario is one scenario of an experiment as the manifest records it.
type Scenario struct {
	Name          string     `json:"name"`
	Arg           string     `json:"arg"`                // as named on the command line
	Override      string     `json:"override,omitempty"` // sweep step: path=value
	Files         []FileHash `json:"files"`
	AnnualCostUSD float64    `json:"annual_cost_usd"` // interventions: annual cost plus capital over its lifetime
	RunCostUSD    float64    `json:"run_cost_usd"`    // interventions over the run, discounted to its start
	// Params is a sweep point: the value of each design key (design.go).
	Params []ParamValue `json:"params,omitempty"`
}

// FileHash is a scenario file and its SHA-256.
type FileHash struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Manifest says what produced a results directory and whether it is complete.
type Manifest struct {
	Program      string     `json:"program"`
	Version      string     `json:"version"`
	Commit       string     `json:"commit"`
	Command      []string   `json:"command"`
	Kind         string     `json:"kind"` // run, compare or sweep; study or sensitivity (no log, not resumable)
	Seed         uint64     `json:"seed"`
	Replications int        `json:"replications"`    // per scenario, in the whole experiment
	Shard        string     `json:"shard,omitempty"` // "I/N" when this directory holds one shard
	First        int        `json:"first_replication"`
	End          int        `json:"end_replication"` // one past the last replication this directory is for
	Workers      int        `json:"workers"`
	Precision    float64    `json:"precision,omitempty"`
	PerRep       bool       `json:"per_replication_tables,omitempty"`
	StoppedBy    string     `json:"stopped_by,omitempty"`
	Scenarios    []Scenario `json:"scenarios"`
	Started      time.Time  `json:"started"`
	Finished     time.Time  `json:"finished"`
	Completed    int        `json:"completed_replications"` // per scenario
	Complete     bool       `json:"complete"`
	// Design is how a sweep's points were made: "factorial", "lhs" or
	// "file NAME"; DesignKeys are the keys it varies (see DesignKeys), one
	// column each in runs.csv and summary.csv.
	Design     string   `json:"design,omitempty"`
	DesignKeys []string `json:"design_keys,omitempty"`
	// Objective is the outcome a comparison's decision table is ranked by
	// (a metric name; "" for experiment.DefaultObjective).
	Objective string `json:"objective,omitempty"`
	// Files are every file of a complete directory but the manifest itself
	// (and the lock file), with their lengths and SHA-256: the manifest is
	// written last, and a directory is only as complete as Verify finds it.
	Files []DataFile `json:"files,omitempty"`
}

// DataFile is a file of a results directory, its path relative to the
// directory (with forward slashes), its length and its SHA-256.
type DataFile struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ReadManifest reads a results directory's manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, errorf(dir, "manifest: %v", err)
	}
	return m, nil
}

// WriteManifest writes m to dir/manifest.json atomically, synced to disk.
func WriteManifest(dir string, m Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, ManifestFile), append(data, '\n'), true)
}

// SameExperiment reports, as an error naming the first difference, whether
// two manifests describe the same experiment: scenarios (names, settings,
// files and their SHA-256), seed and replications. Shards of one experiment,
// and a run and its resumption, must be the same experiment.
func SameExperiment(a, b Manifest) error {
	if a.Kind != b.Kind {
		return fmt.Errorf("a %s against a %s", a.Kind, b.Kind)
	}
	if a.Seed != b.Seed || a.Replications != b.Replications {
		return fmt.Errorf("--seed %d -n %d against --seed %d -n %d", a.Seed, a.Replications, b.Seed, b.Replications)
	}
	if a.Precision != b.Precision {
		return fmt.Errorf("--precision %g against --precision %g", a.Precision, b.Precision)
	}
	if len(a.Scenarios) != len(b.Scenarios) {
		return fmt.Errorf("%d scenarios against %d", len(a.Scenarios), len(b.Scenarios))
	}
	for i := range a.Scenarios {
		x, y := a.Scenarios[i], b.Scenarios[i]
		if x.Name != y.Name || x.Override != y.Override || fmt.Sprint(x.Params) != fmt.Sprint(y.Params) {
			return fmt.Errorf("scenario %d is %s against %s (or its design values differ)", i, x.Name, y.Name)
		}
		if fmt.Sprint(x.Files) != fmt.Sprint(y.Files) {
			return fmt.Errorf("scenario %s changed (its files or their SHA-256 differ)", x.Name)
		}
	}
	return nil
}

// errorf formats a results error.
func errorf(dir, format string, args ...any) error {
	return fmt.Errorf("results %s: %s", dir, fmt.Sprintf(format, args...))
}
