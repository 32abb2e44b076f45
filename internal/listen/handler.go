// Package listen is a local webhook receiver: it answers the senders'
// callback checks, records each delivery, verifies its signature the way
// the sending dialect signs (Trello's X-Trello-Webhook, Entrust's
// x-sha2-signature and RFC 9421; SupportBee does not sign) and can relay
// deliveries to a local app. It knows nothing of terminals or flags.
package listen

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// MaxBody is the largest delivery body accepted.
const MaxBody = 10 << 20

// Handler is the receiver's http.Handler.
type Handler struct {
	// Verifier checks signatures.
	Verifier Verifier
	// RequireVerified answers 401 to a delivery that is not Verified and
	// does not forward it (set when there is a secret to verify with).
	RequireVerified bool
	// AcceptUnverified, with RequireVerified, answers and forwards such a
	// delivery anyway, marked (Delivery.Unverified, and the forwarded
	// request's VerificationHeader).
	AcceptUnverified bool
	// Forwarder, when set, relays each delivery and its answer is the
	// sender's; otherwise the sender gets 200.
	Forwarder *Forwarder
	// Filter, when set, keeps the deliveries it returns true for; the
	// others are answered 200, not forwarded, and marked Filtered.
	Filter func(*Delivery) bool
	// BaseURL is the receiver's own address ("http://127.0.0.1:8080"):
	// deliveries are recorded under it (or under Verifier.CallbackURL),
	// not under the Host header the sender chose. Empty: the Host header.
	BaseURL string
	// Path restricts deliveries to this path and those under it; "" or
	// "/" takes every path. Other paths answer 404.
	Path string
	// Max stops accepting deliveries after this many (0: no limit); later
	// ones answer 503. Done is closed when the limit is reached.
	Max int
	// OnDelivery is called once per accepted delivery, after the sender
	// was answered. Calls are serialized.
	OnDelivery func(*Delivery)
	// OnNote reports a request that is not a delivery (a HEAD check, a
	// request to another path), in a few words. Calls may be concurrent.
	OnNote func(string)
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu       sync.Mutex
	admitted int
	reported int
	once     sync.Once
	done     chan struct{}
}

// Done is closed once Max deliveries have been accepted.
func (h *Handler) Done() <-chan struct{} {
	h.once.Do(func() { h.done = make(chan struct{}) })
	return h.done
}

// Count is how many deliveries were handled and reported.
func (h *Handler) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.reported
}

// ServeHTTP answers HEAD with 200, as callback checks expect (Trello's on
// create), GET with a short page saying the receiver runs, and handles any
// other method as a delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.inPath(r.URL.Path) {
		h.note(r.Method + " " + r.URL.Path + ": not under " + h.Path + ", answered 404")
		http.NotFound(w, r)
		return
	}
	if r.Method == http.MethodHead {
		h.note("answered the callback check (HEAD " + r.URL.Path + ") with 200")
		w.WriteHeader(http.StatusOK)
		return
	}
	if r.Method == http.MethodGet {
		h.note("GET " + r.URL.Path + ": not a delivery, answered 200")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "hookctl listen is running: POST deliveries here.\n")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.note(r.Method + " " + r.URL.Path + ": body over 10 MiB, answered 413")
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		h.incomplete(w, r, body, err)
		return
	}
	if !h.admit() {
		http.Error(w, "receiver is stopping", http.StatusServiceUnavailable)
		return
	}
	v, require := h.verifier()
	d := h.delivery(v, r, body)
	var claim *Claim
	d.Verification, claim = v.Check(r, body)
	switch {
	case require && d.Verification.Result != Verified && !h.AcceptUnverified:
		d.Status, d.Rejected = http.StatusUnauthorized, true
		http.Error(w, "signature "+string(d.Verification.Result), http.StatusUnauthorized)
	case h.Filter != nil && !h.Filter(d):
		// Not wanted here (--event): answered 200, so the vendor does
		// not send it again, and not forwarded.
		d.Unverified = require && d.Verification.Result != Verified
		d.Filtered = true
		w.WriteHeader(http.StatusOK)
	case h.Forwarder != nil:
		d.Unverified = require && d.Verification.Result != Verified
		h.forward(w, r, d)
	default:
		d.Unverified = require && d.Verification.Result != Verified
		w.WriteHeader(http.StatusOK)
	}
	// Only a delivery answered 2xx is remembered: a vendor sends one that
	// failed again, and that redelivery must get through.
	if d.Status >= 200 && d.Status <= 299 {
		claim.Commit()
	} else {
		claim.Release()
	}
	h.Done()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.OnDelivery != nil {
		h.OnDelivery(d)
	}
	h.reported++
	if h.Max > 0 && h.reported == h.Max {
		close(h.done)
	}
}

