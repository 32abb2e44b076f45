// Package github speaks GitHub's REST API for repository and organization
// webhooks: list with Link pagination, create, PATCH of the hook or of its
// config, delete, pings and test pushes, and the deliveries log. GitHub
// Enterprise Server works through BaseURL (https://HOST/api/v3). The
// request skeleton, the reading of its rate-limit headers and the paging
// of its deliveries log are the kit's (pkg/dialect/kit); the config PATCH,
// the owner paths, the validation messages and how GitHub announces its
// limits (call.go) are GitHub's own.
package github

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// DefaultBaseURL is GitHub's API root.
const DefaultBaseURL = "https://api.github.com"

// APIVersion is the REST API version hookctl speaks.
const APIVersion = "2022-11-28"

// TokenEnv are the variables the token is read from when the profile has
// none, in gh's order.
var TokenEnv = []string{"GH_TOKEN", "GITHUB_TOKEN"}

// Content-creating requests GitHub allows per minute before its secondary
// limit; the client keeps under it.
const (
	CreateLimit  = 80
	CreateWindow = time.Minute
)

// Config is what the dialect needs from a profile.
type Config struct {
	// BaseURL is the API root: DefaultBaseURL, or https://HOST/api/v3.
	BaseURL string
	// Token is a personal access token or an app installation token.
	Token string
	// Repo ("OWNER/NAME") or Org ("NAME"): whose hooks; exactly one.
	Repo string
	Org  string
	// Secret is the webhooks' signing secret, for deliveries hookctl sends
	// itself (test --url).
	Secret string
	// Client talks to the API.
	Client *httpx.Client
	// Deliver sends deliveries to a bare URL (test --url): a client without
	// the profile's credentials.
	Deliver *httpx.Client
	// CreateLimit and CreateWindow bound content-creating requests (POST,
	// PATCH, PUT, DELETE); zero means GitHub's 80 a minute.
	CreateLimit  int
	CreateWindow time.Duration
	// MaxWait caps the time spent waiting out rate limits in one run
	// (default 2 minutes).
	MaxWait time.Duration
}

// Backend is one repository's or organization's hooks, seen through a token.
type Backend struct {
	cfg    Config
	api    *kit.API
	owner  string // "/repos/OWNER/NAME" or "/orgs/NAME"
	limits *kit.RateLimit
}

var (
	_ webhook.Backend        = (*Backend)(nil)
	_ webhook.FieldGetter    = (*Backend)(nil)
	_ webhook.FieldSetter    = (*Backend)(nil)
	_ webhook.Tester         = (*Backend)(nil)
	_ webhook.Authenticator  = (*Backend)(nil)
	_ webhook.DeliveryLogger = (*Backend)(nil)
)

// New returns a Backend. A token and exactly one of Repo or Org are required.
func New(cfg Config) (*Backend, error) {
	if cfg.Token == "" {
		return nil, webhook.Invalid("", "the github profile has no token (set token: in the profile, or GH_TOKEN or GITHUB_TOKEN)")
	}
	owner, err := OwnerPath(cfg.Repo, cfg.Org)
	if err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Client, cfg.Deliver, err = kit.Clients(cfg.Client, cfg.Deliver); err != nil {
		return nil, err
	}
	if cfg.CreateLimit <= 0 || cfg.CreateWindow <= 0 {
		cfg.CreateLimit, cfg.CreateWindow = CreateLimit, CreateWindow
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 2 * time.Minute
	}
	cfg.Client.Redactor().Add(cfg.Token, cfg.Secret)
	b := &Backend{cfg: cfg, owner: owner, limits: rateLimit(cfg)}
	b.api = &kit.API{
		Base:   strings.TrimRight(cfg.BaseURL, "/"),
		Client: cfg.Client,
		Header: func(_ context.Context, h http.Header) error {
			h.Set("Authorization", "Bearer "+cfg.Token)
			h.Set("Accept", "application/vnd.github+json")
			h.Set("X-Github-Api-Version", APIVersion)
			return nil
		},
		Message: message,
		Error:   b.limits.Error(func(resp *httpx.Response, e *webhook.APIError) error { return apiError(resp, e) }),
		Prepare: b.limits.Prepare(cfg.Client),
	}
	return b, nil
}

// OwnerPath checks repo ("OWNER/NAME") and org ("NAME"), exactly one of them
// given, and returns the path their hooks live under.
func OwnerPath(repo, org string) (string, error) {
	repo, org = strings.TrimSpace(repo), strings.TrimSpace(org)
	switch {
	case repo != "" && org != "":
		return "", webhook.Invalid("", "a github profile names repo or org, not both (repo %q, org %q)", repo, org)
	case repo != "":
		owner, name, ok := strings.Cut(repo, "/")
		// A clone URL's NAME.git names NAME; ".git" alone names nothing.
		name = strings.TrimSuffix(name, ".git")
		if !ok || !validName(owner) || !validName(name) {
			return "", webhook.Invalid("repo", "%q is not OWNER/NAME", repo)
		}
		return "/repos/" + owner + "/" + name, nil
	case org != "":
		if !validName(org) {
			return "", webhook.Invalid("org", "%q is not an organization name", org)
		}
		return "/orgs/" + org, nil
	}
	return "", webhook.Invalid("", "the github profile names no hooks' owner: set repo: OWNER/NAME or org: NAME (or pass -R/--repo or --org)")
}

