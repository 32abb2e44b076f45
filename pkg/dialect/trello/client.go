// Package trello speaks the Trello REST API v1 webhook endpoints: the
// webhooks of a token (its own path, /tokens/{token}/webhooks), Trello's
// per-field GET and PUT, and test deliveries hookctl sends itself. The
// request skeleton is the kit's (pkg/dialect/kit).
package trello

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// DefaultBaseURL is Trello's API root.
const DefaultBaseURL = "https://api.trello.com/1"

// Config is what the dialect needs from a profile. Only Key and Token are
// required: an empty BaseURL is Trello's API, a nil Client a default one
// with hookctl's retry policy and Trello's documented rate limit, a nil
// Deliver a default one.
type Config struct {
	BaseURL string
	Key     string
	Token   string
	// Secret is the application's OAuth secret, used to sign test deliveries.
	Secret string
	// Client talks to the API.
	Client *httpx.Client
	// Deliver sends test deliveries to callback URLs: a client without the
	// profile's credentials and on the real network.
	Deliver *httpx.Client
}

// Backend is a Trello account seen through one token.
type Backend struct {
	cfg Config
	api *kit.API
}

var (
	_ webhook.Backend       = (*Backend)(nil)
	_ webhook.FieldGetter   = (*Backend)(nil)
	_ webhook.FieldSetter   = (*Backend)(nil)
	_ webhook.Tester        = (*Backend)(nil)
	_ webhook.Authenticator = (*Backend)(nil)
)

// New returns a Backend. Key and token are required.
func New(cfg Config) (*Backend, error) {
	if cfg.Key == "" || cfg.Token == "" {
		missing := map[bool]string{true: "key", false: "token"}[cfg.Key == ""]
		return nil, webhook.Invalid("", "the trello profile has no %s (set %s: in the profile or HOOKCTL_%s)", missing, missing, strings.ToUpper(missing))
	}
	var err error
	if cfg.Client == nil {
		if cfg.Client, err = httpx.New(httpx.Options{Limiter: httpx.NewLimiter(rateLimit, rateWindow), RateLimitWait: rateLimitWait}); err != nil {
			return nil, err
		}
	}
	if cfg.Deliver == nil {
		if cfg.Deliver, err = httpx.New(httpx.Options{}); err != nil {
			return nil, err
		}
	}
	cfg.Client.Redactor().Add(cfg.Key, cfg.Token, cfg.Secret)
	auth := fmt.Sprintf(`OAuth oauth_consumer_key="%s", oauth_token="%s"`, cfg.Key, cfg.Token)
	return &Backend{cfg: cfg, api: &kit.API{
		Base:   strings.TrimRight(cmp.Or(cfg.BaseURL, DefaultBaseURL), "/"),
		Client: cfg.Client,
		Header: func(_ context.Context, h http.Header) error { h.Set("Authorization", auth); return nil },
		// Trello answers in plain text, and in JSON for a 429.
		Message: kit.Message("message", "error"),
		Error: func(resp *httpx.Response, e *webhook.APIError) error {
			if resp.Status == http.StatusBadRequest && strings.Contains(e.Message, "already exists") {
				e.Kind = webhook.ErrConflict
			}
			return e
		},
	}}, nil
}

// Schema describes Trello's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns the webhooks of the profile's token.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	return b.api.List(ctx, "/tokens/"+url.PathEscape(b.cfg.Token)+"/webhooks", wireHook.List)
}

// Get returns one webhook.
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	return b.api.One(ctx, http.MethodGet, "/webhooks/"+id, nil, wireHook.One)
}

// Create registers a webhook. Trello itself checks that the callback URL
// answers HEAD with 200.
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	c, err := b.resolveModel(ctx, c)
	if err != nil {
		return webhook.Webhook{}, err
	}
	return kit.Create(ctx, b, c, func() (webhook.Webhook, error) {
		return b.api.One(ctx, http.MethodPost, "/webhooks"+params(c), nil, wireHook.One)
	}, func(err error) error { return b.nameDuplicate(ctx, "", c, err) })
}

