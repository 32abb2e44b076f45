package entrust

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// badAnswer is one way a backend (or a proxy in front of it) can answer
// wrongly.
type badAnswer struct {
	name   string
	status int
	ctype  string
	body   []byte
}

const badHTML = "<!DOCTYPE html>\n<html>\n<head><title>Server Error</title></head>\n<body>\n<h1>Something went wrong</h1>\n<pre>Traceback (most recent call last):\n  File \"app.py\", line 1\n</pre>\n</body>\n</html>\n"

func badAnswers() []badAnswer {
	return []badAnswer{
		{"HTML 500 page", 500, "text/html; charset=utf-8", []byte(badHTML)},
		{"HTML 200 page", 200, "text/html", []byte(badHTML)},
		{"HTML 502 from a proxy", 502, "text/html", []byte("<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")},
		{"object where an array or another object is expected", 200, "application/json", []byte(`{"unexpected":{"deeply":[1,2,3]}}`)},
		{"array of the wrong things", 200, "application/json", []byte(`[1,"two",null,{"id":false}]`)},
		{"truncated JSON", 200, "application/json", []byte(badWireOne[:len(badWireOne)/2])},
		{"empty 200", 200, "application/json", nil},
		{"wrong content type", 200, "application/xml", []byte(`<?xml version="1.0"?><webhooks><webhook id="1"/></webhooks>`)},
		{"plain text 200", 200, "text/plain", []byte("OK")},
		{"binary garbage", 200, "application/octet-stream", []byte{0x00, 0xff, 0xfe, '\n', 0x1b, '[', '3', '1', 'm', 0x7f}},
		{"20 MiB answer", 200, "application/json", bytes.Repeat([]byte("x"), 20<<20)},
	}
}

