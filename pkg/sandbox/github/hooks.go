package github

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// call is one request being served.
type call struct {
	e     *Emulator
	w     http.ResponseWriter
	r     *http.Request
	body  []byte
	token string
	owner string // "repos/o/r" or "orgs/o", lower case
	org   bool
}

// Documentation URLs of GitHub's error bodies, per endpoint family.
const (
	docRepoHooks = "https://docs.github.com/rest/repos/webhooks"
	docOrgHooks  = "https://docs.github.com/rest/orgs/webhooks"
)

func (q *call) doc() string {
	if q.org {
		return docOrgHooks
	}
	return docRepoHooks
}

func (q *call) notFound() { writeError(q.w, http.StatusNotFound, "Not Found", q.doc()) }

// route dispatches on the path; anything unknown is GitHub's 404.
func (q *call) route() {
	segs := strings.Split(strings.Trim(q.r.URL.Path, "/"), "/")
	var rest []string
	switch {
	case len(segs) >= 4 && segs[0] == "repos" && segs[3] == "hooks":
		q.owner, rest = "repos/"+strings.ToLower(segs[1])+"/"+strings.ToLower(segs[2]), segs[4:]
	case len(segs) >= 3 && segs[0] == "orgs" && segs[2] == "hooks":
		q.owner, q.org, rest = "orgs/"+strings.ToLower(segs[1]), true, segs[3:]
	default:
		writeError(q.w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	for _, s := range strings.Split(q.owner, "/")[1:] {
		if s == "" {
			q.notFound()
			return
		}
	}
	if strings.HasSuffix(q.token, "-readonly") {
		q.notFound() // GitHub hides what a token may not administer
		return
	}
	m := q.r.Method
	if len(rest) == 0 {
		switch m {
		case http.MethodGet:
			q.list()
		case http.MethodPost:
			q.create()
		default:
			q.notFound()
		}
		return
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		q.notFound()
		return
	}
	switch {
	case len(rest) == 1 && m == http.MethodGet:
		q.get(id)
	case len(rest) == 1 && m == http.MethodPatch:
		q.patch(id)
	case len(rest) == 1 && m == http.MethodDelete:
		q.delete(id)
	case len(rest) == 2 && rest[1] == "config" && m == http.MethodGet:
		q.getConfig(id)
	case len(rest) == 2 && rest[1] == "config" && m == http.MethodPatch:
		q.patchConfig(id)
	case len(rest) == 2 && rest[1] == "pings" && m == http.MethodPost:
		q.ping(id)
	case len(rest) == 2 && rest[1] == "tests" && m == http.MethodPost && !q.org:
		q.testPush(id)
	case len(rest) == 2 && rest[1] == "deliveries" && m == http.MethodGet:
		q.deliveries(id)
	case len(rest) == 3 && rest[1] == "deliveries" && m == http.MethodGet:
		q.delivery(id, rest[2])
	case len(rest) == 4 && rest[1] == "deliveries" && rest[3] == "attempts" && m == http.MethodPost:
		q.redeliver(id, rest[2])
	default:
		q.notFound()
	}
}

// root is the API root as the client reached it, for the URLs in answers.
func (q *call) root() string {
	scheme := "http"
	if q.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + q.r.Host + q.e.opts.Prefix
}

// render is a hook as GitHub shows it; the secret is never shown back.
func (q *call) render(h *hook) map[string]any {
	self := fmt.Sprintf("%s/%s/hooks/%d", q.root(), h.Owner, h.ID)
	out := map[string]any{
		"type": "Repository", "id": h.ID, "name": h.Name, "active": h.Active, "events": h.Events,
		"config":     renderConfig(h.Config),
		"updated_at": h.UpdatedAt.UTC().Format(time.RFC3339), "created_at": h.CreatedAt.UTC().Format(time.RFC3339),
		"url": self, "ping_url": self + "/pings", "deliveries_url": self + "/deliveries",
		"last_response": h.LastResponse,
	}
	if h.isOrg() {
		out["type"] = "Organization"
	} else {
		out["test_url"] = self + "/test"
	}
	return out
}

func renderConfig(c hookConfig) map[string]any {
	out := map[string]any{}
	if c.ContentType != "" {
		out["content_type"] = c.ContentType
	}
	if c.InsecureSSL != "" {
		out["insecure_ssl"] = c.InsecureSSL
	}
	if c.URL != "" {
		out["url"] = c.URL
	}
	if c.Secret != "" {
		out["secret"] = "********"
	}
	return out
}

// list answers one page of hooks, with GitHub's Link header.
func (q *call) list() {
	perPage, page, ok := q.paging()
	if !ok {
		return
	}
	var hooks []map[string]any
	total := 0
	err := q.e.view(func(s *state) error {
		var mine []*hook
		for i := range s.Hooks {
			if s.Hooks[i].Owner == q.owner {
				mine = append(mine, &s.Hooks[i])
			}
		}
		total = len(mine)
		for i := (page - 1) * perPage; i < len(mine) && i < page*perPage; i++ {
			hooks = append(hooks, q.render(mine[i]))
		}
		return nil
	})
	if err != nil {
		q.serverError(err)
		return
	}
	if hooks == nil {
		hooks = []map[string]any{}
	}
	if links := sandbox.PageLinks(total, perPage, page, func(p int) string {
		return fmt.Sprintf("%s/%s/hooks?per_page=%d&page=%d", q.root(), q.owner, perPage, p)
	}); links != "" {
		q.w.Header().Set("Link", links)
	}
	writeJSON(q.w, http.StatusOK, hooks)
}

// paging reads per_page (default 30, at most 100) and page (default 1).
func (q *call) paging() (perPage, page int, ok bool) {
	if perPage, ok = q.intParam("per_page", 30); ok {
		page, ok = q.intParam("page", 1)
	}
	return min(max(perPage, 1), 100), max(page, 1), ok
}

// intParam reads a number from the query, answering GitHub's 422 when it
// is not one.
func (q *call) intParam(name string, def int) (int, bool) {
	n, ok := sandbox.IntParam(q.r.URL.Query(), name, def)
	if !ok {
		q.invalidParam(name, q.r.URL.Query().Get(name))
	}
	return n, ok
}

func (q *call) invalidParam(name, value string) {
	writeJSON(q.w, http.StatusUnprocessableEntity, map[string]any{
		"message": fmt.Sprintf("Invalid request.\n\n%q is not a number for %q.", value, name), "documentation_url": q.doc(), "status": "422"})
}

func (q *call) get(id int64) {
	q.withHook(id, false, func(_ *state, h *hook) error {
		writeJSON(q.w, http.StatusOK, q.render(h))
		return nil
	})
}

func (q *call) getConfig(id int64) {
	q.withHook(id, false, func(_ *state, h *hook) error {
		writeJSON(q.w, http.StatusOK, renderConfig(h.Config))
		return nil
	})
}

func (q *call) delete(id int64) {
	q.withHook(id, true, func(s *state, h *hook) error {
		i := s.find(q.owner, id)
		s.Hooks = slices.Delete(s.Hooks, i, i+1)
		q.w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// errHandled aborts a state change whose answer has been written.
var errHandled = errors.New("answered")

// withHook runs fn on the hook, answering 404 if there is none; write
// saves what fn changed. fn writes the answer.
func (q *call) withHook(id int64, write bool, fn func(*state, *hook) error) {
	op := q.e.view
	if write {
		op = q.e.update
	}
	err := op(func(s *state) error {
		i := s.find(q.owner, id)
		if i < 0 {
			q.notFound()
			return errHandled
		}
		return fn(s, &s.Hooks[i])
	})
	if err != nil && !errors.Is(err, errHandled) {
		q.serverError(err)
	}
}

func (q *call) serverError(err error) {
	writeError(q.w, http.StatusInternalServerError, "Server Error: "+err.Error(), docsURL)
}

// hookInput is a create or PATCH body, each member kept raw to check its
// type as GitHub's schema validation does.
type hookInput struct {
	Name         json.RawMessage `json:"name"`
	Config       json.RawMessage `json:"config"`
	Events       json.RawMessage `json:"events"`
	AddEvents    json.RawMessage `json:"add_events"`
	RemoveEvents json.RawMessage `json:"remove_events"`
	Active       json.RawMessage `json:"active"`
}

// decodeBody reads the JSON object body; a body that is not JSON is 400
// "Problems parsing JSON", as GitHub answers.
func (q *call) decodeBody(v any) bool {
	if len(strings.TrimSpace(string(q.body))) == 0 {
		return true
	}
	if err := json.Unmarshal(q.body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			q.invalidType("", "an object")
			return false
		}
		writeError(q.w, http.StatusBadRequest, "Problems parsing JSON", q.doc())
		return false
	}
	return true
}

// invalidType is GitHub's schema-validation 422.
func (q *call) invalidType(prop, want string) {
	where := "For 'properties/" + prop + "'"
	if prop == "" {
		where = "For the request body"
	}
	writeJSON(q.w, http.StatusUnprocessableEntity, map[string]any{
		"message": "Invalid request.\n\n" + where + ", the value is not " + want + ".", "documentation_url": q.doc(), "status": "422"})
}

// strings reads a JSON array of strings; absent is nil, true.
func (q *call) stringList(raw json.RawMessage, prop string) ([]string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var out []string
	if json.Unmarshal(raw, &out) != nil {
		q.invalidType(prop, "an array of strings")
		return nil, false
	}
	return out, true
}

func (q *call) boolean(raw json.RawMessage, prop string) (*bool, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var b bool
	if json.Unmarshal(raw, &b) != nil {
		q.invalidType(prop, "a boolean")
		return nil, false
	}
	return &b, true
}

// configInput reads a config object: url, content_type, secret and
// insecure_ssl (a string, or a number as GitHub also takes).
func (q *call) configInput(raw json.RawMessage) (map[string]string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		q.invalidType("config", "an object")
		return nil, false
	}
	out := map[string]string{}
	for k, v := range m {
		var s string
		switch {
		case json.Unmarshal(v, &s) == nil:
		case k == "insecure_ssl" && len(v) > 0 && (v[0] >= '0' && v[0] <= '9'):
			s = string(v)
		default:
			q.invalidType("config/"+k, "a string")
			return nil, false
		}
		out[k] = s
	}
	return out, true
}

// checkConfig validates a config as GitHub does on create and PATCH.
func (q *call) checkConfig(c hookConfig) bool {
	if c.URL == "" {
		writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Message: "Config must contain URL for webhooks"})
		return false
	}
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Field: "url", Message: "url is not a valid URL"})
		return false
	}
	if c.ContentType != "" && c.ContentType != "json" && c.ContentType != "form" {
		writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Field: "content_type", Message: "content_type must be json or form"})
		return false
	}
	if c.InsecureSSL != "" && c.InsecureSSL != "0" && c.InsecureSSL != "1" {
		writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Field: "insecure_ssl", Message: "insecure_ssl must be 0 or 1"})
		return false
	}
	return true
}

