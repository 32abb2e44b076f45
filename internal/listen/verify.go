package listen

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/pkg/signature"
)

// Result is the outcome of checking a delivery's signature.
type Result string

// The verification results.
const (
	// Verified: every signature present matched, in time, never seen before.
	Verified Result = "verified"
	// Failed: a signature did not match, or one was expected and missing.
	Failed Result = "failed"
	// Expired: the signature matched but its time (RFC 9421 created/expires,
	// webhook-timestamp) is more than 5 minutes off.
	Expired Result = "expired"
	// Replayed: the signature matched but its nonce or delivery id (RFC 9421
	// nonce, X-GitHub-Delivery, webhook-id, Trello's action id) was already
	// seen in this run.
	Replayed Result = "replayed"
	// Unsigned: the delivery carries no signature and none was expected
	// (SupportBee never signs; a receiver without a secret expects none).
	Unsigned Result = "unsigned"
	// NoSecret: the delivery is signed but there is no secret to check it.
	NoSecret Result = "no secret"
)

// Signature scheme names, as reported in Verification.Schemes.
const (
	SchemeTrello   = "X-Trello-Webhook"
	SchemeSHA2     = "x-sha2-signature"
	SchemeRFC9421  = "rfc9421"
	SchemeStandard = "standard-webhooks"
	SchemeGitHub   = "X-Hub-Signature-256"
)

