package listen

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookctl/hookctl/pkg/dialect"
	"github.com/hookctl/hookctl/pkg/dialect/spec"
)

// Delivery is one request the receiver got, what it made of it and what it
// answered.
type Delivery struct {
	Time   time.Time
	Method string
	// URL is the URL the sender addressed (scheme, host, path and query),
	// or the --callback-url given for it.
	URL string
	// Path is the request's path and query.
	Path   string
	Header http.Header
	Body   []byte
	// Event is the delivery's event type, when the body names one.
	Event        string
	Verification Verification
	// Status is what the receiver answered the sender.
	Status int
	// Forwarded is true when the delivery was relayed to --forward-to and
	// Status is the local app's answer.
	Forwarded bool
	// ForwardError says why relaying failed (the sender got 502).
	ForwardError string
	// Rejected is true when the delivery was answered 401 for its
	// signature and not forwarded.
	Rejected bool
	// Unverified is true when a delivery that was not verified was
	// answered (and forwarded) anyway, under --accept-unverified.
	Unverified bool
	// Incomplete is true when the body stopped before its end (answered
	// 400, not verified, not forwarded): Body is what arrived.
	Incomplete bool
	// Filtered is true when the delivery was answered 200 and not
	// forwarded because it was not one of those asked for (--event).
	Filtered bool
}

// Record is a Delivery as one JSON object (one line of `listen` output in
// a pipe).
type Record struct {
	Time    string            `json:"time"`
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers"`
	// Body is the JSON body as JSON, any other body as a string.
	Body         any      `json:"body"`
	Event        string   `json:"event,omitempty"`
	Verified     bool     `json:"verified"`
	Verification Result   `json:"verification"`
	Signatures   []string `json:"signatures,omitempty"`
	Detail       string   `json:"detail,omitempty"`
	Status       int      `json:"status"`
	Forwarded    bool     `json:"forwarded,omitempty"`
	ForwardError string   `json:"forward_error,omitempty"`
	Rejected     bool     `json:"rejected,omitempty"`
	Unverified   bool     `json:"accepted_unverified,omitempty"`
	Incomplete   bool     `json:"incomplete,omitempty"`
	Filtered     bool     `json:"filtered,omitempty"`
}

// Record returns the delivery in its JSON shape.
func (d *Delivery) Record() Record {
	h := make(map[string]string, len(d.Header))
	for k, v := range d.Header {
		h[k] = strings.Join(v, ", ")
	}
	return Record{
		Time:         d.Time.UTC().Format(time.RFC3339Nano),
		Method:       d.Method,
		Path:         d.Path,
		Headers:      h,
		Body:         bodyValue(d.Body),
		Event:        d.Event,
		Verified:     d.Verification.Result == Verified,
		Verification: d.Verification.Result,
		Signatures:   d.Verification.Schemes,
		Detail:       d.Verification.Detail,
		Status:       d.Status,
		Forwarded:    d.Forwarded,
		ForwardError: d.ForwardError,
		Rejected:     d.Rejected,
		Unverified:   d.Unverified,
		Incomplete:   d.Incomplete,
		Filtered:     d.Filtered,
	}
}

// bodyValue is body decoded when it is JSON, else the text (or nil when
// empty). Invalid UTF-8 is replaced so the record stays valid JSON.
func bodyValue(body []byte) any {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if json.Valid(trimmed) {
		return json.RawMessage(trimmed)
	}
	if !utf8.Valid(body) {
		body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return string(body)
}

// eventOf is a delivery's event as its vendor names it: asked first of
// the listener's dialect, then of the dialect whose signature it carries,
// then of every dialect ("" when none recognizes it).
func eventOf(dialectName string, h http.Header, body []byte) string {
	tried := map[*spec.Descriptor]bool{}
	ask := func(d *spec.Descriptor) string {
		if d == nil || tried[d] || d.Samples == nil || d.Samples.Event == nil {
			return ""
		}
		tried[d] = true
		return d.Samples.Event(h, body)
	}
	d, _ := dialect.Lookup(dialectName)
	if e := ask(d); e != "" {
		return e
	}
	if e := ask(guess(h)); e != "" {
		return e
	}
	for _, d := range dialect.All() {
		if e := ask(d); e != "" {
			return e
		}
	}
	return ""
}
