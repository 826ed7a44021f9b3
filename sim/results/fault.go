package results

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Crash is the value a crash fault panics with (ArmFault): the tests recover
// it, and find the directory as a kill at that point would have left it.
type Crash struct {
	At int    // the file operation, counted from 1
	Op string // what it was: "write PATH", "rename PATH", "append to PATH", "remove PATH"
}

func (c Crash) Error() string {
	return fmt.Sprintf("injected crash at file operation %d (%s)", c.At, c.Op)
}

// ErrInjected is what a full-disk fault (ArmFault) returns.
var ErrInjected = errors.New("injected fault: no space left on device")

// fault is the armed fault of this process, if any.
var fault struct {
	sync.Mutex
	at    int      // the file operation that fails, counted from 1; 0: none
	crash bool     // panic with Crash there instead of failing
	n     int      // file operations so far
	full  bool     // the disk is full: every operation from at on fails
	trace bool     // record every operation in ops
	ops   []string // what each operation was, with trace
	// synced is, with trace, every operation and every sync (syncFile,
	// syncDir) in order: syncs are traced, not fault points.
	synced []string
}

// ArmFault arms (or, with "", disarms) a fault for tests of what a crash or a
// full disk leaves in a results directory. spec is "N" (the Nth file
// operation from now, and every later one, fails as on a full disk, after
// writing half its bytes), "crash:N" (the Nth panics with Crash, after
// writing half its bytes, as if the process were killed there) or "trace"
// (no fault: FaultOps lists the operations). A file operation is a write of
// a whole file, a rename into place, an append to the log or a removal. It
// returns how the spec is wrong, if it is.
func ArmFault(spec string) error {
	fault.Lock()
	defer fault.Unlock()
	fault.at, fault.crash, fault.n, fault.full, fault.trace, fault.ops, fault.synced = 0, false, 0, false, spec == "trace", nil, nil
	if spec == "" || spec == "trace" {
		return nil
	}
	n, crash := strings.CutPrefix(spec, "crash:")
	at, err := strconv.Atoi(n)
	if err != nil || at < 1 {
		return fmt.Errorf("fault %q: want N, crash:N or trace, N >= 1", spec)
	}
	fault.at, fault.crash = at, crash
	return nil
}

// FaultArmed says whether a fault or a trace is armed (ArmFault): tests
// that run beside others check that none is.
func FaultArmed() bool {
	fault.Lock()
	defer fault.Unlock()
	return fault.at > 0 || fault.trace
}

// FaultOps lists the file operations since ArmFault("trace"), the first
// being operation 1.
func FaultOps() []string {
	fault.Lock()
	defer fault.Unlock()
	return append([]string(nil), fault.ops...)
}

// injected counts file operation op and, at the armed one, writes half of
// partial to f (when f is not nil) and crashes or fails.
func injected(op string, f *os.File, partial []byte) error {
	fault.Lock()
	fault.n++
	if fault.trace {
		fault.ops = append(fault.ops, op)
		fault.synced = append(fault.synced, op)
	}
	hit := fault.at > 0 && (fault.n == fault.at || fault.full && fault.n > fault.at)
	crash := fault.crash
	if hit && !crash {
		fault.full = true
	}
	n := fault.n
	fault.Unlock()
	if !hit {
		return nil
	}
	if f != nil {
		f.Write(partial[:len(partial)/2])
	}
	if crash {
		panic(Crash{At: n, Op: op})
	}
	return ErrInjected
}

// syncFile syncs f to disk, and traces it as "sync PATH".
func syncFile(f *os.File) error {
	traceSync("sync " + f.Name())
	return f.Sync()
}

// syncDir syncs directory dir to disk: the names in it (a file created,
// renamed or removed) then survive a power cut. It is traced as "sync dir
// DIR".
func syncDir(dir string) error {
	traceSync("sync dir " + dir)
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

func traceSync(op string) {
	fault.Lock()
	if fault.trace {
		fault.synced = append(fault.synced, op)
	}
	fault.Unlock()
}
