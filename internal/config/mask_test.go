package config

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"short", "****"},
		{"sandbox-key", "****"}, // 11 characters
		{"sandbox-token", "sand…oken"},
		{"0123456789ab", "0123…89ab"},
		{"ééééüüüüßßßß", "éééé…ßßßß"},
	} {
		got := Mask(tc.in)
		if got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if tc.in != "" && strings.Contains(got, tc.in) {
			t.Errorf("Mask(%q) reveals the whole secret", tc.in)
		}
	}
}
