package config

import "unicode/utf8"

// maskMinLen is the shortest secret of which Mask shows anything: below it,
// eight revealed characters would give too much away.
const maskMinLen = 12

// Mask hides a secret for display: its first and last four characters
// around an ellipsis when it is at least 12 characters long, else "****".
// An empty value stays empty, so "not set" remains visible.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	n := utf8.RuneCountInString(secret)
	if n < maskMinLen {
		return "****"
	}
	r := []rune(secret)
	return string(r[:4]) + "…" + string(r[n-4:])
}
