package results

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// LogFile holds every committed replication of a run, exactly, in
// replication order: what --resume continues from and what merge joins.
// It is deleted when an unsharded run completes (its tables and summaries
// are then final); shards and interrupted runs keep it.
const LogFile = "replications.log"

const logMagic = "hourglass replications v5\n"

// logMagicPrefix begins every version's header: a log of another version is
// told apart from a file that is no log at all.
const logMagicPrefix = "hourglass replications v"

// Each record is
//
//	uvarint(length) payload crc32(payload, 4 bytes little-endian)
//
// and the payload is uvarint(index) uvarint(scenarios), then per scenario:
// uvarint(metrics) × float64 bits; uvarint(seizure totals) × {uvarint place,
// commodity, mode, method, arrest bytes, uvarint grams, uvarint events};
// uvarint(flows) × {uvarint segment, byte dir|mode<<1|commodity<<5, uvarint
// grams}; uvarint(efforts) × {uvarint grams per commodity, uvarint couriers,
// uvarint organisers, float64 bits USD}; uvarint(mobile) × {uvarint place,
// byte month, float32 bits officers}; uvarint(months) × {uvarint
// year·12+month-1, uvarint grams shipped, seized, delivered and retained per
// commodity, uvarint(countries) × {uvarint grams seized in, then entering,
// then sold in, per commodity, float64 bits USD sold for per commodity},
// uvarint(markets) × float64 bits price per commodity, uvarint courier
// arrests, uvarint organiser arrests, float64 bits bribes USD} (v5: the
// months with the markets' sales and prices). A record that is cut short,
// fails its checksum, or has a length no record of the experiment can have
// (0, as in a zero-filled tail: the checksum of nothing is 0; or outside
// minRecord..maxRecord) ends the log: everything before it is whole.

// SyncInterval is the longest a committed replication waits before the log
// holding it is synced to disk: a power cut or a kill loses at most the
// replications of the last interval (a kill alone loses none: every record
// is handed to the operating system as it is committed).
const SyncInterval = 2 * time.Second

// logWriter appends records to a log.
type logWriter struct {
	f      *os.File
	bw     *bufio.Writer
	buf    []byte
	rec    []byte
	synced time.Time
}