// checkEvents validates event names against the events GitHub knows.
func (q *call) checkEvents(events []string) bool {
	for _, ev := range events {
		if !knownEvents[ev] {
			writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Field: "events", Message: fmt.Sprintf("Invalid event: %q", ev)})
			return false
		}
	}
	return true
}

// maxHooksPerEvent is GitHub's limit of hooks on one event of one
// repository or organization.
const maxHooksPerEvent = 20

// checkUnique refuses a hook whose URL another hook of the owner has with
// an event in common, and an event with too many hooks.
func (q *call) checkUnique(s *state, self int64, c hookConfig, events []string) bool {
	count := map[string]int{}
	for i := range s.Hooks {
		h := &s.Hooks[i]
		if h.Owner != q.owner || h.ID == self {
			continue
		}
		for _, ev := range h.Events {
			count[ev]++
		}
		if h.Config.URL == c.URL && overlaps(h.Events, events) {
			where := "repository"
			if q.org {
				where = "organization"
			}
			writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Message: "Hook already exists on this " + where})
			return false
		}
	}
	for _, ev := range events {
		if count[ev] >= maxHooksPerEvent {
			writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Message: fmt.Sprintf("The %q event cannot have more than %d hooks", ev, maxHooksPerEvent)})
			return false
		}
	}
	return true
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || x == "*" || y == "*" {
				return true
			}
		}
	}
	return false
}

