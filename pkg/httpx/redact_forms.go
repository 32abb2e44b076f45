package httpx

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// secretForms returns s in every form a credential takes on the wire or in
// a log: as it is; JSON-escaped the ways encoders do it (Go's, with and
// without HTML escaping, with "/" escaped as PHP does, every non-ASCII
// character as \uXXXX); URL-escaped for a query and for a path, with
// upper- and lower-case hex; and base64 in its four alphabets.
func secretForms(s string) []string {
	forms := []string{s}
	add := func(f string) {
		if f != "" {
			forms = append(forms, f)
		}
	}
	for _, j := range []string{jsonEscape(s, true), jsonEscape(s, false), asciiJSON(s)} {
		add(j)
		add(strings.ReplaceAll(j, "/", `\/`))
	}
	for _, u := range []string{url.QueryEscape(s), url.PathEscape(s), strings.ReplaceAll(url.QueryEscape(s), "+", "%20")} {
		add(u)
		add(lowerHex(u))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		add(enc.EncodeToString([]byte(s)))
	}
	return forms
}

// jsonEscape is s as encoding/json writes it inside a string, without the
// quotes.
func jsonEscape(s string, html bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		return ""
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return strings.TrimSuffix(strings.TrimPrefix(out, `"`), `"`)
}

// asciiJSON is s JSON-escaped with every non-ASCII character as \uXXXX
// (surrogate pairs above the BMP), as Python's json.dumps writes it.
func asciiJSON(s string) string {
	base := jsonEscape(s, false)
	var b strings.Builder
	for _, r := range base {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, "\\u%04x\\u%04x", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

// lowerHex rewrites the %XX escapes of s with lower-case hex digits.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerByte(b[i+1]), lowerByte(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}
