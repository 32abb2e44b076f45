package listen

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hookctl/hookctl/pkg/signature"
)

// delivery builds a request as a server receives it at target.
func delivery(target string, body []byte, h http.Header) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	for k, v := range h {
		r.Header[k] = v
	}
	return r
}

func TestVerify(t *testing.T) {
	body := []byte(`{"action":{"type":"updateCard"}}`)
	const cb = "http://127.0.0.1:8080/hook"
	trello := http.Header{signature.TrelloHeader: {signature.TrelloSign("app-secret", body, cb)}}
	bare := http.Header{signature.TrelloHeader: {signature.TrelloSign("app-secret", body, "http://127.0.0.1:8080")}}
	sha2 := http.Header{}
	sha2.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign("whtok", body))
	rfc := http.Header{}
	signature.RFC9421Sign(rfc, http.MethodPost, cb, body, "id", "whtok", time.Unix(1700000000, 0))
	both := rfc.Clone()
	both.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign("whtok", body))
	badRFC := rfc.Clone()
	badRFC.Set("Signature", "sig=:AAAA:")
	whsec := "whsec_" + base64.StdEncoding.EncodeToString([]byte("standard-key"))
	std := http.Header{}
	if err := signature.StandardSignHeader(std, whsec, "msg_1", time.Unix(1700000000, 0), body); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		v      Verifier
		target string
		h      http.Header
		want   Result
	}{
		{"trello ok", Verifier{Dialect: "trello", Secret: "app-secret"}, cb, trello, Verified},
		{"trello bare host URL registered without slash", Verifier{Dialect: "trello", Secret: "app-secret"}, "http://127.0.0.1:8080/", bare, Verified},
		{"trello wrong secret", Verifier{Dialect: "trello", Secret: "other"}, cb, trello, Failed},
		{"trello other path", Verifier{Dialect: "trello", Secret: "app-secret"}, "http://127.0.0.1:8080/elsewhere", trello, Failed},
		{"trello explicit callback URL", Verifier{Dialect: "trello", Secret: "app-secret", CallbackURL: cb}, "http://127.0.0.1:9999/x", trello, Verified},
		{"trello missing header with secret", Verifier{Dialect: "trello", Secret: "app-secret"}, cb, nil, Failed},
		{"trello missing header, no secret", Verifier{Dialect: "trello"}, cb, nil, Unsigned},
		{"trello signed, no secret", Verifier{Dialect: "trello"}, cb, trello, NoSecret},
		{"entrust sha2", Verifier{Dialect: "entrust", Secret: "whtok"}, cb, sha2, Verified},
		{"entrust sha2 wrong token", Verifier{Dialect: "entrust", Secret: "nope"}, cb, sha2, Failed},
		{"entrust rfc9421", Verifier{Dialect: "entrust", Secret: "whtok"}, cb, rfc, Verified},
		{"entrust both", Verifier{Dialect: "entrust", Secret: "whtok"}, cb, both, Verified},
		{"entrust rfc9421 tampered", Verifier{Dialect: "entrust", Secret: "whtok"}, cb, badRFC, Failed},
		{"entrust no token", Verifier{Dialect: "entrust"}, cb, both, NoSecret},
		{"entrust unsigned with token", Verifier{Dialect: "entrust", Secret: "whtok"}, cb, nil, Failed},
		{"supportbee", Verifier{Dialect: "supportbee"}, cb, nil, Unsigned},
		{"guess trello", Verifier{Secret: "app-secret"}, cb, trello, Verified},
		{"guess entrust", Verifier{Secret: "whtok"}, cb, sha2, Verified},
		{"secret but nothing signed", Verifier{Secret: "x"}, cb, nil, Failed},
		{"supportbee with a secret, unsigned", Verifier{Dialect: "supportbee", Secret: "x"}, cb, nil, Failed},
		{"entrust rfc9421 too old", Verifier{Dialect: "entrust", Secret: "whtok", Now: func() time.Time { return time.Unix(1700000000+301, 0) }}, cb, rfc, Expired},
		{"entrust rfc9421 from the future", Verifier{Dialect: "entrust", Secret: "whtok", Now: func() time.Time { return time.Unix(1700000000-301, 0) }}, cb, rfc, Expired},
		{"entrust rfc9421 expired but wrong token", Verifier{Dialect: "entrust", Secret: "nope", Now: func() time.Time { return time.Unix(1700000000+301, 0) }}, cb, rfc, Failed},
		{"standard webhooks", Verifier{Secret: whsec}, cb, std, Verified},
		{"standard webhooks wrong key", Verifier{Secret: "whsec_" + base64.StdEncoding.EncodeToString([]byte("other"))}, cb, std, Failed},
		{"standard webhooks old", Verifier{Secret: whsec, Now: func() time.Time { return time.Unix(1700000000+600, 0) }}, cb, std, Expired},
		{"standard webhooks, no secret", Verifier{}, cb, std, NoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.v.Now == nil {
				tt.v.Now = func() time.Time { return time.Unix(1700000000+60, 0) }
			}
			got := tt.v.Verify(delivery(tt.target, body, tt.h), body)
			if got.Result != tt.want {
				t.Fatalf("Verify = %q (%s), want %q", got.Result, got.Detail, tt.want)
			}
			if got.Result == Failed && got.Detail == "" {
				t.Errorf("detail %q for result %q", got.Detail, got.Result)
			}
		})
	}
}

