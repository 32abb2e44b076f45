// Package supportbee speaks the SupportBee help desk web hook API (SPEC §1):
// Rails-style JSON envelopes under https://{company}.supportbee.com, with the
// auth_token as a query parameter.
package supportbee

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Config is what the dialect needs from a profile.
type Config struct {
	// BaseURL replaces https://{company}.supportbee.com when set.
	BaseURL string
	// Company is the SupportBee subdomain: acme for acme.supportbee.com.
	Company string
	// AuthToken is the API token sent as the auth_token query parameter.
	AuthToken string
	// Client talks to the API.
	Client *httpx.Client
}

// Backend is one SupportBee company seen through one API token.
type Backend struct {
	cfg  Config
	base string
}

var (
	_ webhook.Backend       = (*Backend)(nil)
	_ webhook.Tester        = (*Backend)(nil)
	_ webhook.Authenticator = (*Backend)(nil)
)

// companyName is a DNS label: what fits before .supportbee.com.
func companyName(name string) bool {
	if name == "" || name[0] == '-' || name[len(name)-1] == '-' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// New returns a Backend. The auth token and a company (or base URL) are
// required.
func New(cfg Config) (*Backend, error) {
	if cfg.AuthToken == "" {
		return nil, webhook.Invalid("", "the supportbee profile has no auth-token (set auth-token: in the profile or HOOKCTL_AUTH_TOKEN)")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		switch {
		case cfg.Company == "":
			return nil, webhook.Invalid("", "the supportbee profile has no company (set company: to your SupportBee subdomain, e.g. acme for acme.supportbee.com, or HOOKCTL_COMPANY; or set base-url:)")
		case !companyName(cfg.Company):
			return nil, webhook.Invalid("", "company %q is not a SupportBee subdomain (want e.g. acme for acme.supportbee.com)", cfg.Company)
		}
		base = "https://" + strings.ToLower(cfg.Company) + ".supportbee.com"
	}
	if cfg.Client == nil {
		c, err := httpx.New(httpx.Options{})
		if err != nil {
			return nil, err
		}
		cfg.Client = c
	}
	cfg.Client.Redactor().Add(cfg.AuthToken)
	return &Backend{cfg: cfg, base: base}, nil
}

// Schema describes SupportBee's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns the company's web hooks.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	resp, err := b.call(ctx, http.MethodGet, "/web_hooks.json", nil)
	if err != nil {
		return nil, err
	}
	ws, ok := decodeList(resp.Body)
	if !ok {
		return nil, resp.Unexpected()
	}
	return ws, nil
}

// Get returns one web hook. SupportBee has no single-get endpoint, so it
// lists and picks.
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	return webhook.GetByListing(ctx, b.List, id)
}

// Create registers a web hook. A create whose outcome is unknown is resent
// only if the list shows no web hook with that URL.
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	if c.URL == nil {
		return webhook.Webhook{}, webhook.Invalid("--url", "is required to create a supportbee webhook")
	}
	body := params{WebHook: paramsHook{URL: *c.URL}}
	create := func() (webhook.Webhook, error) { return b.one(ctx, http.MethodPost, "/web_hooks.json", body) }
	w, err := create()
	if webhook.CreateRetryable(err) {
		return webhook.RecoverCreate(ctx, b, c, create)
	}
	return w, b.nameDuplicate(ctx, "", c, err)
}

// nameDuplicate names the web hook that already has the URL a create (id
// "") or a change of web hook id asks for, should SupportBee refuse one as
// taken (webhook.NameConflict).
func (b *Backend) nameDuplicate(ctx context.Context, id string, c webhook.Changes, err error) error {
	return webhook.NameConflict(ctx, b, id, c, err, "a web hook with this URL",
		func(existing, wanted webhook.Webhook) bool { return existing.URL == wanted.URL })
}

// Update changes a web hook's URL, its only writable field, with the
// documented singular path PUT /web_hook/{id}.json.
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	if c.URL == nil {
		return webhook.Webhook{}, webhook.Invalid("--url", "is required: it is the only field of a supportbee webhook that can change")
	}
	body := params{WebHook: paramsHook{URL: *c.URL}}
	resp, err := b.call(ctx, http.MethodPut, "/web_hook/"+url.PathEscape(id)+".json", body)
	if err != nil {
		return webhook.Webhook{}, b.nameDuplicate(ctx, id, c, err)
	}
	if resp.Status == http.StatusNoContent {
		return b.Get(ctx, id) // tolerate a Rails "head :no_content"
	}
	w, ok := decodeOne(resp.Body)
	if !ok {
		return webhook.Webhook{}, resp.Unexpected()
	}
	return w, nil
}

// Delete removes a web hook; after an uncertain try it follows
// webhook.FinishDelete (gone is done).
func (b *Backend) Delete(ctx context.Context, id string) error {
	resp, err := b.call(ctx, http.MethodDelete, "/web_hooks/"+url.PathEscape(id)+".json", nil)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// CheckAuth lists the web hooks, the cheapest authenticated call.
func (b *Backend) CheckAuth(ctx context.Context) error {
	return webhook.CheckAuthByListing(ctx, b)
}

// one sends a request whose answer is {"web_hook":{…}}.
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

// call sends one request with the auth_token query parameter and turns
// SupportBee's error answers into typed errors. POSTs are not idempotent.
func (b *Backend) call(ctx context.Context, method, path string, body any) (*httpx.Response, error) {
	req := &httpx.Request{
		Method:     method,
		URL:        b.base + path + "?auth_token=" + url.QueryEscape(b.cfg.AuthToken),
		Header:     http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}},
		Idempotent: httpx.Idempotent(method),
	}
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req.Body = data
	}
	resp, err := b.cfg.Client.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.OK() {
		return resp, nil
	}
	e := apiError(resp)
	e.Message = b.cfg.Client.Redactor().String(e.Message)
	return resp, e
}
