package vendorfile

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// The patterns of names, compiled on first use.
var (
	namePattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`) })
	keyPattern     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]*$`) })
	ratePattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+/\d+(ms|s|m|h)$`) })
	settingPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_*]+)*$`) })
)

// Reserved key names: set by hookctl for every profile.
var reservedKeys = []string{"dialect", "base-url", "rate-limit", "ca-file"}

// HostKeys returns the keys the base URL's host is made of; their values
// must be one DNS label each (see Open), so the host stays the vendor's.
func (f *File) HostKeys() []string {
	rest := f.BaseURL
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return Vars(rest)
}

// SecretKey is the profile key of a delivery signing secret; every vendor
// file may use it without declaring it.
const SecretKey = "secret"

// The common fields a vendor file may map.
var commonFields = []string{webhook.FieldID, webhook.FieldURL, webhook.FieldDescription, webhook.FieldEvents, webhook.FieldActive, "secret"}

// validate reports every problem of a decoded file.
func (f *File) validate() Problems {
	var probs Problems
	bad := func(key, format string, args ...any) { probs = append(probs, f.Problem(key, format, args...)) }

	switch {
	case f.Name == "":
		bad("name", "is missing: the dialect's name in profiles (e.g. name: zendesk)")
	case !namePattern().MatchString(f.Name):
		bad("name", "%q: use lower-case letters, digits and '-', starting with a letter", f.Name)
	}
	if strings.TrimSpace(f.Title) == "" {
		bad("title", "is missing: the vendor's name for people (e.g. title: Zendesk)")
	}
	keys := map[string]bool{SecretKey: true, "base-url": true}
	if len(f.Keys) == 0 {
		bad("keys", "is missing: at least the credential's key (e.g. token: {required: true, secret: true})")
	}
	for _, k := range f.Keys {
		switch {
		case !keyPattern().MatchString(k.Name):
			bad("keys."+k.Name, "%q is not a key name (lower-case letters, digits and '-')", k.Name)
		case slices.Contains(reservedKeys, k.Name) && k.Name != "base-url":
			bad("keys."+k.Name, "is a key every profile has; leave it out")
		case k.Name == "base-url" && (k.Required || k.Secret || k.Unless != ""):
			bad("keys."+k.Name, "every profile has it: only its label, help and default may be set here")
		}
		keys[k.Name] = true
	}
	for _, k := range f.Keys {
		if k.Unless != "" && !keys[k.Unless] {
			bad("keys."+k.Name+".unless", "names %q, which is not a key of this file", k.Unless)
		}
	}
	keyVar := func(name string) bool { return keys[name] }
	checkTemplate := func(key, tmpl string, ok func(string) bool, what string) {
		for _, v := range Vars(tmpl) {
			if !ok(v) {
				bad(key, "{%s} is not %s", v, what)
			}
		}
	}
	keysWhat := "a profile key of this file (keys: " + strings.Join(f.keyNames(), ", ") + ")"

	if f.BaseURL == "" {
		bad("base-url", "is missing: the API root, e.g. https://api.example.com")
	} else {
		checkTemplate("base-url", f.BaseURL, keyVar, keysWhat)
		u, err := url.Parse(strings.NewReplacer("{", "x", "}", "x").Replace(f.BaseURL))
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
			bad("base-url", "%q is not an absolute http(s) URL", f.BaseURL)
		case u.Scheme == "http" && !webhook.IsLoopbackHost(u.Hostname()):
			bad("base-url", "%q: plain http only to a loopback host; use https", f.BaseURL)
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			bad("base-url", "%q: no user, query or fragment in the base URL", f.BaseURL)
		}
		if i := strings.Index(f.BaseURL, "://"); i >= 0 {
			host := f.BaseURL[i+3:]
			if j := strings.IndexByte(host, '/'); j >= 0 {
				host = host[:j]
			}
			if i := strings.LastIndexByte(host, '}'); i >= 0 && !strings.Contains(host[i+1:], ".") {
				bad("base-url", "the host must end in the vendor's own domain after its placeholders (https://{account}.example.com): a profile value alone must not choose where credentials go")
			}
		}
	}

	n := 0
	for _, a := range []bool{f.Auth.Bearer != "", len(f.Auth.Basic) > 0, f.Auth.Header != "", f.Auth.Query != ""} {
		if a {
			n++
		}
	}
	switch {
	case n != 1:
		bad("auth", "needs exactly one of bearer, basic, header (with value) or query (with value)")
	case len(f.Auth.Basic) > 0 && len(f.Auth.Basic) != 2:
		bad("auth.basic", "is [user, password]")
	case (f.Auth.Header != "" || f.Auth.Query != "") && f.Auth.Value == "":
		bad("auth.value", "is missing: what the header or parameter holds, e.g. \"Token token={token}\"")
	}
	for _, t := range append([]string{f.Auth.Bearer, f.Auth.Value}, f.Auth.Basic...) {
		checkTemplate("auth", t, keyVar, keysWhat)
	}
	for h, v := range f.Headers {
		checkTemplate("headers."+h, v, keyVar, keysWhat)
		if strings.EqualFold(h, "Authorization") || strings.EqualFold(h, "Host") {
			bad("headers."+h, "is set by hookctl; say how to authenticate under auth:")
		}
	}
	switch f.Encoding {
	case "", "json", "form":
	default:
		bad("encoding", "%q: json or form", f.Encoding)
	}
	if f.RateLimit != "" && !ratePattern().MatchString(f.RateLimit) {
		bad("rate-limit", "%q: write N/DURATION, e.g. 25/1s", f.RateLimit)
	}
	if f.OpenAPI != "" && (strings.Contains(f.OpenAPI, "..") || strings.HasPrefix(f.OpenAPI, "/")) {
		bad("openapi", "%q: a file beside the vendor file (no .. or absolute path)", f.OpenAPI)
	}

	idVar := func(extra ...string) func(string) bool {
		return func(v string) bool { return keys[v] || slices.Contains(extra, v) }
	}
	ops := []struct {
		key      string
		op       *Operation
		required bool
		vars     []string
	}{
		{"list", f.List, true, nil},
		{"get", f.Get, false, []string{"id"}},
		{"create", f.Create, true, nil},
		{"update", f.Update, false, []string{"id"}},
		{"delete", f.Delete, true, []string{"id"}},
		{"test", f.Test, false, []string{"id", "event"}},
	}
	for _, o := range ops {
		if o.op == nil {
			if o.required {
				bad(o.key, "is missing: the %s call (method and path)", o.key)
			}
			continue
		}
		f.checkOperation(o.key, o.op, &probs)
		checkTemplate(o.key+".path", o.op.Path, idVar(o.vars...), "a profile key of this file or "+strings.Join(append([]string{}, o.vars...), ", "))
		for q, v := range o.op.Query {
			checkTemplate(o.key+".query."+q, v, idVar(o.vars...), "a profile key of this file")
		}
		if slices.Contains(o.vars, "id") && !slices.Contains(Vars(o.op.Path), "id") && o.key != "test" {
			bad(o.key+".path", "%q has no {id}: which webhook?", o.op.Path)
		}
	}
	if l := f.Log; l != nil {
		switch {
		case l.List == nil:
			bad("log.list", "is missing: the call that lists the log")
		case l.Fields.ID == "":
			bad("log.fields.id", "is missing: where an entry's id is")
		}
		for _, o := range []struct {
			key string
			op  *Operation
		}{{"log.list", l.List}, {"log.get", l.Get}} {
			if o.op == nil {
				continue
			}
			f.checkOperation(o.key, o.op, &probs)
			vars := []string{"webhook"}
			if o.key == "log.get" {
				vars = append(vars, "id")
			}
			checkTemplate(o.key+".path", o.op.Path, idVar(vars...), "a profile key of this file or "+strings.Join(vars, ", "))
		}
		if !l.Account && l.List != nil && !strings.Contains(l.List.Path, "{webhook}") {
			bad("log.list.path", "%q has no {webhook}: whose log? (or say account: true)", l.List.Path)
		}
	}
	if f.List != nil && f.List.Page != nil {
		p := f.List.Page
		styles := 0
		for _, s := range []bool{p.Cursor != "" || p.LastID, p.OffsetParam != "", p.Link} {
			if s {
				styles++
			}
		}
		switch {
		case styles != 1:
			bad("list.page", "needs one way of paging: cursor (or last-id) with param, offset-param, or link: true")
		case (p.Cursor != "" || p.LastID) && p.Param == "":
			bad("list.page.param", "is missing: the query parameter the cursor goes in")
		case p.Size < 0 || p.Size > 10000:
			bad("list.page.size", "%d is not a page size (1-10000)", p.Size)
		case p.Size > 0 && p.SizeParam == "":
			bad("list.page.size-param", "is missing: the query parameter that asks for %d a page", p.Size)
		}
	}

	if f.Fields.ID == "" {
		bad("fields.id", "is missing: where the webhook's id is in an answer")
	}
	if f.Fields.URL == "" {
		bad("fields.url", "is missing: where the webhook's URL is in an answer")
	}
	if a := f.Fields.Active; a.Path == "" && (a.WhenTrue != "" || a.WhenFalse != "") {
		bad("fields.active.path", "is missing")
	} else if (a.WhenTrue == "") != (a.WhenFalse == "") {
		bad("fields.active", "needs both when-true and when-false, or neither (a boolean)")
	}
	for _, o := range []struct {
		key string
		op  *Operation
	}{{"create", f.Create}, {"update", f.Update}} {
		if o.op == nil {
			continue
		}
		for _, w := range o.op.Writes {
			if !slices.Contains(commonFields, w) || !f.Maps(w) {
				bad(o.key+".writes", "%q is not a field this file maps (fields: %s)", w, strings.Join(f.mapped(), ", "))
			}
		}
	}
	for name, path := range f.Settings {
		if slices.Contains(commonFields, name) || !settingPattern().MatchString(path) {
			bad("settings."+name, "must be a vendor field's own name and its path (e.g. metadata: metadata.*)")
		}
	}
	if f.Limits.Description < 0 || f.Limits.Webhooks < 0 || f.Limits.MinEvents < 0 {
		bad("limits", "limits are positive numbers")
	}

	if s := f.Signing; s != nil {
		switch s.Algorithm {
		case "hmac-sha1", "hmac-sha256":
		default:
			bad("signing.algorithm", "%q: hmac-sha1 or hmac-sha256", s.Algorithm)
		}
		switch s.Encoding {
		case "hex", "base64":
		default:
			bad("signing.encoding", "%q: hex or base64", s.Encoding)
		}
		if s.Header == "" || http.CanonicalHeaderKey(s.Header) == "" {
			bad("signing.header", "is missing: the header that carries the signature")
		}
		if s.Message == "" {
			bad("signing.message", "is missing: what is signed, e.g. \"{body}\"")
		}
		checkTemplate("signing.message", s.Message, func(v string) bool { return slices.Contains([]string{"body", "url", "timestamp", "id"}, v) },
			"one of {body} {url} {timestamp} {id}")
		format := s.Format
		if format == "" {
			format = "{signature}"
		}
		checkTemplate("signing.format", format, func(v string) bool { return slices.Contains([]string{"signature", "timestamp", "id"}, v) },
			"one of {signature} {timestamp} {id}")
		if !strings.Contains(format, "{signature}") {
			bad("signing.format", "%q has no {signature}", format)
		}
		if slices.Contains(Vars(s.Message), "timestamp") && !strings.Contains(format, "{timestamp}") && s.TimestampHeader == "" {
			bad("signing.timestamp-header", "is missing: the message signs {timestamp}, which the format does not carry")
		}
		if slices.Contains(Vars(s.Message), "id") && s.IDHeader == "" {
			bad("signing.id-header", "is missing: the message signs {id}")
		}
	}
	if len(f.Errors.Message) == 0 {
		bad("errors.message", "is missing: where an error answer's message is (e.g. [error.message, message])")
	}
	if f.DefaultEvent != "" && len(f.Events) > 0 && !slices.Contains(f.Events, f.DefaultEvent) {
		bad("default-event", "%q is not one of events", f.DefaultEvent)
	}
	if s := f.SamplesFrom; s != "" && (strings.ContainsAny(s, "/\\") || strings.HasPrefix(s, ".") || !strings.HasSuffix(s, ".json")) {
		bad("samples-from", "%q: a .json file beside the vendor file (no directory)", s)
	}
	for ev := range f.Samples {
		if len(f.Events) > 0 && !slices.Contains(f.Events, ev) {
			bad("samples."+ev, "is not one of events")
		}
	}
	if t := f.Test; t != nil && !slices.Contains(Vars(t.Path), "id") && TestURLMember(t) == "" {
		bad("test.path", "%q has no {id}, and the body does not name the URL ({hook.url}): which webhook?", t.Path)
	}
	for _, o := range ops {
		if o.op != nil && o.op.Event != "" && o.key != "test" {
			bad(o.key+".event", "only a test call sends an event")
		}
	}
	if t := f.Test; t != nil && t.Event != "" {
		switch {
		case len(f.Events) > 0 && !slices.Contains(f.Events, t.Event):
			bad("test.event", "%q is not one of events", t.Event)
		case slices.Contains(Vars(t.Path), "event") || BodyMember(t.Body, "{event}") != "":
			bad("test.event", "the call names its event ({event}): a fixed one is not needed")
		}
	}
	for k := range f.Sandbox.Values {
		if !keys[k] {
			bad("sandbox.values."+k, "is not a profile key of this file")
		}
	}
	for key, form := range map[string]string{"sandbox.id": f.Sandbox.ID, "sandbox.secret": f.Sandbox.Secret} {
		if _, err := RandomText(form); err != nil {
			bad(key, "%v", err)
		}
	}
	return probs
}

