// Package entrust speaks the Entrust Identity as a Service Administration
// API's webhook endpoints (SPEC §1), authenticating with an application id
// and shared secret for a short-lived session token.
package entrust

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

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
	base string
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
	if cfg.BaseURL == "" {
		return nil, webhook.Invalid("", "the entrust profile has no base-url (set base-url: to your tenant, e.g. https://acme.us.trustedauth.com, or HOOKCTL_BASE_URL)")
	}
	if cfg.ApplicationID == "" {
		return nil, webhook.Invalid("", "the entrust profile has no application-id (set application-id: in the profile or HOOKCTL_APPLICATION_ID)")
	}
	if cfg.SharedSecret == "" {
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
	b := &Backend{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/")}
	b.sess = newSession(b)
	return b, nil
}

// Schema describes Entrust's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns the tenant's webhooks.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	resp, err := b.call(ctx, http.MethodGet, webhooksPath, nil)
	if err != nil {
		return nil, err
	}
	ws, ok := decodeList(resp.Body)
	if !ok {
		return nil, resp.Unexpected()
	}
	return ws, nil
}

// Get returns one webhook.
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	return b.one(ctx, http.MethodGet, hookPath(id), nil)
}

// Create registers a webhook; the answer carries its signing token, shown
// this once. A create whose outcome is unknown is resent only if the list
// shows no webhook with that URL and name (a recovered webhook comes
// without its token: Entrust never shows it again).
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	body := createParms(c)
	create := func() (webhook.Webhook, error) { return b.one(ctx, http.MethodPost, webhooksPath, body) }
	w, err := create()
	if webhook.CreateRetryable(err) {
		return webhook.RecoverCreate(ctx, b, c, create)
	}
	return w, b.nameDuplicate(ctx, "", c, err)
}

// Update changes the given fields. Entrust's PUT takes the whole
// WebhookParms, so it reads the webhook, applies the changes and sends it
// all back.
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	cur, err := b.Get(ctx, id)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, err := b.one(ctx, http.MethodPut, hookPath(id), fullParms(c.Apply(cur)))
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
	resp, err := b.call(ctx, http.MethodDelete, hookPath(id), nil)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// CheckAuth authenticates and lists the webhooks: the cheapest call that
// proves both the credentials and the WEBHOOKS:VIEW permission.
func (b *Backend) CheckAuth(ctx context.Context) error {
	return webhook.CheckAuthByListing(ctx, b)
}

func hookPath(id string) string { return webhooksPath + "/" + url.PathEscape(id) }

func testPath(id string) string { return webhooksPath + "/test/" + url.PathEscape(id) }

// one sends a request whose answer is one Webhook object.
func (b *Backend) one(ctx context.Context, method, path string, body any) (webhook.Webhook, error) {
	resp, err := b.call(ctx, method, path, body)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, ok := decodeOne(resp.Body)
	if !ok {
		return webhook.Webhook{}, resp.UnexpectedAfter(method)
	}
	return w, nil
}

// call sends one request with the session token. A 401 means the token
// died (expired or revoked): it authenticates once more and resends once;
// the request had not been processed, so even a POST is safe to resend.
func (b *Backend) call(ctx context.Context, method, path string, body any) (*httpx.Response, error) {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	resp, token, err := b.send(ctx, method, path, data)
	if err == nil && resp.Status == http.StatusUnauthorized {
		if err := b.sess.Reject(ctx, token); err != nil {
			return nil, err
		}
		resp, _, err = b.send(ctx, method, path, data)
	}
	if err != nil {
		return nil, err
	}
	if resp.OK() {
		return resp, nil
	}
	return resp, b.redact(apiError(resp))
}

// send makes one authenticated attempt (with httpx's own retries) and says
// which token it used.
func (b *Backend) send(ctx context.Context, method, path string, data []byte) (*httpx.Response, string, error) {
	token, err := b.sess.Token(ctx)
	if err != nil {
		return nil, "", err
	}
	h := http.Header{"Accept": {"application/json"}, "Authorization": {"Bearer " + token}}
	if data != nil {
		h.Set("Content-Type", "application/json")
	}
	resp, err := b.cfg.Client.Do(ctx, &httpx.Request{
		Method:     method,
		URL:        b.base + path,
		Header:     h,
		Body:       data,
		Idempotent: httpx.Idempotent(method),
	})
	return resp, token, err
}
