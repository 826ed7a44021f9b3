//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"hourglass/sim/results"
)

// TestSensitivitySignal: hourglass sensitivity stopped by SIGTERM says
// that it was interrupted and that nothing was written, exits 130, and
// leaves a directory a new analysis can use; stopped at once by a second
// signal, its directory (an incomplete manifest alone) is still one a new
// analysis can use. Before, SIGTERM killed it silently, and the directory
// was refused as holding another run's files.
func TestSensitivitySignal(t *testing.T) {
	parallel(t)
	skipShort(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	scenario := tinyUncertain(t)
	for _, sigs := range [][]syscall.Signal{{syscall.SIGTERM}, {syscall.SIGTERM, syscall.SIGTERM}} {
		dir := filepath.Join(t.TempDir(), "sens")
		cmd := exec.Command(exe, "sensitivity", "--method", "sobol", "-N", "5000", "--reps", "1", "-j", "1", "--out", dir, scenario)
		cmd.Env = append(os.Environ(), "HOURGLASS_TEST_MAIN=1")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			if _, err := os.Stat(filepath.Join(dir, results.ManifestFile)); err == nil {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("the analysis never claimed its directory")
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // evaluating
		for _, s := range sigs {
			cmd.Process.Signal(s)
			time.Sleep(time.Millisecond)
		}
		waitErr := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(waitErr, &exit) || exit.ExitCode() != 130 {
			t.Errorf("%d signals: %v, want exit status 130\n%s", len(sigs), waitErr, errb.String())
		}
		if len(sigs) == 1 && !strings.Contains(errb.String(), "hourglass sensitivity: interrupted (nothing written)") {
			t.Errorf("one signal: stderr does not say what happened:\n%s", errb.String())
		}
		var o, e bytes.Buffer
		if code := realMain([]string{"sensitivity", "--method", "morris", "-r", "2", "--levels", "2", "--reps", "1", "-j", "1", "--quiet", "--out", dir, scenario}, &o, &e); code != 0 {
			t.Errorf("%d signals: a new analysis into the directory: status %d\n%s", len(sigs), code, e.String())
		}
	}
}
