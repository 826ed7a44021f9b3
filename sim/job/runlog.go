package job

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"hourglass/sim/results"
)

// A runLog is the log of a calibration's simulated points, or of an
// ensemble comparison's members: one JSON record per line, appended (and
// handed to the operating system) as each completes, so that a killed run
// keeps what it finished. A record holds what it was asked (the key that
// names it and the inputs it was given) and what came out, its numbers
// written exactly (strconv's shortest form, NaN and ±Inf by name), so that a
// record replayed gives the same result as the run did. A torn last line (a
// kill in mid-write) is dropped when the log is opened.
//
// On completion the log is written again sorted by key (finish), so that a
// run resumed after a kill leaves the same file as one that never stopped.
type runLog struct {
	path string
	mu   sync.Mutex
	f    *os.File
	recs map[uint64]logRecord
}

// logRecord is one line of a runLog.
type logRecord struct {
	Key  uint64   `json:"key"`
	In   []string `json:"in"`  // what the run was given (exact numbers, names)
	Out  []string `json:"out"` // what it gave (exact numbers)
	Note string   `json:"note,omitempty"`
}

// exact writes x so that strconv.ParseFloat gives x back, bit for bit.
func exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// exacts writes each of xs with exact.
func exacts(xs []float64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = exact(x)
	}
	return out
}

// parseExacts reads what exacts wrote.
func parseExacts(ss []string) ([]float64, error) {
	out := make([]float64, len(ss))
	for i, s := range ss {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// maxRunLogBytes bounds the log a run reads back: a calibration of the
// most waves and runs writes some tens of MB.
const maxRunLogBytes = 1 << 30

// openRunLog opens (creating it when absent) the log at path, reading its
// whole records; a torn last line is cut off. Only a regular file is read
// or written (results.OpenRegular: a link planted under the log's name is
// refused).
func openRunLog(path string) (*runLog, error) {
	l := &runLog{path: path, recs: map[uint64]logRecord{}}
	data, err := results.ReadRegular(path, maxRunLogBytes)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	good := 0
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			break // torn: no newline
		}
		var r logRecord
		if err := json.Unmarshal(data[off:off+end], &r); err != nil {
			if off+end+1 < len(data) {
				return nil, fmt.Errorf("%s: a damaged record at byte %d, not at the end: not a log hourglass wrote whole", path, off)
			}
			break // torn last line
		}
		l.recs[r.Key] = r
		off += end + 1
		good = off
	}
	if good < len(data) {
		if err := os.Truncate(path, int64(good)); err != nil {
			return nil, err
		}
	}
	l.f, err = results.OpenRegular(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// readRunLog reads the whole records of a log without opening it for
// writing (a shard's, to merge it).
func readRunLog(path string) (map[uint64]logRecord, error) {
	data, err := results.ReadRegular(path, maxRunLogBytes)
	if err != nil {
		return nil, err
	}
	recs := map[uint64]logRecord{}
	for line := range bytes.Lines(data) {
		if !bytes.HasSuffix(line, []byte("\n")) {
			break
		}
		var r logRecord
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("%s: a damaged record: %v", path, err)
		}
		recs[r.Key] = r
	}
	return recs, nil
}

// get returns the record of key.
func (l *runLog) get(key uint64) (logRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.recs[key]
	return r, ok
}

// add records r (from any goroutine), appending it to the file.
func (l *runLog) add(r logRecord) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.recs[r.Key]; ok {
		return nil
	}
	l.recs[r.Key] = r
	if _, err := l.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("%s: %w", l.path, err)
	}
	return nil
}

// merge adds records known elsewhere (another log's), refusing one that
// differs from the record of the same key.
func (l *runLog) merge(from string, recs map[uint64]logRecord) error {
	keys := make([]uint64, 0, len(recs))
	for k := range recs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r := recs[k]
		if old, ok := l.get(k); ok {
			if !sameRecord(old, r) {
				return fmt.Errorf("%s: run %d differs from the one already known: not the same calibration", from, k)
			}
			continue
		}
		if err := l.add(r); err != nil {
			return err
		}
	}
	return nil
}

func sameRecord(a, b logRecord) bool {
	return a.Key == b.Key && a.Note == b.Note && slices.Equal(a.In, b.In) && slices.Equal(a.Out, b.Out)
}

// finish writes the log again, every record sorted by key, atomically, and
// closes it.
func (l *runLog) finish() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.f.Close(); err != nil {
		return err
	}
	keys := make([]uint64, 0, len(l.recs))
	for k := range l.recs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	for _, k := range keys {
		line, err := json.Marshal(l.recs[k])
		if err != nil {
			return err
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	w.Flush()
	return results.WriteFileAtomic(l.path, buf.Bytes())
}

// close closes the log's file, leaving it as it is (a run stopped part
// way: the next run resumes from it).
func (l *runLog) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.f.Sync(); err != nil {
		l.f.Close()
		return err
	}
	return l.f.Close()
}

// logIn returns dir's log file path.
func logIn(dir, name string) string { return filepath.Join(dir, name) }

// claim opens the results directory of a job that logs its work (a
// calibration, a comparison across an ensemble) and writes its manifest m,
// marked incomplete: a new directory (spec.Out, or one named base), or,
// with spec.Resume, the interrupted one, which must hold the same
// experiment (what names the kind in a refusal). done is the result of a
// resume that finds the directory complete already (nothing to do).
func claim(spec Spec, m *results.Manifest, base, what string) (dir string, unlock func(), done *Result, err error) {
	if !spec.Resume {
		if dir, unlock, err = newOutDir(spec.Out, stamped(base, m.Started), true); err != nil {
			return "", nil, nil, err
		}
		if err := results.WriteManifest(dir, *m); err != nil {
			unlock()
			return "", nil, nil, err
		}
		return dir, unlock, nil, nil
	}
	if dir, err = resolveDir(spec.Out); err != nil {
		return "", nil, nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return "", nil, nil, fmt.Errorf("--resume %s: %v", dir, err)
	}
	if unlock, err = results.Lock(dir); err != nil {
		return "", nil, nil, err
	}
	old, err := results.ReadManifest(dir)
	if err == nil {
		if err = results.SameExperiment(old, *m); err == nil && old.Shard != m.Shard {
			err = fmt.Errorf("shard %q against shard %q", old.Shard, m.Shard)
		}
		if err != nil {
			err = fmt.Errorf("not the same %s: %v", what, err)
		}
	}
	if err == nil && old.Complete && results.Verify(dir, old) == nil {
		unlock()
		return dir, nil, &Result{Dir: dir, Manifest: old, AlreadyComplete: true}, nil
	}
	if err == nil {
		_, err = results.RemoveTemps(dir)
	}
	if err == nil {
		m.Started = old.Started
		err = results.WriteManifest(dir, *m)
	}
	if err != nil {
		unlock()
		return "", nil, nil, fmt.Errorf("--resume %s: %w", dir, err)
	}
	return dir, unlock, nil, nil
}