// openLog opens dir's log for appending after its first valid bytes
// (truncating a torn tail), creating it with its header when absent.
func openLog(dir string, valid int64) (*logWriter, error) {
	path := filepath.Join(dir, LogFile)
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if valid < int64(len(logMagic)) {
		valid = 0
	}
	if err := f.Truncate(valid); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(valid, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	w := &logWriter{f: f, bw: bufio.NewWriterSize(f, 1<<16), synced: time.Now()}
	if valid == 0 {
		w.bw.WriteString(logMagic)
		// the log's name must survive a power cut as its records do
		if err := syncDir(dir); err != nil {
			f.Close()
			return nil, err
		}
	}
	return w, nil
}

// append writes one replication and flushes it to the file.
func (w *logWriter) append(r *experiment.Replication) error {
	p := appendReplication(w.buf[:0], r)
	w.buf = p
	if limit := maxRecord(len(r.Reps)); uint64(len(p)) > limit {
		return fmt.Errorf("append to %s: replication %d takes %d bytes, more than a record of %d scenarios may hold (%d; %d per scenario)",
			w.f.Name(), r.Index, len(p), len(r.Reps), limit, MaxScenarioBytes)
	}
	rec := appendRecord(w.rec[:0], p)
	w.rec = rec
	if err := w.bw.Flush(); err != nil { // the header of a new log
		return err
	}
	if err := injected("append to "+w.f.Name(), w.f, rec); err != nil {
		return err
	}
	w.bw.Write(rec)
	if err := w.bw.Flush(); err != nil {
		return err
	}
	if time.Since(w.synced) >= SyncInterval {
		w.synced = time.Now()
		return syncFile(w.f)
	}
	return nil
}

// appendRecord frames payload p as a record: its length, p, its checksum.
func appendRecord(rec, p []byte) []byte {
	rec = binary.AppendUvarint(rec, uint64(len(p)))
	rec = append(rec, p...)
	return binary.LittleEndian.AppendUint32(rec, crc32.ChecksumIEEE(p))
}

// appendReplication encodes a replication as the payload of a record (see
// logMagic's comment for the layout).
func appendReplication(p []byte, r *experiment.Replication) []byte {
	p = binary.AppendUvarint(p, r.Index)
	p = binary.AppendUvarint(p, uint64(len(r.Reps)))
	for i := range r.Reps {
		p = appendRep(p, &r.Reps[i])
	}
	return p
}

// appendRep encodes one scenario of a replication.
func appendRep(p []byte, rep *experiment.Rep) []byte {
	p = binary.AppendUvarint(p, uint64(len(rep.Values)))
	for _, x := range rep.Values {
		p = binary.LittleEndian.AppendUint64(p, math.Float64bits(x))
	}
	p = binary.AppendUvarint(p, uint64(len(rep.Seized)))
	for _, s := range rep.Seized {
		arrest := byte(0)
		if s.Arrest {
			arrest = 1
		}
		p = binary.AppendUvarint(p, uint64(s.Place))
		p = append(p, byte(s.Commodity), byte(s.Mode), byte(s.Method), arrest)
		p = binary.AppendUvarint(p, uint64(s.Grams))
		p = binary.AppendUvarint(p, uint64(s.Events))
	}
	p = binary.AppendUvarint(p, uint64(len(rep.Flows)))
	for _, f := range rep.Flows {
		p = binary.AppendUvarint(p, uint64(f.Segment))
		p = append(p, f.Dir|byte(f.Mode)<<1|byte(f.Commodity)<<5)
		p = binary.AppendUvarint(p, uint64(f.Grams))
	}
	p = binary.AppendUvarint(p, uint64(len(rep.Efforts)))
	for _, e := range rep.Efforts {
		for _, g := range e.Seized {
			p = binary.AppendUvarint(p, uint64(g))
		}
		p = binary.AppendUvarint(p, uint64(e.Couriers))
		p = binary.AppendUvarint(p, uint64(e.Organisers))
		p = binary.LittleEndian.AppendUint64(p, math.Float64bits(e.USD))
	}
	p = binary.AppendUvarint(p, uint64(len(rep.Mobile)))
	for _, m := range rep.Mobile {
		p = binary.AppendUvarint(p, uint64(m.Place))
		p = append(p, m.Month)
		p = binary.LittleEndian.AppendUint32(p, math.Float32bits(m.Officers))
	}
	return appendMonths(p, rep.Months)
}

func (w *logWriter) close() error {
	err := w.bw.Flush()
	if err == nil {
		err = syncFile(w.f)
	}
	if e := w.f.Close(); err == nil {
		err = e
	}
	return err
}

// MaxScenarioBytes bounds the bytes one scenario of one replication takes
// in the log: a record of s scenarios holds at most s·MaxScenarioBytes (and
// a few bytes for its index). A 100-year run of the shipped network takes
// about 1 MB per scenario; the writer refuses a replication larger than the
// bound, and a reader takes a length beyond it (or beyond what is left of
// the file) for a damaged record before allocating anything for it.
const MaxScenarioBytes = 256 << 20

// minScenarioBytes is the fewest bytes one scenario of a record takes: its
// metrics, the totals of every kind of effort and an empty count for every
// list.
var minScenarioBytes = uint64(len(appendRep(nil, &experiment.Rep{Values: make([]float64, experiment.NumMetrics)})))

// minRecord and maxRecord bound the payload of a record of s scenarios:
// shorter or longer is no record this program wrote (a zero-filled or
// garbage tail, as a power cut can leave).
func minRecord(s int) uint64 { return 1 + uint64(uvarintLen(uint64(s))) + uint64(s)*minScenarioBytes }
func maxRecord(s int) uint64 {
	return binary.MaxVarintLen64 + uint64(uvarintLen(uint64(s))) + uint64(s)*MaxScenarioBytes
}

// LogError is a damaged record of a log: cut short, failing its checksum,
// or with a length no record can have (such as the zero length of a
// zero-filled tail). Everything before Offset is whole.
type LogError struct {
	Path   string
	Offset int64  // where the damaged record begins, in bytes from the start of the file
	Reason string // what is wrong with it
}

func (e *LogError) Error() string {
	return fmt.Sprintf("%s: damaged record at byte %d: %s", e.Path, e.Offset, e.Reason)
}

// Log is a results directory's log of committed replications.
type Log struct {
	path      string
	scenarios int
}

// OpenLog returns the log of dir, for an experiment of the given number of
// scenarios. It refuses the log of a run that cannot be finished (its
// manifest says why: Manifest.Failed): replaying it would fail again.
func OpenLog(dir string, scenarios int) (*Log, error) {
	path := filepath.Join(dir, LogFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: no log of replications (%w): a completed unsharded run keeps none; rerun it, or shard it for merge", dir, err)
	}
	if m, err := ReadManifest(dir); err == nil {
		if err := m.Unfinishable(dir); err != nil {
			return nil, err
		}
	}
	return &Log{path: path, scenarios: scenarios}, nil
}

// Replay reads the log and calls yield with each whole replication in order.
// It stops quietly at a torn, damaged or zero-filled tail (what a kill or a
// power cut leaves), and returns how many bytes were whole: a resumed run
// truncates the log there and runs the replications after it again. A
// record that passes its checksum but does not decode (the log of another
// experiment) is an error.
func (l *Log) Replay(yield func(*experiment.Replication) error) (valid int64, err error) {
	valid, _, err = l.replay(yield)
	return valid, err
}

// ReplayAll is Replay for a log that must be whole to its end (a complete
// shard's, being merged): a torn or damaged record anywhere is an error, a
// *LogError naming the file and the record's offset.
func (l *Log) ReplayAll(yield func(*experiment.Replication) error) (valid int64, err error) {
	valid, damage, err := l.replay(yield)
	if err == nil && damage != nil {
		err = damage
	}
	return valid, err
}

func (l *Log) replay(yield func(*experiment.Replication) error) (int64, *LogError, error) {
	f, err := openRegular(l.path, os.O_RDONLY, 0)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, nil, err
	}
	return replay(l.path, f, st.Size(), l.scenarios, yield)
}

