package listen

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
	"github.com/hookctl/hookctl/pkg/signature"
)

// Result is the outcome of checking a delivery's signature.
type Result = spec.Result

// The verification results: the dialects' four, and two that only a
// receiver with a clock and a memory can tell.
const (
	Verified = spec.Verified
	Failed   = spec.Failed
	Unsigned = spec.Unsigned
	NoSecret = spec.NoSecret
	// Expired: the signature matched but its time (RFC 9421
	// created/expires, webhook-timestamp) is more than 5 minutes off.
	Expired Result = "expired"
	// Replayed: the signature matched but the delivery's nonce or id (RFC
	// 9421 nonce, webhook-id, the vendor's delivery id) was already seen
	// in this run.
	Replayed Result = "replayed"
)

// SchemeStandard names Standard Webhooks signatures in Verification.Schemes.
const SchemeStandard = "standard-webhooks"

// Verification says whether a delivery's signature is genuine and why.
type Verification = spec.Verification

// DeliveryIdentifier is implemented by a dialect's spec.Signer when its
// vendor gives each delivery an id (GitHub's X-GitHub-Delivery, Trello's
// action id): seen twice in one run, it is a replay.
type DeliveryIdentifier interface {
	// DeliveryID is the delivery's id ("" when it has none), prefixed
	// with what it is, for messages ("X-GitHub-Delivery 1b4e…").
	DeliveryID(h http.Header, body []byte) string
}

// Verifier checks delivery signatures the way the sender's dialect signs
// them, with the dialect's own spec.Signer, plus Standard Webhooks for any
// dialect; it checks signature times and remembers delivery ids so an old
// or repeated delivery is caught.
type Verifier struct {
	// Dialect is the sender's dialect; empty (or a dialect hookctl does not
	// know) means "guess from the headers".
	Dialect string
	// Secret is what the dialect signs with (Trello's app secret, Entrust's
	// webhook token, GitHub's webhook secret, a whsec_ key).
	Secret string
	// CallbackURL is the URL the webhook was registered with (Trello signs
	// it; RFC 9421 signs it as @target-uri). Empty means the URL the request
	// was addressed to, rebuilt from its Host and path.
	CallbackURL string
	// Now is the clock for signature times; nil means time.Now.
	Now func() time.Time
	// Seen remembers verified nonces and delivery ids; nil: no replay check.
	Seen *Seen
}

// Seen is the set of nonces and delivery ids verified in one run. It is
// safe for concurrent use.
type Seen struct {
	mu  sync.Mutex
	ids map[string]bool
}

// add records keys and returns the first one already present ("" if none).
func (s *Seen) add(keys []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = map[string]bool{}
	}
	for _, k := range keys {
		if s.ids[k] {
			return k
		}
	}
	for _, k := range keys {
		s.ids[k] = true
	}
	return ""
}

// Verify checks the signatures on a delivery. body is the raw body. Every
// signature present must match; with a secret, a delivery that carries
// none is Failed.
func (v Verifier) Verify(r *http.Request, body []byte) Verification {
	d, err := dialect.Lookup(v.Dialect)
	if err != nil {
		d = guess(r.Header)
	}
	var signer spec.Signer
	if d != nil {
		signer = d.Signing.Signer
	}
	std := r.Header.Get(signature.StandardSignatureHeader) != ""
	vendor := signer != nil && signer.Signed(r.Header)
	switch {
	case !std && signer != nil:
		// The dialect's own verdict on a delivery it signs, or on one that
		// lacks its signature (Failed with a secret, else Unsigned).
		out := v.vendor(signer, r, body)
		if out.Result == Verified {
			out = v.fresh(out, r, signer, body, vendor)
		}
		return out
	case !std:
		out := Verification{Result: Unsigned}
		if d != nil {
			out.Detail = d.Title + " does not sign deliveries"
		}
		if v.Secret != "" {
			out.Result, out.Detail = Failed, "no signature"
			if d != nil {
				out.Detail += " (" + d.Title + " does not sign; with a secret only Standard Webhooks signatures are accepted)"
			}
		}
		return out
	}
	out := Verification{}
	if vendor {
		if out = v.vendor(signer, r, body); out.Result != Verified {
			return out
		}
	}
	out.Schemes = append(out.Schemes, SchemeStandard)
	if v.Secret == "" {
		out.Result, out.Detail = NoSecret, "pass the whsec_ secret with --secret-file, --secret-stdin or HOOKCTL_WEBHOOK_SECRET to verify"
		return out
	}
	if err := signature.StandardVerify(r.Header, body, v.Secret, v.now()); err != nil {
		out.Result, out.Detail = failure(err, "webhook-signature")
		return out
	}
	out.Result = Verified
	return v.fresh(out, r, signer, body, vendor)
}

// vendor is the dialect signer's verdict, trying each URL the sender may
// have signed.
func (v Verifier) vendor(signer spec.Signer, r *http.Request, body []byte) Verification {
	var first Verification
	for i, u := range v.callbackCandidates(r) {
		got := signer.Verify(r, body, v.Secret, u)
		if got.Result == Verified {
			return got
		}
		if i == 0 {
			first = got
		}
	}
	return first
}

// fresh turns a verified delivery into Expired when its RFC 9421 signature
// is out of its time window, or Replayed when a nonce or delivery id was
// already seen in this run.
func (v Verifier) fresh(out Verification, r *http.Request, signer spec.Signer, body []byte, vendor bool) Verification {
	var ids []string
	if vendor && r.Header.Get("Signature-Input") != "" {
		nonce, err := signature.RFC9421Freshness(r.Header, v.now())
		if err != nil {
			out.Result, out.Detail = failure(err, "RFC 9421 signature")
			return out
		}
		if nonce != "" {
			ids = append(ids, "RFC 9421 nonce "+nonce)
		}
	}
	if id := r.Header.Get(signature.StandardIDHeader); id != "" && r.Header.Get(signature.StandardSignatureHeader) != "" {
		ids = append(ids, "webhook-id "+id)
	}
	if di, ok := signer.(DeliveryIdentifier); ok && vendor {
		if id := di.DeliveryID(r.Header, body); id != "" {
			ids = append(ids, id)
		}
	}
	if v.Seen != nil {
		if dup := v.Seen.add(ids); dup != "" {
			out.Result, out.Detail = Replayed, dup+" was already delivered in this run"
		}
	}
	return out
}

func (v Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// failure maps a signature error to a result: a signature that matched
// but is out of its time window is Expired, anything else Failed.
func failure(err error, what string) (Result, string) {
	switch {
	case errors.Is(err, signature.ErrExpired):
		return Expired, what + ": " + err.Error()
	case errors.Is(err, signature.ErrSignatureMismatch):
		return Failed, what + " does not match (wrong secret?)"
	}
	return Failed, what + ": " + err.Error()
}

// guess returns the dialect whose signature a delivery carries, nil when
// none does.
func guess(h http.Header) *spec.Descriptor {
	for _, d := range dialect.All() {
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
