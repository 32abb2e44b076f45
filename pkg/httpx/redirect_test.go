package httpx

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// redirectingTransport answers every https request with a redirect to the
// same host over plain http, and records every request it is handed.
type redirectingTransport struct {
	mu   sync.Mutex
	sent []string
}

func (rt *redirectingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.sent = append(rt.sent, r.URL.Scheme+" "+r.Header.Get("Authorization"))
	rt.mu.Unlock()
	h := http.Header{}
	status := http.StatusOK
	if r.URL.Scheme == "https" {
		status = http.StatusFound
		h.Set("Location", "http://"+r.URL.Host+"/plain"+r.URL.Path)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader("[]")), Request: r}, nil
}

func TestRedirectToPlainHTTPIsRefused(t *testing.T) {
	rt := &redirectingTransport{}
	var debug bytes.Buffer
	c, _ := New(Options{Sleep: noSleep, Transport: rt, Debug: &debug})
	c.Redactor().Add("s3cret-token")
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: "https://api.example.test/hooks", Idempotent: true,
		Header: http.Header{"Authorization": {"Bearer s3cret-token"}}})
	if err == nil || !strings.Contains(err.Error(), "refused a redirect from https to plain http") {
		t.Fatalf("err = %v, want the downgrade refused", err)
	}
	for _, s := range rt.sent {
		if strings.HasPrefix(s, "http ") {
			t.Errorf("a request went out over plain http: %q", s)
		}
	}
	if len(rt.sent) != 1 {
		t.Errorf("%d requests sent, want 1 (a refused redirect is not retried)", len(rt.sent))
	}
	if !strings.Contains(debug.String(), "redirect to http://api.example.test/plain/hooks refused") {
		t.Errorf("debug log does not show the refused redirect:\n%s", debug.String())
	}
	if strings.Contains(debug.String()+err.Error(), "s3cret-token") {
		t.Errorf("the token was printed")
	}
}

// movingTransport redirects /old to /new on the same host and scheme.
type movingTransport struct{}

func (movingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h := http.Header{}
	status := http.StatusOK
	if r.URL.Path == "/old" {
		status = http.StatusMovedPermanently
		h.Set("Location", "https://"+r.URL.Host+"/new")
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader("[]")), Request: r}, nil
}

// A followed redirect shows in --debug as it happened: the redirect, then
// the request actually sent, not the one asked for.
func TestDebugLogsTheRequestSent(t *testing.T) {
	var debug bytes.Buffer
	c, _ := New(Options{Sleep: noSleep, Transport: movingTransport{}, Debug: &debug})
	if _, err := c.Do(context.Background(), &Request{Method: "GET", URL: "https://api.example.test/old", Idempotent: true}); err != nil {
		t.Fatal(err)
	}
	log := debug.String()
	if !strings.Contains(log, "GET https://api.example.test/old → 301, following the redirect: GET https://api.example.test/new") ||
		!strings.Contains(log, "debug: GET https://api.example.test/new → 200") {
		t.Errorf("debug log:\n%s", log)
	}
}
