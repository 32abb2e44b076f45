package filevendor

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hookctl/hookctl/pkg/dialect/kit"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Backend manages webhooks on an API described by a vendor file.
type Backend struct {
	f       *vendorfile.File
	schema  *webhook.Schema
	values  spec.Values
	base    string
	api     *httpx.Client
	kit     *kit.API
	deliver *httpx.Client
}

var (
	_ webhook.Backend       = (*Backend)(nil)
	_ webhook.Tester        = (*Backend)(nil)
	_ webhook.FieldSetter   = (*Backend)(nil)
	_ webhook.Authenticator = (*Backend)(nil)
	_ webhook.FieldGetter   = (*Backend)(nil)
)

// Open returns a Backend for the vendor file f and a profile's values.
func Open(f *vendorfile.File, schema *webhook.Schema, v spec.Values, c spec.Clients) (*Backend, error) {
	for _, k := range f.Keys {
		if k.Required && v.Get(k.Name) == "" && (k.Unless == "" || v.Get(k.Unless) == "") {
			env := "HOOKCTL_" + strings.ToUpper(strings.ReplaceAll(k.Name, "-", "_"))
			if len(k.Env) > 0 {
				env += " or " + k.Env[0]
			}
			return nil, webhook.Invalid("", "the %s profile has no %s (set %s: in the profile, or %s)", f.Name, k.Name, k.Name, env)
		}
		if err := rejected(k, v.Get(k.Name)); err != nil {
			return nil, err
		}
	}
	base := v.Get(spec.KeyBaseURL)
	for _, k := range f.HostKeys() {
		if s := v.Get(k); s != "" && !dnsLabel(s) && base == "" {
			return nil, webhook.Invalid(k, "%q is not a host name label (letters, digits and -): it goes in %s", s, f.BaseURL)
		}
	}
	if base == "" {
		var err error
		if base, err = baseURL(f, v); err != nil {
			return nil, webhook.Invalid("", "%s: base-url: %v", f.Name, err)
		}
	}
	base = strings.TrimRight(base, "/")
	var err error
	for _, cl := range []**httpx.Client{&c.API, &c.Deliver} {
		if *cl == nil {
			if *cl, err = httpx.New(httpx.Options{}); err != nil {
				return nil, err
			}
		}
	}
	b := &Backend{f: f, schema: schema, values: v, base: base, api: c.API, deliver: c.Deliver}
	b.kit = &kit.API{Base: base, Client: c.API, Header: b.header, Message: b.message,
		Error: func(resp *httpx.Response, e *webhook.APIError) error {
			if hint, ok := f.Errors.Hints[resp.Status]; ok {
				e.Advice = hint
			}
			return e
		}}
	for _, k := range f.Keys {
		if k.Secret {
			c.API.Redactor().Add(v.Get(k.Name))
		}
	}
	return b, nil
}

