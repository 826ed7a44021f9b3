package job

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Bar shows a job's progress as text (Options.Progress = bar.Set): a bar
// with ETA on a terminal, a plain line every 10% otherwise, nothing when
// quiet.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	quiet    bool
	terminal bool
	total    int
	count    int
	started  time.Time
	lastPct  int
	lastDraw time.Time
}

// NewBar is a Bar written to w (a terminal when w is one).
func NewBar(w io.Writer, quiet bool) *Bar {
	p := &Bar{w: w, quiet: quiet}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

// Set records that done of total are finished (a new total restarts the
// clock).
func (p *Bar) Set(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if total != p.total {
		p.total, p.started, p.lastPct = total, time.Now(), 0
	}
	p.count = done
	if p.quiet || p.total == 0 || p.count == 0 {
		return
	}
	elapsed := time.Since(p.started)
	eta := time.Duration(float64(elapsed) / float64(p.count) * float64(p.total-p.count)).Round(time.Second)
	pct := 100 * p.count / p.total
	if p.terminal {
		if time.Since(p.lastDraw) < 100*time.Millisecond && p.count < p.total {
			return
		}
		p.lastDraw = time.Now()
		width := 30
		filled := width * p.count / p.total
		fmt.Fprintf(p.w, "\r[%s%s] %3d%% %d/%d ETA %s ", strings.Repeat("#", filled), strings.Repeat(".", width-filled), pct, p.count, p.total, eta)
		return
	}
	if pct/10 > p.lastPct/10 || p.count == p.total {
		p.lastPct = pct
		fmt.Fprintf(p.w, "progress: %d/%d replications (%d%%), ETA %s\n", p.count, p.total, pct, eta)
	}
}

// Done ends the bar's line on a terminal.
func (p *Bar) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && !p.quiet && p.total > 0 {
		fmt.Fprintln(p.w)
	}
	p.total = 0
}

// Interruptible returns a context cancelled by the first SIGINT or SIGTERM
// (Ctrl-C; what Kubernetes and Slurm send), after calling first: a job
// given it stops after the work in progress and writes what it can (a run a
// resumable directory, a study or sensitivity analysis nothing). A second
// signal calls again (the command line exits). stop releases the signals,
// unless one came: then the process is on its way out with the status the
// interruption gives it, and a later signal is swallowed rather than left
// to kill it with the default action before it can exit.
func Interruptible(first, again func()) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	finished := make(chan struct{})
	var interrupted atomic.Bool
	go func() {
		select {
		case <-sigs:
		case <-finished:
			return
		}
		interrupted.Store(true)
		first()
		cancel()
		select {
		case <-sigs:
			again()
		case <-finished:
		}
	}()
	return ctx, func() {
		if !interrupted.Load() {
			signal.Stop(sigs) // still Notify'd after an interruption: the channel's buffer drops what comes
		}
		close(finished)
		cancel()
	}
}
