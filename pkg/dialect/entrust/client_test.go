package entrust

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

const (
	id1 = "3f2c7a1e-8b4d-4c6a-9e1f-0a2b3c4d5e6f"
	id2 = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
)

var hook1 = `{"id":"` + id1 + `","name":"prod","callbackUrl":"https://hooks.example/e","events":["user.created"],"enabled":true}`

func ptr[T any](v T) *T { return &v }

func TestNewNeedsBaseURLAndCredentials(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{ApplicationID: testApp, SharedSecret: testSecret}, "base-url"},
		{Config{BaseURL: "https://acme.us.trustedauth.com", SharedSecret: testSecret}, "application-id"},
		{Config{BaseURL: "https://acme.us.trustedauth.com", ApplicationID: testApp}, "shared-secret"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg)
		if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): err = %v, want a validation error naming %s", tc.cfg, err, tc.want)
		}
	}
}

// TestEndpoints checks every call's method, path, Bearer token and body, and
// that one authentication serves them all.
func TestEndpoints(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		switch r.Method + " " + r.URL.Path {
		case "GET /api/web/v1/webhooks":
			reply(w, 200, `[`+hook1+`]`)
		case "GET /api/web/v1/webhooks/" + id1:
			reply(w, 200, hook1)
		case "POST /api/web/v1/webhooks":
			reply(w, 200, `{"id":"`+id2+`","name":"new","callbackUrl":"https://hooks.example/n","events":["user.created","user.deleted"],"enabled":true,"token":"whsec-once"}`)
		case "PUT /api/web/v1/webhooks/" + id1:
			reply(w, 200, strings.Replace(hook1, `"enabled":true`, `"enabled":false`, 1))
		case "DELETE /api/web/v1/webhooks/" + id1:
			w.WriteHeader(200)
		case "POST /api/web/v1/webhooks/test/" + id1:
			w.WriteHeader(200)
		default:
			reply(w, 404, `{"errorCode":"not_found","errorMessage":"no route"}`)
		}
	})
	b := f.backend()
	ctx := context.Background()

	ws, err := b.List(ctx)
	if err != nil || len(ws) != 1 {
		t.Fatalf("List = %+v, %v", ws, err)
	}
	want := webhook.Webhook{ID: id1, URL: "https://hooks.example/e", Description: ptr("prod"),
		Events: []string{"user.created"}, Active: ptr(true), Raw: json.RawMessage(hook1)}
	if !reflect.DeepEqual(ws[0], want) {
		t.Errorf("List[0] = %+v, want %+v", ws[0], want)
	}
	w, err := b.Create(ctx, webhook.Changes{URL: ptr("https://hooks.example/n"), Description: ptr("new"),
		Events: []string{"user.created", "user.deleted"}})
	if err != nil || w.ID != id2 || w.Secret != "whsec-once" {
		t.Fatalf("Create = %+v, %v; want the id and the once-shown token", w, err)
	}
	w, err = b.Update(ctx, id1, webhook.Changes{Active: ptr(false)})
	if err != nil || w.Active == nil || *w.Active {
		t.Fatalf("Update = %+v, %v", w, err)
	}
	if err := b.Delete(ctx, id1); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	res, err := b.Test(ctx, webhook.TestRequest{ID: id1})
	if err != nil || res.Status != 200 || res.URL != "https://hooks.example/e" {
		t.Fatalf("Test = %+v, %v", res, err)
	}

	wantCalls := []struct{ method, path, body string }{
		{"GET", "/api/web/v1/webhooks", ""},
		{"POST", "/api/web/v1/webhooks", `{"name":"new","callbackUrl":"https://hooks.example/n","events":["user.created","user.deleted"],"enabled":true}`},
		{"GET", "/api/web/v1/webhooks/" + id1, ""},
		{"PUT", "/api/web/v1/webhooks/" + id1, `{"name":"prod","callbackUrl":"https://hooks.example/e","events":["user.created"],"enabled":false}`},
		{"DELETE", "/api/web/v1/webhooks/" + id1, ""},
		{"GET", "/api/web/v1/webhooks/" + id1, ""},
		{"POST", "/api/web/v1/webhooks/test/" + id1, ""},
	}
	got := f.calls()
	if len(got) != len(wantCalls) {
		t.Fatalf("sent %d calls, want %d: %+v", len(got), len(wantCalls), got)
	}
	for i, w := range wantCalls {
		g := got[i]
		if g.Method != w.method || g.Path != w.path || g.Body != w.body {
			t.Errorf("call %d = %s %s %s\nwant      %s %s %s", i, g.Method, g.Path, g.Body, w.method, w.path, w.body)
		}
		if g.Auth != "Bearer tok-1" {
			t.Errorf("call %d: Authorization = %q, want Bearer tok-1", i, g.Auth)
		}
	}
	if n := f.authCount(); n != 1 {
		t.Errorf("authenticated %d times for %d calls, want once", n, len(got))
	}
}

