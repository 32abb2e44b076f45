// Package jsonwire reads the JSON answers of webhook lists in one pass,
// without reflection and without copying: decoded strings share the body's
// memory, and each element's own JSON is a slice of the body.
//
// It is a fast path, not a second JSON implementation to trust blindly: it
// accepts only valid JSON, and whenever it meets something it does not
// handle exactly as encoding/json would (an escaped key, a key differing
// from a known one only in case, a value of an unexpected type, invalid
// UTF-8 in a decoded string, very deep nesting) it fails, and the caller
// decodes the same body again with encoding/json.
package jsonwire

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// maxDepth bounds nesting; deeper input fails (encoding/json's own limit is
// higher, so the fallback still decides).
const maxDepth = 512

// Reader walks one JSON text. Its methods read one value each and record a
// failure instead of returning errors: check Failed (or Done) at the end.
type Reader struct {
	data  []byte
	text  string // data seen as a string: decoded strings are substrings of it
	pos   int
	depth int
	bad   bool
}

// NewReader returns a Reader over data, which it takes over: the strings
// it returns share data's memory (a 10,000-webhook list is 2.6 MB that
// would otherwise be copied), so data must never be written to again.
// Response bodies fresh from httpx are only ever read.
func NewReader(data []byte) *Reader {
	return &Reader{data: data, text: unsafe.String(unsafe.SliceData(data), len(data))}
}

// Objects is a quick upper estimate of the number of objects in data (it
// counts opening braces, a single-byte search), to size a list up front.
func Objects(data []byte) int {
	return bytes.Count(data, []byte{'{'})
}

// Failed reports whether anything read so far was invalid or unexpected.
func (r *Reader) Failed() bool { return r.bad }

// Fail marks the read as failed (a caller met a value it cannot take).
func (r *Reader) Fail() { r.bad = true }

// Done reports whether the whole text was read without failure: nothing
// but white space remains.
func (r *Reader) Done() bool {
	r.space()
	return !r.bad && r.pos == len(r.data)
}

// Offset is the position of the next value, after white space.
func (r *Reader) Offset() int {
	r.space()
	return r.pos
}

// Since is the text from start (an Offset) to the end of the last value
// read, capped so that appending to it cannot overwrite what follows.
func (r *Reader) Since(start int) []byte {
	return r.data[start:r.pos:r.pos]
}

// Null reads a null if one is next and reports whether it did.
func (r *Reader) Null() bool {
	if r.peek() == 'n' {
		r.literal("null")
		return !r.bad
	}
	return false
}

// Array reads an array, calling elem once per element with the reader at
// the element; elem must read exactly one value.
func (r *Reader) Array(elem func()) {
	if !r.open('[') {
		return
	}
	if r.peek() == ']' {
		r.pos++
		r.depth--
		return
	}
	for !r.bad {
		elem()
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			r.depth--
			return
		default:
			r.bad = true
		}
	}
}

// Object reads an object, calling field once per member with its key and
// the reader at its value; field must read exactly one value. A key with an
// escape sequence fails the read.
func (r *Reader) Object(field func(key string)) {
	if !r.open('{') {
		return
	}
	if r.peek() == '}' {
		r.pos++
		r.depth--
		return
	}
	for !r.bad {
		if r.peek() != '"' {
			r.bad = true
			return
		}
		key, escaped, _ := r.str()
		if escaped {
			r.bad = true
		}
		if r.peek() != ':' {
			r.bad = true
		}
		if r.bad {
			return
		}
		r.pos++
		field(key)
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			r.depth--
			return
		default:
			r.bad = true
		}
	}
}

// Unknown skips the value of a member the caller does not decode. encoding/json
// matches keys without regard to case, so a key that equals one of known in
// that way fails the read rather than be skipped.
func (r *Reader) Unknown(key string, known ...string) {
	for _, k := range known {
		if strings.EqualFold(key, k) {
			r.bad = true
			return
		}
	}
	r.Skip()
}

// StringInto reads a string into *dst; null leaves *dst as it is, as
// encoding/json does.
func (r *Reader) StringInto(dst *string) {
	if r.Null() {
		return
	}
	*dst = r.String()
}

// StringPtr reads a string or null (nil) into *dst.
func (r *Reader) StringPtr(dst **string) {
	if r.Null() {
		*dst = nil
		return
	}
	s := r.String()
	*dst = &s
}

// String reads a string value.
func (r *Reader) String() string {
	if r.peek() != '"' {
		r.bad = true
		return ""
	}
	start := r.pos
	s, escaped, nonASCII := r.str()
	if r.bad {
		return ""
	}
	if escaped || nonASCII && !utf8.ValidString(s) {
		// Rare: let encoding/json unescape (and replace invalid UTF-8 the
		// way it always does).
		var v string
		if json.Unmarshal(r.data[start:r.pos], &v) != nil {
			r.bad = true
		}
		return v
	}
	return s
}

