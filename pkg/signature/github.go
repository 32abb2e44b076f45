package signature

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"
)

// GitHub's delivery headers.
const (
	// GitHubHeader carries the delivery's signature: "sha256=" and the hex
	// HMAC-SHA256 of the raw body keyed with the webhook's secret.
	GitHubHeader = "X-Hub-Signature-256"
	// GitHubEventHeader names the event (push, ping, …).
	GitHubEventHeader = "X-GitHub-Event"
	// GitHubDeliveryHeader is the delivery's GUID.
	GitHubDeliveryHeader = "X-GitHub-Delivery"
	// GitHubHookIDHeader is the id of the hook that made the delivery.
	GitHubHookIDHeader = "X-GitHub-Hook-ID"
	// GitHubSHA1Header carries the legacy signature GitHub still sends
	// beside X-Hub-Signature-256: "sha1=" and the hex HMAC-SHA1 of the
	// raw body.
	GitHubSHA1Header = "X-Hub-Signature"
)

// githubPrefix starts every X-Hub-Signature-256 value, githubSHA1Prefix
// every X-Hub-Signature one.
const (
	githubPrefix     = "sha256="
	githubSHA1Prefix = "sha1="
)

// GitHubSign returns the X-Hub-Signature-256 value for a delivery:
// "sha256=" followed by the lower-case hex HMAC-SHA256 of the raw body keyed
// with the webhook's secret.
func GitHubSign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return githubPrefix + hex.EncodeToString(mac.Sum(nil))
}

// GitHubSignSHA1 returns the X-Hub-Signature value for a delivery: "sha1="
// followed by the lower-case hex HMAC-SHA1 of the raw body.
func GitHubSignSHA1(secret string, body []byte) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(body)
	return githubSHA1Prefix + hex.EncodeToString(mac.Sum(nil))
}

// GitHubVerify reports whether header is the valid X-Hub-Signature-256 value
// for body. The "sha256=" prefix is required; hex case and surrounding spaces
// are ignored; the comparison of the MAC bytes is constant-time.
func GitHubVerify(secret string, body []byte, header string) bool {
	return githubVerify(sha256.New, githubPrefix, secret, body, header)
}

// GitHubVerifySHA1 reports whether header is the valid X-Hub-Signature
// (SHA-1) value for body, as GitHubVerify does for SHA-256.
func GitHubVerifySHA1(secret string, body []byte, header string) bool {
	return githubVerify(sha1.New, githubSHA1Prefix, secret, body, header)
}

func githubVerify(h func() hash.Hash, prefix, secret string, body []byte, header string) bool {
	header = strings.TrimSpace(header)
	if len(header) < len(prefix) || !strings.EqualFold(header[:len(prefix)], prefix) {
		return false
	}
	got, err := hex.DecodeString(header[len(prefix):])
	if err != nil {
		return false
	}
	mac := hmac.New(h, []byte(secret))
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), got)
}
