package output

import "bufio"

const hexDigits = "0123456789abcdef"

// needsEscape reports whether s holds a byte that escapeText rewrites: a
// control character, a backslash, or the lead byte of a C1 control.
func needsEscape[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == '\\' || c == 0xc2 {
			return true
		}
	}
	return false
}

// appendEscaped appends s to dst with tab, newline, carriage return and
// backslash written as \t, \n, \r and \\, other C0 controls and DEL as \xNN,
// and C1 controls as \u00NN. The result is always one line, holds no tab,
// and cannot drive a terminal; the escapes can be undone unambiguously.
func appendEscaped[T string | []byte](dst []byte, s T) []byte {
	if !needsEscape(s) {
		return append(dst, s...)
	}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc string
		switch {
		case c == '\t':
			esc = `\t`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\\':
			esc = `\\`
		case c < 0x20 || c == 0x7f:
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			start = i + 1
			continue
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			d := s[i+1]
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[d>>4], hexDigits[d&0xf])
			i++
			start = i + 1
			continue
		default:
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, esc...)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// escapeText is appendEscaped for a string, returning s itself when nothing
// needs escaping.
func escapeText(s string) string {
	if !needsEscape(s) {
		return s
	}
	return string(appendEscaped(nil, s))
}

// writeEscaped writes s escaped as by appendEscaped.
func writeEscaped(bw *bufio.Writer, s string) {
	if !needsEscape(s) {
		bw.WriteString(s)
		return
	}
	bw.Write(appendEscaped(nil, s))
}
