// Package gitlab speaks GitLab's REST API v4 for project and group webhooks:
// list with page/per_page pages (Link, else X-Next-Page), get, create, PUT
// to update, delete, test triggers, and each hook's event log with resend.
// Self-managed GitLab works through BaseURL (https://HOST/api/v4).
package gitlab

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// DefaultBaseURL is GitLab.com's API root.
const DefaultBaseURL = "https://gitlab.com/api/v4"

// Config is what the dialect needs from a profile.
type Config struct {
	BaseURL string // DefaultBaseURL, or https://HOST/api/v4
	Token   string // sent as PRIVATE-TOKEN
	// Repo (a project's path with namespace, or its id) or Group: whose hooks; exactly one.
	Repo, Group string
	// Secret is the profile's secret token: sent again when a hook's URL
	// changes (GitLab drops the token otherwise), and on test --url.
	Secret string
	// Client talks to the API; Deliver sends test deliveries to a bare URL.
	Client, Deliver *httpx.Client
}

// Backend is one project's or group's hooks.
type Backend struct {
	cfg   Config
	base  string // API root
	hooks string // base + "/projects/ID/hooks" or "/groups/ID/hooks"
	group bool
}

var (
	_ webhook.Backend        = (*Backend)(nil)
	_ webhook.FieldGetter    = (*Backend)(nil)
	_ webhook.FieldSetter    = (*Backend)(nil)
	_ webhook.Tester         = (*Backend)(nil)
	_ webhook.Authenticator  = (*Backend)(nil)
	_ webhook.DeliveryLogger = (*Backend)(nil)
)

// New returns a Backend. A token and exactly one of Repo or Group are required.
func New(cfg Config) (*Backend, error) {
	if cfg.Token == "" {
		return nil, webhook.Invalid("", "the gitlab profile has no token (set token: in the profile, or GITLAB_TOKEN or GITLAB_ACCESS_TOKEN)")
	}
	path, err := OwnerPath(cfg.Repo, cfg.Group)
	if err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Client, cfg.Deliver, err = kit.Clients(cfg.Client, cfg.Deliver); err != nil {
		return nil, err
	}
	cfg.Client.Redactor().Add(cfg.Token, cfg.Secret)
	base := strings.TrimRight(cfg.BaseURL, "/")
	return &Backend{cfg: cfg, base: base, hooks: base + path + "/hooks", group: cfg.Group != ""}, nil
}

var pathSegment = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// OwnerPath checks repo or group (exactly one; a path with namespace or a
// numeric id) and returns the path their hooks live under, the path
// URL-encoded as one segment ("/projects/group%2Fproject").
func OwnerPath(repo, group string) (string, error) {
	repo, group = strings.TrimSpace(repo), strings.TrimSpace(group)
	key, kind, v := KeyRepo, "/projects/", repo
	switch {
	case repo != "" && group != "":
		return "", webhook.Invalid("", "a gitlab profile names repo or group, not both (repo %q, group %q)", repo, group)
	case repo == "" && group == "":
		return "", webhook.Invalid("", "the gitlab profile names no project or group: set repo: GROUP/PROJECT or group: NAME (or pass -R/--repo or --group)")
	case group != "":
		key, kind, v = KeyGroup, "/groups/", group
	}
	for _, seg := range strings.Split(v, "/") {
		if !pathSegment.MatchString(seg) || strings.Contains(seg, "..") {
			return "", webhook.Invalid(key, "%q is not a GitLab path or id (no spaces, encoded characters or '..')", v)
		}
	}
	return kind + url.PathEscape(v), nil
}

// Schema describes GitLab's fields.
func (b *Backend) Schema() *webhook.Schema { return Schema }

