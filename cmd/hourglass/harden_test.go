package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoubleDashEndsFlags: after "--" every argument is a scenario, even
// one shaped like a flag: hourglass run -- baseline --cpuprofile=FILE is two
// scenarios (refused: run takes one), and FILE is not written. Before, the
// arguments after the first positional one were parsed as flags again, so
// the profile was written.
func TestDoubleDashEndsFlags(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "prof")
	var stdout, stderr bytes.Buffer
	code := realMain([]string{"run", "-n", "1", "--quiet", "--out", filepath.Join(dir, "res"), "--", "baseline", "--cpuprofile=" + prof}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "run takes one scenario") {
		t.Errorf("exit status %d, stderr %q; want 2 and run takes one scenario", code, stderr.String())
	}
	if _, err := os.Stat(prof); err == nil {
		t.Errorf("%s written: a scenario after -- was read as a flag", prof)
	}
}
