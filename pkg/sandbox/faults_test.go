package sandbox_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/sandbox/entrust"
	"github.com/hookctl/hookctl/pkg/sandbox/sandboxtest"
	"github.com/hookctl/hookctl/pkg/sandbox/trello"
)

func seeded() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

func TestFailRate(t *testing.T) {
	tests := []struct {
		dialect, path, ct, body string
	}{
		{trello.Name, "/trello/1/tokens/" + trello.Token + "/webhooks?" + "key=" + trello.Key, "text/plain; charset=utf-8", "Service Unavailable"},
		{sandbox.Desk, "/desk/hooks.json?auth_token=" + sandbox.DeskToken, "application/json; charset=utf-8", `{"error":"Service Unavailable","status":503}`},
		{entrust.Name, "/entrust/api/web/v1/adminapi/authenticate", "application/json", `"errorCode":"service_unavailable"`},
	}
	for _, tt := range tests {
		t.Run(tt.dialect, func(t *testing.T) {
			_, srv := newServer(t, sandbox.Options{FailRate: 1})
			r := sandboxtest.Call(t, srv.Client(), "GET", srv.URL+tt.path, "")
			if r.Status != 503 || r.Header.Get("Content-Type") != tt.ct || !strings.Contains(r.Body, tt.body) {
				t.Fatalf("got %d %s %s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
		})
	}
	// A fractional rate with a seeded source fails some requests, not all,
	// and the same seed gives the same sequence.
	run := func() []int {
		_, srv := newServer(t, sandbox.Options{FailRate: 0.5, Rand: seeded()})
		var got []int
		for range 40 {
			got = append(got, sandboxtest.Call(t, srv.Client(), "GET", srv.URL+tests[1].path, "").Status)
		}
		return got
	}
	a, b := run(), run()
	fails := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different outcomes at %d", i)
		}
		if a[i] == 503 {
			fails++
		}
	}
	if fails < 8 || fails > 32 {
		t.Fatalf("%d of 40 failed at rate 0.5", fails)
	}
}

func TestDropRateHTTP(t *testing.T) {
	sb, srv := newServer(t, sandbox.Options{DropRate: 1})
	req, _ := http.NewRequest("POST", srv.URL+"/desk/hooks.json?auth_token="+sandbox.DeskToken, strings.NewReader(`{"hook":{"url":"https://example.com/dropped"}}`))
	resp, err := srv.Client().Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("dropped response read without error")
	}
	// The request was handled even though its answer was lost.
	var ids []string
	_ = sandbox.ViewPartOf(sb, sandbox.Desk, func(st *part) error {
		for _, h := range st.Webhooks {
			ids = append(ids, h.ID)
		}
		return nil
	})
	if len(ids) != 1 {
		t.Fatalf("webhooks after a dropped create = %d, want 1", len(ids))
	}
	// A 204 has no body to cut: the connection closes inside the status line.
	_, err = srv.Client().Do(mustReq(t, "DELETE", srv.URL+"/desk/hooks/"+ids[0]+".json?auth_token="+sandbox.DeskToken))
	if err == nil {
		t.Fatal("dropped empty response without error")
	}
}

func mustReq(t *testing.T, method, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDropRateTransport(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), DropRate: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := &http.Client{Transport: sb.Transport()}
	resp, err := c.Get(baseURL(sandbox.InProcessRoot, sandbox.Desk) + "/web_hooks.json?auth_token=" + sandbox.DeskToken)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(b) == 0 || len(b) >= int(resp.ContentLength) {
		t.Fatalf("read %d of %d bytes, err %v", len(b), resp.ContentLength, err)
	}
}

