//go:build !unix

package results

import "errors"

// noFollow is 0 where the system has no O_NOFOLLOW: openRegular's Lstat
// alone refuses a symbolic link.
const noFollow = 0

// ErrLocked is returned by Lock when another process holds the directory.
var ErrLocked = errors.New("another hourglass is writing to it")

// Lock does nothing where flock is not available.
func Lock(dir string) (unlock func(), err error) { return func() {}, nil }