// checkOperation checks what every operation needs.
func (f *File) checkOperation(key string, op *Operation, probs *Problems) {
	bad := func(k, format string, args ...any) { *probs = append(*probs, f.Problem(k, format, args...)) }
	switch op.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	case "":
		bad(key+".method", "is missing")
	default:
		bad(key+".method", "%q: GET, POST, PUT, PATCH or DELETE", op.Method)
	}
	switch {
	case op.Path == "":
		bad(key+".path", "is missing: the path after the base URL, e.g. /webhooks")
	case !strings.HasPrefix(op.Path, "/") || strings.HasPrefix(op.Path, "//") || strings.Contains(op.Path, "://"):
		bad(key+".path", "%q must start with one / (a path after the base URL, never another host)", op.Path)
	case strings.Contains(op.Path, "..") || strings.ContainsAny(op.Path, "?#\\ "):
		bad(key+".path", "%q: no .., query, fragment or space in a path (put parameters under query:)", op.Path)
	}
	if op.Page != nil && !strings.HasSuffix(key, "list") {
		bad(key+".page", "only a list is paged")
	}
}

// mapped are the common fields the file maps.
func (f *File) mapped() []string {
	var out []string
	for _, n := range commonFields {
		if f.Maps(n) {
			out = append(out, n)
		}
	}
	return out
}

