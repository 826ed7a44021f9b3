// Package filekind names what a path that is not a regular file is, for
// the messages of the readers that refuse one (scenario files, results
// directories).
package filekind

import "io/fs"

// Of says what a file of mode is, as a message puts it: "a directory", "a
// named pipe", "a socket", "a character device", "a device", "a symbolic
// link" (of a mode from Lstat), or "not a regular file".
func Of(mode fs.FileMode) string {
	switch t := mode.Type(); {
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	case t&fs.ModeDir != 0:
		return "a directory"
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}