// create adds a hook: 201 with it, and (as GitHub does) a ping to its URL.
func (q *call) create() {
	var in hookInput
	if !q.decodeBody(&in) {
		return
	}
	var name string
	if len(in.Name) > 0 && string(in.Name) != "null" {
		if json.Unmarshal(in.Name, &name) != nil {
			q.invalidType("name", "a string")
			return
		}
	}
	if name == "" && q.org {
		writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "missing_field", Field: "name"})
		return
	}
	if name != "" && name != "web" {
		writeValidation(q.w, q.doc(), validationError{Resource: "Hook", Code: "custom", Field: "name", Message: fmt.Sprintf("Invalid name: %q (use web)", name)})
		return
	}
	cfgIn, ok := q.configInput(in.Config)
	if !ok {
		return
	}
	events, ok := q.stringList(in.Events, "events")
	if !ok {
		return
	}
	active, ok := q.boolean(in.Active, "active")
	if !ok {
		return
	}
	if len(events) == 0 {
		events = []string{"push"}
	}
	// GitHub's default content type is form; hookctl always sends json.
	c := hookConfig{URL: cfgIn["url"], ContentType: "form", InsecureSSL: "0", Secret: cfgIn["secret"]}
	if v, ok := cfgIn["content_type"]; ok {
		c.ContentType = v
	}
	if v, ok := cfgIn["insecure_ssl"]; ok {
		c.InsecureSSL = v
	}
	if !q.checkConfig(c) || !q.checkEvents(events) {
		return
	}
	var created hook
	err := q.e.update(func(s *state) error {
		if !q.checkUnique(s, 0, c, events) {
			return errHandled
		}
		if s.NextHook == 0 {
			s.NextHook = firstHookID
		}
		now := q.e.opts.Now().UTC().Truncate(time.Second)
		unused := "unused"
		created = hook{
			ID: s.NextHook, Owner: q.owner, Name: "web", Active: active == nil || *active,
			Events: uniq(events), Config: c, CreatedAt: now, UpdatedAt: now,
			LastResponse: lastResponse{Status: &unused},
		}
		s.NextHook++
		s.Hooks = append(s.Hooks, created)
		return nil
	})
	if errors.Is(err, errHandled) {
		return
	}
	if err != nil {
		q.serverError(err)
		return
	}
	self := fmt.Sprintf("%s/%s/hooks/%d", q.root(), q.owner, created.ID)
	q.w.Header().Set("Location", self)
	writeJSON(q.w, http.StatusCreated, q.render(&created))
	if sandbox.IsLoopbackURL(c.URL) {
		q.e.send(q.r, q.root(), q.owner, created.ID, "ping", nil, nil)
	}
}

