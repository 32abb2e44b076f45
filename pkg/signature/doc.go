// Package signature computes and checks the signatures that Trello and
// Entrust IDaaS put on webhook deliveries.
//
// Trello signs with X-Trello-Webhook: base64(HMAC-SHA1(app secret, raw body
// followed by the callback URL as registered)). Entrust signs with
// x-sha2-signature (hex HMAC-SHA256 of the raw body keyed with the webhook
// token) and, in its current documentation, with RFC 9421 HTTP Message
// Signatures over "@method", "@target-uri" and "content-digest" using
// hmac-sha256 and the label "sig", the body bound by an RFC 9530
// Content-Digest.
//
// Every function is pure: no clock, no randomness, no I/O. Comparisons of
// secrets-derived values are constant-time.
package signature
