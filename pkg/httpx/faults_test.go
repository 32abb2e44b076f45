package httpx

import (
	"bufio"
	"context"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// cutAnswer answers the first `cut` requests with a status line and headers
// announcing a longer body than is sent, then closes the connection (what
// the sandbox's --drop-rate does after handling the request); later
// requests get a whole answer.
func cutAnswer(t *testing.T, hits *atomic.Int32, cut int32, beforeStatus bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) > cut {
			w.Write([]byte(`{"id":"1"}`))
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		if beforeStatus {
			buf.WriteString("HTTP/1.1 ")
		} else {
			buf.WriteString("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":")
		}
		buf.Flush()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCutAnswerToPostIsOutcomeUnknown(t *testing.T) {
	for _, beforeStatus := range []bool{false, true} {
		var hits atomic.Int32
		srv := cutAnswer(t, &hits, 1, beforeStatus)
		c, _ := New(Options{Sleep: noSleep})
		_, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL + "/webhooks", Body: []byte(`{}`)})
		if !errors.Is(err, ErrOutcomeUnknown) || !webhook.OutcomeUnknown(err) {
			t.Errorf("cut before status=%v: err = %v, want an unknown outcome", beforeStatus, err)
		}
		if hits.Load() != 1 {
			t.Errorf("cut before status=%v: the POST was sent %d times", beforeStatus, hits.Load())
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error is not one line: %q", err)
		}
	}
}

func TestCutAnswerToIdempotentRequestIsRetried(t *testing.T) {
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		var hits atomic.Int32
		srv := cutAnswer(t, &hits, 2, method == "PUT")
		c, _ := New(Options{Sleep: noSleep})
		resp, err := c.Do(context.Background(), &Request{Method: method, URL: srv.URL, Idempotent: true})
		if err != nil || resp.Status != 200 || resp.Tries != 3 || resp.Unanswered != 2 {
			t.Errorf("%s: got %v %+v; want 200 on the third try with 2 unanswered", method, err, resp)
		}
	}
}

func TestUnansweredCountsOnlyTriesThatMayHaveActed(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 429, 429, 404)
	c, _ := New(Options{Sleep: noSleep})
	resp, err := c.Do(context.Background(), &Request{Method: "DELETE", URL: srv.URL, Idempotent: true})
	if err != nil || resp.Status != 404 || resp.Unanswered != 0 {
		t.Fatalf("after 429s: %v %+v; want a 404 with nothing unanswered", err, resp)
	}
	hits.Store(0)
	srv = statusSeq(t, &hits, 503, 404)
	resp, err = c.Do(context.Background(), &Request{Method: "DELETE", URL: srv.URL, Idempotent: true})
	if err != nil || resp.Status != 404 || resp.Unanswered != 1 {
		t.Fatalf("after a 503: %v %+v; want a 404 with one unanswered", err, resp)
	}
}

func TestOversizedAnswerIsNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(strings.Repeat("x", 4096)))
	}))
	defer srv.Close()
	c, _ := New(Options{MaxBody: 1024, Sleep: noSleep})
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") || hits.Load() != 1 {
		t.Fatalf("GET: %v after %d hits; want one refusal, no retry", err, hits.Load())
	}
	// A created webhook whose answer is unreadable: the create happened, the
	// caller must look for it rather than resend.
	_, err = c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("POST: %v; want an unknown outcome", err)
	}
}

func TestDefaultBodyCapStopsAnEndlessAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("<html>", 1<<14))
		for i := 0; i < (DefaultMaxBody/len(chunk))+16; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c, _ := New(Options{Sleep: noSleep})
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelStopsAnInFlightRequestPromptly(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, _ := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("cancel took %s", d)
	}
}

func TestCancelDuringBackoffStops(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 503, 503, 503)
	c, _ := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if !errors.Is(err, context.Canceled) || hits.Load() > 1 {
		t.Fatalf("err = %v after %d hits", err, hits.Load())
	}
}

func TestPerRequestTimeoutIsRetriedForGet(t *testing.T) {
	var hits atomic.Int32
	var slow atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 || slow.Load() {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
			return
		}
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c, _ := New(Options{Timeout: 100 * time.Millisecond, Sleep: noSleep})
	resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if err != nil || resp.Tries != 2 || resp.Unanswered != 1 {
		t.Fatalf("got %v %+v; want success on the second try", err, resp)
	}
	slow.Store(true) // every try times out now
	_, err = c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if err == nil || !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("err = %v", err)
	}
}

