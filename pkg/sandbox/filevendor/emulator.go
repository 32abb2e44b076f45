// Package filevendor is the sandbox's generic emulator: the API a vendor
// file describes, served from the same file. It keeps webhooks (creates,
// reads, pages, changes and deletes them as the file's operations say),
// checks the credentials of the sandbox profile, answers errors in the
// vendor's shape, refuses what the vendor refuses (a missing or bad URL,
// unknown events, a description over its limit, more webhooks than the
// account may have, unknown parameters where the vendor is strict), gives
// out the one-time secret once, and sends signed test deliveries to
// loopback URLs.
package filevendor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/vendorfile"
)

// Emulator serves one vendor file's API.
type Emulator struct {
	f      *vendorfile.File
	prefix string
	values map[string]string
	// routes are made on first use: a run that serves nothing compiles no
	// pattern.
	routes func() []route
	// cached is the state view decoded last, cachedSum its bytes' hash.
	mu        sync.Mutex
	seed      maphash.Seed
	cached    *state
	cachedSum uint64
}

var (
	_ sandbox.Emulator    = (*Emulator)(nil)
	_ sandbox.RootClaimer = (*Emulator)(nil)
)

// route is one operation's method and path as a pattern.
type route struct {
	name string
	op   *vendorfile.Operation
	re   *regexp.Regexp
	vars []string
}

// New returns the emulator of the vendor file f.
func New(f *vendorfile.File) *Emulator {
	e := &Emulator{f: f, values: map[string]string{}, seed: maphash.MakeSeed()}
	for _, k := range f.Keys {
		if k.Required {
			e.values[k.Name] = "sandbox-" + k.Name
		}
	}
	for k, v := range f.Sandbox.Values {
		e.values[k] = v
	}
	basePath := ""
	if u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(f.BaseURL)); err == nil {
		basePath = strings.TrimRight(u.Path, "/")
	}
	if !f.Sandbox.Root {
		e.prefix = "/" + f.Name
	}
	e.prefix += basePath
	e.routes = sync.OnceValue(func() []route { return routes(f) })
	return e
}

// routes are the file's operations as patterns, the specific first.
func routes(f *vendorfile.File) []route {
	var out []route
	for _, r := range []struct {
		name string
		op   *vendorfile.Operation
	}{{"test", f.Test}, {"get", f.Get}, {"update", f.Update}, {"delete", f.Delete}, {"list", f.List}, {"create", f.Create},
		{"log-get", logOp(f, false)}, {"log-list", logOp(f, true)}} {
		if r.op == nil {
			continue
		}
		pat, vars := pattern(r.op.Path)
		out = append(out, route{name: r.name, op: r.op, re: regexp.MustCompile("^" + pat + "$"), vars: vars})
	}
	return out
}

// logOp is the file's delivery log's list or get call, nil when it has
// none.
func logOp(f *vendorfile.File, list bool) *vendorfile.Operation {
	switch {
	case f.Log == nil:
		return nil
	case list:
		return f.Log.List
	}
	return f.Log.Get
}

// pattern turns a path template into a regexp: each {placeholder} one
// path segment.
func pattern(path string) (string, []string) {
	var b strings.Builder
	var vars []string
	for {
		i := strings.IndexByte(path, '{')
		j := strings.IndexByte(path, '}')
		if i < 0 || j < i {
			b.WriteString(regexp.QuoteMeta(path))
			return b.String(), vars
		}
		b.WriteString(regexp.QuoteMeta(path[:i]))
		b.WriteString(`([^/]+)`)
		vars = append(vars, path[i+1:j])
		path = path[j+1:]
	}
}

// Values are the profile values the emulator accepts (without base-url).
func (e *Emulator) Values() map[string]string { return e.values }

// Name is the vendor file's name.
func (e *Emulator) Name() string { return e.f.Name }

