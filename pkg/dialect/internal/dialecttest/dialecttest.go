// Package dialecttest holds the tests every dialect runs the same way: bad
// answers (HTML pages, wrong shapes, truncated, empty, binary, 20 MiB) through
// list/get/create/update/delete, decode fuzzing, the one-pass decoder against
// encoding/json, and the decode and list benchmarks. A dialect describes
// itself in a Dialect and calls the runners from its own test files, so each
// test keeps its name (and its seed corpus under testdata/fuzz).
package dialecttest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Dialect is what the shared tests need to know about one dialect.
type Dialect struct {
	// New opens the dialect's Backend on base with client c and test
	// credentials; the ones that are secret are in Secrets.
	New func(t testing.TB, base string, c *httpx.Client) webhook.Backend
	// Secrets are the credentials (and session tokens) no error may show.
	Secrets []string

	// AuthPath, when set, is the path of the dialect's authentication round
	// trip. The fake servers answer it 200 with AuthAnswer (JSON), so that
	// the bad answer is the one to the webhook call.
	AuthPath, AuthAnswer string

	// ID is a webhook id in the dialect's format: the one WireOne,
	// WireList and WireListExtra hold.
	ID string
	// Create and Update are changes the dialect accepts for a create and an
	// update.
	Create, Update webhook.Changes
	// CreateStatus is the status of a successful create (200 or 201).
	CreateStatus int

	// WireOne is one webhook as the dialect's API answers a get; WireList
	// is the list answer holding it (in the dialect's list envelope), and
	// WireListExtra that list with fields the dialect does not know.
	WireOne, WireList, WireListExtra string

	// RateLimit is how the dialect's API answers a request over its rate.
	RateLimit RateLimit
}

// RateLimit is a vendor's 429 answer and the shortest wait it must cause.
type RateLimit struct {
	ContentType string
	RetryAfter  string // empty: no Retry-After header
	Body        string
	MinWait     time.Duration
}

// Op is one backend call whose answer carries data.
type Op struct {
	Name string
	Call func(context.Context) error
}

// Ops are the calls whose answers carry data: list, get, create, update.
func (d Dialect) Ops(b webhook.Backend) []Op {
	return []Op{
		{"list", func(ctx context.Context) error { _, err := b.List(ctx); return err }},
		{"get", func(ctx context.Context) error { _, err := b.Get(ctx, d.ID); return err }},
		{"create", func(ctx context.Context) error { _, err := b.Create(ctx, d.Create); return err }},
		{"update", func(ctx context.Context) error { _, err := b.Update(ctx, d.ID, d.Update); return err }},
	}
}

// Backend opens the dialect's Backend on base with opts, and retries that
// do not wait.
func (d Dialect) Backend(t testing.TB, base string, opts httpx.Options) webhook.Backend {
	t.Helper()
	opts.Sleep = func(context.Context, time.Duration) error { return nil }
	c, err := httpx.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return d.New(t, base, c)
}

// Server starts a test server that answers the dialect's authentication (if
// it has one) and hands every other request to h.
func (d Dialect) Server(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d.AuthPath != "" && r.URL.Path == d.AuthPath {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(d.AuthAnswer))
			return
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Str is a pointer to s, for webhook.Changes.
func Str(s string) *string { return &s }
