// Package gitlab emulates GitLab's REST API v4 for project and group
// webhooks as GitLab documents them and its official Go client reads them:
// hooks under /projects/{id}/hooks and /groups/{id}/hooks ({id} a number or
// a URL-encoded path) with page/per_page pages (Link, X-Next-Page, X-Total),
// events as booleans, a write-only token, test deliveries really sent to the
// hook's URL (loopback only), each hook's event log and resend.
//
// It is served by the hookctl sandbox and imports no hookctl client code.
package gitlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hookctl/hookctl/pkg/signature"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Token is the access token the emulator accepts, for any project or group;
// Token+"-"+anything is accepted too, and one ending in "-readonly" has no
// Maintainer role (403 on every hook call).
const Token = "sandbox-token"

// Options configure an Emulator; the zero value keeps state in memory and
// delivers nothing.
type Options struct {
	Prefix string           // where it is mounted, e.g. "/gitlab/api/v4" (for Link headers)
	Store  sandbox.Store    // nil: memory
	Client *http.Client     // delivers tests and resends; must refuse non-loopback addresses
	Now    func() time.Time // nil: time.Now
}

// Emulator is GitLab's webhook API, safe for concurrent use.
type Emulator struct{ opts Options }

// New returns an Emulator.
func New(o Options) *Emulator {
	if o.Store == nil {
		o.Store = &sandbox.MemStore{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Emulator{opts: o}
}

// Events are the hook booleans (without _events) of project and group hooks.
var (
	ProjectEvents = []string{"push", "tag_push", "issues", "confidential_issues", "merge_requests", "note", "confidential_note",
		"job", "pipeline", "wiki_page", "deployment", "releases", "milestone", "feature_flag", "emoji",
		"resource_access_token", "resource_deploy_token", "vulnerability", "repository_update"}
	GroupEvents = []string{"push", "tag_push", "merge_requests", "issues", "confidential_issues", "note", "confidential_note",
		"pipeline", "wiki_page", "job", "deployment", "feature_flag", "releases", "milestone", "subgroup", "emoji",
		"resource_access_token", "member", "vulnerability", "project"}
)

// triggers are the testable events: X-Gitlab-Event, the event log's trigger, object_kind.
var triggers = map[string][3]string{
	"push_events": {"Push Hook", "push_hooks", "push"}, "tag_push_events": {"Tag Push Hook", "tag_push_hooks", "tag_push"},
	"issues_events": {"Issue Hook", "issue_hooks", "issue"}, "confidential_issues_events": {"Confidential Issue Hook", "confidential_issue_hooks", "issue"},
	"note_events": {"Note Hook", "note_hooks", "note"}, "merge_requests_events": {"Merge Request Hook", "merge_request_hooks", "merge_request"},
	"job_events": {"Job Hook", "job_hooks", "build"}, "pipeline_events": {"Pipeline Hook", "pipeline_hooks", "pipeline"},
	"wiki_page_events": {"Wiki Page Hook", "wiki_page_hooks", "wiki_page"}, "releases_events": {"Release Hook", "release_hooks", "release"},
	"emoji_events": {"Emoji Hook", "emoji_hooks", "emoji"}, "resource_access_token_events": {"Resource Access Token Hook", "resource_access_token_hooks", "access_token"},
}

var stringParams = []string{"url", "name", "description", "push_events_branch_filter", "branch_filter_strategy", "custom_webhook_template", "token", "signing_token"}

// Retention is how long GitLab keeps a hook's event log.
const Retention = 7 * 24 * time.Hour

type state struct {
	Next  int64   `json:"next"`
	Hooks []*hook `json:"hooks"`
}

// hook is a stored hook: Owner is "projects/PATH-OR-ID" or "groups/…" in lower case.
type hook struct {
	ID      int64          `json:"id"`
	Owner   string         `json:"owner"`
	UUID    string         `json:"uuid"`
	Attrs   map[string]any `json:"attrs"`
	Created time.Time      `json:"created_at"`
	Log     []*logEntry    `json:"log,omitempty"`
}

// logEntry is one entry of a hook's event log, as GET …/events shows it.
type logEntry struct {
	ID                int64             `json:"id"`
	URL               string            `json:"url"`
	Trigger           string            `json:"trigger"`
	RequestHeaders    map[string]string `json:"request_headers"`
	RequestData       json.RawMessage   `json:"request_data"`
	ResponseHeaders   map[string]string `json:"response_headers"`
	ResponseBody      string            `json:"response_body"`
	ExecutionDuration float64           `json:"execution_duration"`
	ResponseStatus    string            `json:"response_status"`
	CreatedAt         time.Time         `json:"created_at"`
}

type call struct {
	e     *Emulator
	w     http.ResponseWriter
	r     *http.Request
	owner string
	group bool
	p     []string
}

// serve answers one request whose path is relative to the prefix; body is
// the request body, already read.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, body []byte) {
	tok := r.Header.Get("Private-Token")
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && tok == "" {
		tok = b
	}
	if tok != Token && !strings.HasPrefix(tok, Token+"-") {
		reply(w, 401, map[string]any{"message": "401 Unauthorized"})
		return
	}
	p := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	if len(p) < 3 || (p[0] != "projects" && p[0] != "groups") || p[2] != "hooks" {
		reply(w, 404, map[string]any{"error": "404 Not Found"})
		return
	}
	id, err := url.PathUnescape(p[1])
	if err != nil || id == "" || strings.Contains(id, "..") {
		reply(w, 404, map[string]any{"message": "404 " + kind(p[0]) + " Not Found"})
		return
	}
	if strings.HasSuffix(tok, "-readonly") {
		reply(w, 403, map[string]any{"message": "403 Forbidden"})
		return
	}
	c := &call{e: e, w: w, r: r, owner: p[0] + "/" + strings.ToLower(id), group: p[0] == "groups", p: p[3:]}
	c.route(body)
}

func kind(seg string) string { return map[string]string{"projects": "Project", "groups": "Group"}[seg] }

func (c *call) route(body []byte) {
	m, n := c.r.Method, len(c.p)
	switch {
	case n == 0 && m == http.MethodGet:
		c.list()
	case n == 0 && m == http.MethodPost:
		c.save(0, body)
	case n == 1 && m == http.MethodGet:
		c.withHook(func(h *hook) { reply(c.w, 200, c.render(h)) })
	case n == 1 && m == http.MethodPut:
		c.save(c.hookID(), body)
	case n == 1 && m == http.MethodDelete:
		c.change(func(s *state, i int) { s.Hooks = slices.Delete(s.Hooks, i, i+1); c.w.WriteHeader(204) })
	case n == 3 && c.p[1] == "test" && m == http.MethodPost:
		c.test(c.p[2])
	case n == 2 && c.p[1] == "events" && m == http.MethodGet:
		c.withHook(func(h *hook) { c.events(h) })
	case n == 4 && c.p[1] == "events" && c.p[3] == "resend" && m == http.MethodPost:
		c.resend(c.p[2])
	default:
		reply(c.w, 404, map[string]any{"error": "404 Not Found"})
	}
}

func (c *call) hookID() int64 { n, _ := strconv.ParseInt(c.p[0], 10, 64); return n }

func (e *Emulator) update(fn func(*state) error) error {
	return e.opts.Store.Update(func(raw json.RawMessage) (json.RawMessage, error) {
		s := &state{}
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, s); err != nil {
				return nil, err
			}
		}
		if err := fn(s); err != nil {
			return nil, err
		}
		return json.Marshal(s)
	})
}

