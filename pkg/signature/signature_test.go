package signature

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Computed by hand:
//
//	printf '%s' '{"action":{"type":"voteOnCard"}}https://example.com/hook' |
//	  openssl dgst -sha1 -hmac 'app-secret' -binary | base64
const (
	trelloBody   = `{"action":{"type":"voteOnCard"}}`
	trelloURL    = "https://example.com/hook"
	trelloSecret = "app-secret"
	trelloSig    = "Egfa7NqdADZ7AjgPJIqxcNUWpq8="
)

func TestTrelloSignKnownVector(t *testing.T) {
	if got := TrelloSign(trelloSecret, []byte(trelloBody), trelloURL); got != trelloSig {
		t.Fatalf("TrelloSign = %q, want %q", got, trelloSig)
	}
}

func TestTrelloVerify(t *testing.T) {
	tests := []struct {
		name                 string
		secret, body, url, h string
		want                 bool
	}{
		{"valid", trelloSecret, trelloBody, trelloURL, trelloSig, true},
		{"body tampered", trelloSecret, trelloBody + " ", trelloURL, trelloSig, false},
		{"url differs", trelloSecret, trelloBody, trelloURL + "/", trelloSig, false},
		{"wrong secret", "other", trelloBody, trelloURL, trelloSig, false},
		{"header tampered", trelloSecret, trelloBody, trelloURL, "Fgfa7NqdADZ7AjgPJIqxcNUWpq8=", false},
		{"empty header", trelloSecret, trelloBody, trelloURL, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TrelloVerify(tt.secret, []byte(tt.body), tt.url, tt.h); got != tt.want {
				t.Errorf("TrelloVerify = %v, want %v", got, tt.want)
			}
		})
	}
}

// Computed by hand:
//
//	printf '%s' '{"id":"1","type":"user.created"}' | openssl dgst -sha256 -hmac 'whtoken' -hex
const (
	entrustBody  = `{"id":"1","type":"user.created"}`
	entrustToken = "whtoken"
	entrustSig   = "e978be7ba16d24f592cec50aa1e18abbdb6ad85e27ee2d10c55e8e4918ffd88d"
)

