package dialecttest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// BadAnswer is one way a backend (or a proxy in front of it) can answer
// wrongly.
type BadAnswer struct {
	Name   string
	Status int
	CType  string
	Body   []byte
}

// Write sends the answer.
func (a BadAnswer) Write(w http.ResponseWriter) {
	if a.CType != "" {
		w.Header().Set("Content-Type", a.CType)
	}
	w.WriteHeader(a.Status)
	w.Write(a.Body)
}

// BadHTML is a server error page with a stack trace.
const BadHTML = "<!DOCTYPE html>\n<html>\n<head><title>Server Error</title></head>\n<body>\n<h1>Something went wrong</h1>\n<pre>Traceback (most recent call last):\n  File \"app.py\", line 1\n</pre>\n</body>\n</html>\n"

// BadAnswers are the wrong answers every call must survive; wireOne is one
// webhook as the dialect sends it (cut in half for the truncated answer).
func BadAnswers(wireOne string) []BadAnswer {
	return []BadAnswer{
		{"HTML 500 page", 500, "text/html; charset=utf-8", []byte(BadHTML)},
		{"HTML 200 page", 200, "text/html", []byte(BadHTML)},
		{"HTML 502 from a proxy", 502, "text/html", []byte("<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")},
		{"object where an array or another object is expected", 200, "application/json", []byte(`{"unexpected":{"deeply":[1,2,3]}}`)},
		{"array of the wrong things", 200, "application/json", []byte(`[1,"two",null,{"id":false}]`)},
		{"truncated JSON", 200, "application/json", []byte(wireOne[:len(wireOne)/2])},
		{"empty 200", 200, "application/json", nil},
		{"wrong content type", 200, "application/xml", []byte(`<?xml version="1.0"?><webhooks><webhook id="1"/></webhooks>`)},
		{"plain text 200", 200, "text/plain", []byte("OK")},
		{"binary garbage", 200, "application/octet-stream", []byte{0x00, 0xff, 0xfe, '\n', 0x1b, '[', '3', '1', 'm', 0x7f}},
		{"20 MiB answer", 200, "application/json", bytes.Repeat([]byte("x"), 20<<20)},
	}
}

// CheckOneLine fails unless err is one plain line: no newline, no Go type
// name, no credential from secrets.
func CheckOneLine(t testing.TB, what string, err error, secrets []string) {
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
	for _, secret := range secrets {
		if strings.Contains(msg, secret) {
			t.Errorf("%s: error shows credential %q: %s", what, secret, msg)
		}
	}
	if len(msg) > 600 {
		t.Errorf("%s: error is %d characters long", what, len(msg))
	}
}

// PlainFailure reports whether err maps to exit 1: none of the typed kinds.
func PlainFailure(err error) bool {
	for _, kind := range []error{webhook.ErrValidation, webhook.ErrNotFound, webhook.ErrAuth, webhook.ErrConflict, webhook.ErrRateLimited} {
		if errors.Is(err, kind) {
			return false
		}
	}
	return true
}

// BadAnswersAreOneLineFailures answers every webhook call with each bad
// answer in turn (authentication, if any, succeeds): every call that reads
// an answer fails with one plain line that says what came back; delete,
// which reads no body, takes any 2xx as success and fails otherwise.
func (d Dialect) BadAnswersAreOneLineFailures(t *testing.T) {
	for _, a := range BadAnswers(d.WireOne) {
		t.Run(a.Name, func(t *testing.T) {
			srv := d.Server(t, func(w http.ResponseWriter, r *http.Request) { a.Write(w) })
			b := d.Backend(t, srv.URL, httpx.Options{})
			for _, op := range d.Ops(b) {
				what := a.Name + "/" + op.Name
				err := op.Call(context.Background())
				if err == nil {
					t.Errorf("%s: no error", what)
					continue
				}
				CheckOneLine(t, what, err, d.Secrets)
				if !PlainFailure(err) {
					t.Errorf("%s: error %q maps to a typed kind; want a plain failure (exit 1)", what, err)
				}
				if a.Status == 200 && !strings.Contains(err.Error(), "HTTP 200") {
					t.Errorf("%s: error does not say what came back: %s", what, err)
				}
			}
			// delete reads no body: a 2xx of any shape is success, anything
			// else one line.
			if err := b.Delete(context.Background(), d.ID); err != nil {
				CheckOneLine(t, a.Name+"/delete", err, d.Secrets)
			} else if a.Status >= 300 {
				t.Errorf("%s/delete: HTTP %d taken as success", a.Name, a.Status)
			}
		})
	}
}

// UnreadableCreateAnswerIsRecoveredFromTheList: a create answered 2xx with
// something unreadable did happen, so the client looks for its webhook in
// the list instead of failing or resending.
func (d Dialect) UnreadableCreateAnswerIsRecoveredFromTheList(t *testing.T) {
	posts := 0
	srv := d.Server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodPost:
			posts++
			w.WriteHeader(d.CreateStatus)
			w.Write([]byte(d.WireOne[:len(d.WireOne)/2]))
		default:
			w.Write([]byte(d.WireList))
		}
	})
	b := d.Backend(t, srv.URL, httpx.Options{})
	w, err := b.Create(context.Background(), d.Create)
	if err != nil || w.ID != d.ID {
		t.Fatalf("got %+v, %v; want the listed webhook %s", w, err, d.ID)
	}
	if posts != 1 {
		t.Fatalf("the create was sent %d times", posts)
	}
}

// UnknownFieldsAreIgnored: fields the dialect does not know are not an
// error.
func (d Dialect) UnknownFieldsAreIgnored(t *testing.T) {
	srv := d.Server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(d.WireListExtra))
	})
	ws, err := d.Backend(t, srv.URL, httpx.Options{}).List(context.Background())
	if err != nil || len(ws) != 1 || ws[0].ID != d.ID {
		t.Fatalf("got %+v, %v", ws, err)
	}
}

// PersistentRateLimitIsRateLimited: a 429 that outlasts the retries is exit
// 6's kind, after waiting at least as long as the vendor asks.
func (d Dialect) PersistentRateLimitIsRateLimited(t *testing.T) {
	hits := 0
	srv := d.Server(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", d.RateLimit.ContentType)
		if d.RateLimit.RetryAfter != "" {
			w.Header().Set("Retry-After", d.RateLimit.RetryAfter)
		}
		w.WriteHeader(429)
		w.Write([]byte(d.RateLimit.Body))
	})
	var waits []time.Duration
	c, err := httpx.New(httpx.Options{RateLimitWait: 10 * time.Second, Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	b := d.New(t, srv.URL, c)
	_, err = b.List(context.Background())
	if !errors.Is(err, webhook.ErrRateLimited) {
		t.Fatalf("err = %v, want rate limited", err)
	}
	CheckOneLine(t, "429", err, d.Secrets)
	if hits != httpx.DefaultMaxTries || len(waits) != httpx.DefaultMaxTries-1 {
		t.Fatalf("%d tries, waits %v", hits, waits)
	}
	for _, w := range waits {
		if w < d.RateLimit.MinWait {
			t.Fatalf("waits %v: the storm was hammered, not waited out", waits)
		}
	}
}
