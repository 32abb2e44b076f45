package listen

import (
	"net/http"
	"strings"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// Result is the outcome of checking a delivery's signature.
type Result = spec.Result

// The four verification results.
const (
	Verified = spec.Verified
	Failed   = spec.Failed
	Unsigned = spec.Unsigned
	NoSecret = spec.NoSecret
)

// Verification says whether a delivery's signature is genuine and why.
type Verification = spec.Verification

// Verifier checks delivery signatures the way the sender's dialect signs
// them, with the dialect's own spec.Signer.
type Verifier struct {
	// Dialect is the sender's dialect; empty (or a dialect hookctl does not
	// know) means "guess from the headers".
	Dialect string
	// Secret is what the dialect signs with (Trello's app secret, Entrust's
	// webhook token).
	Secret string
	// CallbackURL is the URL the webhook was registered with (Trello signs
	// it; RFC 9421 signs it as @target-uri). Empty means the URL the request
	// was addressed to, rebuilt from its Host and path.
	CallbackURL string
}

// Verify checks the signatures on a delivery. body is the raw body.
func (v Verifier) Verify(r *http.Request, body []byte) Verification {
	d, err := dialect.Lookup(v.Dialect)
	if err != nil {
		d = guess(r.Header)
	}
	if d == nil || d.Signing.Signer == nil {
		out := Verification{Result: Unsigned}
		if d != nil {
			out.Detail = d.Title + " does not sign deliveries"
		}
		return out
	}
	var first Verification
	for i, u := range v.callbackCandidates(r) {
		got := d.Signing.Signer.Verify(r, body, v.Secret, u)
		if got.Result == Verified {
			return got
		}
		if i == 0 {
			first = got
		}
	}
	return first
}

// guess returns the dialect whose signature a delivery carries, nil when
// none does.
func guess(h http.Header) *spec.Descriptor {
	for _, d := range dialect.Descriptors {
		if s := d.Signing.Signer; s != nil && s.Signed(h) {
			return d
		}
	}
	return nil
}

// callbackCandidates are the URLs the sender may have signed, best first.
// Without an explicit one, a bare-host URL registered without its trailing
// slash ("http://127.0.0.1:8080") is tried as well as the one with it.
func (v Verifier) callbackCandidates(r *http.Request) []string {
	if v.CallbackURL != "" {
		return []string{v.CallbackURL}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	target := r.RequestURI
	if target == "" || !strings.HasPrefix(target, "/") {
		target = r.URL.RequestURI()
	}
	u := scheme + "://" + r.Host + target
	if target == "/" {
		return []string{u, strings.TrimSuffix(u, "/")}
	}
	return []string{u}
}
