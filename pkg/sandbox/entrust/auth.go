package entrust

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/pkg/sandbox"
)

// Entrust session tokens are self-verifying, so they survive across
// processes sharing a state file without storing every token: the token is
// base64url("v1|created|expires|nonce") "." base64url(HMAC-SHA256), keyed
// with a random key kept in the state (in memory: per Sandbox).

// entrustAuthenticate serves POST /api/web/v1/adminapi/authenticate.
func (s server) entrustAuthenticate(w http.ResponseWriter, q *sandbox.Request) {
	var body struct {
		ApplicationID string `json:"applicationId"`
		SharedSecret  string `json:"sharedSecret"`
	}
	if err := json.Unmarshal(q.Body, &body); err != nil {
		writeEntrustError(w, http.StatusBadRequest, "invalid_request", "The request body is not a valid authentication request.")
		return
	}
	if body.ApplicationID != AppID || !hmac.Equal([]byte(body.SharedSecret), []byte(Secret)) {
		writeEntrustError(w, http.StatusUnauthorized, "access_denied", "Authentication failed: unknown application or wrong shared secret.")
		return
	}
	key, err := s.entrustTokenKey(true)
	if err != nil {
		s.entrustFail(w, err)
		return
	}
	now := s.h.Now()
	exp := now.Add(s.tokenTTL())
	payload := "v1|" + strconv.FormatInt(now.UnixNano(), 10) + "|" + strconv.FormatInt(exp.UnixNano(), 10) + "|" + sandbox.NewSecret(32)[:16]
	token := base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." +
		base64.RawURLEncoding.EncodeToString(tokenMAC(key, payload))
	sandbox.WriteJSON(w, http.StatusOK, entrustJSON, map[string]string{
		"authToken":      token,
		"expirationTime": exp.UTC().Format(time.RFC3339),
		"creationTime":   now.UTC().Format(time.RFC3339),
	})
}

// tokenTTL is the lifetime of session tokens: Options.TokenTTL, else
// 15 minutes.
func (s server) tokenTTL() time.Duration {
	if ttl := s.h.Options().TokenTTL; ttl > 0 {
		return ttl
	}
	return 15 * time.Minute
}

func tokenMAC(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// entrustTokenKey returns the token-signing key, creating it when create is
// set and there is none yet.
func (s server) entrustTokenKey(create bool) ([]byte, error) {
	var key string
	if err := sandbox.ViewPart(s.h, func(st *entrustState) error { key = st.TokenKey; return nil }); err != nil {
		return nil, err
	}
	if key == "" && create {
		if err := sandbox.UpdatePart(s.h, func(st *entrustState) error {
			if st.TokenKey == "" {
				st.TokenKey = sandbox.NewSecret(32)
			}
			key = st.TokenKey
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return []byte(key), nil
}

// entrustCheckToken authenticates a request by its Authorization header
// ("Bearer TOKEN" or the bare token, as Entrust's examples show both).
func (s server) entrustCheckToken(q *sandbox.Request) error {
	h := strings.TrimSpace(q.Header.Get("Authorization"))
	if scheme, rest, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		h = strings.TrimSpace(rest)
	}
	if h == "" {
		return &sandbox.APIError{Status: http.StatusUnauthorized, Code: "access_denied", Message: "Access denied: no authentication token."}
	}
	invalid := &sandbox.APIError{Status: http.StatusUnauthorized, Code: "invalid_session_token", Message: "The session token is not valid."}
	enc, sig, ok := strings.Cut(h, ".")
	if !ok {
		return invalid
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(enc)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return invalid
	}
	key, err := s.entrustTokenKey(false)
	if err != nil {
		return err
	}
	if len(key) == 0 || !hmac.Equal(mac, tokenMAC(key, string(payload))) {
		return invalid
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 4 || parts[0] != "v1" {
		return invalid
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return invalid
	}
	if !s.h.Now().Before(time.Unix(0, exp)) {
		return &sandbox.APIError{Status: http.StatusUnauthorized, Code: "invalid_session_token", Message: "The session token has expired."}
	}
	return nil
}
