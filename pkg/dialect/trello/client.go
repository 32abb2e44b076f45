// Package trello speaks the Trello REST API v1 webhook endpoints (SPEC §1).
package trello

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
	cfg  Config
	base string
	auth string
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
	if cfg.Key == "" {
		return nil, webhook.Invalid("", "the trello profile has no key (set key: in the profile or HOOKCTL_KEY)")
	}
	if cfg.Token == "" {
		return nil, webhook.Invalid("", "the trello profile has no token (set token: in the profile or HOOKCTL_TOKEN)")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Client == nil {
		c, err := httpx.New(httpx.Options{Limiter: httpx.NewLimiter(rateLimit, rateWindow), RateLimitWait: rateLimitWait})
		if err != nil {
			return nil, err
		}
		cfg.Client = c
	}
	if cfg.Deliver == nil {
		c, err := httpx.New(httpx.Options{})
		if err != nil {
			return nil, err
		}
		cfg.Deliver = c
	}
	cfg.Client.Redactor().Add(cfg.Key, cfg.Token, cfg.Secret)
	return &Backend{
		cfg:  cfg,
		base: strings.TrimRight(cfg.BaseURL, "/"),
		auth: fmt.Sprintf(`OAuth oauth_consumer_key="%s", oauth_token="%s"`, cfg.Key, cfg.Token),
	}, nil
}

// Schema describes Trello's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns the webhooks of the profile's token.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	resp, err := b.call(ctx, http.MethodGet, "/tokens/"+url.PathEscape(b.cfg.Token)+"/webhooks", nil)
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
	return b.one(ctx, http.MethodGet, "/webhooks/"+id, nil)
}

// Create registers a webhook. Trello itself checks that the callback URL
// answers HEAD with 200.
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	create := func() (webhook.Webhook, error) { return b.one(ctx, http.MethodPost, "/webhooks", c) }
	w, err := create()
	if webhook.CreateRetryable(err) {
		return webhook.RecoverCreate(ctx, b, c, create)
	}
	return w, b.nameDuplicate(ctx, "", c, err)
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
	w, err := b.one(ctx, http.MethodPut, "/webhooks/"+id, c)
	if err != nil {
		return w, b.nameDuplicate(ctx, id, c, err)
	}
	return w, nil
}

// Delete removes a webhook; after an uncertain try it follows
// webhook.FinishDelete (gone is done).
func (b *Backend) Delete(ctx context.Context, id string) error {
	resp, err := b.call(ctx, http.MethodDelete, "/webhooks/"+id, nil)
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
	resp, err := b.call(ctx, http.MethodGet, "/webhooks/"+id+"/"+f.Native, nil)
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
	w, err := b.one(ctx, http.MethodPut, "/webhooks/"+id+"/"+f.Native+"?value="+url.QueryEscape(value), nil)
	if err != nil {
		if c, perr := Schema.ParseField(f, value); perr == nil {
			err = b.nameDuplicate(ctx, id, c, err)
		}
	}
	return w, err
}

// CheckAuth lists the token's webhooks, the cheapest authenticated call.
func (b *Backend) CheckAuth(ctx context.Context) error {
	return webhook.CheckAuthByListing(ctx, b)
}

func (b *Backend) one(ctx context.Context, method, path string, c any) (webhook.Webhook, error) {
	resp, err := b.call(ctx, method, path, c)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, ok := decodeOne(resp.Body)
	if !ok {
		return webhook.Webhook{}, resp.UnexpectedAfter(method)
	}
	return w, nil
}

// call sends one request with the credentials in the Authorization header and
// turns Trello's plain-text errors into typed errors.
func (b *Backend) call(ctx context.Context, method, path string, body any) (*httpx.Response, error) {
	req := &httpx.Request{
		Method:     method,
		URL:        b.base + path,
		Header:     http.Header{"Authorization": {b.auth}, "Accept": {"application/json"}},
		Idempotent: httpx.Idempotent(method),
	}
	if c, ok := body.(webhook.Changes); ok {
		// Trello's reference gives these as arguments, and its examples put
		// them in the query string, which every version of the API reads.
		if q := params(c).Encode(); q != "" {
			req.URL += "?" + q
		}
	}
	resp, err := b.cfg.Client.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.OK() {
		return resp, nil
	}
	return resp, apiError(resp)
}

// apiError reads Trello's error answer: mostly text/plain, JSON for 429.
func apiError(resp *httpx.Response) error {
	msg := strings.TrimSpace(string(resp.Body))
	var j struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(resp.Body, &j) == nil && (j.Message != "" || j.Error != "") {
		msg = strings.TrimSpace(j.Message + " " + paren(j.Error))
	}
	if strings.HasPrefix(strings.ToLower(msg), "<") {
		msg = resp.ErrorText(func([]byte) string { return "" })
	}
	e := webhook.NewAPIError(resp.Status, msg)
	if resp.Status == http.StatusBadRequest && strings.Contains(msg, "already exists") {
		e.Kind = webhook.ErrConflict
	}
	return e
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
