package dialect_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/internal/contracttest"
	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/filevendor"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/vendorfile"
	"github.com/hookctl/hookctl/pkg/vendorfile/openapicheck"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// builtinVendorFiles are the built-in dialects made from a vendor file
// that names its vendor's OpenAPI description (in vendors/openapi, kept in
// the repository, not in the binary).
func builtinVendorFiles(t *testing.T) []*vendorfile.File {
	t.Helper()
	dialect.UseVendorFiles("", nil, nil)
	var out []*vendorfile.File
	for _, d := range dialect.All() {
		if !strings.HasPrefix(d.Source, "built-in ") {
			continue
		}
		data, _, ok, err := dialect.VendorFile(d.Name)
		if err != nil || !ok {
			t.Fatalf("%s: %v", d.Name, err)
		}
		f, err := vendorfile.Parse(filepath.Join("vendors", strings.TrimPrefix(d.Source, "built-in ")), data)
		if err != nil {
			t.Fatal(err)
		}
		if f.OpenAPI == "" {
			t.Errorf("%s: the built-in vendor file names no openapi: description", f.Source)
			continue
		}
		out = append(out, f)
	}
	return out
}

// Each built-in vendor file agrees with its vendor's OpenAPI description,
// as `hookctl vendor check` proves it.
func TestBuiltinVendorFilesAgreeWithOpenAPI(t *testing.T) {
	for _, f := range builtinVendorFiles(t) {
		probs, err := openapicheck.CheckFile(f, openapicheck.OpenAPIPath(f))
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		for _, p := range probs {
			t.Errorf("%v", p)
		}
	}
}

// The contract tests drive each built-in file vendor's dialect against its
// sandbox emulator through every operation, and check every request the
// dialect sends and every answer the emulator gives against the vendor's
// published OpenAPI description.
func TestFileVendorContracts(t *testing.T) {
	for _, f := range builtinVendorFiles(t) {
		t.Run(f.Name, func(t *testing.T) { fileVendorContract(t, f) })
	}
}

