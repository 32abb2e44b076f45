package config

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"abc", "****"},
		{"short", "****t"},
		{"sandbox-key", "****ey"}, // 11 characters: 2 shown
		{"0123456789ab", "****9ab"},
		{"sandbox-token", "****ken"},
		{"0123456789abcdef", "****cdef"},
		{strings.Repeat("x", 40) + "tail", "****tail"},
		{"ééééüüüüßßßß", "****ßßß"},
	} {
		got := Mask(tc.in)
		if got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
		shown := utf8.RuneCountInString(strings.TrimPrefix(got, "****"))
		if n := utf8.RuneCountInString(tc.in); shown > n/4 || shown > 4 {
			t.Errorf("Mask(%q) shows %d of %d characters", tc.in, shown, n)
		}
	}
}

func TestMaskURL(t *testing.T) {
	for _, tc := range []struct{ in, mask, strip, pw string }{
		{"https://api.example.com/1", "https://api.example.com/1", "https://api.example.com/1", ""},
		{"https://user:hunter2secret@proxy.example/1", "https://user:****ret@proxy.example/1", "https://user@proxy.example/1", "hunter2secret"},
		{"https://user@proxy.example/1", "https://user@proxy.example/1", "https://user@proxy.example/1", ""},
		{"http://u:p%40ss%2Fword@127.0.0.1:9/x?a=b@c", "http://u:****rd@127.0.0.1:9/x?a=b@c", "http://u@127.0.0.1:9/x?a=b@c", "p@ss/word"},
	} {
		if got := MaskURL(tc.in); got != tc.mask {
			t.Errorf("MaskURL(%q) = %q, want %q", tc.in, got, tc.mask)
		}
		if got := StripURLPassword(tc.in); got != tc.strip {
			t.Errorf("StripURLPassword(%q) = %q, want %q", tc.in, got, tc.strip)
		}
		if got := URLPassword(tc.in); got != tc.pw {
			t.Errorf("URLPassword(%q) = %q, want %q", tc.in, got, tc.pw)
		}
	}
}
