package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/hookctl/hookctl/internal/contracttest"
	"github.com/hookctl/hookctl/pkg/dialect/github"
	"github.com/hookctl/hookctl/pkg/dialect/trello"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	sandboxgithub "github.com/hookctl/hookctl/pkg/sandbox/github"
	sandboxtrello "github.com/hookctl/hookctl/pkg/sandbox/trello"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// The contract tests check every request the github and trello dialects
// send, and every answer their emulators give, against the vendors' own
// published OpenAPI descriptions (testdata/openapi, copied from
// copied from the vendors' published files): the path and method must be described, parameters and
// bodies must match their schemas, and answers must have a described
// status (GitHub) and a body of the described schema.

// loadContract reads one of testdata/openapi's descriptions.
func loadContract(t *testing.T, file, server string, next http.RoundTripper) *contracttest.Contract {
	t.Helper()
	return contracttest.Load(t, "testdata/openapi/"+file, server, next)
}

func receiver(t *testing.T) string { return contracttest.Receiver(t) }

func TestGitHubContract(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators()})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	base := baseURL(sandbox.InProcessRoot, sandboxgithub.Name)
	c := loadContract(t, "github-hooks-openapi.json", base, sb.Transport())
	c.Statuses = true
	api, err := httpx.New(httpx.Options{Transport: c})
	if err != nil {
		t.Fatal(err)
	}
	recv := receiver(t)
	ctx := context.Background()
	for _, owner := range []github.Config{{Repo: "octo/hello"}, {Org: "acme"}} {
		owner.BaseURL, owner.Token, owner.Client = base, sandboxgithub.Token, api
		b, err := github.New(owner)
		if err != nil {
			t.Fatal(err)
		}
		exerciseGitHub(t, ctx, b, recv)
	}
	// A long list is paginated: per_page and page, Link to the next.
	b, _ := github.New(github.Config{BaseURL: base, Token: sandboxgithub.Token, Repo: "octo/many", Client: api})
	for i := range 3 {
		if _, err := b.Create(ctx, webhook.Changes{URL: ptr(fmt.Sprintf("https://example.com/%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := api.Do(ctx, &httpx.Request{Method: http.MethodGet, URL: base + "/repos/octo/many/hooks?per_page=2&page=1",
		Header: http.Header{"Authorization": {"Bearer " + sandboxgithub.Token}}})
	if err != nil || !strings.Contains(resp.Header.Get("Link"), `page=2>; rel="next"`) {
		t.Errorf("page 1 of 3 hooks: %v, Link %q", err, resp.Header.Get("Link"))
	}
	exerciseConfig(t, c, base)
	if left := c.Uncovered(nil); len(left) > 0 {
		t.Errorf("operations of the description not exercised with a 2xx answer:\n%s", strings.Join(left, "\n"))
	}
	t.Logf("%d requests and answers checked", c.Checked())
}

// exerciseGitHub drives every command of the dialect, and its errors,
// through the validating transport.
func exerciseGitHub(t *testing.T, ctx context.Context, b *github.Backend, recv string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if ws, err := b.List(ctx); err != nil || len(ws) != 0 {
		t.Fatalf("List = %v, %v", ws, err)
	}
	secret := "contract-secret"
	w, err := b.Create(ctx, webhook.Changes{URL: ptr(recv + "/hook"), Events: []string{"push", "issues"}, Secret: &secret})
	must(err)
	if _, err := b.Create(ctx, webhook.Changes{URL: ptr(recv + "/hook"), Events: []string{"issues"}}); err == nil {
		t.Error("a duplicate hook was created")
	}
	if _, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/x"), Events: []string{"nope"}}); err == nil {
		t.Error("an unknown event was accepted")
	}
	_, err = b.Get(ctx, w.ID)
	must(err)
	if _, err := b.Get(ctx, "999999"); err == nil {
		t.Error("an unknown hook was found")
	}
	ct, _ := github.Schema.Field("content_type")
	_, err = b.SetField(ctx, w.ID, ct, "form")
	must(err)
	_, err = b.Update(ctx, w.ID, webhook.Changes{URL: ptr(recv + "/moved"), Active: ptr(true), Events: []string{"push"}})
	must(err)
	_, err = b.Test(ctx, webhook.TestRequest{ID: w.ID})
	must(err)
	if !b.IsOrg() {
		_, err = b.Test(ctx, webhook.TestRequest{ID: w.ID, Event: "push"})
		must(err)
	}
	ds, _, err := b.Deliveries(ctx, w.ID, 2, "")
	must(err)
	if len(ds) == 0 {
		t.Fatal("no deliveries logged")
	}
	_, err = b.Delivery(ctx, w.ID, ds[0].ID)
	must(err)
	must(b.Redeliver(ctx, w.ID, ds[0].ID))
	must(b.Delete(ctx, w.ID))
}

// githubRaw sends one request to the GitHub emulator through rt.
func githubRaw(t *testing.T, rt http.RoundTripper, base string) func(method, path, token, body string) (int, []byte) {
	hc := &http.Client{Transport: rt}
	return func(method, path, token, body string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
}

// exerciseConfig reads and patches the config of a repository's and an
// organization's hook directly (the dialect patches it, never reads it).
func exerciseConfig(t *testing.T, rt http.RoundTripper, base string) {
	do := githubRaw(t, rt, base)
	var h struct{ ID int64 }
	for _, owner := range []string{"/repos/o/r", "/orgs/acme"} {
		code, body := do("POST", owner+"/hooks", sandboxgithub.Token, `{"name":"web","config":{"url":"https://example.com/c","content_type":"json"}}`)
		if code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		_ = json.Unmarshal(body, &h)
		p := fmt.Sprintf("%s/hooks/%d/config", owner, h.ID)
		if code, body := do("GET", p, sandboxgithub.Token, ""); code != 200 || !strings.Contains(string(body), `"url":"https://example.com/c"`) {
			t.Errorf("GET config: %d %s", code, body)
		}
		if code, body := do("PATCH", p, sandboxgithub.Token, `{"secret":"s","insecure_ssl":"0"}`); code != 200 || !strings.Contains(string(body), `"secret":"********"`) || !strings.Contains(string(body), `"content_type":"json"`) {
			t.Errorf("PATCH config: %d %s", code, body)
		}
	}
}

// GitHub's answers that its description does not list for these
// operations (401, 400) still have its basic-error body.
func TestGitHubEmulatorErrorBodies(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators()})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	base := baseURL(sandbox.InProcessRoot, sandboxgithub.Name)
	doc, err := openapi3.NewLoader().LoadFromFile("testdata/openapi/github-hooks-openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	basic := doc.Components.Schemas["basic-error"].Value
	do := githubRaw(t, sb.Transport(), base)
	for _, tc := range []struct {
		method, path, token, body string
		code                      int
		message                   string
	}{
		{"GET", "/repos/o/r/hooks", "", "", 401, "Requires authentication"},
		{"GET", "/repos/o/r/hooks", "nope", "", 401, "Bad credentials"},
		{"POST", "/repos/o/r/hooks", sandboxgithub.Token, `{"config":`, 400, "Problems parsing JSON"},
		{"GET", "/repos/o/r/hooks", sandboxgithub.Token + "-readonly", "", 404, "Not Found"},
		{"GET", "/repos/o/r/nothing", sandboxgithub.Token, "", 404, "Not Found"},
	} {
		code, body := do(tc.method, tc.path, tc.token, tc.body)
		var v any
		_ = json.Unmarshal(body, &v)
		if code != tc.code || basic.VisitJSON(v) != nil || !strings.Contains(string(body), `"message":"`+tc.message+`"`) {
			t.Errorf("%s %s (token %q): %d %s; want %d %q", tc.method, tc.path, tc.token, code, body, tc.code, tc.message)
		}
	}
}

func TestTrelloContract(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{Emulators: emulators()})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	base := baseURL(sandbox.InProcessRoot, sandboxtrello.Name)
	c := loadContract(t, "trello-webhooks-openapi.json", base, sb.Transport())
	// Trello's description lists only 200 answers; its errors (400, 401,
	// 404, plain text) are checked by the emulator's own tests.
	c.Statuses = false
	c.Undocumented = map[string]string{
		// hookctl's set-field is PUT /webhooks/{id}/{field}, in Trello's
		// reference but not in its OpenAPI file.
		"PUT /trello/1/webhooks/{id}/active":      "hookctl set-field",
		"PUT /trello/1/webhooks/{id}/description": "hookctl set-field",
	}
	// The description asks for key and token as query parameters; hookctl
	// sends them in the Authorization header, which Trello also takes
	//. Either satisfies the requirement.
	c.Auth = func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		r := in.RequestValidationInput.Request
		name := in.SecurityScheme.Name
		if r.URL.Query().Get(name) != "" {
			return nil
		}
		h := r.Header.Get("Authorization")
		want := map[string]string{"key": "oauth_consumer_key=", "token": "oauth_token="}[name]
		if want != "" && strings.Contains(h, want) {
			return nil
		}
		if name == "token" && strings.Contains(r.URL.Path, "/tokens/") {
			return nil // the token is in the path
		}
		return fmt.Errorf("no %s", name)
	}
	api, err := httpx.New(httpx.Options{Transport: c})
	if err != nil {
		t.Fatal(err)
	}
	recv := receiver(t)
	b, err := trello.New(trello.Config{BaseURL: base, Key: sandboxtrello.Key, Token: sandboxtrello.Token, Client: api, Deliver: api})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const model = "4d5ea62fd76aa1136000000c"
	_, err = b.List(ctx)
	must(t, err)
	w, err := b.Create(ctx, webhook.Changes{URL: ptr(recv + "/t"), Model: ptr(model), Description: ptr("contract")})
	must(t, err)
	_, err = b.Get(ctx, w.ID)
	must(t, err)
	for _, name := range []string{"description", "callbackURL", "idModel", "active", "consecutiveFailures"} {
		f, _ := trello.Schema.Field(name)
		_, err = b.GetField(ctx, w.ID, f)
		must(t, err)
	}
	_, err = b.Update(ctx, w.ID, webhook.Changes{Description: ptr("changed"), Active: ptr(true)})
	must(t, err)
	f, _ := trello.Schema.Field("active")
	_, err = b.SetField(ctx, w.ID, f, "false")
	must(t, err)
	must(t, b.Delete(ctx, w.ID))

	// The rest of the description, which the dialect does not use: the
	// emulator serves it all.
	hc := &http.Client{Transport: c}
	auth := fmt.Sprintf(`OAuth oauth_consumer_key="%s", oauth_token="%s"`, sandboxtrello.Key, sandboxtrello.Token)
	do := func(method, path string, q url.Values) (int, []byte) {
		u := base + path
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		req, _ := http.NewRequest(method, u, nil)
		req.Header.Set("Authorization", auth)
		resp, err := hc.Do(req)
		must(t, err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	tok := "/tokens/" + sandboxtrello.Token
	code, body := do("POST", "/webhooks/", url.Values{"callbackURL": {recv + "/a"}, "idModel": {model}, "description": {"slash"}})
	if code != 200 {
		t.Fatalf("POST /webhooks/: %d %s", code, body)
	}
	var hook struct{ ID string }
	_ = json.Unmarshal(body, &hook)
	code, body = do("POST", tok+"/webhooks", url.Values{"callbackURL": {recv + "/b"}, "idModel": {model}})
	if code != 200 {
		t.Fatalf("POST /tokens/{token}/webhooks: %d %s", code, body)
	}
	for _, r := range []struct {
		method, path string
		q            url.Values
		want         string
	}{
		{"GET", tok, nil, `"permissions":[`},
		{"GET", tok, url.Values{"fields": {"identifier"}, "webhooks": {"true"}}, `"webhooks":[{"id":"` + hook.ID},
		{"GET", tok + "/webhooks", nil, hook.ID},
		{"GET", tok + "/webhooks/" + hook.ID, nil, `"description":"slash"`},
		{"PUT", tok + "/webhooks/" + hook.ID, url.Values{"description": {"via token"}}, `"description":"via token"`},
		{"DELETE", tok + "/webhooks/" + hook.ID, nil, ""},
	} {
		code, body := do(r.method, r.path, r.q)
		if code != 200 || !strings.Contains(string(body), r.want) {
			t.Errorf("%s %s: %d %s", r.method, r.path, code, body)
		}
	}
	if code, _ := do("GET", tok+"/webhooks/"+hook.ID, nil); code != 404 {
		t.Errorf("GET of a deleted webhook: %d", code)
	}
	if code, _ := do("GET", "/tokens/someone-else/webhooks/"+hook.ID, nil); code != 401 {
		t.Errorf("another token's path: %d, want 401", code)
	}
	if left := c.Uncovered(nil); len(left) > 0 {
		t.Errorf("operations of the description not exercised with a 2xx answer:\n%s", strings.Join(left, "\n"))
	}
	t.Logf("%d requests and answers checked", c.Checked())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