// Prefix is /NAME followed by the base URL's path, or the base URL's path
// alone for a vendor served at the root.
func (e *Emulator) Prefix() string { return e.prefix }

// Claims reports whether a root-served vendor answers path.
func (e *Emulator) Claims(path string) bool {
	if e.prefix != "" && !strings.HasPrefix(path, e.prefix+"/") {
		return false
	}
	rest := strings.TrimPrefix(path, e.prefix)
	for _, r := range e.routes() {
		if r.re.MatchString(rest) {
			return true
		}
	}
	return false
}

// About is the line GET / shows.
func (e *Emulator) About() string {
	at := "/"
	if e.prefix == "" && e.f.List != nil { // at the root: where its paths start
		if seg, _, ok := strings.Cut(strings.TrimPrefix(e.f.List.Path, "/"), "/"); ok {
			at = "/" + seg + "/"
		}
	}
	return at + "  " + e.f.Title + " (from the vendor file " + e.f.Source + ")"
}

// Credential is what the vendor rate-limits on.
func (e *Emulator) Credential(r *http.Request) string {
	if q := e.f.Auth.Query; q != "" {
		return r.URL.Query().Get(q)
	}
	if h := e.f.Auth.Header; h != "" {
		return r.Header.Get(h)
	}
	return r.Header.Get("Authorization")
}

// RateLimited answers 429 in the vendor's shape.
func (e *Emulator) RateLimited(w http.ResponseWriter, _ *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", fmt.Sprint(int((wait+time.Second-1)/time.Second)))
	e.fail(w, http.StatusTooManyRequests, "rate-limited", "Too many requests. Please retry later.", "")
}

// Unavailable answers an injected 503.
func (e *Emulator) Unavailable(w http.ResponseWriter) {
	e.fail(w, http.StatusServiceUnavailable, "unavailable", "Service unavailable. Please retry later.", "")
}

// TooLarge answers a body over the sandbox's limit.
func (e *Emulator) TooLarge(w http.ResponseWriter) {
	e.fail(w, http.StatusRequestEntityTooLarge, "invalid", "The request body is too large.", "")
}

// RedactPath keeps paths: a file's credentials are never in them.
func (e *Emulator) RedactPath(rest string) string { return rest }

// state is the emulator's part of the sandbox state.
type state struct {
	Hooks []map[string]any `json:"hooks"`
	// Secrets are the hooks' signing secrets, shown once on create.
	Secrets map[string]string `json:"secrets,omitempty"`
	// Keys maps an idempotency key to the hook it made.
	Keys map[string]string `json:"keys,omitempty"`
}

// Serve answers one request.
func (e *Emulator) Serve(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request) {
	var rt *route
	var vars map[string]string
	pathMatched := false
	routes := e.routes()
	for i := range routes {
		r := &routes[i]
		m := r.re.FindStringSubmatch(q.Rest)
		if m == nil {
			continue
		}
		pathMatched = true
		if r.op.Method != q.Method {
			continue
		}
		rt, vars = r, map[string]string{}
		for j, v := range r.vars {
			vars[v], _ = url.PathUnescape(m[j+1])
		}
		break
	}
	if rt == nil {
		if pathMatched {
			e.fail(w, http.StatusMethodNotAllowed, "invalid", "Method not allowed: "+q.Method, "")
			return
		}
		e.fail(w, http.StatusNotFound, "not-found", "Unrecognized request URL ("+q.Method+": "+q.Rest+").", "")
		return
	}
	if !e.authorized(q.Request) {
		e.fail(w, http.StatusUnauthorized, "unauthorized", "Invalid credentials: check the "+e.credentialName()+".", "")
		return
	}
	switch rt.name {
	case "list":
		e.list(h, w, q, rt.op)
	case "log-list":
		// The sandbox makes no account activity: the vendor's log of it
		// (Stripe's events) is there, and empty.
		e.page(w, q, rt.op, nil, e.f.Log.Fields.ID)
	case "log-get":
		e.fail(w, http.StatusNotFound, "not-found", fmt.Sprintf("No such event: '%s'", vars["id"]), "id")
	case "get":
		e.get(h, w, rt.op, vars["id"])
	case "create":
		e.create(h, w, q, rt.op)
	case "update":
		e.update(h, w, q, rt.op, vars["id"])
	case "delete":
		e.delete(h, w, rt.op, vars["id"])
	case "test":
		e.test(h, w, q, rt.op, vars)
	}
}

