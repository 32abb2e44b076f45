package dialect_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// refusing answers the requests refuse picks with a vendor's 400, and
// passes the others to next.
type refusing struct {
	next   http.RoundTripper
	refuse func(*http.Request) bool
}

func (r refusing) RoundTrip(req *http.Request) (*http.Response, error) {
	if !r.refuse(req) {
		return r.next.RoundTrip(req)
	}
	return &http.Response{StatusCode: 400, Header: http.Header{"Content-Type": {"application/json"}}, Request: req,
		Body: io.NopCloser(strings.NewReader(`{"error":{"type":"invalid_request_error","message":"refused by the test"}}`))}, nil
}

// A vendor that cannot create a webhook disabled (Stripe) creates it and
// then disables it. When the second step fails, the webhook is deleted
// again: a create that failed leaves nothing behind, nor a one-time secret
// nobody saw. When the delete fails too, the error names the webhook.
func TestCreateThenUpdateTakesBackWhatItMade(t *testing.T) {
	d, err := dialect.Lookup("stripe")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		refuse func(*http.Request) bool
		left   bool // the webhook stays
		want   string
	}{
		{"the update fails", func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/webhook_endpoints/")
		}, false, "so it was deleted again"},
		{"the update and the delete fail", func(r *http.Request) bool {
			return strings.HasPrefix(r.URL.Path, "/v1/webhook_endpoints/") && r.Method != http.MethodGet
		}, true, "it may still be there, enabled: hookctl delete we_"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{d.Sandbox.Emulator}})
			if err != nil {
				t.Fatal(err)
			}
			defer sb.Close()
			api, _ := httpx.New(httpx.Options{Transport: refusing{next: sb.Transport(), refuse: c.refuse}})
			b, err := d.Open(d.SandboxValues(sandbox.InProcessRoot), spec.Clients{API: api})
			if err != nil {
				t.Fatal(err)
			}
			off := false
			_, cerr := b.Create(context.Background(), webhook.Changes{URL: ptr("https://example.com/hook"), Events: []string{"charge.succeeded"}, Active: &off})
			if cerr == nil || !strings.Contains(cerr.Error(), c.want) {
				t.Fatalf("create: %v, want an error saying %q", cerr, c.want)
			}
			ws, err := b.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !c.left {
				if len(ws) != 0 {
					t.Errorf("%d webhooks left after a create that failed", len(ws))
				}
				return
			}
			if len(ws) != 1 || !strings.Contains(cerr.Error(), "hookctl delete "+ws[0].ID) {
				t.Errorf("%d webhooks left; the error should name the one left: %v", len(ws), cerr)
			}
		})
	}
}
