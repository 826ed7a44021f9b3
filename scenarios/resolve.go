package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Layered is a file system that looks in each of its file systems in turn,
// so that a scenario on disk can extend a shipped one. It implements
// fs.StatFS, so that a reader can stat a file (and refuse a named pipe)
// without opening it.
type Layered []fs.FS

// Open opens name in the first file system that has it.
func (l Layered) Open(name string) (fs.File, error) {
	for i, f := range l {
		file, err := f.Open(name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) || i == len(l)-1 {
			return file, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// Stat describes name in the first file system that has it, with fs.Stat
// (which opens the file only when that file system cannot stat it).
func (l Layered) Stat(name string) (fs.FileInfo, error) {
	for i, f := range l {
		info, err := fs.Stat(f, name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) || i == len(l)-1 {
			return info, err
		}
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

// Resolve finds the scenario a command line names: the file system to load
// it from and its name there.
//
//   - An argument with a path separator, or ending in .toml, that exists on
//     disk is that file (./kz-scanners, my.toml, dir/x.toml), read with
//     the shipped files behind it (it may extend them).
//   - A bare name (kz-scanners, or kz-scanners.toml when no such file is on
//     disk) is the shipped scenario of that name, whatever the current
//     directory holds: a file or directory named like a shipped scenario
//     never replaces it.
//   - A bare name that is not shipped but is a file in the current directory
//     is refused, with the path to write instead (./NAME).
func Resolve(arg string) (fs.FS, string, error) {
	isPath := strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator)
	if isPath || strings.HasSuffix(arg, ".toml") {
		if _, err := os.Lstat(arg); err == nil {
			dir, base := filepath.Split(arg)
			if dir == "" {
				dir = "."
			}
			return Layered{os.DirFS(dir), FS}, base, nil
		}
		if isPath {
			return nil, "", fmt.Errorf("no scenario file %s on disk", arg)
		}
	}
	name := arg
	if !strings.HasSuffix(name, ".toml") {
		name += ".toml"
	}
	if _, err := fs.Stat(FS, name); err == nil {
		return FS, name, nil
	}
	if _, err := os.Lstat(arg); err == nil {
		return nil, "", fmt.Errorf("no shipped scenario %s: to use the file %s in this directory, write ./%s (a bare name is a shipped scenario)", arg, arg, arg)
	}
	return nil, "", fmt.Errorf("no scenario file %s on disk, and no shipped scenario of that name (shipped: %s; hourglass list scenarios describes them)", arg, strings.Join(Names(), ", "))
}

// Names names the shipped scenarios as a command line names them: every
// embedded file but the network and the targets, without ".toml".
func Names() []string {
	files, _ := fs.Glob(FS, "*.toml") // a fixed, valid pattern
	var names []string
	for _, f := range files {
		if f != "network.toml" && f != "targets.toml" {
			names = append(names, strings.TrimSuffix(f, ".toml"))
		}
	}
	return names
}
