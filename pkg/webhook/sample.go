package webhook

import (
	"crypto/rand"
	"encoding/hex"
)

// RandomHex returns n random bytes in hex: ids for sample deliveries, so two
// samples are never taken for a replay of each other.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
