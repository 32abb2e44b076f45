package gitlab

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// do sends one request to the emulator and returns the status, headers
// and decoded body.
func do(t *testing.T, e *Emulator, token, method, path, body string) (int, http.Header, any) {
	t.Helper()
	r := httptest.NewRequest(method, "http://gitlab.test"+path, strings.NewReader(body))
	if token != "" {
		r.Header.Set("PRIVATE-TOKEN", token)
	}
	w := httptest.NewRecorder()
	e.serve(w, r, []byte(body))
	var v any
	_ = json.Unmarshal(w.Body.Bytes(), &v)
	return w.Code, w.Header(), v
}

func TestAuthAndErrors(t *testing.T) {
	e := New(Options{Prefix: "/api/v4"})
	for _, tt := range []struct {
		token, method, path, body string
		status                    int
		msg                       string
	}{
		{"", "GET", "/projects/a%2Fb/hooks", "", 401, "401 Unauthorized"},
		{"nope", "GET", "/projects/a%2Fb/hooks", "", 401, "401 Unauthorized"},
		{Token + "-readonly", "GET", "/projects/a%2Fb/hooks", "", 403, "403 Forbidden"},
		{Token, "GET", "/projects/a%2F..%2Fb/hooks", "", 404, "404 Project Not Found"},
		{Token, "GET", "/groups/a/hooks/9", "", 404, "404 Hook Not Found"},
		{Token, "POST", "/projects/a%2Fb/hooks", `{}`, 400, "url is missing"},
		{Token, "POST", "/projects/a%2Fb/hooks", `{"url":"ftp://x"}`, 422, ""},
		{Token, "POST", "/projects/a%2Fb/hooks", `{"url":"https://x","push_events":"maybe"}`, 400, "push_events is invalid"},
		{Token, "POST", "/projects/a%2Fb/hooks/1/test/nothing_events", ``, 400, "trigger does not have a valid value"},
	} {
		status, _, body := do(t, e, tt.token, tt.method, tt.path, tt.body)
		m, _ := body.(map[string]any)
		got, _ := m["message"].(string)
		if got == "" {
			got, _ = m["error"].(string)
		}
		if status != tt.status || tt.msg != "" && got != tt.msg {
			t.Errorf("%s %s: %d %v, want %d %q", tt.method, tt.path, status, body, tt.status, tt.msg)
		}
	}
}

func TestPagesTokenAndLog(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var got []http.Header
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		got = append(got, r.Header.Clone())
		w.WriteHeader(http.StatusTeapot)
	}))
	defer recv.Close()
	e := New(Options{Prefix: "/api/v4", Client: recv.Client(), Now: func() time.Time { return now }})
	for _, u := range []string{recv.URL, "https://example.com/2", "https://example.com/3"} {
		if status, _, _ := do(t, e, Token, "POST", "/projects/g%2Fp/hooks", `{"url":"`+u+`","token":"tok","issues_events":true}`); status != 201 {
			t.Fatalf("create: %d", status)
		}
	}
	status, h, body := do(t, e, Token, "GET", "/projects/g%2Fp/hooks?per_page=2&page=1", "")
	if status != 200 || len(body.([]any)) != 2 || h.Get("X-Next-Page") != "2" || h.Get("X-Total") != "3" || h.Get("X-Total-Pages") != "2" ||
		!strings.Contains(h.Get("Link"), `<http://gitlab.test/api/v4/projects/g%2Fp/hooks?page=2&per_page=2>; rel="next"`) {
		t.Fatalf("page 1: %d %v %v", status, h, body)
	}
	if _, h, body = do(t, e, Token, "GET", "/projects/g%2Fp/hooks?per_page=2&page=2", ""); len(body.([]any)) != 1 || h.Get("X-Next-Page") != "" {
		t.Fatalf("page 2: %v %v", h, body)
	}
	// Another project's hooks are its own.
	if _, _, body = do(t, e, Token, "GET", "/projects/g%2Fother/hooks", ""); len(body.([]any)) != 0 {
		t.Fatalf("another project: %v", body)
	}
	// A failed test is GitLab's 422, logged with the answer; the token is
	// sent as X-Gitlab-Token and redacted in the log.
	if status, _, _ := do(t, e, Token, "POST", "/projects/g%2Fp/hooks/1/test/issues_events", ""); status != 422 {
		t.Fatalf("test to a 418: %d", status)
	}
	if len(got) != 1 || got[0].Get("X-Gitlab-Token") != "tok" || got[0].Get("X-Gitlab-Event") != "Issue Hook" || got[0].Get("Idempotency-Key") == "" {
		t.Fatalf("delivered %v", got)
	}
	_, _, body = do(t, e, Token, "GET", "/projects/g%2Fp/hooks/1/events?status=client_failure", "")
	log := body.([]any)
	entry := log[0].(map[string]any)
	if len(log) != 1 || entry["response_status"] != "418" || entry["trigger"] != "issue_hooks" ||
		entry["request_headers"].(map[string]any)["X-Gitlab-Token"] != "[REDACTED]" {
		t.Fatalf("event log: %v", body)
	}
	if _, _, body = do(t, e, Token, "GET", "/projects/g%2Fp/hooks/1/events?status=successful", ""); len(body.([]any)) != 0 {
		t.Fatalf("successful: %v", body)
	}
	// Resend keeps the Idempotency-Key.
	id := int(entry["id"].(float64))
	if status, _, body := do(t, e, Token, "POST", "/projects/g%2Fp/hooks/1/events/"+itoa(id)+"/resend", ""); status != 201 || body.(map[string]any)["response_status"] != 418.0 {
		t.Fatalf("resend: %d %v", status, body)
	}
	if len(got) != 2 || got[1].Get("Idempotency-Key") != got[0].Get("Idempotency-Key") || got[1].Get("X-Gitlab-Event-UUID") == got[0].Get("X-Gitlab-Event-UUID") {
		t.Fatalf("resent %v", got)
	}
	// GitLab keeps 7 days of events.
	now = now.Add(Retention + time.Minute)
	if _, _, body = do(t, e, Token, "GET", "/projects/g%2Fp/hooks/1/events", ""); len(body.([]any)) != 0 {
		t.Fatalf("after 7 days: %v", body)
	}
	// A new URL without a token drops the token, as GitLab does; PUT keeps the rest.
	_, _, body = do(t, e, Token, "PUT", "/projects/g%2Fp/hooks/2", `{"url":"https://example.com/moved"}`)
	if m := body.(map[string]any); m["token_present"] != false || m["issues_events"] != true || m["url"] != "https://example.com/moved" {
		t.Fatalf("after a URL change: %v", body)
	}
	// A URL off loopback is never called: the log says so.
	do(t, e, Token, "POST", "/projects/g%2Fp/hooks/3/test/push_events", "")
	if len(got) != 2 {
		t.Fatalf("the sandbox called %v", got[2])
	}
	if status, _, _ := do(t, e, Token, "DELETE", "/projects/g%2Fp/hooks/3", ""); status != 204 {
		t.Fatalf("delete: %d", status)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
