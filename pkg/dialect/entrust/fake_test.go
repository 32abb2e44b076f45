package entrust

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
)

const (
	testApp    = "app-1234"
	testSecret = "shared-secret-5678"
)

// seen is one request as the fake server received it.
type seen struct {
	Method string
	Path   string
	Auth   string
	Body   string
}

// fake is an Entrust stand-in. It issues tokens tok-1, tok-2, … from the
// authenticate endpoint (expiring as expiry says) and hands every other
// request to handle, with the token it carried.
type fake struct {
	t      *testing.T
	mu     sync.Mutex
	reqs   []seen
	auths  int
	expiry func() string // expirationTime of the next token
	authFn func(w http.ResponseWriter, body string) bool
	handle func(w http.ResponseWriter, r *http.Request, body string)
	srv    *httptest.Server
}

func newFake(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, body string)) *fake {
	t.Helper()
	f := &fake{t: t, handle: handle, expiry: func() string { return time.Now().Add(15 * time.Minute).UTC().Format(time.RFC3339) }}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, seen{r.Method, r.URL.Path, r.Header.Get("Authorization"), string(data)})
		f.mu.Unlock()
		if r.URL.Path == authPath {
			f.authenticate(w, r, string(data))
			return
		}
		f.handle(w, r, string(data))
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) authenticate(w http.ResponseWriter, r *http.Request, body string) {
	if f.authFn != nil && f.authFn(w, body) {
		return
	}
	var a map[string]string
	if r.Method != http.MethodPost || json.Unmarshal([]byte(body), &a) != nil ||
		a["applicationId"] != testApp || a["sharedSecret"] != testSecret {
		reply(w, 401, `{"errorCode":"access_denied","errorMessage":"Invalid application credentials"}`)
		return
	}
	f.mu.Lock()
	f.auths++
	n := f.auths
	f.mu.Unlock()
	reply(w, 200, fmt.Sprintf(`{"authToken":"tok-%d","expirationTime":%q,"creationTime":%q}`,
		n, f.expiry(), time.Now().UTC().Format(time.RFC3339)))
}

func (f *fake) authCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.auths
}

// calls are the requests other than authentication.
func (f *fake) calls() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []seen
	for _, r := range f.reqs {
		if r.Path != authPath {
			out = append(out, r)
		}
	}
	return out
}

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
	b, err := New(Config{BaseURL: f.srv.URL + "/", ApplicationID: testApp, SharedSecret: testSecret, Client: c})
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func reply(w http.ResponseWriter, status int, body string) {
	if body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}
