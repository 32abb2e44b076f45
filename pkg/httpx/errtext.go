package httpx

import (
	"fmt"
	"net/http"
	"strings"
)

// ErrorText is the message for an error answer. vendor reads the body in
// the backend's own error format and returns "" when it is not that; then
// an empty body is the status text, an HTML page (a proxy's) is described
// in words, other markup or JSON of another shape is quoted briefly, and
// anything else (a proxy's plain text) is the message as it is.
func (r *Response) ErrorText(vendor func(body []byte) string) string {
	body := strings.TrimSpace(string(r.Body))
	if body == "" {
		return http.StatusText(r.Status)
	}
	if s := vendor(r.Body); s != "" {
		return s
	}
	if isHTML(r.Body) {
		return fmt.Sprintf("the server answered %d %s with %s, not the API's own answer (a proxy or a login page in the way?)",
			r.Status, http.StatusText(r.Status), htmlPage(r.Body))
	}
	if strings.HasPrefix(body, "<") || strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
		return "unexpected answer: " + Snippet(r.Body)
	}
	return body
}