// credentialName names the credential for a 401's message.
func (e *Emulator) credentialName() string {
	for _, k := range e.f.Keys {
		if k.Secret {
			return k.Name
		}
	}
	return "credentials"
}

// authorized checks the request's credentials against the sandbox
// profile's.
func (e *Emulator) authorized(r *http.Request) bool {
	val := func(t string) string { s, _ := vendorfile.Expand(t, vendorfile.From(e.values)); return s }
	a := e.f.Auth
	switch {
	case a.Bearer != "":
		return r.Header.Get("Authorization") == "Bearer "+val(a.Bearer)
	case len(a.Basic) == 2:
		u, p, ok := r.BasicAuth()
		return ok && u == val(a.Basic[0]) && p == val(a.Basic[1])
	case a.Header != "":
		return r.Header.Get(a.Header) == val(a.Value)
	case a.Query != "":
		return r.URL.Query().Get(a.Query) == val(a.Value)
	}
	return false
}

// fail answers an error in the vendor's shape.
func (e *Emulator) fail(w http.ResponseWriter, status int, kind, msg, param string) {
	code := e.f.Errors.Codes[kind]
	if code == "" {
		code = kind
	}
	var body any
	if e.f.Errors.Body != nil {
		body = fill(e.f.Errors.Body, map[string]any{"message": msg, "code": code, "status": status, "param": param})
	} else {
		m := map[string]any{}
		if len(e.f.Errors.Message) > 0 {
			setPath(m, e.f.Errors.Message[0], msg)
		}
		if e.f.Errors.Code != "" {
			setPath(m, e.f.Errors.Code, code)
		}
		body = m
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if v == nil {
		w.WriteHeader(status)
		return
	}
	b, _ := json.Marshal(v)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// setPath sets a dotted path, as vendorfile.Set, where a numeric segment
// makes a one-element list ("errors.0.detail").
func setPath(m map[string]any, path string, v any) {
	segs := strings.Split(path, ".")
	if len(segs) >= 2 && segs[1] == "0" {
		inner := map[string]any{}
		if len(segs) > 2 {
			setPath(inner, strings.Join(segs[2:], "."), v)
			m[segs[0]] = []any{inner}
			return
		}
		m[segs[0]] = []any{v}
		return
	}
	vendorfile.Set(m, path, v)
}

// view runs fn on the saved state, which fn must not change. The state
// last decoded is kept, by the hash of its bytes: a page of a long list
// does not decode every webhook again.
func (e *Emulator) view(h *sandbox.Host, fn func(*state) error) error {
	return h.View(func(raw json.RawMessage) error {
		sum := maphash.Bytes(e.seed, raw)
		e.mu.Lock()
		s := e.cached
		if e.cachedSum != sum || s == nil {
			var err error
			if s, err = decodeState(raw); err != nil {
				e.mu.Unlock()
				return h.Corrupt(err)
			}
			e.cached, e.cachedSum = s, sum
		}
		e.mu.Unlock()
		return fn(s)
	})
}

// modify runs fn on the saved state and saves it; fn's error aborts.
func (e *Emulator) modify(h *sandbox.Host, fn func(*state) error) error {
	return h.Update(func(raw json.RawMessage) (json.RawMessage, error) {
		s, err := decodeState(raw)
		if err != nil {
			return nil, h.Corrupt(err)
		}
		if err := fn(s); err != nil {
			return nil, err
		}
		return json.Marshal(s)
	})
}

func decodeState(raw json.RawMessage) (*state, error) {
	s := &state{}
	if len(bytes.TrimSpace(raw)) > 0 && string(raw) != "null" {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(s); err != nil {
			return nil, err
		}
	}
	if s.Secrets == nil {
		s.Secrets = map[string]string{}
	}
	if s.Keys == nil {
		s.Keys = map[string]string{}
	}
	return s, nil
}

// find returns the index of the hook id, -1 when there is none.
func (e *Emulator) find(s *state, id string) int {
	return slices.IndexFunc(s.Hooks, func(m map[string]any) bool {
		v, _ := vendorfile.String(m, e.f.Fields.ID)
		return v == id
	})
}

// answer writes one hook as op answers it.
func (e *Emulator) answer(w http.ResponseWriter, op *vendorfile.Operation, hook map[string]any) {
	status := op.Status
	if status == 0 {
		status = http.StatusOK
	}
	var body any = hook
	if op.Item != "" {
		m := map[string]any{}
		vendorfile.Set(m, op.Item, hook)
		body = m
	}
	writeJSON(w, status, body)
}

// apiErr is an answer in the vendor's error shape; it aborts a change.
// says is what is wrong with param in Rails' words ("is invalid"), for a
// vendor whose errors are messages by field (errors.fields).
type apiErr struct {
	status      int
	kind, param string
	msg, says   string
}

// refuse answers a; a refused field in the shape errors.fields says,
// where the file has one.
func (e *Emulator) refuse(w http.ResponseWriter, a *apiErr) {
	if p := e.f.Errors.Fields; p != "" && a.says != "" && a.param != "" {
		body := map[string]any{}
		vendorfile.Set(body, p, map[string]any{a.param: []any{a.says}})
		writeJSON(w, a.status, body)
		return
	}
	e.fail(w, a.status, a.kind, a.msg, a.param)
}

func (a *apiErr) Error() string { return a.msg }

func (e *Emulator) notFound(id string) *apiErr {
	return &apiErr{status: http.StatusNotFound, kind: "not-found", msg: fmt.Sprintf("No such webhook: '%s'", id), param: "id"}
}

// reply answers err: an apiErr in the vendor's shape, anything else a 500.
func (e *Emulator) reply(h *sandbox.Host, w http.ResponseWriter, err error) {
	if a, ok := err.(*apiErr); ok {
		e.refuse(w, a)
		return
	}
	h.Logf("sandbox error: %v", err)
	e.fail(w, http.StatusInternalServerError, "unavailable", sandbox.InternalMessage(err, "Internal server error."), "")
}

func (e *Emulator) get(h *sandbox.Host, w http.ResponseWriter, op *vendorfile.Operation, id string) {
	var hook map[string]any
	err := e.view(h, func(s *state) error {
		i := e.find(s, id)
		if i < 0 {
			return e.notFound(id)
		}
		hook = s.Hooks[i]
		return nil
	})
	if err != nil {
		e.reply(h, w, err)
		return
	}
	e.answer(w, op, hook)
}

func (e *Emulator) delete(h *sandbox.Host, w http.ResponseWriter, op *vendorfile.Operation, id string) {
	err := e.modify(h, func(s *state) error {
		i := e.find(s, id)
		if i < 0 {
			return e.notFound(id)
		}
		s.Hooks = slices.Delete(s.Hooks, i, i+1)
		delete(s.Secrets, id)
		return nil
	})
	if err != nil {
		e.reply(h, w, err)
		return
	}
	status := op.Status
	if status == 0 {
		status = http.StatusOK
		if op.Answer == nil {
			status = http.StatusNoContent
		}
	}
	var body any
	if op.Answer != nil {
		body = fill(op.Answer, map[string]any{"id": id})
	}
	writeJSON(w, status, body)
}
