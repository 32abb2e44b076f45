package httpx

import (
	"net/http"
	"strings"
)

// ErrorText is the message for an error answer. vendor reads the body in
// the backend's own error format and returns "" when it is not that; then
// an empty body is the status text, markup or JSON of another shape (an
// HTML page from a proxy) is quoted briefly, and anything else (a proxy's
// plain text) is the message as it is.
func (r *Response) ErrorText(vendor func(body []byte) string) string {
	body := strings.TrimSpace(string(r.Body))
	if body == "" {
		return http.StatusText(r.Status)
	}
	if s := vendor(r.Body); s != "" {
		return s
	}
	if strings.HasPrefix(body, "<") || strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
		return "unexpected answer: " + Snippet(r.Body)
	}
	return body
}
