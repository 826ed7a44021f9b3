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
type Crash struct{ At int }

func (c Crash) Error() string { return fmt.Sprintf("injected crash at file operation %d", c.At) }

// ErrInjected is what a full-disk fault (ArmFault) returns.
var ErrInjected = errors.New("injected fault: no space left on device")

// fault is the armed fault of this process, if any.
var fault struct {
	sync.Mutex
	at    int  // the file operation that fails, counted from 1; 0: none
	crash bool // panic with Crash there instead of failing
	n     int  // file operations so far
	full  bool // the disk is full: every operation from at on fails
}

// ArmFault arms (or, with "", disarms) a fault for tests of what a crash or a
// full disk leaves in a results directory. spec is "N" (the Nth file
// operation from now, and every later one, fails as on a full disk, after
// writing half its bytes) or "crash:N" (the Nth panics with Crash, after
// writing half its bytes, as if the process were killed there). A file
// operation is a write of a whole file, a rename into place, an append to the
// log or a removal. It returns how the spec is wrong, if it is.
func ArmFault(spec string) error {
	fault.Lock()
	defer fault.Unlock()
	fault.at, fault.crash, fault.n, fault.full = 0, false, 0, false
	if spec == "" {
		return nil
	}
	n, crash := strings.CutPrefix(spec, "crash:")
	at, err := strconv.Atoi(n)
	if err != nil || at < 1 {
		return fmt.Errorf("fault %q: want N or crash:N, N >= 1", spec)
	}
	fault.at, fault.crash = at, crash
	return nil
}

// FaultCount is how many file operations were counted since ArmFault.
func FaultCount() int {
	fault.Lock()
	defer fault.Unlock()
	return fault.n
}

// injected counts a file operation and, at the armed one, writes half of
// partial to f (when f is not nil) and crashes or fails.
func injected(f *os.File, partial []byte) error {
	fault.Lock()
	fault.n++
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
		panic(Crash{At: n})
	}
	return ErrInjected
}
