package dialect

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/httpx"
	"github.com/hookctl/hookctl/pkg/webhook"
)

func TestEveryDialectHasASchemaOfItsName(t *testing.T) {
	for _, name := range Names() {
		s, err := Schema(name)
		if err != nil || s.Dialect != name {
			t.Errorf("Schema(%q) = %v, %v", name, s, err)
		}
		if !s.Has(webhook.FieldID) || !s.Has(webhook.FieldURL) {
			t.Errorf("%s lacks id or url", name)
		}
		if len(s.KeyFields) == 0 {
			t.Errorf("%s has no natural key", name)
		}
	}
}

func TestEveryDescriptorIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range All() {
		if d.Name == "" || d.Title == "" || d.Schema == nil || d.Open == nil || len(d.Keys) == 0 {
			t.Errorf("%q: incomplete descriptor", d.Name)
		}
		if seen[d.Name] {
			t.Errorf("%s listed twice", d.Name)
		}
		seen[d.Name] = true
		if d.Sandbox.Emulator == nil || d.Sandbox.Emulator.Name() != d.Name || d.Sandbox.Profile == "" {
			t.Errorf("%s: no emulator of its name or no built-in profile", d.Name)
		}
		if d.Sandbox.Values.Get("dialect") != d.Name {
			t.Errorf("%s: sandbox profile of dialect %q", d.Name, d.Sandbox.Values.Get("dialect"))
		}
		for name := range d.Sandbox.Values {
			if _, ok := d.Key(name); !ok && name != "dialect" {
				t.Errorf("%s: sandbox value for unknown key %q", d.Name, name)
			}
		}
		if m := d.Missing(d.SandboxValues("http://localhost")); len(m) > 0 {
			t.Errorf("%s: sandbox profile lacks %v", d.Name, m)
		}
	}
}

func TestOpenEachDialect(t *testing.T) {
	c, err := httpx.New(httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clients := Clients{API: c, Deliver: c}
	for _, d := range All() {
		b, err := Open(d.Name, d.SandboxValues("http://localhost"), clients)
		if err != nil || b.Schema().Dialect != d.Name {
			t.Errorf("Open(%s) = %v, %v", d.Name, b, err)
		}
	}
}

func TestUnknownOrMissingDialectIsAValidationError(t *testing.T) {
	for _, name := range []string{"", "nosuch"} {
		_, err := Open(name, spec.Values{}, Clients{})
		if !errors.Is(err, webhook.ErrValidation) || !strings.Contains(err.Error(), strings.Join(Names(), ", ")) {
			t.Errorf("Open(%q) = %v; want a validation error listing the dialects", name, err)
		}
		if _, err := Schema(name); !errors.Is(err, webhook.ErrValidation) {
			t.Errorf("Schema(%q) = %v", name, err)
		}
	}
}

func TestTrelloRateLimitIsDocumented(t *testing.T) {
	d, _ := Lookup("trello")
	if d.RateLimit != 100 || d.RateWindow != 10*time.Second {
		t.Errorf("trello limit %d/%s, want 100/10s (per token)", d.RateLimit, d.RateWindow)
	}
	if d.RateLimitWait != 10*time.Second {
		t.Error("a Trello 429 should wait for the next 10 s window")
	}
	if d, _ := Lookup("supportbee"); d.RateLimit != 0 {
		t.Error("supportbee documents no limit")
	}
}

func TestBaseURLDerivation(t *testing.T) {
	sb, _ := Lookup("supportbee")
	if got := sb.BaseURL(spec.Values{"company": "Acme"}); got != "https://acme.supportbee.com" {
		t.Errorf("supportbee base from company: %q", got)
	}
	if got := sb.BaseURL(spec.Values{"company": "acme", "base-url": "http://localhost:1"}); got != "http://localhost:1" {
		t.Errorf("base-url should win: %q", got)
	}
	tr, _ := Lookup("trello")
	if got := tr.BaseURL(nil); got != "https://api.trello.com/1" {
		t.Errorf("trello default: %q", got)
	}
	en, _ := Lookup("entrust")
	if got := en.BaseURL(nil); got != "" {
		t.Errorf("entrust has no default: %q", got)
	}
}

// A zero configuration is refused with a message, never a panic, and the
// zero Clients are default ones: what a Go program gets without settings.
func TestZeroValuesAndClients(t *testing.T) {
	for _, d := range All() {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: Open with zero values panicked: %v", d.Name, r)
				}
			}()
			if _, err := d.Open(nil, Clients{}); !errors.Is(err, webhook.ErrValidation) {
				t.Errorf("%s: Open(nil) = %v, want a validation error", d.Name, err)
			}
			if b, err := d.Open(d.SandboxValues("http://localhost"), Clients{}); err != nil || b == nil {
				t.Errorf("%s: Open with credentials and no clients = %v", d.Name, err)
			}
		}()
	}
}

// Every signer verifies what it signs, and only with the right secret.
func TestSignersRoundTrip(t *testing.T) {
	const cb = "http://127.0.0.1:8080/hook"
	body := []byte(`{"event":"x"}`)
	for _, d := range All() {
		s := d.Signing.Signer
		if s == nil {
			continue
		}
		h := http.Header{}
		if s.Signed(h) {
			t.Errorf("%s: an empty header counts as signed", d.Name)
		}
		s.Sign(h, body, "s3cret", cb)
		if !s.Signed(h) {
			t.Errorf("%s: Signed is false after Sign", d.Name)
		}
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, cb, bytes.NewReader(body))
			for k, v := range h {
				r.Header[k] = v
			}
			return r
		}
		for secret, want := range map[string]spec.Result{"s3cret": spec.Verified, "wrong": spec.Failed, "": spec.NoSecret} {
			if got := s.Verify(req(), body, secret, cb); got.Result != want || len(got.Schemes) == 0 {
				t.Errorf("%s: Verify with secret %q = %+v, want %s", d.Name, secret, got, want)
			}
		}
		if got := s.Verify(req(), []byte(`{"event":"y"}`), "s3cret", cb); got.Result != spec.Failed {
			t.Errorf("%s: a changed body verified: %+v", d.Name, got)
		}
	}
}
