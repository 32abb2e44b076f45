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
		why := err.Error()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			why = "not received within the read timeout (--read-timeout)"
		}
		h.note(r.Method + " " + r.URL.Path + ": could not read the body: " + why)
		return
	}
	if !h.admit() {
		http.Error(w, "receiver is stopping", http.StatusServiceUnavailable)
		return
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	d := &Delivery{
		Time:         now(),
		Method:       r.Method,
		URL:          h.Verifier.callbackCandidates(r)[0],
		Path:         r.URL.RequestURI(),
		Header:       r.Header.Clone(),
		Body:         body,
		Event:        eventOf(h.Verifier.Dialect, r.Header, body),
		Verification: h.Verifier.Verify(r, body),
		Status:       http.StatusOK,
	}
	switch {
	case h.RequireVerified && d.Verification.Result != Verified && !h.AcceptUnverified:
		d.Status, d.Rejected = http.StatusUnauthorized, true
		http.Error(w, "signature "+string(d.Verification.Result), http.StatusUnauthorized)
	case h.Forwarder != nil:
		d.Unverified = h.RequireVerified && d.Verification.Result != Verified
		h.forward(w, r, d)
	default:
		d.Unverified = h.RequireVerified && d.Verification.Result != Verified
		w.WriteHeader(http.StatusOK)
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
		d.Status, d.ForwardError = http.StatusBadGateway, err.Error()
		h.note("could not forward " + r.Method + " " + r.URL.Path + " to " + h.Forwarder.Target() + ": " + err.Error() + "; answered 502")
		http.Error(w, "hookctl listen: could not forward to "+h.Forwarder.Target()+": "+err.Error(), http.StatusBadGateway)
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
