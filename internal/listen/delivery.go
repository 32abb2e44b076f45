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
	// forwarded because it was not one of those asked for (--event,
	// --filter).
	Filtered bool
	// Unrouted is true when routes were given and none took the
	// delivery: answered 200, not forwarded.
	Unrouted bool
	// App is the forwarded delivery's answer from the app (nil when it
	// was not forwarded).
	App *AppAnswer
}

// AppAnswer is what the app a delivery was forwarded to answered.
type AppAnswer struct {
	// URL is where it went (without password or query values).
	URL string
	// Status is the app's status (0 when it did not answer).
	Status int
	// Elapsed is how long the app took to answer.
	Elapsed time.Duration
	// Body is the first line of the app's answer when it is not 2xx.
	Body string
	// Error says why the app could not be reached.
	Error string
}

// AppRecord is AppAnswer in a delivery's JSON line.
type AppRecord struct {
	URL    string  `json:"url"`
	Status int     `json:"status,omitempty"`
	MS     float64 `json:"ms"`
	Body   string  `json:"body,omitempty"`
	Error  string  `json:"error,omitempty"`
}

// maxFirstLine bounds FirstLine, in runes.
const maxFirstLine = 200

// FirstLine is the first non-blank line of an answer's body, trimmed,
// valid UTF-8 and at most 200 characters.
func FirstLine(body []byte) string {
	s := strings.ToValidUTF8(string(bytes.TrimSpace(body[:min(len(body), 4*maxFirstLine+8)])), "\uFFFD")
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if r := []rune(s); len(r) > maxFirstLine {
		s = string(r[:maxFirstLine-1]) + "…"
	}
	return s
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
	// App is the app's answer to a forwarded delivery.
	App          *AppRecord `json:"app,omitempty"`
	Status       int        `json:"status"`
	Forwarded    bool       `json:"forwarded,omitempty"`
	ForwardError string     `json:"forward_error,omitempty"`
	Rejected     bool       `json:"rejected,omitempty"`
	Unverified   bool       `json:"accepted_unverified,omitempty"`
	Incomplete   bool       `json:"incomplete,omitempty"`
	Filtered     bool       `json:"filtered,omitempty"`
	Unrouted     bool       `json:"unrouted,omitempty"`
}

// Record returns the delivery in its JSON shape.
func (d *Delivery) Record() Record {
	h := make(map[string]string, len(d.Header))
	for k, v := range d.Header {
		h[k] = strings.Join(v, ", ")
	}
	var app *AppRecord
	if d.App != nil {
		app = &AppRecord{URL: d.App.URL, Status: d.App.Status, MS: float64(d.App.Elapsed.Microseconds()) / 1000, Body: d.App.Body, Error: d.App.Error}
	}
	return Record{
		App:          app,
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
		Unrouted:     d.Unrouted,
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
	return bodyText(body)
}

// bodyText is a body that is not JSON as text, invalid UTF-8 replaced so
// the record stays valid JSON.
func bodyText(body []byte) string {
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