func TestAuthenticateRequest(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, `[]`) })
	if err := f.backend().CheckAuth(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	first := f.reqs[0]
	f.mu.Unlock()
	if first.Method != "POST" || first.Path != authPath || first.Auth != "" {
		t.Fatalf("first request = %+v, want an unauthenticated POST %s", first, authPath)
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(first.Body), &body); err != nil ||
		!reflect.DeepEqual(body, map[string]string{"applicationId": testApp, "sharedSecret": testSecret}) {
		t.Errorf("authenticate body = %s", first.Body)
	}
}

func TestTokenReusedInParallel(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, `[]`) })
	b := f.backend()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			if _, err := b.List(context.Background()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := f.authCount(); n != 1 {
		t.Errorf("16 parallel calls authenticated %d times, want once", n)
	}
}

func TestExpiredTokenRenewed(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, `[]`) })
	f.expiry = func() string { return time.Now().Add(-time.Minute).UTC().Format(time.RFC3339) }
	b := f.backend()
	for range 2 {
		if _, err := b.List(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.authCount(); n != 2 {
		t.Errorf("a token already past its expirationTime was reused: %d authentications for 2 calls, want 2", n)
	}
	calls := f.calls()
	if calls[0].Auth != "Bearer tok-1" || calls[1].Auth != "Bearer tok-2" {
		t.Errorf("tokens sent = %q, %q", calls[0].Auth, calls[1].Auth)
	}
}

func TestTokenRenewedNearExpiry(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, `[]`) })
	b := f.backend()
	now := time.Now()
	b.sess.now = func() time.Time { return now }
	ctx := context.Background()
	if _, err := b.List(ctx); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * time.Minute)
	if _, err := b.List(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.authCount(); n != 1 {
		t.Fatalf("a live token was not reused: %d authentications", n)
	}
	now = now.Add(5*time.Minute - expirySkew/2) // inside the skew before expiry
	if _, err := b.List(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.authCount(); n != 2 {
		t.Errorf("a token about to expire was reused: %d authentications, want 2", n)
	}
}

func TestUnauthorizedReauthenticatesOnce(t *testing.T) {
	f := newFake(t, nil)
	f.handle = func(w http.ResponseWriter, r *http.Request, body string) {
		if r.Header.Get("Authorization") == "Bearer tok-1" { // revoked behind our back
			reply(w, 401, `{"errorCode":"invalid_session_token","errorMessage":"Session token is invalid"}`)
			return
		}
		reply(w, 200, `[]`)
	}
	if _, err := f.backend().List(context.Background()); err != nil {
		t.Fatalf("List after one 401: %v", err)
	}
	if a, c := f.authCount(), len(f.calls()); a != 2 || c != 2 {
		t.Errorf("%d authentications and %d calls, want 2 and 2", a, c)
	}
}

func TestUnauthorizedTwiceIsAuthError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		reply(w, 401, `{"errorCode":"invalid_session_token","errorMessage":"Session token is invalid"}`)
	})
	_, err := f.backend().Create(context.Background(), webhook.Changes{URL: ptr("https://h.example"), Description: ptr("x"), Events: []string{"user.created"}})
	if !errors.Is(err, webhook.ErrAuth) || !strings.Contains(err.Error(), "Session token is invalid (invalid_session_token)") {
		t.Fatalf("err = %v, want an auth error with Entrust's message", err)
	}
	if a, c := f.authCount(), len(f.calls()); a != 2 || c != 2 {
		t.Errorf("%d authentications and %d calls, want exactly one re-authentication and one resend", a, c)
	}
}

