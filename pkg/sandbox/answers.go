package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// APIError is an emulator's error answer: a status, the vendor's error
// code where it has one, and its message. Returned from a state change
// (UpdatePart), it aborts the change; Reply answers it.
type APIError struct {
	Status  int
	Code    string
	Message string
}

// Error is the message.
func (e *APIError) Error() string { return e.Message }

// WriteText answers e in plain text, as vendors whose errors are bare
// messages do.
func (e *APIError) WriteText(w http.ResponseWriter) { WriteText(w, e.Status, e.Message) }

// Reply answers err with write, the vendor's error shape (nil: plain
// text): an *APIError as it is; anything else, the sandbox's own trouble,
// is logged and answered as internal says, its message replaced as
// InternalMessage does.
func Reply(h *Host, w http.ResponseWriter, err error, internal APIError, write func(http.ResponseWriter, *APIError)) {
	var ae *APIError
	if !errors.As(err, &ae) {
		h.Logf("sandbox error: %v", err)
		internal.Message = InternalMessage(err, internal.Message)
		ae = &internal
	}
	if write == nil {
		ae.WriteText(w)
		return
	}
	write(w, ae)
}

// Segments splits the path after the prefix into its unescaped segments,
// ignoring one leading and one trailing slash; false for an empty path or
// an empty or badly escaped segment.
func (q *Request) Segments() ([]string, bool) {
	p := strings.TrimSuffix(strings.TrimPrefix(q.Rest, "/"), "/")
	if p == "" {
		return nil, false
	}
	segs := strings.Split(p, "/")
	for i, sg := range segs {
		u, err := url.PathUnescape(sg)
		if err != nil || u == "" {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// Params are the request's arguments as vendors that take them anywhere
// read them: the query, merged with a JSON object body (a JSON content
// type, or none and a body that starts with "{"; its scalars as text) or
// a form body; the body wins. A JSON body that does not decode is an
// error.
func (q *Request) Params() (url.Values, error) {
	v := q.URL.Query()
	body := strings.TrimSpace(string(q.Body))
	if body == "" {
		return v, nil
	}
	ct, _, _ := mime.ParseMediaType(q.Header.Get("Content-Type"))
	switch {
	case ct == "application/json" || (ct == "" && strings.HasPrefix(body, "{")):
		var m map[string]any
		if err := json.Unmarshal(q.Body, &m); err != nil {
			return nil, err
		}
		for k, val := range m {
			switch x := val.(type) {
			case nil:
			case string:
				v.Set(k, x)
			case bool:
				v.Set(k, strconv.FormatBool(x))
			case float64:
				v.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
			default:
				b, _ := json.Marshal(x)
				v.Set(k, string(b))
			}
		}
	case ct == "application/x-www-form-urlencoded":
		form, _ := url.ParseQuery(string(q.Body))
		for k, vals := range form {
			v[k] = vals
		}
	}
	return v, nil
}

// OwnerOf is what a state stores instead of a credential that owns
// something: a hash, so the state file never holds a token.
func OwnerOf(credential string) string {
	sum := sha256.Sum256([]byte("hookctl-sandbox-owner\x00" + credential))
	return hex.EncodeToString(sum[:16])
}

// NewSecret returns a random URL-safe secret of n bytes (a signing
// secret, a nonce).
func NewSecret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand panics internally if it cannot read)
	return base64.RawURLEncoding.EncodeToString(b)
}

// IsToken reports whether t is a sandbox credential made from base: base
// itself, or base+"-"+anything, each a different user (so that ownership
// and permissions can be tried).
func IsToken(t, base string) bool {
	return t == base || strings.HasPrefix(t, base+"-") && len(t) > len(base)+1
}

// TextFaults answers the sandbox's injected 503 and its 413 in plain
// text, as a vendor whose errors are bare messages does; an Emulator
// embeds it.
type TextFaults struct{}

// Unavailable answers 503 "Service Unavailable".
func (TextFaults) Unavailable(w http.ResponseWriter) {
	WriteText(w, http.StatusServiceUnavailable, "Service Unavailable")
}

// TooLarge answers 413 "request entity too large".
func (TextFaults) TooLarge(w http.ResponseWriter) {
	WriteText(w, http.StatusRequestEntityTooLarge, "request entity too large")
}