var errDone = errors.New("answered")

// change runs fn on the hook of the path under the store's lock (saved),
// or answers 404.
func (c *call) change(fn func(*state, int)) {
	_ = c.e.update(func(s *state) error {
		for i, h := range s.Hooks {
			if h.Owner == c.owner && h.ID == c.hookID() {
				fn(s, i)
				return nil
			}
		}
		reply(c.w, 404, map[string]any{"message": "404 Hook Not Found"})
		return errDone
	})
}

func (c *call) withHook(fn func(*hook)) { c.change(func(s *state, i int) { fn(s.Hooks[i]) }) }

func (c *call) render(h *hook) map[string]any {
	out := map[string]any{"id": h.ID, "created_at": h.Created.UTC().Format(time.RFC3339Nano), "alert_status": "executable",
		"disabled_until": nil, "url_variables": []any{}, "custom_headers": []any{}}
	for k, v := range h.Attrs {
		out[k] = v
	}
	delete(out, "token")
	delete(out, "signing_token")
	out["token_present"] = h.Attrs["token"] != nil && h.Attrs["token"] != ""
	out["signing_token_present"] = h.Attrs["signing_token"] != nil && h.Attrs["signing_token"] != ""
	owner := strings.SplitN(h.Owner, "/", 2)
	num, err := strconv.ParseInt(owner[1], 10, 64)
	if err != nil {
		num = int64(len(owner[1])*7919%100000 + 1)
	}
	out[strings.TrimSuffix(owner[0], "s")+"_id"] = num
	return out
}

