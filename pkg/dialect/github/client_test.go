package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func ptr[T any](v T) *T { return &v }

// newSandboxed returns a backend on the in-process sandbox.
func newSandboxed(t *testing.T, cfg Config, opts sandbox.Options) *Backend {
	t.Helper()
	opts.Emulators = []sandbox.Emulator{Descriptor.Sandbox.Emulator}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	api, err := httpx.New(httpx.Options{Transport: sb.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = sandbox.InProcessRoot + sandboxgithub.Prefix
	if cfg.Token == "" {
		cfg.Token = sandboxgithub.Token
	}
	if cfg.Repo == "" && cfg.Org == "" {
		cfg.Repo = "octo/hello"
	}
	cfg.Client = api
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLinkNext(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{`<https://api.github.com/repositories/1/hooks?per_page=2&page=2>; rel="next", <https://api.github.com/repositories/1/hooks?per_page=2&page=5>; rel="last"`,
			"https://api.github.com/repositories/1/hooks?per_page=2&page=2"},
		{`<https://x/a?page=1>; rel="prev", <https://x/a?page=3>; rel="next"`, "https://x/a?page=3"},
		{`<https://x/a?p=1,2>; rel="next"`, "https://x/a?p=1,2"},
		{`<https://x/a>; rel="last first"`, ""},
		{`<https://x/a>; REL=NEXT`, "https://x/a"},
		{``, ""},
		{`garbage; rel="next"`, ""},
	} {
		if got := kit.LinkNext(tc.header); got != tc.want {
			t.Errorf("LinkNext(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestOwnerPath(t *testing.T) {
	for _, tc := range []struct{ repo, org, want, err string }{
		{"octo/hello", "", "/repos/octo/hello", ""},
		{"octo/hello.git", "", "/repos/octo/hello", ""},
		{"", "acme", "/orgs/acme", ""},
		{"octo/hello", "acme", "", "not both"},
		{"", "", "", "set repo: OWNER/NAME or org: NAME"},
		{"octo", "", "", "is not OWNER/NAME"},
		{"octo/a/b", "", "", "is not OWNER/NAME"},
		{"octo/.git", "", "", "is not OWNER/NAME"},
		{"octo/..git", "", "", "is not OWNER/NAME"},
		{"../x", "", "", "is not OWNER/NAME"},
		{"", "ac me", "", "is not an organization name"},
	} {
		got, err := OwnerPath(tc.repo, tc.org)
		if got != tc.want || (tc.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("OwnerPath(%q, %q) = %q, %v; want %q, %q", tc.repo, tc.org, got, err, tc.want, tc.err)
		}
		if err != nil && !errors.Is(err, webhook.ErrValidation) {
			t.Errorf("OwnerPath(%q, %q): %v is not a validation error", tc.repo, tc.org, err)
		}
	}
}

func TestNewNeedsAToken(t *testing.T) {
	if _, err := New(Config{Repo: "a/b"}); err == nil || !strings.Contains(err.Error(), "GH_TOKEN") {
		t.Errorf("New without a token: %v", err)
	}
}

// The requests a GitHub client sends: bearer token, GitHub's media type and
// API version, and an Enterprise Server base URL kept with its /api/v3.
func TestRequestsOnEnterpriseServer(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[]`)
	}))
	defer srv.Close()
	api, _ := httpx.New(httpx.Options{})
	b, err := New(Config{BaseURL: srv.URL + "/api/v3/", Token: "tok", Org: "acme", Client: api})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/api/v3/orgs/acme/hooks" || got.URL.Query().Get("per_page") != "100" {
		t.Errorf("request %s", got.URL)
	}
	for k, v := range map[string]string{"Authorization": "Bearer tok", "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"} {
		if got.Header.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, got.Header.Get(k), v)
		}
	}
}

// List follows Link: rel="next" across pages, and refuses a next page on
// another host (the token would go with it).
func TestListFollowsLinkPagination(t *testing.T) {
	var pages atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := pages.Add(1)
		switch r.URL.Query().Get("page") {
		case "":
			w.Header().Set("Link", fmt.Sprintf(`<%s/repos/o/r/hooks?per_page=100&page=2>; rel="next"`, srv.URL))
			fmt.Fprint(w, `[{"id":1,"config":{"url":"https://a"},"events":["push"],"active":true}]`)
		case "2":
			w.Header().Set("Link", `<https://elsewhere.example/repos/o/r/hooks?page=3>; rel="next"`)
			fmt.Fprint(w, `[{"id":2,"config":{"url":"https://b"},"events":["push"],"active":true}]`)
		default:
			t.Errorf("page %d requested", n)
		}
	}))
	defer srv.Close()
	api, _ := httpx.New(httpx.Options{})
	b, _ := New(Config{BaseURL: srv.URL, Token: "tok", Repo: "o/r", Client: api})
	_, err := b.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not on "+srv.URL) {
		t.Fatalf("List = %v; want a refusal of the other host", err)
	}
	if pages.Load() != 2 {
		t.Errorf("%d pages fetched", pages.Load())
	}
}

