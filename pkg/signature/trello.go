package signature

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
)

// TrelloHeader is the request header that carries Trello's delivery signature.
const TrelloHeader = "X-Trello-Webhook"

// TrelloSign returns the X-Trello-Webhook value for a delivery: the base64 of
// HMAC-SHA1 keyed with the application's OAuth secret over the raw body
// followed by the callback URL exactly as it was registered.
func TrelloSign(secret string, body []byte, callbackURL string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(body)
	mac.Write([]byte(callbackURL))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// TrelloVerify reports whether header is the valid X-Trello-Webhook value for
// body delivered to callbackURL. The comparison is constant-time.
func TrelloVerify(secret string, body []byte, callbackURL, header string) bool {
	want := TrelloSign(secret, body, callbackURL)
	return hmac.Equal([]byte(want), []byte(header))
}
