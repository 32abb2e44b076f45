package trello

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

const hookJSON = `{"id":"5abbe4b7ddc1b351ef961414","description":"Board","idModel":"5abbe4b7ddc1b351ef961415","callbackURL":"https://example.com/h","active":true,"consecutiveFailures":2}`

// recorder is a fake Trello that records each request and answers from a
// table keyed by "METHOD path".
type recorder struct {
	mu      sync.Mutex
	seen    []*http.Request
	bodies  []string
	answers map[string]string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.seen = append(rec.seen, r)
	rec.bodies = append(rec.bodies, string(body))
	rec.mu.Unlock()
	answer, ok := rec.answers[r.Method+" "+r.URL.Path]
	if !ok {
		http.Error(w, "The requested resource was not found.", http.StatusNotFound)
		return
	}
	if strings.HasPrefix(answer, "400 ") {
		http.Error(w, strings.TrimPrefix(answer, "400 "), http.StatusBadRequest)
		return
	}
	w.Write([]byte(answer))
}

func newTestBackend(t *testing.T, answers map[string]string) (*Backend, *recorder) {
	t.Helper()
	rec := &recorder{answers: answers}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	c, err := httpx.New(httpx.Options{Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{BaseURL: srv.URL + "/1", Key: "the-key-123", Token: "the-token-456", Client: c, Deliver: c})
	if err != nil {
		t.Fatal(err)
	}
	return b, rec
}

func ptr[T any](v T) *T { return &v }

func TestEndpointsAndCredentials(t *testing.T) {
	b, rec := newTestBackend(t, map[string]string{
		"GET /1/tokens/the-token-456/webhooks":             "[" + hookJSON + "]",
		"GET /1/webhooks/5abbe4b7ddc1b351ef961414":         hookJSON,
		"POST /1/webhooks":                                 hookJSON,
		"PUT /1/webhooks/5abbe4b7ddc1b351ef961414":         hookJSON,
		"DELETE /1/webhooks/5abbe4b7ddc1b351ef961414":      `{"_value":null}`,
		"GET /1/webhooks/5abbe4b7ddc1b351ef961414/idModel": `{"_value":"5abbe4b7ddc1b351ef961415"}`,
		"PUT /1/webhooks/5abbe4b7ddc1b351ef961414/active":  hookJSON,
	})
	ctx := context.Background()
	const id = "5abbe4b7ddc1b351ef961414"
	ws, err := b.List(ctx)
	if err != nil || len(ws) != 1 || ws[0].URL != "https://example.com/h" || *ws[0].Failures != 2 {
		t.Fatalf("List = %+v, %v", ws, err)
	}
	if _, err := b.Get(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/h"), Model: ptr("5abbe4b7ddc1b351ef961415"), Description: ptr("a b&c")}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(ctx, id, webhook.Changes{Active: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	model, _ := Schema.Field("model")
	raw, err := b.GetField(ctx, id, model)
	if err != nil || string(raw) != `"5abbe4b7ddc1b351ef961415"` {
		t.Fatalf("GetField = %s, %v; want the bare _value", raw, err)
	}
	active, _ := Schema.Field("active")
	if _, err := b.SetField(ctx, id, active, "false"); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}

	want := []string{
		"GET /1/tokens/the-token-456/webhooks ",
		"GET /1/webhooks/5abbe4b7ddc1b351ef961414 ",
		"POST /1/webhooks callbackURL=https%3A%2F%2Fexample.com%2Fh&description=a+b%26c&idModel=5abbe4b7ddc1b351ef961415",
		"PUT /1/webhooks/5abbe4b7ddc1b351ef961414 active=false",
		"GET /1/webhooks/5abbe4b7ddc1b351ef961414/idModel ",
		"PUT /1/webhooks/5abbe4b7ddc1b351ef961414/active value=false",
		"DELETE /1/webhooks/5abbe4b7ddc1b351ef961414 ",
	}
	if len(rec.seen) != len(want) {
		t.Fatalf("%d requests, want %d", len(rec.seen), len(want))
	}
	for i, r := range rec.seen {
		if got := r.Method + " " + r.URL.Path + " " + r.URL.RawQuery; got != want[i] {
			t.Errorf("request %d = %q, want %q", i, got, want[i])
		}
		if auth := r.Header.Get("Authorization"); auth != `OAuth oauth_consumer_key="the-key-123", oauth_token="the-token-456"` {
			t.Errorf("request %d Authorization = %q", i, auth)
		}
		if strings.Contains(r.URL.RawQuery, "the-key-123") || strings.Contains(r.URL.RawQuery, "the-token-456") {
			t.Errorf("request %d puts a credential in the query: %s", i, r.URL.RawQuery)
		}
		if rec.bodies[i] != "" {
			t.Errorf("request %d has a body %q; Trello's arguments go in the query", i, rec.bodies[i])
		}
	}
}

func TestDuplicateNamesTheExistingWebhook(t *testing.T) {
	b, _ := newTestBackend(t, map[string]string{
		"POST /1/webhooks":                     "400 A webhook with that callback, model, and token already exists",
		"GET /1/tokens/the-token-456/webhooks": "[" + hookJSON + "]",
	})
	_, err := b.Create(context.Background(), webhook.Changes{URL: ptr("https://example.com/h"), Model: ptr("5abbe4b7ddc1b351ef961415")})
	if !errors.Is(err, webhook.ErrConflict) || !strings.Contains(err.Error(), "already exists: 5abbe4b7ddc1b351ef961414") {
		t.Fatalf("err = %v; want a conflict naming the existing id", err)
	}
}

func TestPlainTextErrorsKeepTrellosWords(t *testing.T) {
	b, _ := newTestBackend(t, map[string]string{"POST /1/webhooks": "400 invalid value for idModel"})
	_, err := b.Create(context.Background(), webhook.Changes{URL: ptr("https://example.com/h"), Model: ptr("5abbe4b7ddc1b351ef961415")})
	if err == nil || err.Error() != "invalid value for idModel (HTTP 400)" || errors.Is(err, webhook.ErrConflict) {
		t.Fatalf("err = %v", err)
	}
	_, err = b.Get(context.Background(), "5abbe4b7ddc1b351ef961499")
	if !errors.Is(err, webhook.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestNewNeedsKeyAndToken(t *testing.T) {
	c, _ := httpx.New(httpx.Options{})
	if _, err := New(Config{Token: "t", Client: c}); err == nil || !strings.Contains(err.Error(), "no key") {
		t.Errorf("no key: %v", err)
	}
	if _, err := New(Config{Key: "k", Client: c}); err == nil || !strings.Contains(err.Error(), "no token") {
		t.Errorf("no token: %v", err)
	}
}

func TestReadOnlyFieldsAreReadFromTheWebhook(t *testing.T) {
	b, rec := newTestBackend(t, map[string]string{"GET /1/webhooks/5abbe4b7ddc1b351ef961414": hookJSON})
	failures, _ := Schema.Field("consecutiveFailures")
	raw, err := b.GetField(context.Background(), "5abbe4b7ddc1b351ef961414", failures)
	if err != nil || string(raw) != "2" {
		t.Fatalf("GetField(failures) = %s, %v", raw, err)
	}
	if len(rec.seen) != 1 || rec.seen[0].URL.Path != "/1/webhooks/5abbe4b7ddc1b351ef961414" {
		t.Fatalf("asked %v; want only the documented GET /webhooks/{id}", rec.seen[0].URL)
	}
}
