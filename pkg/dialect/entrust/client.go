// Package entrust speaks the Entrust Identity as a Service Administration
// API's webhook endpoints, authenticating with an application id and
// shared secret for a short-lived session token (session.go, what is
// truly its own); the request skeleton is the kit's (pkg/dialect/kit).
package entrust

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// webhooksPath is the root of the webhook endpoints.
const webhooksPath = "/api/web/v1/webhooks"

// Config is what the dialect needs from a profile.
type Config struct {
	// BaseURL is the tenant's address, e.g. https://acme.us.trustedauth.com.
	BaseURL string
	// ApplicationID names the Administration API application.
	ApplicationID string
	// SharedSecret is the application's secret.
	SharedSecret string
	// Client talks to the API.
	Client *httpx.Client
}

// Backend is one Entrust IDaaS tenant seen through one API application. It
// is safe for concurrent use.
type Backend struct {
	cfg  Config
	api  *kit.API
	sess *session
}

var (
	_ webhook.Backend       = (*Backend)(nil)
	_ webhook.Tester        = (*Backend)(nil)
	_ webhook.Authenticator = (*Backend)(nil)
)

// New returns a Backend. The base URL, application id and shared secret are
// all required: Entrust has no default address.
func New(cfg Config) (*Backend, error) {
	switch {
	case cfg.BaseURL == "":
		return nil, webhook.Invalid("", "the entrust profile has no base-url (set base-url: to your tenant, e.g. https://acme.us.trustedauth.com, or HOOKCTL_BASE_URL)")
	case cfg.ApplicationID == "":
		return nil, webhook.Invalid("", "the entrust profile has no application-id (set application-id: in the profile or HOOKCTL_APPLICATION_ID)")
	case cfg.SharedSecret == "":
		return nil, webhook.Invalid("", "the entrust profile has no shared-secret (set shared-secret: in the profile or HOOKCTL_SHARED_SECRET)")
	}
	if cfg.Client == nil {
		c, err := httpx.New(httpx.Options{})
		if err != nil {
			return nil, err
		}
		cfg.Client = c
	}
	cfg.Client.Redactor().Add(cfg.SharedSecret)
	b := &Backend{cfg: cfg}
	b.sess = newSession(b)
	b.api = &kit.API{
		Base:   strings.TrimRight(cfg.BaseURL, "/"),
		Client: cfg.Client,
		// {"errorCode","errorMessage"}, or Spring's default error body.
		Message: kit.Message("errorMessage", "errorCode", "message", "error"),
		Header: func(ctx context.Context, h http.Header) error {
			token, err := b.sess.Token(ctx)
			h.Set("Authorization", "Bearer "+token)
			return err
		},
		// A 401 means the token died (expired or revoked): authenticate
		// once more and resend once.
		Unauthorized: func(ctx context.Context, sent http.Header) (bool, error) {
			return true, b.sess.Reject(ctx, strings.TrimPrefix(sent.Get("Authorization"), "Bearer "))
		},
	}
	return b, nil
}

// Schema describes Entrust's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns the tenant's webhooks.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	return b.api.List(ctx, webhooksPath, wireHook.List)
}

// Get returns one webhook.
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	return b.api.One(ctx, http.MethodGet, hookPath(id), nil, wireHook.One)
}

// Create registers a webhook; the answer carries its signing token, shown
// this once. A create whose outcome is unknown is resent only if the list
// shows no webhook with that URL and name (a recovered webhook comes
// without its token: Entrust never shows it again).
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	return kit.Create(ctx, b, c, func() (webhook.Webhook, error) {
		return b.api.One(ctx, http.MethodPost, webhooksPath, createParms(c), wireHook.One)
	}, func(err error) error { return b.nameDuplicate(ctx, "", c, err) })
}

// Update changes the given fields. Entrust's PUT takes the whole
// WebhookParms, so it reads the webhook, applies the changes and sends it
// all back.
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	cur, err := b.Get(ctx, id)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, err := b.api.One(ctx, http.MethodPut, hookPath(id), fullParms(c.Apply(cur)), wireHook.One)
	return w, b.nameDuplicate(ctx, id, c, err)
}

// nameDuplicate names the webhook that already has the name a create (id
// "") or a change of webhook id asks for (webhook.NameConflict); a conflict
// with the limit of enabled webhooks is left as Entrust words it.
func (b *Backend) nameDuplicate(ctx context.Context, id string, c webhook.Changes, err error) error {
	what := "a webhook with this name"
	if c.Description != nil {
		what = fmt.Sprintf("a webhook named %q", *c.Description)
	}
	return webhook.NameConflict(ctx, b, id, c, err, what,
		func(existing, wanted webhook.Webhook) bool {
			return existing.Description != nil && wanted.Description != nil && *existing.Description == *wanted.Description
		})
}

// Delete removes a webhook; after an uncertain try it follows
// webhook.FinishDelete (gone is done).
func (b *Backend) Delete(ctx context.Context, id string) error {
	resp, err := b.api.Do(ctx, http.MethodDelete, hookPath(id), nil)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// CheckAuth authenticates and lists the webhooks: the cheapest call that
// proves both the credentials and the WEBHOOKS:VIEW permission.
func (b *Backend) CheckAuth(ctx context.Context) error { return webhook.CheckAuthByListing(ctx, b) }

func hookPath(id string) string { return webhooksPath + "/" + url.PathEscape(id) }
