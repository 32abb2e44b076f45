// Package vendors_test holds the contract tests of the built-in vendor
// files that need a vendor's own tools: here, Stripe's official mock server
// (stripe-mock) and the event schema of Stripe's OpenAPI description.
package vendors_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// stripeMock is the version of Stripe's mock server whose spec3.json the
// OpenAPI file beside stripe.yaml is cut from.
const stripeMock = "github.com/stripe/stripe-mock@v0.203.0"

// startStripeMock builds stripe-mock from the Go module proxy (cached by
// the build cache after the first run) and starts it on loopback; it is
// stopped when the test ends.
func startStripeMock(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds stripe-mock")
	}
	bin := t.TempDir()
	install := exec.Command("go", "install", stripeMock)
	install.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-mod=mod")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install %s: %v\n%s", stripeMock, err, out)
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	// Both listeners on loopback: given only -http-addr, stripe-mock opens
	// HTTPS on every interface.
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "stripe-mock"), "-http-addr", "127.0.0.1:"+port, "-https-addr", "127.0.0.1:0")
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	go func() { // drain its log
		s := bufio.NewScanner(stderr)
		for s.Scan() {
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 100*time.Millisecond)
		if err == nil {
			c.Close()
			return "http://127.0.0.1:" + port
		}
		if time.Now().After(deadline) {
			t.Fatalf("stripe-mock did not listen on %s", port)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// TestStripeMockAcceptsEveryRequest: Stripe's official mock server
// validates every request against Stripe's spec; each call the stripe
// dialect makes must pass it.
func TestStripeMockAcceptsEveryRequest(t *testing.T) {
	base := startStripeMock(t)
	d, err := dialect.Lookup("stripe")
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Open(spec.Values{"api-key": "sk_test_123", spec.KeyBaseURL: base}, spec.Clients{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, err := b.List(ctx)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(ws) == 0 || ws[0].ID == "" || ws[0].URL == "" {
		t.Fatalf("list read nothing from stripe-mock's fixture: %+v", ws)
	}
	id := ws[0].ID
	if _, err := b.Get(ctx, id); err != nil {
		t.Fatalf("get: %v", err)
	}
	desc, on := "orders", false
	created, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/stripe"), Description: &desc,
		Events: []string{"charge.succeeded", "charge.failed"}, Active: &on})
	if err != nil {
		t.Fatalf("create with every flag: %v", err)
	}
	if created.ID == "" {
		t.Fatalf("create read no id: %+v", created)
	}
	if _, err := b.Create(ctx, webhook.Changes{URL: ptr("https://example.com/all"), Events: []string{"*"}}); err != nil {
		t.Fatalf("create with every event: %v", err)
	}
	yes := true
	if _, err := b.Update(ctx, id, webhook.Changes{URL: ptr("https://example.com/moved"), Description: &desc,
		Events: []string{"invoice.paid"}, Active: &yes}); err != nil {
		t.Fatalf("update: %v", err)
	}
	schema := b.Schema()
	for _, set := range [][2]string{{"description", "new"}, {"active", "false"}, {"events", "customer.created,invoice.paid"},
		{"url", "https://example.com/x"}, {"metadata.order_id", "42"}, {"metadata.order_id", ""}} {
		f, err := schema.LookupField(set[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.(webhook.FieldSetter).SetField(ctx, id, f, set[1]); err != nil {
			t.Fatalf("set-field %s %q: %v", set[0], set[1], err)
		}
	}
	if err := b.Delete(ctx, id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	// deliveries: the account's events, a page and one of them.
	log := b.(webhook.DeliveryLogger)
	events, _, err := log.Deliveries(ctx, "", 10, "")
	if err != nil || len(events) == 0 || events[0].ID == "" || events[0].Event == "" || events[0].DeliveredAt.IsZero() {
		t.Fatalf("deliveries: %+v, %v", events, err)
	}
	if _, _, err := b.(webhook.DeliveryStatusFilter).DeliveriesByStatus(ctx, "", "failed", 10, ""); err != nil {
		t.Fatalf("deliveries --failed: %v", err)
	}
	if one, err := log.Delivery(ctx, "", events[0].ID); err != nil || one.ID != events[0].ID {
		t.Fatalf("one event: %+v, %v", one, err)
	}
	// An answer stripe-mock refuses is the vendor's error, read as Stripe's.
	bad, _ := d.Open(spec.Values{"api-key": "sk_test_123", spec.KeyBaseURL: base}, spec.Clients{})
	_, err = bad.Create(ctx, webhook.Changes{URL: ptr("https://example.com/x"), Events: []string{"no.such.event"}})
	var api *webhook.APIError
	if !errors.As(err, &api) || api.Status != 400 || api.Message == "" {
		t.Fatalf("an event stripe-mock refuses: %v", err)
	}
}

func ptr(s string) *string { return &s }

// TestStripeSamplesMatchTheEventSchema: every event `hookctl trigger`
// sends for Stripe is an event object as Stripe's OpenAPI description
// defines it.
func TestStripeSamplesMatchTheEventSchema(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi/stripe-webhooks-openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	event := doc.Components.Schemas["event"]
	if event == nil {
		t.Fatal("no event schema")
	}
	d, err := dialect.Lookup("stripe")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range d.Samples.Events {
		_, body, err := d.Samples.Sample(name, webhook.Webhook{URL: "https://example.com/h"}, time.Now())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		raw, _ := json.Marshal(body)
		var v any
		_ = json.Unmarshal(raw, &v)
		if err := event.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
			t.Errorf("%s: not a Stripe event: %s", name, firstLine(err))
		}
		if !strings.HasPrefix(fmt.Sprint(v.(map[string]any)["id"]), "evt_") || v.(map[string]any)["type"] != name {
			t.Errorf("%s: id %v, type %v", name, v.(map[string]any)["id"], v.(map[string]any)["type"])
		}
	}
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
