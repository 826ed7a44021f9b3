package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"hourglass/cmd/hourglass/internal/workbench"
	"hourglass/scenarios"
	"hourglass/sim/job"
)

const (
	serveUsage = "serve [--addr 127.0.0.1:8080] [--dir WORKSPACE] [--token T]"
	serveShort = "the workbench: edit scenarios, run comparisons and read reports in a browser"
)

var serveCmd = &command{name: "serve", usage: serveUsage, short: serveShort, run: runServe}

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hourglass %s\n\n%s.\n\n%s\nFlags:\n", serveUsage, serveShort,
			"Starts a local web application. WORKSPACE holds scenarios/ (your scenario\nfiles; the shipped ones are read-only) and results/ (one directory per run,\nthe same files as hourglass compare or sweep writes). It binds 127.0.0.1 by\ndefault; any other address needs --token (one is generated and printed when\nnot given), checked on every request. From another machine, prefer an SSH\ntunnel:\n  ssh -L 8080:127.0.0.1:8080 HOST\n")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	dir := fs.String("dir", "workspace", "workspace directory (created if missing)")
	token := fs.String("token", "", "access token required on every request (default: none on 127.0.0.1, generated otherwise)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return &exitError{code: 2, msg: fmt.Sprintf("serve takes no arguments (got %q)", pos)}
	}
	tok, generated, err := serveToken(*addr, *token)
	if err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(stderr, "hourglass serve: %s is not a loopback address: every request needs the token %s\n", *addr, tok)
	}
	*token = tok
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	wb, err := workbench.New(workbench.Config{Dir: *dir, Shipped: scenarios.FS, Token: *token, Runner: runForWorkbench,
		Logf: func(format string, a ...any) { fmt.Fprintf(stderr, "hourglass serve: "+format+"\n", a...) }})
	if err != nil {
		ln.Close()
		return err
	}
	url := "http://" + reachable(*addr, ln.Addr()) + "/"
	if *token != "" {
		url += "?token=" + *token
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	srv := &http.Server{Handler: wb.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "hourglass workbench: open %s (workspace: %s; Ctrl-C stops it, and a run in progress stays resumable)\n", url, wb.Dir())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err = <-served:
	case <-sigs:
		fmt.Fprintln(stderr, "hourglass serve: stopping (a run in progress writes what it has and stays resumable)")
	}
	wb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// runForWorkbench runs a comparison or a sweep the workbench asks for
// through package job, as hourglass compare or sweep does with the same
// flags, so its results directory is the CLI's; cancelling ctx stops it as
// Ctrl-C does (resumable).
func runForWorkbench(ctx context.Context, req workbench.RunRequest, progress func(done, total int)) error {
	spec := job.Spec{Kind: job.Compare, Scenarios: req.Scenarios, N: req.N, Seed: req.Seed, Precision: req.Precision,
		Objective: req.Objective, Out: req.Dir, Resume: req.Resume}
	if req.Command() == "sweep" {
		spec.Kind = job.Sweep
		for _, v := range req.Vary {
			x, err := job.ParseVary(v)
			if err != nil {
				return err
			}
			spec.Design.Vary = append(spec.Design.Vary, x)
		}
		if err := job.ParseDesign(req.Design, &spec.Design); err != nil {
			return err
		}
	}
	j, err := job.Prepare(spec)
	if err != nil {
		return err
	}
	_, err = j.Run(ctx, job.Options{Progress: progress, Command: append([]string{"hourglass", req.Command()}, req.Args()...)})
	return err
}

// serveToken is the token a server on addr requires: the one given, none
// on a loopback address, or a new one (generated) on any other address.
func serveToken(addr, given string) (token string, generated bool, err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, &exitError{code: 2, msg: fmt.Sprintf("--addr %q: want host:port, such as 127.0.0.1:8080", addr)}
	}
	if given != "" || isLoopback(host) {
		return given, false, nil
	}
	token, err = newToken()
	return token, err == nil, err
}

// reachable is the host:port a browser opens for a server bound to addr
// (its port as bound): this machine's name when addr names no host.
func reachable(addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(bound.String())
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		if name, err := os.Hostname(); err == nil {
			host = name
		}
	}
	return net.JoinHostPort(host, port)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return hex.EncodeToString(b), nil
}
