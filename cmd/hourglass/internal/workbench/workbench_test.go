package workbench

import (
	"context"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/results"
)

const host = "127.0.0.1:8080"

// fakeRunner records the requests it gets and runs until cancelled or
// released.
type fakeRunner struct {
	mu      sync.Mutex
	reqs    []job.Spec
	started chan struct{}
	release chan struct{}
}

func newFakeRunner() *fakeRunner {
	return &fakeRunner{started: make(chan struct{}, 10), release: make(chan struct{})}
}

func (f *fakeRunner) run(ctx context.Context, spec job.Spec, progress func(done, total int)) error {
	f.mu.Lock()
	f.reqs = append(f.reqs, spec)
	f.mu.Unlock()
	progress(1, 4)
	f.started <- struct{}{}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-f.release:
		progress(4, 4)
		return nil
	}
}

// requests are the requests the runner got so far.
func (f *fakeRunner) requests() []job.Spec {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]job.Spec(nil), f.reqs...)
}

type bench struct {
	t    *testing.T
	w    *Workbench
	h    http.Handler
	dir  string
	run  *fakeRunner
	csrf string
}

func newBench(t *testing.T, token string) *bench {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	f := newFakeRunner()
	w, err := New(Config{Dir: dir, Shipped: scenarios.FS, Token: token, Runner: f.run})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return &bench{t: t, w: w, h: w.Handler(), dir: dir, run: f, csrf: w.csrf}
}

// do sends a request from a page of the workbench (Host and Origin its own).
func (b *bench) do(method, target string, form url.Values, header map[string]string) *httptest.ResponseRecorder {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	r.Host = host
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		r.Header.Set("Origin", "http://"+host)
	}
	for k, v := range header {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, r)
	return rec
}

// upload posts the editor's form as multipart, with fields and a TOML file.
func (b *bench) upload(fields map[string]string, file string) *httptest.ResponseRecorder {
	b.t.Helper()
	var body strings.Builder
	w := multipart.NewWriter(&body)
	w.SetBoundary("B")
	w.WriteField("csrf", b.csrf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	f, _ := w.CreateFormFile("file", "whatever.toml")
	io.WriteString(f, file)
	w.Close()
	r := httptest.NewRequest("POST", "/edit", strings.NewReader(body.String()))
	r.Host = host
	r.Header.Set("Origin", "http://"+host)
	r.Header.Set("Content-Type", w.FormDataContentType())
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, r)
	return rec
}

// fakeResults makes results directories holding a report and a figure.
func (b *bench) fakeResults(names ...string) {
	for _, n := range names {
		d := filepath.Join(b.dir, "results", n)
		os.MkdirAll(filepath.Join(d, "figures"), 0o755)
		os.WriteFile(filepath.Join(d, "report.html"), []byte("<h1>"+n+"</h1>"), 0o644)
		os.WriteFile(filepath.Join(d, "figures", "seized.svg"), []byte("<svg/>"), 0o644)
	}
}

