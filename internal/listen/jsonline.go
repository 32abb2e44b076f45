package listen

import (
	"bytes"
	"encoding/base64"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// A delivery's JSON line (AppendJSON) and its --record line
// (AppendRecording) are written here field by field, byte for byte as
// encoding/json writes Record and Recording without HTML escaping (a test
// holds them to it): encoding/json's reflection, and its second check and
// compaction of a JSON body, took five times as long for the line and
// almost three times for the record (docs/performance.md).

// AppendJSON appends the delivery as its Record's JSON and a newline.
// Header values of the headers hide says are written as "[REDACTED]"
// (nil: none).
func (d *Delivery) AppendJSON(dst []byte, hide func(name string) bool) []byte {
	o := object{b: append(dst, '{')}
	o.time("time", d.Time)
	o.str("method", d.Method)
	o.str("path", d.Path)
	o.key("headers")
	o.b = appendHeaders(o.b, d.Header, func(dst []byte, name string, vs []string) []byte {
		if hide != nil && hide(name) {
			return appendString(dst, "[REDACTED]")
		}
		return appendString(dst, strings.Join(vs, ", "))
	})
	o.key("body")
	o.b = appendBody(o.b, d.Body)
	o.strOmit("event", d.Event)
	o.bool("verified", d.Verification.Result == Verified)
	o.str("verification", string(d.Verification.Result))
	o.strings("signatures", d.Verification.Schemes)
	o.strOmit("detail", d.Verification.Detail)
	if a := d.App; a != nil {
		o.key("app")
		app := object{b: append(o.b, '{')}
		app.str("url", a.URL)
		app.intOmit("status", a.Status)
		app.key("ms")
		app.b = appendFloat(app.b, float64(a.Elapsed.Microseconds())/1000)
		app.strOmit("body", a.Body)
		app.strOmit("error", a.Error)
		o.b = append(app.b, '}')
	}
	o.int("status", d.Status)
	o.boolOmit("forwarded", d.Forwarded)
	o.strOmit("forward_error", d.ForwardError)
	o.boolOmit("rejected", d.Rejected)
	o.boolOmit("accepted_unverified", d.Unverified)
	o.boolOmit("incomplete", d.Incomplete)
	o.boolOmit("filtered", d.Filtered)
	o.boolOmit("unrouted", d.Unrouted)
	return append(o.b, '}', '\n')
}

// AppendRecording appends the delivery as its Recording's JSON and a
// newline.
func (d *Delivery) AppendRecording(dst []byte) []byte {
	o := object{b: append(dst, '{')}
	o.time("time", d.Time)
	o.str("method", d.Method)
	o.str("url", d.URL)
	p, q := d.pathQuery()
	o.str("path", p)
	o.strOmit("query", q)
	o.key("headers")
	if d.Header == nil {
		o.b = append(o.b, "null"...)
	} else {
		o.b = appendHeaders(o.b, d.Header, func(dst []byte, _ string, vs []string) []byte { return appendStrings(dst, vs) })
	}
	if utf8.Valid(d.Body) {
		if len(d.Body) > 0 {
			o.key("body")
			o.b = appendString(o.b, d.Body)
		}
	} else {
		o.key("body_base64")
		o.b = append(o.b, '"')
		o.b = base64.StdEncoding.AppendEncode(o.b, d.Body)
		o.b = append(o.b, '"')
	}
	o.strOmit("event", d.Event)
	o.str("verification", string(d.Verification.Result))
	o.strings("signatures", d.Verification.Schemes)
	o.strOmit("detail", d.Verification.Detail)
	o.int("status", d.Status)
	o.boolOmit("forwarded", d.Forwarded)
	o.boolOmit("rejected", d.Rejected)
	o.boolOmit("accepted_unverified", d.Unverified)
	o.boolOmit("incomplete", d.Incomplete)
	return append(o.b, '}', '\n')
}

// object writes a JSON object's members, commas between them; the caller
// writes its braces.
type object struct {
	b    []byte
	more bool
}

func (o *object) key(k string) {
	if o.more {
		o.b = append(o.b, ',')
	}
	o.more = true
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

func (o *object) str(k, v string) {
	o.key(k)
	o.b = appendString(o.b, v)
}

// time writes t as encoding/json writes a time.Time's RFC 3339 text
// (which needs no escaping), in UTC.
func (o *object) time(k string, t time.Time) {
	o.key(k)
	o.b = append(o.b, '"')
	o.b = t.UTC().AppendFormat(o.b, time.RFC3339Nano)
	o.b = append(o.b, '"')
}

func (o *object) strOmit(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *object) strings(k string, vs []string) {
	if len(vs) > 0 {
		o.key(k)
		o.b = appendStrings(o.b, vs)
	}
}

func (o *object) int(k string, v int) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, int64(v), 10)
}

func (o *object) intOmit(k string, v int) {
	if v != 0 {
		o.int(k, v)
	}
}

func (o *object) bool(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

func (o *object) boolOmit(k string, v bool) {
	if v {
		o.bool(k, v)
	}
}

// appendHeaders appends h as a JSON object, its names in order, each
// one's values written by value.
func appendHeaders(dst []byte, h http.Header, value func(dst []byte, name string, vs []string) []byte) []byte {
	dst = append(dst, '{')
	var room [16]string
	for i, k := range sortedKeys(room[:0], h) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		dst = value(dst, k, h[k])
	}
	return append(dst, '}')
}

// sortedKeys appends m's keys to keys, sorted.
func sortedKeys[V any](keys []string, m map[string]V) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendBody appends a body as its Record has it (bodyValue): JSON as
// JSON, compact; empty as null; anything else as a string.
func appendBody(dst []byte, body []byte) []byte {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return append(dst, "null"...)
	}
	// Compacting checks the JSON as it goes: one pass, not a check and
	// then a copy; jsontext's is three times encoding/json's speed.
	n := len(dst)
	dst = append(dst, trimmed...)
	v := jsontext.Value(dst[n:])
	if err := v.Compact(); err == nil {
		return dst[:n+len(v)]
	}
	return appendString(dst[:n], bodyText(body))
}

// appendStrings appends vs as a JSON array of strings (nil as null).
func appendStrings(dst []byte, vs []string) []byte {
	if vs == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, v)
	}
	return append(dst, ']')
}

// appendString appends s as a JSON string as encoding/json writes it
// without HTML escaping: invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped. A body is written from its bytes, not copied to a string
// first.
func appendString[S string | []byte](dst []byte, s S) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		// At most 4 bytes: converted on the stack.
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plain is the bytes a JSON string holds as they are: ASCII but for
// controls, '"' and '\\'.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendFloat appends f as encoding/json writes a float64.
func appendFloat(dst []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 as e-9
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}
