package webhook

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"
)

// DeliveryShape is how a dialect's deliveries look and are signed: what
// `hookctl trigger` builds and `hookctl replay --resign` re-signs.
type DeliveryShape struct {
	// Events are the event names Sample knows, in the order completion
	// offers them; DefaultEvent is one of them.
	Events       []string
	DefaultEvent string
	// Sample returns a realistic delivery of event for hook (its URL the
	// target; its ID, model and description when known), in the vendor's
	// own shape: the headers the vendor sends (without a signature) and the
	// body as generic JSON (maps, slices, strings, float64s, bools), so a
	// caller can change a field before encoding it. now stamps times.
	Sample func(event string, hook Webhook, now time.Time) (http.Header, map[string]any, error)
	// SignatureHeaders are the headers Sign sets (nil: the vendor does not
	// sign). A delivery carrying any of them was signed this way.
	SignatureHeaders []string
	// Sign sets the signature headers on a delivery of body to url, as the
	// vendor signs, keyed with secret; nil when the vendor does not sign.
	Sign func(h http.Header, method, url string, body []byte, secret string, now time.Time) error
}

// RandomHex returns n random bytes in hex: ids for sample deliveries, so two
// samples are never taken for a replay of each other.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RandomUUID returns a random (version 4) UUID.
func RandomUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
