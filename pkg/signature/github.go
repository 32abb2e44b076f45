package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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
)

// githubPrefix starts every X-Hub-Signature-256 value.
const githubPrefix = "sha256="

// GitHubSign returns the X-Hub-Signature-256 value for a delivery:
// "sha256=" followed by the lower-case hex HMAC-SHA256 of the raw body keyed
// with the webhook's secret.
func GitHubSign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return githubPrefix + hex.EncodeToString(mac.Sum(nil))
}

// GitHubVerify reports whether header is the valid X-Hub-Signature-256 value
// for body. The "sha256=" prefix is required; hex case and surrounding spaces
// are ignored; the comparison of the MAC bytes is constant-time.
func GitHubVerify(secret string, body []byte, header string) bool {
	header = strings.TrimSpace(header)
	if len(header) < len(githubPrefix) || !strings.EqualFold(header[:len(githubPrefix)], githubPrefix) {
		return false
	}
	got, err := hex.DecodeString(header[len(githubPrefix):])
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), got)
}
