package results

import (
	"fmt"
	"io"
	"io/fs"
	"os"

	"hourglass/sim/internal/filekind"
)

// A results directory is meant to be shared: one received from elsewhere
// may hold, under the names hourglass writes, a symbolic link to any file
// of the reader's (writing through it, the lock's or the log's truncation
// included, would write outside the directory), or a named pipe (reading it
// blocks). openRegular opens those files so that neither can happen.

// openRegular opens the file path as os.OpenFile does, refusing anything
// that is not a regular file of the directory itself: a symbolic link (not
// followed: noFollow where the system has it, and Lstat before), a named
// pipe, a device or a directory.
func openRegular(path string, flag int, perm os.FileMode) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: notRegular(st.Mode())}
	}
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(st.Mode())
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return f, nil
}

// readRegular reads the regular file path (openRegular) of at most max
// bytes.
func readRegular(path string, max int64) ([]byte, error) {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		err = &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("larger than %d bytes: not a file hourglass wrote", max)}
	}
	return data, err
}

// notRegular says what a path that is not a regular file is.
func notRegular(mode fs.FileMode) error {
	return fmt.Errorf("%s, not a regular file (hourglass writes only regular files here)", filekind.Of(mode))
}

// OpenRegular is openRegular for the logs other packages keep in a results
// directory (a calibration's runs, an ensemble comparison's members).
func OpenRegular(path string, flag int, perm os.FileMode) (*os.File, error) {
	return openRegular(path, flag, perm)
}

// ReadRegular is readRegular for the logs other packages keep in a results
// directory.
func ReadRegular(path string, max int64) ([]byte, error) { return readRegular(path, max) }