func TestAuthenticationFailure(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		kind   error
		msg    string
	}{
		{"bad secret", 401, `{"errorCode":"access_denied","errorMessage":"Invalid application credentials for ` + testSecret + `"}`, webhook.ErrAuth, "Invalid application credentials for REDACTED (access_denied)"},
		{"forbidden", 403, `{"errorCode":"access_denied","errorMessage":"Application is disabled"}`, webhook.ErrAuth, "Application is disabled (access_denied)"},
		{"wrong base url", 404, `<html>Not Found</html>`, webhook.ErrAuth, `404 Not Found with an HTML page saying "Not Found"`},
		{"server error", 500, `{"errorCode":"server_error","errorMessage":"boom"}`, nil, "boom (server_error)"},
		{"says so itself", 401, `{"errorCode":"access_denied","errorMessage":"Authentication failed: wrong secret."}`, webhook.ErrAuth, "Authentication failed: wrong secret. (access_denied) (HTTP 401)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, `[]`) })
			f.authFn = func(w http.ResponseWriter, body string) bool {
				reply(w, tc.status, tc.body)
				return true
			}
			err := f.backend().CheckAuth(context.Background())
			if err == nil || errors.Is(err, webhook.ErrAuth) != (tc.kind == webhook.ErrAuth) {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.msg) || strings.Count(strings.ToLower(err.Error()), "authentication failed") != 1 {
				t.Errorf("err = %q, want it to contain %q", err, tc.msg)
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("err = %q leaks the shared secret", err)
			}
			if len(f.calls()) != 0 {
				t.Errorf("calls were sent without a token")
			}
		})
	}
}

func TestBadAuthenticateAnswer(t *testing.T) {
	for _, body := range []string{``, `<html>login</html>`, `{"token":"x"}`, `[]`} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, `[]`) })
		f.authFn = func(w http.ResponseWriter, _ string) bool {
			reply(w, 200, body)
			return true
		}
		err := f.backend().CheckAuth(context.Background())
		if err == nil || !strings.Contains(err.Error(), "unexpected answer") {
			t.Errorf("authenticate answered %q: err = %v, want an unexpected-answer error", body, err)
		}
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
		{"bad request", 400, "application/json", `{"errorCode":"invalid_parameter","errorMessage":"Callback URL must use TLS 1.2"}`, nil, "Callback URL must use TLS 1.2 (invalid_parameter) (HTTP 400)"},
		{"forbidden", 403, "application/json", `{"errorCode":"access_denied","errorMessage":"Caller lacks WEBHOOKS:ADD"}`, webhook.ErrAuth, "Caller lacks WEBHOOKS:ADD (access_denied) (HTTP 403)"},
		{"not found", 404, "application/json", `{"errorCode":"not_found","errorMessage":"Webhook not found"}`, webhook.ErrNotFound, "Webhook not found (not_found) (HTTP 404)"},
		{"conflict", 409, "application/json", `{"errorCode":"limit_exceeded","errorMessage":"At most 20 active webhooks"}`, webhook.ErrConflict, "At most 20 active webhooks (limit_exceeded) (HTTP 409)"},
		{"message only", 400, "application/json", `{"errorMessage":"events must not be empty"}`, nil, "events must not be empty (HTTP 400)"},
		{"html", 500, "text/html", `<html><body>Internal error</body></html>`, nil, `with an HTML page saying "Internal error"`},
		{"empty", 500, "", ``, nil, "Internal Server Error (HTTP 500)"},
		{"echoed token", 400, "application/json", `{"errorCode":"bad","errorMessage":"token tok-1 is odd"}`, nil, "token REDACTED is odd"},
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
			_, err := f.backend().Create(context.Background(), webhook.Changes{URL: ptr("https://h.example"), Description: ptr("x"), Events: []string{"user.created"}})
			if err == nil {
				t.Fatal("no error")
			}
			for _, k := range []error{webhook.ErrAuth, webhook.ErrNotFound, webhook.ErrConflict, webhook.ErrValidation} {
				if errors.Is(err, k) != (k == tc.kind) {
					t.Errorf("errors.Is(err, %v) = %v; err = %v", k, k != tc.kind, err)
				}
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %q, want it to contain %q", err, tc.msg)
			}
		})
	}
}

