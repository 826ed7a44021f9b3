package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"hourglass/sim/results"
)

// The invariant every test here checks, whatever the fault: a results
// directory either holds exactly the files of an uninterrupted run (after
// --resume, when it needed one) or the tool refuses it with a message that
// says what to do; never a success with other data.

// faultyRun runs hourglass with the fault spec armed, recovering the panic
// of a crash fault as if the process had been killed there. It reports
// whether the fault struck.
func faultyRun(t *testing.T, spec string, args ...string) (struck bool) {
	t.Helper()
	if err := results.ArmFault(spec); err != nil {
		t.Fatal(err)
	}
	defer results.ArmFault("")
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(results.Crash); !ok {
				panic(r)
			}
			struck = true
		}
	}()
	var out, errb bytes.Buffer
	code := realMain(args, &out, &errb)
	if code == 0 {
		return false
	}
	if !strings.Contains(errb.String(), results.ErrInjected.Error()) {
		t.Fatalf("fault %s: status %d without the injected fault:\n%s%s", spec, code, out.String(), errb.String())
	}
	return true
}

// checkClaim fails the test if dir's manifest says complete and its files
// are not those of ref: a directory must never claim what it does not hold.
func checkClaim(t *testing.T, ref, dir string) {
	t.Helper()
	m, err := results.ReadManifest(dir)
	if err != nil || !m.Complete {
		return
	}
	if err := results.Verify(dir, m); err != nil {
		t.Errorf("a directory that says complete does not verify: %v", err)
	}
	sameFiles(t, ref, dir)
}

// resumeOrRefuse resumes dir and checks the invariant: identical files to
// ref, or a refusal that says to run the experiment again.
func resumeOrRefuse(t *testing.T, ref, dir string, args []string) (refused bool) {
	t.Helper()
	var out, errb bytes.Buffer
	code := realMain(append(args, "--resume", dir), &out, &errb)
	if code != 0 {
		if !strings.Contains(errb.String(), "run the experiment again") {
			t.Errorf("resume: status %d without a clear refusal:\n%s%s", code, out.String(), errb.String())
		}
		return true
	}
	sameFiles(t, ref, dir)
	m, err := results.ReadManifest(dir)
	if err != nil || !m.Complete {
		t.Errorf("resumed: manifest %v, complete %v", err, m.Complete)
	} else if err := results.Verify(dir, m); err != nil {
		t.Error(err)
	}
	return false
}

// tracedRun runs hourglass and returns its file operations. With every
// fault (allFaults), the reports of this test draw their figures, so that
// the writes of the figures are faulted too.
func tracedRun(t *testing.T, args ...string) []string {
	t.Helper()
	if allFaults() {
		withFigures(t)
	}
	results.ArmFault("trace")
	hourglass(t, args...)
	ops := results.FaultOps()
	results.ArmFault("")
	if len(ops) < 10 {
		t.Fatalf("only %d file operations in a run: %v", len(ops), ops)
	}
	return ops
}

// faultPoints are the operations (counted from 1) to fault. For speed, the
// files written alike while the manifest says incomplete are represented
// by the first and the last of them: the summaries by segment_flows.csv and
// summary.csv, the figures by the first; HOURGLASS_TEST_FULL=1 faults
// every operation.
func faultPoints(ops []string) []int {
	alike := []string{results.BreakdownFile, results.EffortsFile, results.MobileFile, results.MonthlyFile, results.SummaryJSONFile}
	all := allFaults()
	var at []int
	for i, op := range ops {
		figure := strings.Contains(op, "figures")
		if !all && (figure && i > 0 && strings.Contains(ops[i-1], "figures") || slices.Contains(alike, filepath.Base(op))) {
			continue
		}
		at = append(at, i+1)
	}
	return at
}

// TestFaultAtEveryFileOperation kills the run (a crash fault) at every file
// operation in turn (faultPoints), and fills the disk at every fourth, then
// resumes.
func TestFaultAtEveryFileOperation(t *testing.T) {
	skipShort(t)
	args := []string{"run", "-n", "3", "--seed", "5", "-j", "2", "--quiet", "baseline"}
	tmp := t.TempDir()
	ref := filepath.Join(tmp, "ref")
	ops := tracedRun(t, append(args, "--out", ref)...)
	for k, at := range faultPoints(ops) {
		for _, kind := range []string{"crash:", ""} {
			if kind == "" && k%4 != 0 {
				continue
			}
			spec := fmt.Sprint(kind, at)
			dir := filepath.Join(tmp, strings.ReplaceAll(spec, ":", "-"))
			if !faultyRun(t, spec, append(args, "--out", dir)...) {
				t.Fatalf("fault %s (%s) did not strike", spec, ops[at-1])
			}
			checkClaim(t, ref, dir)
			// The manifest is the first file written: after it, a run is
			// always resumable.
			if resumeOrRefuse(t, ref, dir, args) && at > 2 {
				t.Errorf("fault %s (%s): resume refused", spec, ops[at-1])
			}
		}
	}
}