// save creates (id 0) or updates a hook from JSON or form parameters.
func (c *call) save(id int64, body []byte) {
	params := map[string]any{}
	if json.Unmarshal(body, &params) != nil {
		q, _ := url.ParseQuery(string(body))
		for k, v := range q {
			params[k] = v[0]
		}
	}
	for k, v := range c.r.URL.Query() {
		params[k] = v[0]
	}
	events := ProjectEvents
	if c.group {
		events = GroupEvents
	}
	set := map[string]any{}
	for k, v := range params {
		name, isEvent := strings.CutSuffix(k, "_events")
		switch {
		case isEvent && slices.Contains(events, name) || k == "enable_ssl_verification":
			b, ok := v.(bool)
			if s, isStr := v.(string); isStr {
				b, ok = s == "true", s == "true" || s == "false"
			}
			if !ok {
				reply(c.w, 400, map[string]any{"error": k + " is invalid"})
				return
			}
			set[k] = b
		case slices.Contains(stringParams, k):
			s, ok := v.(string)
			if !ok {
				reply(c.w, 400, map[string]any{"error": k + " is invalid"})
				return
			}
			set[k] = s
		}
	}
	if u, ok := set["url"].(string); ok || id == 0 {
		if pu, err := url.Parse(u); u == "" && id == 0 {
			reply(c.w, 400, map[string]any{"error": "url is missing"})
			return
		} else if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			reply(c.w, 422, map[string]any{"message": map[string]any{"url": []string{"is blocked: Only allowed schemes are http, https"}}})
			return
		}
	}
	if id != 0 {
		c.withHook(func(h *hook) {
			if _, ok := set["url"]; ok && set["url"] != h.Attrs["url"] && set["token"] == nil {
				delete(h.Attrs, "token") // GitLab drops the token when the URL changes
			}
			for k, v := range set {
				h.Attrs[k] = v
			}
			reply(c.w, 200, c.render(h))
		})
		return
	}
	attrs := map[string]any{"name": "", "description": "", "push_events_branch_filter": "", "branch_filter_strategy": "wildcard",
		"custom_webhook_template": "", "enable_ssl_verification": true}
	for _, ev := range events {
		attrs[ev+"_events"] = ev == "push"
	}
	for k, v := range set {
		attrs[k] = v
	}
	_ = c.e.update(func(s *state) error {
		s.Next++
		h := &hook{ID: s.Next, Owner: c.owner, UUID: uuid.NewString(), Attrs: attrs, Created: c.e.opts.Now()}
		s.Hooks = append(s.Hooks, h)
		reply(c.w, 201, c.render(h))
		return nil
	})
}

func (c *call) list() {
	var items []any
	_ = c.e.update(func(s *state) error {
		for _, h := range s.Hooks {
			if h.Owner == c.owner {
				items = append(items, c.render(h))
			}
		}
		return nil
	})
	c.page(items)
}

// page answers one page of items with GitLab's pagination headers.
func (c *call) page(items []any) {
	q := c.r.URL.Query()
	n, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	n, per = max(n, 1), min(max(per, 1), 100)
	if q.Get("per_page") == "" {
		per = 20
	}
	pages := max((len(items)+per-1)/per, 1)
	from, to := min((n-1)*per, len(items)), min(n*per, len(items))
	h := c.w.Header()
	h.Set("X-Page", strconv.Itoa(n))
	h.Set("X-Per-Page", strconv.Itoa(per))
	h.Set("X-Total", strconv.Itoa(len(items)))
	h.Set("X-Total-Pages", strconv.Itoa(pages))
	link := func(p int, rel string) string {
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		return fmt.Sprintf(`<%s://%s%s%s?%s>; rel="%s"`, scheme(c.r), c.r.Host, c.e.opts.Prefix, c.r.URL.EscapedPath(), q.Encode(), rel)
	}
	links := []string{}
	if n > 1 {
		h.Set("X-Prev-Page", strconv.Itoa(n-1))
		links = append(links, link(n-1, "prev"))
	}
	if n < pages {
		h.Set("X-Next-Page", strconv.Itoa(n+1))
		links = append(links, link(n+1, "next"))
	}
	h.Set("Link", strings.Join(append(links, link(1, "first"), link(pages, "last")), ", "))
	reply(c.w, 200, append([]any{}, items[from:to]...))
}

func scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// events lists a hook's event log, newest first, filtered by status.
func (c *call) events(h *hook) {
	st := c.r.URL.Query().Get("status")
	items := []any{}
	for i := len(h.Log) - 1; i >= 0; i-- {
		if h.Log[i].CreatedAt.Before(c.e.opts.Now().Add(-Retention)) {
			continue
		}
		code, _ := strconv.Atoi(h.Log[i].ResponseStatus)
		ok := map[string]bool{"successful": code >= 200 && code < 300, "client_failure": code >= 400 && code < 500,
			"server_failure": code >= 500 || code == 0, "": true}[st]
		if ok || st == h.Log[i].ResponseStatus {
			items = append(items, h.Log[i])
		}
	}
	c.page(items)
}