// startRun queues a comparison of sary-tash-post against the baseline (4
// replications, seed 7) and returns its results directory's name.
func (b *bench) startRun(t *testing.T) string {
	t.Helper()
	rec := b.post("/runs", url.Values{"baseline": {"shipped/baseline"}, "alt": {"shipped/sary-tash-post"}, "n": {"4"}, "seed": {"7"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("start: %d %s", rec.Code, rec.Body.String())
	}
	return strings.TrimPrefix(rec.Header().Get("Location"), "/results/")
}

func (b *bench) post(target string, form url.Values) *httptest.ResponseRecorder {
	form.Set("csrf", b.csrf)
	return b.do(http.MethodPost, target, form, nil)
}

func TestPagesOpen(t *testing.T) {
	b := newBench(t, "")
	for _, p := range []string{"/", "/scenarios", "/scenarios/shipped/sary-tash-post", "/new", "/runs/new", "/results",
		"/edit/shipped/baseline", "/static/app.js", "/scenarios/shipped/sary-tash-post/map.svg"} {
		if rec := b.do("GET", p, nil, nil); rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %s", p, rec.Code, rec.Body.String())
		}
	}
	if body := b.do("GET", "/", nil, nil).Body.String(); !strings.Contains(body, "What to do first") {
		t.Error("the first page does not say what to do first")
	}
}

// TestPathTraversalRefused tries to reach a file beside the workspace by
// every road: dot-dot segments plain and encoded, absolute paths, a name
// with a slash, and a symbolic link out of a results directory.
func TestPathTraversalRefused(t *testing.T) {
	b := newBench(t, "")
	secret := filepath.Join(filepath.Dir(b.dir), "secret.txt")
	os.WriteFile(secret, []byte("SECRET"), 0o644)
	run := filepath.Join(b.dir, "results", "run1")
	os.MkdirAll(run, 0o755)
	os.WriteFile(filepath.Join(run, "report.html"), []byte("<p>report</p>"), 0o644)
	if err := os.Symlink(filepath.Dir(b.dir), filepath.Join(run, "out")); err != nil {
		t.Fatal(err)
	}
	if rec := b.do("GET", "/results/run1/files/report.html", nil, nil); rec.Code != 200 || rec.Body.String() != "<p>report</p>" {
		t.Fatalf("the report itself: %d %q", rec.Code, rec.Body.String())
	} else if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox allow-scripts") {
		t.Errorf("a report is served unsandboxed: %q", csp)
	}
	for _, p := range []string{
		"/results/run1/files/../../../secret.txt",
		"/results/run1/files/%2e%2e/%2e%2e/%2e%2e/secret.txt",
		"/results/run1/files/..%2f..%2f..%2fsecret.txt",
		"/results/run1/files/out/secret.txt",
		"/results/run1/files/" + url.PathEscape(secret),
		"/results/run1/files//" + secret,
		"/results/..%2f..%2fsecret.txt/files/x",
		"/results/%2e%2e/files/secret.txt",
		"/scenarios/mine/..%2f..%2fsecret",
		"/edit/mine/%2e%2e%2fsecret",
		"/edit/..%2f..%2f/secret",
		"/side?a=..%2f..&b=run1",
	} {
		rec := b.do("GET", p, nil, nil)
		if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("GET %s: %d, %q", p, rec.Code, rec.Body.String())
		}
	}
	// a name from a form never becomes a path outside scenarios/
	text := "extends = \"baseline.toml\"\n"
	for _, name := range []string{"../evil", "..", "/tmp/evil", "a/b", ".hidden", "Evil"} {
		rec := b.post("/edit", url.Values{"name": {name}, "toml": {text}, "action": {"save"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "use lower-case letters") {
			t.Errorf("save as %q: %d", name, rec.Code)
		}
		rec = b.post("/new", url.Values{"name": {name}, "extends": {"shipped/baseline"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("form saved as %q: %d", name, rec.Code)
		}
	}
	var written []string
	filepath.WalkDir(filepath.Dir(b.dir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), "evil") {
			written = append(written, p)
		}
		return nil
	})
	if len(written) > 0 {
		t.Errorf("files written: %v", written)
	}
}

func TestToken(t *testing.T) {
	b := newBench(t, "s3cret")
	if rec := b.do("GET", "/", nil, nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", rec.Code)
	}
	if rec := b.do("GET", "/", nil, map[string]string{"Cookie": sessionCookie + "8080=wrong"}); rec.Code != http.StatusForbidden {
		t.Errorf("wrong cookie: %d, want 403", rec.Code)
	}
	if rec := b.do("GET", "/", nil, map[string]string{"Authorization": "Bearer wrong"}); rec.Code != http.StatusForbidden {
		t.Errorf("wrong header: %d, want 403", rec.Code)
	}
	if rec := b.do("GET", "/?token=wrong", nil, nil); rec.Code != http.StatusForbidden {
		t.Errorf("wrong ?token: %d, want 403", rec.Code)
	}
	if rec := b.do("GET", "/", nil, map[string]string{"Authorization": "Bearer s3cret"}); rec.Code != http.StatusOK {
		t.Errorf("right header: %d", rec.Code)
	}
	rec := b.do("GET", "/results?token=s3cret", nil, nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/results" {
		t.Fatalf("first visit with ?token: %d to %q, want 303 to /results", rec.Code, rec.Header().Get("Location"))
	}
	cookie := rec.Result().Cookies()
	// the cookie is the port's (cookies ignore ports: another service on
	// the host receives it) and never holds the token
	if len(cookie) != 1 || !cookie[0].HttpOnly || cookie[0].Name != sessionCookie+"8080" || strings.Contains(cookie[0].Value, "s3cret") {
		t.Fatalf("cookie: %v", cookie)
	}
	if rec := b.do("GET", "/", nil, map[string]string{"Cookie": sessionCookie + "8080=s3cret"}); rec.Code != http.StatusForbidden {
		t.Errorf("the token as the cookie: %d, want 403", rec.Code)
	}
	if rec := b.do("GET", "/", nil, map[string]string{"Cookie": sessionCookie + "9090=" + cookie[0].Value}); rec.Code != http.StatusUnauthorized {
		t.Errorf("another port's cookie: %d, want 401", rec.Code)
	}
	if rec := b.do("GET", "/results", nil, map[string]string{"Cookie": cookie[0].String()}); rec.Code != http.StatusOK {
		t.Errorf("with the cookie: %d", rec.Code)
	}
	// a POST needs the token too, before anything else
	if rec := b.post("/edit", url.Values{"name": {"x"}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("POST without token: %d", rec.Code)
	}
	// with a token, another host name is fine (it is not a loopback bind)
	if rec := b.do("GET", "/", nil, map[string]string{"Authorization": "Bearer s3cret", "Host": "workbench.example"}); rec.Code != http.StatusOK {
		t.Errorf("token and another host: %d", rec.Code)
	}
}

// TestForeignHostRefused: without a token, a page whose domain resolves to
// 127.0.0.1 (DNS rebinding) gets nothing.
func TestForeignHostRefused(t *testing.T) {
	b := newBench(t, "")
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "evil.example:8080"
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, r)
	if rec.Code != http.StatusForbidden {
		t.Errorf("foreign host: %d, want 403", rec.Code)
	}
	for _, h := range []string{"localhost:8080", "127.0.0.1", "[::1]:8080"} {
		r.Host = h
		rec := httptest.NewRecorder()
		b.h.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			t.Errorf("host %s: %d", h, rec.Code)
		}
	}
}