// Maps reports whether the file maps the common field name.
func (f *File) Maps(name string) bool { return f.Path(name) != "" }

func (f *File) keyNames() []string {
	out := make([]string, len(f.Keys))
	for i, k := range f.Keys {
		out[i] = k.Name
	}
	return out
}

// Path returns the dotted path of the common field name, "" when unmapped.
func (f *File) Path(name string) string {
	switch name {
	case webhook.FieldID:
		return f.Fields.ID
	case webhook.FieldURL:
		return f.Fields.URL
	case webhook.FieldDescription:
		return f.Fields.Description
	case webhook.FieldEvents:
		return f.Fields.Events
	case webhook.FieldActive:
		return f.Fields.Active.Path
	case "secret":
		return f.Fields.Secret
	}
	return ""
}

// String names the file for messages.
func (f *File) String() string { return fmt.Sprintf("%s (%s)", f.Name, f.Source) }

// TestURLMember is the path of the test call's body member that names
// the URL to send to ({hook.url}, or {url}), "" when none does.
func TestURLMember(t *Operation) string {
	if p := BodyMember(t.Body, "{hook.url}"); p != "" {
		return p
	}
	return BodyMember(t.Body, "{url}")
}

// BodyMember is the path of the member of a body template that is exactly
// placeholder ("{event}", "{url}"), "" when none is.
func BodyMember(body map[string]any, placeholder string) string {
	for k, v := range body {
		switch x := v.(type) {
		case string:
			if x == placeholder {
				return k
			}
		case map[string]any:
			if p := BodyMember(x, placeholder); p != "" {
				return k + "." + p
			}
		}
	}
	return ""
}