func TestBadAnswers(t *testing.T) {
	cases := []struct{ name, ctype, body string }{
		{"html", "text/html", "<html><body>Sign in</body></html>"},
		{"empty", "", ""},
		{"null", "application/json", `null`},
		{"object", "application/json", `{"webhooks":[]}`},
		{"no id", "application/json", `[{"name":"x"}]`},
		{"truncated", "application/json", `[{"id":"`},
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
				t.Errorf("List: err = %v", err)
			}
			if _, err := b.Get(context.Background(), id1); err == nil || !strings.Contains(err.Error(), "unexpected answer") {
				t.Errorf("Get: err = %v", err)
			}
			if _, err := b.Update(context.Background(), id1, webhook.Changes{Active: ptr(true)}); err == nil {
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
		reply(w, 404, `{"errorCode":"not_found","errorMessage":"Webhook not found"}`)
	})
	if err := f.backend().Delete(context.Background(), id1); err != nil {
		t.Fatalf("Delete after a retry found it gone: %v", err)
	}
}

func TestTestNeedsID(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) { reply(w, 200, hook1) })
	b := f.backend()
	_, err := b.Test(context.Background(), webhook.TestRequest{URL: "https://h.example"})
	if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), "registered webhook") {
		t.Errorf("test --url: err = %v, want a validation error", err)
	}
	_, err = b.Test(context.Background(), webhook.TestRequest{ID: id1, Event: "user.created"})
	if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), "--event") {
		t.Errorf("test --event: err = %v, want a validation error", err)
	}
	f.mu.Lock()
	n := len(f.reqs)
	f.mu.Unlock()
	if n != 0 {
		t.Errorf("%d requests sent for invalid tests", n)
	}
}

func TestUpdateMissingWebhook(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {
		reply(w, 404, `{"errorCode":"not_found","errorMessage":"Webhook not found"}`)
	})
	_, err := f.backend().Update(context.Background(), id1, webhook.Changes{Active: ptr(false)})
	if !errors.Is(err, webhook.ErrNotFound) {
		t.Fatalf("err = %v, want not found", err)
	}
	for _, c := range f.calls() {
		if c.Method == http.MethodPut {
			t.Errorf("PUT sent for a webhook that does not exist")
		}
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
			reply(w, 200, `[`+hook1+`]`)
		}
	})
	b := f.backend(func(o *httpx.Options) { o.Timeout = 100 * time.Millisecond })
	w, err := b.Create(context.Background(), webhook.Changes{URL: ptr("https://hooks.example/e"), Description: ptr("prod"), Events: []string{"user.created"}})
	if err != nil || w.ID != id1 {
		t.Fatalf("Create = %+v, %v; want the webhook found by listing", w, err)
	}
	posts := 0
	for _, c := range f.calls() {
		if c.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("create was sent %d times, want once (no blind resend)", posts)
	}
}

func TestNetworkErrorHidesSecrets(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body string) {})
	b := f.backend()
	f.srv.Close()
	err := b.CheckAuth(context.Background())
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("err = %v; want an error without the secret", err)
	}
}
