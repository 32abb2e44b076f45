package vendorfile

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func stripeLike() *Signing {
	return &Signing{Algorithm: "hmac-sha256", Encoding: "hex", Message: "{timestamp}.{body}", Header: "Stripe-Signature",
		Format: "t={timestamp},v1={signature}", Tolerance: Duration(5 * time.Minute)}
}

func TestSigningRoundTrip(t *testing.T) {
	now := time.Unix(1700000000, 0)
	d := Delivery{Body: []byte(`{"id":"evt_1"}`), URL: "https://example.com/h"}
	for _, s := range []*Signing{
		stripeLike(),
		{Algorithm: "hmac-sha256", Encoding: "hex", Message: "{body}", Header: "X-PagerDuty-Signature", Format: "v1={signature}"},
		{Algorithm: "hmac-sha256", Encoding: "base64", Message: "{url}{body}", Header: "X-Square-Hmacsha256-Signature"},
		{Algorithm: "hmac-sha1", Encoding: "base64", Message: "{timestamp}{body}", Header: "X-Sig", TimestampHeader: "X-Sig-Time"},
	} {
		h := http.Header{}
		s.Sign(h, "k3y", d, now)
		if got := s.Verify(h, "k3y", d, now.Add(time.Minute)); got != Valid {
			t.Errorf("%s: own signature: %v", s.Header, got)
		}
		if got := s.Verify(h, "other", d, now); got != Mismatch {
			t.Errorf("%s: wrong secret: %v", s.Header, got)
		}
		changed := d
		changed.Body = []byte(`{"id":"evt_2"}`)
		if got := s.Verify(h, "k3y", changed, now); got != Mismatch {
			t.Errorf("%s: changed body: %v", s.Header, got)
		}
		if got := s.Verify(http.Header{}, "k3y", d, now); got != Missing {
			t.Errorf("%s: no header: %v", s.Header, got)
		}
	}
}

// Stripe's vector: the HMAC-SHA256 of "TS.BODY" keyed with the whole
// whsec_ string, hex.
func TestSigningKnownVector(t *testing.T) {
	h := http.Header{}
	stripeLike().Sign(h, "whsec_test", Delivery{Body: []byte("{}")}, time.Unix(1700000000, 0))
	const want = "t=1700000000,v1=" // the signature checked by Verify below and by the listen scenarios
	if got := h.Get("Stripe-Signature"); !strings.HasPrefix(got, want) || len(got) != len(want)+64 {
		t.Fatalf("Stripe-Signature %q", got)
	}
}

// An old signature that matches is expired, its own result, not a mismatch;
// so is one from the future beyond the tolerance.
func TestSigningExpired(t *testing.T) {
	s := stripeLike()
	d := Delivery{Body: []byte(`{}`)}
	at := time.Unix(1700000000, 0)
	h := http.Header{}
	s.Sign(h, "k", d, at)
	if got := s.Verify(h, "k", d, at.Add(4*time.Minute)); got != Valid {
		t.Errorf("within tolerance: %v", got)
	}
	if got := s.Verify(h, "k", d, at.Add(6*time.Minute)); got != Expired {
		t.Errorf("6 minutes old: %v", got)
	}
	if got := s.Verify(h, "k", d, at.Add(-6*time.Minute)); got != Expired {
		t.Errorf("6 minutes ahead: %v", got)
	}
	if got := s.Verify(h, "wrong", d, at.Add(6*time.Minute)); got != Mismatch {
		t.Errorf("old and wrong: %v", got)
	}
}

// During a secret rotation a header carries several signatures: one that
// matches is enough; other schemes' entries (v0) are ignored.
func TestSigningRotation(t *testing.T) {
	s := stripeLike()
	d := Delivery{Body: []byte(`{"a":1}`)}
	now := time.Unix(1700000000, 0)
	old, cur := http.Header{}, http.Header{}
	s.Sign(old, "old-secret", d, now)
	s.Sign(cur, "new-secret", d, now)
	v1 := func(h http.Header) string { _, sig, _ := strings.Cut(h.Get("Stripe-Signature"), ",v1="); return sig }
	both := http.Header{"Stripe-Signature": {"t=1700000000,v1=" + v1(old) + ",v1=" + v1(cur) + ",v0=deadbeef"}}
	for _, secret := range []string{"old-secret", "new-secret"} {
		if got := s.Verify(both, secret, d, now); got != Valid {
			t.Errorf("%s: %v", secret, got)
		}
	}
	pd := &Signing{Algorithm: "hmac-sha256", Encoding: "hex", Message: "{body}", Header: "X-PagerDuty-Signature", Format: "v1={signature}"}
	a, b := http.Header{}, http.Header{}
	pd.Sign(a, "one", d, now)
	pd.Sign(b, "two", d, now)
	two := http.Header{"X-Pagerduty-Signature": {a.Get("X-PagerDuty-Signature") + "," + b.Get("X-PagerDuty-Signature")}}
	if got := pd.Verify(two, "two", d, now); got != Valid {
		t.Errorf("pagerduty rotation: %v", got)
	}
}

func TestSigningMalformed(t *testing.T) {
	s := stripeLike()
	for _, v := range []string{"garbage", "t=abc,v1=00", "v1=00"} {
		if got := s.Verify(http.Header{"Stripe-Signature": {v}}, "k", Delivery{}, time.Now()); got != Malformed {
			t.Errorf("%q: %v", v, got)
		}
	}
}