// Trello's 429 has no Retry-After: each wait is the next 10 s window, and a
// 429 that outlasts the 4 tries is returned for the dialect to report.
func TestPersistent429WaitsTheWindowThenGivesUp(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		w.Write([]byte(`{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}`))
	}))
	defer srv.Close()
	var waited []time.Duration
	c, _ := New(Options{RateLimitWait: 10 * time.Second, Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }})
	resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if err != nil || resp.Status != 429 || hits.Load() != 4 {
		t.Fatalf("got %v %+v after %d hits", err, resp, hits.Load())
	}
	if len(waited) != 3 {
		t.Fatalf("waited %v, want 3 waits", waited)
	}
	for _, d := range waited {
		if d != 10*time.Second {
			t.Fatalf("waited %v, want 10s each", waited)
		}
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	for try := 1; try <= 6; try++ {
		ceil := min(250*time.Millisecond<<(try-1), 8*time.Second)
		seen := map[time.Duration]bool{}
		for i := 0; i < 50; i++ {
			d := backoff(try)
			if d < ceil/2 || d > ceil {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", try, d, ceil/2, ceil)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Fatalf("backoff(%d) has no jitter: %v", try, seen)
		}
	}
}

// writeCert saves a test server's certificate as a PEM file.
func writeCert(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCertificatesAreCheckedAndCAFileTrusted(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`[]`)) }))
	defer srv.Close()
	sleeps := 0
	c, _ := New(Options{Sleep: func(context.Context, time.Duration) error { sleeps++; return nil }})
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL + "/x?token=tok-secret", Idempotent: true})
	if err == nil || !strings.Contains(err.Error(), "certificate") || !strings.Contains(err.Error(), "ca-file") {
		t.Fatalf("untrusted certificate: err = %v", err)
	}
	if sleeps != 0 {
		t.Errorf("a certificate failure was retried %d times", sleeps)
	}
	if strings.Contains(err.Error(), "tok-secret") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one clean line: %q", err)
	}
	c, err = New(Options{CAFile: writeCert(t, srv)})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true}); err != nil || resp.Status != 200 {
		t.Fatalf("with ca-file: %v", err)
	}
}

func TestCAFileErrors(t *testing.T) {
	if _, err := New(Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")}); err == nil || !strings.Contains(err.Error(), "ca-file") {
		t.Errorf("missing file: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.pem")
	os.WriteFile(junk, []byte("not a certificate"), 0o600)
	if _, err := New(Options{CAFile: junk}); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("junk file: %v", err)
	}
}

// The transport sends https requests through a CONNECT proxy.
func TestProxyIsUsedForHTTPS(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	targets := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err == nil {
			targets <- req.Method + " " + req.Host
		}
		conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
	}()
	c, _ := New(Options{Sleep: noSleep, MaxTries: 1})
	c.hc.Transport.(*http.Transport).Proxy = func(*http.Request) (*url.URL, error) {
		return url.Parse("http://proxyuser:proxy-pass-123@" + ln.Addr().String())
	}
	_, err = c.Do(context.Background(), &Request{Method: "POST", URL: "https://api.example.test/1/webhooks"})
	select {
	case got := <-targets:
		if got != "CONNECT api.example.test:443" {
			t.Errorf("proxy saw %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the request never reached the proxy")
	}
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a refused tunnel is a request never sent: %v", err)
	}
	if strings.Contains(err.Error(), "proxy-pass-123") {
		t.Errorf("error shows the proxy password: %v", err)
	}
}

func TestProxyPasswordsAreRedacted(t *testing.T) {
	env := map[string]string{
		"HTTPS_PROXY": "http://alice:s3cret-proxy@proxy.corp:3128",
		"http_proxy":  "bob:an0ther-pass@10.0.0.1:8080",
	}
	got := proxySecrets(func(k string) string { return env[k] })
	r := NewRedactor(got...)
	for _, text := range []string{
		`proxyconnect tcp: dial tcp: lookup proxy.corp: s3cret-proxy`,
		`invalid proxy address "bob:an0ther-pass@10.0.0.1:8080"`,
		`GET http://user:pw@host/x`,
	} {
		out := r.String(text)
		for _, leak := range []string{"s3cret-proxy", "an0ther-pass", ":pw@"} {
			if strings.Contains(out, leak) {
				t.Errorf("%q → %q still shows %q", text, out, leak)
			}
		}
	}
}

// A 429 was not acted on: even a POST waits for the window and tries again.
func TestPostWaitsOutA429(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 429, 429)
	var waited []time.Duration
	c, _ := New(Options{RateLimitWait: 10 * time.Second, Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }})
	resp, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL})
	if err != nil || resp.Status != 200 || hits.Load() != 3 || len(waited) != 2 || waited[0] != 10*time.Second {
		t.Fatalf("got %v %+v after %d hits, waits %v", err, resp, hits.Load(), waited)
	}
}
