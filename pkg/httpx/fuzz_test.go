package httpx

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzParseRate reads any rate-limit value: an error or a positive window,
// never a panic.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"100/10s", "5/s", "0/1m", "", "/", "1/", "x/10s", "10/-1s", "99999999999999999999/1s", " 3 / 2s "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, window, err := ParseRate(s)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") && !strings.ContainsAny(s, "\n\r") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		if n < 0 || window <= 0 {
			t.Errorf("ParseRate(%q) = %d, %s", s, n, window)
		}
		if l := NewLimiter(n, window); l == nil && n > 0 && window > time.Duration(0) {
			t.Errorf("no limiter for %d/%s", n, window)
		}
	})
}

// FuzzRedact hides a known secret whatever surrounds it, in whatever place
// a credential can appear: plain text, a query value, Trello's token path,
// an Authorization header, a JSON field, a URL's userinfo.
func FuzzRedact(f *testing.F) {
	f.Add("sandbox-token", "GET /1/tokens/", "/webhooks")
	f.Add("s3cr3t", `{"sharedSecret":"`, `"}`)
	f.Add("abcd", "https://x/?auth_token=", "&x=1")
	f.Add("tok en", "Authorization: Bearer ", "\n")
	f.Add("p@ss:w/rd", "http://user:", "@proxy:3128")
	f.Add("aaaa", "aaa", "aaa")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if len(secret) < minSecretLen {
			return
		}
		r := NewRedactor(secret)
		for _, text := range []string{
			before + secret + after,
			before + url.QueryEscape(secret) + after,
			secret + before + secret + after + secret,
		} {
			out := r.String(text)
			if strings.Contains(out, secret) && !strings.Contains(strings.ReplaceAll(text, secret, ""), secret) {
				t.Errorf("secret %q survives in %q → %q", secret, text, out)
			}
		}
	})
}

// FuzzRedactForms hides every form a secret takes on the wire: JSON-escaped
// (a secret with `"` or `\` in it), URL-escaped for a query or a path, and
// base64, whatever text surrounds it (issue 15 item 5).
func FuzzRedactForms(f *testing.F) {
	f.Add(`S3cr"et\Tail…`, `{"sharedSecret":"`, `"}`)
	f.Add("p@ss w/rd&x=1", "?token=", "&a=b")
	f.Add("ünï/cødé\U0001F600", `{"token":"`, `"}`)
	f.Add("<tok&en>", "body: ", "")
	f.Add("abcd", "/tokens/", "/webhooks")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if len(secret) < minSecretLen || strings.Contains(Redacted, secret) || strings.Contains(secret, Redacted) {
			return
		}
		r := NewRedactor(secret)
		for _, form := range secretForms(secret) {
			text := before + form + after
			out := r.String(text)
			if strings.Contains(out, form) && !strings.Contains(strings.ReplaceAll(text, form, ""), form) {
				t.Errorf("form %q of %q survives in %q → %q", form, secret, text, out)
			}
		}
	})
}
