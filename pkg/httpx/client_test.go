package httpx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func noSleep(context.Context, time.Duration) error { return nil }

// statusSeq answers the given statuses in turn, then 200.
func statusSeq(t *testing.T, hits *atomic.Int32, statuses ...int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1))
		if n <= len(statuses) {
			w.WriteHeader(statuses[n-1])
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRetriesIdempotentOnRetryableStatus(t *testing.T) {
	for _, status := range []int{429, 502, 503, 504} {
		var hits atomic.Int32
		srv := statusSeq(t, &hits, status, status)
		c, _ := New(Options{Sleep: noSleep})
		resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
		if err != nil || resp.Status != 200 || resp.Tries != 3 {
			t.Errorf("status %d: got %v, %+v; want 200 after 3 tries", status, err, resp)
		}
	}
}

func TestGivesUpAfterMaxTries(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 503, 503, 503, 503, 503, 503)
	c, _ := New(Options{Sleep: noSleep})
	resp, err := c.Do(context.Background(), &Request{Method: "PUT", URL: srv.URL, Idempotent: true})
	if err != nil || resp.Status != 503 || hits.Load() != DefaultMaxTries {
		t.Fatalf("got %v status %v after %d hits; want the last 503 after %d", err, resp, hits.Load(), DefaultMaxTries)
	}
}

func TestPostIsNotResentAfterAnAnswer(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 503)
	c, _ := New(Options{Sleep: noSleep})
	resp, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL})
	if err != nil || resp.Status != 503 || hits.Load() != 1 {
		t.Fatalf("POST was retried: %d hits, %v", hits.Load(), err)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
		}
	}))
	defer srv.Close()
	var waited []time.Duration
	c, _ := New(Options{Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }})
	if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	if len(waited) != 1 || waited[0] != 7*time.Second {
		t.Fatalf("waited %v, want [7s]", waited)
	}
}

func TestRateLimitWaitWithoutRetryAfter(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 429)
	var waited []time.Duration
	c, _ := New(Options{RateLimitWait: 10 * time.Second, Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }})
	if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	if len(waited) != 1 || waited[0] != 10*time.Second {
		t.Fatalf("waited %v, want the 10s window", waited)
	}
}

func TestTimeoutAfterSendingIsOutcomeUnknownForPost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
	}))
	defer srv.Close()
	c, _ := New(Options{Timeout: 50 * time.Millisecond, Sleep: noSleep})
	_, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL + "/tokens/abc/webhooks?key=k1234"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if strings.Contains(err.Error(), "k1234") || strings.Contains(err.Error(), "/tokens/abc") {
		t.Fatalf("error leaks a credential: %v", err)
	}
}

// An idempotent POST (a create with an idempotency key) is sent again
// when its answer is cut off; when every try is, one of them may have
// acted: its outcome is unknown, not a clean failure. A GET that fails
// the same way changed nothing.
func TestIdempotentPostWhoseAnswersAreAllLostIsOutcomeUnknown(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		// Acted on, then the answer is cut off.
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer srv.Close()
	c, _ := New(Options{Sleep: noSleep})
	_, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL, Idempotent: true})
	if !errors.Is(err, ErrOutcomeUnknown) || hits.Load() != DefaultMaxTries {
		t.Fatalf("POST: err = %v after %d tries, want ErrOutcomeUnknown after %d", err, hits.Load(), DefaultMaxTries)
	}
	if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true}); err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("GET: err = %v, want a plain failure", err)
	}
}

func TestDialErrorsAreRetriedEvenForPost(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused
	tries := 0
	c, _ := New(Options{Sleep: func(context.Context, time.Duration) error { tries++; return nil }})
	_, err := c.Do(context.Background(), &Request{Method: "POST", URL: "http://" + addr})
	if err == nil || errors.Is(err, ErrOutcomeUnknown) || tries != DefaultMaxTries-1 {
		t.Fatalf("err=%v tries=%d", err, tries)
	}
}

func TestBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 2048)))
	}))
	defer srv.Close()
	c, _ := New(Options{MaxBody: 1024})
	if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a refusal of the oversized answer", err)
	}
}

func TestDebugLogIsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"authToken":"tok-9999","x":1}`))
	}))
	defer srv.Close()
	var log strings.Builder
	c, _ := New(Options{Debug: &log, Redactor: NewRedactor("s3cr3t-value")})
	_, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL + "/tokens/s3cr3t-value/webhooks?auth_token=zzz9",
		Header: http.Header{"Authorization": {"Bearer abc"}}, Body: []byte(`{"sharedSecret":"s3cr3t-value","applicationId":"app"}`)})
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"s3cr3t-value", "zzz9", "tok-9999"} {
		if strings.Contains(log.String(), leak) {
			t.Errorf("debug log shows %q:\n%s", leak, log.String())
		}
	}
	if !strings.Contains(log.String(), "POST") || !strings.Contains(log.String(), "200") {
		t.Errorf("debug log lacks method and status:\n%s", log.String())
	}
}

func TestCheckBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.trello.com/1": true, "http://127.0.0.1:8080/x": true, "http://localhost:1": true,
		"http://[::1]:9/": true, "http://example.com": false, "ftp://x": false, "not a url": false,
	} {
		if _, err := CheckBaseURL(raw); (err == nil) != ok {
			t.Errorf("CheckBaseURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

// A vendor's own rate-limit answer (GitHub's 403 secondary limit), named by
// Request.RateLimited, is waited out and retried like a 429, even for a
// POST; without the hook a 403 is the answer.
func TestRequestRateLimitedHook(t *testing.T) {
	var hits atomic.Int32
	srv := statusSeq(t, &hits, 403, 403)
	var waited []time.Duration
	c, _ := New(Options{Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }})
	limited := func(r *Response) (time.Duration, bool) { return 3 * time.Second, r.Status == 403 }
	resp, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL, RateLimited: limited})
	if err != nil || resp.Status != 200 || resp.Tries != 3 || resp.Unanswered != 0 || len(waited) != 2 || waited[0] != 3*time.Second {
		t.Fatalf("got %v, %+v, waits %v; want 200 after 3 tries, two 3s waits", err, resp, waited)
	}
	hits.Store(0)
	resp, err = c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL})
	if err != nil || resp.Status != 403 || hits.Load() != 1 {
		t.Fatalf("without the hook: %v, %+v after %d hits", err, resp, hits.Load())
	}
}
