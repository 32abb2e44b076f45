package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Standard Webhooks headers (standardwebhooks.com): the message id, the
// Unix time it was sent and the space-separated "v1,BASE64" signatures.
const (
	StandardIDHeader        = "Webhook-Id"
	StandardTimestampHeader = "Webhook-Timestamp"
	StandardSignatureHeader = "Webhook-Signature"
)

// StandardSecretPrefix starts a Standard Webhooks secret; the rest is the
// base64 of the key.
const StandardSecretPrefix = "whsec_"

// StandardTolerance is how far a Standard Webhooks timestamp (and an RFC
// 9421 created/expires) may be from the receiver's clock.
const StandardTolerance = 5 * time.Minute

// Errors returned (wrapped) by StandardVerify.
var (
	// ErrBadSecret: the secret is not a whsec_ base64 key.
	ErrBadSecret = errors.New("secret is not a Standard Webhooks key (whsec_ followed by base64)")
	// ErrExpired: the signature's time is outside the tolerance.
	ErrExpired = errors.New("signature expired")
)

// StandardKey decodes a Standard Webhooks secret: "whsec_" and the base64
// of the key (the prefix may be left out).
func StandardKey(secret string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, StandardSecretPrefix))
	if err != nil || len(b) == 0 {
		return nil, ErrBadSecret
	}
	return b, nil
}

// StandardSign returns the webhook-signature value ("v1,BASE64") for a
// message: HMAC-SHA256 over "id.timestamp.body" keyed with the decoded
// secret.
func StandardSign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := StandardKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(standardMAC(key, id, strconv.FormatInt(ts.Unix(), 10), body)), nil
}

// StandardSignHeader sets webhook-id, webhook-timestamp and
// webhook-signature on h.
func StandardSignHeader(h http.Header, secret, id string, ts time.Time, body []byte) error {
	sig, err := StandardSign(secret, id, ts, body)
	if err != nil {
		return err
	}
	h.Set(StandardIDHeader, id)
	h.Set(StandardTimestampHeader, strconv.FormatInt(ts.Unix(), 10))
	h.Set(StandardSignatureHeader, sig)
	return nil
}

// StandardVerify checks a Standard Webhooks signature: the headers must be
// present, the timestamp within StandardTolerance of now, and one of the
// v1 signatures must match (constant-time). Errors wrap ErrMissingSignature,
// ErrMalformedSignature, ErrBadSecret, ErrExpired or ErrSignatureMismatch.
func StandardVerify(h http.Header, body []byte, secret string, now time.Time) error {
	id, ts, sigs := h.Get(StandardIDHeader), h.Get(StandardTimestampHeader), h.Get(StandardSignatureHeader)
	if id == "" || ts == "" || sigs == "" {
		return fmt.Errorf("%w: webhook-id, webhook-timestamp and webhook-signature are all needed", ErrMissingSignature)
	}
	key, err := StandardKey(secret)
	if err != nil {
		return err
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(ts), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: webhook-timestamp %q is not Unix seconds", ErrMalformedSignature, ts)
	}
	if err := checkWindow(time.Unix(sec, 0), time.Time{}, now); err != nil {
		return err
	}
	want := standardMAC(key, id, strings.TrimSpace(ts), body)
	for _, s := range strings.Fields(sigs) {
		v, b64, ok := strings.Cut(s, ",")
		if !ok || v != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(b64)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return fmt.Errorf("%w (webhook-signature)", ErrSignatureMismatch)
}

func standardMAC(key []byte, id, ts string, body []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id))
	mac.Write([]byte{'.'})
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return mac.Sum(nil)
}

// checkWindow fails when created is more than StandardTolerance in the
// future, or more than StandardTolerance in the past (a zero created is not
// checked), or when expires (if set) is more than StandardTolerance past.
func checkWindow(created, expires, now time.Time) error {
	if !created.IsZero() {
		if d := now.Sub(created); d > StandardTolerance {
			return fmt.Errorf("%w: signed %s ago (tolerance %s)", ErrExpired, d.Round(time.Second), StandardTolerance)
		} else if -d > StandardTolerance {
			return fmt.Errorf("%w: signed %s in the future (tolerance %s)", ErrExpired, (-d).Round(time.Second), StandardTolerance)
		}
	}
	if !expires.IsZero() && now.Sub(expires) > StandardTolerance {
		return fmt.Errorf("%w: expired %s ago", ErrExpired, now.Sub(expires).Round(time.Second))
	}
	return nil
}
