package httpx

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// The case: a shared secret with a quote and a backslash, as the
// Entrust login body carries it, and its other forms.
func TestRedactsEveryFormOfASecretWithQuotes(t *testing.T) {
	secret := `S3cr"et\Tail…/<x>`
	r := NewRedactor(secret)
	body, _ := json.Marshal(map[string]string{"applicationId": "app", "sharedSecret": secret})
	for name, text := range map[string]string{
		"json body":     string(body),
		"json no html":  `{"other":"` + strings.ReplaceAll(jsonEscape(secret, false), "/", `\/`) + `"}`,
		"ascii json":    `{"x":"` + asciiJSON(secret) + `"}`,
		"query":         "https://h/p?x=" + url.QueryEscape(secret),
		"path":          "https://h/tokens/" + url.PathEscape(secret) + "/webhooks",
		"lower hex":     "https://h/p?y=" + strings.ToLower(url.QueryEscape(secret)),
		"base64":        "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64url raw": "x " + base64.RawURLEncoding.EncodeToString([]byte(secret)) + " y",
	} {
		out := r.String(text)
		for _, form := range secretForms(secret) {
			if strings.Contains(out, form) {
				t.Errorf("%s: %q survives in %q", name, form, out)
			}
		}
		if strings.Contains(out, "et\\") || strings.Contains(out, "Tail") {
			t.Errorf("%s: part of the secret survives: %q", name, out)
		}
	}
}

// An unknown secret in a JSON credential field is redacted to its closing
// quote, past escaped quotes.
func TestShapeRuleSkipsEscapedQuotes(t *testing.T) {
	out := NewRedactor().String(`{"sharedSecret":"a\"b\\c\"d","next":1}`)
	if out != `{"sharedSecret":"REDACTED","next":1}` {
		t.Fatalf("got %s", out)
	}
}

// Add and String from many goroutines at once (a re-login adds the new
// session token while bulk workers print): run under -race.
func TestRedactorIsSafeForConcurrentUse(t *testing.T) {
	r := NewRedactor("first-secret")
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				r.Add("session-token-" + strings.Repeat("x", i%17))
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if out := r.String("a first-secret b"); strings.Contains(out, "first-secret") {
					t.Errorf("not redacted: %q", out)
					return
				}
			}
		}()
	}
	wg.Wait()
}