// List returns every hook, 100 a page, following Link rel="next" (else
// X-Next-Page) on the API's own origin, within the kit's bounds.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	out := []webhook.Webhook{}
	var pager kit.Pager
	for next := b.hooks + "?per_page=100"; next != ""; {
		if err := pager.Next(next); err != nil {
			return nil, err
		}
		resp, err := b.call(ctx, http.MethodGet, next, nil)
		if err != nil {
			return nil, err
		}
		if err := pager.Read(len(resp.Body)); err != nil {
			return nil, err
		}
		var items []json.RawMessage
		if json.Unmarshal(resp.Body, &items) != nil || items == nil {
			return nil, resp.Unexpected()
		}
		for _, raw := range items {
			w, ok := decodeHook(raw)
			if !ok {
				return nil, resp.Unexpected()
			}
			out = append(out, w)
		}
		if next, err = b.nextPage(resp, next); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (b *Backend) nextPage(resp *httpx.Response, current string) (string, error) {
	if link := kit.LinkNext(resp.Header.Get("Link")); link != "" {
		return kit.SameOrigin(b.base, link)
	}
	if n := resp.Header.Get("X-Next-Page"); isID(n) {
		u, _ := url.Parse(current)
		q := u.Query()
		q.Set("page", n)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	return "", nil
}

// Get returns one hook.
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	return b.one(ctx, http.MethodGet, b.hookURL(id), nil)
}

// Create adds a hook, its token the given secret (hookctl's create and
// apply give the profile's unless --no-secret).
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	body, err := b.body(c, true)
	if err != nil {
		return webhook.Webhook{}, err
	}
	create := func() (webhook.Webhook, error) { return b.one(ctx, http.MethodPost, b.hooks, body) }
	w, err := create()
	if webhook.CreateRetryable(err) {
		return webhook.RecoverCreate(ctx, b, c, create)
	}
	return w, err
}

// Update changes the given fields with PUT. GitLab drops the token when the
// URL changes without one, so a new URL is sent with the profile's secret.
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	dropped := c.URL != nil && c.Secret == nil && b.cfg.Secret == ""
	if c.URL != nil && c.Secret == nil {
		c.Secret = &b.cfg.Secret
	}
	body, err := b.body(c, false)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, err := b.one(ctx, http.MethodPut, b.hookURL(id), body)
	if err == nil && dropped {
		b.cfg.Client.Notice("hook %s has no secret token now: GitLab drops it when the URL changes, and the profile has no secret to send again", id)
	}
	return w, err
}

// body is a create or update's parameters: --event sets exactly the named
// booleans (every other one false).
func (b *Backend) body(c webhook.Changes, create bool) (map[string]any, error) {
	m := map[string]any{}
	if c.URL != nil {
		m["url"] = *c.URL
	}
	if c.Description != nil {
		m["description"] = *c.Description
	}
	if c.Secret != nil && (*c.Secret != "" || !create) {
		m["token"] = *c.Secret
	}
	for k, v := range c.Settings {
		m[k] = v
		if k == settingSSL {
			m[k], _ = strconv.ParseBool(v)
		}
	}
	if c.Events != nil {
		for _, e := range Events {
			if b.group || Schema.EventsNeed[e] == "" {
				m[e+"_events"] = false
			}
		}
		for _, e := range c.Events {
			if !b.group && Schema.EventsNeed[e] != "" {
				return nil, webhook.Invalid("--event", "%s is an event of group hooks only", e)
			}
			m[e+"_events"] = true
		}
	}
	return m, nil
}