// dnsLabel reports whether s is one DNS label.
func dnsLabel(s string) bool {
	if len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// baseURL is the file's base URL made from a profile's values, its host
// in lower case (host names are case-insensitive: Acme is acme).
func baseURL(f *vendorfile.File, v spec.Values) (string, error) {
	for _, k := range f.HostKeys() {
		if s := v.Get(k); s != "" && !dnsLabel(s) {
			return "", fmt.Errorf("%s %q is not a host name label", k, s)
		}
	}
	s, err := vendorfile.Expand(f.BaseURL, keyValue(v, true))
	if err != nil {
		return "", err
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	u.Host = strings.ToLower(u.Host)
	return u.String(), nil
}

// rejected refuses a key value the vendor's file says can never work (a
// Stripe publishable key where a secret key belongs).
func rejected(k vendorfile.Key, value string) error {
	for prefix, why := range k.Reject {
		if value != "" && strings.HasPrefix(value, prefix) {
			return webhook.Invalid(k.Name, "starts with %q: %s", prefix, why)
		}
	}
	return nil
}

// keyValue looks a placeholder up in the profile's values; escape
// path-escapes it (a value in a URL's host or path).
func keyValue(v spec.Values, escape bool) func(string) (string, bool) {
	return func(name string) (string, bool) {
		s, ok := v[name]
		if !ok || s == "" {
			return "", false
		}
		if escape {
			s = url.PathEscape(s)
		}
		return s, true
	}
}

// Schema describes the file's fields.
func (b *Backend) Schema() *webhook.Schema { return b.schema }

// url builds an operation's URL with the placeholders filled: profile
// keys, and extra ({id}, {event}), each path-escaped.
func (b *Backend) url(op *vendorfile.Operation, extra map[string]string, query url.Values) (string, error) {
	lookup := func(name string) (string, bool) {
		if v, ok := extra[name]; ok {
			return url.PathEscape(v), true
		}
		return keyValue(b.values, true)(name)
	}
	path, err := vendorfile.Expand(op.Path, lookup)
	if err != nil {
		return "", webhook.Invalid("", "%s: %v", b.f.Name, err)
	}
	q := url.Values{}
	for k, v := range op.Query {
		s, err := vendorfile.Expand(v, lookup)
		if err != nil {
			return "", webhook.Invalid("", "%s: %v", b.f.Name, err)
		}
		q.Set(k, s)
	}
	for k, vs := range query {
		q[k] = vs
	}
	if a := b.f.Auth; a.Query != "" {
		s, _ := vendorfile.Expand(a.Value, keyValue(b.values, false))
		q.Set(a.Query, s)
	}
	u := b.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u, nil
}

// call sends one request of the file's API (the kit's request skeleton)
// and returns a 2xx answer, or the vendor's error as a webhook.APIError.
func (b *Backend) call(ctx context.Context, method, u string, body []byte, idempotent bool) (*httpx.Response, error) {
	return b.kit.Send(ctx, method, u, body, idempotent)
}

// header sets the file's headers and credentials on one request.
func (b *Backend) header(_ context.Context, h http.Header) error {
	val := func(t string) string { s, _ := vendorfile.Expand(t, keyValue(b.values, false)); return s }
	for k, v := range b.f.Headers {
		h.Set(k, val(v))
	}
	switch a := b.f.Auth; {
	case a.Bearer != "":
		h.Set("Authorization", "Bearer "+val(a.Bearer))
	case len(a.Basic) == 2:
		basic := base64.StdEncoding.EncodeToString([]byte(val(a.Basic[0]) + ":" + val(a.Basic[1])))
		h.Set("Authorization", "Basic "+basic)
		b.api.Redactor().Add(basic)
	case a.Header != "":
		h.Set(a.Header, val(a.Value))
		b.api.Redactor().Add(val(a.Value))
	}
	if h.Get("Content-Type") != "" && b.f.Encoding == "form" {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return nil
}

// message reads the vendor's error answer: its message at the first of
// the file's paths that exists, and its messages by field.
func (b *Backend) message(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	var parts []string
	for _, p := range b.f.Errors.Message {
		if s, ok := vendorfile.String(v, p); ok && strings.TrimSpace(s) != "" {
			parts = append(parts, s)
			break
		}
	}
	if p := b.f.Errors.Fields; p != "" {
		byField, _ := vendorfile.Lookup(v, p)
		parts = append(parts, fieldMessages(byField)...)
	}
	return strings.Join(parts, "; ")
}

// fieldMessages reads messages by field name ({"url":["is invalid"]}) as
// "url is invalid", fields in order; "base" names no field.
func fieldMessages(v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	var out []string
	for _, name := range names {
		list, ok := m[name].([]any)
		if !ok {
			list = []any{m[name]}
		}
		for _, x := range list {
			s, ok := x.(string)
			switch {
			case !ok || s == "":
			case name == "base":
				out = append(out, s)
			default:
				out = append(out, name+" "+s)
			}
		}
	}
	return out
}

// item decodes the webhook at op.Item in an answer.
func (b *Backend) item(op *vendorfile.Operation, resp *httpx.Response, method string) (webhook.Webhook, error) {
	raw, err := at(resp.Body, op.Item)
	if err != nil {
		return webhook.Webhook{}, resp.UnexpectedAfter(method)
	}
	w, ok := b.model(raw)
	if !ok {
		return webhook.Webhook{}, b.missing(op, resp, method)
	}
	return w, nil
}

// missing reports an answer that lacks the webhook's id or URL where the
// file says they are.
func (b *Backend) missing(op *vendorfile.Operation, resp *httpx.Response, method string) error {
	f := b.f
	return fmt.Errorf("%w (%s has no %s at %q; check fields in %s line %d)", resp.UnexpectedAfter(method),
		f.Name, "id or url", f.Fields.ID+"/"+f.Fields.URL, f.Source, f.Line("fields"))
}

// at returns the raw JSON at a dotted path of body, one level at a time.
func at(body []byte, path string) (json.RawMessage, error) {
	raw := json.RawMessage(body)
	if path == "" {
		return raw, nil
	}
	for _, seg := range strings.Split(path, ".") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		next, ok := m[seg]
		if !ok {
			return nil, fmt.Errorf("no %q", seg)
		}
		raw = next
	}
	return raw, nil
}

// model reads one webhook in the vendor's JSON as the common model; false
// when it has no id or URL where the file says.
func (b *Backend) model(raw json.RawMessage) (webhook.Webhook, bool) {
	var v map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&v) != nil || v == nil {
		return webhook.Webhook{}, false
	}
	f := b.f.Fields
	w := webhook.Webhook{Raw: raw}
	var ok bool
	if w.ID, ok = vendorfile.String(v, f.ID); !ok || w.ID == "" {
		return w, false
	}
	if w.URL, ok = vendorfile.String(v, f.URL); !ok {
		return w, false
	}
	if f.Description != "" {
		if s, ok := vendorfile.String(v, f.Description); ok {
			w.Description = &s
		}
	}
	if f.Events != "" {
		if list, ok := vendorfile.Lookup(v, f.Events); ok {
			if items, ok := list.([]any); ok {
				w.Events = []string{}
				for _, e := range items {
					if s, ok := e.(string); ok {
						w.Events = append(w.Events, s)
					}
				}
			}
		}
	}
	if a := f.Active; a.Path != "" {
		if x, ok := vendorfile.Lookup(v, a.Path); ok {
			switch t := x.(type) {
			case bool:
				w.Active = &t
			case string:
				if t == a.WhenTrue || t == a.WhenFalse {
					on := t == a.WhenTrue
					w.Active = &on
				}
			}
		}
	}
	if f.Secret != "" {
		w.Secret, _ = vendorfile.String(v, f.Secret)
	}
	return w, true
}

// List returns every webhook, page by page as the file says.
func (b *Backend) List(ctx context.Context) ([]webhook.Webhook, error) {
	op := b.f.List
	pg := op.Page
	out := []webhook.Webhook{}
	var pager kit.Pager
	q := url.Values{}
	if pg != nil && pg.Size > 0 {
		q.Set(pg.SizeParam, strconv.Itoa(pg.Size))
	}
	next, err := b.url(op, nil, q)
	if err != nil {
		return nil, err
	}
	for next != "" {
		if err := pager.Next(next); err != nil {
			return nil, err
		}
		resp, err := b.call(ctx, op.Method, next, nil, true)
		if err != nil {
			return nil, err
		}
		if err := pager.Read(len(resp.Body)); err != nil {
			return nil, err
		}
		raw, err := at(resp.Body, op.Items)
		var items []json.RawMessage
		if err != nil || json.Unmarshal(raw, &items) != nil || items == nil {
			return nil, resp.Unexpected()
		}
		for _, it := range items {
			w, ok := b.model(it)
			if !ok {
				return nil, b.missing(op, resp, op.Method)
			}
			out = append(out, w)
		}
		lastID := ""
		if len(items) > 0 {
			lastID = out[len(out)-1].ID
		}
		if next, err = b.nextPage(op, resp, next, len(items), lastID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nextPage is the URL of the page after cur, "" after the last: by the
// Link header, or cur with its offset (moved by the n items read), the
// last item's id (lastID) or the answer's cursor. A list of webhooks and
// a delivery log page the same way.
func (b *Backend) nextPage(op *vendorfile.Operation, resp *httpx.Response, cur string, n int, lastID string) (string, error) {
	pg := op.Page
	if pg == nil || n == 0 {
		return "", nil
	}
	if pg.Link {
		next := kit.LinkNext(resp.Header.Get("Link"))
		if next == "" {
			return "", nil
		}
		return kit.SameOrigin(b.base, next)
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(resp.Body))
	d.UseNumber()
	_ = d.Decode(&v)
	if more, _ := vendorfile.String(v, pg.More); pg.More != "" && more != "true" {
		return "", nil
	}
	next, err := url.Parse(cur)
	if err != nil {
		return "", err
	}
	q := next.Query()
	switch {
	case pg.OffsetParam != "":
		done, _ := strconv.Atoi(q.Get(pg.OffsetParam))
		q.Set(pg.OffsetParam, strconv.Itoa(done+n))
	case pg.LastID:
		q.Set(pg.Param, lastID)
	default:
		cursor, _ := vendorfile.String(v, pg.Cursor)
		if cursor == "" {
			return "", nil
		}
		q.Set(pg.Param, cursor)
	}
	next.RawQuery = q.Encode()
	return next.String(), nil
}

// Get returns one webhook (found by listing when the vendor has no get).
func (b *Backend) Get(ctx context.Context, id string) (webhook.Webhook, error) {
	op := b.f.Get
	if op == nil {
		return webhook.GetByListing(ctx, b.List, id)
	}
	u, err := b.url(op, map[string]string{"id": id}, nil)
	if err != nil {
		return webhook.Webhook{}, err
	}
	resp, err := b.call(ctx, op.Method, u, nil, true)
	if err != nil {
		return webhook.Webhook{}, err
	}
	return b.item(op, resp, op.Method)
}

// writes reports whether op may write the common field name.
func writes(op *vendorfile.Operation, name string) bool {
	return len(op.Writes) == 0 || slices.Contains(op.Writes, name)
}

// fields sets the changed common fields on obj (the unwrapped body).
func (b *Backend) fields(obj map[string]any, c webhook.Changes) {
	f := b.f.Fields
	if c.URL != nil {
		vendorfile.Set(obj, f.URL, *c.URL)
	}
	if c.Description != nil {
		vendorfile.Set(obj, f.Description, *c.Description)
	}
	if c.Events != nil {
		events := make([]any, len(c.Events))
		for i, e := range c.Events {
			events[i] = e
		}
		vendorfile.Set(obj, f.Events, events)
	}
	if c.Active != nil {
		a := f.Active
		if a.Write != nil {
			a = *a.Write
		}
		vendorfile.Set(obj, a.Path, activeValue(a, *c.Active))
	}
	for path, value := range c.Settings {
		vendorfile.Set(obj, path, value) // "" on a form unsets the key (Stripe's metadata)
	}
}

// activeValue is how the vendor writes active: a boolean, or one of two
// strings ("true"/"false" written as such are booleans).
func activeValue(a vendorfile.Active, on bool) any {
	if a.WhenTrue == "" {
		return on
	}
	s := a.WhenFalse
	if on {
		s = a.WhenTrue
	}
	if b, err := strconv.ParseBool(s); err == nil {
		return b
	}
	return s
}

// refuse reports the changes op cannot write.
func (b *Backend) refuse(op *vendorfile.Operation, verb string, c webhook.Changes) error {
	given := map[string]bool{webhook.FieldURL: c.URL != nil, webhook.FieldDescription: c.Description != nil,
		webhook.FieldEvents: c.Events != nil, webhook.FieldActive: c.Active != nil}
	for _, name := range []string{webhook.FieldURL, webhook.FieldDescription, webhook.FieldEvents, webhook.FieldActive} {
		if given[name] && !b.f.Maps(name) {
			return webhook.Invalid("--"+webhook.FlagName(name), "%s webhooks have no %s", b.f.Name, name)
		}
		if given[name] && !writes(op, name) {
			return webhook.Invalid("--"+webhook.FlagName(name), "%s cannot %s a webhook's %s (it can %s %s); delete the webhook and create it again",
				b.f.Title, verb, name, verb, webhook.And(op.Writes))
		}
	}
	return nil
}

// body encodes obj as the file's operation sends it: wrapped, with the
// defaults, in JSON or as a form.
func (b *Backend) body(op *vendorfile.Operation, obj map[string]any, top map[string]any) ([]byte, error) {
	for path, v := range op.Defaults {
		if _, ok := vendorfile.Lookup(obj, path); !ok {
			vendorfile.Set(obj, path, v)
		}
	}
	whole := obj
	if op.Wrap != "" {
		whole = map[string]any{op.Wrap: obj}
	}
	for k, v := range top {
		whole[k] = v
	}
	if b.f.Encoding == "form" {
		return []byte(FormEncode(whole)), nil
	}
	return json.Marshal(whole)
}

// idempotentRounds is how many times a create with an idempotency key is
// sent, each try retried by the client, before a lost answer is reported.
const idempotentRounds = 4

// Create makes a webhook. A create whose answer is lost is resent with the
// same idempotency key where the vendor takes one, else only when a listing
// shows it was not made.
func (b *Backend) Create(ctx context.Context, c webhook.Changes) (webhook.Webhook, error) {
	op := b.f.Create
	later := webhook.Changes{}
	if c.Active != nil && !writes(op, webhook.FieldActive) && b.f.Update != nil {
		later.Active, c.Active = c.Active, nil // created enabled, then changed
	}
	if err := b.refuse(op, "set on create", c); err != nil {
		return webhook.Webhook{}, err
	}
	obj := map[string]any{}
	b.fields(obj, c)
	top := map[string]any{}
	if op.IdempotencyKey != "" {
		top[op.IdempotencyKey] = uuid.NewString()
	}
	data, err := b.body(op, obj, top)
	if err != nil {
		return webhook.Webhook{}, err
	}
	u, err := b.url(op, nil, nil)
	if err != nil {
		return webhook.Webhook{}, err
	}
	create := func() (webhook.Webhook, error) {
		resp, err := b.call(ctx, op.Method, u, data, op.IdempotencyKey != "")
		if err != nil {
			return webhook.Webhook{}, err
		}
		return b.item(op, resp, op.Method)
	}
	w, err := create()
	switch {
	case op.IdempotencyKey == "" && webhook.CreateRetryable(err):
		w, err = webhook.RecoverCreate(ctx, b, c, create)
	case webhook.CreateRetryable(err):
		// The same key: the vendor makes one webhook however many times
		// it is sent, so a lost answer is simply asked for again.
		tries := 1
		for ; webhook.CreateRetryable(err) && tries < idempotentRounds && ctx.Err() == nil; tries++ {
			w, err = create()
		}
		if webhook.CreateRetryable(err) {
			err = fmt.Errorf("the answer to the create was lost %d times, the last: %w (run hookctl list before creating again)", tries, err)
		}
	}
	if err != nil || later.IsEmpty() {
		return w, err
	}
	made := w
	if w, err = b.Update(ctx, made.ID, later); err != nil {
		// The webhook is there but enabled, not as asked: it is taken
		// back, so that a create that failed leaves nothing behind (nor a
		// one-time secret nobody saw).
		if derr := b.Delete(ctx, made.ID); derr != nil {
			return webhook.Webhook{}, fmt.Errorf("created %s enabled, but making it inactive failed (%v), and deleting it again failed too: %w (it may still be there, enabled: hookctl delete %s)", made.ID, err, derr, made.ID)
		}
		return webhook.Webhook{}, fmt.Errorf("created a webhook enabled, but making it inactive failed, so it was deleted again: %w", err)
	}
	w.Secret = made.Secret // the one-time secret of the create's answer
	return w, nil
}

// Update changes a webhook: the changed fields alone, or (replace) the
// whole object read first.
func (b *Backend) Update(ctx context.Context, id string, c webhook.Changes) (webhook.Webhook, error) {
	op := b.f.Update
	if op == nil {
		return webhook.Webhook{}, webhook.Invalid("", "%s webhooks cannot be changed; delete the webhook and create it again", b.f.Title)
	}
	if err := b.refuse(op, "change", c); err != nil {
		return webhook.Webhook{}, err
	}
	obj := map[string]any{}
	if op.Replace {
		cur, err := b.Get(ctx, id)
		if err != nil {
			return webhook.Webhook{}, err
		}
		d := json.NewDecoder(bytes.NewReader(cur.Raw))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil {
			return webhook.Webhook{}, err
		}
		vendorfile.Delete(obj, b.f.Fields.ID)
	}
	b.fields(obj, c)
	data, err := b.body(&vendorfile.Operation{Wrap: op.Wrap}, obj, nil)
	if err != nil {
		return webhook.Webhook{}, err
	}
	u, err := b.url(op, map[string]string{"id": id}, nil)
	if err != nil {
		return webhook.Webhook{}, err
	}
	resp, err := b.call(ctx, op.Method, u, data, true)
	if err != nil {
		return webhook.Webhook{}, err
	}
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		return b.Get(ctx, id)
	}
	return b.item(op, resp, op.Method)
}

// SetField changes one field, or one of the vendor's own settings (a key
// of a wildcard setting within the file's limits; an empty value removes
// the key where the vendor takes that).
func (b *Backend) SetField(ctx context.Context, id string, f *webhook.Field, value string) (webhook.Webhook, error) {
	if f.Setting {
		lim := b.f.Limits
		key := f.Native[strings.LastIndexByte(f.Native, '.')+1:]
		if n := len([]rune(key)); lim.SettingKey > 0 && n > lim.SettingKey {
			return webhook.Webhook{}, webhook.Invalid(f.Name, "the key %q is %d characters; %s allows at most %d", key, n, b.f.Title, lim.SettingKey)
		}
		if n := len([]rune(value)); lim.SettingValue > 0 && n > lim.SettingValue {
			return webhook.Webhook{}, webhook.Invalid(f.Name, "the value is %d characters; %s allows at most %d", n, b.f.Title, lim.SettingValue)
		}
	}
	c, err := b.schema.ParseField(f, value)
	if err != nil {
		return webhook.Webhook{}, err
	}
	return b.Update(ctx, id, c)
}

// GetField reads one field of a webhook: a common one from the model, one
// of the vendor's own settings from its JSON (the model has none).
func (b *Backend) GetField(ctx context.Context, id string, f *webhook.Field) (json.RawMessage, error) {
	w, err := b.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v, _ := w.Value(f.Name)
	if f.Setting {
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(w.Raw))
		d.UseNumber()
		_ = d.Decode(&obj)
		v, _ = vendorfile.Lookup(obj, f.Native)
	}
	return json.Marshal(v)
}

// Delete removes a webhook; a retried delete that finds it gone is done.
func (b *Backend) Delete(ctx context.Context, id string) error {
	op := b.f.Delete
	u, err := b.url(op, map[string]string{"id": id}, nil)
	if err != nil {
		return err
	}
	resp, err := b.call(ctx, op.Method, u, nil, true)
	return webhook.FinishDelete(ctx, err, httpx.Uncertain(resp, err), id, b.Get)
}

// CheckAuth lists, which needs the credentials.
func (b *Backend) CheckAuth(ctx context.Context) error { return webhook.CheckAuthByListing(ctx, b) }

// Test sends a test delivery: through the vendor's test call when the
// file has one, else a sample signed with the profile's secret, POSTed by
// hookctl itself.
func (b *Backend) Test(ctx context.Context, req webhook.TestRequest) (webhook.TestResult, error) {
	event := req.Event
	if op := b.f.Test; op != nil && op.Event != "" {
		// The vendor's test sends its own event (PagerDuty's ping):
		// another is refused before any request.
		if event != "" && event != op.Event {
			target := "--url URL"
			if req.ID != "" {
				target = req.ID
			}
			return webhook.TestResult{}, webhook.Invalid("--event", "%s's test always sends %s (hookctl trigger %s %s sends a sample of %s, signed)", b.f.Title, op.Event, event, target, event)
		}
		event = op.Event
	}
	hook := webhook.Webhook{ID: req.ID, URL: req.URL}
	if req.ID != "" {
		w, err := b.Get(ctx, req.ID)
		if err != nil {
			return webhook.TestResult{}, err
		}
		hook = w
	}
	if event == "" && len(hook.Events) > 0 && hook.Events[0] != "*" {
		event = hook.Events[0]
	}
	if event == "" {
		event = b.schema.DefaultEvent
	}
	if b.schema.StrictEvents && !slices.Contains(b.schema.Events, event) {
		return webhook.TestResult{}, webhook.Invalid("--event", "unknown %s event %q (events: %s)", b.f.Name, event, strings.Join(b.schema.Events, ", "))
	}
	if req.ID == "" {
		if err := b.schema.ValidateURL("--url", hook.URL); err != nil {
			return webhook.TestResult{}, err
		}
	}
	res := webhook.TestResult{URL: hook.URL, Event: event}
	if op := b.f.Test; op != nil && (req.ID != "" || !slices.Contains(vendorfile.Vars(op.Path), "id")) {
		return b.serverTest(ctx, op, hook, event, res)
	}
	if req.ID != "" && hook.Active != nil && !*hook.Active {
		return res, webhook.Invalid("", "webhook %s is inactive: the vendor would not deliver to it (hookctl set-field %s active true)", hook.ID, hook.ID)
	}
	h, body, err := Sample(b.f, event, hook, time.Now())
	if err != nil {
		return res, err
	}
	var signer spec.Signer
	if b.f.Signing != nil {
		signer = Signer{b.f}
	}
	return kit.SendSigned(ctx, b.deliver, hook.URL, h, body, signer, b.values.Get(vendorfile.SecretKey), res)
}

// serverTest asks the vendor to send its test delivery.
func (b *Backend) serverTest(ctx context.Context, op *vendorfile.Operation, hook webhook.Webhook, event string, res webhook.TestResult) (webhook.TestResult, error) {
	extra := map[string]string{"id": hook.ID, "event": event}
	u, err := b.url(op, extra, nil)
	if err != nil {
		return res, err
	}
	var data []byte
	if op.Body != nil {
		filled := kit.Fill(hookVars(op.Body), event, hook, time.Now())
		if b.f.Encoding == "form" {
			data = []byte(FormEncode(filled.(map[string]any)))
		} else if data, err = json.Marshal(filled); err != nil {
			return res, err
		}
	}
	res.Signed = b.f.Signing != nil
	start := time.Now()
	resp, err := b.call(ctx, op.Method, u, data, false)
	if err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	res.Status = resp.Status
	// Where the vendor reports the receiver's status, that is the test's.
	return kit.ReadReport(resp.Body, res, kit.Report{Status: op.Reports, Who: b.f.Name}, b.api.Redactor().String)
}

// hookVars is a test body's template with {url} and {id} written as the
// kit's {hook.url} and {hook.id}.
func hookVars(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = hookVars(e)
		}
		return out
	case string:
		return strings.NewReplacer("{url}", "{hook.url}", "{id}", "{hook.id}").Replace(x)
	}
	return v
}
