package dialect_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/sandbox"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// TestVendorsDocExampleWorks takes the worked example of docs/vendors.md
// as a user would (the first yaml block, saved as a user's vendor file)
// and drives its dialect against the emulator made from the same file:
// the documentation's example cannot go stale.
func TestVendorsDocExampleWorks(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "vendors.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/vendors.md has no yaml block")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "zendesk.yaml"), []byte(block), 0o600); err != nil {
		t.Fatal(err)
	}
	var reported []error
	dialect.UseVendorFiles(dir, nil, func(err error) { reported = append(reported, err) })
	t.Cleanup(func() { dialect.UseVendorFiles("", nil, nil) })
	d, err := dialect.Lookup("zendesk")
	if err != nil {
		t.Fatalf("the documented example does not load: %v", err)
	}
	if len(reported) > 0 {
		t.Fatalf("reported: %v", reported)
	}
	sb, err := sandbox.New(sandbox.Options{Emulators: []sandbox.Emulator{d.Sandbox.Emulator}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	api, _ := httpx.New(httpx.Options{Transport: sb.Transport()})
	b, err := d.Open(d.SandboxValues(sandbox.InProcessRoot), spec.Clients{API: api})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	desc := "triage"
	for i := 0; i < 3; i++ {
		if _, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/zd"), Description: &desc, Events: []string{"conditional_ticket_events"}}); err != nil {
			t.Fatalf("create: %v", err)
		}
	}
	ws, err := b.List(ctx)
	if err != nil || len(ws) != 3 {
		t.Fatalf("list: %d, %v", len(ws), err)
	}
	off := false
	w, err := b.Update(ctx, ws[0].ID, webhook.Changes{Active: &off})
	if err != nil || w.Active == nil || *w.Active || w.Description == nil || *w.Description != "triage" {
		t.Fatalf("update (a PUT of the whole webhook): %+v, %v", w, err)
	}
	if err := b.Delete(ctx, ws[1].ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := b.Get(ctx, ws[1].ID); err == nil {
		t.Fatal("a deleted webhook is still there")
	}
	// Its deliveries are signed and verified as the file says.
	h, body, err := d.Samples.Sample("conditional_ticket_events", ws[0], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	d.Signing.Signer.Sign(h, raw, "s3cret", ws[0].URL)
	r := httptest.NewRequest(http.MethodPost, ws[0].URL, strings.NewReader(string(raw)))
	r.Header = h
	if v := d.Signing.Signer.Verify(r, raw, "s3cret", ws[0].URL); v.Result != spec.Verified {
		t.Fatalf("a signed sample: %+v", v)
	}
	if v := d.Signing.Signer.Verify(r, raw, "other", ws[0].URL); v.Result != spec.Failed {
		t.Fatalf("a wrong secret: %+v", v)
	}
}
