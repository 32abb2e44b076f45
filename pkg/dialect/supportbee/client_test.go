package supportbee

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func ptr[T any](v T) *T { return &v }

func TestNewNeedsCompanyAndToken(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no company", Config{AuthToken: testToken}, "company"},
		{"not a subdomain", Config{AuthToken: testToken, Company: "acme.supportbee.com"}, "company"},
		{"no token", Config{Company: "acme"}, "auth-token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a validation error naming %s", err, tc.want)
			}
		})
	}
	b, err := New(Config{Company: "acme", AuthToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if b.base != "https://acme.supportbee.com" {
		t.Errorf("base = %q, want https://acme.supportbee.com", b.base)
	}
	b, err = New(Config{Company: "acme", BaseURL: "http://127.0.0.1:9/sb/", AuthToken: testToken})
	if err != nil || b.base != "http://127.0.0.1:9/sb" {
		t.Errorf("base-url must win over company: base = %q, err = %v", b.base, err)
	}
}

// TestEndpoints checks every call's method, path, auth and body, including
// the documented singular update path.
func TestEndpoints(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		switch r.Method + " " + r.URL.Path {
		case "GET /web_hooks.json":
			reply(w, 200, `{"web_hooks":[{"id":"1_20120501071947","url":"http://example.com/a"}]}`)
		case "POST /web_hooks.json":
			reply(w, 201, `{"web_hook":{"id":"1_20120501073314","url":"http://example.com/new"}}`)
		case "PUT /web_hook/1_20120501071947.json":
			reply(w, 200, `{"web_hook":{"id":"1_20120501071947","url":"http://example.com/b"}}`)
		case "DELETE /web_hooks/1_20120501071947.json":
			w.WriteHeader(http.StatusNoContent)
		case "POST /web_hooks/test.json":
			reply(w, 200, "")
		default:
			reply(w, 404, `{"error":"no route"}`)
		}
	})
	b := f.backend()
	ctx := context.Background()

	ws, err := b.List(ctx)
	if err != nil || len(ws) != 1 || ws[0].ID != "1_20120501071947" || ws[0].URL != "http://example.com/a" {
		t.Fatalf("List = %+v, %v", ws, err)
	}
	if got := string(ws[0].Raw); got != `{"id":"1_20120501071947","url":"http://example.com/a"}` {
		t.Errorf("Raw = %s, want the backend's own object", got)
	}
	w, err := b.Create(ctx, webhook.Changes{URL: ptr("http://example.com/new")})
	if err != nil || w.ID != "1_20120501073314" {
		t.Fatalf("Create = %+v, %v", w, err)
	}
	w, err = b.Update(ctx, "1_20120501071947", webhook.Changes{URL: ptr("http://example.com/b")})
	if err != nil || w.URL != "http://example.com/b" {
		t.Fatalf("Update = %+v, %v", w, err)
	}
	if err := b.Delete(ctx, "1_20120501071947"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	res, err := b.Test(ctx, webhook.TestRequest{URL: "http://example.com/t"})
	if err != nil || res.Status != 200 || res.Event != "ticket.created" || res.URL != "http://example.com/t" {
		t.Fatalf("Test = %+v, %v", res, err)
	}

	want := []struct{ method, path, body string }{
		{"GET", "/web_hooks.json", ""},
		{"POST", "/web_hooks.json", `{"web_hook":{"url":"http://example.com/new"}}`},
		{"PUT", "/web_hook/1_20120501071947.json", `{"web_hook":{"url":"http://example.com/b"}}`},
		{"DELETE", "/web_hooks/1_20120501071947.json", ""},
		{"POST", "/web_hooks/test.json", `{"action_type":"ticket.created","url":"http://example.com/t"}`},
	}
	got := f.requests()
	if len(got) != len(want) {
		t.Fatalf("sent %d requests, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.method || g.Path != w.path || g.Body != w.body {
			t.Errorf("request %d = %s %s %s, want %s %s %s", i, g.Method, g.Path, g.Body, w.method, w.path, w.body)
		}
		if tok := g.Query.Get("auth_token"); tok != testToken {
			t.Errorf("request %d: auth_token = %q", i, tok)
		}
		if g.Header.Get("Accept") != "application/json" || g.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d: Accept %q, Content-Type %q", i, g.Header.Get("Accept"), g.Header.Get("Content-Type"))
		}
	}
}