// validName accepts GitHub's owner, repository and organization names:
// letters, digits, '-', '_' and '.', never "." or "..".
func validName(s string) bool {
	return s != "." && s != ".." && nameRe().MatchString(s)
}

var nameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`) })

// IsOrg reports whether the backend manages an organization's hooks.
func (b *Backend) IsOrg() bool { return strings.HasPrefix(b.owner, "/orgs/") }

// Schema describes GitHub's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns every hook, following Link: rel="next" (within the kit's
// bounds: 64 MiB in all, never the same page twice).
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	return b.api.List(ctx, b.owner+"/hooks?per_page=100", wireHook.List)
}

// Get returns one hook.
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	return b.api.One(ctx, http.MethodGet, b.hookURL(id), nil, wireHook.One)
}

// Create adds a hook (name web, json payloads, events push unless given).
// A duplicate is a conflict naming the existing hook's id.
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	return kit.Create(ctx, b, c, func() (webhook.Webhook, error) {
		return b.api.One(ctx, http.MethodPost, b.owner+"/hooks", newCreateBody(c), wireHook.One)
	}, func(err error) error { return b.nameDuplicate(ctx, "", c, err) })
}

// nameDuplicate names the hook that already has the URL a create (id "")
// or a change of hook id asks for, with an event in common (GitHub allows
// one URL on several hooks with disjoint events), in GitHub's "Hook already
// exists" (webhook.NameConflict).
func (b *Backend) nameDuplicate(ctx context.Context, id string, c webhook.Changes, err error) error {
	return webhook.NameConflict(ctx, b, id, c, err, "a hook with this URL and events",
		func(existing, wanted webhook.Webhook) bool {
			events := wanted.Events
			if len(events) == 0 {
				events = DefaultEvents
			}
			return existing.URL == wanted.URL && overlap(existing.Events, events)
		})
}

func overlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || x == AllEvents || y == AllEvents {
				return true
			}
		}
	}
	return false
}

// Update changes the given fields: events and active by PATCH of the hook,
// url, secret and settings by PATCH of its config (which keeps the secret).
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	w, err := b.update(ctx, id, c)
	return w, b.nameDuplicate(ctx, id, c, err)
}

func (b *Backend) update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	var w webhook.Webhook
	var err error
	if cfg := configPatch(c); len(cfg) > 0 {
		if _, err = b.api.Do(ctx, http.MethodPatch, b.hookURL(id)+"/config", cfg); err != nil {
			return w, err
		}
	}
	if c.Events != nil || c.Active != nil {
		return b.api.One(ctx, http.MethodPatch, b.hookURL(id), hookPatch{Events: c.Events, Active: c.Active}, wireHook.One)
	}
	return b.Get(ctx, id) // the config's answer is the config, not the hook
}

// Delete removes a hook; after an uncertain try it follows
// webhook.FinishDelete (gone is done).
func (b *Backend) Delete(ctx context.Context, id string) error {
	resp, err := b.api.Do(ctx, http.MethodDelete, b.hookURL(id), nil)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// GetField reads a field from the hook: a model field, or a setting of its
// config (content_type, insecure_ssl).
func (b *Backend) GetField(ctx context.Context, id string, f *webhook.Field) (json.RawMessage, error) {
	w, err := b.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.Setting {
		if v, ok := settingValue(w.Raw, f.Native); ok {
			return v, nil
		}
		return json.Marshal(f.Default)
	}
	v, ok := w.Value(f.Name)
	if !ok {
		return json.RawMessage("null"), nil
	}
	return json.Marshal(v)
}

// SetField sets one field: through Update, so url and settings go to the
// config and events/active to the hook.
func (b *Backend) SetField(ctx context.Context, id string, f *webhook.Field, value string) (webhook.Webhook, error) {
	c, err := Schema.ParseField(f, value)
	if err != nil {
		return webhook.Webhook{}, err
	}
	return b.Update(ctx, id, c)
}

// CheckAuth lists the hooks, the cheapest call that needs the hook right.
func (b *Backend) CheckAuth(ctx context.Context) error {
	_, err := b.api.Do(ctx, http.MethodGet, b.owner+"/hooks?per_page=1", nil)
	return err
}

func (b *Backend) hookURL(id string) string { return b.owner + "/hooks/" + url.PathEscape(id) }