func TestListPaginatesOnTheEmulator(t *testing.T) {
	// (GitHub's 80 creates a minute would make this test last a minute.)
	b := newSandboxed(t, Config{CreateLimit: 1000, CreateWindow: time.Second}, sandbox.Options{})
	ctx := context.Background()
	for i := range 103 {
		ev := []string{[]string{"push", "issues", "release", "fork", "watch", "create"}[i%6]}
		if _, err := b.Create(ctx, webhook.Changes{URL: ptr(fmt.Sprintf("https://example.com/%03d", i)), Events: ev}); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := b.List(ctx)
	if err != nil || len(ws) != 103 {
		t.Fatalf("List = %d hooks, %v", len(ws), err)
	}
	if ws[102].URL != "https://example.com/102" {
		t.Errorf("last hook %+v", ws[102])
	}
}

// Update sends url and the secret to PATCH …/config, which keeps the
// secret; events and active to PATCH …/hooks/{id}, without a config that
// would drop it.
func TestUpdateKeepsTheSecret(t *testing.T) {
	b := newSandboxed(t, Config{}, sandbox.Options{})
	ctx := context.Background()
	w, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/a"), Secret: ptr("s1")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(w.Raw), `"secret":"********"`) || strings.Contains(string(w.Raw), "s1") {
		t.Fatalf("created %s", w.Raw)
	}
	w, err = b.Update(ctx, w.ID, webhook.Changes{URL: ptr("https://example.com/b"), Events: []string{"issues"}, Active: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if w.URL != "https://example.com/b" || w.Events[0] != "issues" || *w.Active {
		t.Errorf("updated %+v", w)
	}
	if !strings.Contains(string(w.Raw), `"secret":"********"`) || !strings.Contains(string(w.Raw), `"content_type":"json"`) {
		t.Errorf("the update lost the secret or the content type: %s", w.Raw)
	}
	f, _ := Schema.Field("insecure_ssl")
	if _, err := b.SetField(ctx, w.ID, f, "1"); err != nil {
		t.Fatal(err)
	}
	v, err := b.GetField(ctx, w.ID, f)
	if err != nil || string(v) != `"1"` {
		t.Errorf("insecure_ssl = %s, %v", v, err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	b := newSandboxed(t, Config{}, sandbox.Options{})
	w, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/dup"), Events: []string{"push", "issues"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/dup"), Events: []string{"*"}})
	if !errors.Is(err, webhook.ErrConflict) || !strings.Contains(err.Error(), "already exists: "+w.ID) {
		t.Errorf("duplicate: %v", err)
	}
	_, err = b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/v"), Events: []string{"bogus"}})
	if !errors.Is(err, webhook.ErrValidation) || err.Error() != `Validation Failed: events: Invalid event: "bogus" (HTTP 422)` {
		t.Errorf("validation: %v", err)
	}
	_, err = b.Get(ctx, "12345")
	var api *webhook.APIError
	if !errors.Is(err, webhook.ErrNotFound) || !errors.As(err, &api) || !strings.Contains(api.Hint(), "admin:repo_hook") {
		t.Errorf("not found: %v", err)
	}
	bad := newSandboxed(t, Config{Token: "ghp_wrong"}, sandbox.Options{})
	_, err = bad.List(ctx)
	if !errors.Is(err, webhook.ErrAuth) || !errors.As(err, &api) || !strings.Contains(api.Hint(), "GH_TOKEN") || err.Error() != "Bad credentials (HTTP 401)" {
		t.Errorf("bad token: %v", err)
	}
	ro := newSandboxed(t, Config{Token: sandboxgithub.Token + "-readonly"}, sandbox.Options{})
	if _, err := ro.List(ctx); !errors.Is(err, webhook.ErrNotFound) {
		t.Errorf("read-only token: %v", err)
	}
}

func TestValidationText(t *testing.T) {
	var j wireError
	j.Message = "Validation Failed"
	j.Errors = append(j.Errors, struct {
		Resource string          `json:"resource"`
		Field    string          `json:"field"`
		Code     string          `json:"code"`
		Message  string          `json:"message"`
		Value    json.RawMessage `json:"value"`
	}{Resource: "Hook", Field: "name", Code: "missing_field"})
	if got := validationText(j); got != "Validation Failed: name is missing field" {
		t.Errorf("validationText = %q", got)
	}
}

// A 403 secondary-limit answer is waited out (Retry-After) and retried, not
// reported as a permission error; so is a body that names the secondary
// limit, and an exhausted primary limit until its reset.
func TestRateLimitAnswersAreWaitedOut(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"You have exceeded a secondary rate limit."}`)
		case 2:
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(time.Now().Unix()))
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"API rate limit exceeded for user."}`)
		default:
			fmt.Fprint(w, `[]`)
		}
	}))
	defer srv.Close()
	api, _ := httpx.New(httpx.Options{})
	b, _ := New(Config{BaseURL: srv.URL, Token: "tok", Repo: "o/r", Client: api})
	start := time.Now()
	if _, err := b.List(context.Background()); err != nil {
		t.Fatalf("List = %v", err)
	}
	if calls.Load() != 3 || time.Since(start) < time.Second {
		t.Errorf("%d calls in %s", calls.Load(), time.Since(start))
	}
}

