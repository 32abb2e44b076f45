package signature_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-github/v84/github"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/hookctl/hookctl/pkg/signature"
)

// hookctl's GitHub signatures are those GitHub's own Go library accepts:
// both headers, each on its own, over bodies with non-ASCII and binary
// bytes; and what that library would refuse, hookctl refuses.
func TestGitHubAgainstGoGitHub(t *testing.T) {
	bodies := [][]byte{[]byte(`{"zen":"Keep it logically awesome."}`), []byte("{\"t\":\"caf\u00e9 \U0001F600\"}\n"), {0xff, 0x00, '{', '}'}}
	for _, body := range bodies {
		for _, secret := range []string{"s", "a longer secret with spaces ✓"} {
			sig256 := signature.GitHubSign(secret, body)
			sig1 := signature.GitHubSignSHA1(secret, body)
			if err := github.ValidateSignature(sig256, body, []byte(secret)); err != nil {
				t.Errorf("go-github refuses X-Hub-Signature-256 %s: %v", sig256, err)
			}
			if err := github.ValidateSignature(sig1, body, []byte(secret)); err != nil {
				t.Errorf("go-github refuses X-Hub-Signature %s: %v", sig1, err)
			}
			r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set(signature.GitHubHeader, sig256)
			r.Header.Set(signature.GitHubSHA1Header, sig1)
			if _, err := github.ValidatePayload(r, []byte(secret)); err != nil {
				t.Errorf("go-github ValidatePayload: %v", err)
			}
			if !signature.GitHubVerify(secret, body, sig256) || !signature.GitHubVerifySHA1(secret, body, sig1) {
				t.Error("hookctl refuses its own signature")
			}
			tampered := append([]byte{' '}, body...)
			if signature.GitHubVerify(secret, tampered, sig256) || signature.GitHubVerifySHA1(secret, tampered, sig1) {
				t.Error("hookctl accepts a changed body")
			}
			if github.ValidateSignature(sig256, tampered, []byte(secret)) == nil {
				t.Error("go-github accepts a changed body (the test is wrong)")
			}
		}
	}
}

// Standard Webhooks: what hookctl signs, the standard's Go library
// verifies, and what that library signs, hookctl verifies.
func TestStandardWebhooksAgainstLibrary(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, body := range [][]byte{[]byte(`{"type":"invoice.paid"}`), []byte("caf\u00e9 \U0001F600\n"), {0xff, 0x00}} {
		h := http.Header{}
		if err := signature.StandardSignHeader(h, secret, "msg_1", now, body); err != nil {
			t.Fatal(err)
		}
		if err := wh.Verify(body, h); err != nil {
			t.Errorf("the library refuses hookctl's signature: %v", err)
		}
		sig, err := wh.Sign("msg_2", now, body)
		if err != nil {
			t.Fatal(err)
		}
		lib := http.Header{}
		lib.Set(signature.StandardIDHeader, "msg_2")
		lib.Set("webhook-timestamp", h.Get("webhook-timestamp"))
		lib.Set(signature.StandardSignatureHeader, sig)
		if err := signature.StandardVerify(lib, body, secret, now); err != nil {
			t.Errorf("hookctl refuses the library's signature: %v", err)
		}
		if err := signature.StandardVerify(lib, append(body, ' '), secret, now); err == nil {
			t.Error("hookctl accepts a changed body")
		}
		// Both refuse a timestamp past the tolerance.
		old := http.Header{}
		_ = signature.StandardSignHeader(old, secret, "msg_3", now.Add(-10*time.Minute), body)
		if wh.Verify(body, old) == nil || signature.StandardVerify(old, body, secret, now) == nil {
			t.Error("a 10-minute-old signature is accepted")
		}
	}
}

// Trello signs the content as a "binary" string (each UTF-16 unit cut to
// its low byte): a card name with an accent or an emoji signed that way is
// accepted, and so is the UTF-8 form; hookctl signs Trello's way.
func TestTrelloBinarySigning(t *testing.T) {
	const cb = "https://example.com/hook"
	body := []byte(`{"action":{"data":{"card":{"name":"Café 🚀"}}}}`)
	// What Node.js computes: createHmac('sha1', s).update(body + cb, 'binary').
	var latin1 []byte
	for _, u := range utf16.Encode([]rune(string(body) + cb)) {
		latin1 = append(latin1, byte(u))
	}
	mac := hmac.New(sha1.New, []byte("secret"))
	mac.Write(latin1)
	node := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if got := signature.TrelloSign("secret", body, cb); got != node {
		t.Errorf("TrelloSign = %s, Trello's binary form is %s", got, node)
	}
	if !signature.TrelloVerify("secret", body, cb, node) {
		t.Error("the binary form is refused")
	}
	if utf := signature.TrelloSignUTF8("secret", body, cb); utf == node || !signature.TrelloVerify("secret", body, cb, utf) {
		t.Error("the UTF-8 form is refused (or the test body is ASCII)")
	}
	if signature.TrelloVerify("secret", append(body, ' '), cb, node) {
		t.Error("a changed body is accepted")
	}
	ascii := []byte(`{"a":1}`)
	if signature.TrelloSign("s", ascii, cb) != signature.TrelloSignUTF8("s", ascii, cb) {
		t.Error("ASCII content: the two forms differ")
	}
}
