// Package openapicheck proves a vendor file against the vendor's OpenAPI
// description: every operation's method and path exist in it, every
// request member the file writes is in that operation's request schema,
// every answer path it reads is in the answer's schema, and the error
// answers the description lists carry the message where the file looks.
//
// It reads the few parts of an OpenAPI 3 description it needs (paths,
// operations, request and answer schemas, local $refs) with the YAML
// parser hookctl already has, not with an OpenAPI library: kin-openapi's
// JSON Schema validator costs every start of hookctl several milliseconds
// of package initialization and 3.7 MB of binary, for one command. The
// contract tests still check traffic with kin-openapi.
//
// Stability: Check, CheckFile, Load, OpenAPIPath and Doc are part of
// hookctl's Go API.
package openapicheck

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Doc is an OpenAPI 3 description, as read by Load.
type Doc struct {
	root map[string]any
}

// maxDocSize bounds a description: Stripe's whole spec3.json is 7 MB.
const maxDocSize = 32 << 20

// Load reads an OpenAPI 3 description (JSON or YAML) from a file. A
// description that cannot be read is a usage error.
func Load(path string) (*Doc, error) {
	bad := func(format string, args ...any) error {
		return &vendorfile.Error{File: path, Msg: fmt.Sprintf(format, args...)}
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, bad("no such file")
	case err != nil:
		return nil, bad("cannot be read")
	case !st.Mode().IsRegular():
		return nil, bad("is not a regular file")
	case st.Size() > maxDocSize:
		return nil, bad("is larger than %d MiB", maxDocSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, bad("cannot be read")
	}
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil || root == nil {
		return nil, bad("is not JSON or YAML holding an OpenAPI description")
	}
	if v, _ := root["openapi"].(string); !strings.HasPrefix(v, "3.") {
		return nil, bad("is not an OpenAPI 3 description (no openapi: 3.x)")
	}
	d := &Doc{root: root}
	if len(d.paths()) == 0 {
		return nil, bad("describes no paths")
	}
	return d, nil
}

func (d *Doc) paths() map[string]any { return obj(d.root["paths"]) }

// obj is v as an object, nil when it is not one.
func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// deref follows v's local $ref ("#/components/schemas/Hook"), hop by hop.
func (d *Doc) deref(v any) map[string]any {
	m := obj(v)
	for range 32 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		ptr, ok := strings.CutPrefix(ref, "#/")
		if !ok {
			return nil // another file's: not followed
		}
		var cur any = d.root
		for _, tok := range strings.Split(ptr, "/") {
			tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
			tok, _ = url.PathUnescape(tok)
			cur = obj(cur)[tok]
		}
		m = obj(cur)
	}
	return nil
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
// Each mismatch is one problem, with the file's line and key, in the
// order of the file's lines.
func Check(f *vendorfile.File, doc *Doc, name string) vendorfile.Problems {
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
	sort.SliceStable(c.probs, func(i, j int) bool { return c.probs[i].Line < c.probs[j].Line })
	return c.probs
}

type checker struct {
	f     *vendorfile.File
	doc   *Doc
	name  string
	probs vendorfile.Problems
	// errAnswers are the schemas of the error answers (4xx, 5xx, default)
	// of the file's operations that the description gives a body.
	errAnswers []any
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
	o := c.doc.deref(item[strings.ToLower(method)])
	if o == nil {
		var have []string
		for m := range item {
			if slices.Contains(methods, m) {
				have = append(have, strings.ToUpper(m))
			}
		}
		sort.Strings(have)
		c.report(key+".method", "%s %s is not in %s (it has %s)", method, docPath, c.name, strings.Join(have, ", "))
		return
	}
	what := method + " " + docPath
	if id, _ := o["operationId"].(string); id != "" {
		what += " (" + id + ")"
	}
	c.request(key, op, o, what)
	c.answers(key, op, o, what)
}

// findPath finds the description's path for a file's path template: the
// same segments, any parameter matching any parameter; the base URL's and
// the servers' own path prefixes are allowed for.
func (c *checker) findPath(p string) (string, map[string]any) {
	want := []string{norm(p)}
	if u, err := url.Parse(c.f.BaseURL); err == nil && strings.Trim(u.Path, "/") != "" {
		want = append(want, norm(strings.TrimRight(u.Path, "/")+p))
	}
	prefixes := []string{""}
	servers, _ := c.doc.root["servers"].([]any)
	for _, s := range servers {
		su, _ := obj(s)["url"].(string)
		if u, err := url.Parse(su); err == nil && strings.Trim(u.Path, "/") != "" {
			prefixes = append(prefixes, strings.TrimRight(u.Path, "/"))
		}
	}
	paths := c.doc.paths()
	for _, dp := range sortedKeys(paths) {
		for _, pre := range prefixes {
			if slices.Contains(want, norm(pre+dp)) {
				return dp, c.doc.deref(paths[dp])
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
func (c *checker) request(key string, op *vendorfile.Operation, o map[string]any, what string) {
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
	schema := c.schemaOf(c.doc.deref(o["requestBody"]), ctype)
	if schema == nil {
		c.report(ms[0].key, "%s takes no %s request body in %s, but the file writes %s", what, ctype, c.name, ms[0].path)
		return
	}
	for _, m := range ms {
		if !c.has(schema, split(m.path), 0) {
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
func (c *checker) answers(key string, op *vendorfile.Operation, o map[string]any, what string) {
	var ok []any
	responses := obj(o["responses"])
	for _, status := range sortedKeys(responses) {
		schema := c.schemaOf(c.doc.deref(responses[status]), "application/json")
		if schema == nil {
			continue
		}
		if strings.HasPrefix(status, "2") {
			ok = append(ok, schema)
		} else {
			c.errAnswers = append(c.errAnswers, schema)
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
		if !c.anyHas(ok, split(p)) {
			in := "the answer"
			if key == "list" {
				in = "a listed item"
			}
			c.report(fr.key, "%s is not in %s of %s", fr.path, in, what)
		}
	}
}

// needs reports a path none of the answers' schemas has.
func (c *checker) needs(schemas []any, key, path, what string) bool {
	if !c.anyHas(schemas, split(path)) {
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
		if c.anyHas(c.errAnswers, split(p)) {
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

func (c *checker) anyHas(schemas []any, segs []string) bool {
	for _, s := range schemas {
		if c.has(s, segs, 0) {
			return true
		}
	}
	return false
}

// has reports whether the schema s has the member path segs: a name is a
// property (or one an open object allows), a number or [] an array's item,
// * any member of an object; allOf, oneOf and anyOf are looked into.
func (c *checker) has(s any, segs []string, depth int) bool {
	v := c.doc.deref(s)
	if v == nil || depth > 64 {
		return false
	}
	if len(segs) == 0 {
		return true
	}
	for _, group := range []string{"allOf", "oneOf", "anyOf"} {
		subs, _ := v[group].([]any)
		for _, sub := range subs {
			if c.has(sub, segs, depth+1) {
				return true
			}
		}
	}
	seg, rest := segs[0], segs[1:]
	if items, ok := v["items"]; ok {
		if _, err := strconv.Atoi(seg); err == nil || seg == "[]" {
			return c.has(items, rest, depth+1)
		}
	}
	props := obj(v["properties"])
	if p, ok := props[seg]; ok {
		return c.has(p, rest, depth+1)
	}
	switch ap := v["additionalProperties"].(type) {
	case map[string]any:
		return c.has(ap, rest, depth+1)
	case bool:
		if ap {
			return true
		}
	}
	if seg == "*" {
		for _, p := range props {
			if c.has(p, rest, depth+1) {
				return true
			}
		}
	}
	return false
}

// methods are the operations a path item may have.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// schemaOf is the schema of a request body's or an answer's content of the
// media type (application/json also takes application/*+json and a
// parameter); nil when there is none.
func (c *checker) schemaOf(r map[string]any, ctype string) any {
	content := obj(r["content"])
	for _, mt := range sortedKeys(content) {
		base, _, _ := strings.Cut(mt, ";")
		base = strings.TrimSpace(strings.ToLower(base))
		if base == ctype || ctype == "application/json" && strings.HasPrefix(base, "application/") && strings.HasSuffix(base, "+json") {
			if s, ok := obj(content[mt])["schema"]; ok {
				return s
			}
		}
	}
	return nil
}
