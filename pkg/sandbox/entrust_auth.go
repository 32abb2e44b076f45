package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Entrust session tokens are self-verifying, so they survive across
// processes sharing a state file without storing every token: the token is
// base64url("v1|created|expires|nonce") "." base64url(HMAC-SHA256), keyed
// with a random key kept in the state (in memory: per Sandbox).

// entrustAuthenticate serves POST /api/web/v1/adminapi/authenticate.
func (s *Sandbox) entrustAuthenticate(w http.ResponseWriter, q *Request) {
	var body struct {
		ApplicationID string `json:"applicationId"`
		SharedSecret  string `json:"sharedSecret"`
	}
	if err := json.Unmarshal(q.Body, &body); err != nil {
		writeEntrustError(w, http.StatusBadRequest, "invalid_request", "The request body is not a valid authentication request.")
		return
	}
	if body.ApplicationID != EntrustAppID || !hmac.Equal([]byte(body.SharedSecret), []byte(EntrustSecret)) {
		writeEntrustError(w, http.StatusUnauthorized, "access_denied", "Authentication failed: unknown application or wrong shared secret.")
		return
	}
	key, err := s.entrustTokenKey(true)
	if err != nil {
		s.entrustFail(w, err)
		return
	}
	now := s.opts.Now()
	exp := now.Add(s.tokenTTL)
	payload := "v1|" + strconv.FormatInt(now.UnixNano(), 10) + "|" + strconv.FormatInt(exp.UnixNano(), 10) + "|" + newSecret()[:16]
	token := base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." +
		base64.RawURLEncoding.EncodeToString(tokenMAC(key, payload))
	writeJSON(w, http.StatusOK, entrustJSON, map[string]string{
		"authToken":      token,
		"expirationTime": exp.UTC().Format(time.RFC3339),
		"creationTime":   now.UTC().Format(time.RFC3339),
	})
}

func tokenMAC(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// entrustTokenKey returns the token-signing key, creating it when create is
// set and there is none yet.
func (s *Sandbox) entrustTokenKey(create bool) ([]byte, error) {
	var key string
	if err := viewPart(s, Entrust, func(st *entrustState) error { key = st.TokenKey; return nil }); err != nil {
		return nil, err
	}
	if key == "" && create {
		if err := updatePart(s, Entrust, func(st *entrustState) error {
			if st.TokenKey == "" {
				st.TokenKey = newSecret()
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
func (s *Sandbox) entrustCheckToken(q *Request) error {
	h := strings.TrimSpace(q.Header.Get("Authorization"))
	if scheme, rest, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		h = strings.TrimSpace(rest)
	}
	if h == "" {
		return &apiError{status: http.StatusUnauthorized, code: "access_denied", msg: "Access denied: no authentication token."}
	}
	invalid := &apiError{status: http.StatusUnauthorized, code: "invalid_session_token", msg: "The session token is not valid."}
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
	if !s.opts.Now().Before(time.Unix(0, exp)) {
		return &apiError{status: http.StatusUnauthorized, code: "invalid_session_token", msg: "The session token has expired."}
	}
	return nil
}
