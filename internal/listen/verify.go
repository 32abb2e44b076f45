package listen

import (
	"errors"
	"net/http"
	"strings"

	"github.com/hookctl/hookctl/pkg/signature"
)

// Result is the outcome of checking a delivery's signature.
type Result string

// The four verification results.
const (
	// Verified: every signature present matched.
	Verified Result = "verified"
	// Failed: a signature did not match, or one was expected and missing.
	Failed Result = "failed"
	// Unsigned: the delivery carries no signature and none was expected
	// (SupportBee never signs; a receiver without a secret expects none).
	Unsigned Result = "unsigned"
	// NoSecret: the delivery is signed but there is no secret to check it.
	NoSecret Result = "no secret"
)

// Signature scheme names, as reported in Verification.Schemes.
const (
	SchemeTrello  = "X-Trello-Webhook"
	SchemeSHA2    = "x-sha2-signature"
	SchemeRFC9421 = "rfc9421"
)

// Dialect names the Verifier knows.
const (
	DialectTrello     = "trello"
	DialectSupportBee = "supportbee"
	DialectEntrust    = "entrust"
)

// Verification says whether a delivery's signature is genuine and why.
type Verification struct {
	Result Result
	// Schemes are the signature schemes found on the delivery.
	Schemes []string
	// Detail explains a failure or a missing secret, in a few words.
	Detail string
}

// Verifier checks delivery signatures the way the sender's dialect signs
// them.
type Verifier struct {
	// Dialect is the sender's dialect; empty means "guess from the headers".
	Dialect string
	// Secret is Trello's app secret or Entrust's webhook token.
	Secret string
	// CallbackURL is the URL the webhook was registered with (Trello signs
	// it; RFC 9421 signs it as @target-uri). Empty means the URL the request
	// was addressed to, rebuilt from its Host and path.
	CallbackURL string
}

// Verify checks the signatures on a delivery. body is the raw body.
func (v Verifier) Verify(r *http.Request, body []byte) Verification {
	trello := r.Header.Get(signature.TrelloHeader)
	sha2 := r.Header.Get(signature.EntrustSHA2Header)
	rfc := r.Header.Get("Signature-Input") != "" || r.Header.Get("Signature") != ""
	var found []string
	if trello != "" {
		found = append(found, SchemeTrello)
	}
	if sha2 != "" {
		found = append(found, SchemeSHA2)
	}
	if rfc {
		found = append(found, SchemeRFC9421)
	}
	dialect := v.Dialect
	if dialect == "" {
		switch {
		case trello != "":
			dialect = DialectTrello
		case sha2 != "" || rfc:
			dialect = DialectEntrust
		}
	}
	out := Verification{Schemes: found}
	switch dialect {
	case DialectTrello:
		switch {
		case trello == "" && v.Secret == "":
			out.Result = Unsigned
		case trello == "":
			out.Result, out.Detail = Failed, "no "+SchemeTrello+" header"
		case v.Secret == "":
			out.Result, out.Detail = NoSecret, "set the profile's secret (the Trello app secret) to verify"
		default:
			out.Result, out.Detail = v.verifyTrello(r, body, trello)
		}
	case DialectEntrust:
		switch {
		case sha2 == "" && !rfc && v.Secret == "":
			out.Result = Unsigned
		case sha2 == "" && !rfc:
			out.Result, out.Detail = Failed, "no "+SchemeSHA2+" or Signature header"
		case v.Secret == "":
			out.Result, out.Detail = NoSecret, "pass the webhook's token with --secret or HOOKCTL_WEBHOOK_SECRET to verify"
		default:
			out.Result, out.Detail = v.verifyEntrust(r, body, sha2, rfc)
		}
	default:
		out.Result = Unsigned
		if dialect == DialectSupportBee {
			out.Detail = "SupportBee does not sign deliveries"
		}
	}
	return out
}

// verifyTrello checks X-Trello-Webhook against the callback URL. Without an
// explicit one, a bare-host URL registered without its trailing slash
// ("http://127.0.0.1:8080") is accepted as well as the one with it.
func (v Verifier) verifyTrello(r *http.Request, body []byte, header string) (Result, string) {
	for _, u := range v.callbackCandidates(r) {
		if signature.TrelloVerify(v.Secret, body, u, header) {
			return Verified, ""
		}
	}
	return Failed, SchemeTrello + " does not match (wrong secret, or the webhook's callback URL is not " + v.callbackCandidates(r)[0] + ": see --callback-url)"
}

// verifyEntrust checks every Entrust signature present; all must match.
func (v Verifier) verifyEntrust(r *http.Request, body []byte, sha2 string, rfc bool) (Result, string) {
	if sha2 != "" && !signature.EntrustSHA2Verify(v.Secret, body, sha2) {
		return Failed, SchemeSHA2 + " does not match (wrong webhook token?)"
	}
	if rfc {
		var err error
		for _, u := range v.callbackCandidates(r) {
			if err = signature.RFC9421Verify(r.Header, r.Method, u, body, v.Secret); err == nil {
				break
			}
		}
		if err != nil {
			if errors.Is(err, signature.ErrSignatureMismatch) {
				return Failed, "RFC 9421 signature does not match (wrong webhook token, or see --callback-url)"
			}
			return Failed, "RFC 9421 signature: " + err.Error()
		}
	}
	return Verified, ""
}

// callbackCandidates are the URLs the sender may have signed, best first.
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
