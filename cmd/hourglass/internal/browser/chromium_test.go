package browser

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// chromium returns Chromium's path, or skips the test without it, unless
// HOURGLASS_BROWSER_TEST=require (CI), which fails it. The path is
// HOURGLASS_CHROMIUM when set (make test sets it to chromium's path on PATH,
// or to nothing): go test keys its cached results on the environment a test
// reads, not on files outside the module, so a result cached without
// Chromium is run again once it is installed, and the other way round.
func chromium(t *testing.T) string {
	t.Helper()
	name := os.Getenv("HOURGLASS_CHROMIUM")
	if name == "" {
		name = "chromium"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("HOURGLASS_BROWSER_TEST") == "require" {
			t.Fatalf("%v, and HOURGLASS_BROWSER_TEST=require: run scripts/install-chromium.sh", err)
		}
		t.Skipf("%v: run scripts/install-chromium.sh to run the browser test (CI does)", err)
	}
	return bin
}

// runChromium opens the local page in headless Chromium (chromiumArgs, a
// fresh profile, 10 s of virtual time for its scripts) with the extra
// flags, and returns what Chromium prints (the DOM with --dump-dom).
func runChromium(t *testing.T, bin, page string, extra ...string) []byte {
	t.Helper()
	abs, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append(append(append([]string{}, chromiumArgs...), "--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000"), extra...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+abs)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
	}
	return out
}
