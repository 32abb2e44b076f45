package signature

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The example from the Standard Webhooks specification's reference
// libraries (msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330).
func TestStandardSignKnownVector(t *testing.T) {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	body := []byte(`{"test": 2432232314}`)
	got, err := StandardSign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), body)
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Fatalf("StandardSign = %s, want %s", got, want)
	}
}

func TestStandardVerify(t *testing.T) {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"a":1}`)
	signed := func(ts time.Time) http.Header {
		h := http.Header{}
		if err := StandardSignHeader(h, secret, "msg_1", ts, body); err != nil {
			t.Fatal(err)
		}
		return h
	}
	if err := StandardVerify(signed(now), body, secret, now); err != nil {
		t.Fatalf("fresh signature: %v", err)
	}
	// Several signatures (key rotation): one matching is enough.
	h := signed(now)
	h.Set(StandardSignatureHeader, "v1,AAAA "+h.Get(StandardSignatureHeader))
	if err := StandardVerify(h, body, secret, now); err != nil {
		t.Fatalf("second of two signatures: %v", err)
	}
	for name, c := range map[string]struct {
		h    http.Header
		body []byte
		key  string
		want error
	}{
		"old":        {signed(now.Add(-6 * time.Minute)), body, secret, ErrExpired},
		"future":     {signed(now.Add(6 * time.Minute)), body, secret, ErrExpired},
		"body":       {signed(now), []byte(`{"a":2}`), secret, ErrSignatureMismatch},
		"other key":  {signed(now), body, "whsec_" + strings.Repeat("A", 32), ErrSignatureMismatch},
		"not base64": {signed(now), body, "plain secret!", ErrBadSecret},
		"no headers": {http.Header{}, body, secret, ErrMissingSignature},
	} {
		if err := StandardVerify(c.h, c.body, c.key, now); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
	if err := StandardVerify(signed(now.Add(-4*time.Minute)), body, secret, now); err != nil {
		t.Errorf("4 minutes old is within the tolerance: %v", err)
	}
}

func TestRFC9421Freshness(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for name, c := range map[string]struct {
		input     string
		want      error
		wantNonce string
	}{
		"fresh":           {`sig=("@method");created=1700000000;nonce="n1"`, nil, "n1"},
		"expires passed":  {`sig=("@method");created=1699999000;expires=1699999100`, ErrExpired, ""},
		"expires ahead":   {`sig=("@method");created=1699999990;expires=1700000100`, nil, ""},
		"created old":     {`sig=("@method");created=1699999000`, ErrExpired, ""},
		"created future":  {`sig=("@method");created=1700001000`, ErrExpired, ""},
		"expires in tol.": {`sig=("@method");expires=1699999900`, nil, ""},
		"bad created":     {`sig=("@method");created="x"`, ErrMalformedSignature, ""},
	} {
		h := http.Header{"Signature-Input": {c.input}}
		nonce, err := RFC9421Freshness(h, now)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
		if nonce != c.wantNonce {
			t.Errorf("%s: nonce = %q, want %q", name, nonce, c.wantNonce)
		}
	}
}
