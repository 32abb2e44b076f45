package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestOwnerPath(t *testing.T) {
	for _, tt := range []struct{ repo, group, want string }{
		{"acme/api", "", "/projects/acme%2Fapi"},
		{"acme/sub/api.v2", "", "/projects/acme%2Fsub%2Fapi.v2"},
		{"42", "", "/projects/42"},
		{"", "acme/platform", "/groups/acme%2Fplatform"},
	} {
		if got, err := OwnerPath(tt.repo, tt.group); err != nil || got != tt.want {
			t.Errorf("OwnerPath(%q, %q) = %q, %v; want %q", tt.repo, tt.group, got, err, tt.want)
		}
	}
	for _, bad := range []string{"a/../b", "a b", "a/%2e%2e/b", "a/%2E%2E", "/a", "a//b", "..", "a/.b/..c"} {
		if _, err := OwnerPath(bad, ""); !errors.Is(err, webhook.ErrValidation) {
			t.Errorf("OwnerPath(%q) accepted: %v", bad, err)
		}
	}
	if _, err := OwnerPath("a/b", "c"); err == nil {
		t.Error("repo and group together accepted")
	}
}

// serve answers with the given handler and returns a Backend on it.
func serve(t *testing.T, h http.HandlerFunc) *Backend {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := httpx.New(httpx.Options{Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{BaseURL: srv.URL + "/api/v4", Token: "glpat-x", Repo: "a/b", Client: c})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestErrorsAndRateLimits(t *testing.T) {
	var calls atomic.Int32
	b := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch {
		case r.Method == http.MethodGet && n == 1:
			w.Header().Set("RateLimit-Reset", "1") // long past: retry at once
			w.WriteHeader(http.StatusTooManyRequests)
		case r.Method == http.MethodGet:
			w.Header().Set("X-Next-Page", "")
			fmt.Fprint(w, `[{"id":7,"url":"https://e.com","push_events":true,"tag_push_events":true}]`)
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprint(w, `{"message":{"url":["is blocked: Requests to localhost are not allowed"]}}`)
		default:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"push_events is invalid"}`)
		}
	})
	ctx := context.Background()
	ws, err := b.List(ctx)
	if err != nil || len(ws) != 1 || strings.Join(ws[0].Events, ",") != "push,tag_push" {
		t.Fatalf("list after a 429: %v %+v", err, ws)
	}
	u := "https://e.com"
	_, err = b.Create(ctx, webhook.Changes{URL: &u})
	var api *webhook.APIError
	if !errors.As(err, &api) || api.Kind != webhook.ErrValidation || !strings.Contains(api.Message, "url [is blocked: Requests to localhost are not allowed]") {
		t.Errorf("422: %v", err)
	}
	_, err = b.Update(ctx, "7", webhook.Changes{URL: &u})
	if !errors.As(err, &api) || api.Kind != webhook.ErrValidation || api.Message != "push_events is invalid" {
		t.Errorf("400: %v", err)
	}
}

func TestListPages(t *testing.T) {
	var self string
	b := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("per_page") != "100" {
			t.Errorf("per_page %q", r.URL.Query().Get("per_page"))
		}
		switch r.URL.Query().Get("page") {
		case "": // X-Next-Page alone
			w.Header().Set("X-Next-Page", "2")
			fmt.Fprint(w, `[{"id":1,"url":"https://e.com/1"}]`)
		case "2": // Link wins
			w.Header().Set("X-Next-Page", "9")
			w.Header().Set("Link", `<`+self+`/api/v4/projects/a%2Fb/hooks?page=3&per_page=100>; rel="next", <`+self+`/x>; rel="last"`)
			fmt.Fprint(w, `[{"id":2,"url":"https://e.com/2"}]`)
		case "3":
			fmt.Fprint(w, `[{"id":3,"url":"https://e.com/3"}]`)
		}
	})
	self = strings.TrimSuffix(b.base, "/api/v4")
	ws, err := b.List(context.Background())
	if err != nil || len(ws) != 3 || ws[2].ID != "3" {
		t.Fatalf("pages: %v %+v", err, ws)
	}
	for name, link := range map[string]string{
		"a page already read": `<http://HOST/api/v4/projects/a%2Fb/hooks?per_page=100>; rel="next"`,
		"another host":        `<https://elsewhere.example/api/v4/projects/a%2Fb/hooks?page=2>; rel="next"`,
	} {
		b := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", strings.Replace(link, "HOST", r.Host, 1))
			fmt.Fprint(w, `[]`)
		})
		if _, err := b.List(context.Background()); err == nil || !strings.Contains(err.Error(), map[string]string{
			"a page already read": "already sent", "another host": "not on"}[name]) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
