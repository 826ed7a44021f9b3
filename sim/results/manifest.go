package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
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
	// Baseline is the index of the scenario this one is paired with (its
	// own for a baseline): in a comparison across a design, the baseline
	// at the same point; 0 (left out) in an ordinary comparison.
	Baseline int `json:"baseline,omitempty"`
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
	// Failed says why a run can never be finished, when it cannot: a
	// summary value that is not finite, which resuming would compute
	// again. Such a directory is not complete, and --resume refuses it
	// (Unfinishable).
	Failed string `json:"failed,omitempty"`
	// Design is how a sweep's points were made: "factorial", "lhs" or
	// "file NAME"; DesignKeys are the keys it varies (see DesignKeys), one
	// column each in runs.csv and summary.csv.
	Design     string   `json:"design,omitempty"`
	DesignKeys []string `json:"design_keys,omitempty"`
	// Objective is the outcome a comparison's decision table is ranked by
	// (a metric name; "" for experiment.DefaultObjective).
	Objective string `json:"objective,omitempty"`
	// Settings are what an experiment of another kind (a calibration, an
	// ensemble comparison) is besides the fields above: its resumption,
	// shards and merge must have the same (SameExperiment).
	Settings json.RawMessage `json:"settings,omitempty"`
	// Merge says the directory is the merge of shards (hourglass merge):
	// it keeps no log, so --resume cannot finish it, and a merge killed
	// before it completed is taken over by the next merge into it.
	Merge bool `json:"merge,omitempty"`
	// Question is the question the experiment asks, in words, when its
	// spec names one (a study's): the report leads with it.
	Question string `json:"question,omitempty"`
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

// ErrUnfinishable is the error of a run that can never be finished (see
// Manifest.Failed): running it again into a new directory, once the input
// is fixed, is the way on; --resume is not.
var ErrUnfinishable = errors.New("the run cannot be finished")

// Unfinishable returns, when m is the manifest of a run that can never be
// finished (m.Failed), an error that says why and what to do (it wraps
// ErrUnfinishable); nil otherwise.
func (m Manifest) Unfinishable(dir string) error {
	if m.Failed == "" {
		return nil
	}
	return unfinishable(dir, errors.New(m.Failed))
}

// unfinishable is the error of a run in dir that cannot be finished because
// of why: it wraps both ErrUnfinishable and why.
func unfinishable(dir string, why error) error {
	return fmt.Errorf("results %s: %w: %w (resuming would compute the same): fix the input and run the experiment again into a new directory", dir, ErrUnfinishable, why)
}

// MaxManifestBytes bounds the manifest ReadManifest reads: a sweep of
// design.MaxPoints points, each scenario with its parameters and its files'
// hashes (about 1 KB), writes one of about 100 MB.
const MaxManifestBytes = 256 << 20

// ReadManifest reads a results directory's manifest. It refuses a manifest
// whose files are not confined to the directory (CheckPath).
//
// It reads only a regular file of at most MaxManifestBytes (a manifest
// received with a directory may be anything).
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := readRegular(filepath.Join(dir, ManifestFile), MaxManifestBytes)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, errorf(dir, "manifest: %v", err)
	}
	for i, f := range m.Files {
		if err := CheckPath(f.Path); err != nil {
			return m, errorf(dir, "manifest: files[%d].path %q: %v: not a manifest hourglass wrote", i, f.Path, err)
		}
	}
	return m, nil
}

// CheckPath reports why path, a file of a manifest, is not a path inside
// the results directory: a manifest's paths are relative, with forward
// slashes, and never go up (..). A path may still leave the directory
// through a symbolic link: Verify opens files so that it cannot.
func CheckPath(path string) error {
	switch {
	case path == "":
		return errors.New("empty path")
	case strings.HasPrefix(path, "/") || filepath.IsAbs(filepath.FromSlash(path)):
		return errors.New("an absolute path (a manifest's paths are relative to its directory)")
	case slices.Contains(strings.Split(path, "/"), ".."):
		return errors.New("a path with a .. element (it would leave the directory)")
	case !filepath.IsLocal(filepath.FromSlash(path)):
		return errors.New("not a path inside the directory")
	}
	return nil
}

// WriteManifest writes m to dir/manifest.json atomically: to a temporary
// file, synced to disk, renamed into place, and the directory synced, so
// that after a power cut the manifest is either the old one or m, whole.
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
	if !sameJSON(a.Settings, b.Settings) {
		return fmt.Errorf("other settings: %s against %s", a.Settings, b.Settings)
	}
	if len(a.Scenarios) != len(b.Scenarios) {
		return fmt.Errorf("%d scenarios against %d", len(a.Scenarios), len(b.Scenarios))
	}
	for i := range a.Scenarios {
		x, y := a.Scenarios[i], b.Scenarios[i]
		if x.Name != y.Name || x.Override != y.Override || fmt.Sprint(x.Params) != fmt.Sprint(y.Params) || x.Baseline != y.Baseline {
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

// sameJSON reports whether two JSON texts are the same but for spacing
// (a manifest's settings come back indented).
func sameJSON(a, b json.RawMessage) bool {
	var ca, cb bytes.Buffer
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
