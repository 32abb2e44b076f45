package listen

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSplitRoute(t *testing.T) {
	for _, c := range []struct{ in, event, target string }{
		{"localhost:3000/hook", "", "localhost:3000/hook"},
		{"http://localhost:3000/hook?a=b", "", "http://localhost:3000/hook?a=b"},
		{"localhost:3000/hook?a=b", "", "localhost:3000/hook?a=b"},
		{":3000/x?t=1", "", ":3000/x?t=1"},
		{"issues*=localhost:3001/issues", "issues*", "localhost:3001/issues"},
		{"charge.*=http://127.0.0.1:4242/stripe?k=v", "charge.*", "http://127.0.0.1:4242/stripe?k=v"},
	} {
		e, tg, err := SplitRoute(c.in)
		if err != nil || e != c.event || tg != c.target {
			t.Errorf("SplitRoute(%q) = %q, %q, %v; want %q, %q", c.in, e, tg, err, c.event, c.target)
		}
	}
	for _, bad := range []string{"=localhost:3000", "[a=localhost:3000"} {
		if _, _, err := SplitRoute(bad); err == nil {
			t.Errorf("SplitRoute(%q): no error", bad)
		}
	}
}

func fwd(t *testing.T, raw string) *Forwarder {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return NewForwarder(u, nil)
}

func TestRouterPick(t *testing.T) {
	issues, anyIssue, rest := fwd(t, "http://127.0.0.1:1/issues"), fwd(t, "http://127.0.0.1:1/any"), fwd(t, "http://127.0.0.1:1/rest")
	rt := Router{{To: rest}, {Event: "issues.opened", To: issues}, {Event: "issues*", To: anyIssue}}
	for event, want := range map[string]*Forwarder{
		"issues.opened": issues,   // the first that matches, in the order given
		"issues.closed": anyIssue, // a later glob
		"issues":        anyIssue,
		"push":          rest, // the bare URL takes the rest, wherever it was given
		"":              rest,
	} {
		if got := rt.Pick(event); got != want {
			t.Errorf("Pick(%q) = %v, want %v", event, got.Target(), want.Target())
		}
	}
	if got := (Router{{Event: "charge.*", To: issues}}).Pick("invoice.paid"); got != nil {
		t.Errorf("no route for invoice.paid: got %s", got.Target())
	}
	if got := (Router{{Event: "charge", To: issues}}).Pick("charge.succeeded"); got != issues {
		t.Errorf("a glob without a dot takes the finer names")
	}
}

func TestParseFilters(t *testing.T) {
	fs, err := ParseFilters([]string{"ref=refs/heads/main", "action=opened", "action=closed", "data.object.livemode=false", "q=a=b"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.String())
	}
	if want := "ref=refs/heads/main action=opened|closed data.object.livemode=false q=a=b"; strings.Join(got, " ") != want {
		t.Errorf("filters = %q, want %q", strings.Join(got, " "), want)
	}
	for _, bad := range []string{"ref", "=x", "a..b=1", ".a=1", "a.=1", " a=1", "a. b=1"} {
		if _, err := ParseFilters([]string{bad}); err == nil {
			t.Errorf("ParseFilters(%q): no error", bad)
		}
	}
}

