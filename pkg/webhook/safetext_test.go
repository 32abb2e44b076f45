package webhook

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain https://example.com/a": "plain https://example.com/a",
		"é ü 日本 \u00a0":               "é ü 日本 \u00a0",
		"a\tb\nc\rd":                  `a\tb\nc\rd`,
		"\x1b]0;title\x07":            `\x1b]0;title\x07`,
		"\x1b]52;c;cHduZWQ=\x07":      `\x1b]52;c;cHduZWQ=\x07`,
		"csi \u009b2J":                `csi \u009b2J`,
		"del \x7f":                    `del \x7f`,
		"bad \xff\x9b utf8":           `bad \xff\x9b utf8`,
		`back\slash`:                  `back\slash`,
		"\ufffd":                      "\ufffd",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := EscapeField(`a\b` + "\t"); got != `a\\b\t` {
		t.Errorf("EscapeField doubles a backslash: got %q", got)
	}
}

// FuzzEscape: whatever the input, the result holds no control character,
// is valid UTF-8 and one line.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a\x1b[2J", "\u009b", "\xff", "\xc2", "a\\b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, got := range []string{Escape(s), EscapeField(s), OneLine(s, 50)} {
			if !utf8.ValidString(got) {
				t.Fatalf("%q: invalid UTF-8 %q", s, got)
			}
			for _, r := range got {
				if r < 0x20 || r >= 0x7f && r < 0xa0 {
					t.Fatalf("%q: control %U in %q", s, r, got)
				}
			}
		}
		if Escape(s) == s && strings.ContainsAny(s, "\x1b\n") {
			t.Fatalf("%q returned unescaped", s)
		}
		b, _ := json.Marshal(s)
		safe := SafeJSON(b)
		var back string
		if err := json.Unmarshal(safe, &back); err != nil {
			t.Fatalf("SafeJSON(%s) = %s: not JSON: %v", b, safe, err)
		}
		var orig string
		_ = json.Unmarshal(b, &orig)
		if back != orig {
			t.Fatalf("SafeJSON changed the value: %q → %q", orig, back)
		}
		if strings.ContainsRune(string(safe), 0x7f) || strings.ContainsAny(string(safe), "\u0080\u009b\u0085") {
			t.Fatalf("SafeJSON left a control: %q", safe)
		}
	})
}

// Whatever its place in a long ASCII line (SafeJSON reads such lines 8
// bytes at a time), a DEL, a C1 control or a byte that is not UTF-8 is
// escaped, and a line without one is returned as it is.
func TestSafeJSONAtEveryOffset(t *testing.T) {
	plain := []byte(`"` + strings.Repeat("abcdefg~ ", 5) + `"`)
	if got := SafeJSON(plain); &got[0] != &plain[0] {
		t.Fatal("a plain line was copied")
	}
	for _, bad := range []string{"\x7f", "\u0085", "\xff"} {
		for i := 1; i < len(plain)-1; i++ {
			line := append(append(append([]byte{}, plain[:i]...), bad...), plain[i:]...)
			if got := string(SafeJSON(line)); strings.Contains(got, bad) || !strings.Contains(got, `\u`) {
				t.Fatalf("%q at %d: %q", bad, i, got)
			}
		}
	}
}
