package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// EntrustSHA2Header is the request header that carries Entrust's legacy
// delivery signature.
const EntrustSHA2Header = "x-sha2-signature"

// EntrustSHA2Sign returns the x-sha2-signature value for a delivery: the
// lower-case hex HMAC-SHA256 of the raw body keyed with the webhook token.
func EntrustSHA2Sign(token string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// EntrustSHA2Verify reports whether header is the valid x-sha2-signature for
// body. Hex case and surrounding spaces are ignored; the comparison of the
// MAC bytes is constant-time.
func EntrustSHA2Verify(token string, body []byte, header string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(header))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), got)
}
