package filevendor

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// maxPage is the largest page the emulator answers.
const maxPage = 100

func (e *Emulator) list(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request, op *vendorfile.Operation) {
	var hooks []map[string]any
	if err := e.view(h, func(s *state) error { hooks = s.Hooks; return nil }); err != nil {
		e.reply(h, w, err)
		return
	}
	e.page(w, q, op, hooks, e.f.Fields.ID)
}

// page answers one page of items (webhooks, or log entries whose id is at
// idPath) as op says: its paging, its answer's members.
func (e *Emulator) page(w http.ResponseWriter, q *sandbox.Request, op *vendorfile.Operation, hooks []map[string]any, idPath string) {
	query := q.URL.Query()
	pg := op.Page
	size := len(hooks)
	start := 0
	if pg != nil {
		size = maxPage
		if pg.SizeParam != "" && query.Get(pg.SizeParam) != "" {
			n, err := strconv.Atoi(query.Get(pg.SizeParam))
			if err != nil || n < 1 || n > max(maxPage, pg.Size) {
				e.fail(w, http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid %s: must be a number from 1 to %d", pg.SizeParam, max(maxPage, pg.Size)), pg.SizeParam)
				return
			}
			size = n
		}
		switch {
		case pg.OffsetParam != "" && query.Get(pg.OffsetParam) != "":
			n, err := strconv.Atoi(query.Get(pg.OffsetParam))
			if err != nil || n < 0 {
				e.fail(w, http.StatusBadRequest, "invalid", "Invalid "+pg.OffsetParam, pg.OffsetParam)
				return
			}
			start = n
		case pg.LastID && query.Get(pg.Param) != "":
			after := query.Get(pg.Param)
			i := slices.IndexFunc(hooks, func(m map[string]any) bool { v, _ := vendorfile.String(m, idPath); return v == after })
			if i < 0 {
				e.fail(w, http.StatusBadRequest, "not-found", fmt.Sprintf("No such webhook: '%s'", after), pg.Param)
				return
			}
			start = i + 1
		case pg.Param != "" && query.Get(pg.Param) != "":
			n, err := strconv.Atoi(decodeCursor(query.Get(pg.Param)))
			if err != nil || n < 0 {
				e.fail(w, http.StatusBadRequest, "invalid", "Invalid cursor", pg.Param)
				return
			}
			start = n
		case pg.Link && query.Get("page") != "":
			n, err := strconv.Atoi(query.Get("page"))
			if err != nil || n < 1 {
				e.fail(w, http.StatusBadRequest, "invalid", "Invalid page", "page")
				return
			}
			start = (n - 1) * size
		}
	}
	start = min(start, len(hooks))
	end := min(start+size, len(hooks))
	items := make([]any, 0, end-start)
	for _, m := range hooks[start:end] {
		items = append(items, m)
	}
	more := end < len(hooks)
	body := map[string]any{}
	for k, v := range op.Answer {
		body[k] = fill(v, nil)
	}
	if pg != nil {
		switch {
		case pg.Link && more:
			next := *q.URL
			next.Scheme, next.Host = "http", q.Host
			next.Path = q.URL.Path
			nq := next.Query()
			nq.Set("page", strconv.Itoa(end/size+1))
			next.RawQuery = nq.Encode()
			w.Header().Set("Link", "<"+next.String()+`>; rel="next"`)
		case pg.Cursor != "" && more:
			vendorfile.Set(body, pg.Cursor, encodeCursor(strconv.Itoa(end)))
		}
		if pg.More != "" {
			vendorfile.Set(body, pg.More, more)
		}
		if pg.OffsetParam != "" {
			body["offset"], body["limit"], body["total"] = start, size, len(hooks)
		}
	}
	var out any = items
	if op.Items != "" {
		vendorfile.Set(body, op.Items, items)
		out = body
	}
	writeJSON(w, http.StatusOK, out)
}

// encodeCursor and decodeCursor make a page offset an opaque cursor.
func encodeCursor(s string) string { return base64.RawURLEncoding.EncodeToString([]byte("o:" + s)) }

func decodeCursor(c string) string {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !bytes.HasPrefix(b, []byte("o:")) {
		return "-"
	}
	return string(b[2:])
}

// readBody parses a request's body (JSON, or a form with Stripe's
// nesting), unwrapped from op.Wrap; top is the whole body.
func (e *Emulator) readBody(q *sandbox.Request, op *vendorfile.Operation) (obj, top map[string]any, err *apiErr) {
	top = map[string]any{}
	if len(bytes.TrimSpace(q.Body)) > 0 {
		if e.f.Encoding == "form" {
			vals, perr := url.ParseQuery(string(q.Body))
			if perr != nil {
				return nil, nil, &apiErr{status: http.StatusBadRequest, kind: "invalid", msg: "The request body is not a valid form."}
			}
			top = parseForm(vals)
		} else {
			d := json.NewDecoder(bytes.NewReader(q.Body))
			d.UseNumber()
			if derr := d.Decode(&top); derr != nil || top == nil {
				return nil, nil, &apiErr{status: http.StatusBadRequest, kind: "invalid", msg: "The request body is not a JSON object."}
			}
		}
	}
	obj = top
	if op.Wrap != "" {
		inner, ok := top[op.Wrap].(map[string]any)
		if !ok {
			return nil, nil, &apiErr{status: http.StatusBadRequest, kind: "invalid", msg: fmt.Sprintf("Missing required parameter: %s.", op.Wrap), param: op.Wrap}
		}
		obj = inner
	}
	if e.f.Sandbox.Strict {
		for k := range top {
			if k == op.Wrap || k == op.IdempotencyKey {
				continue
			}
			if op.Wrap == "" && e.known(k) {
				continue
			}
			return nil, nil, &apiErr{status: http.StatusBadRequest, kind: "unknown-parameter", msg: "Received unknown parameter: " + k, param: k}
		}
		if op.Wrap != "" {
			for k := range obj {
				if !e.known(k) {
					return nil, nil, &apiErr{status: http.StatusBadRequest, kind: "unknown-parameter", msg: "Received unknown parameter: " + k, param: k}
				}
			}
		}
	}
	return obj, top, nil
}

// known reports whether a body member is one the file writes.
func (e *Emulator) known(member string) bool {
	f := e.f
	paths := []string{f.Fields.URL, f.Fields.Description, f.Fields.Events, f.Fields.Active.Path}
	if f.Fields.Active.Write != nil {
		paths = append(paths, f.Fields.Active.Write.Path)
	}
	for _, p := range f.Settings {
		paths = append(paths, p)
	}
	for _, op := range []*vendorfile.Operation{f.Create, f.Update} {
		if op != nil {
			for p := range op.Defaults {
				paths = append(paths, p)
			}
		}
	}
	for _, p := range paths {
		if p != "" && strings.Split(p, ".")[0] == member {
			return true
		}
	}
	return false
}

var formKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^\[\]]+)((?:\[[^\[\]]*\])*)$`) })

// parseForm reads a form with Stripe's nesting (a[b]=c, a[]=x, a[0][b]=c)
// into generic JSON.
func parseForm(vals url.Values) map[string]any {
	out := map[string]any{}
	for key, vs := range vals {
		m := formKey().FindStringSubmatch(key)
		if m == nil {
			out[key] = vs[len(vs)-1]
			continue
		}
		var segs []string
		for _, s := range strings.Split(strings.Trim(m[2], "[]"), "][") {
			if m[2] != "" {
				segs = append(segs, s)
			}
		}
		if len(segs) == 0 {
			out[m[1]] = vs[len(vs)-1]
			continue
		}
		if segs[len(segs)-1] == "" || isIndex(segs[len(segs)-1]) && len(segs) == 1 {
			list, _ := out[m[1]].([]any)
			for _, v := range vs {
				if v != "" {
					list = append(list, v)
				}
			}
			if list == nil {
				list = []any{}
			}
			out[m[1]] = list
			continue
		}
		path := m[1] + "." + strings.Join(segs, ".")
		vendorfile.Set(out, path, vs[len(vs)-1])
	}
	return out
}

func isIndex(s string) bool { _, err := strconv.Atoi(s); return err == nil }

// check refuses a hook the vendor would refuse: no or a bad URL, too few
// or unknown events, a description over the limit.
func (e *Emulator) check(hook map[string]any) *apiErr {
	f := e.f
	bad := func(param, says, format string, args ...any) *apiErr {
		return &apiErr{status: http.StatusBadRequest, kind: "invalid", msg: fmt.Sprintf(format, args...), param: param, says: says}
	}
	if a := e.checkURL(f.Fields.URL, hook); a != nil {
		return a
	}
	if f.Fields.Events != "" {
		list, _ := vendorfile.Lookup(hook, f.Fields.Events)
		events, _ := list.([]any)
		if len(events) < f.Limits.MinEvents {
			return bad(f.Fields.Events, fmt.Sprintf("is too short (minimum is %d)", f.Limits.MinEvents), "Invalid %s: at least %d event is required.", f.Fields.Events, f.Limits.MinEvents)
		}
		for _, ev := range events {
			s, _ := ev.(string)
			if len(f.Events) > 0 && !slices.Contains(f.Events, s) {
				return bad(f.Fields.Events, "is not included in the list", "Invalid %s: unknown event type %q.", f.Fields.Events, s)
			}
		}
	}
	if f.Fields.Description != "" && f.Limits.Description > 0 {
		if d, _ := vendorfile.String(hook, f.Fields.Description); len([]rune(d)) > f.Limits.Description {
			return bad(f.Fields.Description, fmt.Sprintf("is too long (maximum is %d characters)", f.Limits.Description), "Invalid %s: must be at most %d characters.", f.Fields.Description, f.Limits.Description)
		}
	}
	return nil
}

// checkURL refuses a missing or bad URL at path of body.
func (e *Emulator) checkURL(path string, body map[string]any) *apiErr {
	bad := func(says, format string, args ...any) *apiErr {
		return &apiErr{status: http.StatusBadRequest, kind: "invalid", msg: fmt.Sprintf(format, args...), param: path, says: says}
	}
	u, _ := vendorfile.String(body, path)
	p, err := url.Parse(u)
	switch {
	case strings.TrimSpace(u) == "":
		return bad("can't be blank", "Missing required parameter: %s.", path)
	case err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "":
		return bad("is invalid", "Invalid URL: %s must be an absolute http or https URL.", path)
	case e.f.Limits.HTTPS && p.Scheme != "https" && !webhook.IsLoopbackHost(p.Hostname()):
		return bad("must use https", "Invalid URL: %s must use https.", path)
	}
	return nil
}

// writeActive moves a written active (Stripe's disabled: true) to where
// it is read (status: disabled).
func (e *Emulator) writeActive(obj map[string]any) {
	a := e.f.Fields.Active
	if a.Write == nil {
		return
	}
	v, ok := vendorfile.Lookup(obj, a.Write.Path)
	if !ok {
		return
	}
	vendorfile.Delete(obj, a.Write.Path)
	on := fmt.Sprint(v) == a.Write.WhenTrue
	if a.WhenTrue == "" {
		vendorfile.Set(obj, a.Path, on)
		return
	}
	if on {
		vendorfile.Set(obj, a.Path, a.WhenTrue)
	} else {
		vendorfile.Set(obj, a.Path, a.WhenFalse)
	}
}

func (e *Emulator) create(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request, op *vendorfile.Operation) {
	obj, top, aerr := e.readBody(q, op)
	if aerr != nil {
		e.refuse(w, aerr)
		return
	}
	e.writeActive(obj)
	hook := map[string]any{}
	for k, v := range e.f.Sandbox.Fields {
		vendorfile.Set(hook, k, fill(v, map[string]any{"now": h.Now()}))
	}
	for k, v := range op.Defaults {
		vendorfile.Set(hook, k, v)
	}
	merge(hook, obj)
	if e.f.Fields.Active.Path != "" {
		if _, ok := vendorfile.Lookup(hook, e.f.Fields.Active.Path); !ok {
			vendorfile.Set(hook, e.f.Fields.Active.Path, activeValue(e.f.Fields.Active, true))
		}
	}
	if aerr := e.check(hook); aerr != nil {
		e.refuse(w, aerr)
		return
	}
	key, _ := top[op.IdempotencyKey].(string)
	var made map[string]any
	err := e.modify(h, func(s *state) error {
		if key != "" {
			if id, ok := s.Keys[key]; ok {
				if i := e.find(s, id); i >= 0 {
					made = withSecret(e.f, s.Hooks[i], s.Secrets[id])
					return nil
				}
			}
		}
		if lim := e.f.Limits.Webhooks; lim > 0 && len(s.Hooks) >= lim {
			return &apiErr{status: http.StatusBadRequest, kind: "limit", msg: fmt.Sprintf("You have reached the maximum of %d webhooks for this account.", lim)}
		}
		id, _ := vendorfile.RandomText(e.f.Sandbox.ID)
		vendorfile.Set(hook, e.f.Fields.ID, id)
		secret := ""
		if e.f.Fields.Secret != "" {
			secret, _ = vendorfile.RandomText(e.f.Sandbox.Secret)
			s.Secrets[id] = secret
		}
		if key != "" {
			s.Keys[key] = id
		}
		s.Hooks = append(s.Hooks, hook)
		made = withSecret(e.f, hook, secret)
		return nil
	})
	if err != nil {
		e.reply(h, w, err)
		return
	}
	e.answer(w, op, made)
}

// withSecret is hook with its one-time secret, for the create's answer.
func withSecret(f *vendorfile.File, hook map[string]any, secret string) map[string]any {
	if f.Fields.Secret == "" || secret == "" {
		return hook
	}
	b, _ := json.Marshal(hook)
	out := map[string]any{}
	_ = json.Unmarshal(b, &out)
	vendorfile.Set(out, f.Fields.Secret, secret)
	return out
}

// activeValue is how the vendor keeps active.
func activeValue(a vendorfile.Active, on bool) any {
	if a.WhenTrue == "" {
		return on
	}
	if on {
		return a.WhenTrue
	}
	return a.WhenFalse
}

// merge sets src's members on dst, objects member by member; an empty
// string removes a member of an object (a form's way to unset).
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sub, ok := v.(map[string]any); ok {
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
				dst[k] = d
			}
			for kk, vv := range sub {
				if s, ok := vv.(string); ok && s == "" {
					delete(d, kk)
					continue
				}
				if inner, ok := vv.(map[string]any); ok {
					m, _ := d[kk].(map[string]any)
					if m == nil {
						m = map[string]any{}
						d[kk] = m
					}
					merge(m, inner)
					continue
				}
				d[kk] = vv
			}
			continue
		}
		dst[k] = v
	}
}

func (e *Emulator) update(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request, op *vendorfile.Operation, id string) {
	obj, _, aerr := e.readBody(q, op)
	if aerr != nil {
		e.refuse(w, aerr)
		return
	}
	e.writeActive(obj)
	if len(op.Writes) > 0 {
		for _, name := range []string{webhook.FieldURL, webhook.FieldDescription, webhook.FieldEvents} {
			if _, ok := vendorfile.Lookup(obj, e.f.Path(name)); ok && e.f.Path(name) != "" && !slices.Contains(op.Writes, name) {
				e.fail(w, http.StatusBadRequest, "unknown-parameter", "Received a parameter this call cannot change: "+e.f.Path(name), e.f.Path(name))
				return
			}
		}
	}
	var out map[string]any
	err := e.modify(h, func(s *state) error {
		i := e.find(s, id)
		if i < 0 {
			return e.notFound(id)
		}
		hook := s.Hooks[i]
		if op.Replace {
			next := map[string]any{}
			for k, v := range e.f.Sandbox.Fields {
				if cur, ok := hook[strings.Split(k, ".")[0]]; ok {
					next[strings.Split(k, ".")[0]] = cur
				}
				_ = v
			}
			vendorfile.Set(next, e.f.Fields.ID, id)
			merge(next, obj)
			hook = next
		} else {
			b, _ := json.Marshal(hook)
			copied := map[string]any{}
			_ = json.Unmarshal(b, &copied)
			merge(copied, obj)
			hook = copied
		}
		if aerr := e.check(hook); aerr != nil {
			return aerr
		}
		s.Hooks[i] = hook
		out = hook
		return nil
	})
	if err != nil {
		e.reply(h, w, err)
		return
	}
	e.answer(w, op, out)
}

// test sends a signed sample delivery of the event asked (else the call's
// own, else the hook's first) to the hook's URL and answers as the vendor
// does.
func (e *Emulator) test(h *sandbox.Host, w http.ResponseWriter, q *sandbox.Request, op *vendorfile.Operation, vars map[string]string) {
	id := vars["id"]
	hook := map[string]any{}
	var secret string
	var body map[string]any
	if len(bytes.TrimSpace(q.Body)) > 0 && json.Unmarshal(q.Body, &body) != nil {
		e.fail(w, http.StatusBadRequest, "invalid", "The request body is not a JSON object.", "")
		return
	}
	if _, named := vars["id"]; named {
		if err := e.view(h, func(s *state) error {
			i := e.find(s, id)
			if i < 0 {
				return e.notFound(id)
			}
			hook, secret = s.Hooks[i], s.Secrets[id]
			return nil
		}); err != nil {
			e.reply(h, w, err)
			return
		}
	} else if p := vendorfile.TestURLMember(op); p != "" {
		// The call names the URL to send to, not a webhook.
		if a := e.checkURL(p, body); a != nil {
			e.refuse(w, a)
			return
		}
		u, _ := vendorfile.String(body, p)
		vendorfile.Set(hook, e.f.Fields.URL, strings.TrimSpace(u))
	}
	if secret == "" {
		secret = e.values[vendorfile.SecretKey]
	}
	event := vars["event"]
	if p := vendorfile.BodyMember(op.Body, "{event}"); event == "" && p != "" {
		event, _ = vendorfile.String(body, p)
		if len(e.f.Events) > 0 && !slices.Contains(e.f.Events, event) {
			e.refuse(w, &apiErr{status: http.StatusBadRequest, kind: "invalid", param: p, says: "is not included in the list",
				msg: fmt.Sprintf("Invalid %s: unknown event type %q.", p, event)})
			return
		}
	}
	if op.Event != "" {
		event = op.Event // the vendor's ping, whatever the webhook takes
	}
	var events []any
	if e.f.Fields.Events != "" {
		list, _ := vendorfile.Lookup(hook, e.f.Fields.Events)
		events, _ = list.([]any)
	}
	if event == "" && len(events) > 0 {
		event, _ = events[0].(string)
	}
	if event == "" {
		event = e.f.DefaultEvent
	}
	if event == "" && len(e.f.Events) > 0 {
		event = e.f.Events[0]
	}
	url, _ := vendorfile.String(hook, e.f.Fields.URL)
	status, payload, err := e.deliver(h, q.Context(), url, event, id, secret)
	if err != nil && op.Reports != "" {
		e.fail(w, http.StatusInternalServerError, "unavailable", "Could not deliver the test event: "+err.Error(), "")
		return
	}
	ans := op.Status
	if ans == 0 {
		ans = http.StatusOK
	}
	var answer any
	if op.Answer != nil {
		answer = fill(op.Answer, map[string]any{"id": uuid.NewString(), "status": status, "payload": payload, "now": h.Now()})
	}
	writeJSON(w, ans, answer)
}

// deliver POSTs a signed sample of event to target (loopback only) and
// returns the receiver's status and the payload sent; the error says why
// nothing was delivered.
func (e *Emulator) deliver(h *sandbox.Host, ctx context.Context, target, event, hookID, secret string) (int, string, error) {
	tmpl, err := e.f.SampleOf(event)
	if err != nil {
		h.Logf("sandbox error: %v", err)
	}
	if tmpl == nil {
		tmpl = map[string]any{"id": "{uuid}", "event": "{event}", "created_at": "{now}"}
	}
	vars := map[string]any{"event": event, "hook.id": hookID, "hook.url": target, "now": h.Now()}
	body, _ := json.Marshal(fill(tmpl, vars))
	header := http.Header{}
	for k, v := range e.f.Deliveries.Headers {
		header.Set(k, fill(v, vars).(string))
	}
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	if e.f.Deliveries.EventHeader != "" {
		header.Set(e.f.Deliveries.EventHeader, event)
	}
	if e.f.Deliveries.IDHeader != "" {
		header.Set(e.f.Deliveries.IDHeader, uuid.NewString())
	}
	if s := e.f.Signing; s != nil && secret != "" {
		did := header.Get(e.f.Deliveries.IDHeader)
		if e.f.Deliveries.ID != "" {
			did, _ = vendorfile.String(fill(tmpl, vars), e.f.Deliveries.ID)
		}
		s.Sign(header, secret, vendorfile.Delivery{Body: body, URL: target, ID: did}, h.Now())
	}
	if !sandbox.IsLoopbackURL(target) {
		return 0, string(body), errors.New(sandbox.NotDelivered(target))
	}
	d, err := h.Deliver(ctx, target, header, body)
	if err != nil {
		h.Logf("delivery to %s failed: %v", target, err)
		return 0, string(body), errors.New(sandbox.CallbackFailure(err))
	}
	return d.Status, string(body), nil
}

// fill fills a template of the file (see vendorfile.Fill) at vars["now"],
// else the time now.
func fill(v any, vars map[string]any) any {
	now, _ := vars["now"].(time.Time)
	if now.IsZero() {
		now = time.Now()
	}
	rest := make(map[string]any, len(vars))
	for k, x := range vars {
		if k != "now" {
			rest[k] = x
		}
	}
	return vendorfile.Fill(v, rest, now)
}