// Delete removes a hook; after an uncertain try, gone is done.
func (b *Backend) Delete(ctx context.Context, id string) error {
	resp, err := b.call(ctx, http.MethodDelete, b.hookURL(id), nil)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// GetField reads a model field or a setting from the hook.
func (b *Backend) GetField(ctx context.Context, id string, f *webhook.Field) (json.RawMessage, error) {
	w, err := b.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.Setting {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(w.Raw, &m)
		if v, ok := m[f.Native]; ok {
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

// SetField sets one field or setting through Update.
func (b *Backend) SetField(ctx context.Context, id string, f *webhook.Field, value string) (webhook.Webhook, error) {
	c, err := Schema.ParseField(f, value)
	if err != nil {
		return webhook.Webhook{}, err
	}
	return b.Update(ctx, id, c)
}

// CheckAuth lists one hook, the cheapest call that needs the hooks right.
func (b *Backend) CheckAuth(ctx context.Context) error {
	_, err := b.call(ctx, http.MethodGet, b.hooks+"?per_page=1", nil)
	return err
}

func (b *Backend) hookURL(id string) string { return b.hooks + "/" + url.PathEscape(id) }

func (b *Backend) one(ctx context.Context, method, u string, body any) (webhook.Webhook, error) {
	resp, err := b.call(ctx, method, u, body)
	if err != nil {
		return webhook.Webhook{}, err
	}
	w, ok := decodeHook(resp.Body)
	if !ok {
		return webhook.Webhook{}, resp.UnexpectedAfter(method)
	}
	return w, nil
}

// wireHook is what the model reads of GitLab's hook object.
type wireHook struct {
	ID          int64   `json:"id"`
	URL         string  `json:"url"`
	Description *string `json:"description"`
}

// decodeHook reads a hook object; its events are the *_events booleans set.
func decodeHook(raw []byte) (webhook.Webhook, bool) {
	var h wireHook
	var all map[string]any
	if json.Unmarshal(raw, &h) != nil || json.Unmarshal(raw, &all) != nil || h.ID <= 0 {
		return webhook.Webhook{}, false
	}
	w := webhook.Webhook{ID: strconv.FormatInt(h.ID, 10), URL: h.URL, Description: h.Description, Events: []string{},
		Raw: append(json.RawMessage(nil), raw...)}
	for _, e := range Events {
		if all[e+"_events"] == true {
			w.Events = append(w.Events, e)
		}
	}
	return w, true
}

// call sends one request with PRIVATE-TOKEN and maps error answers.
func (b *Backend) call(ctx context.Context, method, u string, body any) (*httpx.Response, error) {
	req := &httpx.Request{Method: method, URL: u, Header: http.Header{"Private-Token": {b.cfg.Token}, "Accept": {"application/json"}},
		Idempotent: method != http.MethodPost, RateLimited: rateLimited}
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req.Body = data
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := b.cfg.Client.Do(ctx, req)
	if err != nil || resp.OK() {
		return resp, err
	}
	return resp, b.apiError(resp)
}

// rateLimited reads GitLab's 429: Retry-After, else RateLimit-Reset (epoch seconds).
func rateLimited(resp *httpx.Response) (time.Duration, bool) {
	if resp.Status != http.StatusTooManyRequests {
		return 0, false
	}
	if d, ok := httpx.ParseRetryAfter(resp.Header.Get("Retry-After")); ok {
		return d, true
	}
	if n, err := strconv.ParseInt(resp.Header.Get("RateLimit-Reset"), 10, 64); err == nil {
		return max(time.Until(time.Unix(n, 0)), time.Second), true
	}
	return time.Minute, true
}

// apiError turns GitLab's {"message": …} or {"error": …} into a typed error.
func (b *Backend) apiError(resp *httpx.Response) error {
	msg := resp.ErrorText(func(body []byte) string {
		var j struct {
			Message any    `json:"message"`
			Error   string `json:"error"`
		}
		if json.Unmarshal(body, &j) != nil {
			return ""
		}
		if m, ok := j.Message.(map[string]any); ok {
			var parts []string
			for k, v := range m {
				parts = append(parts, fmt.Sprintf("%s %v", k, v))
			}
			slices.Sort(parts)
			return strings.Join(parts, "; ")
		}
		if s, ok := j.Message.(string); ok && s != "" {
			return s
		}
		return j.Error
	})
	e := webhook.NewAPIError(resp.Status, b.cfg.Client.Redactor().String(msg))
	owner := "the project's hooks: a Maintainer"
	if b.group {
		owner = "the group's hooks: an Owner"
	}
	switch resp.Status {
	case http.StatusUnauthorized:
		e.Advice = "GitLab rejected the token: set token: in the profile, or GITLAB_TOKEN (else GITLAB_ACCESS_TOKEN), to a token with the api scope"
	case http.StatusForbidden:
		e.Advice = "the token's user may not manage " + owner + " role is needed, and a token with the api scope"
	case http.StatusNotFound:
		e.Advice = "GitLab answers 404 for a project, group or hook that does not exist or that the token cannot see: check the path (-R GROUP/PROJECT, --group NAME) and the id"
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		e.Kind = webhook.ErrValidation
		if strings.Contains(msg, "already been taken") {
			e.Kind = webhook.ErrConflict
		}
	}
	return e
}
