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
	"sync/atomic"
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
	// Routes, when set, relay each delivery to the first route whose event
	// matches (Router.Pick), and its answer is the sender's; a delivery
	// no route takes is answered 200 and marked Unrouted.
	Routes Router
	// Forwarder, when set, takes what no route took.
	Forwarder *Forwarder
	// Filter, when set, keeps the deliveries it returns true for; the
	// others are answered 200, not forwarded, and marked Filtered.
	Filter func(*Delivery) bool
	// Record, when set, keeps each delivery (listen --record) before its
	// sender is answered: a delivery answered is one recorded. Calls may
	// be concurrent.
	Record func(*Delivery)
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
	// OnDelivery is called once per accepted delivery, once its answer is
	// written. Calls may be concurrent; Done is closed only once the call
	// for the Max-th delivery has returned.
	OnDelivery func(*Delivery)
	// OnNote reports a request that is not a delivery (a HEAD check, a
	// request to another path), in a few words. Calls may be concurrent.
	OnNote func(string)
	// OnRefused reports a request refused before it was a delivery
	// (another path: 404, a body too large: 413); nil: OnNote.
	OnRefused func(string)
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// The verifier in force once SetSecret or SetCallbackURL changed it
	// while serving (mu orders the changes); a delivery reads it without
	// a lock, as it counts itself in and out: under load, every lock a
	// delivery takes is one more place for it to wait.
	mu       sync.Mutex
	current  atomic.Pointer[verifierState]
	admitted atomic.Int64
	reported atomic.Int64
	once     sync.Once
	done     chan struct{}
}

// verifierState is a Verifier and whether what it does not verify is
// refused.
type verifierState struct {
	v       Verifier
	require bool
}

// Done is closed once Max deliveries have been accepted.
func (h *Handler) Done() <-chan struct{} {
	h.once.Do(func() { h.done = make(chan struct{}) })
	return h.done
}

// Count is how many deliveries were handled and reported.
func (h *Handler) Count() int { return int(h.reported.Load()) }

// ServeHTTP answers HEAD with 200, as callback checks expect (Trello's on
// create), GET with a short page saying the receiver runs, and handles any
// other method as a delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.inPath(r.URL.Path) {
		h.refused(r.Method + " " + r.URL.Path + ": not under " + h.Path + ", answered 404")
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
	body, err := readBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.refused(r.Method + " " + r.URL.Path + ": body over 10 MiB, answered 413")
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
	ans := Answer{Status: http.StatusOK}
	switch {
	case require && d.Verification.Result != Verified && !h.AcceptUnverified:
		d.Rejected = true
		ans = textAnswer(http.StatusUnauthorized, "signature "+string(d.Verification.Result))
	case h.Filter != nil && !h.Filter(d):
		// Not wanted here (--event, --filter): answered 200, so the
		// vendor does not send it again, and not forwarded.
		d.Unverified = require && d.Verification.Result != Verified
		d.Filtered = true
	default:
		d.Unverified = require && d.Verification.Result != Verified
		if to := h.route(d.Event); to != nil {
			ans = h.forward(r, d, to)
		} else if len(h.Routes) > 0 {
			// Routes were given and none takes this event: answered 200,
			// so the vendor does not send it again.
			d.Unrouted = true
		}
	}
	d.Status = ans.Status
	// Only a delivery answered 2xx is remembered: a vendor sends one that
	// failed again, and that redelivery must get through.
	if d.Status >= 200 && d.Status <= 299 {
		claim.Commit()
	} else {
		claim.Release()
	}
	if h.Record != nil {
		h.Record(d)
	}
	for k, vs := range ans.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(ans.Status)
	_, _ = w.Write(ans.Body)
	h.report(d, true)
}

// report hands a delivery to OnDelivery; counted, it counts toward Max.
func (h *Handler) report(d *Delivery, counted bool) {
	h.Done()
	if h.OnDelivery != nil {
		h.OnDelivery(d)
	}
	if !counted {
		return
	}
	if n := h.reported.Add(1); h.Max > 0 && n == int64(h.Max) {
		close(h.done)
	}
}