func TestRateLimitBeyondTheBudgetIsExit6(t *testing.T) {
	reset := time.Now().Add(time.Hour)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", fmt.Sprint(reset.Unix()))
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"API rate limit exceeded"}`)
	}))
	defer srv.Close()
	api, _ := httpx.New(httpx.Options{})
	b, _ := New(Config{BaseURL: srv.URL, Token: "tok", Repo: "o/r", Client: api})
	_, err := b.List(context.Background())
	if !errors.Is(err, webhook.ErrRateLimited) || errors.Is(err, webhook.ErrAuth) || !strings.Contains(err.Error(), reset.Local().Format("15:04:05")) {
		t.Errorf("List = %v; want rate limited until %s", err, reset.Format("15:04:05"))
	}
}

func TestRateLimitWait(t *testing.T) {
	now := time.Unix(1000, 0)
	resp := func(status int, h map[string]string, body string) *httpx.Response {
		r := &httpx.Response{Status: status, Header: http.Header{}, Body: []byte(body)}
		for k, v := range h {
			r.Header.Set(k, v)
		}
		return r
	}
	for _, tc := range []struct {
		name    string
		r       *httpx.Response
		wait    time.Duration
		limited bool
	}{
		{"retry-after", resp(403, map[string]string{"Retry-After": "30"}, ""), 30 * time.Second, true},
		{"429", resp(429, nil, ""), time.Minute, true},
		{"primary", resp(403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1010"}, ""), 11 * time.Second, true},
		{"body", resp(403, nil, `{"message":"You have exceeded a secondary rate limit"}`), time.Minute, true},
		{"permission", resp(403, map[string]string{"X-RateLimit-Remaining": "4999"}, `{"message":"Must have admin rights to Repository."}`), 0, false},
		{"not found", resp(404, nil, ""), 0, false},
	} {
		wait, limited := rateLimit(Config{}).Answer(tc.r, now)
		if wait != tc.wait || limited != tc.limited {
			t.Errorf("%s: %s, %v; want %s, %v", tc.name, wait, limited, tc.wait, tc.limited)
		}
	}
}

// Bulk creates stay under the secondary limit: with the emulator's limit
// on (shortened to 5 per 600 ms) and the client's set to the same, 15
// creates meet no 403 and no wait for one.
func TestCreatesStayUnderTheSecondaryLimit(t *testing.T) {
	if CreateLimit != 80 || CreateWindow != time.Minute {
		t.Fatalf("GitHub's secondary limit is 80 content-creating requests a minute, not %d/%s", CreateLimit, CreateWindow)
	}
	var limited atomic.Int32
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{Descriptor.Sandbox.Emulator}, RateLimit: 5, RateWindow: 600 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	counting := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := sb.Transport().RoundTrip(r)
		if err == nil && resp.StatusCode == http.StatusForbidden {
			limited.Add(1)
		}
		return resp, err
	})
	api, _ := httpx.New(httpx.Options{Transport: counting})
	b, _ := New(Config{BaseURL: sandbox.InProcessRoot + sandboxgithub.Prefix, Token: sandboxgithub.Token, Repo: "o/r",
		Client: api, CreateLimit: 5, CreateWindow: 600 * time.Millisecond})
	start := time.Now()
	for i := range 15 {
		ev := []string{[]string{"push", "issues", "release"}[i%3]}
		if _, err := b.Create(context.Background(), webhook.Changes{URL: ptr(fmt.Sprintf("https://example.com/%d", i)), Events: ev}); err != nil {
			t.Fatal(err)
		}
	}
	if limited.Load() != 0 {
		t.Errorf("%d secondary-limit answers", limited.Load())
	}
	if d := time.Since(start); d < 1200*time.Millisecond {
		t.Errorf("15 creates at 5 per 600 ms took only %s", d)
	}
	// Without the client's limit, the emulator does answer 403, and the
	// backend waits it out.
	fast, _ := New(Config{BaseURL: sandbox.InProcessRoot + sandboxgithub.Prefix, Token: sandboxgithub.Token, Repo: "o/other",
		Client: api, CreateLimit: 1000, CreateWindow: time.Second})
	for i := range 7 {
		if _, err := fast.Create(context.Background(), webhook.Changes{URL: ptr(fmt.Sprintf("https://example.com/f%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	if limited.Load() == 0 {
		t.Error("the emulator's secondary limit never answered")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
