package webhook

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// This file holds the one rule that makes text from a backend safe to show:
// on a terminal (no escape sequence can set its title, write the clipboard
// or clear the screen), in a log line, or in a spreadsheet. Every printer,
// error message, debug log and listen summary uses it.

const hexDigits = "0123456789abcdef"

// needsEscape reports whether s holds a byte the rule rewrites: a C0 control,
// DEL, a backslash (for the reversible form), or any byte at or above 0x80
// (possibly a C1 control or invalid UTF-8; checked precisely later).
func needsEscape[T string | []byte](s T, backslash bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || (backslash && c == '\\') {
			return true
		}
		if c >= 0x80 {
			return needsEscapeSlow(s[i:])
		}
	}
	return false
}

// needsEscapeSlow is needsEscape from the first non-ASCII byte on.
func needsEscapeSlow[T string | []byte](s T) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f || c == '\\' {
				return true
			}
			i++
			continue
		}
		r, n := decodeRune(s[i:])
		if r == utf8.RuneError && n <= 1 || r >= 0x80 && r < 0xa0 {
			return true
		}
		i += n
	}
	return false
}

func decodeRune[T string | []byte](s T) (rune, int) {
	switch v := any(s).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	return utf8.RuneError, 1
}

// appendEscaped appends s to dst with tab, newline and carriage return
// written as \t, \n and \r, other C0 controls, DEL and bytes that are not
// UTF-8 as \xNN, and C1 controls (U+0080–U+009F) as \u00NN. With backslash
// set, a backslash is written as \\ too, so the escapes can be undone.
func appendEscaped[T string | []byte](dst []byte, s T, backslash bool) []byte {
	if !needsEscape(s, backslash) {
		return append(dst, s...)
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		n := 1
		switch {
		case c == '\t':
			esc = `\t`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\\' && backslash:
			esc = `\\`
		case c < 0x20 || c == 0x7f:
			esc = `\x` + string([]byte{hexDigits[c>>4], hexDigits[c&0xf]})
		case c >= 0x80:
			var r rune
			r, n = decodeRune(s[i:])
			switch {
			case r == utf8.RuneError && n <= 1:
				n = 1
				esc = `\x` + string([]byte{hexDigits[c>>4], hexDigits[c&0xf]})
			case r < 0xa0:
				esc = `\u00` + string([]byte{hexDigits[r>>4&0xf], hexDigits[r&0xf]})
			default:
				i += n
				continue
			}
		default:
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, esc...)
		i += n
		start = i
	}
	return append(dst, s[start:]...)
}

// Escape makes backend text safe to print: the result is one line with no
// control character, so it cannot drive a terminal. Tab, newline and
// carriage return become \t, \n and \r; other C0 controls, DEL and bytes
// that are not UTF-8 become \xNN; C1 controls become \u00NN. Other text,
// including backslashes, is unchanged; s itself is returned when nothing
// needs escaping.
func Escape(s string) string {
	if !needsEscape(s, false) {
		return s
	}
	return string(appendEscaped(nil, s, false))
}

// AppendEscaped appends s escaped as by Escape.
func AppendEscaped[T string | []byte](dst []byte, s T) []byte {
	return appendEscaped(dst, s, false)
}

// EscapeField is Escape that also writes a backslash as \\, so that a value
// in a tab-separated record can be recovered exactly.
func EscapeField(s string) string {
	if !needsEscape(s, true) {
		return s
	}
	return string(appendEscaped(nil, s, true))
}

// AppendField appends s escaped as by EscapeField.
func AppendField[T string | []byte](dst []byte, s T) []byte {
	return appendEscaped(dst, s, true)
}

// plainPrefix is how many of b's first bytes, a multiple of 8, are ASCII
// other than DEL, read 8 at a time: a JSON line is mostly such bytes, and
// one test a word is a fraction of one a byte. (A byte over 0x7e, or DEL
// once 1 is added to it, sets its top bit; the carry of a byte that
// overflows only ever comes from one that set its own.)
func plainPrefix(b []byte) int {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if (w|(w+ones))&tops != 0 {
			break
		}
	}
	return i
}

// OneLine folds s onto a single line of at most max runes, so that a
// backend's HTML page or stack trace never floods the terminal: runs of
// white space become one space, and what is left is escaped as by Escape.
func OneLine(s string, max int) string {
	s = Escape(strings.Join(strings.Fields(s), " "))
	if max > 0 && utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}

// SafeJSON makes JSON text safe for a terminal without changing its value:
// DEL and C1 controls, which encoding/json leaves raw inside strings, are
// written as \u escapes, and bytes that are not UTF-8 as \ufffd. Outside
// strings JSON is ASCII, so the rewrite only ever touches string contents.
// b is returned when nothing needs rewriting.
func SafeJSON(b []byte) []byte {
	i := plainPrefix(b)
	for i < len(b) {
		c := b[i]
		if c < 0x7f {
			i++
			continue
		}
		if c == 0x7f {
			break
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 || r < 0xa0 {
			break
		}
		i += n
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == 0x7f:
			out = append(out, `\u007f`...)
			i++
		case c >= 0x80:
			r, n := utf8.DecodeRune(b[i:])
			switch {
			case r == utf8.RuneError && n <= 1:
				out = append(out, `\ufffd`...)
				i++
			case r < 0xa0:
				out = append(out, '\\', 'u', '0', '0', hexDigits[r>>4&0xf], hexDigits[r&0xf])
				i += n
			default:
				out = append(out, b[i:i+n]...)
				i += n
			}
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}
