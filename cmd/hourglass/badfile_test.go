//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestCheckFilesThatAreNoScenario: hourglass check decoded a file before
// the loader's pre-scan, to see whether it is a targets file, so a file
// nested deep crashed it, a pipe hung it and a link to /dev/zero read
// without end. Each is now refused with what it is, in the loader's words.
func TestCheckFilesThatAreNoScenario(t *testing.T) {
	parallel(t)
	dir := t.TempDir()
	deep := "x = \"\"\"a\"\"\"\"\ny = " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "deep.toml"), []byte(deep), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.toml")); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "big.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(40 << 20); err != nil { // sparse
		t.Fatal(err)
	}
	big.Close()
	for _, tt := range []struct{ file, want string }{
		{"deep.toml", "deep.toml:2: arrays and tables nest more than 32 deep (allowed: at most 32)\n"},
		{"pipe.toml", "pipe.toml: cannot read pipe.toml: a named pipe, not a regular file (allowed: a TOML file)\n"},
		{"zero.toml", "zero.toml: cannot read zero.toml: a character device, not a regular file (allowed: a TOML file)\n"},
		{"big.toml", "big.toml: file is larger than 4194304 bytes (allowed: at most 4194304)\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := realMain([]string{"check", filepath.Join(dir, tt.file)}, &stdout, &stderr)
		want := filepath.Join(dir, tt.want) + "hourglass check: 1 of 1 files have problems\n" // the file as the command line named it
		if code != 1 || stderr.String() != want || stdout.Len() != 0 {
			t.Errorf("check %s: exit %d, stdout %q, stderr\n%s\nwant\n%s", tt.file, code, stdout.String(), stderr.String(), want)
		}
	}
}

// TestBareNamesAreShipped: a file in the current directory named like a
// shipped scenario does not replace it, a directory named like one neither,
// and a bare name of a file here that is not shipped is refused with the
// path to write.
func TestBareNamesAreShipped(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("kz-scanners", []byte("this is not TOML [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("baseline", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("mine", []byte("extends = \"baseline.toml\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		arg          string
		code         int
		stdout, want string
	}{
		{"kz-scanners", 0, "kz-scanners: ok (kz-scanners:", ""},
		{"baseline", 0, "baseline: ok (baseline:", ""},
		{"./mine", 0, "./mine: ok (baseline:", ""}, // it extends the baseline, and takes its name
		{"mine", 1, "", "no shipped scenario mine: to use the file mine in this directory, write ./mine (a bare name is a shipped scenario)"},
		{"./kz-scanners", 1, "", "kz-scanners:1: "},
	} {
		var stdout, stderr bytes.Buffer
		code := realMain([]string{"check", tt.arg}, &stdout, &stderr)
		if code != tt.code || !strings.HasPrefix(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("check %s: exit %d\nstdout %s\nstderr %s", tt.arg, code, stdout.String(), stderr.String())
		}
	}
}
