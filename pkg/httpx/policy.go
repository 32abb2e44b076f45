package httpx

import "net/http"

// Idempotent reports whether a request of method may be sent again when
// its outcome is unknown: every method the dialects use but POST (create
// and test), which may have taken effect. It is the one rule every dialect
// sets Request.Idempotent by.
func Idempotent(method string) bool { return method != http.MethodPost }

// Uncertain reports whether a request that ended with (resp, err) may have
// acted on the backend although its final answer says otherwise: an
// earlier try got no complete answer or a 502/503/504 (resp.Unanswered),
// or the request failed after it may have been sent. A request that was
// never sent (dial error, refused certificate) is not uncertain.
func Uncertain(resp *Response, err error) bool {
	if resp != nil {
		return resp.Unanswered > 0
	}
	return err != nil && !isDialError(err) && !isCertError(err)
}
