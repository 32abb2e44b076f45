package httpx

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseRetryAfterNeverNegative(t *testing.T) {
	for v, want := range map[string]time.Duration{
		"0":                    0,
		"7":                    7 * time.Second,
		"18446744073":          forever, // ×1e9 overflows int64
		"9223372036854775807":  forever,
		"99999999999999999999": forever, // over uint64
		"9223372036":           9223372036 * time.Second,
		"9223372037":           forever,
	} {
		got, ok := parseRetryAfter(v)
		if !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "-5", "1.5", "soon", "+3"} {
		if _, ok := parseRetryAfter(v); ok {
			t.Errorf("parseRetryAfter(%q) accepted", v)
		}
	}
	if d, ok := parseRetryAfter("Mon, 02 Jan 2006 15:04:05 GMT"); !ok || d != 0 {
		t.Errorf("a past date = %v, %v; want 0", d, ok)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"7", "9223372036854775807", "18446744073", "-1", "Mon, 02 Jan 2006 15:04:05 GMT", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseRetryAfter(s); ok && d < 0 {
			t.Errorf("parseRetryAfter(%q) = %v", s, d)
		}
	})
}

// always429 answers every request 429 with the given Retry-After.
func always429(t *testing.T, hits *atomic.Int32, retryAfter string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A Retry-After past the cap is not waited for (nor turned negative and
// retried at once): the 429 comes back at once, and a notice says why.
func TestHugeRetryAfterIsNotWaitedNorRetriedAtOnce(t *testing.T) {
	for _, v := range []string{"9223372036854775807", "18446744073", "3600"} {
		var hits atomic.Int32
		srv := always429(t, &hits, v)
		var notices bytes.Buffer
		var waited []time.Duration
		c, _ := New(Options{Name: "trello", Notices: &notices, Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }})
		resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
		if err != nil || resp.Status != 429 || hits.Load() != 1 || len(waited) != 0 {
			t.Errorf("Retry-After %s: %v, %d hits, waited %v; want the 429 after one try, no wait", v, err, hits.Load(), waited)
		}
		if !strings.Contains(notices.String(), "rate limited by trello, which asks to wait") || !strings.Contains(notices.String(), "longer than the 2m0s cap on retries; not retrying") {
			t.Errorf("Retry-After %s: notice %q", v, notices.String())
		}
	}
}

// A wait over 2 s says so in one line; shorter ones are silent unless
// verbose.
func TestLongWaitsAreAnnounced(t *testing.T) {
	var hits atomic.Int32
	srv := always429(t, &hits, "10")
	var notices bytes.Buffer
	c, _ := New(Options{Name: "trello", Notices: &notices, Sleep: noSleep})
	resp, _ := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	if resp == nil || resp.Status != 429 || hits.Load() != 4 {
		t.Fatalf("got %+v after %d hits", resp, hits.Load())
	}
	want := "hookctl: rate limited by trello; retrying in 10s (2/4)\nhookctl: rate limited by trello; retrying in 10s (3/4)\nhookctl: rate limited by trello; retrying in 10s (4/4)\n"
	if notices.String() != want {
		t.Fatalf("notices:\n%s\nwant:\n%s", notices.String(), want)
	}

	hits.Store(0)
	srv2 := statusSeq(t, &hits, 503)
	notices.Reset()
	c, _ = New(Options{Name: "trello", Notices: &notices, Sleep: noSleep})
	c.Do(context.Background(), &Request{Method: "GET", URL: srv2.URL, Idempotent: true})
	if notices.Len() != 0 {
		t.Errorf("a short backoff was announced: %q", notices.String())
	}
	c, _ = New(Options{Name: "trello", Notices: &notices, Verbose: true, Sleep: noSleep})
	hits.Store(0)
	c.Do(context.Background(), &Request{Method: "GET", URL: srv2.URL, Idempotent: true})
	if !strings.HasPrefix(notices.String(), "hookctl: trello answered 503 Service Unavailable; retrying in ") {
		t.Errorf("verbose: %q", notices.String())
	}
}

// The run's retries share one budget: once it is spent, no more waiting.
func TestRetryBudgetIsSharedAndCapped(t *testing.T) {
	var hits atomic.Int32
	srv := always429(t, &hits, "50")
	budget := NewRetryBudget(0)
	var notices bytes.Buffer
	var total time.Duration
	c, _ := New(Options{Name: "trello", Notices: &notices, Budget: budget, Sleep: func(_ context.Context, d time.Duration) error { total += d; return nil }})
	for i := 0; i < 3; i++ {
		c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true})
	}
	if total != 100*time.Second {
		t.Errorf("waited %s in all; want 100s (two 50s waits fit in 2m)", total)
	}
	if !strings.Contains(notices.String(), "not retrying: 20s of the run's 2m0s cap on retries is left") {
		t.Errorf("notices: %s", notices.String())
	}
	// --timeout longer than the cap raises it.
	if b := NewRetryBudget(0); b.Total() != DefaultRetryBudget {
		t.Errorf("default budget %s", b.Total())
	}
	c, _ = New(Options{Timeout: 5 * time.Minute})
	if c.opts.Budget.Total() != 5*time.Minute {
		t.Errorf("budget with a 5m timeout: %s", c.opts.Budget.Total())
	}
}