// nameDuplicate names the webhook that already has the callback and model
// a create (id "") or a change of webhook id asks for, in Trello's
// "already exists" (webhook.NameConflict).
func (b *Backend) nameDuplicate(ctx context.Context, id string, c webhook.Changes, err error) error {
	return webhook.NameConflict(ctx, b, id, c, err, "a webhook with that callback, model and token",
		func(existing, wanted webhook.Webhook) bool { return Schema.Key(existing) == Schema.Key(wanted) })
}

// Update changes the given fields.
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	c, err := b.resolveModel(ctx, c)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, err := b.api.One(ctx, http.MethodPut, "/webhooks/"+id+params(c), nil, wireHook.One)
	return w, b.nameDuplicate(ctx, id, c, err)
}

// Delete removes a webhook; after an uncertain try it follows
// webhook.FinishDelete (gone is done).
func (b *Backend) Delete(ctx context.Context, id string) error {
	resp, err := b.api.Do(ctx, http.MethodDelete, "/webhooks/"+id, nil)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// GetField reads one field with GET /webhooks/{id}/{field}. Trello documents
// that endpoint for its four writable fields only; the read-only ones (id,
// consecutiveFailures) are read from the webhook itself.
func (b *Backend) GetField(ctx context.Context, id string, f *webhook.Field) (json.RawMessage, error) {
	if f.ReadOnly {
		w, err := b.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		v, _ := w.Value(f.Name)
		return json.Marshal(v)
	}
	resp, err := b.api.Do(ctx, http.MethodGet, "/webhooks/"+id+"/"+f.Native, nil)
	if err != nil {
		return nil, err
	}
	var v struct {
		Value json.RawMessage `json:"_value"`
	}
	if err := resp.JSON(&v); err != nil || v.Value == nil {
		return nil, resp.Unexpected()
	}
	return v.Value, nil
}

// SetField writes one field with PUT /webhooks/{id}/{field}?value=….
func (b *Backend) SetField(ctx context.Context, id string, f *webhook.Field, value string) (webhook.Webhook, error) {
	w, err := b.api.One(ctx, http.MethodPut, "/webhooks/"+id+"/"+f.Native+"?value="+url.QueryEscape(value), nil, wireHook.One)
	if c, perr := Schema.ParseField(f, value); err != nil && perr == nil {
		err = b.nameDuplicate(ctx, id, c, err)
	}
	return w, err
}

// CheckAuth lists the token's webhooks, the cheapest authenticated call.
func (b *Backend) CheckAuth(ctx context.Context) error { return webhook.CheckAuthByListing(ctx, b) }

// wireWebhook is Trello's webhook object as the API sends it.
type wireWebhook struct {
	ID                  string `json:"id"`
	Description         string `json:"description"`
	IDModel             string `json:"idModel"`
	CallbackURL         string `json:"callbackURL"`
	Active              bool   `json:"active"`
	ConsecutiveFailures int    `json:"consecutiveFailures"`
}

var wireHook kit.Wire[wireWebhook] = func(w *wireWebhook, raw json.RawMessage) (webhook.Webhook, bool) {
	return webhook.Webhook{ID: w.ID, URL: w.CallbackURL, Description: &w.Description, Model: &w.IDModel,
		Active: &w.Active, Failures: &w.ConsecutiveFailures, Raw: raw}, w.ID != ""
}

// params are the arguments of a create or update, under Trello's own
// names, as a query: Trello's reference gives them as arguments, and its
// examples put them in the query string, which every version reads.
func params(c webhook.Changes) string {
	p := url.Values{}
	for name, v := range map[string]*string{"callbackURL": c.URL, "description": c.Description, "idModel": c.Model} {
		if v != nil {
			p.Set(name, *v)
		}
	}
	if c.Active != nil {
		p.Set("active", strconv.FormatBool(*c.Active))
	}
	if len(p) == 0 {
		return ""
	}
	return "?" + p.Encode()
}
