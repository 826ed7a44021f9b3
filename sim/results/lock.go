//go:build unix

package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// noFollow makes os.OpenFile refuse a symbolic link (openRegular).
const noFollow = syscall.O_NOFOLLOW

// ErrLocked is returned by Lock when another process holds the directory.
var ErrLocked = errors.New("another hourglass is writing to it")

// Lock takes the advisory lock of a results directory (flock on its
// LockFile) for the life of the process, or until unlock, and writes in the
// lock file who holds it. A second process is refused with ErrLocked and
// what the lock file says of the holder. The lock file stays: removing it
// would let two processes each lock a different file of that name.
func Lock(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, LockFile)
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := readRegular(path, 4096)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if h := strings.TrimSpace(string(holder)); h != "" {
				return nil, fmt.Errorf("%s: %w (%s)", dir, ErrLocked, h)
			}
			return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	fmt.Fprintf(f, "pid %d on %s since %s: %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339), strings.Join(os.Args, " "))
	return func() { f.Close() }, nil // closing the file releases the lock
}
