package config

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// maskShown is the most characters of a secret Mask ever shows.
const maskShown = 4

// Mask hides a secret for display: "****" followed by its last characters,
// never more than a quarter of it and never more than four (a secret of
// fewer than 4 characters shows none). An empty value stays empty, so
// "not set" remains visible.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	n := utf8.RuneCountInString(secret)
	k := min(maskShown, n/4)
	r := []rune(secret)
	return "****" + string(r[n-k:])
}

// URLPassword is the password in a URL's user information
// (https://user:PASSWORD@host), "" when there is none.
func URLPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}

// MaskURL is raw with the password of its user information masked, for
// display; a URL without one is returned as it is.
func MaskURL(raw string) string {
	return replaceURLPassword(raw, Mask)
}

// StripURLPassword is raw without the password of its user information,
// for what is stored outside the config file (caches).
func StripURLPassword(raw string) string {
	return replaceURLPassword(raw, func(string) string { return "" })
}

func replaceURLPassword(raw string, repl func(string) string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	pw, ok := u.User.Password()
	if !ok {
		return raw
	}
	// Rebuild by hand: url.UserPassword would escape the mask's characters.
	scheme, rest, found := strings.Cut(raw, "://")
	if !found {
		return raw
	}
	at := strings.LastIndex(rest[:firstOf(rest, "/?#")], "@")
	if at < 0 {
		return raw
	}
	user := u.User.Username()
	m := repl(pw)
	if m == "" {
		return scheme + "://" + url.User(user).String() + rest[at:]
	}
	return scheme + "://" + url.User(user).String() + ":" + m + rest[at:]
}

// firstOf is the index of the first of chars in s, len(s) when none.
func firstOf(s, chars string) int {
	if i := strings.IndexAny(s, chars); i >= 0 {
		return i
	}
	return len(s)
}