// replay reads a log of size bytes from r, calling yield with each whole
// replication in order, up to the end or the first damaged record, which it
// returns as damage; valid is how many bytes come before it. A record's
// length is checked against minRecord, maxRecord and the bytes left before
// anything is allocated for it, so no input allocates more than the file
// holds. err is a failure to read, a header of another version, a record
// that passes its checksum but does not decode, or yield's error.
func replay(path string, r io.Reader, size int64, scenarios int, yield func(*experiment.Replication) error) (valid int64, damage *LogError, err error) {
	br := bufio.NewReaderSize(r, int(min(max(size, 16), 1<<16)))
	head := make([]byte, len(logMagic))
	if n, err := io.ReadFull(br, head); err != nil && strings.HasPrefix(logMagic, string(head[:n])) {
		return 0, &LogError{Path: path, Reason: "cut short in its header"}, nil // no replication yet
	}
	if string(head) != logMagic {
		if strings.HasPrefix(string(head), logMagicPrefix) {
			return 0, nil, fmt.Errorf("%s: a replications log of another version of hourglass (%q, this program reads %q): rerun with the program that wrote it",
				path, strings.TrimSpace(string(head)), strings.TrimSpace(logMagic))
		}
		return 0, nil, fmt.Errorf("%s: not a replications log", path)
	}
	valid = int64(len(logMagic))
	lo, hi := minRecord(scenarios), maxRecord(scenarios)
	var buf []byte
	for valid < size {
		bad := func(format string, args ...any) (int64, *LogError, error) {
			return valid, &LogError{Path: path, Offset: valid, Reason: fmt.Sprintf(format, args...)}, nil
		}
		n, k, err := readUvarint(br)
		if err != nil {
			return bad("its length is %v", err)
		}
		switch left := uint64(size - valid - int64(k)); {
		case n == 0:
			return bad("zero length (a zero-filled tail)")
		case n < lo || n > hi:
			return bad("length %d, where a record of %d scenarios takes %d to %d bytes", n, scenarios, lo, hi)
		case left < 4 || n > left-4:
			return bad("cut short (%d bytes of %d)", left, n+4)
		}
		if uint64(cap(buf)) < n+4 {
			buf = make([]byte, n+4)
		}
		buf = buf[:n+4]
		if _, err := io.ReadFull(br, buf); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return bad("cut short")
			}
			return valid, nil, err
		}
		p, sum := buf[:n], buf[n:]
		if crc32.ChecksumIEEE(p) != binary.LittleEndian.Uint32(sum) {
			return bad("checksum mismatch")
		}
		rep, err := decodeReplication(p, scenarios)
		if err != nil {
			return valid, nil, fmt.Errorf("%s: record at byte %d: %w", path, valid, err)
		}
		if err := yield(rep); err != nil {
			return valid, nil, err
		}
		valid += int64(k) + int64(n) + 4
	}
	return valid, nil, nil
}

