package kit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/vendorfile"
)

// HeaderSigner is a vendor's delivery signature carried in one header: Make
// and Check are the scheme (pkg/signature), the rest is what every such
// signer says the same way.
type HeaderSigner struct {
	// Header carries the signature.
	Header string
	// Make signs body (sent to callbackURL) with secret.
	Make func(secret string, body []byte, callbackURL string) string
	// Check reports whether value signs body (sent to callbackURL).
	Check func(secret string, body []byte, callbackURL, value string) bool
	// Secret names the secret in "set the profile's secret (the …) to
	// verify".
	Secret string
	// Mismatch says what a signature that does not match may mean; {url}
	// is the callback URL.
	Mismatch string
	// ID names a delivery for replay detection ("" when it has no id).
	ID func(h http.Header, body []byte) string
	// Also is a second signature in a header of its own (GitHub's legacy
	// SHA-1), written with the first; where a delivery carries it, it
	// must match too (a receiver that checks only it would take a stale
	// copy).
	Also *HeaderSigner
}

// Sign sets the signature header.
func (s HeaderSigner) Sign(h http.Header, body []byte, secret, callbackURL string) {
	h.Set(s.Header, s.Make(secret, body, callbackURL))
	if s.Also != nil {
		s.Also.Sign(h, body, secret, callbackURL)
	}
}

// Signed reports whether h carries the signature header.
func (s HeaderSigner) Signed(h http.Header) bool { return h.Get(s.Header) != "" }

// DeliveryID names the delivery, for replay detection.
func (s HeaderSigner) DeliveryID(h http.Header, body []byte) string {
	if s.ID == nil {
		return ""
	}
	return s.ID(h, body)
}

// Verify checks the signature header: none and no secret is unsigned, a
// signature without a secret cannot be checked, else it matches or not.
func (s HeaderSigner) Verify(r *http.Request, body []byte, secret, callbackURL string) spec.Verification {
	value := r.Header.Get(s.Header)
	out := spec.Verification{}
	if value != "" {
		out.Schemes = []string{s.Header}
	}
	switch {
	case value == "" && secret == "":
		out.Result = spec.Unsigned
	case value == "":
		out.Result, out.Detail = spec.Failed, "no "+s.Header+" header"
	case secret == "":
		out.Result, out.Detail = spec.NoSecret, "set the profile's secret (the "+s.Secret+") to verify"
	case !s.Check(secret, body, callbackURL, value):
		out.Result, out.Detail = spec.Failed, s.Header+" does not match ("+strings.ReplaceAll(s.Mismatch, "{url}", callbackURL)+")"
	case s.Also != nil && r.Header.Get(s.Also.Header) != "" && !s.Also.Check(secret, body, callbackURL, r.Header.Get(s.Also.Header)):
		out.Result, out.Detail = spec.Failed, s.Also.Header+" does not match the body ("+s.Header+" does)"
	default:
		out.Result = spec.Verified
	}
	return out
}

// BodyString returns a function that reads the string at a dotted path
// of a delivery's JSON body ("action.type"): a sample's event, a
// delivery's id. "" when the body has none.
func BodyString(path string) func(http.Header, []byte) string {
	return func(_ http.Header, body []byte) string {
		var v any
		if json.Unmarshal(body, &v) != nil {
			return ""
		}
		s, _ := vendorfile.String(v, path)
		return s
	}
}

// Known refuses an event the dialect has no sample of.
func Known(events []string, title, event string) error {
	if !slices.Contains(events, event) {
		return fmt.Errorf("no sample of %s event %q", title, event)
	}
	return nil
}
