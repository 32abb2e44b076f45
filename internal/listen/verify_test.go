package listen

import (
	"bytes"
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
		{"guess nothing", Verifier{Secret: "x"}, cb, nil, Unsigned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