func TestStateChangesNeedPostOriginAndCSRF(t *testing.T) {
	b := newBench(t, "")
	form := func() url.Values {
		return url.Values{"csrf": {b.csrf}, "baseline": {"shipped/baseline"}, "alt": {"shipped/sary-tash-post"}, "n": {"4"}, "seed": {"1"}}
	}
	cases := []struct {
		name   string
		method string
		form   url.Values
		header map[string]string
		want   int
	}{
		{"cross-origin", "POST", form(), map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"null origin", "POST", form(), map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"cross-site referer", "POST", form(), map[string]string{"Origin": "", "Referer": "http://evil.example/page"}, http.StatusForbidden},
		{"neither origin nor referer", "POST", form(), map[string]string{"Origin": ""}, http.StatusForbidden},
		{"no csrf", "POST", url.Values{"baseline": {"shipped/baseline"}, "alt": {"shipped/sary-tash-post"}, "n": {"4"}}, nil, http.StatusForbidden},
		{"wrong csrf", "POST", url.Values{"csrf": {"x" + b.csrf[1:]}, "baseline": {"shipped/baseline"}}, nil, http.StatusForbidden},
		{"same-origin referer", "POST", form(), map[string]string{"Origin": "", "Referer": "http://" + host + "/runs/new"}, http.StatusSeeOther},
	}
	for _, c := range cases {
		rec := b.do(c.method, "/runs", c.form, c.header)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d (%s)", c.name, rec.Code, c.want, rec.Body.String())
		}
	}
	if n := len(b.run.requests()); n > 1 {
		t.Errorf("%d runs started, want at most the one same-origin request", n)
	}
	// GET never changes anything
	for _, p := range []string{"/runs", "/edit", "/results/x/cancel", "/results/x/resume"} {
		if rec := b.do("GET", p, nil, nil); rec.Code != http.StatusMethodNotAllowed && rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 405", p, rec.Code)
		}
	}
	if rec := b.do("GET", "/runs", nil, nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /runs: %d, want 405", rec.Code)
	}
	if rec := b.do("PUT", "/runs", url.Values{"csrf": {b.csrf}}, nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("PUT /runs: %d, want 405", rec.Code)
	}
}

func TestOversizedBody(t *testing.T) {
	b := newBench(t, "")
	big := strings.Repeat("# a comment line of a huge file\n", MaxBody/32+10)
	rec := b.post("/edit", url.Values{"name": {"big"}, "toml": {big}, "action": {"save"}})
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: %d, want 413", rec.Code)
	}
	// the same as an upload
	if rr := b.upload(map[string]string{"name": "big"}, big); rr.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized upload: %d, want 413", rr.Code)
	}
	if _, err := os.Stat(filepath.Join(b.dir, "scenarios", "big.toml")); err == nil {
		t.Error("the oversized file was saved")
	}
}