// A request that goes unanswered for 2 s says it is still waiting.
func TestSlowAnswerIsAnnounced(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 2.5s")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(NoticeAfter + 500*time.Millisecond)
	}))
	t.Cleanup(srv.Close)
	var notices syncBuffer
	c, _ := New(Options{Name: "trello", Notices: &notices, Timeout: 10 * time.Second})
	if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	if got := notices.String(); got != "hookctl: still waiting for trello to answer (up to 10s)\n" {
		t.Fatalf("notices %q", got)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The client-side limiter's pause over 2 s is announced, once for a run's
// workers.
func TestLimiterPauseIsAnnounced(t *testing.T) {
	srv := statusSeq(t, new(atomic.Int32))
	var notices syncBuffer
	var slept []time.Duration
	lim := NewLimiter(1, 10*time.Second)
	now := time.Unix(1000, 0)
	lim.now = func() time.Time { return now }
	lim.sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); now = now.Add(d); return nil }
	c, _ := New(Options{Name: "trello", Notices: &notices, Limiter: lim})
	for i := 0; i < 3; i++ {
		if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Idempotent: true}); err != nil {
			t.Fatal(err)
		}
	}
	if len(slept) != 2 {
		t.Fatalf("slept %v", slept)
	}
	got := notices.String()
	if !strings.HasPrefix(got, "hookctl: keeping under trello's rate limit (1 per 10s); waiting 10s\n") || strings.Count(got, "\n") != 1 {
		t.Fatalf("notices %q", got)
	}
}

// A dialect's own limiter, passed through Pace, is announced under its own
// name when it holds a request back for long.
func TestPaceAnnouncesItsLimit(t *testing.T) {
	var notices syncBuffer
	lim := NewLimiter(2, time.Minute)
	now := time.Unix(1000, 0)
	lim.now = func() time.Time { return now }
	lim.sleep = func(_ context.Context, d time.Duration) error { now = now.Add(d); return nil }
	c, _ := New(Options{Name: "github", Notices: &notices})
	for range 3 {
		done, err := c.Pace(context.Background(), lim, "GitHub's secondary rate limit")
		if err != nil {
			t.Fatal(err)
		}
		done()
	}
	if got := notices.String(); !strings.HasPrefix(got, "hookctl: keeping under GitHub's secondary rate limit (2 per 1m0s); waiting 1m") ||
		strings.Count(got, "\n") != 1 {
		t.Fatalf("notices %q", got)
	}
}
