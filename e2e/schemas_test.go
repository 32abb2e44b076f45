package hookctl_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hookctl/hookctl/pkg/dialect/github"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// octokitSchemas is GitHub's published webhook schemas (npm
// @octokit/webhooks-schemas, see testdata/octokit-webhooks-schemas),
// cut to the events hookctl sends.
const octokitSchemas = "testdata/octokit-webhooks-schemas/schema.json"

// githubSchema compiles the published schema of one event ("issues" with
// action "opened": issues$opened; without an action: push$event).
func githubSchema(t *testing.T) func(event, action string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(octokitSchemas)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	// The library's uri-template check refuses GitHub's own templates
	// ("…/branches{/branch}", RFC 6570 level 3); ajv, which octokit's
	// schemas are checked with, takes them.
	c.RegisterFormat(&jsonschema.Format{Name: "uri-template", Validate: func(any) error { return nil }})
	const url = "https://hookctl.test/octokit-webhooks-schemas.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	return func(event, action string) *jsonschema.Schema {
		name := event + "$event"
		if action != "" {
			name = event + "$" + action
		}
		s, err := c.Compile(url + "#/definitions/" + strings.ReplaceAll(name, "$", "%24"))
		if err != nil {
			t.Fatalf("no published schema for %s: %v", name, err)
		}
		return s
	}
}

// validGitHub fails t unless body is valid against its event's schema.
func validGitHub(t *testing.T, schema func(string, string) *jsonschema.Schema, what, event string, body []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	action, _ := v.(map[string]any)["action"].(string)
	if err := schema(event, action).Validate(v); err != nil {
		t.Errorf("%s (%s %s) does not match GitHub's published schema:\n%v", what, event, action, err)
	}
}

// Every GitHub sample that trigger sends is valid against GitHub's
// published webhook schemas, and two samples of one event differ.
func TestGitHubSamplesMatchPublishedSchemas(t *testing.T) {
	schema := githubSchema(t)
	hook := webhook.Webhook{ID: "12345678", URL: "https://example.com/hook"}
	for _, event := range github.SampleEvents {
		_, body, err := github.Samples.Sample(event, hook, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(body)
		validGitHub(t, schema, "trigger's sample", event, b)
		_, again, _ := github.Samples.Sample(event, hook, time.Now())
		b2, _ := json.Marshal(again)
		if string(b) == string(b2) {
			t.Errorf("%s: two samples are the same body (a listen would refuse the second as a replay)", event)
		}
	}
}

// The sandbox's own deliveries (the ping on create, a test ping, a test
// push) are valid against GitHub's published schemas too, for a
// repository's hook and an organization's.
func TestSandboxGitHubDeliveriesMatchPublishedSchemas(t *testing.T) {
	schema := githubSchema(t)
	var mu sync.Mutex
	type got struct {
		event string
		body  []byte
	}
	var deliveries []got
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		deliveries = append(deliveries, got{r.Header.Get(signature.GitHubEventHeader), b})
		mu.Unlock()
	}))
	defer recv.Close()
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{github.Descriptor.Sandbox.Emulator}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	ctx := context.Background()
	for _, where := range []map[string]string{{github.KeyRepo: "octo/hello"}, {github.KeyOrg: "octo-org"}} {
		v := github.Descriptor.SandboxValues(srv.URL)
		delete(v, github.KeyRepo)
		for k, s := range where {
			v[k] = s
		}
		b, err := github.Descriptor.Open(v, spec.Clients{})
		if err != nil {
			t.Fatal(err)
		}
		u, on := recv.URL+"/gh", true
		hook, err := b.Create(ctx, webhook.Changes{URL: &u, Events: []string{"push", "issues"}, Active: &on})
		if err != nil {
			t.Fatal(err)
		}
		tester := b.(webhook.Tester)
		for _, event := range []string{"ping", "push"} {
			if _, err := tester.Test(ctx, webhook.TestRequest{ID: hook.ID, Event: event}); err != nil && event == "ping" {
				t.Fatal(err)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(deliveries) < 4 {
		t.Fatalf("%d deliveries, want at least 4", len(deliveries))
	}
	for _, d := range deliveries {
		validGitHub(t, schema, "the sandbox's delivery", d.event, d.body)
	}
}