// TestBadTOMLShowsLoaderErrorsAtTheirLines: every problem, in the words of
// hourglass check, under its line.
func TestBadTOMLShowsLoaderErrorsAtTheirLines(t *testing.T) {
	b := newBench(t, "")
	text := "extends = \"baseline.toml\"\n[[place]]\nid = \"sosnovka\"\ntraits = { corruption = 2 }\n\n[[intervention]]\ntype = \"checkpont\"\nplace = \"sosnovka\"\n"
	rec := b.post("/edit", url.Values{"name": {"bad"}, "toml": {text}, "action": {"check"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", rec.Code)
	}
	body := rec.Body.String()
	for line, want := range map[int]string{
		4: `bad.toml:4: place[sosnovka].traits.corruption: 2 is not a probability (allowed: 0..1)`,
		7: `bad.toml:7: intervention[checkpont@sosnovka].type: unknown intervention type &#34;checkpont&#34; (did you mean &#34;checkpoint&#34;?)`,
	} {
		re := regexp.MustCompile(`(?s)<li id="L` + strconv.Itoa(line) + `" class="bad">.*?</li>`)
		li := re.FindString(body)
		if !strings.Contains(li, want) {
			t.Errorf("line %d: %q\nwant %q", line, li, want)
		}
	}
	if _, err := os.Stat(filepath.Join(b.dir, "scenarios", "bad.toml")); err == nil {
		t.Error("check wrote the file")
	}
	// saving a bad file writes nothing either
	b.post("/edit", url.Values{"name": {"bad"}, "toml": {text}, "action": {"save"}})
	if _, err := os.Stat(filepath.Join(b.dir, "scenarios", "bad.toml")); err == nil {
		t.Error("a file with problems was saved")
	}
	// and a good one is saved, atomically, as given
	good := "name = \"good\"\nextends = \"baseline.toml\"\n\n[[intervention]]\ntype = \"checkpoint\"\nplace = \"osh\"\n"
	if rec := b.post("/edit", url.Values{"name": {"good"}, "toml": {good}, "action": {"save"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("good file: %d %s", rec.Code, rec.Body.String())
	}
	data, err := os.ReadFile(filepath.Join(b.dir, "scenarios", "good.toml"))
	if err != nil || string(data) != good {
		t.Errorf("saved %q, %v", data, err)
	}
	if left, _ := filepath.Glob(filepath.Join(b.dir, "scenarios", ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestSaveNeverOverwritesShipped(t *testing.T) {
	b := newBench(t, "")
	good := "extends = \"baseline.toml\"\n"
	for _, name := range []string{"baseline", "sary-tash-post", "network", "targets"} {
		rec := b.post("/edit", url.Values{"name": {name}, "toml": {good}, "action": {"save"}})
		if rec.Code == http.StatusSeeOther || !strings.Contains(rec.Body.String(), "shipped") {
			t.Errorf("edit saved as %s: %d", name, rec.Code)
		}
		rec = b.post("/new", url.Values{"name": {name}, "extends": {"shipped/baseline"}})
		if rec.Code == http.StatusSeeOther || !strings.Contains(rec.Body.String(), "shipped") {
			t.Errorf("form saved as %s: %d", name, rec.Code)
		}
		if _, err := os.Stat(filepath.Join(b.dir, "scenarios", name+".toml")); err == nil {
			t.Errorf("%s.toml written into the workspace (it would shadow the shipped file)", name)
		}
	}
}

// The TOML editor saves over the scenario it opened, but over another of
// the user's only with "replace" ticked, as the form does.
func TestEditorReplacesOnlyWhenAsked(t *testing.T) {
	b := newBench(t, "")
	file := func(name string) string {
		data, _ := os.ReadFile(filepath.Join(b.dir, "scenarios", name+".toml"))
		return string(data)
	}
	one := "extends = \"baseline.toml\"\ndescription = \"one\"\n"
	two := "extends = \"baseline.toml\"\ndescription = \"two\"\n"
	for _, name := range []string{"a", "b"} {
		if rec := b.post("/edit", url.Values{"name": {name}, "toml": {one}, "action": {"save"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("new %s: %d %s", name, rec.Code, rec.Body)
		}
	}
	// opened a, saved as a: its own file
	if rec := b.post("/edit", url.Values{"name": {"a"}, "editing": {"a"}, "toml": {two}, "action": {"save"}}); rec.Code != http.StatusSeeOther || file("a") != two {
		t.Errorf("saving a scenario over itself: %d, file %q", rec.Code, file("a"))
	}
	// opened a, saved as b: refused without replace, and b is untouched
	rec := b.post("/edit", url.Values{"name": {"b"}, "editing": {"a"}, "toml": {two}, "action": {"save"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "you have a scenario of that name already") || file("b") != one {
		t.Errorf("saved over another scenario without replace: %d, file %q", rec.Code, file("b"))
	}
	// an upload (nothing opened) under a taken name likewise
	if rec := b.post("/edit", url.Values{"name": {"b"}, "toml": {two}, "action": {"save"}}); rec.Code != http.StatusUnprocessableEntity || file("b") != one {
		t.Errorf("a new text saved over b without replace: %d", rec.Code)
	}
	// with replace ticked it is written
	if rec := b.post("/edit", url.Values{"name": {"b"}, "editing": {"a"}, "replace": {"1"}, "toml": {two}, "action": {"save"}}); rec.Code != http.StatusSeeOther || file("b") != two {
		t.Errorf("replace ticked: %d, file %q", rec.Code, file("b"))
	}
}

// TestFormWritesAFileTheLoaderTakes builds a checkpoint scenario with the
// form and reads the file back as the command line would.
func TestFormWritesAFileTheLoaderTakes(t *testing.T) {
	b := newBench(t, "")
	rec := b.post("/new", url.Values{"name": {"osh-post"}, "description": {`a "post" at Osh`}, "extends": {"shipped/baseline"},
		"iv-0-type": {"checkpoint"}, "iv-0-target": {"osh"}, "iv-0-inspection_rate": {"0.3"}, "iv-0-staff": {"10"},
		"iv-0-annual_usd": {"200000"}, "iv-0-assumption": {"a test"},
		"drivers.professionalization": {"0.5"}, "drivers.xinjiang_market": {"1"}, "costs.discount_rate": {"0.03"},
		"ev-1-date": {"2008-06"}, "ev-1-key": {"place[osh].traits.corruption"}, "ev-1-value": {"0.2"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("form: %d\n%s", rec.Code, rec.Body.String())
	}
	sc, err := b.w.library.load(entry{Origin: mine, Name: "osh-post"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Costs) != 1 || sc.Costs[0].AnnualUSD != 200000 || sc.Costs[0].Places[0] != "osh" {
		t.Errorf("costs: %+v", sc.Costs)
	}
	if sc.Description != `a "post" at Osh` || sc.DiscountRate != 0.03 {
		t.Errorf("description %q, discount rate %v", sc.Description, sc.DiscountRate)
	}
	text, _ := os.ReadFile(filepath.Join(b.dir, "scenarios", "osh-post.toml"))
	for _, want := range []string{"\n[drivers]\nprofessionalization = 0.5\nxinjiang_market = true\n", "\n[costs]\ndiscount_rate = 0.03\n",
		"\n[[event]]\ndate = \"2008-06\"\nset = { \"place[osh].traits.corruption\" = 0.2 }\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the file has no %q:\n%s", want, text)
		}
	}
	// a value out of range in [costs]: the loader's words
	rec = b.post("/new", url.Values{"name": {"bad-rate"}, "extends": {"shipped/baseline"}, "costs.discount_rate": {"1.5"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "costs.discount_rate: 1.5 is not a yearly discount rate (allowed: 0 &lt;= rate &lt; 1)") {
		t.Errorf("bad discount rate: %d\n%s", rec.Code, rec.Body.String())
	}
	// a value out of range comes back with the loader's words at its line
	rec = b.post("/new", url.Values{"name": {"bad-post"}, "extends": {"shipped/baseline"},
		"iv-0-type": {"checkpoint"}, "iv-0-target": {"osh"}, "iv-0-inspection_rate": {"1.5"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "inspection_rate: 1.5 is not a probability (allowed: 0..1)") {
		t.Errorf("out of range: %d", rec.Code)
	}
	// and a name already taken is not written over unless asked
	rec = b.post("/new", url.Values{"name": {"osh-post"}, "extends": {"shipped/baseline"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("taken name: %d", rec.Code)
	}
}

// TestRunQueueCancelAndRecover: a run goes to the runner with the command
// line's flags, Cancel cancels its context, and a server that stops during
// a run finds it again.
func TestRunQueueCancelAndRecover(t *testing.T) {
	b := newBench(t, "")
	name := b.startRun(t)
	<-b.run.started
	req := b.run.requests()[0]
	wantArgs := "hourglass compare -n 4 --seed 7 --out " + filepath.Join(b.dir, "results", name) + " baseline sary-tash-post"
	if got := strings.Join(req.CommandLine(), " "); got != wantArgs {
		t.Errorf("args %q, want %q", got, wantArgs)
	}
	if s, _ := b.w.queue.status(name); s.State != running || s.Done != 1 || s.Total != 4 {
		t.Errorf("status %+v", s)
	}
	// bad runs are refused before they are queued
	if rec := b.post("/runs", url.Values{"baseline": {"shipped/baseline"}, "n": {"1"}, "seed": {"-1"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad run: %d", rec.Code)
	}
	if rec := b.post("/results/"+name+"/cancel", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("cancel: %d", rec.Code)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, _ := b.w.queue.status(name)
		if s.State == cancelled {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not cancelled: %+v", s)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// a record left "running" by a server that died: queued again (it
	// wrote nothing), or resumable when its manifest is there
	b.w.Close()
	rec2 := filepath.Join(b.dir, ".workbench", "runs", name+".json")
	data, _ := os.ReadFile(rec2)
	os.WriteFile(rec2, []byte(strings.Replace(string(data), `"cancelled"`, `"running"`, 1)), 0o644)
	f := newFakeRunner()
	w2, err := New(Config{Dir: b.dir, Shipped: scenarios.FS, Runner: f.run})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	<-f.started
	if s, _ := w2.queue.status(name); s.State != running {
		t.Errorf("after a restart: %+v, want running again", s)
	}
}

// TestInterruptedRunIsResumable: a server that died during a run finds its
// directory on restart (manifest incomplete), shows it as resumable, and
// Resume asks the runner for hourglass compare --resume with the manifest's
// flags.
func TestInterruptedRunIsResumable(t *testing.T) {
	b := newBench(t, "")
	b.w.Close()
	name := "compare-baseline-20260101-000000"
	dir := filepath.Join(b.dir, "results", name)
	os.MkdirAll(dir, 0o755)
	mine := filepath.Join(b.dir, "scenarios", "mine.toml")
	if err := os.WriteFile(mine, []byte("name = \"mine\"\nextends = \"baseline\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := results.Manifest{Program: "hourglass", Kind: "compare", Seed: 5, Replications: 10, End: 10, Completed: 3,
		Scenarios: []results.Scenario{{Name: "baseline", Arg: "baseline"}, {Name: "mine", Arg: mine}}}
	if err := results.WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	record := `{"name": "` + name + `", "request": {"dir": "` + dir + `", "scenarios": ["baseline", "` + mine + `"], "n": 10, "seed": 5}, "state": "running"}`
	os.MkdirAll(filepath.Join(b.dir, ".workbench", "runs"), 0o755)
	os.WriteFile(filepath.Join(b.dir, ".workbench", "runs", name+".json"), []byte(record), 0o644)

	f := newFakeRunner()
	w, err := New(Config{Dir: b.dir, Shipped: scenarios.FS, Runner: f.run})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	b.w, b.h, b.run, b.csrf = w, w.Handler(), f, w.csrf
	ri, ok := w.info(name)
	if !ok || ri.Status != "incomplete" || !ri.Resumable() || ri.Error != "the server stopped during the run" {
		t.Fatalf("after the restart: %+v", ri)
	}
	page := b.do("GET", "/results/"+name, nil, nil).Body.String()
	if !strings.Contains(page, `id="resume"`) || !strings.Contains(page, "incomplete (resumable)") {
		t.Errorf("the result page offers no Resume:\n%s", page)
	}
	if !strings.Contains(b.do("GET", "/results", nil, nil).Body.String(), "incomplete (resumable)") {
		t.Error("the results list does not say it is resumable")
	}
	if rec := b.post("/results/"+name+"/resume", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("resume: %d %s", rec.Code, rec.Body.String())
	}
	<-f.started
	want := "hourglass compare -n 10 --seed 5 --resume " + dir + " baseline " + mine
	if got := strings.Join(f.requests()[0].CommandLine(), " "); got != want {
		t.Errorf("resume runs %q, want %q", got, want)
	}
}

// TestResultsFilesAndSideBySide: a directory's files download by name, and
// two reports open side by side.
func TestResultsFilesAndSideBySide(t *testing.T) {
	b := newBench(t, "")
	b.fakeResults("run-a", "run-b")
	rec := b.do("GET", "/results/run-a/files/figures/seized.svg?download=1", nil, nil)
	if rec.Code != 200 || rec.Body.String() != "<svg/>" || !strings.Contains(rec.Header().Get("Content-Disposition"), `attachment; filename=seized.svg`) {
		t.Errorf("download: %d %q %q", rec.Code, rec.Body.String(), rec.Header().Get("Content-Disposition"))
	}
	page := b.do("GET", "/results/run-a", nil, nil).Body.String()
	if !strings.Contains(page, `href="/results/run-a/files/figures/seized.svg?download=1"`) {
		t.Errorf("the result page does not list its files:\n%s", page)
	}
	side := b.do("GET", "/side?a=run-a&b=run-b", nil, nil)
	if side.Code != 200 || strings.Count(side.Body.String(), "<iframe") != 2 ||
		!strings.Contains(side.Body.String(), `src="`+b.w.reportPath("run-b")+`"`) {
		t.Errorf("side by side: %d\n%s", side.Code, side.Body.String())
	}
	if rec := b.do("GET", "/side?a=run-a&b=nope", nil, nil); rec.Code != http.StatusNotFound {
		t.Errorf("side by side with a missing run: %d", rec.Code)
	}
}

// TestSweepForm: the sweep form queues hourglass sweep with its --vary
// flags, and refuses what it can tell is wrong.
func TestSweepForm(t *testing.T) {
	b := newBench(t, "")
	rec := b.post("/runs", url.Values{"kind": {"sweep"}, "sweep-scenario": {"shipped/baseline"}, "sweep-n": {"5"}, "sweep-seed": {"2"}, "design": {"factorial"},
		"vary-0-key": {"drivers.professionalization"}, "vary-0-from": {"0"}, "vary-0-to": {"1"}, "vary-0-steps": {"3"},
		"vary-2-key": {"params.interdiction.tip_rate"}, "vary-2-from": {"0.5"}, "vary-2-to": {"2"}, "vary-2-steps": {"2"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/results/sweep-baseline-") {
		t.Fatalf("sweep: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	<-b.run.started
	name := strings.TrimPrefix(rec.Header().Get("Location"), "/results/")
	want := "hourglass sweep -n 5 --seed 2 --out " + filepath.Join(b.dir, "results", name) +
		" --vary drivers.professionalization=0:1:3 --vary params.interdiction.tip_rate=0.5:2:2 baseline"
	if got := strings.Join(b.run.requests()[0].CommandLine(), " "); got != want || b.run.requests()[0].Kind != job.Sweep {
		t.Errorf("sweep runs %s %q\nwant sweep %q", b.run.requests()[0].Kind, got, want)
	}
	if ri, _ := b.w.info(name); !strings.HasPrefix(ri.Question, "sweep of baseline over drivers.professionalization, params.interdiction.tip_rate") {
		t.Errorf("question %q", ri.Question)
	}
	for _, bad := range []url.Values{
		{"kind": {"sweep"}, "sweep-scenario": {"shipped/baseline"}, "sweep-n": {"5"}, "sweep-seed": {"1"}, "design": {"factorial"}},
		{"kind": {"sweep"}, "sweep-scenario": {"shipped/baseline"}, "sweep-n": {"5"}, "sweep-seed": {"1"}, "vary-0-key": {"drivers.professionalization"}, "vary-0-from": {"x"}, "vary-0-to": {"1"}, "vary-0-steps": {"3"}},
		{"kind": {"sweep"}, "sweep-scenario": {"shipped/baseline"}, "sweep-n": {"5"}, "sweep-seed": {"1"}, "design": {"lhs"}, "lhs": {"0"}},
	} {
		if rec := b.post("/runs", bad); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d", bad, rec.Code)
		}
	}
	// a problem of the sweep form is said beside its field and leaves the
	// comparison form as it was (each form has fields of its own)
	rec = b.post("/runs", url.Values{"kind": {"sweep"}, "sweep-scenario": {"shipped/baseline-2008"}, "sweep-n": {"0"}, "sweep-seed": {"1"},
		"vary-0-key": {"drivers.professionalization"}, "vary-0-from": {"0"}, "vary-0-to": {"1"}, "vary-0-steps": {"3"}})
	page := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-sweep-n" role="alert">replications &#34;0&#34;`) {
		t.Errorf("sweep -n 0: %d, no error beside the field", rec.Code)
	}
	if !strings.Contains(page, `<select name="baseline" id="baseline">
<option value="mine/`) && !regexp.MustCompile(`<option value="shipped/baseline" selected>baseline</option>`).MatchString(page) {
		t.Error("the comparison form's baseline changed with the sweep form's scenario")
	}
	if !strings.Contains(page, `<option value="shipped/baseline-2008" selected>baseline-2008</option>`) {
		t.Error("the sweep form lost its scenario")
	}
}

// TestCompareAcrossForm: the comparison form with levels queues hourglass
// compare --across, and refuses an alternative that does not extend the
// baseline, beside the alternatives.
func TestCompareAcrossForm(t *testing.T) {
	b := newBench(t, "")
	rec := b.post("/runs", url.Values{"baseline": {"shipped/baseline"}, "alt": {"shipped/informant-program"}, "n": {"4"}, "seed": {"1"},
		"across-0-key": {"drivers.professionalization"}, "across-0-from": {"0"}, "across-0-to": {"1"}, "across-0-steps": {"5"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/results/compare-across-baseline-") {
		t.Fatalf("compare across: %d %q %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	<-b.run.started
	if got := strings.Join(b.run.requests()[0].CommandLine(), " "); !strings.Contains(got, "--across drivers.professionalization=0:1:5 baseline informant-program") {
		t.Errorf("compare across runs %q", got)
	}
	name := strings.TrimPrefix(rec.Header().Get("Location"), "/results/")
	if ri, _ := b.w.info(name); ri.Question != "informant-program against baseline at each level of drivers.professionalization (4 replications, seed 1)" {
		t.Errorf("question %q", ri.Question)
	}
	// a scenario of the 2008 world is not the baseline with something added
	rail := "name = \"rail\"\ndescription = \"railcar checks\"\nextends = \"baseline-2008.toml\"\n[[intervention]]\ntype = \"railcar-inspection\"\nplaces = [\"ulken\"]\n"
	if err := os.WriteFile(filepath.Join(b.dir, "scenarios", "rail.toml"), []byte(rail), 0o644); err != nil {
		t.Fatal(err)
	}
	rec = b.post("/runs", url.Values{"baseline": {"shipped/baseline"}, "alt": {"mine/rail"}, "n": {"4"}, "seed": {"1"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="error-alt" role="alert">rail extends baseline-2008, not the baseline baseline`) {
		t.Errorf("rail against baseline: %d\n%s", rec.Code, rec.Body.String())
	}
	page := b.do("GET", "/runs/new", nil, nil).Body.String()
	for _, want := range []string{`<div class="alt-group" data-group="Policies">`, `<div class="alt-group" data-group="Drivers">`,
		`<label class="alt" data-parent="shipped/baseline-2008"><input type="checkbox" name="alt" value="mine/rail"> <b>rail</b> <strong>(yours)</strong> <span class="desc">railcar checks</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the run form lacks %s", want)
		}
	}
}

func TestCommandLineQuotes(t *testing.T) {
	got := commandLine([]string{"hourglass", "sweep", "--vary", "place[osh].traits.inspection_rate=0.1:0.5:3", "my file.toml", "it's", ""})
	want := `hourglass sweep --vary 'place[osh].traits.inspection_rate=0.1:0.5:3' 'my file.toml' 'it'\''s' ''`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestUploadIsChecked: a TOML file uploaded in the editor is checked like
// typed text, under the name given.
func TestUploadIsChecked(t *testing.T) {
	b := newBench(t, "")
	rec := b.upload(map[string]string{"name": "up", "action": "check"}, "extends = \"baseline.toml\"\nbogus = 1\n")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `<li id="L2" class="bad"><code>bogus = 1</code><div class="problem">up.toml:2: bogus: unknown key`) {
		t.Errorf("upload: %d\n%s", rec.Code, rec.Body.String())
	}
}

// TestObjective: the comparison form's ranking goes to hourglass compare
// as --objective (none for the default), and a name that is not an outcome
// of the decision table is refused.
func TestObjective(t *testing.T) {
	b := newBench(t, "")
	form := func(objective string) url.Values {
		return url.Values{"baseline": {"shipped/baseline"}, "alt": {"shipped/sary-tash-post"}, "n": {"4"}, "seed": {"1"}, "objective": {objective}}
	}
	if rec := b.post("/runs", form("bogus_kg")); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "not an outcome of the decision table") {
		t.Errorf("bad objective: %d", rec.Code)
	}
	if rec := b.post("/runs", form("opiates_seized_kg")); rec.Code != http.StatusSeeOther {
		t.Fatalf("objective: %d %s", rec.Code, rec.Body.String())
	}
	<-b.run.started
	if got := strings.Join(b.run.requests()[0].CommandLine(), " "); !strings.Contains(got, " --objective opiates_seized_kg ") {
		t.Errorf("args %q", got)
	}
	close(b.run.release)
	if rec := b.post("/runs", form("heroin_delivered_kg")); rec.Code != http.StatusSeeOther {
		t.Fatalf("default objective: %d", rec.Code)
	}
	<-b.run.started
	if got := strings.Join(b.run.requests()[1].CommandLine(), " "); strings.Contains(got, "--objective") {
		t.Errorf("the default objective is passed: %q", got)
	}
}

// TestReportAddress: a report (sandboxed, so it sends no cookie for its
// figures) is served at an address signed for its directory, which opens
// that directory's files without the token, and nothing else.
func TestReportAddress(t *testing.T) {
	b := newBench(t, "s3cret")
	b.fakeResults("run-a", "run-b")
	os.WriteFile(filepath.Join(filepath.Dir(b.dir), "secret.txt"), []byte("SECRET"), 0o644)
	results.WriteManifest(filepath.Join(b.dir, "results", "run-a"), results.Manifest{Kind: "compare", Complete: true})
	page := b.do("GET", "/results/run-a", nil, map[string]string{"Authorization": "Bearer s3cret"}).Body.String()
	addr := b.w.reportPath("run-a")
	if !strings.Contains(page, `src="`+addr+`"`) || !strings.HasPrefix(addr, "/report/") {
		t.Fatalf("the result page frames %q? %s", addr, page)
	}
	figure := strings.TrimSuffix(addr, "report.html") + "figures/seized.svg"
	for _, c := range []struct {
		path string
		want int
	}{
		{addr, 200},
		{figure, 200},
		{strings.Replace(addr, "run-a", "run-b", 1), 403},                 // another directory's key
		{"/report/0000/run-a/report.html", 403},                           // a made-up key
		{strings.TrimSuffix(addr, "report.html") + "../../secret.txt", 0}, // cleaned by the mux: not 200
		{strings.TrimSuffix(addr, "report.html") + "%2e%2e/%2e%2e/secret.txt", 0},
		{"/results/run-a/files/report.html", 401}, // the plain address still needs the token
	} {
		rec := b.do("GET", c.path, nil, nil)
		if c.want != 0 && rec.Code != c.want || c.want == 0 && rec.Code == 200 || strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("GET %s without the token: %d, want %d", c.path, rec.Code, c.want)
		}
	}
	// a signed address changes nothing: POST is refused as ever
	if rec := b.do("POST", addr, url.Values{}, nil); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusForbidden && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST to a report address: %d", rec.Code)
	}
}

// TestFormKeepsTheUser: a place is taken by its name as the list shows it
// ("Osh") as well as by its id; a place that is not in the network comes
// back as the form, not the TOML editor, with the problem beside the
// field and every value the user entered still there.
func TestFormKeepsTheUser(t *testing.T) {
	b := newBench(t, "")
	form := url.Values{"name": {"osh-by-name"}, "extends": {"shipped/baseline"}, "drivers.professionalization": {"0.4"},
		"iv-3-type": {"checkpoint"}, "iv-3-target": {"Oshh"}, "iv-3-inspection_rate": {"0.3"},
		"ev-5-date": {"2005-06"}, "ev-5-key": {"place[osh].traits.corruption"}, "ev-5-value": {"0.2"}}
	rec := b.post("/new", form)
	page := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="new-scenario"`) || strings.Contains(page, `id="toml"`) {
		t.Fatalf("an unknown place: %d, want the form again (not the editor)", rec.Code)
	}
	for _, want := range []string{
		`<span class="field-error" id="error-iv-3-target" role="alert">place &#34;Oshh&#34;: not in the base&#39;s network`,
		`did you mean osh (Osh)?`,
		`name="iv-3-target" class="place" list="places" required placeholder="a name or an id: Osh, sary-tash" value="Oshh"`,
		`name="iv-3-inspection_rate" min="0" max="1" step="any" placeholder="0.25" value="0.3"`,
		`name="ev-5-key" list="keys" size="50" placeholder="place[sosnovka].traits.inspection_rate" value="place[osh].traits.corruption"`,
		`id="professionalization" value="0.4"`, `data-next="6"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	form.Set("iv-3-target", "Osh")
	if rec := b.post("/new", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("the place by its name: %d\n%s", rec.Code, rec.Body.String())
	}
	sc, err := b.w.library.load(entry{Origin: mine, Name: "osh-by-name"})
	if err != nil || len(sc.Costs) != 1 || sc.Costs[0].Places[0] != "osh" {
		t.Errorf("saved: %+v, %v; want a checkpoint at osh", sc.Costs, err)
	}
}