// Dialect names the Verifier knows.
const (
	DialectTrello     = "trello"
	DialectSupportBee = "supportbee"
	DialectEntrust    = "entrust"
	DialectGitHub     = "github"
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
// them, and remembers the delivery ids it verified so a replay is caught.
type Verifier struct {
	// Dialect is the sender's dialect; empty means "guess from the headers".
	Dialect string
	// Secret is Trello's app secret, Entrust's webhook token or a Standard
	// Webhooks whsec_ key.
	Secret string
	// CallbackURL is the URL the webhook was registered with (Trello signs
	// it; RFC 9421 signs it as @target-uri). Empty means the URL the request
	// was addressed to, rebuilt from its Host and path.
	CallbackURL string
	// Now is the clock for created/expires and timestamps; nil: time.Now.
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

// add records keys and reports the first one already present ("" if none).
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

// expected names the signature a dialect's deliveries carry, for the
// message when one is missing.
func expected(dialect string) string {
	switch dialect {
	case DialectTrello:
		return SchemeTrello
	case DialectEntrust:
		return SchemeSHA2 + " or Signature"
	case DialectGitHub:
		return SchemeGitHub
	}
	return "signature"
}

// Verify checks the signatures on a delivery. body is the raw body. Every
// signature present must match; with a secret, a delivery without any is
// Failed (except from SupportBee, which cannot sign, when there is no
// secret).
func (v Verifier) Verify(r *http.Request, body []byte) Verification {
	h := r.Header
	var found []string
	if h.Get(signature.TrelloHeader) != "" {
		found = append(found, SchemeTrello)
	}
	if h.Get(signature.EntrustSHA2Header) != "" {
		found = append(found, SchemeSHA2)
	}
	if h.Get("Signature-Input") != "" || h.Get("Signature") != "" {
		found = append(found, SchemeRFC9421)
	}
	if h.Get(signature.StandardSignatureHeader) != "" {
		found = append(found, SchemeStandard)
	}
	if h.Get(signature.GitHubHeader) != "" {
		found = append(found, SchemeGitHub)
	}
	out := Verification{Schemes: found}
	switch {
	case len(found) == 0 && v.Secret == "":
		out.Result = Unsigned
		if v.Dialect == DialectSupportBee {
			out.Detail = "SupportBee does not sign deliveries"
		}
		return out
	case len(found) == 0:
		out.Result, out.Detail = Failed, "no "+expected(v.Dialect)+" header"
		if v.Dialect == DialectSupportBee {
			out.Detail = "no signature (SupportBee does not sign; with a secret only Standard Webhooks signatures are accepted)"
		}
		return out
	case v.Secret == "":
		out.Result, out.Detail = NoSecret, v.secretHint()
		return out
	}
	now := time.Now()
	if v.Now != nil {
		now = v.Now()
	}
	var ids []string
	for _, s := range found {
		var res Result
		var detail string
		var id string
		switch s {
		case SchemeTrello:
			res, detail = v.verifyTrello(r, body, h.Get(signature.TrelloHeader))
			if a := trelloActionID(body); a != "" {
				id = "trello action " + a
			}
		case SchemeSHA2:
			res = Verified
			if !signature.EntrustSHA2Verify(v.Secret, body, h.Get(signature.EntrustSHA2Header)) {
				res, detail = Failed, SchemeSHA2+" does not match (wrong webhook token?)"
			}
		case SchemeRFC9421:
			res, detail, id = v.verifyRFC9421(r, body, now)
		case SchemeStandard:
			res, detail = Verified, ""
			if err := signature.StandardVerify(h, body, v.Secret, now); err != nil {
				res, detail = failure(err, "webhook-signature")
			}
			id = "webhook-id " + h.Get(signature.StandardIDHeader)
		case SchemeGitHub:
			res = Verified
			if !signature.GitHubVerify(v.Secret, body, h.Get(signature.GitHubHeader)) {
				res, detail = Failed, SchemeGitHub+" does not match (wrong webhook secret?)"
			}
			if g := h.Get(signature.GitHubDeliveryHeader); g != "" {
				id = "X-GitHub-Delivery " + g
			}
		}
		if res != Verified {
			out.Result, out.Detail = res, detail
			return out
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	out.Result = Verified
	if v.Seen != nil {
		if dup := v.Seen.add(ids); dup != "" {
			out.Result, out.Detail = Replayed, dup+" was already delivered in this run"
		}
	}
	return out
}

func (v Verifier) secretHint() string {
	switch v.Dialect {
	case DialectTrello:
		return "set the profile's secret (the Trello app secret) to verify"
	case DialectGitHub:
		return "pass the webhook's secret with --secret-file, --secret-stdin, HOOKCTL_WEBHOOK_SECRET or the profile's secret to verify"
	case DialectEntrust:
		return "pass the webhook's token with --secret-file, --secret-stdin or HOOKCTL_WEBHOOK_SECRET to verify"
	}
	return "pass the signing secret with --secret-file, --secret-stdin or HOOKCTL_WEBHOOK_SECRET to verify"
}

// failure maps a signature error to a result: an expired signature that
// matched is Expired, anything else Failed.
func failure(err error, what string) (Result, string) {
	switch {
	case errors.Is(err, signature.ErrExpired):
		return Expired, what + ": " + err.Error()
	case errors.Is(err, signature.ErrSignatureMismatch):
		return Failed, what + " does not match (wrong secret?)"
	}
	return Failed, what + ": " + err.Error()
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

// verifyRFC9421 checks an RFC 9421 signature, then its time window; it
// returns the nonce as a replay key.
func (v Verifier) verifyRFC9421(r *http.Request, body []byte, now time.Time) (Result, string, string) {
	var err error
	for _, u := range v.callbackCandidates(r) {
		if err = signature.RFC9421Verify(r.Header, r.Method, u, body, v.Secret); err == nil {
			break
		}
	}
	if err != nil {
		if errors.Is(err, signature.ErrSignatureMismatch) {
			return Failed, "RFC 9421 signature does not match (wrong webhook token, or see --callback-url)", ""
		}
		return Failed, "RFC 9421 signature: " + err.Error(), ""
	}
	nonce, err := signature.RFC9421Freshness(r.Header, now)
	if err != nil {
		res, detail := failure(err, "RFC 9421 signature")
		return res, detail, ""
	}
	if nonce != "" {
		return Verified, "", "RFC 9421 nonce " + nonce
	}
	return Verified, "", ""
}

// trelloActionID is the id of the action a Trello delivery reports: Trello
// sends each action once per webhook.
func trelloActionID(body []byte) string {
	var v struct {
		Action struct {
			ID string `json:"id"`
		} `json:"action"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.Action.ID
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