// SetSecret sets the secret deliveries are verified with while the
// handler serves (listen --register learns it from the backend): from
// then on, what is not verified is answered 401.
func (h *Handler) SetSecret(secret string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.Verifier.Secret = secret
	h.RequireVerified = secret != ""
}

// SetCallbackURL sets the URL the vendor signs (Verifier.CallbackURL)
// while the handler serves.
func (h *Handler) SetCallbackURL(u string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.Verifier.CallbackURL = u
}

// verifier is the Verifier in force, and whether what it does not verify
// is refused.
func (h *Handler) verifier() (Verifier, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.Verifier, h.RequireVerified
}

// delivery is the request as a Delivery answered 200, not yet verified.
func (h *Handler) delivery(v Verifier, r *http.Request, body []byte) *Delivery {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	return &Delivery{
		Time:   now(),
		Method: r.Method,
		URL:    h.recordedURL(v, r),
		Path:   r.URL.RequestURI(),
		Header: r.Header.Clone(),
		Body:   body,
		Event:  eventOf(v.Dialect, r.Header, body),
		Status: http.StatusOK,
	}
}

// recordedURL is the URL a delivery is recorded under: the callback URL
// when one was given, else the receiver's own address and the request's
// path; never the sender's Host header, which anyone can set.
func (h *Handler) recordedURL(v Verifier, r *http.Request) string {
	switch {
	case v.CallbackURL != "":
		return v.CallbackURL
	case h.BaseURL != "":
		return strings.TrimSuffix(h.BaseURL, "/") + r.URL.RequestURI()
	}
	return v.callbackCandidates(r)[0]
}

// incomplete answers 400 to a delivery whose body stopped before its end
// (the sender gave up, or --read-timeout passed), and reports it marked
// Incomplete: answered 200, the vendor would not send it again. It does
// not count toward Max.
func (h *Handler) incomplete(w http.ResponseWriter, r *http.Request, body []byte, err error) {
	why := "the body stopped before its end"
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		why = "the body was not received within the read timeout (--read-timeout)"
	}
	h.note(r.Method + " " + r.URL.Path + ": " + why + ", answered 400")
	http.Error(w, "incomplete body", http.StatusBadRequest)
	v, _ := h.verifier()
	d := h.delivery(v, r, body)
	d.Status, d.Incomplete = http.StatusBadRequest, true
	d.Verification = Verification{Result: Failed, Detail: "not verified: " + why}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.OnDelivery != nil {
		h.OnDelivery(d)
	}
}

// admit counts a delivery in, unless the limit is reached.
func (h *Handler) admit() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.Max > 0 && h.admitted >= h.Max {
		return false
	}
	h.admitted++
	return true
}

func (h *Handler) forward(w http.ResponseWriter, r *http.Request, d *Delivery) {
	ans, err := h.Forwarder.Forward(r.Context(), r, d.Body, d.Verification.Result)
	if err != nil {
		// The sender is not authenticated: its answer names no URL (the
		// target's password or token), only that the app did not answer.
		d.Status, d.ForwardError = http.StatusBadGateway, err.Error()
		h.note("could not forward " + r.Method + " " + r.URL.Path + " to " + h.Forwarder.Target() + ": " + err.Error() + "; answered 502")
		http.Error(w, "hookctl listen: the app did not answer", http.StatusBadGateway)
		return
	}
	d.Status, d.Forwarded = ans.Status, true
	for k, v := range ans.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(ans.Status)
	_, _ = w.Write(ans.Body)
}

func (h *Handler) inPath(p string) bool {
	base := strings.TrimSuffix(h.Path, "/")
	return base == "" || p == base || strings.HasPrefix(p, base+"/")
}

func (h *Handler) note(s string) {
	if h.OnNote != nil {
		h.OnNote(s)
	}
}
