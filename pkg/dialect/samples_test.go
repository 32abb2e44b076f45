package dialect_test

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// Every sample of every dialect is JSON that the dialect reads back as its
// event, is signed so that the dialect's own Verify accepts it, and is not
// byte-identical to the next sample of the same event when the vendor
// signs (fresh ids: a verifying receiver would take it for a replay).
func TestSamples(t *testing.T) {
	const target = "http://127.0.0.1:8080/hook"
	for _, d := range dialect.All() {
		if d.Samples == nil {
			t.Errorf("%s: no samples", d.Name)
			continue
		}
		s := d.Samples
		if len(s.Events) == 0 || !contains(s.Events, s.DefaultEvent) {
			t.Errorf("%s: default event %q not among %v", d.Name, s.DefaultEvent, s.Events)
		}
		for _, event := range s.Events {
			h, body, err := s.Sample(event, webhook.Webhook{URL: target}, time.Now())
			if err != nil {
				t.Fatalf("%s %s: %v", d.Name, event, err)
			}
			raw, err := json.Marshal(body)
			if err != nil {
				t.Fatalf("%s %s: %v", d.Name, event, err)
			}
			if got := s.Event(h, raw); got != event && !strings.HasPrefix(got, event+".") {
				t.Errorf("%s %s: the dialect reads its own sample as event %q", d.Name, event, got)
			}
			if mt, _, err := mime.ParseMediaType(h.Get("Content-Type")); err != nil || mt != "application/json" {
				t.Errorf("%s %s: Content-Type %q", d.Name, event, h.Get("Content-Type"))
			}
			if d.Signing.Signer != nil {
				verify(t, d, h, raw, target)
			}
			_, again, _ := s.Sample(event, webhook.Webhook{URL: target}, time.Now())
			raw2, _ := json.Marshal(again)
			if d.Signing.Signer != nil && bytes.Equal(raw, raw2) && h.Get("X-GitHub-Delivery") == "" {
				t.Errorf("%s %s: two samples are identical (a receiver would take the second for a replay)", d.Name, event)
			}
		}
		for _, junk := range []string{"", "not json", `[]`, `{"unrelated":1}`} {
			if got := s.Event(http.Header{}, []byte(junk)); got != "" {
				t.Errorf("%s: %q read as event %q", d.Name, junk, got)
			}
		}
		if _, _, err := s.Sample("no.such.event", webhook.Webhook{URL: target}, time.Now()); err == nil {
			t.Errorf("%s: a sample of an unknown event", d.Name)
		}
	}
}

func verify(t *testing.T, d *spec.Descriptor, h http.Header, body []byte, target string) {
	t.Helper()
	d.Signing.Signer.Sign(h, body, "k3y", target)
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	r.Header = h
	if got := d.Signing.Signer.Verify(r, body, "k3y", target); got.Result != spec.Verified {
		t.Errorf("%s: own sample not verified: %+v", d.Name, got)
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