func TestVerifyTamperedBody(t *testing.T) {
	body := []byte(`{"type":"user.created"}`)
	h := http.Header{}
	h.Set(signature.EntrustSHA2Header, signature.EntrustSHA2Sign("whtok", body))
	signature.RFC9421Sign(h, http.MethodPost, "http://127.0.0.1:8080/", body, "id", "whtok", time.Unix(1700000000, 0))
	evil := []byte(`{"type":"user.deleted"}`)
	got := Verifier{Dialect: "entrust", Secret: "whtok"}.Verify(delivery("http://127.0.0.1:8080/", evil, h), evil)
	if got.Result != Failed {
		t.Fatalf("tampered body: %q, want failed", got.Result)
	}
}

// A delivery verified once is "replayed" the second time: same RFC 9421
// nonce, Standard Webhooks id, or Trello action id, in one run.
func TestVerifyReplayed(t *testing.T) {
	const cb = "http://127.0.0.1:8080/hook"
	now := time.Unix(1700000000, 0)
	seen := &Seen{}
	trelloBody := []byte(`{"action":{"id":"51f9424bcd6e040f3c002412","type":"updateCard"}}`)
	trello := http.Header{signature.TrelloHeader: {signature.TrelloSign("app", trelloBody, cb)}}
	v := Verifier{Dialect: "trello", Secret: "app", Seen: seen, Now: func() time.Time { return now }}
	for i, want := range []Result{Verified, Replayed} {
		if got := v.Verify(delivery(cb, trelloBody, trello), trelloBody); got.Result != want {
			t.Fatalf("trello delivery %d: %q (%s), want %q", i+1, got.Result, got.Detail, want)
		}
	}
	other := []byte(`{"action":{"id":"51f9424bcd6e040f3c002413","type":"updateCard"}}`)
	if got := v.Verify(delivery(cb, other, http.Header{signature.TrelloHeader: {signature.TrelloSign("app", other, cb)}}), other); got.Result != Verified {
		t.Fatalf("another action: %q", got.Result)
	}
	// A forged copy (bad signature) of a new action does not poison the set.
	forged := []byte(`{"action":{"id":"aaaaaaaaaaaaaaaaaaaaaaaa"}}`)
	if got := v.Verify(delivery(cb, forged, http.Header{signature.TrelloHeader: {"AAAA"}}), forged); got.Result != Failed {
		t.Fatalf("forged: %q", got.Result)
	}
	if got := v.Verify(delivery(cb, forged, http.Header{signature.TrelloHeader: {signature.TrelloSign("app", forged, cb)}}), forged); got.Result != Verified {
		t.Fatalf("genuine after a forged copy: %q", got.Result)
	}

	whsec := "whsec_" + base64.StdEncoding.EncodeToString([]byte("k"))
	body := []byte(`{"type":"x"}`)
	std := http.Header{}
	_ = signature.StandardSignHeader(std, whsec, "msg_9", now, body)
	v = Verifier{Secret: whsec, Seen: seen, Now: func() time.Time { return now }}
	if got := v.Verify(delivery(cb, body, std), body); got.Result != Verified {
		t.Fatalf("first standard: %q (%s)", got.Result, got.Detail)
	}
	if got := v.Verify(delivery(cb, body, std), body); got.Result != Replayed || got.Detail == "" {
		t.Fatalf("second standard: %q (%s)", got.Result, got.Detail)
	}

	rfc := http.Header{"Content-Digest": {"sha-256=:" + base64.StdEncoding.EncodeToString(sha256sum(body)) + ":"}}
	input := `sig=("@method" "content-digest");created=1700000000;nonce="abc";alg="hmac-sha256"`
	rfc.Set("Signature-Input", input)
	rfc.Set("Signature", "sig=:"+base64.StdEncoding.EncodeToString(hmacSum("tok", "\"@method\": POST\n\"content-digest\": "+rfc.Get("Content-Digest")+"\n\"@signature-params\": "+input[4:]))+":")
	v = Verifier{Dialect: "entrust", Secret: "tok", Seen: seen, Now: func() time.Time { return now }}
	for i, want := range []Result{Verified, Replayed} {
		if got := v.Verify(delivery(cb, body, rfc), body); got.Result != want {
			t.Fatalf("rfc9421 delivery %d: %q (%s), want %q", i+1, got.Result, got.Detail, want)
		}
	}
}

func sha256sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func hmacSum(key, data string) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(data))
	return m.Sum(nil)
}
