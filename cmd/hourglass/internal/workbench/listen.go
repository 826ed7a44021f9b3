package workbench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// Token is the token a workbench served on addr requires: the one given,
// none on a loopback address, or a new one (generated: 128 random bits) on
// any other address. A token given must be strong enough to stand between
// the workbench and a network (checkToken).
func Token(addr, given string) (token string, generated bool, err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, fmt.Errorf("--addr %q: want host:port, such as 127.0.0.1:8080", addr)
	}
	if given != "" {
		return given, false, checkToken(given)
	}
	if isLoopback(host) {
		return "", false, nil
	}
	token, err = randomHex(16)
	return token, err == nil, err
}

// Address is what a browser opens for a workbench bound to addr (its port
// as bound): this machine's name when addr names no host, and the token
// when there is one.
func Address(addr string, bound net.Addr, token string) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(bound.String())
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		if name, err := os.Hostname(); err == nil {
			host = name
		}
	}
	url := "http://" + net.JoinHostPort(host, port) + "/"
	if token != "" {
		url += "?token=" + token
	}
	return url
}

// Bounds on a token given with --token: a token guessed in a few thousand
// tries (--token a) would open the workbench, and with it the files of the
// workspace, to anyone on the network.
const (
	MinTokenLen      = 16 // characters
	MinTokenDistinct = 8  // different characters among them
)

// checkToken refuses a token shorter than MinTokenLen characters or with
// fewer than MinTokenDistinct different characters (aaaaaaaaaaaaaaaa,
// 1212121212121212), or with a character a URL or a header would mangle.
func checkToken(t string) error {
	distinct := map[rune]bool{}
	for _, r := range t {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`"%&+#;,\`, r) {
			return fmt.Errorf("--token: only printable ASCII without spaces or \"%%&+#;,\\ (it goes into an address and a header)")
		}
		distinct[r] = true
	}
	if len(t) < MinTokenLen || len(distinct) < MinTokenDistinct {
		return fmt.Errorf("--token: %d characters, %d different: too easy to guess (want at least %d characters, %d different; leave --token out and one of 128 random bits is generated)",
			len(t), len(distinct), MinTokenLen, MinTokenDistinct)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve serves the workbench on ln until ctx is done or the server fails;
// then it stops the run in progress (it writes what it has and stays
// resumable) and the server.
func (w *Workbench) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: w.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		w.cfg.Logf("stopping (a run in progress writes what it has and stays resumable)")
	}
	w.Close()
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(stop)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
