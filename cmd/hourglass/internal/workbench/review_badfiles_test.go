//go:build unix

package workbench

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBadFilesInTheWorkspace puts in the workspace's scenarios a file
// nested a million deep (after a string ending in extra quotes, which the
// old pre-scan misread), a named pipe and a link to /dev/zero. The
// scenario list read and decoded every workspace file without the loader's
// pre-scan, so one deep file overflowed the decoder's stack on every visit
// and killed the server, and a pipe hung it; now every page answers, and
// the deep file's page shows the loader's problem at its line.
func TestBadFilesInTheWorkspace(t *testing.T) {
	b := newBench(t, "")
	dir := filepath.Join(b.dir, "scenarios")
	deep := "x = \"\"\"a\"\"\"\"\ny = " + strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "deep.toml"), []byte(deep), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.toml")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/scenarios", "/scenarios/mine/deep", "/edit/mine/deep", "/scenarios/mine/deep/map.svg",
		"/scenarios/mine/pipe", "/edit/mine/pipe", "/scenarios/mine/zero", "/new", "/runs/new", "/"} {
		rec := b.do("GET", p, nil, nil)
		if rec.Code == http.StatusInternalServerError {
			t.Errorf("GET %s: %d %s", p, rec.Code, rec.Body.String())
		}
	}
	body := b.do("GET", "/scenarios/mine/deep", nil, nil).Body.String()
	if want := "deep.toml:2: arrays and tables nest more than 32 deep (allowed: at most 32)"; !strings.Contains(body, want) {
		t.Errorf("the deep file's page does not say %q", want)
	}
	if rec := b.do("GET", "/scenarios", nil, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "sary-tash-post") {
		t.Errorf("the scenario list: %d, without the shipped scenarios", rec.Code)
	}
}

// TestBadFilesListedWithTheirProblem: the scenario list shows a file nested
// too deep with the pre-scan's problem (not "not valid TOML"), and a named
// pipe with what it is (before, a pipe was simply not listed).
func TestBadFilesListedWithTheirProblem(t *testing.T) {
	b := newBench(t, "")
	dir := filepath.Join(b.dir, "scenarios")
	deep := "y = " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n"
	os.WriteFile(filepath.Join(dir, "deep.toml"), []byte(deep), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "broken.toml"), []byte("x = \n"), 0o644)
	body := b.do("GET", "/scenarios", nil, nil).Body.String()
	for _, want := range []string{"deep.toml:1: arrays and tables nest more than 32 deep (allowed: at most 32)",
		"pipe.toml: a named pipe, not a regular file", "not valid TOML: "} {
		if !strings.Contains(body, want) {
			t.Errorf("the scenario list does not say %q", want)
		}
	}
}
