package workbench

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// MaxBody is the most bytes a request body may carry, a TOML upload
// included: a scenario file of the workspace is a few KB (the shipped
// network, the largest file, is about 100 KB).
const MaxBody = 1 << 20

// sessionCookie begins the name of the cookie that lets a browser in
// after a first visit with ?token= (cookieName adds the port).
const sessionCookie = "hourglass_session_"

// nameRE is what a scenario or results directory name from the browser may
// be: it can never be "..", hold a slash or start with a dot.
var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// validName reports whether s may name a file or directory of the workspace.
func validName(s string) bool { return nameRE.MatchString(s) }

// guard wraps every route with the workbench's checks, in order:
//
//   - the token, when there is one: a session cookie (set by a first visit
//     with ?token=T, which then redirects to the same page without it) or
//     an Authorization: Bearer T header, compared in constant time; missing
//     is 401, wrong is 403;
//   - without a token (loopback only), the Host must be a loopback name, so
//     a web page whose domain resolves to 127.0.0.1 (DNS rebinding) is
//     refused;
//   - a POST must come from a page of this origin (Origin, else Referer)
//     and carry the CSRF token of the page's form; its body is limited to
//     MaxBody bytes (413 beyond);
//   - every answer carries headers that keep other sites from framing or
//     sniffing it.
func (w *Workbench) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		h := rw.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		// the workbench's own pages load only their own style and script
		// (a report served from a results directory sets its own)
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
		if w.cfg.Token != "" {
			// a report's address carries its own key (reportFile): a
			// sandboxed report sends no cookie for its figures
			if !strings.HasPrefix(r.URL.Path, "/report/") && !w.tokenOK(rw, r) {
				return
			}
		} else if !loopbackHost(r.Host) {
			http.Error(rw, fmt.Sprintf("host %q refused: without --token the workbench answers only to 127.0.0.1 or localhost", r.Host), http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if r.Method != http.MethodPost {
				http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			if err := sameOrigin(r); err != nil {
				http.Error(rw, "refused: "+err.Error(), http.StatusForbidden)
				return
			}
			r.Body = http.MaxBytesReader(rw, r.Body, MaxBody)
			var err error
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				err = r.ParseMultipartForm(MaxBody)
			} else {
				err = r.ParseForm()
			}
			if err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					http.Error(rw, fmt.Sprintf("request body larger than %d bytes", MaxBody), http.StatusRequestEntityTooLarge)
					return
				}
				http.Error(rw, "bad form: "+err.Error(), http.StatusBadRequest)
				return
			}
			if !equal(r.PostFormValue("csrf"), w.csrf) {
				http.Error(rw, "refused: the form's CSRF token is missing or stale (reload the page and try again)", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(rw, r)
	})
}

// tokenOK checks the request's token, answering it when it fails (or when
// it came as ?token=, to set the cookie and drop it from the address).
func (w *Workbench) tokenOK(rw http.ResponseWriter, r *http.Request) bool {
	if q := r.URL.Query().Get("token"); q != "" {
		if !equal(q, w.cfg.Token) {
			http.Error(rw, "wrong token", http.StatusForbidden)
			return false
		}
		http.SetCookie(rw, &http.Cookie{Name: cookieName(r), Value: w.session, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		u := *r.URL
		v := u.Query()
		v.Del("token")
		u.RawQuery = v.Encode()
		http.Redirect(rw, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	given, want := "", w.cfg.Token
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		given = strings.TrimPrefix(a, "Bearer ")
	} else if c, err := r.Cookie(cookieName(r)); err == nil {
		given, want = c.Value, w.session
	}
	switch {
	case given == "":
		http.Error(rw, "this workbench needs its token: open the address hourglass serve printed (with ?token=...)", http.StatusUnauthorized)
		return false
	case !equal(given, want):
		http.Error(rw, "wrong token", http.StatusForbidden)
		return false
	}
	return true
}

// cookieName is the session cookie's name for the port r came to.
//
// Browsers send a host's cookies to every port of it (RFC 6265 §8.5), and
// a __Host- cookie needs HTTPS, which the workbench does not serve: any
// service on another port of the same host receives this cookie. So the
// cookie never holds the token (it holds a value drawn when the server
// started, worthless once it stops, and the token, which may be reused,
// never leaves the address bar's first visit), and its name holds the port
// (two workbenches on one host keep their own). A service on another port
// of the host can still replay the cookie to this workbench while it runs:
// README, "The workbench".
func cookieName(r *http.Request) string {
	port := ""
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		_, port, _ = net.SplitHostPort(a.String())
	} else {
		_, port, _ = net.SplitHostPort(r.Host)
	}
	return sessionCookie + port
}

// sameOrigin checks that a POST comes from a page served by this host.
func sameOrigin(r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return fmt.Errorf("cross-origin request from %q", o)
		}
		return nil
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		if err != nil || u.Host != r.Host {
			return fmt.Errorf("cross-origin request (referer %q)", ref)
		}
		return nil
	}
	return errors.New("a form must be sent from the workbench's own pages (no Origin or Referer)")
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// reportPath is the address of results directory name's report.html, with
// the key that lets the report load its figures without the token's
// cookie: a report is served sandboxed, in an origin of its own, and a
// browser sends no SameSite cookie for what such a page loads. The key is
// an HMAC of the directory's name with a secret of this server, so it opens
// that directory's files, for reading, until the server stops.
func (w *Workbench) reportPath(name string) string {
	return "/report/" + w.reportMAC(name) + "/" + name + "/report.html"
}

func (w *Workbench) reportMAC(name string) string {
	m := hmac.New(sha256.New, w.reportKey)
	m.Write([]byte("report/" + name))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return hex.EncodeToString(b), nil
}
