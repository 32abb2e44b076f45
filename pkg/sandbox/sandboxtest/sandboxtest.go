// Package sandboxtest has what the tests of the sandbox and of its
// emulators share: a sandbox behind a test server, one request read in
// full, and a callback server that records what the sandbox sends it.
package sandboxtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// NewServer starts a sandbox serving opts.Emulators and emulators behind
// an httptest server; both are closed when the test ends.
func NewServer(t testing.TB, opts sandbox.Options, emulators ...sandbox.Emulator) (*sandbox.Sandbox, *httptest.Server) {
	t.Helper()
	opts.Emulators = append(opts.Emulators[:len(opts.Emulators):len(opts.Emulators)], emulators...)
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() {
		srv.Close()
		_ = sb.Close()
	})
	return sb, srv
}

// Reply is a response read in full.
type Reply struct {
	// Status is the HTTP status.
	Status int
	// Header are the answer's headers.
	Header http.Header
	// Body is the whole body.
	Body string
}

// Call sends one request and reads its answer; hdr are "Name: value"
// lines (empty ones are skipped). A body without a Content-Type header is
// sent as JSON.
func Call(t testing.TB, c *http.Client, method, url, body string, hdr ...string) Reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hdr {
		if h == "" {
			continue
		}
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	if body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return Reply{resp.StatusCode, resp.Header, string(b)}
}

// Decode decodes the JSON s into a T, failing the test when it is not.
func Decode[T any](t testing.TB, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

// Callback is a callback server: it records what it receives and answers
// every request with one status and "ok from callback".
type Callback struct {
	*httptest.Server
	mu       sync.Mutex
	heads    int
	requests []Recorded
}

// Recorded is one request a Callback received.
type Recorded struct {
	// Method is the request's method.
	Method string
	// URI is the request URI, as sent (path and query).
	URI string
	// Host is the Host header.
	Host string
	// Header are the request's headers.
	Header http.Header
	// Body is the whole body.
	Body []byte
}

// NewCallback starts a Callback answering status, closed when the test
// ends.
func NewCallback(t testing.TB, status int) *Callback {
	t.Helper()
	cs := &Callback{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		cs.mu.Lock()
		if r.Method == http.MethodHead {
			cs.heads++
		} else {
			cs.requests = append(cs.requests, Recorded{r.Method, r.RequestURI, r.Host, r.Header.Clone(), b})
		}
		cs.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write([]byte("ok from callback"))
	}))
	t.Cleanup(cs.Close)
	return cs
}

// Got returns the number of HEAD probes and the other requests received
// so far.
func (cs *Callback) Got() (heads int, requests []Recorded) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.heads, append([]Recorded{}, cs.requests...)
}