// TestFaultDuringResume crashes a resume at every other file operation
// (faultPoints), then resumes again.
func TestFaultDuringResume(t *testing.T) {
	skipShort(t)
	args := []string{"run", "-n", "4", "--seed", "6", "-j", "2", "--quiet", "baseline"}
	tmp := t.TempDir()
	ref := filepath.Join(tmp, "ref")
	hourglass(t, append(args, "--out", ref)...)
	interrupted := filepath.Join(tmp, "interrupted")
	interruptAfter(t, 2)
	var out, errb bytes.Buffer
	if code := realMain(append(args, "--out", interrupted), &out, &errb); code != 130 {
		t.Fatalf("interrupted run: status %d\n%s", code, errb.String())
	}
	interruptAfter(t, 0)
	copyDir := func(to string) {
		if err := os.CopyFS(to, os.DirFS(interrupted)); err != nil {
			t.Fatal(err)
		}
	}
	traced := filepath.Join(tmp, "traced")
	copyDir(traced)
	ops := tracedRun(t, append(args, "--resume", traced)...)
	sameFiles(t, ref, traced)
	for k, at := range faultPoints(ops) {
		if k%2 == 1 && !allFaults() {
			continue
		}
		dir := filepath.Join(tmp, fmt.Sprint(at))
		copyDir(dir)
		if !faultyRun(t, fmt.Sprint("crash:", at), append(args, "--resume", dir)...) {
			t.Fatalf("crash %d (%s) did not strike", at, ops[at-1])
		}
		checkClaim(t, ref, dir)
		if resumeOrRefuse(t, ref, dir, args) {
			t.Errorf("crash %d (%s) of a resume: the next resume refused", at, ops[at-1])
		}
	}
}

// TestTornCompleteDirectory: a complete directory whose files were torn or
// changed after the fact is rebuilt from its log by --resume (a shard keeps
// its log) or refused (an unsharded run keeps none), and refused by merge.
func TestTornCompleteDirectory(t *testing.T) {
	parallel(t)
	skipShort(t)
	tmp := t.TempDir()
	args := []string{"compare", "-n", "4", "--seed", "8", "-j", "2", "--quiet", "baseline", "kz-scanners"}
	full, a, b := filepath.Join(tmp, "full"), filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	hourglass(t, append(args, "--out", full)...)
	hourglass(t, append(args, "--shard", "0/2", "--out", a)...)
	hourglass(t, append(args, "--shard", "1/2", "--out", b)...)
	sa := filepath.Join(tmp, "a-ref")
	hourglass(t, append(args, "--shard", "0/2", "--out", sa)...)

	tear := func(dir, file string) {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, file), data[:len(data)/2], 0o644)
	}
	// Nothing to do for a complete directory that verifies.
	if out := hourglass(t, append(args, "--shard", "0/2", "--resume", a)...); !strings.Contains(out, "complete already") {
		t.Errorf("resume of a complete shard: %s", out)
	}
	// A torn shard is refused by merge, naming the file.
	tear(a, results.BreakdownFile)
	var out, errb bytes.Buffer
	if code := realMain([]string{"merge", "--out", filepath.Join(tmp, "m1"), a, b}, &out, &errb); code == 0 ||
		!strings.Contains(errb.String(), "breakdown.csv has") {
		t.Errorf("merge of a torn shard: status %d, %s", code, errb.String())
	}
	// A torn log too.
	tear(b, results.LogFile)
	if code := realMain([]string{"merge", "--out", filepath.Join(tmp, "m2"), sa, b}, &out, &errb); code == 0 ||
		!strings.Contains(errb.String(), "replications.log has") {
		t.Errorf("merge of a shard with a torn log: status %d, %s", code, errb.String())
	}
	// --resume rebuilds the torn shard from its log.
	errb.Reset()
	if code := realMain(append(args, "--shard", "0/2", "--resume", a), &out, &errb); code != 0 || !strings.Contains(errb.String(), "rebuilt from the log") {
		t.Fatalf("resume of a torn shard: status %d, %s", code, errb.String())
	}
	sameFiles(t, sa, a)
	// An unsharded run keeps no log: refused.
	tear(full, results.SummaryJSONFile)
	errb.Reset()
	if code := realMain(append(args, "--resume", full), &out, &errb); code != 1 ||
		!strings.Contains(errb.String(), "summary.json has") || !strings.Contains(errb.String(), "run the experiment again") {
		t.Errorf("resume of a torn complete run: status %d, %s", code, errb.String())
	}
}