// badServer answers every webhook request with a; authentication itself succeeds.
func badServer(t *testing.T, a badAnswer) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authPath {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"authToken":"bad-session-9999","expirationTime":"2999-01-01T00:00:00Z"}`))
			return
		}
		if a.ctype != "" {
			w.Header().Set("Content-Type", a.ctype)
		}
		w.WriteHeader(a.status)
		w.Write(a.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func badBackend(t *testing.T, srv *httptest.Server, opts httpx.Options) *Backend {
	t.Helper()
	opts.Sleep = func(context.Context, time.Duration) error { return nil }
	c, err := httpx.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{BaseURL: srv.URL, ApplicationID: "bad-app", SharedSecret: "bad-secret-5678", Client: c})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// badOps are the backend calls whose answers carry data.
func badOps(b *Backend) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"list": func(ctx context.Context) error { _, err := b.List(ctx); return err },
		"get": func(ctx context.Context) error {
			_, err := b.Get(ctx, "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11")
			return err
		},
		"create": func(ctx context.Context) error {
			_, err := b.Create(ctx, webhook.Changes{URL: badStr("https://example.com/hook"), Description: badStr("n"), Events: []string{"user.created"}})
			return err
		},
		"update": func(ctx context.Context) error {
			_, err := b.Update(ctx, "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11", webhook.Changes{Description: badStr("renamed")})
			return err
		},
	}
}

// checkOneLine fails unless err is one plain line: no newline, no Go type
// name, no credential.
func checkOneLine(t *testing.T, what string, err error) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r\x00\x1b\x7f") || !utf8.ValidString(msg) {
		t.Errorf("%s: error is not one line: %q", what, msg)
	}
	for _, leak := range []string{"Go value", "cannot unmarshal", "invalid character", "unexpected end of JSON", "*json.", "[]json.", "goroutine", "panic"} {
		if strings.Contains(msg, leak) {
			t.Errorf("%s: error shows Go internals (%q): %s", what, leak, msg)
		}
	}
	for _, secret := range badSecrets {
		if strings.Contains(msg, secret) {
			t.Errorf("%s: error shows credential %q: %s", what, secret, msg)
		}
	}
	if len(msg) > 600 {
		t.Errorf("%s: error is %d characters long", what, len(msg))
	}
}

// plainFailure reports whether err maps to exit 1: none of the typed kinds.
func plainFailure(err error) bool {
	for _, kind := range []error{webhook.ErrValidation, webhook.ErrNotFound, webhook.ErrAuth, webhook.ErrConflict, webhook.ErrRateLimited} {
		if errors.Is(err, kind) {
			return false
		}
	}
	return true
}

func TestBadAnswersAreOneLineFailures(t *testing.T) {
	for _, a := range badAnswers() {
		srv := badServer(t, a)
		b := badBackend(t, srv, httpx.Options{})
		for name, op := range badOps(b) {
			what := a.name + "/" + name
			err := op(context.Background())
			if err == nil {
				t.Errorf("%s: no error", what)
				continue
			}
			checkOneLine(t, what, err)
			if !plainFailure(err) {
				t.Errorf("%s: error %q maps to a typed kind; want a plain failure (exit 1)", what, err)
			}
			if a.status == 200 && !strings.Contains(err.Error(), "HTTP 200") {
				t.Errorf("%s: error does not say what came back: %s", what, err)
			}
		}
		// delete reads no body: a 2xx of any shape is success, anything
		// else one line.
		if err := b.Delete(context.Background(), "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11"); err != nil {
			checkOneLine(t, a.name+"/delete", err)
		} else if a.status >= 300 {
			t.Errorf("%s/delete: HTTP %d taken as success", a.name, a.status)
		}
	}
}

// A create answered 2xx with something unreadable did happen: the client
// looks for its webhook in the list instead of failing or resending.
func TestUnreadableCreateAnswerIsRecoveredFromTheList(t *testing.T) {
	posts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authPath {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"authToken":"bad-session-9999","expirationTime":"2999-01-01T00:00:00Z"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodPost:
			posts++
			w.WriteHeader(http.StatusOK)
			w.Write([]byte(badWireOne[:len(badWireOne)/2]))
		default:
			w.Write([]byte(badWireList))
		}
	}))
	defer srv.Close()
	b := badBackend(t, srv, httpx.Options{})
	w, err := b.Create(context.Background(), webhook.Changes{URL: badStr("https://example.com/hook"), Description: badStr("n"), Events: []string{"user.created"}})
	if err != nil || w.ID != "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11" {
		t.Fatalf("got %+v, %v; want the listed webhook %s", w, err, "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11")
	}
	if posts != 1 {
		t.Fatalf("the create was sent %d times", posts)
	}
}

// Fields the dialect does not know are ignored, not an error.
func TestUnknownFieldsAreIgnored(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authPath {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"authToken":"bad-session-9999","expirationTime":"2999-01-01T00:00:00Z"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(badWireListExtra))
	}))
	defer srv.Close()
	ws, err := badBackend(t, srv, httpx.Options{}).List(context.Background())
	if err != nil || len(ws) != 1 || ws[0].ID != "0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11" {
		t.Fatalf("got %+v, %v", ws, err)
	}
}

// A 429 that outlasts the retries is exit 6's kind, after waiting.
func TestPersistentRateLimitIsRateLimited(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authPath {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"authToken":"bad-session-9999","expirationTime":"2999-01-01T00:00:00Z"}`))
			return
		}
		hits++
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(429)
		w.Write([]byte(`{"errorCode":"rate_limit_exceeded","errorMessage":"Too many requests."}`))
	}))
	defer srv.Close()
	var waits []time.Duration
	c, err := httpx.New(httpx.Options{RateLimitWait: 10 * time.Second, Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	b := badBackendWith(t, srv, c)
	_, err = b.List(context.Background())
	if !errors.Is(err, webhook.ErrRateLimited) {
		t.Fatalf("err = %v, want rate limited", err)
	}
	checkOneLine(t, "429", err)
	if hits != httpx.DefaultMaxTries || len(waits) != httpx.DefaultMaxTries-1 {
		t.Fatalf("%d tries, waits %v", hits, waits)
	}
	for _, d := range waits {
		if d < 2*time.Second {
			t.Fatalf("waits %v: the storm was hammered, not waited out", waits)
		}
	}
}

func badBackendWith(t *testing.T, srv *httptest.Server, c *httpx.Client) *Backend {
	t.Helper()
	b, err := New(Config{BaseURL: srv.URL, ApplicationID: "bad-app", SharedSecret: "bad-secret-5678", Client: c})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func badStr(s string) *string { return &s }

var badSecrets = []string{"bad-secret-5678", "bad-session-9999"}

const (
	badWireOne       = `{"id":"0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11","name":"n","callbackUrl":"https://example.com/hook","events":["user.created"],"enabled":true}`
	badWireList      = "[" + badWireOne + "]"
	badWireListExtra = `[{"id":"0b5e8a4e-8f0c-4a5e-9d57-3d1c0a6e2f11","name":"n","callbackUrl":"https://example.com/hook","events":["user.created"],"enabled":true,"createdOn":"2024-01-01","lastFailure":{"code":500}}]`
)

// An answer to the authentication that is not what Entrust documents is one
// line too, and never shows the secret.
func TestBadAuthenticationAnswersAreOneLine(t *testing.T) {
	for _, a := range badAnswers() {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if a.ctype != "" {
				w.Header().Set("Content-Type", a.ctype)
			}
			w.WriteHeader(a.status)
			w.Write(a.body)
		}))
		_, err := badBackend(t, srv, httpx.Options{}).List(context.Background())
		srv.Close()
		if err == nil {
			t.Errorf("%s: no error", a.name)
			continue
		}
		checkOneLine(t, a.name+"/authenticate", err)
	}
}
