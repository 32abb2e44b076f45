package supportbee

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

const testToken = "sb-secret-token-123"

// seen is one request as the fake server received it.
type seen struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   string
}

// fake is a SupportBee stand-in: handle answers each request, and every
// request is recorded.
type fake struct {
	t      *testing.T
	mu     sync.Mutex
	reqs   []seen
	handle func(w http.ResponseWriter, r *http.Request, body string)
	srv    *httptest.Server
}

func newFake(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, body string)) *fake {
	t.Helper()
	f := &fake{t: t, handle: handle}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, seen{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), string(data)})
		f.mu.Unlock()
		f.handle(w, r, string(data))
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.reqs...)
}

// backend opens a Backend on the fake with instant retries.
func (f *fake) backend(opts ...func(*httpx.Options)) *Backend {
	f.t.Helper()
	o := httpx.Options{Sleep: func(context.Context, time.Duration) error { return nil }}
	for _, fn := range opts {
		fn(&o)
	}
	c, err := httpx.New(o)
	if err != nil {
		f.t.Fatal(err)
	}
	b, err := New(Config{BaseURL: f.srv.URL + "/", AuthToken: testToken, Client: c})
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func reply(w http.ResponseWriter, status int, body string) {
	if body != "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}