func TestGetListsAndPicks(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		reply(w, 200, `{"web_hooks":[{"id":"1_1","url":"http://a.example"},{"id":"1_2","url":"http://b.example"}]}`)
	})
	b := f.backend()
	w, err := b.Get(context.Background(), "1_2")
	if err != nil || w.URL != "http://b.example" {
		t.Fatalf("Get = %+v, %v", w, err)
	}
	_, err = b.Get(context.Background(), "1_3")
	if !errors.Is(err, webhook.ErrNotFound) || err.Error() != "webhook not found" {
		t.Fatalf("Get unknown id: err = %v, want a not-found error", err)
	}
}

func TestNumericIDsAccepted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		reply(w, 200, `{"web_hooks":[{"id":42,"url":"http://a.example"}]}`)
	})
	ws, err := f.backend().List(context.Background())
	if err != nil || len(ws) != 1 || ws[0].ID != "42" {
		t.Fatalf("List = %+v, %v", ws, err)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		ctype  string
		body   string
		kind   error
		msg    string
	}{
		{"rails validation", 400, "application/json", `{"errors":{"url":["is invalid","can't be blank"]}}`, nil, "url is invalid; url can't be blank (HTTP 400)"},
		{"error field", 400, "application/json", `{"error":"Url is not reachable"}`, nil, "Url is not reachable (HTTP 400)"},
		{"unauthorized", 401, "application/json", `{"error":"Invalid auth token"}`, webhook.ErrAuth, "Invalid auth token (HTTP 401)"},
		{"forbidden", 403, "", ``, webhook.ErrAuth, "Forbidden (HTTP 403)"},
		{"not found", 404, "application/json", `{"error":"Not Found"}`, webhook.ErrNotFound, "Not Found (HTTP 404)"},
		{"conflict", 409, "application/json", `{"errors":["URL already taken"]}`, webhook.ErrConflict, "URL already taken (HTTP 409)"},
		{"html", 500, "text/html", "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>", nil, "with an HTML page titled \"We're sorry, but something went wrong.\""},
		{"plain text", 422, "text/plain", "url is invalid\n", nil, "url is invalid (HTTP 422)"},
		{"echoed token", 400, "application/json", `{"error":"bad token ` + testToken + `"}`, nil, "bad token REDACTED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			})
			_, err := f.backend().Create(context.Background(), webhook.Changes{URL: ptr("http://example.com")})
			if err == nil {
				t.Fatal("no error")
			}
			for _, k := range []error{webhook.ErrAuth, webhook.ErrNotFound, webhook.ErrConflict, webhook.ErrValidation} {
				if errors.Is(err, k) != (k == tc.kind) {
					t.Errorf("errors.Is(err, %v) = %v; err = %v", k, !(k == tc.kind), err)
				}
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %q, want it to contain %q", err, tc.msg)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("err = %q leaks the auth token", err)
			}
		})
	}
}

func TestBadAnswers(t *testing.T) {
	cases := []struct{ name, ctype, body string }{
		{"html", "text/html", "<html><body>Login</body></html>"},
		{"empty", "", ""},
		{"null list", "application/json", `{"web_hooks":null}`},
		{"no envelope", "application/json", `[{"id":"1_1","url":"http://a"}]`},
		{"no id", "application/json", `{"web_hooks":[{"url":"http://a"}]}`},
		{"not json", "application/json", `{"web_hooks":[`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(200)
				w.Write([]byte(tc.body))
			})
			b := f.backend()
			if _, err := b.List(context.Background()); err == nil || !strings.Contains(err.Error(), "unexpected answer") {
				t.Errorf("List: err = %v, want an unexpected-answer error", err)
			}
			if _, err := b.Create(context.Background(), webhook.Changes{URL: ptr("http://a")}); err == nil || !strings.Contains(err.Error(), "unexpected answer") {
				t.Errorf("Create: err = %v, want an unexpected-answer error", err)
			}
			if _, err := b.Update(context.Background(), "1_1", webhook.Changes{URL: ptr("http://a")}); err == nil {
				t.Errorf("Update: no error")
			}
		})
	}
}

