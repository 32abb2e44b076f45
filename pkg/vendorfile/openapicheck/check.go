// Package openapicheck proves a vendor file against the vendor's OpenAPI
// description: every operation's method and path exist in it, every
// request member the file writes is in that operation's request schema,
// every answer path it reads is in the answer's schema, and the error
// answers the description lists carry the message where the file looks.
//
// It is a package of its own so that a program using pkg/vendorfile does
// not link an OpenAPI parser it never calls; `hookctl vendor check` uses
// it.
//
// Stability: Check, CheckFile and Load are part of hookctl's Go API.
package openapicheck

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Load reads an OpenAPI 3 description (JSON or YAML) from a file. A
// description that cannot be read is a usage error.
func Load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: not an OpenAPI description hookctl can read: %s", webhook.ErrValidation, path, plain(err))
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, fmt.Errorf("%w: %s: describes no paths", webhook.ErrValidation, path)
	}
	return doc, nil
}

// plain shortens a loader error to its last part, without Go's words.
func plain(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && len(s)-i > 12 {
		s = s[i+2:]
	}
	return s
}

// OpenAPIPath is where f's openapi: key points, resolved beside the file;
// "" when the file names none (or is not a file on disk).
func OpenAPIPath(f *vendorfile.File) string {
	if f.OpenAPI == "" {
		return ""
	}
	if filepath.IsAbs(f.OpenAPI) {
		return f.OpenAPI
	}
	return filepath.Join(filepath.Dir(f.Source), filepath.FromSlash(f.OpenAPI))
}

// CheckFile loads the description at spec and checks f against it.
func CheckFile(f *vendorfile.File, spec string) (vendorfile.Problems, error) {
	doc, err := Load(spec)
	if err != nil {
		return nil, err
	}
	return Check(f, doc, filepath.Base(spec)), nil
}

// Check proves f against the description doc (named name in messages).
// Each mismatch is one problem, with the file's line and key.
func Check(f *vendorfile.File, doc *openapi3.T, name string) vendorfile.Problems {
	c := &checker{f: f, doc: doc, name: name}
	for _, o := range []struct {
		key string
		op  *vendorfile.Operation
	}{{"list", f.List}, {"get", f.Get}, {"create", f.Create}, {"update", f.Update}, {"delete", f.Delete}, {"test", f.Test}} {
		if o.op != nil {
			c.operation(o.key, o.op)
		}
	}
	c.errors()
	return c.probs
}

type checker struct {
	f     *vendorfile.File
	doc   *openapi3.T
	name  string
	probs vendorfile.Problems
	// errAnswers are the schemas of the error answers (4xx, 5xx, default)
	// of the file's operations that the description gives a body.
	errAnswers []*openapi3.SchemaRef
	seen       map[string]bool
}

func (c *checker) report(key, format string, args ...any) {
	p := c.f.Problem(key, format, args...)
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if s := p.Error(); !c.seen[s] {
		c.seen[s] = true
		c.probs = append(c.probs, p)
	}
}

// operation checks one of the file's operations.
func (c *checker) operation(key string, op *vendorfile.Operation) {
	method := strings.ToUpper(op.Method)
	docPath, item := c.findPath(op.Path)
	if item == nil {
		c.report(key+".path", "%s is not a path of %s", op.Path, c.name)
		return
	}
	o := item.GetOperation(method)
	if o == nil {
		var have []string
		for m := range item.Operations() {
			have = append(have, m)
		}
		sort.Strings(have)
		c.report(key+".method", "%s %s is not in %s (it has %s)", method, docPath, c.name, strings.Join(have, ", "))
		return
	}
	what := method + " " + docPath
	if o.OperationID != "" {
		what += " (" + o.OperationID + ")"
	}
	c.request(key, op, o, what)
	c.answers(key, op, o, what)
}

