package httpx

import (
	"encoding/json"
	"fmt"
	"mime"
	"strings"

	"github.com/hookctl/hookctl/pkg/webhook"
)

// OK reports whether the status is 2xx.
func (r *Response) OK() bool { return r.Status >= 200 && r.Status < 300 }

// JSON decodes a successful answer into v, turning an HTML page, an empty
// body or JSON of the wrong shape into one clear line instead of a Go error.
func (r *Response) JSON(v any) error {
	if len(strings.TrimSpace(string(r.Body))) == 0 {
		return fmt.Errorf("the backend sent an empty answer (HTTP %d) where JSON was expected", r.Status)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		return r.Unexpected()
	}
	return nil
}

// UnexpectedAfter is Unexpected for the answer to a request sent with
// method: when a POST was answered 2xx with something unreadable, the
// backend acted but what it made is unknown, so the error is also
// ErrOutcomeUnknown and a create looks for its webhook instead of failing
// (or resending blindly).
func (r *Response) UnexpectedAfter(method string) error {
	if method == "POST" && r.OK() {
		return fmt.Errorf("%w: %w", ErrOutcomeUnknown, r.Unexpected())
	}
	return r.Unexpected()
}

// Unexpected is the error for an answer that is not what the API documents.
func (r *Response) Unexpected() error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "" {
		ct = "no content type"
	}
	if isHTML(r.Body) {
		return fmt.Errorf("unexpected answer from the backend: HTTP %d with %s, not the API's own answer (a proxy or a login page in the way?)", r.Status, htmlPage(r.Body))
	}
	return fmt.Errorf("unexpected answer from the backend (HTTP %d, %s): %s", r.Status, ct, Snippet(r.Body))
}

// Snippet is the start of a body as one short line, for error messages,
// made safe by webhook.OneLine: a hostile answer cannot drive the user's
// terminal. An HTML page is described, not quoted: its markup says
// nothing to a reader.
func Snippet(b []byte) string {
	if isHTML(b) {
		return htmlPage(b)
	}
	s := webhook.OneLine(string(b), 120)
	if s == "" {
		return "(empty)"
	}
	return s
}