func TestDeleteRetriedNotFoundIsDone(t *testing.T) {
	tries := 0
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		tries++
		if tries == 1 {
			reply(w, 503, "")
			return
		}
		reply(w, 404, `{"error":"Not Found"}`)
	})
	if err := f.backend().Delete(context.Background(), "1_1"); err != nil {
		t.Fatalf("Delete after a retry found it gone: %v", err)
	}
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 404, `{"error":"Not Found"}`) })
	if err := f2.backend().Delete(context.Background(), "1_1"); !errors.Is(err, webhook.ErrNotFound) {
		t.Fatalf("Delete of an unknown id: err = %v, want not found", err)
	}
}

func TestCreateOutcomeUnknownRecovers(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		switch r.Method {
		case http.MethodPost: // the create lands, but the answer never comes in time
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		case http.MethodGet:
			reply(w, 200, `{"web_hooks":[{"id":"1_9","url":"http://example.com/x"}]}`)
		}
	})
	b := f.backend(func(o *httpx.Options) { o.Timeout = 100 * time.Millisecond })
	w, err := b.Create(context.Background(), webhook.Changes{URL: ptr("http://example.com/x")})
	if err != nil || w.ID != "1_9" {
		t.Fatalf("Create = %+v, %v; want the webhook found by listing", w, err)
	}
	posts := 0
	for _, r := range f.requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("create was sent %d times, want once (no blind resend)", posts)
	}
}

func TestTest(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		switch r.Method + " " + r.URL.Path {
		case "GET /web_hooks.json":
			reply(w, 200, `{"web_hooks":[{"id":"1_1","url":"https://hooks.example/sb"}]}`)
		case "POST /web_hooks/test.json":
			reply(w, 200, `{"status":"ok"}`)
		}
	})
	b := f.backend()
	res, err := b.Test(context.Background(), webhook.TestRequest{ID: "1_1", Event: "agent.reply.created"})
	if err != nil || res.URL != "https://hooks.example/sb" || res.Event != "agent.reply.created" || res.Status != 200 {
		t.Fatalf("Test by id = %+v, %v", res, err)
	}
	reqs := f.requests()
	var sent map[string]string
	if err := json.Unmarshal([]byte(reqs[len(reqs)-1].Body), &sent); err != nil {
		t.Fatal(err)
	}
	if sent["action_type"] != "agent.reply.created" || sent["url"] != "https://hooks.example/sb" {
		t.Errorf("test body = %v", sent)
	}

	n := len(f.requests())
	_, err = b.Test(context.Background(), webhook.TestRequest{ID: "1_1", Event: "card.created"})
	if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), "--event") || !strings.Contains(err.Error(), "ticket.created") {
		t.Fatalf("unknown event: err = %v, want a validation error listing the events", err)
	}
	if len(f.requests()) != n {
		t.Errorf("an unknown event still sent a request")
	}
	if _, err := b.Test(context.Background(), webhook.TestRequest{ID: "1_404"}); !errors.Is(err, webhook.ErrNotFound) {
		t.Errorf("test of an unknown id: err = %v, want not found", err)
	}
}

func TestTestBackendFailure(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(500)
		w.Write([]byte("<html>boom</html>"))
	})
	_, err := f.backend().Test(context.Background(), webhook.TestRequest{URL: "http://example.com"})
	if err == nil || errors.Is(err, webhook.ErrAuth) || !strings.Contains(err.Error(), "HTTP 500") {
		t.Fatalf("err = %v, want a plain HTTP 500 failure", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("test POST sent %d times; a non-idempotent POST must not be retried", n)
	}
}

func TestNetworkErrorHidesToken(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {})
	b := f.backend()
	f.srv.Close()
	_, err := b.List(context.Background())
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Fatalf("err = %v; want an error without the token", err)
	}
}

func TestCheckAuth(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		reply(w, 403, `{"error":"You are not authorized"}`)
	})
	err := f.backend().CheckAuth(context.Background())
	if !errors.Is(err, webhook.ErrAuth) {
		t.Fatalf("CheckAuth: err = %v, want an auth error", err)
	}
}
