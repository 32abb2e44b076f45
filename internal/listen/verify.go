package listen

import (
	"errors"
	"net/http"
	"strings"
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
	// Seen remembers the deliveries answered 2xx; nil: no replay check.
	Seen *Seen
	// RequireRFC9421 fails a vendor-signed delivery that carries no RFC
	// 9421 signature (an Entrust delivery on x-sha2 alone never expires).
	RequireRFC9421 bool
}

// Verify checks the signatures on a delivery, as Check does, and
// remembers a verified delivery at once (for callers that do not wait for
// an answer).
func (v Verifier) Verify(r *http.Request, body []byte) Verification {
	out, claim := v.Check(r, body)
	claim.Commit()
	return out
}

// Check checks the signatures on a delivery. body is the raw body. Every
// signature present must match; with a secret, a delivery that carries
// none is Failed. A verified delivery seen before (see Seen) is Replayed;
// one that is not comes with a Claim on its replay keys: Commit it once
// the delivery was answered 2xx, Release it otherwise, so that the
// vendor's redelivery of a delivery that failed is accepted.
func (v Verifier) Check(r *http.Request, body []byte) (Verification, *Claim) {
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
			return v.fresh(out, r, signer, body, vendor)
		}
		return out, nil
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
		return out, nil
	}
	out := Verification{}
	if vendor {
		if out = v.vendor(signer, r, body); out.Result != Verified {
			return out, nil
		}
	}
	out.Schemes = append(out.Schemes, SchemeStandard)
	if v.Secret == "" {
		out.Result, out.Detail = NoSecret, "pass the whsec_ secret with --secret-file, --secret-stdin or HOOKCTL_WEBHOOK_SECRET to verify"
		return out, nil
	}
	if err := signature.StandardVerify(r.Header, body, v.Secret, v.now()); err != nil {
		out.Result, out.Detail = failure(err, "webhook-signature")
		return out, nil
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
// is out of its time window, into Failed when --require-rfc9421 wants one it
// lacks, or into Replayed when one of its replay keys was already answered
// 2xx in this run (or is being answered now).
//
// The replay keys are the RFC 9421 nonce, the Standard Webhooks
// webhook-id and the vendor's delivery id. A delivery whose signature
// carries no time (GitHub's, Trello's, Entrust's x-sha2 alone) is also
// remembered by the hash of its body: a vendor's delivery id in a header
// the signature does not cover (X-GitHub-Delivery) could be changed or
// dropped to send the same signed body again. Timestamped keys are
// remembered only while the signature's time window lasts.
func (v Verifier) fresh(out Verification, r *http.Request, signer spec.Signer, body []byte, vendor bool) (Verification, *Claim) {
	var ids []string
	timed := false
	rfc := vendor && r.Header.Get("Signature-Input") != ""
	if v.RequireRFC9421 && !rfc {
		out.Result, out.Detail = Failed, "no RFC 9421 signature (Signature-Input), which --require-rfc9421 asks for"
		return out, nil
	}
	if rfc {
		nonce, err := signature.RFC9421Freshness(r.Header, v.now())
		if err != nil {
			out.Result, out.Detail = failure(err, "RFC 9421 signature")
			return out, nil
		}
		if nonce != "" {
			ids = append(ids, "RFC 9421 nonce "+nonce)
		}
		timed = true
	}
	if id := r.Header.Get(signature.StandardIDHeader); id != "" && r.Header.Get(signature.StandardSignatureHeader) != "" {
		ids = append(ids, "webhook-id "+id)
		timed = true
	}
	if di, ok := signer.(DeliveryIdentifier); ok && vendor {
		if id := di.DeliveryID(r.Header, body); id != "" {
			ids = append(ids, id)
		}
	}
	var signed []byte
	if !timed {
		signed = body
	}
	if v.Seen == nil {
		return out, nil
	}
	var until time.Time
	if timed {
		// A signature is accepted within the tolerance either side of
		// its time: past twice the tolerance from now, it is Expired.
		until = v.now().Add(2 * signature.StandardTolerance)
	}
	claim, dup := v.Seen.claim(ids, signed, v.now(), until)
	if dup != "" {
		out.Result, out.Detail = Replayed, dup+" was already delivered in this run"
	}
	return out, claim
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