func TestEntrustSHA2(t *testing.T) {
	if got := EntrustSHA2Sign(entrustToken, []byte(entrustBody)); got != entrustSig {
		t.Fatalf("EntrustSHA2Sign = %q, want %q", got, entrustSig)
	}
	tests := []struct {
		name, token, body, h string
		want                 bool
	}{
		{"valid", entrustToken, entrustBody, entrustSig, true},
		{"upper-case hex", entrustToken, entrustBody, strings.ToUpper(entrustSig), true},
		{"body tampered", entrustToken, entrustBody + "x", entrustSig, false},
		{"wrong token", "other", entrustBody, entrustSig, false},
		{"not hex", entrustToken, entrustBody, "zz", false},
		{"truncated", entrustToken, entrustBody, entrustSig[:62], false},
		{"empty", entrustToken, entrustBody, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EntrustSHA2Verify(tt.token, []byte(tt.body), tt.h); got != tt.want {
				t.Errorf("EntrustSHA2Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

// RFC 9530 §2 / Appendix: the digests of {"hello": "world"}.
func TestContentDigestKnownVector(t *testing.T) {
	if got, want := contentDigestSHA256([]byte(`{"hello": "world"}`)), "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"; got != want {
		t.Fatalf("contentDigestSHA256 = %q, want %q", got, want)
	}
	h := http.Header{}
	h.Set("Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
	if err := verifyContentDigest(h, []byte(`{"hello": "world"}`)); err != nil {
		t.Fatalf("sha-512 digest from RFC 9530: %v", err)
	}
	if err := verifyContentDigest(h, []byte(`{"hello": "World"}`)); !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("tampered body: err = %v, want ErrDigestMismatch", err)
	}
}

// RFC 9421 Appendix B.2.5: HMAC-SHA256 over date, @authority and
// content-type with the test shared secret.
func TestRFC9421AppendixB25(t *testing.T) {
	key, err := base64.StdEncoding.DecodeString("uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==")
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
	h.Set("Content-Type", "application/json")
	params := `("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"`
	base, err := signatureBase(h, "POST", "https://example.com/foo?param=Value&Pet=dog",
		[]string{"date", "@authority", "content-type"}, params)
	if err != nil {
		t.Fatal(err)
	}
	wantBase := `"date": Tue, 20 Apr 2021 02:07:55 GMT
"@authority": example.com
"content-type": application/json
"@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"`
	if string(base) != wantBase {
		t.Fatalf("signature base:\n%s\nwant:\n%s", base, wantBase)
	}
	got := base64.StdEncoding.EncodeToString(hmacSHA256(string(key), base))
	if want := "pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8="; got != want {
		t.Fatalf("signature = %s, want %s", got, want)
	}
}

func signedHeader(t *testing.T, body string) http.Header {
	t.Helper()
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	RFC9421Sign(h, "POST", "https://hooks.example.com/entrust?x=1", []byte(body), "wh-1", "s3cret", time.Unix(1700000000, 0))
	return h
}

func TestRFC9421SignHeaders(t *testing.T) {
	h := signedHeader(t, entrustBody)
	if got, want := h.Get("Signature-Input"), `sig=("@method" "@target-uri" "content-digest");created=1700000000;keyid="wh-1";alg="hmac-sha256"`; got != want {
		t.Errorf("Signature-Input = %s, want %s", got, want)
	}
	if !strings.HasPrefix(h.Get("Content-Digest"), "sha-256=:") {
		t.Errorf("Content-Digest = %s", h.Get("Content-Digest"))
	}
	if !strings.HasPrefix(h.Get("Signature"), "sig=:") || !strings.HasSuffix(h.Get("Signature"), ":") {
		t.Errorf("Signature = %s", h.Get("Signature"))
	}
}

func TestRFC9421Verify(t *testing.T) {
	const uri = "https://hooks.example.com/entrust?x=1"
	tests := []struct {
		name    string
		mutate  func(h http.Header)
		method  string
		uri     string
		body    string
		secret  string
		wantErr error
	}{
		{name: "valid"},
		{name: "body tampered", body: entrustBody + " ", wantErr: ErrDigestMismatch},
		{name: "digest and body both replaced", body: "{}", mutate: func(h http.Header) {
			h.Set("Content-Digest", contentDigestSHA256([]byte("{}")))
		}, wantErr: ErrSignatureMismatch},
		{name: "wrong secret", secret: "other", wantErr: ErrSignatureMismatch},
		{name: "other method", method: "PUT", wantErr: ErrSignatureMismatch},
		{name: "other target", uri: "https://hooks.example.com/entrust?x=2", wantErr: ErrSignatureMismatch},
		{name: "created changed", mutate: func(h http.Header) {
			h.Set("Signature-Input", strings.Replace(h.Get("Signature-Input"), "1700000000", "1700000001", 1))
		}, wantErr: ErrSignatureMismatch},
		{name: "signature flipped", mutate: func(h http.Header) {
			s := h.Get("Signature")
			b, _ := base64.StdEncoding.DecodeString(s[5 : len(s)-1])
			b[0] ^= 1
			h.Set("Signature", "sig=:"+base64.StdEncoding.EncodeToString(b)+":")
		}, wantErr: ErrSignatureMismatch},
		{name: "no signature-input", mutate: func(h http.Header) { h.Del("Signature-Input") }, wantErr: ErrMissingSignature},
		{name: "no signature", mutate: func(h http.Header) { h.Del("Signature") }, wantErr: ErrMissingSignature},
		{name: "no content-digest", mutate: func(h http.Header) { h.Del("Content-Digest") }, wantErr: ErrMissingSignature},
		{name: "garbage input", mutate: func(h http.Header) { h.Set("Signature-Input", "sig=(") }, wantErr: ErrMalformedSignature},
		{name: "garbage signature", mutate: func(h http.Header) { h.Set("Signature", "sig=:!!:") }, wantErr: ErrMalformedSignature},
		{name: "other label only", mutate: func(h http.Header) {
			h.Set("Signature-Input", strings.Replace(h.Get("Signature-Input"), "sig=", "other=", 1))
		}, wantErr: ErrMissingSignature},
		{name: "other algorithm", mutate: func(h http.Header) {
			h.Set("Signature-Input", strings.Replace(h.Get("Signature-Input"), "hmac-sha256", "ed25519", 1))
		}, wantErr: ErrUnsupportedSignature},
		{name: "digest not covered", mutate: func(h http.Header) {
			h.Set("Signature-Input", strings.Replace(h.Get("Signature-Input"), ` "content-digest"`, "", 1))
		}, wantErr: ErrUnsupportedSignature},
		{name: "unknown digest algorithm", mutate: func(h http.Header) {
			h.Set("Content-Digest", "md5=:AAAA:")
		}, wantErr: ErrUnsupportedSignature},
		{name: "extra labels tolerated", mutate: func(h http.Header) {
			h.Add("Signature-Input", `other=("@method");created=1`)
			h.Add("Signature", `other=:AAAA:`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := signedHeader(t, entrustBody)
			if tt.mutate != nil {
				tt.mutate(h)
			}
			method, target, body, secret := "POST", uri, entrustBody, "s3cret"
			if tt.method != "" {
				method = tt.method
			}
			if tt.uri != "" {
				target = tt.uri
			}
			if tt.body != "" {
				body = tt.body
			}
			if tt.secret != "" {
				secret = tt.secret
			}
			err := RFC9421Verify(h, method, target, []byte(body), secret)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("RFC9421Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("RFC9421Verify error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestRFC9421VerifyOtherComponents(t *testing.T) {
	// A signer covering more components than the Entrust profile must still
	// verify, as long as the body is covered.
	h := http.Header{}
	body := []byte(`{"a":1}`)
	h.Set("Content-Digest", contentDigestSHA256(body))
	h.Set("Content-Type", "application/json")
	comps := []string{"@method", "@authority", "@path", "@query", "@scheme", "@request-target", "content-type", "content-digest"}
	params := `("` + strings.Join(comps, `" "`) + `");created=1;nonce="n"`
	target := "HTTPS://Example.COM:443/p%20q?a=b"
	base, err := signatureBase(h, "POST", target, comps, params)
	if err != nil {
		t.Fatal(err)
	}
	wantPrefix := "\"@method\": POST\n\"@authority\": example.com\n\"@path\": /p%20q\n\"@query\": ?a=b\n\"@scheme\": https\n\"@request-target\": /p%20q?a=b\n\"content-type\": application/json\n"
	if !strings.HasPrefix(string(base), wantPrefix) {
		t.Fatalf("base:\n%s", base)
	}
	h.Set("Signature-Input", "sig="+params)
	h.Set("Signature", "sig=:"+base64.StdEncoding.EncodeToString(hmacSHA256("k", base))+":")
	if err := RFC9421Verify(h, "POST", target, body, "k"); err != nil {
		t.Fatal(err)
	}
}

// Parameters are part of what is signed as written in canonical form: a
// Signature-Input with extra spaces or a token-valued parameter verifies
// (the base is rebuilt from the parsed value), one whose signed parameters
// were changed does not.
func TestRFC9421VerifyCanonicalParams(t *testing.T) {
	h := signedHeader(t, entrustBody)
	in := h.Get("Signature-Input")
	h.Set("Signature-Input", strings.Replace(strings.Replace(in, `" "`, `"   "`, 1), "sig=", "other=(\"x\"), sig=", 1))
	if err := RFC9421Verify(h, "POST", "https://hooks.example.com/entrust?x=1", []byte(entrustBody), "s3cret"); err != nil {
		t.Fatalf("%s: %v", h.Get("Signature-Input"), err)
	}
	h.Set("Signature-Input", strings.Replace(in, "created=", "created=1", 1))
	if err := RFC9421Verify(h, "POST", "https://hooks.example.com/entrust?x=1", []byte(entrustBody), "s3cret"); !errors.Is(err, ErrSignatureMismatch) {
		t.Fatalf("changed created: %v", err)
	}
	h.Set("Signature-Input", strings.Replace(in, `"content-digest"`, `"content-digest";sf`, 1))
	if err := RFC9421Verify(h, "POST", "https://hooks.example.com/entrust?x=1", []byte(entrustBody), "s3cret"); !errors.Is(err, ErrUnsupportedSignature) {
		t.Fatalf("component parameter: %v", err)
	}
}

func FuzzRFC9421Verify(f *testing.F) {
	h := signedHeader(&testing.T{}, entrustBody)
	f.Add(h.Get("Signature-Input"), h.Get("Signature"), h.Get("Content-Digest"))
	f.Add(`sig=("a" "b");x="\"";y=?1;z=-5`, `sig=:AA==:`, `sha-256=:AA==:, sha-512=:AA==:`)
	f.Fuzz(func(t *testing.T, input, sig, digest string) {
		h := http.Header{}
		h.Set("Signature-Input", input)
		h.Set("Signature", sig)
		h.Set("Content-Digest", digest)
		_ = RFC9421Verify(h, "POST", "https://x.example/", []byte(entrustBody), "s3cret")
	})
}