// test sends a sample of trigger to the hook and answers 201, or 422 when
// the receiver did not answer 2xx.
func (c *call) test(trigger string) {
	t, ok := triggers[trigger]
	if !ok {
		reply(c.w, 400, map[string]any{"error": "trigger does not have a valid value"})
		return
	}
	var h hook
	c.withHook(func(s *hook) { h = *s })
	if h.ID == 0 {
		return
	}
	project := map[string]any{"id": 1, "name": "hooks", "path_with_namespace": strings.SplitN(h.Owner, "/", 2)[1]}
	data, _ := json.Marshal(map[string]any{"object_kind": t[2], "event_type": t[2], "project": project,
		"user": map[string]any{"id": 1, "name": "Sandbox User", "username": "sandbox"}})
	hdr := map[string]string{"X-Gitlab-Event": t[0], "Idempotency-Key": uuid.NewString()}
	c.deliver(&h, t[1], hdr, data)
}

func (c *call) resend(logID string) {
	var h hook
	var entry *logEntry
	c.withHook(func(s *hook) { h = *s })
	for _, l := range h.Log {
		if strconv.FormatInt(l.ID, 10) == logID {
			entry = l
		}
	}
	if h.ID != 0 && entry == nil {
		reply(c.w, 404, map[string]any{"message": "404 Not found"})
	} else if entry != nil {
		var data bytes.Buffer
		_ = json.Compact(&data, entry.RequestData)
		c.deliver(&h, entry.Trigger, map[string]string{"X-Gitlab-Event": entry.RequestHeaders["X-Gitlab-Event"],
			"Idempotency-Key": entry.RequestHeaders["Idempotency-Key"]}, data.Bytes())
	}
}

// deliver POSTs data to the hook's URL as GitLab does, logs it, and answers.
func (c *call) deliver(h *hook, trigger string, hdr map[string]string, data []byte) {
	hdr["Content-Type"], hdr["User-Agent"] = "application/json", "GitLab/18.0.0"
	hdr["X-Gitlab-Instance"] = scheme(c.r) + "://" + c.r.Host
	hdr["X-Gitlab-Webhook-UUID"], hdr["X-Gitlab-Event-UUID"] = h.UUID, uuid.NewString()
	target, _ := h.Attrs["url"].(string)
	req, err := http.NewRequestWithContext(context.WithoutCancel(c.r.Context()), http.MethodPost, target, bytes.NewReader(data))
	start := c.e.opts.Now()
	entry := &logEntry{URL: target, Trigger: trigger, RequestHeaders: map[string]string{}, RequestData: data,
		ResponseHeaders: map[string]string{}, ResponseStatus: "internal error", CreatedAt: start.UTC()}
	for k, v := range hdr {
		req.Header.Set(k, v)
		entry.RequestHeaders[k] = v
	}
	if tok, _ := h.Attrs["token"].(string); tok != "" {
		req.Header.Set("X-Gitlab-Token", tok)
		entry.RequestHeaders["X-Gitlab-Token"] = "[REDACTED]"
	}
	if tok, _ := h.Attrs["signing_token"].(string); tok != "" && err == nil {
		// GitLab's signing token: Standard Webhooks headers.
		_ = signature.StandardSignHeader(req.Header, tok, hdr["X-Gitlab-Event-UUID"], start, data)
	}
	var resp *http.Response
	entry.ResponseBody = "not delivered: the sandbox sends only to loopback addresses (localhost, 127.0.0.0/8, ::1)"
	if u, _ := url.Parse(target); err == nil && c.e.opts.Client != nil && u != nil && webhook.IsLoopbackHost(u.Hostname()) {
		if resp, err = c.e.opts.Client.Do(req); err != nil {
			entry.ResponseBody = "Failed to open TCP connection to " + u.Host
		}
	}
	code := 0
	if err == nil && resp != nil {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		code, entry.ResponseBody, entry.ResponseStatus = resp.StatusCode, string(bytes.ToValidUTF8(body, []byte("\uFFFD"))), strconv.Itoa(resp.StatusCode)
		for k := range resp.Header {
			entry.ResponseHeaders[k] = resp.Header.Get(k)
		}
	}
	entry.ExecutionDuration = c.e.opts.Now().Sub(start).Seconds()
	_ = c.e.update(func(s *state) error {
		for _, x := range s.Hooks {
			if x.ID == h.ID {
				s.Next++
				entry.ID = s.Next
				x.Log = append(x.Log, entry)
				x.Log = x.Log[max(len(x.Log)-100, 0):]
			}
		}
		return nil
	})
	switch {
	case c.p[1] == "events":
		reply(c.w, 201, map[string]any{"response_status": code})
	case code >= 200 && code < 300:
		reply(c.w, 201, map[string]any{"message": "201 Created"})
	default:
		reply(c.w, 422, map[string]any{"message": fmt.Sprintf("[%s] %s", entry.ResponseStatus, entry.ResponseBody)})
	}
}

func reply(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