// BoolInto reads true or false into *dst; null leaves *dst as it is.
func (r *Reader) BoolInto(dst *bool) {
	switch r.peek() {
	case 't':
		r.literal("true")
		*dst = true
	case 'f':
		r.literal("false")
		*dst = false
	case 'n':
		r.literal("null")
	default:
		r.bad = true
	}
}

// BoolPtr reads true, false or null (nil) into *dst.
func (r *Reader) BoolPtr(dst **bool) {
	if r.Null() {
		*dst = nil
		return
	}
	var b bool
	r.BoolInto(&b)
	*dst = &b
}

// IntInto reads an integer into *dst; null leaves *dst as it is. A number
// with a fraction or exponent, or out of range, fails the read.
func (r *Reader) IntInto(dst *int) {
	if r.Null() {
		return
	}
	lit := r.Number()
	if r.bad {
		return
	}
	n, err := strconv.ParseInt(lit, 10, strconv.IntSize)
	if err != nil {
		r.bad = true
		return
	}
	*dst = int(n)
}

// Number reads a number and returns its literal text (json.Number's).
func (r *Reader) Number() string {
	if c := r.peek(); c != '-' && (c < '0' || c > '9') {
		r.bad = true
		return ""
	}
	start := r.pos
	r.number()
	return r.text[start:r.pos]
}

// StringsInto reads an array of strings (null elements are "") or null
// (nil) into *dst, appending the strings to *pool and slicing them from it,
// so many short lists share a few allocations.
func (r *Reader) StringsInto(dst *[]string, pool *[]string) {
	if r.Null() {
		*dst = nil
		return
	}
	from := len(*pool)
	r.Array(func() {
		s := ""
		r.StringInto(&s)
		*pool = append(*pool, s)
	})
	*dst = (*pool)[from:len(*pool):len(*pool)]
}

// Skip reads any one value, checking that it is valid JSON.
func (r *Reader) Skip() {
	switch c := r.peek(); {
	case c == '"':
		r.str()
	case c == '{':
		r.Object(func(string) { r.Skip() })
	case c == '[':
		r.Array(r.Skip)
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		r.number()
	default:
		r.bad = true
	}
}

func (r *Reader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek is the next byte after white space, 0 at the end or after a failure.
func (r *Reader) peek() byte {
	r.space()
	if r.bad || r.pos >= len(r.data) {
		return 0
	}
	return r.data[r.pos]
}

func (r *Reader) open(c byte) bool {
	if r.peek() != c {
		r.bad = true
		return false
	}
	r.depth++
	if r.depth > maxDepth {
		r.bad = true
		return false
	}
	r.pos++
	return true
}

func (r *Reader) literal(lit string) {
	if !strings.HasPrefix(r.text[r.pos:], lit) {
		r.bad = true
		return
	}
	r.pos += len(lit)
}

// plain marks the bytes a string can hold as they are: printable ASCII
// other than the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string at r.pos (its opening quote) and returns its text
// between the quotes, and whether it holds escape sequences (then the text
// is still escaped) or bytes beyond ASCII. Escapes are checked; control
// characters fail.
func (r *Reader) str() (s string, escaped, nonASCII bool) {
	d := r.data
	start := r.pos + 1
	i := start
	for {
		for i < len(d) && plain[d[i]] {
			i++
		}
		if i >= len(d) {
			r.bad = true
			return "", false, false
		}
		switch c := d[i]; {
		case c == '"':
			r.pos = i + 1
			return r.text[start:i], escaped, nonASCII
		case c == '\\':
			escaped = true
			i++
			if i >= len(d) {
				r.bad = true
				return "", false, false
			}
			switch d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if i+4 >= len(d) || !hex4(d[i+1:i+5]) {
					r.bad = true
					return "", false, false
				}
				i += 5
			default:
				r.bad = true
				return "", false, false
			}
		case c >= utf8.RuneSelf:
			nonASCII = true
			i++
		default: // a control character
			r.bad = true
			return "", false, false
		}
	}
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at r.pos.
func (r *Reader) number() {
	d := r.data
	i := r.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		i = digits(d, i)
	default:
		r.bad = true
		return
	}
	if i < len(d) && d[i] == '.' {
		j := digits(d, i+1)
		if j == i+1 {
			r.bad = true
			return
		}
		i = j
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := digits(d, i)
		if j == i {
			r.bad = true
			return
		}
		i = j
	}
	r.pos = i
}

func digits(d []byte, i int) int {
	for i < len(d) && d[i] >= '0' && d[i] <= '9' {
		i++
	}
	return i
}

func hex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
