package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hookctl/hookctl/pkg/webhook"
	"github.com/hookctl/hookctl/pkg/webhook/webhooktest"
)

// A vendor's bare "already exists" becomes one naming the webhook that has
// what a create or an update asks for; other failures are left alone.
func TestNameConflict(t *testing.T) {
	ctx := context.Background()
	f := &webhooktest.Fake{}
	a, _ := f.Create(ctx, webhook.Changes{URL: ptr("https://example.com/a")})
	b, _ := f.Create(ctx, webhook.Changes{URL: ptr("https://example.com/b")})
	sameURL := func(existing, wanted webhook.Webhook) bool { return existing.URL == wanted.URL }
	bare := &webhook.APIError{Status: 409, Kind: webhook.ErrConflict, Message: "already exists", Advice: "a hint"}

	toA := webhook.Changes{URL: ptr("https://example.com/a")}
	err := webhook.NameConflict(ctx, f, "", toA, bare, "a webhook with this URL", sameURL)
	var api *webhook.APIError
	if !errors.As(err, &api) || api.Message != "a webhook with this URL already exists: "+a.ID || api.Status != 409 ||
		api.Advice != "a hint" || !errors.Is(err, webhook.ErrConflict) {
		t.Errorf("create: %v", err)
	}
	// Updating b to a's URL names a; updating a to its own URL names none.
	if err := webhook.NameConflict(ctx, f, b.ID, toA, bare, "a webhook with this URL", sameURL); err == nil || err.Error() != "a webhook with this URL already exists: "+a.ID+" (HTTP 409)" {
		t.Errorf("update: %v", err)
	}
	if err := webhook.NameConflict(ctx, f, a.ID, toA, bare, "x", sameURL); err != bare {
		t.Errorf("the webhook itself was named: %v", err)
	}
	// Not a conflict, a conflict of another cause, a failing listing.
	for name, c := range map[string]struct {
		b   webhook.Backend
		err error
	}{
		"validation": {f, &webhook.APIError{Status: 422, Kind: webhook.ErrValidation, Message: "bad"}},
		"limit":      {f, &webhook.APIError{Status: 409, Kind: webhook.ErrConflict, Message: "at most 20"}},
		"no listing": {&webhooktest.Fake{Err: fmt.Errorf("down")}, bare},
	} {
		in := webhook.Changes{URL: ptr("https://example.com/new")}
		if name == "no listing" {
			in = toA
		}
		if got := webhook.NameConflict(ctx, c.b, "", in, c.err, "x", sameURL); got != c.err {
			t.Errorf("%s: %v", name, got)
		}
	}
	if nil != webhook.NameConflict(ctx, f, "", toA, nil, "x", sameURL) {
		t.Error("no error became one")
	}
}

func ptr[T any](v T) *T { return &v }
