package main

import (
	"fmt"
	"io"
	"net"

	"hourglass/cmd/hourglass/internal/workbench"
	"hourglass/scenarios"
)

var serveCmd = &command{name: "serve", usage: "serve [--addr 127.0.0.1:8080] [--dir WORKSPACE] [--token T]",
	short: "the workbench: edit scenarios, run comparisons and read reports in a browser", run: runServe}

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr, "Starts a local web application. WORKSPACE holds scenarios/ (your scenario\nfiles; the shipped ones are read-only) and results/ (one directory per run,\nthe same files as hourglass compare or sweep writes). It binds 127.0.0.1 by\ndefault; any other address needs --token (one is generated and printed when\nnot given), checked on every request. From another machine, prefer an SSH\ntunnel:\n  ssh -L 8080:127.0.0.1:8080 HOST\n")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	dir := fs.String("dir", "workspace", "workspace directory (created if missing)")
	token := fs.String("token", "", "access token required on every request (default: none on 127.0.0.1, generated otherwise)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("serve takes no arguments (got %q)", pos)
	}
	tok, generated, err := workbench.Token(*addr, *token)
	if err != nil {
		return usageError("%v", err)
	} else if generated {
		fmt.Fprintf(stderr, "hourglass serve: %s is not a loopback address: every request needs the token %s\n", *addr, tok)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	wb, err := workbench.New(workbench.Config{Dir: *dir, Shipped: scenarios.FS, Token: tok,
		Logf: func(format string, a ...any) { fmt.Fprintf(stderr, "hourglass serve: "+format+"\n", a...) }})
	if err != nil {
		ln.Close()
		return err
	}
	ctx, stop := interruptible(stderr) // a second signal exits at once
	defer stop()
	fmt.Fprintf(stdout, "hourglass workbench: open %s (workspace: %s; Ctrl-C stops it, and a run in progress stays resumable)\n", workbench.Address(*addr, ln.Addr(), tok), wb.Dir())
	return wb.Serve(ctx, ln)
}
