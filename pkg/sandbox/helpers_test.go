package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// newServer starts a sandbox behind an httptest server; with no Emulators
// it serves the emulator of this package.
func newServer(t *testing.T, opts Options) (*Sandbox, *httptest.Server) {
	t.Helper()
	if opts.Emulators == nil {
		opts.Emulators = []Emulator{SupportBeeEmulator}
	}
	sb, err := New(opts)
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

// reply is a response read in full.
type reply struct {
	status int
	header http.Header
	body   string
}

// call sends one request; hdr is "Name: value" lines.
func call(t *testing.T, c *http.Client, method, url, body string, hdr ...string) reply {
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
	return reply{resp.StatusCode, resp.Header, string(b)}
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

// callbackServer records what it receives and answers status.
type callbackServer struct {
	*httptest.Server
	mu       sync.Mutex
	heads    int
	requests []recorded
}

type recorded struct {
	method string
	uri    string
	host   string
	header http.Header
	body   []byte
}

func newCallback(t *testing.T, status int) *callbackServer {
	t.Helper()
	cs := &callbackServer{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		cs.mu.Lock()
		if r.Method == http.MethodHead {
			cs.heads++
		} else {
			cs.requests = append(cs.requests, recorded{r.Method, r.RequestURI, r.Host, r.Header.Clone(), b})
		}
		cs.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write([]byte("ok from callback"))
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *callbackServer) got() (int, []recorded) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.heads, append([]recorded{}, cs.requests...)
}
