package job

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"hourglass/sim/experiment"
	"hourglass/sim/portfolio"
	"hourglass/sim/results"
)

// The evaluation logs of an optimisation: DIR/evaluations/shard-I-of-N/log
// (shard-0-of-1 when the search is not sharded), each written by one
// process, which holds its directory's lock. A log is text: a first line
// naming the optimisation (a digest of its candidates, base, objective,
// seed, run length and ensemble), then one line per evaluation,
//
//	member replication {i,j,...} gain
//
// (candidates by index, the gain as strconv's shortest exact form), whole
// batches at a time, each synced. A resume, and every shard, reads every log
// of the directory: a value is the same whoever computed it, so the search
// replays the same way and writes the same files.

// evaluationsDir is where the logs are.
const evaluationsDir = "evaluations"

// evalLog is this process's evaluation log, and the others it reads.
type evalLog struct {
	dir    string // DIR/evaluations
	shard  experiment.Shard
	id     string
	f      *os.File
	unlock func()
	read   map[string]int64 // each log read, to the offset read
	cands  int
	logf   func(format string, args ...any)
}

// shardName names a shard's log directory.
func shardName(s experiment.Shard) string {
	i, n := s.Index, s.Count
	if n < 1 {
		i, n = 0, 1
	}
	return fmt.Sprintf("shard-%d-of-%d", i, n)
}

// header is a log's first line.
func (l *evalLog) header() string { return "# hourglass optimise evaluations " + l.id + "\n" }

// shards is the number of shards of the search.
func (l *evalLog) shards() int { return max(1, l.shard.Count) }

// openEvalLog opens (or creates) this shard's log under dir, locked, with
// its torn last line (a kill mid-write) cut off, and reads every log of
// the directory into e.
func openEvalLog(dir string, shard experiment.Shard, id string, cands int, logf func(string, ...any)) (*evalLog, error) {
	l := &evalLog{dir: filepath.Join(dir, evaluationsDir), shard: shard, id: id, read: map[string]int64{}, cands: cands, logf: logf}
	own := filepath.Join(l.dir, shardName(shard))
	if err := os.MkdirAll(own, 0o755); err != nil {
		return nil, err
	}
	unlock, err := results.Lock(own)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(own, "log")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		unlock()
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err == nil {
		switch {
		case len(data) == 0:
			_, err = f.WriteString(l.header())
		case !bytes.HasPrefix(data, []byte(l.header())):
			err = l.other(path)
		default:
			keep := int64(bytes.LastIndexByte(data, '\n') + 1)
			if keep < int64(len(data)) {
				err = f.Truncate(keep)
			}
			if err == nil {
				_, err = f.Seek(keep, io.SeekStart)
			}
		}
	}
	if err != nil {
		f.Close()
		unlock()
		return nil, err
	}
	l.f, l.unlock = f, unlock
	return l, nil
}

// other is the error of a log of another optimisation.
func (l *evalLog) other(path string) error {
	return fmt.Errorf("%s holds the evaluations of another optimisation (its candidates, base, objective, seed, run length or ensemble differ): give a new --out", path)
}

// close closes and unlocks the log.
func (l *evalLog) close() {
	l.f.Close()
	l.unlock()
}

// append writes evaluations and syncs them.
func (l *evalLog) append(keys []evalKey, vals []float64) error {
	if len(keys) == 0 {
		return nil
	}
	var b strings.Builder
	for i, k := range keys {
		fmt.Fprintf(&b, "%d %d %s %s\n", k.member, k.rep, k.set, strconv.FormatFloat(vals[i], 'g', -1, 64))
	}
	if _, err := l.f.WriteString(b.String()); err != nil {
		return fmt.Errorf("evaluation log: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("evaluation log: %w", err)
	}
	return nil
}

// readAll reads what is new in every log of the directory (this shard's
// too) into e.
func (l *evalLog) readAll(e *evaluator) error { return l.readLogs(e, true) }

// readPeers reads what is new in the other shards' logs into e.
func (l *evalLog) readPeers(e *evaluator) error { return l.readLogs(e, false) }

func (l *evalLog) readLogs(e *evaluator, own bool) error {
	paths, err := filepath.Glob(filepath.Join(l.dir, "shard-*", "log"))
	if err != nil {
		return err
	}
	sort.Strings(paths)
	mine := filepath.Join(l.dir, shardName(l.shard), "log")
	for _, p := range paths {
		if p == mine && !own {
			continue
		}
		if err := l.readLog(p, e); err != nil {
			return err
		}
	}
	return nil
}

// readLog reads the complete lines of one log past what was read before.
func (l *evalLog) readLog(path string, e *evaluator) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	defer f.Close()
	at := l.read[path]
	if _, err := f.Seek(at, io.SeekStart); err != nil {
		return err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	if at == 0 {
		h := l.header()
		if len(data) < len(h) {
			return nil // its first line is being written
		}
		if !bytes.HasPrefix(data, []byte(h)) {
			return l.other(path)
		}
		data, at = data[len(h):], int64(len(h))
	}
	end := bytes.LastIndexByte(data, '\n') + 1
	var keys []evalKey
	var vals []float64
	for n, line := range strings.Split(string(data[:end]), "\n") {
		if line == "" {
			continue
		}
		k, v, err := l.parse(line)
		if err != nil {
			return fmt.Errorf("%s: evaluation %d past offset %d: %w", path, n+1, at, err)
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	e.put(keys, vals)
	l.read[path] = at + int64(end)
	return nil
}

// parse reads one evaluation line.
func (l *evalLog) parse(line string) (evalKey, float64, error) {
	f := strings.Fields(line)
	if len(f) != 4 {
		return evalKey{}, 0, fmt.Errorf("%q: want member replication {portfolio} gain", line)
	}
	m, e1 := strconv.Atoi(f[0])
	r, e2 := strconv.Atoi(f[1])
	v, e3 := strconv.ParseFloat(f[3], 64)
	if e1 != nil || e2 != nil || e3 != nil || m < 0 || r < 0 || !strings.HasPrefix(f[2], "{") || !strings.HasSuffix(f[2], "}") {
		return evalKey{}, 0, fmt.Errorf("%q: want member replication {portfolio} gain", line)
	}
	var set portfolio.Set
	if inner := strings.Trim(f[2], "{}"); inner != "" {
		for _, s := range strings.Split(inner, ",") {
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= l.cands {
				return evalKey{}, 0, fmt.Errorf("%q: candidate %q is not one of the %d", line, s, l.cands)
			}
			set = set.With(i)
		}
	}
	return evalKey{member: m, set: set, rep: r}, v, nil
}