// readUvarint reads a uvarint and returns it with the bytes it took: unlike
// binary.ReadUvarint, the count is exact for an encoding longer than it need
// be.
func readUvarint(br io.ByteReader) (x uint64, n int, err error) {
	var s uint
	for n < binary.MaxVarintLen64 {
		b, err := br.ReadByte()
		if err != nil {
			if n > 0 && err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return x, n, fmt.Errorf("cut short: %w", err)
		}
		n++
		if b < 0x80 {
			if n == binary.MaxVarintLen64 && b > 1 {
				break
			}
			return x | uint64(b)<<s, n, nil
		}
		x |= uint64(b&0x7f) << s
		s += 7
	}
	return x, n, errors.New("malformed (it overflows 64 bits)")
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], x)
}

// decoder reads a payload, remembering the first error.
type decoder struct {
	p   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.p)
	if n <= 0 {
		d.err = errors.New("malformed record")
		return 0
	}
	d.p = d.p[n:]
	return x
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || len(d.p) < n {
		d.err = errors.New("malformed record")
		return make([]byte, n)
	}
	b := d.p[:n]
	d.p = d.p[n:]
	return b
}

// count reads a length and checks it against what the payload can hold.
func (d *decoder) count(each int) int {
	n := d.uvarint()
	if n > uint64(len(d.p)/each+1) {
		d.err = errors.New("malformed record")
		return 0
	}
	return int(n)
}

func decodeReplication(p []byte, scenarios int) (*experiment.Replication, error) {
	d := &decoder{p: p}
	r := &experiment.Replication{Index: d.uvarint()}
	if k := d.count(1); k != scenarios {
		return nil, fmt.Errorf("replication %d has %d scenarios, the experiment %d", r.Index, k, scenarios)
	}
	r.Reps = make([]experiment.Rep, scenarios)
	for s := range r.Reps {
		rep := &r.Reps[s]
		rep.Scenario, rep.Replication = s, r.Index
		nv := d.count(8)
		if d.err == nil && nv != experiment.NumMetrics {
			return nil, fmt.Errorf("replication %d has %d metrics, this program %d: written by another version", r.Index, nv, experiment.NumMetrics)
		}
		rep.Values = make([]float64, nv)
		for i := range rep.Values {
			rep.Values[i] = math.Float64frombits(binary.LittleEndian.Uint64(d.bytes(8)))
		}
		if n := d.count(7); n > 0 {
			rep.Seized = make([]experiment.SeizureTotal, n)
		}
		for i := range rep.Seized {
			s := &rep.Seized[i]
			s.Place = int32(d.uvarint())
			b := d.bytes(4)
			s.Commodity, s.Mode, s.Method, s.Arrest = sim.Commodity(b[0]), sim.Mode(b[1]), sim.Method(b[2]), b[3] == 1
			s.Grams = sim.Grams(d.uvarint())
			s.Events = int32(d.uvarint())
		}
		if n := d.count(3); n > 0 {
			rep.Flows = make([]experiment.Flow, n)
		}
		for i := range rep.Flows {
			f := &rep.Flows[i]
			f.Segment = int32(d.uvarint())
			b := d.bytes(1)[0]
			f.Dir, f.Mode, f.Commodity = b&1, sim.Mode(b>>1&15), sim.Commodity(b>>5)
			f.Grams = sim.Grams(d.uvarint())
		}
		if ne := d.count(1); d.err == nil && ne != int(sim.NumEfforts) {
			return nil, fmt.Errorf("replication %d has %d kinds of effort, this program %d: written by another version", r.Index, ne, sim.NumEfforts)
		}
		for e := range rep.Efforts {
			x := &rep.Efforts[e]
			for c := range x.Seized {
				x.Seized[c] = sim.Grams(d.uvarint())
			}
			x.Couriers = int32(d.uvarint())
			x.Organisers = int32(d.uvarint())
			x.USD = math.Float64frombits(binary.LittleEndian.Uint64(d.bytes(8)))
		}
		if n := d.count(6); n > 0 {
			rep.Mobile = make([]experiment.Mobile, n)
		}
		for i := range rep.Mobile {
			m := &rep.Mobile[i]
			m.Place = int32(d.uvarint())
			m.Month = d.bytes(1)[0]
			m.Officers = math.Float32frombits(binary.LittleEndian.Uint32(d.bytes(4)))
		}
		rep.Months = d.months()
	}
	if d.err == nil && len(d.p) != 0 {
		d.err = errors.New("malformed record: trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("replication %d: %w", r.Index, d.err)
	}
	return r, nil
}
