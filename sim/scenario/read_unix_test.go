//go:build unix

package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"hourglass/sim/scenario"
)

// TestReadRefusesWhatIsNoFile loads, from a directory on disk, files that
// are not scenario files: a named pipe (opening it would block until
// something writes to it), a symbolic link to /dev/zero (it never ends), a
// directory, a 40 MB file, and a scenario that extends a pipe. Each is
// refused before it is read, with what it is.
func TestReadRefusesWhatIsNoFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "big.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(40 << 20); err != nil { // sparse: no 40 MB written
		t.Fatal(err)
	}
	big.Close()
	if err := os.WriteFile(filepath.Join(dir, "extends-pipe.toml"), []byte("extends = \"pipe.toml\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	for _, tt := range []struct {
		name, want string
		is         error
	}{
		{"pipe.toml", "pipe.toml: cannot read pipe.toml: a named pipe, not a regular file (allowed: a TOML file)", scenario.ErrNotRegular},
		{"zero.toml", "zero.toml: cannot read zero.toml: a character device, not a regular file (allowed: a TOML file)", scenario.ErrNotRegular},
		{"dir.toml", "dir.toml: cannot read dir.toml: a directory, not a regular file (allowed: a TOML file)", scenario.ErrNotRegular},
		{"big.toml", "big.toml: file is larger than 4194304 bytes (allowed: at most 4194304)", scenario.ErrTooLarge},
		{"extends-pipe.toml", "extends-pipe.toml: cannot read pipe.toml: a named pipe, not a regular file (allowed: a TOML file)", nil},
	} {
		_, err := scenario.Load(fsys, tt.name)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v\nwant %s", tt.name, err, tt.want)
		}
		if _, err := scenario.Prepare(fsys, tt.name); err == nil || err.Error() != tt.want {
			t.Errorf("Prepare %s: got %v\nwant %s", tt.name, err, tt.want)
		}
		if tt.is == nil {
			continue
		}
		if _, err := scenario.ReadFile(fsys, tt.name); !errors.Is(err, tt.is) {
			t.Errorf("ReadFile %s: %v, want %v", tt.name, err, tt.is)
		}
	}
}
