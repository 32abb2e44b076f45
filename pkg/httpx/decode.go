package httpx

import (
	"encoding/json"
	"fmt"
	"mime"
	"strings"
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

// Unexpected is the error for an answer that is not what the API documents.
func (r *Response) Unexpected() error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Errorf("unexpected answer from the backend (HTTP %d, %s): %s", r.Status, ct, Snippet(r.Body))
}

// Snippet is the start of a body as one short line, for error messages.
func Snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	if s == "" {
		return "(empty)"
	}
	return s
}