// findPath finds the description's path for a file's path template: the
// same segments, any parameter matching any parameter; the base URL's and
// the servers' own path prefixes are allowed for.
func (c *checker) findPath(p string) (string, *openapi3.PathItem) {
	want := []string{norm(p)}
	if u, err := url.Parse(c.f.BaseURL); err == nil && strings.Trim(u.Path, "/") != "" {
		want = append(want, norm(strings.TrimRight(u.Path, "/")+p))
	}
	prefixes := []string{""}
	for _, s := range c.doc.Servers {
		if u, err := url.Parse(s.URL); err == nil && strings.Trim(u.Path, "/") != "" {
			prefixes = append(prefixes, strings.TrimRight(u.Path, "/"))
		}
	}
	paths := c.doc.Paths.InMatchingOrder()
	for _, dp := range paths {
		for _, pre := range prefixes {
			if slices.Contains(want, norm(pre+dp)) {
				return dp, c.doc.Paths.Value(dp)
			}
		}
	}
	return "", nil
}

// norm makes a path template comparable: every {param} is {}, and a
// trailing slash is dropped.
func norm(p string) string {
	segs := strings.Split(strings.TrimRight(p, "/"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// request checks every member the operation writes against its request
// schema.
func (c *checker) request(key string, op *vendorfile.Operation, o *openapi3.Operation, what string) {
	type member struct{ key, path string }
	var ms []member
	inner := func(k, p string) {
		if op.Wrap != "" {
			p = op.Wrap + "." + p
		}
		ms = append(ms, member{k, p})
	}
	fields := c.f.Fields
	switch key {
	case "create", "update":
		if !op.Replace {
			for _, fw := range []struct{ name, key, path string }{
				{webhook.FieldURL, "fields.url", fields.URL},
				{webhook.FieldDescription, "fields.description", fields.Description},
				{webhook.FieldEvents, "fields.events", fields.Events},
			} {
				if fw.path != "" && writes(op, fw.name) {
					inner(fw.key, fw.path)
				}
			}
			if a := fields.Active; a.Path != "" && writes(op, webhook.FieldActive) {
				if a.Write != nil {
					inner("fields.active.write", a.Write.Path)
				} else {
					inner("fields.active", a.Path)
				}
			}
		}
		for _, p := range sortedKeys(op.Defaults) {
			inner(key+".defaults."+p, p)
		}
		if op.IdempotencyKey != "" {
			ms = append(ms, member{key + ".idempotency-key", op.IdempotencyKey})
		}
		if key == "update" {
			for _, name := range sortedKeys(c.f.Settings) {
				inner("settings."+name, c.f.Settings[name])
			}
		}
	case "test":
		for _, p := range leaves(op.Body, "") {
			ms = append(ms, member{"test.body." + p, p})
		}
	}
	if len(ms) == 0 {
		return
	}
	ctype := "application/json"
	if c.f.Encoding == "form" {
		ctype = "application/x-www-form-urlencoded"
	}
	var schema *openapi3.SchemaRef
	if o.RequestBody != nil && o.RequestBody.Value != nil {
		if mt := o.RequestBody.Value.Content.Get(ctype); mt != nil {
			schema = mt.Schema
		}
	}
	if schema == nil {
		c.report(ms[0].key, "%s takes no %s request body in %s, but the file writes %s", what, ctype, c.name, ms[0].path)
		return
	}
	for _, m := range ms {
		if !has(schema, split(m.path), 0) {
			c.report(m.key, "%s is not in the request schema of %s", m.path, what)
		}
	}
}

func writes(op *vendorfile.Operation, name string) bool {
	return len(op.Writes) == 0 || slices.Contains(op.Writes, name)
}

// leaves are the dotted paths of a template body's members.
func leaves(m map[string]any, prefix string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		if sub, ok := m[k].(map[string]any); ok && len(sub) > 0 {
			out = append(out, leaves(sub, p)...)
			continue
		}
		out = append(out, p)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// answers checks every path the file reads in the operation's successful
// answers, and collects its error answers' schemas.
func (c *checker) answers(key string, op *vendorfile.Operation, o *openapi3.Operation, what string) {
	if o.Responses == nil {
		return
	}
	var ok []*openapi3.SchemaRef
	for status, r := range o.Responses.Map() {
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil {
			continue
		}
		if strings.HasPrefix(status, "2") {
			ok = append(ok, mt.Schema)
		} else {
			c.errAnswers = append(c.errAnswers, mt.Schema)
		}
	}
	if len(ok) == 0 {
		return
	}
	var reads []struct{ key, path string }
	read := func(k, p string) {
		if p != "" {
			reads = append(reads, struct{ key, path string }{k, p})
		}
	}
	var within string
	switch key {
	case "list":
		read("list.items", op.Items)
		if pg := op.Page; pg != nil && !pg.Link {
			read("list.page.cursor", pg.Cursor)
			read("list.page.more", pg.More)
		}
		within = op.Items
		if within == "" {
			within = "[]"
		} else {
			within += ".[]"
		}
	case "get", "create", "update":
		read(key+".item", op.Item)
		within = op.Item
	default:
		return
	}
	for i, r := range reads {
		if !c.needs(ok, r.key, r.path, what) && i == 0 {
			return // the webhooks are not where the file looks: its fields cannot be either
		}
	}
	f := c.f.Fields
	for _, fr := range []struct{ key, path string }{
		{"fields.id", f.ID}, {"fields.url", f.URL}, {"fields.description", f.Description},
		{"fields.events", f.Events}, {"fields.active", f.Active.Path}, {"fields.secret", f.Secret},
	} {
		if fr.path == "" {
			continue
		}
		p := fr.path
		if within != "" {
			p = within + "." + p
		}
		if !anyHas(ok, split(p)) {
			in := "the answer"
			if key == "list" {
				in = "a listed item"
			}
			c.report(fr.key, "%s is not in %s of %s", fr.path, in, what)
		}
	}
}

// needs reports a path none of the answers' schemas has.
func (c *checker) needs(schemas []*openapi3.SchemaRef, key, path, what string) bool {
	if !anyHas(schemas, split(path)) {
		c.report(key, "%s is not in the answer of %s", path, what)
		return false
	}
	return true
}

// errors checks that a message path of the file is in the error answers
// the description gives a body, if it gives any.
func (c *checker) errors() {
	if len(c.errAnswers) == 0 || len(c.f.Errors.Message) == 0 {
		return
	}
	for _, p := range c.f.Errors.Message {
		if anyHas(c.errAnswers, split(p)) {
			return
		}
	}
	c.report("errors.message", "none of %s is in the error answers %s describes", strings.Join(c.f.Errors.Message, ", "), c.name)
}

func split(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

func anyHas(schemas []*openapi3.SchemaRef, segs []string) bool {
	for _, s := range schemas {
		if has(s, segs, 0) {
			return true
		}
	}
	return false
}

// has reports whether the schema s has the member path segs: a name is a
// property (or one an open object allows), a number or [] an array's item,
// * any member of an object; allOf, oneOf and anyOf are looked into.
func has(s *openapi3.SchemaRef, segs []string, depth int) bool {
	if s == nil || s.Value == nil || depth > 64 {
		return false
	}
	if len(segs) == 0 {
		return true
	}
	v := s.Value
	for _, group := range []openapi3.SchemaRefs{v.AllOf, v.OneOf, v.AnyOf} {
		for _, sub := range group {
			if has(sub, segs, depth+1) {
				return true
			}
		}
	}
	seg, rest := segs[0], segs[1:]
	if v.Items != nil {
		if _, err := strconv.Atoi(seg); err == nil || seg == "[]" {
			return has(v.Items, rest, depth+1)
		}
	}
	if p, ok := v.Properties[seg]; ok {
		return has(p, rest, depth+1)
	}
	if ap := v.AdditionalProperties; ap.Schema != nil {
		return has(ap.Schema, rest, depth+1)
	} else if ap.Has != nil && *ap.Has {
		return true
	}
	if seg == "*" && len(v.Properties) > 0 {
		for _, p := range v.Properties {
			if has(p, rest, depth+1) {
				return true
			}
		}
	}
	return false
}