func TestRateLimit(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1700000000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	_, srv := newServer(t, sandbox.Options{RateLimit: 3, RateWindow: 10 * time.Second, Now: clock})
	c := srv.Client()
	trelloURL := srv.URL + "/trello/1/tokens/" + trello.Token + "/webhooks"
	auth := oauthHeader(trello.Key, trello.Token)
	for i := range 3 {
		if r := sandboxtest.Call(t, c, "GET", trelloURL, "", auth); r.Status != 200 {
			t.Fatalf("request %d: %d", i, r.Status)
		}
	}
	r := sandboxtest.Call(t, c, "GET", trelloURL, "", auth)
	if r.Status != 429 || r.Body != `{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}` || r.Header.Get("Retry-After") != "" {
		t.Fatalf("trello over limit: %d %s Retry-After=%q", r.Status, r.Body, r.Header.Get("Retry-After"))
	}
	// Another token has its own budget.
	if r := sandboxtest.Call(t, c, "GET", srv.URL+"/trello/1/tokens/sandbox-token-2/webhooks", "", oauthHeader(trello.Key, "sandbox-token-2")); r.Status != 200 {
		t.Fatalf("other token: %d", r.Status)
	}

	sb := srv.URL + "/desk/hooks.json?auth_token=" + sandbox.DeskToken
	for range 3 {
		sandboxtest.Call(t, c, "GET", sb, "")
	}
	mu.Lock()
	now = now.Add(2500 * time.Millisecond)
	mu.Unlock()
	r = sandboxtest.Call(t, c, "GET", sb, "")
	if r.Status != 429 || r.Header.Get("Retry-After") != "8" || !strings.Contains(r.Body, `"error"`) {
		t.Fatalf("desk over limit: %d %s Retry-After=%q", r.Status, r.Body, r.Header.Get("Retry-After"))
	}

	// Entrust: the authenticate call counts too.
	en := srv.URL + "/entrust/api/web/v1/adminapi/authenticate"
	body := `{"applicationId":"` + entrust.AppID + `","sharedSecret":"` + entrust.Secret + `"}`
	for range 3 {
		sandboxtest.Call(t, c, "POST", en, body)
	}
	r = sandboxtest.Call(t, c, "POST", en, body)
	if r.Status != 429 || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, `"errorCode":"rate_limit_exceeded"`) {
		t.Fatalf("entrust over limit: %d %s", r.Status, r.Body)
	}

	// A new window.
	mu.Lock()
	now = now.Add(10 * time.Second)
	mu.Unlock()
	if r := sandboxtest.Call(t, c, "GET", trelloURL, "", auth); r.Status != 200 {
		t.Fatalf("after the window: %d", r.Status)
	}
}

func TestLatencyAndCancel(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators(), Latency: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := &http.Client{Transport: sb.Transport()}
	start := time.Now()
	resp, err := c.Get(sandbox.InProcessRoot + "/desk/hooks.json?auth_token=" + sandbox.DeskToken)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatalf("answered after %v, want at least the latency", d)
	}
	c.Timeout = 10 * time.Millisecond
	if _, err := c.Get(sandbox.InProcessRoot + "/desk/hooks.json?auth_token=" + sandbox.DeskToken); err == nil {
		t.Fatal("a timeout shorter than the latency did not fail")
	}
}

func TestLogRedacts(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	_, srv := newServer(t, sandbox.Options{Log: writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })})
	c := srv.Client()
	sandboxtest.Call(t, c, "GET", srv.URL+"/trello/1/tokens/"+trello.Token+"/webhooks?key="+trello.Key+"&token="+trello.Token, "")
	sandboxtest.Call(t, c, "GET", srv.URL+"/desk/hooks.json?auth_token="+sandbox.DeskToken, "")
	sandboxtest.Call(t, c, "POST", srv.URL+"/entrust/api/web/v1/adminapi/authenticate", `{"applicationId":"`+entrust.AppID+`","sharedSecret":"`+entrust.Secret+`"}`)
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	for _, secret := range []string{trello.Token, trello.Key, entrust.Secret} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "GET /trello/1/tokens/REDACTED/webhooks 200 ") ||
		!strings.HasPrefix(lines[2], "POST /entrust/api/web/v1/adminapi/authenticate 200 ") {
		t.Fatalf("log:\n%s", out)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