// TestExclusiveOutput: a second run on a directory in use, or on one that
// holds another run's files, is refused; default names never collide.
func TestExclusiveOutput(t *testing.T) {
	parallel(t)
	dir := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(dir, 0o755)
	unlock, err := results.Lock(dir) // as another process writing there
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"run", "-n", "1", "--quiet", "baseline"}
	var out, errb bytes.Buffer
	if code := realMain(append(args, "--out", dir), &out, &errb); code != 1 || !strings.Contains(errb.String(), "another hourglass is writing to it (pid ") {
		t.Errorf("run on a locked directory: status %d, %s", code, errb.String())
	}
	if code := realMain(append(args, "--resume", dir), &out, &errb); code != 1 || !strings.Contains(errb.String(), "another hourglass is writing") {
		t.Errorf("resume of a locked directory: status %d, %s", code, errb.String())
	}
	unlock()
	if left, _ := results.Leftovers(dir); len(left) != 0 {
		t.Errorf("a refused run left %v", left)
	}
	os.WriteFile(filepath.Join(dir, "report.html"), []byte("an older run's"), 0o644)
	errb.Reset()
	if code := realMain(append(args, "--out", dir), &out, &errb); code != 1 || !strings.Contains(errb.String(), "holds files of another run (report.html)") {
		t.Errorf("run on a used directory: status %d, %s", code, errb.String())
	}

}

// TestSignals runs hourglass as a child process and stops it with SIGTERM
// (what Kubernetes and Slurm send), two SIGTERMs (the second stops it at
// once) and SIGKILL; --resume then gives the files of an uninterrupted run.
func TestSignals(t *testing.T) {
	parallel(t)
	skipShort(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"run", "-n", "20", "--seed", "9", "-j", "2", "--quiet", "baseline"}
	tmp := t.TempDir()
	ref := filepath.Join(tmp, "ref")
	hourglass(t, append(args, "--out", ref)...)
	for _, tt := range []struct {
		name string
		sigs []syscall.Signal
		code int
	}{
		{"term", []syscall.Signal{syscall.SIGTERM}, 130},
		{"term-twice", []syscall.Signal{syscall.SIGTERM, syscall.SIGTERM}, 130},
		{"kill", []syscall.Signal{syscall.SIGKILL}, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(tmp, tt.name)
			cmd := exec.Command(exe, append(args, "--out", dir)...)
			cmd.Env = append(os.Environ(), "HOURGLASS_TEST_MAIN=1", "HOURGLASS_TEST_HOLD=1")
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Signal once a replication is in the log (the child then
			// holds until the signal comes: holdUntilSignal).
			deadline := time.Now().Add(20 * time.Second)
			for {
				if st, err := os.Stat(filepath.Join(dir, results.LogFile)); err == nil && st.Size() > 1000 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no replication logged")
				}
				time.Sleep(5 * time.Millisecond)
			}
			for _, s := range tt.sigs {
				cmd.Process.Signal(s)
				time.Sleep(2 * time.Millisecond)
			}
			waitErr := cmd.Wait()
			m, err := results.ReadManifest(dir)
			if err != nil {
				t.Fatalf("no manifest after %s: %v", tt.name, err)
			}
			if m.Complete {
				t.Fatalf("the run finished before the signal (the child holds after its first replication until it comes)")
			}
			var exit *exec.ExitError
			if !errors.As(waitErr, &exit) || exit.ExitCode() != tt.code {
				t.Errorf("after %s: status %v, want exit status %d\n%s%s", tt.name, waitErr, tt.code, out.String(), errb.String())
			}
			if resumeOrRefuse(t, ref, dir, args) {
				t.Errorf("resume after %s refused", tt.name)
			}
		})
	}
}
