package sandbox_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// An emulator served on its own keeps its state in a MemStore: a change
// is saved, a failed one is not.
func TestMemStoreState(t *testing.T) {
	type st struct{ N int }
	var m sandbox.MemStore
	inc := func(s *st) error { s.N++; return nil }
	if err := sandbox.UpdateState(&m, inc); err != nil {
		t.Fatal(err)
	}
	_ = sandbox.UpdateState(&m, func(s *st) error { s.N = 99; return errors.New("no") })
	var got int
	_ = sandbox.ViewState(&m, func(s *st) error { got = s.N; return nil })
	if got != 1 {
		t.Errorf("N = %d; want 1 (the failed change not saved)", got)
	}
}

// Arguments come from the query and a JSON or form body, the body
// winning; path segments are unescaped.
func TestRequestParamsAndSegments(t *testing.T) {
	req := func(ct, body string) *sandbox.Request {
		r := httptest.NewRequest(http.MethodPut, "/x?a=1&b=2", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		return &sandbox.Request{Request: r, Body: []byte(body), Rest: "/webhooks/a%2Fb/"}
	}
	for _, tc := range []struct{ ct, body, b string }{
		{"", `{"b":true,"c":1.5}`, "true"},
		{"application/x-www-form-urlencoded", "b=3", "3"},
		{"text/plain", "b=3", "2"},
	} {
		v, err := req(tc.ct, tc.body).Params()
		if err != nil || v.Get("a") != "1" || v.Get("b") != tc.b {
			t.Errorf("%q %q: %v, %v; want a=1 b=%s", tc.ct, tc.body, v, err, tc.b)
		}
	}
	if _, err := req("application/json", "{").Params(); err == nil {
		t.Error("a bad JSON body: no error")
	}
	if segs, ok := req("", "").Segments(); !ok || !slices.Equal(segs, []string{"webhooks", "a/b"}) {
		t.Errorf("Segments = %q, %v", segs, ok)
	}
}

// Numbered pages link to prev, next, last and first where they apply.
func TestPageLinks(t *testing.T) {
	u := func(p int) string { return "/h?page=" + string(rune('0'+p)) }
	if got := sandbox.PageLinks(5, 2, 2, u); got != `</h?page=1>; rel="prev", </h?page=3>; rel="next", </h?page=3>; rel="last", </h?page=1>; rel="first"` {
		t.Errorf("middle page: %s", got)
	}
	if got := sandbox.PageLinks(2, 2, 1, u); got != "" {
		t.Errorf("lone page: %q", got)
	}
	if n, ok := sandbox.IntParam(url.Values{"n": {"x"}}, "n", 3); ok {
		t.Errorf("IntParam(x) = %d, ok", n)
	}
	if n, ok := sandbox.IntParam(url.Values{}, "n", 3); !ok || n != 3 {
		t.Errorf("IntParam() = %d, %v; want the default", n, ok)
	}
}

// Sandbox credentials: the base token, or base-anything as another user.
func TestIsToken(t *testing.T) {
	for tok, want := range map[string]bool{"tok": true, "tok-2": true, "tok-": false, "tokx": false, "": false} {
		if sandbox.IsToken(tok, "tok") != want {
			t.Errorf("IsToken(%q) = %v", tok, !want)
		}
	}
}
