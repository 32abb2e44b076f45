package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"sync"
)

// The patterns are compiled on first use, not at start-up: the sandbox is
// linked into every hookctl run but serves only a few of them.
var (
	hex24Re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F]{24}$`) })
	uuidRe  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	})
)

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand panics internally if it cannot read)
	return b
}

// newSecret returns a random URL-safe secret (a webhook signing token).
func newSecret() string { return base64.RawURLEncoding.EncodeToString(randomBytes(32)) }

// ownerOf is what the state stores instead of a credential: a hash, so the
// state file never holds a token.
func ownerOf(token string) string {
	sum := sha256.Sum256([]byte("hookctl-sandbox-owner\x00" + token))
	return hex.EncodeToString(sum[:16])
}
