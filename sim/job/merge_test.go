package job

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hourglass/sim/experiment"
	"hourglass/sim/results"
)

// shards runs the two shards of a tiny run into tmp/shard-0 and shard-1.
func shards(t *testing.T, tmp string) []string {
	t.Helper()
	var dirs []string
	for i := range 2 {
		dir := filepath.Join(tmp, "shard-"+string(rune('0'+i)))
		j, err := Prepare(Spec{Kind: Run, Scenarios: []string{"../testdata/tiny.toml"}, N: 4, Seed: 1, Workers: 1, Out: dir, Shard: shardOf(i, 2)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := j.Run(context.Background(), Options{NoFigures: true}); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// TestKilledMergeIsRecoverable: a merge killed part way (a crash at each
// of its file operations in turn) leaves a directory that a second merge
// into it finishes, with the same files as a merge never killed, and that
// --resume refuses with what to do. Before, the second merge refused the
// directory ("holds files of another run") and --resume could not finish
// it either (no log).
func TestKilledMergeIsRecoverable(t *testing.T) {
	tmp := t.TempDir()
	dirs := shards(t, tmp)
	merge := func(out string) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(results.Crash); !ok {
					panic(r)
				}
				err = errors.New("killed")
			}
		}()
		_, err = Merge(context.Background(), dirs, out, Options{NoFigures: true})
		return err
	}
	clean := filepath.Join(tmp, "clean")
	if err := merge(clean); err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{1, 2, 4, 7} {
		out := filepath.Join(tmp, "killed-"+string(rune('0'+at)))
		results.ArmFault("crash:" + string(rune('0'+at)))
		err := merge(out)
		results.ArmFault("")
		if err == nil {
			continue // it had fewer operations
		}
		if _, err := os.Stat(filepath.Join(out, results.ManifestFile)); err == nil {
			spec := Spec{Kind: Run, Scenarios: []string{"../testdata/tiny.toml"}, N: 4, Seed: 1, Workers: 1, Out: out, Resume: true}
			if j, err := Prepare(spec); err == nil {
				if _, err := j.Run(context.Background(), Options{NoFigures: true}); err == nil || !strings.Contains(err.Error(), "merge the shards into it again") {
					t.Errorf("crash at %d: --resume of the merge: %v", at, err)
				}
			}
		}
		if err := merge(out); err != nil {
			t.Fatalf("crash at %d: merging again: %v", at, err)
		}
		for _, f := range []string{results.RunsFile, results.SummaryCSVFile, results.SummaryJSONFile} {
			a, _ := os.ReadFile(filepath.Join(clean, f))
			b, _ := os.ReadFile(filepath.Join(out, f))
			if !bytes.Equal(a, b) || len(a) == 0 {
				t.Errorf("crash at %d: %s differs from a merge never killed", at, f)
			}
		}
	}
	// a complete merge is not taken over
	if err := merge(clean); err == nil || !strings.Contains(err.Error(), "holds files of another run") {
		t.Errorf("merging into a complete merge: %v", err)
	}
}

// TestMergeReadsLogsStrictly: a shard's log with bytes after its last
// record (here zeros, re-sealed into its manifest so that its hashes
// match) is an error naming the log and the offset, not a quiet end.
func TestMergeReadsLogsStrictly(t *testing.T) {
	tmp := t.TempDir()
	dirs := shards(t, tmp)
	log := filepath.Join(dirs[1], results.LogFile)
	f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(make([]byte, 64))
	f.Close()
	m, _ := results.ReadManifest(dirs[1])
	if err := results.Commit(dirs[1], m); err != nil {
		t.Fatal(err)
	}
	_, err = Merge(context.Background(), dirs, filepath.Join(tmp, "merged"), Options{NoFigures: true})
	var le *results.LogError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), log) {
		t.Errorf("merge of a shard with a damaged log: %v, want a *results.LogError naming %s", err, log)
	}
}

func shardOf(i, n int) experiment.Shard { return experiment.Shard{Index: i, Count: n} }