// firstHookID is the first id the emulator gives, of GitHub's size.
const firstHookID = 480000001

func uniq(events []string) []string {
	out := []string{}
	for _, e := range events {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// patch changes a hook. A config replaces the whole config: keys it lacks
// are gone (the secret too) and content_type falls back to form.
func (q *call) patch(id int64) {
	var in hookInput
	if !q.decodeBody(&in) {
		return
	}
	cfgIn, ok := q.configInput(in.Config)
	if !ok {
		return
	}
	events, ok := q.stringList(in.Events, "events")
	if !ok {
		return
	}
	add, ok := q.stringList(in.AddEvents, "add_events")
	if !ok {
		return
	}
	remove, ok := q.stringList(in.RemoveEvents, "remove_events")
	if !ok {
		return
	}
	active, ok := q.boolean(in.Active, "active")
	if !ok {
		return
	}
	if !q.checkEvents(append(append(slices.Clone(events), add...), remove...)) {
		return
	}
	q.withHook(id, true, func(s *state, h *hook) error {
		next := *h
		if cfgIn != nil {
			next.Config = hookConfig{URL: cfgIn["url"], ContentType: "form", InsecureSSL: "0", Secret: cfgIn["secret"]}
			if v, ok := cfgIn["content_type"]; ok {
				next.Config.ContentType = v
			}
			if v, ok := cfgIn["insecure_ssl"]; ok {
				next.Config.InsecureSSL = v
			}
			if !q.checkConfig(next.Config) {
				return errHandled
			}
		}
		if events != nil {
			next.Events = uniq(events)
		}
		next.Events = uniq(append(slices.Clone(next.Events), add...))
		next.Events = slices.DeleteFunc(next.Events, func(e string) bool { return slices.Contains(remove, e) })
		if len(next.Events) == 0 {
			next.Events = []string{"push"}
		}
		if active != nil {
			next.Active = *active
		}
		if !q.checkUnique(s, id, next.Config, next.Events) {
			return errHandled
		}
		next.UpdatedAt = q.e.opts.Now().UTC().Truncate(time.Second)
		*h = next
		writeJSON(q.w, http.StatusOK, q.render(h))
		return nil
	})
}

// patchConfig merges the given config keys and keeps the others.
func (q *call) patchConfig(id int64) {
	var raw json.RawMessage
	if !q.decodeBody(&raw) {
		return
	}
	cfgIn, ok := q.configInput(raw)
	if !ok {
		return
	}
	q.withHook(id, true, func(s *state, h *hook) error {
		next := h.Config
		for k, v := range cfgIn {
			switch k {
			case "url":
				next.URL = v
			case "content_type":
				next.ContentType = v
			case "secret":
				next.Secret = v
			case "insecure_ssl":
				next.InsecureSSL = v
			}
		}
		if !q.checkConfig(next) || !q.checkUnique(s, id, next, h.Events) {
			return errHandled
		}
		h.Config = next
		h.UpdatedAt = q.e.opts.Now().UTC().Truncate(time.Second)
		writeJSON(q.w, http.StatusOK, renderConfig(h.Config))
		return nil
	})
}

// ping sends a ping to the hook's URL: 204, and the delivery in the log.
func (q *call) ping(id int64) {
	if !q.exists(id) {
		return
	}
	q.w.WriteHeader(http.StatusNoContent)
	q.e.send(q.r, q.root(), q.owner, id, "ping", nil, nil)
}

// testPush sends the repository's latest push, if the hook takes pushes
// (GitHub answers 204 and sends nothing otherwise).
func (q *call) testPush(id int64) {
	var takes bool
	found := false
	_ = q.e.view(func(s *state) error {
		if i := s.find(q.owner, id); i >= 0 {
			found = true
			takes = slices.Contains(s.Hooks[i].Events, "push") || slices.Contains(s.Hooks[i].Events, "*")
		}
		return nil
	})
	if !found {
		q.notFound()
		return
	}
	q.w.WriteHeader(http.StatusNoContent)
	if takes {
		q.e.send(q.r, q.root(), q.owner, id, "push", nil, nil)
	}
}

func (q *call) exists(id int64) bool {
	found := false
	err := q.e.view(func(s *state) error {
		found = s.find(q.owner, id) >= 0
		return nil
	})
	if err != nil {
		q.serverError(err)
		return false
	}
	if !found {
		q.notFound()
	}
	return found
}

func readBody(r *http.Request) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, 1<<20))
}