func TestMatchFilters(t *testing.T) {
	body := []byte(`{"ref":"refs/heads/main","action":"opened","n":42,"f":1.50,"nil":null,
		"data":{"object":{"livemode":false,"tags":["a","b"]}},"commits":[{"id":"c1"}]}`)
	parse := func(s ...string) []Filter {
		fs, err := ParseFilters(s)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	for _, c := range []struct {
		filters []string
		want    bool
	}{
		{nil, true},
		{[]string{"ref=refs/heads/main"}, true},
		{[]string{"ref=refs/heads/dev"}, false},
		{[]string{"data.object.livemode=false"}, true},
		{[]string{"data.object.livemode=true"}, false},
		{[]string{"n=42"}, true},
		{[]string{"f=1.50"}, true}, // a number as it was written
		{[]string{"nil=null"}, true},
		{[]string{"commits.0.id=c1"}, true},
		{[]string{"commits.1.id=c1"}, false},
		{[]string{"data.object.tags=[\"a\",\"b\"]"}, true},
		{[]string{"missing=x"}, false},
		{[]string{"ref.deeper=x"}, false},
		{[]string{"action=closed", "action=opened"}, true}, // one path: any of its values
		{[]string{"action=opened", "ref=refs/heads/dev"}, false},
	} {
		if got := MatchFilters(parse(c.filters...), body); got != c.want {
			t.Errorf("MatchFilters(%q) = %v, want %v", c.filters, got, c.want)
		}
	}
	if MatchFilters(parse("a=1"), []byte("a=1&b=2")) {
		t.Error("a body that is not JSON matched a filter")
	}
}

func TestFirstLine(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"  \n\nboom\nsecond\n":       "boom",
		"error: db down\r\nmore":     "error: db down",
		"\xff\xfebad":                "\uFFFDbad",
		strings.Repeat("é", 500):     strings.Repeat("é", 199) + "…",
		`{"error":"invalid"}` + "\n": `{"error":"invalid"}`,
	} {
		if got := FirstLine([]byte(in)); got != want {
			t.Errorf("FirstLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// app is a local app that answers with status and body, and keeps what it
// was sent.
type app struct {
	mu     sync.Mutex
	got    []*http.Request
	bodies [][]byte
}

func newApp(t *testing.T, status int, answer string) (*httptest.Server, *app) {
	a := &app{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		a.mu.Lock()
		a.got, a.bodies = append(a.got, r), append(a.bodies, b)
		a.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, a
}

func (a *app) count() int { a.mu.Lock(); defer a.mu.Unlock(); return len(a.got) }

func githubEvent(t *testing.T, u, event, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	req.Header.Set("X-GitHub-Event", event)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp
}

func TestHandlerRoutes(t *testing.T) {
	issuesSrv, issues := newApp(t, 200, "ok")
	pushSrv, push := newApp(t, 500, "database is down\nat line 3\n")
	srv, rec := serve(t, &Handler{Verifier: Verifier{Dialect: "github"}, Routes: Router{
		{Event: "issues*", To: fwd(t, issuesSrv.URL+"/issues")},
		{Event: "push", To: fwd(t, pushSrv.URL+"/push")},
	}})
	if r := githubEvent(t, srv.URL+"/hook/x", "issues", `{"action":"opened"}`); r.StatusCode != 200 {
		t.Errorf("issues: %d, want the app's 200", r.StatusCode)
	}
	if r := githubEvent(t, srv.URL+"/hook", "push", `{"ref":"refs/heads/main"}`); r.StatusCode != 500 {
		t.Errorf("push: %d, want the app's 500", r.StatusCode)
	}
	if r := githubEvent(t, srv.URL+"/hook", "star", `{"action":"created"}`); r.StatusCode != 200 {
		t.Errorf("star (no route): %d, want 200", r.StatusCode)
	}
	if issues.count() != 1 || push.count() != 1 {
		t.Fatalf("apps got %d and %d deliveries, want 1 each", issues.count(), push.count())
	}
	if p := issues.got[0].URL.Path; p != "/issues" {
		t.Errorf("the route's URL is used as given, got path %q", p)
	}
	if len(rec.got) != 3 {
		t.Fatalf("%d deliveries reported", len(rec.got))
	}
	d := rec.got[0]
	if !d.Forwarded || d.App == nil || d.App.Status != 200 || d.App.Body != "" || d.App.URL != issuesSrv.URL+"/issues" {
		t.Errorf("issues delivery: %+v %+v", d, d.App)
	}
	d = rec.got[1]
	if d.Status != 500 || d.App == nil || d.App.Body != "database is down" {
		t.Errorf("push delivery: status %d, app %+v", d.Status, d.App)
	}
	if !strings.Contains(d.Failure(), "answered 500") || !strings.Contains(d.Failure(), "database is down") {
		t.Errorf("Failure() = %q", d.Failure())
	}
	d = rec.got[2]
	if !d.Unrouted || d.Forwarded || d.Status != 200 || d.Failure() != "" {
		t.Errorf("star delivery: %+v", d)
	}
	if r := d.Record(); !r.Unrouted {
		t.Errorf("the JSON record says nothing of unrouted")
	}
}

func TestHandlerRecordsBeforeAnswering(t *testing.T) {
	appSrv, _ := newApp(t, 200, "ok")
	var mu sync.Mutex
	var recorded []*Delivery
	h := &Handler{Forwarder: fwd(t, appSrv.URL), Record: func(d *Delivery) {
		mu.Lock()
		defer mu.Unlock()
		if d.Status != 200 || !d.Forwarded {
			t.Errorf("recorded before its answer was known: %+v", d)
		}
		recorded = append(recorded, d)
	}}
	srv, rec := serve(t, h)
	do(t, http.MethodPost, srv.URL, "{}")
	if len(recorded) != 1 || len(rec.got) != 1 || recorded[0] != rec.got[0] {
		t.Errorf("recorded %d, reported %d", len(recorded), len(rec.got))
	}
}

// TestForwardByteExact: the app gets the body as sent, byte for byte, and
// every header but the hop-by-hop ones; Host is the app's.
func TestForwardByteExact(t *testing.T) {
	appSrv, a := newApp(t, 200, "ok")
	srv, _ := serve(t, &Handler{Forwarder: fwd(t, appSrv.URL+"/app")})
	bodies := [][]byte{
		[]byte("{\n  \"name\" : \"Café 🚀\",\t\"n\": 1.50 }\n"),
		[]byte("{\"a\":1}\n\n"),
		{0x00, 0xff, 0xfe, '\n', 0x80, 0x1b},
		[]byte("a=1&b=%C3%A9"),
		{},
	}
	for i, body := range bodies {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/in?x=1", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Add("X-Multi", "one")
		req.Header.Add("X-Multi", "two")
		req.Header.Set("X-Signature", "sha256=abc")
		req.Header.Set("Connection", "X-Secret-Hop, keep-alive")
		req.Header.Set("X-Secret-Hop", "dropped")
		req.Header.Set("Keep-Alive", "timeout=5")
		req.Header.Set("Proxy-Authorization", "Basic eA==")
		req.Header.Set("Te", "trailers")
		req.Header.Set("Upgrade", "websocket")
		req.Host = "vendor.example"
		// A sender that asks for no compression: the forward must not ask
		// for it either.
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got, gotBody := a.got[i], a.bodies[i]
		if !bytes.Equal(gotBody, body) {
			t.Errorf("body %d: the app got %q, want %q", i, gotBody, body)
		}
		if got.Host != strings.TrimPrefix(appSrv.URL, "http://") {
			t.Errorf("Host = %q, want the app's", got.Host)
		}
		if got.URL.Path != "/app" || got.URL.RawQuery != "x=1" {
			t.Errorf("forwarded to %s", got.URL)
		}
		if v := got.Header.Values("X-Multi"); len(v) != 2 || v[0] != "one" || v[1] != "two" {
			t.Errorf("X-Multi = %q", v)
		}
		for k, want := range map[string]string{"Content-Type": "application/json; charset=utf-8", "X-Signature": "sha256=abc", "X-Forwarded-Proto": "http"} {
			if got.Header.Get(k) != want {
				t.Errorf("%s = %q, want %q", k, got.Header.Get(k), want)
			}
		}
		for _, k := range []string{"Connection", "X-Secret-Hop", "Keep-Alive", "Proxy-Authorization", "Te", "Upgrade", "Accept-Encoding"} {
			if v, ok := got.Header[k]; ok {
				t.Errorf("%s reached the app: %q", k, v)
			}
		}
		if ua := got.Header.Get("User-Agent"); ua != "Go-http-client/1.1" {
			// The sender's own User-Agent (Go's client here) goes through.
			t.Errorf("User-Agent = %q", ua)
		}
	}
}

// A delivery sent without User-Agent reaches the app without one.
func TestForwardAddsNoUserAgent(t *testing.T) {
	appSrv, a := newApp(t, 200, "ok")
	srv, _ := serve(t, &Handler{Forwarder: fwd(t, appSrv.URL)})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
	req.Header["User-Agent"] = []string{""}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v, ok := a.got[0].Header["User-Agent"]; ok {
		t.Errorf("User-Agent added: %q", v)
	}
}

func TestCompactAndTally(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ok := &Delivery{Time: at, Method: "POST", Path: "/", Event: "push", Verification: Verification{Result: Verified}, Status: 200, Forwarded: true, App: &AppAnswer{Status: 200, Elapsed: 3100 * time.Microsecond}}
	bad := &Delivery{Time: at, Method: "POST", Path: "/", Event: "push", Verification: Verification{Result: Verified}, Status: 503, Forwarded: true, App: &AppAnswer{URL: "http://localhost:3000/", Status: 503, Elapsed: time.Millisecond, Body: "busy"}}
	rej := &Delivery{Time: at, Method: "POST", Path: "/", Verification: Verification{Result: Failed}, Status: 401, Rejected: true}
	filt := &Delivery{Time: at, Method: "POST", Path: "/", Event: "star", Status: 200, Filtered: true}
	unr := &Delivery{Time: at, Method: "POST", Path: "/", Event: "fork", Status: 200, Unrouted: true}
	for d, want := range map[*Delivery]string{
		ok:   "03:04:05 push ✓ 200 app 3.1 ms\n",
		bad:  "03:04:05 push ✓ 503 app 1.0 ms: busy\n",
		rej:  "03:04:05 - ✗ 401 failed\n",
		filt: "03:04:05 star – 200 filtered\n",
		unr:  "03:04:05 fork – 200 unrouted\n",
	} {
		if got := d.Compact(false); got != want {
			t.Errorf("Compact = %q, want %q", got, want)
		}
	}
	if ok.Failure() != "" || filt.Failure() != "" || rej.Failure() == "" || bad.Failure() == "" {
		t.Error("Failure() is set for failures only")
	}
	var tl Tally
	for _, d := range []*Delivery{ok, ok, bad, rej, filt, unr} {
		tl.Add(d)
	}
	if got, want := tl.String(), "6 deliveries: 2 ok, 1 failed at the app, 1 filtered, 1 unrouted, 1 refused"; got != want {
		t.Errorf("Tally = %q, want %q", got, want)
	}
}