// route is where a delivery of event is forwarded: its route, else the
// Forwarder for the rest (nil: nowhere).
func (h *Handler) route(event string) *Forwarder {
	if to := h.Routes.Pick(event); to != nil {
		return to
	}
	return h.Forwarder
}

// textAnswer is a short plain-text answer, as http.Error writes it.
func textAnswer(status int, msg string) Answer {
	hd := http.Header{}
	hd.Set("Content-Type", "text/plain; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	return Answer{Status: status, Header: hd, Body: []byte(msg + "\n")}
}

// readBody reads a delivery's body, at most MaxBody: into a buffer of its
// Content-Length when the sender gave one (no regrowing), else as it
// comes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, MaxBody)
	if r.ContentLength <= 0 || r.ContentLength > MaxBody {
		return io.ReadAll(rd)
	}
	// net/http stops the body at its Content-Length; one cut short ends
	// in io.ErrUnexpectedEOF, or the read timeout's error.
	buf := make([]byte, r.ContentLength)
	n, err := io.ReadFull(rd, buf)
	return buf[:n], err
}

// SetSecret sets the secret deliveries are verified with while the
// handler serves (listen --register learns it from the backend): from
// then on, what is not verified is answered 401.
func (h *Handler) SetSecret(secret string) {
	h.change(func(st *verifierState) {
		st.v.Secret = secret
		st.require = secret != ""
	})
}

// SetCallbackURL sets the URL the vendor signs (Verifier.CallbackURL)
// while the handler serves.
func (h *Handler) SetCallbackURL(u string) {
	h.change(func(st *verifierState) { st.v.CallbackURL = u })
}

// change makes a changed copy of the verifier in force the one in force.
func (h *Handler) change(f func(*verifierState)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := verifierState{v: h.Verifier, require: h.RequireVerified}
	if cur := h.current.Load(); cur != nil {
		st = *cur
	}
	f(&st)
	h.current.Store(&st)
}

// verifier is the Verifier in force, and whether what it does not verify
// is refused.
func (h *Handler) verifier() (Verifier, bool) {
	if cur := h.current.Load(); cur != nil {
		return cur.v, cur.require
	}
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
		// The request's own map: net/http makes one per request and
		// listen never changes it (the forward works on a copy).
		Header: r.Header,
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
	if h.Record != nil {
		h.Record(d)
	}
	h.report(d, false)
}

// admit counts a delivery in, unless the limit is reached.
func (h *Handler) admit() bool {
	for {
		n := h.admitted.Load()
		if h.Max > 0 && n >= int64(h.Max) {
			return false
		}
		if h.admitted.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// forward relays a delivery to the app and notes its answer in d: the
// sender gets the app's answer, or 502 when the app did not answer.
func (h *Handler) forward(r *http.Request, d *Delivery, to *Forwarder) Answer {
	start := time.Now()
	ans, err := to.Forward(r.Context(), r, d.Body, d.Verification.Result)
	d.App = &AppAnswer{URL: to.Target(), Elapsed: time.Since(start)}
	if err != nil {
		// The sender is not authenticated: its answer names no URL (the
		// target's password or token), only that the app did not answer.
		d.ForwardError, d.App.Error = err.Error(), err.Error()
		h.note("could not forward " + r.Method + " " + r.URL.Path + " to " + to.Target() + ": " + err.Error() + "; answered 502")
		return textAnswer(http.StatusBadGateway, "hookctl listen: the app did not answer")
	}
	d.Forwarded = true
	d.App.Status = ans.Status
	if ans.Status < 200 || ans.Status > 299 {
		d.App.Body = FirstLine(ans.Body)
	}
	return ans
}

func (h *Handler) inPath(p string) bool {
	base := strings.TrimSuffix(h.Path, "/")
	return base == "" || p == base || strings.HasPrefix(p, base+"/")
}

func (h *Handler) refused(s string) {
	if h.OnRefused != nil {
		h.OnRefused(s)
		return
	}
	h.note(s)
}

func (h *Handler) note(s string) {
	if h.OnNote != nil {
		h.OnNote(s)
	}
}
