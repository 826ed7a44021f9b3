//go:build unix

package job

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunLogRefusesALink: a calibration's or ensemble comparison's log
// that is a symbolic link (a received results directory may hold one under
// the log's name) is neither read, truncated nor appended to: opening it
// for a resume, or reading it for a merge, fails and the file it points to
// is untouched.
func TestRunLogRefusesALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	const text = "{\"key\":1,\"in\":[],\"out\":[]}\ntorn"
	os.WriteFile(victim, []byte(text), 0o644)
	log := filepath.Join(dir, CalibrationLog)
	if err := os.Symlink(victim, log); err != nil {
		t.Fatal(err)
	}
	if l, err := openRunLog(log); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		if l != nil {
			l.close()
		}
		t.Errorf("openRunLog of a link: %v, want a refusal", err)
	}
	if _, err := readRunLog(log); err == nil {
		t.Error("readRunLog read a link")
	}
	if data, _ := os.ReadFile(victim); string(data) != text {
		t.Errorf("the file the link points to is now %q", data)
	}
}