func fileVendorContract(t *testing.T, f *vendorfile.File) {
	d, err := dialect.Lookup(f.Name)
	if err != nil {
		t.Fatal(err)
	}
	em := d.Sandbox.Emulator
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{em}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	base := sandbox.InProcessRoot + em.Prefix()
	c := contracttest.Load(t, openapicheck.OpenAPIPath(f), base, sb.Transport())
	c.Statuses = true
	c.ErrorsInAnswer = true
	api, err := httpx.New(httpx.Options{Transport: c})
	if err != nil {
		t.Fatal(err)
	}
	// Pages of two webhooks, so that a list of five takes three.
	if pg := f.List.Page; pg != nil && pg.SizeParam != "" {
		pg.Size = 2
	}
	values := spec.Values{}
	for k, v := range d.Sandbox.Values {
		values[k] = v
	}
	values[spec.KeyBaseURL] = base
	open := func(v spec.Values) *filevendor.Backend {
		b, err := filevendor.Open(f, filevendor.Schema(f), v, spec.Clients{API: api, Deliver: api})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := open(values)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	recv := contracttest.Receiver(t)
	// An https URL where the vendor takes nothing else; the emulator
	// delivers to loopback only, so test deliveries go to recv.
	hookURL := func(i int) string {
		if f.Limits.HTTPS {
			return fmt.Sprintf("https://example.com/hook/%d", i)
		}
		return fmt.Sprintf("%s/hook/%d", recv, i)
	}
	ws, err := b.List(ctx)
	must(err)
	if len(ws) != 0 {
		t.Fatalf("a new sandbox lists %d webhooks", len(ws))
	}
	events := f.Events[:2]
	// changes are c without the fields the file does not map.
	mapped := func(c webhook.Changes) webhook.Changes {
		if !f.Maps(webhook.FieldDescription) {
			c.Description = nil
		}
		if !f.Maps(webhook.FieldEvents) {
			c.Events = nil
		}
		if !f.Maps(webhook.FieldActive) {
			c.Active = nil
		}
		return c
	}
	if !f.Maps(webhook.FieldEvents) {
		events = nil
	}
	var ids []string
	for i := range 5 {
		w, err := b.Create(ctx, mapped(webhook.Changes{URL: ptr(hookURL(i)), Description: ptr(fmt.Sprintf("contract %d", i)), Events: events}))
		must(err)
		ids = append(ids, w.ID)
	}
	ws, err = b.List(ctx)
	must(err)
	if got := len(ws); got != 5 {
		t.Errorf("List after 5 creates: %d webhooks", got)
	}
	w, err := b.Get(ctx, ids[0])
	must(err)
	if w.URL != hookURL(0) || !slices.Equal(w.Events, events) {
		t.Errorf("Get = %+v", w)
	}
	// An update of each field the vendor can change, one at a time and
	// all at once.
	changes := []webhook.Changes{
		{Description: ptr("changed")}, {Events: f.Events[1:3]}, {Active: ptr(false)}, {Active: ptr(true)},
		{URL: ptr(hookURL(9))},
		{Description: ptr("all"), Events: f.Events[:1], Active: ptr(true)},
	}
	for _, ch := range changes {
		if ch = mapped(ch); ch.IsEmpty() {
			continue
		}
		_, err := b.Update(ctx, ids[1], ch)
		if ch.URL != nil && f.Update.Writes != nil && !slices.Contains(f.Update.Writes, webhook.FieldURL) {
			if !errors.Is(err, webhook.ErrValidation) {
				t.Errorf("an update of the URL, which %s cannot change: %v", f.Title, err)
			}
			continue
		}
		must(err)
	}
	for _, name := range []string{webhook.FieldDescription, webhook.FieldActive} {
		fl, ok := b.Schema().Field(name)
		if !ok {
			continue
		}
		value := map[string]string{webhook.FieldDescription: "set", webhook.FieldActive: "true"}[name]
		_, err := b.SetField(ctx, ids[2], fl, value)
		must(err)
	}
	if f.Test != nil {
		_, err = b.Test(ctx, webhook.TestRequest{ID: ids[0]})
		must(err)
		event := f.Events[len(f.Events)-1]
		if f.Test.Event != "" {
			event = f.Test.Event // the only one its test sends
		}
		_, err = b.Test(ctx, webhook.TestRequest{ID: ids[0], Event: event})
		must(err)
	}
	for _, id := range ids {
		must(b.Delete(ctx, id))
	}
	// Errors, in the vendor's shape where its description gives one.
	if _, err := b.Get(ctx, ids[0]); !errors.Is(err, webhook.ErrNotFound) {
		t.Errorf("Get of a deleted webhook: %v", err)
	}
	gone := webhook.Changes{Description: ptr("x")}
	if !f.Maps(webhook.FieldDescription) {
		gone = webhook.Changes{URL: ptr(hookURL(8))}
	}
	if _, err := b.Update(ctx, ids[0], gone); !errors.Is(err, webhook.ErrNotFound) {
		t.Errorf("Update of a deleted webhook: %v", err)
	}
	bad := spec.Values{}
	for k, v := range values {
		bad[k] = v
	}
	for _, k := range f.Keys {
		if k.Secret {
			bad[k.Name] = "not-the-" + k.Name
		}
	}
	if _, err := open(bad).List(ctx); !errors.Is(err, webhook.ErrAuth) {
		t.Errorf("List with wrong credentials: %v", err)
	}
	used := map[string]bool{}
	for _, op := range []*vendorfile.Operation{f.List, f.Get, f.Create, f.Update, f.Delete, f.Test} {
		if op != nil {
			used[template(op.Path)] = true
		}
	}
	if left := c.Uncovered(func(p string) bool { return !used[template(p)] }); len(left) > 0 {
		t.Errorf("operations of the description the file uses, not exercised with a 2xx answer:\n%s", strings.Join(left, "\n"))
	}
	t.Logf("%d requests and answers checked", c.Checked())
}

// template makes path templates comparable: any {param} is {}.
func template(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

func ptr[T any](v T) *T { return &v }
